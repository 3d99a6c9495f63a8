import { staticCustomerDirectory, embeddedRegionResolver, httpRegionResolver, builtInTransforms } from 'vtex-sessions-next';
import { storeConfig } from './store.config';

/**
 * The demo's transforms, shared by the middleware (Edge) and the API (Node): Web
 * APIs only, no store, so the Edge bundle never pulls in Redis.
 */

/** The demo's customers; the login route checks passwords against it. */
export const customerDirectory = staticCustomerDirectory(storeConfig.customers);

/**
 * REGIONS_API_URL points the checkout transform at a VTEX-style regions API instead
 * of data/regions.json. It then waits on the network, so the middleware skips it
 * and leaves region changes to the Sessions API.
 */
const regionsApiUrl = process.env.REGIONS_API_URL;
export const regionResolver = regionsApiUrl
  ? httpRegionResolver({ baseUrl: regionsApiUrl, ...storeConfig.regionsApi })
  : embeddedRegionResolver(storeConfig.regions);

export const sessionTransforms = builtInTransforms(storeConfig, { customerDirectory, regionResolver });
