import { composeMiddleware, createSessionMiddleware } from 'vtex-sessions-next/middleware';
import { sessionTransforms } from './session-transforms';
import { storeConfig } from './store.config';

// Kept as Edge `middleware.ts` on purpose (Next 16 suggests proxy.ts, which is Node-only):
// the handler needs no Node API, and at the edge it runs in front of the page cache.
export const middleware = composeMiddleware(createSessionMiddleware({ config: storeConfig, transforms: sessionTransforms }), {
  // The demo's own: nobody frames the store.
  after: (_request, response) => {
    response.headers.set('x-frame-options', 'SAMEORIGIN');
  },
});

export const config = {
  // SESSION_MATCHER of the kit, as Next wants it: a literal (test/unit/middleware-matcher.test.ts compares them).
  matcher: [
    '/((?!api(?:/|$)|_next/|(?![A-Za-z0-9_%-]{16})[^?]*\\.(?:avif|bmp|css|csv|eot|gif|gz|htm|html|ico|jpeg|jpg|js|json|map|mjs|mp3|mp4|ogg|otf|pdf|png|svg|tif|tiff|ttf|txt|wasm|wav|webm|webmanifest|webp|woff|woff2|xml|zip)$).*)',
    '/(.*%(?:(?![0-9A-Fa-f]{2})|[89A-Fa-f]).*)',
  ],
};
