/**
 * `vtex-sessions-next/middleware`: what a store's `middleware.ts` (Edge) or
 * `proxy.ts` (Node) needs. Edge-safe: nothing here may reach Node built-ins or Redis.
 */
export { createSessionMiddleware, VARIANT_HEADER, type SessionMiddlewareConfig, type SessionMiddlewareOptions } from './middleware';
