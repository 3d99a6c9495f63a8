/**
 * The same Fe26.2 seal (lib/session/iron.ts, bundled once) timed in a plain VM context
 * and in the Edge sandbox `next start` runs middleware.ts in (`EdgeRuntime` from
 * next/dist/compiled/edge-runtime), rounds alternating: what the sandbox's emulation
 * (Proxies in place of Object, Array, Uint8Array, ...) still costs pure-JavaScript
 * crypto once lib/session/intrinsics.ts has the realm's own constructors in place.
 */
import { createRequire } from 'node:module';
import vm from 'node:vm';
import { scriptBundle } from './lib/bundle.mjs';
import { ROOT } from './lib/paths.mjs';
import { median, range } from './lib/stats.mjs';

/** A visitor's payload as the middleware seals it (about the size of a first visit's JSON). */
const TIMED = (count) => `(() => {
  const password = iron.ironPassword(1, 'edge-sandbox-bench-secret-0123456789abcdef');
  const text = JSON.stringify({ id: crypto.randomUUID(), v: 1, exp: Date.now(), ns: { store: { channel: { value: '1' }, cultureInfo: { value: 'pt-BR' } }, public: { note: { value: 'x'.repeat(360) } } } });
  for (let i = 0; i < 200; i++) iron.sealText(text, password, { label: 'a.b.c' });
  const started = performance.now();
  for (let i = 0; i < ${count}; i++) iron.sealText(text, password, { label: 'a.b.c' });
  return ((performance.now() - started) * 1000) / ${count};
})()`;

export async function run({ rounds = 7, count = 2000 } = {}) {
  const code = await scriptBundle('lib/session/iron.ts', 'iron');
  const { EdgeRuntime } = createRequire(`${ROOT}/package.json`)('next/dist/compiled/edge-runtime');
  const edge = new EdgeRuntime({ initialCode: code });
  const plain = vm.createContext({ crypto, performance, TextEncoder, TextDecoder, btoa, atob });
  vm.runInContext(code, plain);
  const node = [];
  const sandbox = [];
  for (let round = 0; round < rounds; round++) {
    node.push(vm.runInContext(TIMED(count), plain));
    sandbox.push(edge.evaluate(TIMED(count)));
  }
  const ratios = sandbox.map((us, i) => us / node[i]);
  return { rounds, count, node: median(node), nodeRange: range(node), sandbox: median(sandbox), sandboxRange: range(sandbox), ratio: median(ratios) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await run(), null, 1));
}
