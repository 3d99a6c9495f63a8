/**
 * 1. Middleware CPU per request, in-process: the demo's session middleware
 * (createSessionMiddleware with store.config.ts and session-transforms.ts) against a
 * bare rewrite handler (the floor: what any rewriting middleware costs), on the same
 * pre-built NextRequests, in five scenarios:
 *  - hit: returning visitors whose tokens this instance has unsealed before;
 *  - cold: returning visitors new to this instance (their cookies minted by a second
 *    instance with the same secret: another edge node, a restart);
 *  - first: no cookie, a browser's navigation without URL inputs (deferred: the
 *    variant only, nothing sealed until the Sessions API's first call);
 *  - linked: no cookie, a browser's navigation from a link with URL inputs this
 *    instance has seen before (a newsletter's): deferred too, the variant of the kept
 *    template, nothing sealed;
 *  - clicked: the same link with a per-click parameter (`utm_content`, unique per
 *    request, as an ad's links carry): deferred, the variant of the link's template,
 *    nothing minted or sealed (the segment does not read it);
 *  - crawler: no cookie, a crawler's fetch (the variant only, nothing sealed);
 *  - minted: the same link, minted on the page (`firstVisits: 'mint'`, and what a
 *    forged or expired cookie's replacement costs): a session from the kept template,
 *    sealed, both cookies;
 *  - fresh: no cookie and a campaign this instance has not minted for;
 *  - mixed: 40 % first visits, 40 % cold, 20 % hits, a rough stand-in for an edge.
 * Batches alternate between the handlers; CPU time of the process (process.cpuUsage)
 * per request, median over rounds.
 */
import vm from 'node:vm';
import v8 from 'node:v8';
import { kitForNode } from './lib/bundle.mjs';
import { BENCH_SECRET } from './lib/next-app.mjs';
import { BROWSER_NAVIGATION, CRAWLER } from './lib/clients.mjs';
import { median, range, rotate } from './lib/stats.mjs';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');

const ORIGIN = 'http://localhost:3000';
const PATH = '/p/stoneware-mug';
const LINKED_PATH = `${PATH}?utm_source=newsletter`;
/** What a browser sends with a page request (Next hands the middleware all of it). */
const BROWSER_HEADERS = { host: 'localhost:3000', ...BROWSER_NAVIGATION };
const CRAWLER_HEADERS = { host: 'localhost:3000', ...CRAWLER };

export const SCENARIOS = {
  bare: 'bare rewrite handler (the floor)',
  hit: 'returning visitor, unseal cache hit',
  cold: 'returning visitor, cold instance (never saw the cookie)',
  first: 'first visit (no cookie, no URL inputs): deferred, its variant, nothing sealed',
  linked: 'first visit from a link with URL inputs (?utm_source=newsletter): deferred, its variant, nothing sealed',
  clicked: "first visit from that link with a per-click parameter (&utm_content=<unique>): deferred, the link's variant, nothing minted",
  crawler: "crawler (no cookie, a bot's User-Agent): its variant, nothing sealed",
  minted: "first visit from that link minted on the page (firstVisits: 'mint'): mint, seal, both cookies",
  fresh: 'first visit with URL inputs new to the instance (?utm_campaign=<unique>)',
  mixed: 'mixed: 40 % first (no URL inputs), 40 % cold, 20 % hits',
};

/** Cookie headers of `count` visitors minted by `middleware`. */
async function mintVisitors(middleware, NextRequest, count) {
  const cookies = [];
  for (let i = 0; i < count; i++) {
    const response = await middleware(new NextRequest(`${ORIGIN}${PATH}`, { headers: BROWSER_HEADERS }));
    cookies.push(response.headers.getSetCookie().map((line) => line.split(';')[0]).join('; '));
  }
  return cookies;
}

async function measure(handler, requests) {
  // A full collection now, and time for its background sweeping to end: else the
  // previous batch's garbage is billed to this one.
  gc();
  await new Promise((resolve) => setTimeout(resolve, 40));
  const cpu = process.cpuUsage();
  const wall = process.hrtime.bigint();
  for (const request of requests) await handler(request);
  const wallUs = Number(process.hrtime.bigint() - wall) / 1000;
  const { user, system } = process.cpuUsage(cpu);
  return { cpu: (user + system) / requests.length, wall: wallUs / requests.length };
}

/**
 * Batches are long because each starts right after a forced full GC, which leaves V8's
 * young generation shrunk and its sweeping under way: the first milliseconds of a batch
 * cost more per request whatever runs. Measured here (median of 11 batches): the bare
 * rewrite took 14.4, 11.1 and 7.6 µs per request in batches of 1,000, 5,000 and 20,000,
 * a first visit 81, 44 and 40. At these sizes that start is a few per cent of a batch,
 * and the fast paths and the slow ones carry it alike.
 */
export async function run({ rounds = 11, batch = 20_000, coldBatch = 10_000, freshBatch = 150, log = console.log } = {}) {
  const kit = await kitForNode();
  const { NextRequest, NextResponse, createSessionMiddleware, sessionTransforms, storeConfig, VARIANT_HEADER } = kit;
  const make = (firstVisits = 'defer') => createSessionMiddleware({ config: storeConfig, transforms: sessionTransforms, secrets: () => [BENCH_SECRET], production: true, firstVisits });
  const request = (cookie, path = PATH) => new NextRequest(`${ORIGIN}${path}`, { headers: cookie ? { ...BROWSER_HEADERS, cookie } : BROWSER_HEADERS });
  // What Next would run without the kit: a rewrite to a variant path, no session.
  const bare = async (req) => {
    const target = req.nextUrl.clone();
    target.pathname = `/v${req.nextUrl.pathname}`;
    return NextResponse.rewrite(target);
  };

  const middleware = make();
  const minting = make('mint');
  // Returning visitors: pristine tokens, as the Sessions API's first call seals them
  // (the same an instance that mints on the page seals), seen by the measured one below.
  const visitors = await mintVisitors(make('mint'), NextRequest, 200);
  for (const cookie of visitors) await middleware(request(cookie));
  // Visitors of another instance with the same secret: never seen by the ones measured.
  const elsewhere = await mintVisitors(make('mint'), NextRequest, coldBatch);
  const check = await middleware(request(visitors[0]));
  if (!check.headers.get(VARIANT_HEADER) || check.headers.getSetCookie().length > 0) throw new Error('returning visitor: expected a rewrite and no Set-Cookie');
  const coldCheck = await make()(request(elsewhere[0]));
  if (coldCheck.headers.get(VARIANT_HEADER) !== check.headers.get(VARIANT_HEADER) || coldCheck.headers.getSetCookie().length > 0) {
    throw new Error('cold visitor: expected the same variant and no Set-Cookie');
  }

  const crawlers = (n) => Array.from({ length: n }, () => new NextRequest(`${ORIGIN}${PATH}`, { headers: CRAWLER_HEADERS }));
  const crawlerCheck = await middleware(crawlers(1)[0]);
  if (crawlerCheck.headers.get(VARIANT_HEADER) !== check.headers.get(VARIANT_HEADER) || crawlerCheck.headers.getSetCookie().length > 0) {
    throw new Error('crawler: expected the same variant and no Set-Cookie');
  }

  const hits = (n) => Array.from({ length: n }, (_, i) => request(visitors[i % visitors.length]));
  const firsts = (n) => Array.from({ length: n }, () => request());
  const linked = (n) => Array.from({ length: n }, () => request(undefined, LINKED_PATH));
  let click = 0;
  const clicked = (n) => Array.from({ length: n }, () => request(undefined, `${LINKED_PATH}&utm_content=ad-${click++}`));
  const firstCheck = await middleware(request());
  const linkedCheck = await middleware(request(undefined, LINKED_PATH));
  const mintedCheck = await minting(request(undefined, LINKED_PATH));
  if (firstCheck.headers.getSetCookie().length > 0 || firstCheck.headers.get(VARIANT_HEADER) !== check.headers.get(VARIANT_HEADER)) throw new Error('first visit: expected the same variant and no Set-Cookie (deferred)');
  if (linkedCheck.headers.getSetCookie().length > 0 || linkedCheck.headers.get(VARIANT_HEADER) !== check.headers.get(VARIANT_HEADER)) throw new Error('first visit from a link: expected the same variant and no Set-Cookie (deferred)');
  const clickedCheck = await middleware(clicked(1)[0]);
  if (clickedCheck.headers.getSetCookie().length > 0 || clickedCheck.headers.get(VARIANT_HEADER) !== check.headers.get(VARIANT_HEADER)) throw new Error('first visit from an ad\'s link: expected the same variant and no Set-Cookie (deferred)');
  if (mintedCheck.headers.getSetCookie().length !== 2 || mintedCheck.headers.get(VARIANT_HEADER) !== check.headers.get(VARIANT_HEADER)) throw new Error('first visit minted on the page: expected the same variant and both cookies');
  const colds = (n) => Array.from({ length: n }, (_, i) => request(elsewhere[i % elsewhere.length]));
  let campaign = 0;
  const freshInputs = (n) => Array.from({ length: n }, () => request(undefined, `${PATH}?utm_campaign=c${campaign++}`));
  const mixed = (n) =>
    Array.from({ length: n }, (_, i) => {
      const slot = i % 5;
      return slot < 2 ? request() : slot < 4 ? request(elsewhere[i % elsewhere.length]) : request(visitors[i % visitors.length]);
    });
  /** An instance as a node of the edge meets it: keys made, the plain visitor minted once, its own visitors seen. */
  const warmInstance = async () => {
    const fresh = make();
    await fresh(request());
    await fresh(request(undefined, LINKED_PATH));
    for (const cookie of visitors) await fresh(request(cookie));
    return fresh;
  };

  // Warm-up: JIT for every path.
  for (let i = 0; i < 3; i++) {
    await measure(bare, hits(batch));
    await measure(middleware, hits(batch));
    await measure(middleware, firsts(coldBatch));
    await measure(middleware, linked(coldBatch));
    await measure(middleware, clicked(coldBatch));
    await measure(minting, linked(coldBatch));
    await measure(middleware, crawlers(coldBatch));
    await measure(await warmInstance(), colds(coldBatch));
  }
  await measure(middleware, freshInputs(freshBatch));

  const names = Object.keys(SCENARIOS);
  const cpu = Object.fromEntries(names.map((name) => [name, []]));
  const wall = Object.fromEntries(names.map((name) => [name, []]));
  const ratios = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    const got = {};
    for (const name of rotate(names, round)) {
      if (name === 'bare') got.bare = await measure(bare, hits(batch));
      if (name === 'hit') got.hit = await measure(middleware, hits(batch));
      if (name === 'first') got.first = await measure(middleware, firsts(coldBatch));
      if (name === 'linked') got.linked = await measure(middleware, linked(coldBatch));
      if (name === 'clicked') got.clicked = await measure(middleware, clicked(coldBatch));
      if (name === 'crawler') got.crawler = await measure(middleware, crawlers(coldBatch));
      if (name === 'minted') got.minted = await measure(minting, linked(coldBatch));
      if (name === 'fresh') got.fresh = await measure(middleware, freshInputs(freshBatch));
      // A new instance per round, so every one of its cold visitors is new to it.
      if (name === 'cold') got.cold = await measure(await warmInstance(), colds(coldBatch));
      if (name === 'mixed') got.mixed = await measure(await warmInstance(), mixed(coldBatch));
    }
    for (const name of names) {
      cpu[name].push(got[name].cpu);
      wall[name].push(got[name].wall);
      ratios[name].push(got[name].cpu / got.bare.cpu);
    }
    log(`  round ${round + 1}/${rounds}: CPU µs/request: ${names.map((name) => `${name} ${got[name].cpu.toFixed(1)}`).join(', ')}`);
  }
  const summary = (name) => ({
    cpu: median(cpu[name]),
    cpuRange: range(cpu[name]),
    wall: median(wall[name]),
    ratio: median(ratios[name]),
    ratioRange: range(ratios[name]),
  });
  return { scenarios: Object.fromEntries(names.map((name) => [name, { label: SCENARIOS[name], ...summary(name) }])), rounds, batch, coldBatch, freshBatch };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await run(), null, 1));
}
