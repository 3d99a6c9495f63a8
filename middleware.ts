import { createSessionMiddleware } from './lib/next/middleware';
import { httpRegionResolver } from './lib/session/regions/http';
import { builtInTransforms } from './lib/session/transforms/defaults';
import { storeConfig } from './store.config';

// The same transforms as session-kit.ts, which cannot be imported here (it pulls in the
// store, Redis included). With REGIONS_API_URL the checkout transform waits on the
// network, so the middleware skips it and leaves region changes to the Sessions API.
const regionsApiUrl = process.env.REGIONS_API_URL;
const regionResolver = regionsApiUrl ? httpRegionResolver({ baseUrl: regionsApiUrl, ...storeConfig.regionsApi }) : undefined;

// Kept as Edge `middleware.ts` on purpose (Next 16 suggests proxy.ts, which is Node-only):
// the handler needs no Node API, and at the edge it runs in front of the page cache.
export const middleware = createSessionMiddleware({ config: storeConfig, transforms: builtInTransforms(storeConfig, { regionResolver }) });

export const config = {
  // Pages only: not the APIs, not Next's own files, not files with an extension.
  matcher: ['/((?!api(?:/|$)|_next/|[^?]*\\.[^/?]+$).*)'],
};
