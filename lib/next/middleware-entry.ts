/**
 * `vtex-sessions-next/middleware`: what a store's `middleware.ts` (Edge) or `proxy.ts`
 * (Node) imports. Edge-safe: Web APIs only, no node: import, nothing of Redis.
 */
export {
  createSessionMiddleware,
  pageSessionOf,
  DEFAULT_PAGE_CACHE_CONTROL,
  VARIANT_HEADER,
  type PageSession,
  type SessionMiddleware,
  type SessionMiddlewareConfig,
  type SessionMiddlewareOptions,
} from './middleware';
export {
  composeMiddleware,
  type AfterContext,
  type AfterMiddleware,
  type BeforeMiddleware,
  type ComposeOptions,
  type ComposedMiddleware,
  type MiddlewareResult,
} from './compose';
export { FILE_EXTENSIONS, SESSION_MATCHER, isPagePath } from './page-paths';
export { isCrawlerRequest } from './crawler';
export type { Maybe } from '../session/maybe';
