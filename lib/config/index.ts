/** `vtex-sessions-next/config`: for next.config (plain Node, before any bundler). */
export { withSessionKit, type NextConfigInput } from './with-session-kit';
export { ensureDevelopmentSecret, requireSecret, DEV_ENV_FILE } from './secret';
