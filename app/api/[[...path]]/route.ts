import { createApiNotFoundRoute } from '@/lib/next/not-found';

export const dynamic = 'force-dynamic';
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = createApiNotFoundRoute();
