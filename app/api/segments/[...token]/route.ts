import { methodNotAllowed, createSegmentTokenRoute } from 'vtex-sessions-next/server';

export const { GET } = createSegmentTokenRoute();
export const POST = methodNotAllowed(['GET']);
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
