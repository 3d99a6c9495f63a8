/**
 * 7. Memory of the unseal cache: a TokenCodec (the one inside the middleware's
 * engine) fed tokens it has not seen until it holds `count` of them. Measured as the
 * growth of V8's heap after full collections, and set beside the codec's own estimate
 * (cacheStats()) and its bounds, per entry and in total. Three kinds of visitor: a first
 * page view's token (a pristine one: its template by reference), a visitor's whose token
 * carries the namespaces, and a B2B buyer's (region, campaigns, price tables: bigger);
 * each remembered two ways: opened (unsealSync: what the Sessions API and a token
 * without a tag leave), and by its tag (tagSync: what the middleware keeps of a
 * returning visitor new to the instance, and of a first visit).
 */
import vm from 'node:vm';
import v8 from 'node:v8';
import { kitForNode } from './lib/bundle.mjs';
import { BENCH_SECRET } from './lib/next-app.mjs';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');

async function heapUsed() {
  gc();
  await new Promise((resolve) => setTimeout(resolve, 50));
  gc();
  return process.memoryUsage().heapUsed;
}

export async function run({ count = 5000 } = {}) {
  const { TokenCodec, VariantCodec, createIoFreeEngine, deriveSegment, sessionTransforms, storeConfig, signIn, variantTag } = await kitForNode();
  const variants = new VariantCodec({ secrets: [BENCH_SECRET], fields: storeConfig.variantFields });
  const engine = createIoFreeEngine({ secrets: [BENCH_SECRET], transforms: sessionTransforms, account: storeConfig.account });
  const { session: visitor } = await engine.mint({ skipIO: true });
  // The demo's B2B buyer with a São Paulo region, signed in, on the private B2B channel.
  const host = { host: 'localhost:3000' };
  const located = await engine.write(null, { public: { country: 'BRA', postalCode: '01310-100' } }, host);
  const signed = await signIn(engine, (await engine.issue(located.session, null)).sessionToken, { id: 'c-1001' }, host);
  const b2b = await engine.write((await engine.issue(signed.session, null)).sessionToken, { public: { sc: '3' } }, host);
  if (b2b.session.namespaces.store?.channel?.value !== '3') throw new Error('the B2B buyer did not reach channel 3');
  // A new session without URL inputs (the Sessions API's first call, or a page that mints) names its host's template (lib/session/pristine.ts).
  const template = await engine.pristine.template(host.host);
  const kinds = [
    { name: 'visitor (a new session: its template, by reference)', session: visitor, pristine: template.ref },
    { name: 'visitor (its namespaces in the token, as after a campaign link)', session: visitor },
    { name: 'B2B buyer (region, campaigns, channel 3)', session: b2b.session },
  ];

  const results = [];
  for (const kind of kinds) {
    // The tokens as bytes: a string of the benchmark's own would be shared with the
    // cache's and go uncounted. Each unseal gets a new string, as a request's cookie is.
    const sealer = new TokenCodec({ secrets: [BENCH_SECRET], cacheSize: 0 });
    const tag = variantTag(variants, deriveSegment(kind.session.namespaces));
    const tokens = [];
    for (let i = 0; i < count; i++) {
      const base = { id: crypto.randomUUID(), v: 1, exp: Date.now() + 86_400_000 };
      const payload = kind.pristine ? { ...base, pristine: kind.pristine } : { ...base, ns: kind.session.namespaces };
      tokens.push(Buffer.from(await sealer.seal(payload, tag)));
    }
    for (const way of ['opened', 'by its tag']) {
      const codec = new TokenCodec({ secrets: [BENCH_SECRET] });
      const before = await heapUsed();
      for (const token of tokens) {
        const result = way === 'opened' ? await codec.unseal(token.toString()) : codec.tagSync(token.toString());
        if (result?.status !== 'valid') throw new Error(`a benchmark token did not check out: ${result?.status}`);
      }
      const after = await heapUsed();
      const stats = codec.cacheStats();
      results.push({
        name: `${kind.name}, ${way}`,
        tokenBytes: tokens[0].length,
        entries: stats.entries,
        measuredPerEntry: (after - before) / stats.entries,
        measuredTotal: after - before,
        estimatedPerEntry: stats.bytesPerEntry,
        maxEntries: stats.maxEntries,
        maxBytes: stats.maxBytes,
      });
      // Hold the codec until measured.
      if (codec.tagSync(tokens[0].toString()) === null) throw new Error('the cache lost an entry it should hold');
    }
  }
  return { count, kinds: results };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await run(), null, 1));
}
