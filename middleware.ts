import { createSessionMiddleware } from 'vtex-sessions-next/middleware';
import { sessionTransforms } from './session-transforms';
import { storeConfig } from './store.config';

// Kept as Edge `middleware.ts` on purpose (Next 16 suggests proxy.ts, which is Node-only):
// the handler needs no Node API, and at the edge it runs in front of the page cache.
export const middleware = createSessionMiddleware({ config: storeConfig, transforms: sessionTransforms });

export const config = {
  // Pages only: not the APIs, not Next's own files, not files with an extension.
  matcher: ['/((?!api(?:/|$)|_next/|[^?]*\\.[^/?]+$).*)'],
};
