/** The kit bundled once per process for the in-process benchmarks, and helpers around it. */
import { kitForNode } from './bundle.mjs';
import { BENCH_SECRET } from './next-app.mjs';

let loaded = null;
export async function loadKit() {
  loaded ??= kitForNode();
  return loaded;
}

export const ORIGIN = 'http://localhost:3000';

/** The demo's own wiring, as middleware.ts and session-kit.ts (cookie store) build it. */
export function demo(kit) {
  const { createSessionMiddleware, SessionEngine, VariantCodec, cookieStore, sessionTransforms, storeConfig } = kit;
  const secrets = [BENCH_SECRET];
  return {
    middleware: createSessionMiddleware({ config: storeConfig, transforms: sessionTransforms, secrets: () => secrets, production: true }),
    engine: new SessionEngine({ secrets, store: cookieStore(), transforms: sessionTransforms, account: storeConfig.account }),
    variants: new VariantCodec({ secrets }),
  };
}

/** `name=value` pairs of a response's Set-Cookie lines. */
export function setCookies(response) {
  return Object.fromEntries(response.headers.getSetCookie().map((line) => line.split(';')[0].split(/=(.*)/s).slice(0, 2)));
}
