import type { NextConfig } from 'next';
import { ensureDevelopmentSecret, requireSecret } from './secret';

// Next's phase names (next/constants), spelled here so this module loads in plain
// Node without pulling in Next's CommonJS internals.
const PHASE_DEVELOPMENT_SERVER = 'phase-development-server';
const PHASE_PRODUCTION_SERVER = 'phase-production-server';

type ConfigContext = { defaultConfig: NextConfig };
/** What next.config may export: an object, or a function of the phase (sync or async). */
export type NextConfigInput = NextConfig | ((phase: string, context: ConfigContext) => NextConfig | Promise<NextConfig>);

/**
 * Wraps a store's Next config with the kit's start-up check: `next dev` gets a
 * development SESSION_SECRET (generated into .env.local when there is none), and
 * `next start` refuses to run without a usable one. `next build` needs none: variant
 * codes are made at run time.
 *
 *   export default withSessionKit({ reactStrictMode: true });
 */
export function withSessionKit(config: NextConfigInput = {}) {
  return async (phase: string, context: ConfigContext): Promise<NextConfig> => {
    if (phase === PHASE_DEVELOPMENT_SERVER) ensureDevelopmentSecret();
    if (phase === PHASE_PRODUCTION_SERVER) requireSecret();
    return typeof config === 'function' ? config(phase, context) : config;
  };
}
