import { methodNotAllowed, createSessionsRoute } from 'vtex-sessions-next/server';
import { sessionKit } from '@/session-kit';

export const { GET, POST, PATCH } = createSessionsRoute(sessionKit);
export const PUT = methodNotAllowed(['GET', 'POST', 'PATCH']);
export const DELETE = PUT;
