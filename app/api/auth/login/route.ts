import { createAuthRoutes } from '@/lib/next/auth-route';
import { methodNotAllowed } from '@/lib/next/errors';
import { customerDirectory, loginThrottle, sessionKit } from '@/session-kit';

export const dynamic = 'force-dynamic';
export const { POST } = createAuthRoutes(sessionKit, { directory: customerDirectory, throttle: loginThrottle }).login;
export const GET = methodNotAllowed(['POST']);
export const PUT = GET;
export const PATCH = GET;
export const DELETE = GET;
