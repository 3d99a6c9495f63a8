/**
 * `vtex-sessions-next/server`: the kit, the route factories and the server helpers,
 * for route handlers, server actions and server components. `server-only` makes a
 * client component that imports it fail the build instead of shipping secrets' code.
 */
import 'server-only';

export * from './kit';
export * from './cookies';
export * from './errors';
export * from './origin';
export * from './body';
export * from './respond';
export * from './env';
export { createSessionsRoute, sessionBody } from './sessions-route';
export { createSegmentsRoute, createSegmentTokenRoute } from './segments-route';
export { createSessionFormRoute, type SessionFormRouteOptions } from './form-route';
export { createAuthRoutes, clientKeyFromHeader, type AuthRouteOptions } from './auth-route';
export { createApiNotFoundRoute } from './not-found';
export { safeRedirectPath, withQueryParam } from './redirect';
export { storeFromEnv, attemptCounterFromEnv, variantRegistryFromEnv, type StoreKind } from './store-from-env';
export {
  getServerSession,
  getServerSegment,
  updateServerSession,
  updateSessionAction,
  type ServerSession,
  type Items,
  type ServerWriteOptions,
  type SessionActionResult,
} from './server';
export { readVariant, listVariants, precomputeVariants, DEGRADED_CACHE_LIFE, type PageVariant, type ListVariantsOptions, type PrecomputeVariantsOptions } from './variant-page';
export { variantStaticParams, isVariantPlaceholder, VARIANT_PLACEHOLDER } from './variant-params';
export { VARIANT_HEADER, type SessionMiddlewareConfig } from './middleware';
/** The items the React provider loads by default, for getServerSession (a plain value here, not a client reference). */
export { DEFAULT_ITEMS } from '../react/items';
