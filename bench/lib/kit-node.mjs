/** The kit bundled once per process for the in-process benchmarks, and helpers around it. */
import { kitForNode } from './bundle.mjs';
import { BENCH_SECRET } from './next-app.mjs';

let loaded = null;
export async function loadKit() {
  loaded ??= kitForNode();
  return loaded;
}

export const ORIGIN = 'http://localhost:3000';

/**
 * The demo's own wiring, as middleware.ts and session-kit.ts (cookie store) build it,
 * but for one option: its middleware mints a first visit on the page (`firstVisits:
 * 'mint'`), so a simulated visitor has its session from one call. A deferred first
 * visit gets the same session from the Sessions API's first call.
 */
export function demo(kit) {
  const { createSessionMiddleware, SessionEngine, VariantCodec, cookieStore, sessionTransforms, storeConfig } = kit;
  const secrets = [BENCH_SECRET];
  return {
    middleware: createSessionMiddleware({ config: storeConfig, transforms: sessionTransforms, secrets: () => secrets, production: true, firstVisits: 'mint' }),
    engine: new SessionEngine({ secrets, store: cookieStore(), transforms: sessionTransforms, account: storeConfig.account }),
    variants: new VariantCodec({ secrets }),
  };
}

/** `name=value` pairs of a response's Set-Cookie lines. */
export function setCookies(response) {
  return Object.fromEntries(response.headers.getSetCookie().map((line) => line.split(';')[0].split(/=(.*)/s).slice(0, 2)));
}
