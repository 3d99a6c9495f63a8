import { methodNotAllowed } from '@/lib/next/errors';
import { createSessionFormRoute } from '@/lib/next/form-route';
import { sessionKit } from '@/session-kit';

export const dynamic = 'force-dynamic';
export const { POST } = createSessionFormRoute(sessionKit);
export const GET = methodNotAllowed(['POST']);
export const PUT = GET;
export const PATCH = GET;
export const DELETE = GET;
