import type { NextConfig } from 'next';
import { ensureDevelopmentSecret, withSessionKit } from 'vtex-sessions-next/config';

// `npm run demo` builds and starts a production server on this machine: like `next dev`,
// it gets a development secret in .env.local. A deployment sets SESSION_SECRET itself.
if (process.env.npm_lifecycle_event === 'demo') ensureDevelopmentSecret();

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // As `create-next-app` 16 sets up new stores: pages under [variant] are cached with
  // 'use cache' / cacheLife per variant (the ISR mode, `revalidate`, works as well).
  cacheComponents: true,
  // Off, as `init` sets it (create-next-app 16.4 writes true): with it on, a page under
  // [variant] that calls notFound() (an unknown product, a path that is no code) answers
  // 200, and a variant's first visit is streamed instead of cached whole, so its second
  // visitor misses the cache too (docs/caching.md).
  partialPrefetching: false,
  // Tests build into their own folder so a test run never clobbers a running demo.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // Only for parallel local work where another file is mid-edit; CI always type-checks.
  typescript: { ignoreBuildErrors: process.env.NEXT_SKIP_TYPECHECK === '1' && !process.env.CI },
};

export default withSessionKit(nextConfig);
