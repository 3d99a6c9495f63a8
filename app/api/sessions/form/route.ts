import { createSessionFormRoute } from '@/lib/next/form-route';
import { sessionKit } from '@/session-kit';

export const dynamic = 'force-dynamic';
export const { POST } = createSessionFormRoute(sessionKit);
