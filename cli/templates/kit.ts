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
