import { createSessionKit, attemptCounterFromEnv, storeFromEnv } from 'vtex-sessions-next/server';
import { LoginThrottle } from 'vtex-sessions-next';
import { sessionTransforms } from './session-transforms';
import { storeConfig } from './store.config';

export { customerDirectory } from './session-transforms';

/** The demo's kit: store.config.ts wired to the engine, the store chosen by SESSION_STORE. Server code only. */
export const sessionKit = createSessionKit({
  config: storeConfig,
  transforms: sessionTransforms,
  store: () => storeFromEnv(),
});

/**
 * Password sign-in limits (5 attempts per account per 15 minutes), counted where
 * the sessions live: in Redis with SESSION_STORE=redis, so every server shares the
 * count; in this process otherwise. The counter is made on first sign-in.
 */
export const loginThrottle = new LoginThrottle({ counter: () => attemptCounterFromEnv() });
