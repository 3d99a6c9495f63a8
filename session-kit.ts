import { createSessionKit } from './lib/next/kit';
import { storeFromEnv } from './lib/next/store-from-env';
import { builtInTransforms } from './lib/session/transforms/defaults';
import { storeConfig } from './store.config';

/** The demo's kit: store.config.ts wired to the engine, the store chosen by SESSION_STORE. Server code only. */
export const sessionKit = createSessionKit({
  config: storeConfig,
  transforms: builtInTransforms(storeConfig),
  store: () => storeFromEnv(),
});
