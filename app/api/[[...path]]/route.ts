import { createApiNotFoundRoute } from 'vtex-sessions-next/server';

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = createApiNotFoundRoute();
