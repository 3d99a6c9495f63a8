import { imp, type TemplateContext } from './context';

export function transformsTemplate(context: TemplateContext): string {
  return `import { builtInTransforms, embeddedRegionResolver, httpRegionResolver } from 'vtex-sessions-next';
import { storeConfig } from '${imp(context, 'store.config')}';

/**
 * The session transforms (channel, region, profile, campaigns), shared by the
 * middleware and the Sessions API. Web APIs only: the middleware runs on the Edge.
 *
 * REGIONS_API_URL points the region lookup at a VTEX-style regions API
 * (\`GET /api/checkout/pub/regions?country=&postalCode=\`) instead of data/regions.json.
 * To sign shoppers in, pass your customer directory:
 *   builtInTransforms(storeConfig, { regionResolver, customerDirectory })
 */
const regionsApiUrl = process.env.REGIONS_API_URL;
export const regionResolver = regionsApiUrl
  ? httpRegionResolver({ baseUrl: regionsApiUrl })
  : embeddedRegionResolver(storeConfig.regions);

export const sessionTransforms = builtInTransforms(storeConfig, { regionResolver });
`;
}

export function sessionKitTemplate(context: TemplateContext): string {
  return `import { createSessionKit, storeFromEnv } from 'vtex-sessions-next/server';
import { sessionTransforms } from '${imp(context, 'session-transforms')}';
import { storeConfig } from '${imp(context, 'store.config')}';

/**
 * The kit for server code (route handlers, server components, actions). Sessions
 * live in the cookie by default; SESSION_STORE=redis with REDIS_URL keeps them in Redis.
 */
export const sessionKit = createSessionKit({
  config: storeConfig,
  transforms: sessionTransforms,
  store: () => storeFromEnv(),
});
`;
}

/** instrumentation: registers, at Node start-up, the variants the Edge middleware issues on its own. */
export function instrumentationTemplate(context: TemplateContext): string {
  const errorMessage = context.project.language === 'ts' ? '(error as Error).message' : 'error.message';
  return `/**
 * Node start-up: registers the page variants the Edge middleware can issue on its own
 * (a shopper with a region following a campaign link), so their pages render in full
 * from the first request. With REGIONS_API_URL regions cannot be listed: the Sessions
 * API registers them as shoppers set them.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.REGIONS_API_URL) return;
  const [{ precomputeVariants }, { sessionTransforms }, { storeConfig }] = await Promise.all([
    import('vtex-sessions-next/server'),
    import('${imp(context, 'session-transforms')}'),
    import('${imp(context, 'store.config')}'),
  ]);
  try {
    await precomputeVariants({ config: storeConfig, transforms: sessionTransforms, regions: storeConfig.regions, audiences: storeConfig.audiences });
  } catch (error) {
    // Pages still render without it, degraded where only the middleware issued a code.
    console.warn(\`[sessions] variants not precomputed: \${${errorMessage}}\`);
  }
}
`;
}
