import { createSegmentsRoute } from '@/lib/next/segments-route';
import { sessionKit } from '@/session-kit';

export const dynamic = 'force-dynamic';
export const { GET } = createSegmentsRoute(sessionKit);
