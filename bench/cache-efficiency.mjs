/**
 * 4. Cache efficiency: 10,000 simulated visitors through the real middleware (first
 * visit), engine (region, sign-in, channel switch) and variant codec. Every state a
 * visitor reaches is one request for the same page; a cache key seen before is a
 * hit (one page, unbounded cache, cold at the start). Three ways to key the page:
 *  - our variant code (the variant fields of the segment, signed);
 *  - the raw vtex_segment cookie (what keying on the segment as VTEX ships it gives);
 *  - the floor: what the page actually renders differently by (channel, price table,
 *    currency and culture, the region's seller set, the campaign banners).
 * The mix is seeded, so every run simulates the same visitors.
 */
import { demo, loadKit, ORIGIN, setCookies } from './lib/kit-node.mjs';
import { BENCH_SECRET } from './lib/next-app.mjs';
import { seeded } from './lib/stats.mjs';

/** Audiences with a banner (app/_components/CampaignBanners.tsx): all three of store.config.ts. */
const BANNERS = new Set(['blackfriday', 'b2b-vip', 'sp-local']);

export const MIX = {
  visitors: 10_000,
  usChannel: 0.25, // lands on ?sc=2 (United States); the rest on the default channel 1 (Brasil)
  withUtm: 0.4, // arrives from a campaign link: utm_source + utm_campaign (Zipf over 500 campaigns, blackfriday the most common)
  withUtmi: 0.15, // of those, also utmi_campaign (40 values)
  withPostalCode: 0.35, // enters a postal code (300 codes: 220 Brazilian, 80 American; most inside the demo's areas)
  signIn: 0.06, // signs in: 40% the B2B buyer (Brazilian visitors only), else a regular shopper
  b2bChannel: 0.5, // of the B2B buyers, switch to the private B2B channel
};

function zipfPicker(random, n, s = 1.1) {
  const weights = Array.from({ length: n }, (_, i) => 1 / (i + 1) ** s);
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative = [];
  let sum = 0;
  for (const w of weights) cumulative.push((sum += w / total));
  return () => {
    const r = random();
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < r) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

function visitorsOf(random) {
  const pick = (list) => list[Math.floor(random() * list.length)];
  const sources = ['google', 'facebook', 'instagram', 'newsletter', 'tiktok', 'bing', ...Array.from({ length: 60 }, (_, i) => `affiliate-${i + 1}`)];
  const source = zipfPicker(random, sources.length);
  const campaigns = ['blackfriday', ...Array.from({ length: 499 }, (_, i) => `campaign-${i + 2}`)];
  const campaign = zipfPicker(random, campaigns.length);
  const internal = Array.from({ length: 40 }, (_, i) => `home-banner-${i + 1}`);
  const five = (from, to) => String(from + Math.floor(random() * (to - from + 1))).padStart(5, '0');
  const cep = (from, to) => `${five(from, to)}-${String(Math.floor(random() * 1000)).padStart(3, '0')}`;
  const unique = (make, n) => {
    const set = new Set();
    while (set.size < n) set.add(make());
    return [...set];
  };
  // São Paulo (the demo's areas: 01000-000..09999-999), then the rest of Brazil (no seller).
  const brazil = [...unique(() => cep(1000, 9999), 180), ...unique(() => cep(10000, 99999), 40)];
  // New York (10001-10299, the demo's areas), then elsewhere (no seller).
  const usa = [...unique(() => five(10001, 10299), 50), ...unique(() => five(20000, 99999), 30)];

  const visitors = [];
  for (let i = 0; i < MIX.visitors; i++) {
    const us = random() < MIX.usChannel;
    const query = new URLSearchParams();
    if (us) query.set('sc', '2');
    if (random() < MIX.withUtm) {
      query.set('utm_source', sources[source()]);
      query.set('utm_campaign', campaigns[campaign()]);
      if (random() < MIX.withUtmi) query.set('utmi_campaign', pick(internal));
    }
    const region = random() < MIX.withPostalCode ? (us ? { country: 'USA', postalCode: pick(usa) } : { country: 'BRA', postalCode: pick(brazil) }) : null;
    let signIn = null;
    if (random() < MIX.signIn) signIn = !us && random() < 0.4 ? 'c-1001' : 'c-1002';
    const b2bChannel = signIn === 'c-1001' && random() < MIX.b2bChannel;
    visitors.push({ query: query.toString(), region, signIn, b2bChannel });
  }
  return { visitors, postalCodes: brazil.length + usa.length, campaigns: campaigns.length };
}

export async function run({ log = console.log } = {}) {
  const kit = await loadKit();
  const { NextRequest, signIn, decodeSegmentToken, priceTableOf, currencyOf, cultureOf, sellersOfRegion, campaignsOf, VARIANT_HEADER } = kit;
  const { middleware, engine, variants } = demo(kit);
  const { visitors, postalCodes, campaigns } = visitorsOf(seeded(20261126));

  const keys = { variant: new Map(), segment: new Map(), floor: new Map() };
  let requests = 0;
  const floorOf = (segment) =>
    JSON.stringify([
      segment.channel,
      priceTableOf(segment),
      currencyOf(segment),
      cultureOf(segment),
      (sellersOfRegion(segment.regionId) ?? []).slice().sort().join(';'),
      campaignsOf(segment).filter((id) => BANNERS.has(id)).sort().join(','),
    ]);
  const view = (code, segmentToken) => {
    requests++;
    const segment = decodeSegmentToken(segmentToken);
    for (const [map, key] of [
      [keys.variant, code],
      [keys.segment, segmentToken],
      [keys.floor, floorOf(segment)],
    ]) {
      map.set(key, (map.get(key) ?? 0) + 1);
    }
  };
  const afterWrite = async (result) => {
    const tokens = await engine.issue(result.session, result.storedVersion);
    view(await variants.encode(tokens.segment), tokens.segmentToken);
    return tokens.sessionToken;
  };

  const started = performance.now();
  let mismatches = 0;
  for (const [i, visitor] of visitors.entries()) {
    const response = await middleware(new NextRequest(`${ORIGIN}/p/stoneware-mug${visitor.query ? `?${visitor.query}` : ''}`, { headers: { host: 'localhost:3000' } }));
    const cookies = setCookies(response);
    const code = response.headers.get(VARIANT_HEADER);
    // The middleware and the codec must agree, or the simulation keys on something else.
    if (code !== (await variants.encode(decodeSegmentToken(cookies.vtex_segment)))) mismatches++;
    view(code, cookies.vtex_segment);
    let token = cookies.vtex_session;
    if (visitor.region) token = await afterWrite(await engine.write(token, { public: visitor.region }, { host: 'localhost:3000' }));
    if (visitor.signIn) token = await afterWrite(await signIn(engine, token, { id: visitor.signIn }, { host: 'localhost:3000' }));
    if (visitor.b2bChannel) token = await afterWrite(await engine.write(token, { public: { sc: '3' } }, { host: 'localhost:3000' }));
    if ((i + 1) % 2500 === 0) log(`  ${i + 1} visitors ...`);
  }
  if (mismatches > 0) throw new Error(`${mismatches} variant codes differ between the middleware and the codec`);

  const scheme = (map) => ({ keys: map.size, hitRatio: 1 - map.size / requests, singletons: [...map.values()].filter((n) => n === 1).length });
  const marketplace = await runMarketplace(kit, floorOf, log);
  return {
    visitors: visitors.length,
    requests,
    postalCodes,
    campaigns,
    seconds: (performance.now() - started) / 1000,
    variant: scheme(keys.variant),
    segment: scheme(keys.segment),
    floor: scheme(keys.floor),
    marketplace,
  };
}

export const MARKETPLACE_MIX = {
  visitors: 6_000,
  sellers: 150, // the marketplace's sellers: white-label ones, one per store of a grocery chain
  regions: 300, // distinct places; each served by 1 to 60 sellers (uniform), 15% of them by the same sellers as another
  sharedSellers: 0.15,
  postalCodes: 3, // per region
  withPostalCode: 0.7, // enters a postal code (Zipf over every code)
  withUtm: 0.3, // lands from a campaign link (Zipf over the 500 campaigns of the main mix)
};

/**
 * 4b. The same page, keyed the same three ways, for a marketplace: a regions service
 * whose places are served by 1 to 60 sellers. Codes stay at most 64 characters and
 * must still key exactly by what the page renders differently by (the floor): regions
 * with the same sellers share a code, any other difference gets its own.
 */
async function runMarketplace(kit, floorOf, log) {
  const { NextRequest, createSessionMiddleware, SessionEngine, cookieStore, builtInTransforms, storeConfig, regionIdOf, decodeSegmentToken, VariantCodec, VariantIssuer, memoryVariantRegistry, VARIANT_HEADER, MAX_VARIANT_CODE_LENGTH } = kit;
  const m = MARKETPLACE_MIX;
  const random = seeded(20261202);
  const pool = Array.from({ length: m.sellers }, (_, i) => `marketplace-seller-${String(i).padStart(3, '0')}`);
  const regions = [];
  for (let r = 0; r < m.regions; r++) {
    if (r > 0 && random() < m.sharedSellers) {
      regions.push(regions[Math.floor(random() * regions.length)]);
      continue;
    }
    const size = 1 + Math.floor(random() * 60);
    const chosen = new Set();
    while (chosen.size < size) chosen.add(Math.floor(random() * pool.length));
    // The service lists sellers in its own (stable) order, as VTEX does.
    regions.push([...chosen].sort((a, b) => a - b).map((i) => pool[i]));
  }
  const codes = [];
  for (let r = 0; r < regions.length; r++) for (let c = 0; c < m.postalCodes; c++) codes.push({ code: `${String(1000 + r).padStart(5, '0')}-${String(c).padStart(3, '0')}`, region: regions[r] });
  const byCode = new Map(codes.map((entry) => [entry.code, entry.region]));
  const resolver = {
    name: 'marketplace',
    io: false,
    resolve: ({ country, postalCode }) => {
      const sellers = country === 'BRA' ? byCode.get(postalCode) : undefined;
      return sellers ? { id: regionIdOf(sellers), sellers: sellers.map((id) => ({ id, name: id })) } : null;
    },
  };
  const transforms = builtInTransforms(storeConfig, { regionResolver: resolver });
  const secrets = [BENCH_SECRET];
  // Minting on the page, as demo() in bench/lib/kit-node.mjs: each visitor's session from one call.
  const middleware = createSessionMiddleware({ config: storeConfig, transforms, secrets: () => secrets, production: true, firstVisits: 'mint' });
  const engine = new SessionEngine({ secrets, store: cookieStore(), transforms, account: storeConfig.account });
  const registry = memoryVariantRegistry();
  const issuer = new VariantIssuer(new VariantCodec({ secrets }), () => registry);
  const pickCode = zipfPicker(random, codes.length, 0.9);
  const pickCampaign = zipfPicker(random, 500);

  const keys = { variant: new Map(), segment: new Map(), floor: new Map() };
  let requests = 0;
  let longest = 0;
  let withDigest = 0;
  const view = (code, segmentToken) => {
    requests++;
    longest = Math.max(longest, code.length);
    for (const [map, key] of [
      [keys.variant, code],
      [keys.segment, segmentToken],
      [keys.floor, floorOf(decodeSegmentToken(segmentToken))],
    ]) {
      map.set(key, (map.get(key) ?? 0) + 1);
    }
  };
  for (let i = 0; i < m.visitors; i++) {
    const query = random() < m.withUtm ? `?utm_source=google&utm_campaign=${pickCampaign() === 0 ? 'blackfriday' : `campaign-${i % 500}`}` : '';
    const response = await middleware(new NextRequest(`${ORIGIN}/p/stoneware-mug${query}`, { headers: { host: 'localhost:3000' } }));
    const cookies = setCookies(response);
    view(response.headers.get(VARIANT_HEADER), cookies.vtex_segment);
    if (random() < m.withPostalCode) {
      const result = await engine.write(cookies.vtex_session, { public: { country: 'BRA', postalCode: codes[pickCode()].code } }, { host: 'localhost:3000' });
      const tokens = await engine.issue(result.session, result.storedVersion);
      const issued = await issuer.issue(tokens.segment);
      if (issued.entry) withDigest++;
      view(issued.code, tokens.segmentToken);
    }
    if ((i + 1) % 2000 === 0) log(`  marketplace: ${i + 1} visitors ...`);
  }
  if (longest > MAX_VARIANT_CODE_LENGTH) throw new Error(`a variant code of ${longest} characters`);
  const scheme = (map) => ({ keys: map.size, hitRatio: 1 - map.size / requests, singletons: [...map.values()].filter((n) => n === 1).length });
  const result = {
    visitors: m.visitors,
    requests,
    regions: m.regions,
    distinctSellerSets: new Set(regions.map((r) => r.join(';'))).size,
    longestCode: longest,
    codesWithDigest: withDigest,
    registry: { entries: registry.size, bytes: registry.bytes },
    variant: scheme(keys.variant),
    segment: scheme(keys.segment),
    floor: scheme(keys.floor),
  };
  log(
    `  marketplace (regions of 1-60 sellers): ${result.variant.keys} variant keys against a floor of ${result.floor.keys} ` +
      `(${(result.variant.keys / result.floor.keys).toFixed(2)}x), hit ratio ${result.variant.hitRatio.toFixed(3)} (floor ${result.floor.hitRatio.toFixed(3)}), ` +
      `raw vtex_segment ${result.segment.keys} keys; longest code ${longest} characters; registry ${result.registry.entries} entries, ${result.registry.bytes} bytes`,
  );
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await run());
}
