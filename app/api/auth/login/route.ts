import { createAuthRoutes, methodNotAllowed } from 'vtex-sessions-next/server';
import { customerDirectory, loginThrottle, sessionKit } from '@/session-kit';

export const { POST } = createAuthRoutes(sessionKit, { directory: customerDirectory, throttle: loginThrottle }).login;
export const GET = methodNotAllowed(['POST']);
export const PUT = GET;
export const PATCH = GET;
export const DELETE = GET;
