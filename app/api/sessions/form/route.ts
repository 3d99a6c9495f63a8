import { methodNotAllowed, createSessionFormRoute } from 'vtex-sessions-next/server';
import { sessionKit } from '@/session-kit';

export const { POST } = createSessionFormRoute(sessionKit);
export const GET = methodNotAllowed(['POST']);
export const PUT = GET;
export const PATCH = GET;
export const DELETE = GET;
