import { createSessionKit } from './lib/next/kit';
import { storeFromEnv } from './lib/next/store-from-env';
import { sessionTransforms } from './session-transforms';
import { storeConfig } from './store.config';

export { customerDirectory } from './session-transforms';

/** The demo's kit: store.config.ts wired to the engine, the store chosen by SESSION_STORE. Server code only. */
export const sessionKit = createSessionKit({
  config: storeConfig,
  transforms: sessionTransforms,
  store: () => storeFromEnv(),
});
