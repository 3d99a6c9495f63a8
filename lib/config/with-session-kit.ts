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
 *   export default withSessionKit({ reactStrictMode: true });
 */
export function withSessionKit(config: NextConfigInput = {}) {
  return async (phase: string, context: ConfigContext): Promise<NextConfig> => {
    if (phase === PHASE_DEVELOPMENT_SERVER) ensureDevelopmentSecret();
    if (phase === PHASE_PRODUCTION_SERVER) requireSecret();
    const resolved = typeof config === 'function' ? await config(phase, context) : config;
    const transpiled = resolved.transpilePackages ?? [];
    return transpiled.includes(PACKAGE_NAME) ? resolved : { ...resolved, transpilePackages: [...transpiled, PACKAGE_NAME] };
  };
}
