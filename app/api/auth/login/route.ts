import { createAuthRoutes } from '@/lib/next/auth-route';
import { customerDirectory, sessionKit } from '@/session-kit';

export const dynamic = 'force-dynamic';
export const { POST } = createAuthRoutes(sessionKit, { directory: customerDirectory }).login;
