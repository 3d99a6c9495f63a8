import type { NextConfig } from 'next';
import { ensureDevelopmentSecret, requireSecret } from './secret';

// Next's phase names (next/constants), spelled here so this module loads in plain
// Node without pulling in Next's CommonJS internals.
const PHASE_DEVELOPMENT_SERVER = 'phase-development-server';
const PHASE_PRODUCTION_SERVER = 'phase-production-server';

type ConfigContext = { defaultConfig: NextConfig };
/** What next.config may export: an object, or a function of the phase (sync or async). */
export type NextConfigInput = NextConfig | ((phase: string, context: ConfigContext) => NextConfig | Promise<NextConfig>);

const PACKAGE_NAME = 'vtex-sessions-next';

/**
 * Wraps a store's Next config for the kit:
 * - `next dev` gets a development SESSION_SECRET (generated into .env.local when
 *   there is none), and `next start` refuses to run without a usable one. `next build`
 *   needs none: variant codes are made at run time.
 * - The package is compiled with the store's code (`transpilePackages`), so Next gives
 *   each of its modules the `next/*` of the layer it runs in (a route handler's
 *   `next/navigation` is not a page's).
 *
 * - A Cache Components config with `partialPrefetching: true` gets a warning (once per
 *   process): pages cached per variant then answer notFound() with a 200 and are not
 *   cached whole on a first visit. `init` turns it off, but Next's own docs ask new
 *   projects to turn it on, and a store may follow them later.
 *
 * - A config with a `basePath` gets a warning (once per process): the kit does not
 *   support one yet (BASE_PATH_EFFECTS).
 *
 *   export default withSessionKit({ reactStrictMode: true });
 */
export function withSessionKit(config: NextConfigInput = {}) {
  return async (phase: string, context: ConfigContext): Promise<NextConfig> => {
    if (phase === PHASE_DEVELOPMENT_SERVER) ensureDevelopmentSecret();
    if (phase === PHASE_PRODUCTION_SERVER) requireSecret();
    const resolved = typeof config === 'function' ? await config(phase, context) : config;
    warnOfPartialPrefetching(resolved);
    warnOfBasePath(resolved);
    const transpiled = resolved.transpilePackages ?? [];
    return transpiled.includes(PACKAGE_NAME) ? resolved : { ...resolved, transpilePackages: [...transpiled, PACKAGE_NAME] };
  };
}

/** What `partialPrefetching: true` does to pages cached per variant (checked on Next 16.4.6): said by doctor and by withSessionKit's warning. */
export const PARTIAL_PREFETCHING_EFFECTS =
  "a page under app/[variant]/ that calls notFound() (an unknown product, a path with a dot that is no variant code) answers 200, and a variant's first visit is streamed instead of cached whole, so its second visitor misses the cache too";

/** Next 16.4's option; read without its type, which older Next 16 releases lack. */
function warnOfPartialPrefetching(config: NextConfig): void {
  if (config.cacheComponents !== true || (config as { partialPrefetching?: unknown }).partialPrefetching !== true) return;
  warnOnce('partialPrefetching', `partialPrefetching is true: ${PARTIAL_PREFETCHING_EFFECTS}. Set partialPrefetching: false (docs/caching.md).`);
}

/**
 * What a `basePath` does to a store with the kit today (checked on Next 16.4.3 with
 * `basePath: '/shop'`): said by doctor, init and withSessionKit's warning.
 */
export const BASE_PATH_EFFECTS =
  "the kit does not support basePath yet: the home page skips the session middleware and answers 404 (its matcher), and the browser's Sessions API calls and the region form leave the base path out, so the region picker does nothing";

function warnOfBasePath(config: NextConfig): void {
  if (!config.basePath) return;
  warnOnce('basePath', `basePath is ${JSON.stringify(config.basePath)}: ${BASE_PATH_EFFECTS}. Serve the store at the root of its host (docs/install.md).`);
}

/** Next loads the config more than once per process (each phase, each worker): one warning each is enough. */
const warned = new Set<string>();

function warnOnce(topic: string, message: string): void {
  if (warned.has(topic)) return;
  warned.add(topic);
  console.warn(`[${PACKAGE_NAME}] ${message}`);
}
