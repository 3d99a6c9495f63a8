import { createSessionKit } from './lib/next/kit';
import { storeFromEnv } from './lib/next/store-from-env';
import { staticCustomerDirectory } from './lib/session/customers/directory';
import { embeddedRegionResolver } from './lib/session/regions/embedded';
import { httpRegionResolver } from './lib/session/regions/http';
import { builtInTransforms } from './lib/session/transforms/defaults';
import { storeConfig } from './store.config';

/** The demo's customers; the login route checks passwords against it. */
export const customerDirectory = staticCustomerDirectory(storeConfig.customers);

/** REGIONS_API_URL points the checkout transform at a VTEX-style regions API instead of data/regions.json. */
const regionsApiUrl = process.env.REGIONS_API_URL;
const regionResolver = regionsApiUrl
  ? httpRegionResolver({ baseUrl: regionsApiUrl, ...storeConfig.regionsApi })
  : embeddedRegionResolver(storeConfig.regions);

/** The demo's kit: store.config.ts wired to the engine, the store chosen by SESSION_STORE. Server code only. */
export const sessionKit = createSessionKit({
  config: storeConfig,
  transforms: builtInTransforms(storeConfig, { customerDirectory, regionResolver }),
  store: () => storeFromEnv(),
});
