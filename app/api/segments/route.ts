import { methodNotAllowed, createSegmentsRoute } from 'vtex-sessions-next/server';
import { sessionKit } from '@/session-kit';

export const { GET } = createSegmentsRoute(sessionKit);
export const POST = methodNotAllowed(['GET']);
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
