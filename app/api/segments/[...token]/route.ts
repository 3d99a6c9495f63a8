import { methodNotAllowed } from '@/lib/next/errors';
import { createSegmentTokenRoute } from '@/lib/next/segments-route';

export const { GET } = createSegmentTokenRoute();
export const POST = methodNotAllowed(['GET']);
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
