import { methodNotAllowed } from '@/lib/next/errors';
import { createSessionsRoute } from '@/lib/next/sessions-route';
import { sessionKit } from '@/session-kit';

export const dynamic = 'force-dynamic';
export const { GET, POST, PATCH } = createSessionsRoute(sessionKit);
export const PUT = methodNotAllowed(['GET', 'POST', 'PATCH']);
export const DELETE = PUT;
