import { methodNotAllowed } from '@/lib/next/errors';
import { createSegmentsRoute } from '@/lib/next/segments-route';
import { sessionKit } from '@/session-kit';

export const dynamic = 'force-dynamic';
export const { GET } = createSegmentsRoute(sessionKit);
export const POST = methodNotAllowed(['GET']);
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
