import { createSegmentTokenRoute } from '@/lib/next/segments-route';

export const { GET } = createSegmentTokenRoute();
