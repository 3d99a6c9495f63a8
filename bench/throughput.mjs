/**
 * 2. Page throughput and 3. Sessions API through `next start`, autocannon on
 * loopback. Four builds of one snapshot of the sources (bench/lib/next-app.mjs):
 * the demo as it is, the same handler as a Node proxy.ts, the same app with a
 * no-op middleware, and one with both middlewares (the fixed-rate runs). All servers stay up;
 * runs alternate between scenarios (shuffled order each round), and each round's
 * ratio is taken against its own baseline run, so drift on a busy machine hits
 * both sides alike. Medians over rounds.
 */
import { request as httpRequest } from 'node:http';
import { kitForNode } from './lib/bundle.mjs';
import { BASELINE_ARM, benchApps, BENCH_SECRET, ECHO_PATH, middlewareBundle, startApp } from './lib/next-app.mjs';
import { BROWSER_NAVIGATION, CRAWLER } from './lib/clients.mjs';
import { load } from './lib/load.mjs';
import { interleavedLoad } from './lib/open-loop.mjs';
import { hasThreadCpu, mainThreadCpuUs } from './lib/thread-cpu.mjs';
import { FULL_GC_TRACE, fullGcs } from './lib/gc-trace.mjs';
import { hundredths, median, medianInterval, neighbourRatios, pairedQuantileRatioInterval, pooledQuantile, quantile, range, sandwiched, shuffled, tenths } from './lib/stats.mjs';

export const PAGE = '/p/stoneware-mug';
/**
 * The same page from a link with URL inputs (a newsletter's): its first visits are
 * deferred as the others are, the page's variant worked out from the inputs, and the
 * inputs handed to the Sessions API by SessionProvider's first read. A UTM that no
 * audience reads and that is not a variant field, so it is the same variant and page.
 */
export const LINKED_PAGE = `${PAGE}?utm_source=newsletter`;
export const ITEMS = 'profile.isAuthenticated,profile.email,profile.firstName,store.channel,public.country,public.postalCode,checkout.regionId,checkout.sellers';
/** PATCHes alternate between these: each a change of region for the visitor (different sellers, campaigns). */
export const POSTAL_CODES = ['01310-100', '04538-133', '05408-000', '02011-000'];

/**
 * Request i goes out with visitor i % 100's cookie (bench/lib/load.mjs rotates them),
 * so the code moves on by one for each of a visitor's turns: every PATCH is a change
 * of region from what the server last issued for that session (it answers an old
 * token with the newest data it knows: docs/vtex-clients.md).
 */
export const VISITORS = 100;
/** The body of PATCH i: a change of country and postal code (POSTAL_CODES, in turn per visitor). */
export const patchBody = (i) => JSON.stringify({ public: { country: { value: 'BRA' }, postalCode: { value: POSTAL_CODES[(i + Math.floor(i / VISITORS)) % POSTAL_CODES.length] } } });

/** What a client that sends the session's own values again writes (FastStore's validateSession on the next page view). */
export const UNCHANGED_BODY = JSON.stringify({ public: { country: { value: 'BRA' }, postalCode: { value: POSTAL_CODES[0] } } });

const cookiePairs = (response) => response.headers.getSetCookie().map((line) => line.split(';')[0]);

/**
 * Returning visitors: each lands once on the page (which sets no cookie: a first visit
 * is deferred) and keeps the cookies of the Sessions API's first call, as
 * SessionProvider makes it on load.
 */
export async function visitors(url, count) {
  const cookies = [];
  let code = null;
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${url}${PAGE}`);
    if (response.status !== 200) throw new Error(`GET ${PAGE} answered ${response.status}`);
    await response.arrayBuffer();
    code = response.headers.get('x-segment-variant');
    // A build that mints on the page (bench:page-ab's older ref) set them already.
    if (response.headers.getSetCookie().length > 0) {
      cookies.push(cookiePairs(response).join('; '));
      continue;
    }
    const started = await fetch(`${url}/api/sessions?items=profile.isAuthenticated`);
    if (started.status !== 200) throw new Error(`the Sessions API's first call answered ${started.status}`);
    await started.arrayBuffer();
    cookies.push(cookiePairs(started).join('; '));
  }
  const segmentTokens = cookies.map((cookie) => /vtex_segment=([^;]+)/.exec(cookie)[1]);
  const linked = await fetch(`${url}${LINKED_PAGE}`);
  await linked.arrayBuffer();
  if (linked.headers.get('x-segment-variant') !== code) throw new Error(`${LINKED_PAGE} lands on another variant than ${PAGE}`);
  return { cookies, code, segmentTokens };
}

/**
 * Returning visitors of another instance with the same secret (another edge node, a
 * restart): cookie headers the servers have never seen, minted in this process by
 * the kit's own middleware. More than the server's unseal cache holds, and handed out
 * in turn, so none is in that cache when it comes round again.
 */
export async function visitorsOfAnotherInstance(count, code) {
  const { NextRequest, createSessionMiddleware, sessionTransforms, storeConfig } = await kitForNode();
  // Minting on the page: the same pristine token the Sessions API's first call seals.
  const middleware = createSessionMiddleware({ config: storeConfig, transforms: sessionTransforms, secrets: () => [BENCH_SECRET], production: true, firstVisits: 'mint' });
  const cookies = [];
  for (let i = 0; i < count; i++) {
    const response = await middleware(new NextRequest(`http://localhost${PAGE}`));
    if (response.headers.get('x-segment-variant') !== code) throw new Error('a visitor minted in process landed on another variant than the server\'s');
    cookies.push(response.headers.getSetCookie().map((line) => line.split(';')[0]).join('; '));
  }
  return cookies;
}

/**
 * The lengths of the two tokens among `name=value` pairs (a Cookie header's, or the
 * first part of each Set-Cookie line), as \`x-bench-cookies\` takes them:
 * `<vtex_session length>,<vtex_segment length>`. `source` names the pairs' origin in the error.
 */
function tokenLengths(pairs, source) {
  const lengths = ['vtex_session', 'vtex_segment'].map((name) => {
    const pair = pairs.find((p) => p.startsWith(`${name}=`));
    if (!pair) throw new Error(`${source} set no ${name}`);
    return pair.length - name.length - 1;
  });
  return { vtex_session: lengths[0], vtex_segment: lengths[1], header: lengths.join(',') };
}

const cookieOf = (s, i) => (s.cookie ? s.cookie(i) : s.cookies?.[0]);

/**
 * One request exactly as the scenario's headers say, on a socket of its own (Node's
 * fetch would add Fetch Metadata, and a kept-alive socket may close as it is reused).
 */
function requestOnce(url, { method, headers, body }) {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode, setCookies: res.headers['set-cookie'] ?? [], text: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function sameResponse(scenarios) {
  const sizes = [];
  for (const s of scenarios) {
    const cookie = cookieOf(s, 0);
    const response = await requestOnce(`${s.url}${s.path}`, { method: s.method ?? 'GET', headers: { ...s.headers, ...(cookie ? { cookie } : {}), ...(s.body ? { 'content-type': 'application/json' } : {}) }, body: s.body?.(0) });
    const { text } = response;
    if (response.status !== 200) throw new Error(`${s.name}: ${s.method ?? 'GET'} ${s.path} answered ${response.status}: ${text.slice(0, 200)}`);
    if (s.expectCookie === false && response.setCookies.length > 0) throw new Error(`${s.name}: expected no Set-Cookie, got some`);
    sizes.push(text.length);
  }
  return sizes;
}

/** Seconds at the start of each slice left out of its figures (bench/lib/load.mjs). */
export const SLICE_WARMUP = 0.5;

/**
 * compare()'s rounds: `base, a, base, b, …, base`, the
 * others in an order shuffled each round. `measure` runs one slice (after the
 * scenario's `prepare`, not measured); `onRound` gets each round's slices in order.
 */
async function sandwichedRounds({ base, others, rounds, measure, onRound }) {
  for (let index = 0; index < rounds; index++) {
    const order = sandwiched(base, shuffled(others, index));
    const results = [];
    for (const s of order) {
      await s.prepare?.();
      results.push(await measure(s));
    }
    onRound({ order, results, base, index });
  }
}

/**
 * Each scenario against the baseline measured right before and right after it, in
 * short slices: `baseline, a, baseline, b, baseline, …, baseline` every round (the
 * scenarios in an order shuffled each round), and a slice's ratio is its figure over the mean of its
 * two neighbours'. On a shared 2-core machine the speed drifts by half from one minute
 * to the next but much less from one slice to the next: measured here in 2 s slices, the
 * no-op's req/s correlated 0.6 with its previous slice's, and a returning visitor's
 * page over its neighbours spread 0.12 (standard deviation of a slice's ratio) against
 * 0.30 over a no-op slice half a run away.
 * The baseline's own row is each of its inner slices against the baseline slices on
 * either side: what this method reads for two identical runs, its resolution.
 * `references`: summary key -> scenario name of another baseline each scenario is set
 * against, as the median of per-round ratios of the two ratios. `cpuOf(s)`: a reader of
 * the CPU time of s's server (its main thread, which bounds its req/s), so each slice
 * also says what a request cost that thread (`cpuUs`; `cpuRatio` over its neighbours):
 * a thread's CPU time leaves out the time it waited for a core, which req/s does not.
 */
async function compare({ scenarios, baseline, references = {}, rounds, duration, connections, cpuOf, gcOf, log }) {
  for (const s of scenarios) await load({ ...s, duration: 3, connections }); // warm-up: JIT, ISR cache, connections
  const base = scenarios.find((s) => s.name === baseline);
  const others = scenarios.filter((s) => s !== base);
  const runs = Object.fromEntries(scenarios.map((s) => [s.name, []]));
  // What each slice is set against its neighbours by: req/s, p99, and (given cpuOf) main-thread CPU per request.
  const fields = cpuOf ? ['rps', 'p99', 'cpuUs'] : ['rps', 'p99'];
  const ratios = Object.fromEntries(scenarios.map((s) => [s.name, Object.fromEntries(fields.map((field) => [field, []]))]));
  await sandwichedRounds({
    base,
    others,
    rounds,
    measure: async (s) => {
      const before = gcOf?.(s);
      const result = await load({ ...s, duration: duration + SLICE_WARMUP, warmup: SLICE_WARMUP, connections, cpu: cpuOf?.(s) });
      if (before) {
        // The whole slice's collections, its warm-up's too, as its `answered` counts every response.
        const after = gcOf(s);
        result.gc = { count: after.count - before.count, pauseMs: after.pauseMs - before.pauseMs };
      }
      runs[s.name].push(result);
      return result;
    },
    onRound: (round) => {
      for (const field of fields) for (const [name, list] of neighbourRatios(round, (r) => r[field])) ratios[name][field].push(...list);
      const { order, results, index } = round;
      const baselines = results.filter((_, i) => order[i] === base);
      const line = order.flatMap((s, i) => (s === base ? [] : [`${s.name} ${Math.round(results[i].rps)} req/s p99 ${results[i].p99} ms${results[i].errors ? ` (${results[i].errors} errors)` : ''}`]));
      log(`  round ${index + 1}/${rounds} (${baseline} ${Math.round(median(baselines.map((r) => r.rps)))} req/s): ${line.join(' · ')}`);
    },
  });
  const summary = {};
  for (const s of scenarios) {
    const list = runs[s.name];
    const { rps: rpsRatios, p99: p99Ratios, cpuUs: cpuRatios } = ratios[s.name];
    const cpu = cpuOf ? { cpuUs: median(list.map((r) => r.cpuUs)), cpuRatio: median(cpuRatios), cpuRatioRange: range(cpuRatios), cpuRatioInterval: medianInterval(cpuRatios) } : {};
    const sum = (of) => list.reduce((total, r) => total + of(r), 0);
    const gc = gcOf ? { fullGcs: sum((r) => r.gc.count), gcPauseMs: tenths(sum((r) => r.gc.pauseMs)), answered: sum((r) => r.answered) } : {};
    summary[s.name] = {
      label: s.label,
      rps: median(list.map((r) => r.rps)),
      p50: tenths(median(list.map((r) => r.p50))),
      p99: tenths(median(list.map((r) => r.p99))),
      errors: list.reduce((total, r) => total + r.errors, 0),
      requests: list.reduce((total, r) => total + r.requests, 0),
      rpsRatio: median(rpsRatios),
      rpsRatioRange: range(rpsRatios),
      rpsRatioInterval: medianInterval(rpsRatios),
      p99Ratio: median(p99Ratios),
      p99RatioRange: range(p99Ratios),
      p99RatioInterval: medianInterval(p99Ratios),
      ...cpu,
      ...gc,
    };
  }
  // Against the other baselines (the floors: a bare rewrite; with a returning visitor's headers).
  for (const s of others) {
    for (const [key, name] of Object.entries(references)) {
      const per = (field) => median(ratios[s.name][field].map((x, i) => x / ratios[name][field][i]));
      summary[s.name][key] = { rpsRatio: per('rps'), p99Ratio: per('p99'), ...(cpuOf ? { cpuRatio: per('cpuUs') } : {}) };
    }
  }
  return summary;
}

/**
 * The load of the fixed-rate runs: this share of the no-op's req/s in the same run.
 * A third, not a half: this machine's speed drifts by half from one minute to the next,
 * and at half the no-op's rate a slow minute saturated the server (in one run the
 * no-op's own p99 went from 28 to 168 ms in one round, first visits' to 1.2 s), so the
 * p99 read the queue, which is what the closed-loop runs already measure.
 */
export const FIXED_RATE = { share: 1 / 3, said: 'a third' };

/**
 * Latency at a fixed rate (bench/lib/open-loop.mjs), which is what p99 should say: how
 * much later a shopper's page arrives when the server is busy but not saturated. The
 * closed-loop runs of compare() are at saturation, where a scenario's p99 is mostly its
 * throughput again (docs/middleware.md).
 *
 * At this rate a p99 is set by the few requests that wait behind a full garbage
 * collection (60 to 300 ms each, about one a server every ten seconds or more), and
 * a collection stops its own process only. Run as compare()'s slices, each on its
 * scenario's server, a scenario's p99 said how many collections its slices happened to
 * catch: the no-op against its own neighbours ranged 0.40 to 3.61 a round. So every
 * arm runs on one server (the paired build: the kit's middleware, or the no-op's for a
 * request that asks), interleaved request by request in one stream at `rate`, and each
 * arm's requests meet the same collections in the same proportion; a second no-op arm
 * says what the method reads where there is no difference. What the kit's own garbage
 * adds to how often collections come is not in these ratios: compare() counts each
 * server's collections per request at saturation (`fullGcs`).
 *
 * Each round, after the arms' `prepare`: `duration` seconds of the stream, the first
 * SLICE_WARMUP left out. An arm's percentiles are over all its rounds' requests; its
 * p99 ratio's 95 % interval resamples whole rounds, the same rounds for both arms
 * (they shared them), and each round's own ratio gives the spread.
 */
async function pairedLatencyAtRate({ arms, baseline, rate, rounds, duration, gcOf, log }) {
  const slices = Object.fromEntries(arms.map((s) => [s.name, []]));
  const errors = Object.fromEntries(arms.map((s) => [s.name, 0]));
  let resent = 0;
  let lateMs = 0;
  const gcBefore = gcOf?.();
  for (let index = 0; index < rounds; index++) {
    for (const s of arms) await s.prepare?.();
    const result = await interleavedLoad({ arms, rate, duration: duration + SLICE_WARMUP, warmup: SLICE_WARMUP, seed: 1 + index });
    arms.forEach((s, i) => {
      slices[s.name].push(result.arms[i].latencies);
      errors[s.name] += result.arms[i].errors;
      resent += result.arms[i].resent;
    });
    lateMs = Math.max(lateMs, result.lateMs);
    const base = result.arms[arms.findIndex((s) => s.name === baseline)];
    const line = arms.flatMap((s, i) => (s.name === baseline ? [] : [`${s.name} ${result.arms[i].p99}`]));
    log(`  at ${rate} req/s, round ${index + 1}/${rounds}, p99 ms (${baseline} ${base.p99}): ${line.join(' · ')}${result.lateMs > 10 ? ` (a request sent ${result.lateMs} ms late)` : ''}`);
  }
  const gcAfter = gcOf?.();
  // Each arm's p50, p90 and p99 over all its rounds' requests.
  const quantiles = (list) => Object.fromEntries([0.5, 0.9, 0.99].map((q) => [q, pooledQuantile(list, q)]));
  const base = quantiles(slices[baseline]);
  const summary = {};
  for (const s of arms) {
    const own = slices[s.name];
    const mine = s.name === baseline ? base : quantiles(own);
    const perRound = own.map((slice, i) => quantile(slice, 0.99) / quantile(slices[baseline][i], 0.99));
    summary[s.name] = {
      label: s.label,
      requests: own.reduce((n, slice) => n + slice.length, 0),
      p50: hundredths(mine[0.5]),
      p90: hundredths(mine[0.9]),
      p99: hundredths(mine[0.99]),
      p50Ratio: mine[0.5] / base[0.5],
      p90Ratio: mine[0.9] / base[0.9],
      p99Ratio: mine[0.99] / base[0.99],
      p99RatioInterval: pairedQuantileRatioInterval(own, slices[baseline], 0.99),
      p99RoundRatio: median(perRound),
      p99RoundRange: range(perRound),
      errors: errors[s.name],
    };
  }
  const gc = gcBefore ? { fullGcs: gcAfter.count - gcBefore.count, gcPauseMs: tenths(gcAfter.pauseMs - gcBefore.pauseMs) } : {};
  return { pages: summary, resent, lateMs, ...gc };
}

function withoutCompression(headers) {
  const { 'accept-encoding': _, ...rest } = headers;
  return rest;
}

/**
 * The page scenarios, in the order the tables list them: the no-op and its floors on
 * the no-op build, the session build's visitors, and (given `node`) the same handler as
 * proxy.ts. `pool`: returning visitors the session server has seen; `cold()`: the
 * Cookie header of a visitor it has not. Shared by `npm run bench` and bench:profile.
 */
export function pageScenariosOf({ session, noop, node, pool, nodePool, cold }) {
  const common = { cookies: pool.cookies };
  // Every page request carries a browser's headers (a crawler's carry its own): Next parses them whoever asks.
  // Without Accept-Encoding: compressing the page would cost every scenario the same and flatten the ratios.
  const browser = withoutCompression(BROWSER_NAVIGATION);
  const crawler = withoutCompression(CRAWLER);
  // The server's unseal cache is bounded (LRU): cold and first-visit rounds push the
  // pool's tokens out, so a hit round starts with the pool seen again (not measured).
  const rewarmOf = (app, cookies) => async () => {
    for (const cookie of cookies) await (await fetch(`${app.url}${PAGE}`, { headers: { cookie } })).arrayBuffer();
  };
  const rewarm = rewarmOf(session, pool.cookies);
  return [
    { name: 'noop', label: 'no-op middleware (NextResponse.next()), variant URL', url: noop.url, path: `/${pool.code}${PAGE}`, headers: browser, ...common },
    { name: 'rewrite', label: 'bare rewrite middleware (no session): the floor', url: noop.url, path: PAGE, headers: { ...browser, 'x-bench-variant': pool.code }, ...common },
    {
      name: 'rewriteHeaders',
      label: "bare rewrite with a returning visitor's response headers (no session): the returning-visitor floor",
      url: noop.url,
      path: PAGE,
      headers: { ...browser, 'x-bench-variant': pool.code, 'x-bench-headers': 'existing' },
      ...common,
    },
    { name: 'hit', label: 'session, returning visitors (unseal cache hit)', url: session.url, path: PAGE, headers: browser, expectCookie: false, prepare: rewarm, ...common },
    { name: 'cold', label: 'session, returning visitors new to the server (cold instance)', url: session.url, path: PAGE, headers: browser, expectCookie: false, cookie: cold },
    { name: 'first', label: "session, first visits (no cookie, a browser's navigation, no URL inputs: deferred, nothing sealed)", url: session.url, path: PAGE, headers: browser, expectCookie: false, cookie: () => undefined },
    {
      name: 'linked',
      label: "session, first visits from a link with URL inputs (no cookie, a browser's navigation to ?utm_source=newsletter: deferred, nothing sealed)",
      url: session.url,
      path: LINKED_PAGE,
      headers: browser,
      expectCookie: false,
      cookie: () => undefined,
    },
    { name: 'crawler', label: "session, crawlers (no cookie, Googlebot's fetch)", url: session.url, path: PAGE, headers: crawler, expectCookie: false, cookie: () => undefined },
    {
      name: 'mixed',
      label: 'session, mixed: 40 % first (no URL inputs), 40 % cold, 20 % hits',
      url: session.url,
      path: PAGE,
      headers: browser,
      prepare: rewarm,
      cookie: (i) => (i % 5 < 2 ? undefined : i % 5 < 4 ? cold() : pool.cookies[i % pool.cookies.length]),
    },
    ...(node
      ? [
          // The same handler as a Node proxy.ts: no Edge sandbox (whose typed-array and Object built-ins are Proxies).
          { name: 'nodeHit', label: 'proxy.ts (Node), returning visitors (unseal cache hit)', url: node.url, path: PAGE, headers: browser, expectCookie: false, prepare: rewarmOf(node, nodePool.cookies), cookies: nodePool.cookies },
          { name: 'nodeCold', label: 'proxy.ts (Node), returning visitors new to the server', url: node.url, path: PAGE, headers: browser, expectCookie: false, cookie: cold },
          { name: 'nodeLinked', label: 'proxy.ts (Node), first visits from a link with URL inputs (deferred)', url: node.url, path: LINKED_PAGE, headers: browser, expectCookie: false, cookie: () => undefined },
        ]
      : []),
  ];
}

/** Page scenarios of the session build, in the order the tables list them. */
export const PAGE_SCENARIOS = ['hit', 'cold', 'first', 'linked', 'crawler', 'mixed'];
/** The same visitors through the proxy.ts (Node) build. */
export const NODE_SCENARIOS = { hit: 'nodeHit', cold: 'nodeCold', linked: 'nodeLinked' };

/**
 * The page scenarios as arms of the paired build's one server (bench/lib/next-app.mjs,
 * asPaired): the no-op's and the floor's ask for the baseline, and a second no-op arm,
 * the same requests again, is the stream's A/A.
 */
export function pairedArmsOf({ paired, pool, cold }) {
  const scenarios = pageScenariosOf({ session: paired, noop: paired, pool, cold });
  const baselines = new Set(['noop', 'rewrite']);
  const arms = scenarios
    .filter((s) => baselines.has(s.name) || PAGE_SCENARIOS.includes(s.name))
    .map((s) => (baselines.has(s.name) ? { ...s, headers: { ...s.headers, [BASELINE_ARM]: '1' } } : s));
  const noop = arms.find((s) => s.name === 'noop');
  return [noop, { ...noop, name: 'noopAgain', label: 'no-op middleware again (a second arm of the same requests: what the method reads where there is no difference)' }, ...arms.filter((s) => s !== noop)];
}

export async function run({ rounds = 10, apiRounds = 8, fixedRateRounds = 10, fixedRateDuration = 40, duration = 4, connections = 32, coldVisitors = 20_000, forceBuild = false, log = console.log } = {}) {
  const apps = benchApps({ force: forceBuild, log });
  const bundle = middlewareBundle(apps.session);
  // Each prints a line per full collection (bench/lib/gc-trace.mjs).
  const session = await startApp({ ...apps.session, nodeArgs: FULL_GC_TRACE });
  const noop = await startApp({ ...apps.noop, nodeArgs: FULL_GC_TRACE });
  const node = await startApp({ ...apps.node, nodeArgs: FULL_GC_TRACE });
  const paired = await startApp({ ...apps.paired, nodeArgs: FULL_GC_TRACE });
  try {
    const pool = await visitors(session.url, VISITORS);
    const nodePool = await visitors(node.url, VISITORS);
    const pairedPool = await visitors(paired.url, VISITORS);
    for (const other of [nodePool, pairedPool]) if (other.code !== pool.code) throw new Error('the proxy.ts or paired build lands a new visitor on another variant than the middleware.ts build');
    const common = { cookies: pool.cookies };
    log(`minting ${coldVisitors.toLocaleString('en-US')} visitors of another instance ...`);
    const elsewhere = await visitorsOfAnotherInstance(coldVisitors, pool.code);
    let turn = 0;
    const cold = () => elsewhere[turn++ % elsewhere.length];
    const pageScenarios = pageScenariosOf({ session, noop, node, pool, nodePool, cold });
    const arms = pairedArmsOf({ paired, pool: pairedPool, cold });
    const pageSizes = await sameResponse([...pageScenarios, ...arms]);
    // Equal but for the URL Next embeds in the flight data (a variant path is longer).
    if (Math.max(...pageSizes) - Math.min(...pageSizes) > 256) throw new Error(`the page scenarios serve different pages: ${pageSizes.join(', ')} bytes`);
    log(`pages: ${PAGE} (${pageSizes[0]} bytes), variant ${pool.code}`);
    // Each scenario's server, by its URL: its main thread's CPU per request (Linux only), beside req/s.
    const pids = new Map([session, noop, node].map((app) => [app.url, app.pid]));
    const cpuOf = hasThreadCpu() ? (s) => () => mainThreadCpuUs(pids.get(s.url)) : undefined;
    const logs = new Map([session, noop, node, paired].map((app) => [app.url, app.log]));
    const gcOf = (s) => fullGcs(logs.get(s.url)());
    const pages = await compare({ scenarios: pageScenarios, baseline: 'noop', references: { vsReference: 'rewrite', vsHeaderReference: 'rewriteHeaders' }, rounds, duration, connections, cpuOf, gcOf, log });
    const rate = Math.round(FIXED_RATE.share * pages.noop.rps);
    log(`pages at a fixed rate: ${rate} req/s (${FIXED_RATE.said} of the no-op's), every arm on one server`);
    for (const s of arms) await load({ ...s, duration: 2, connections }); // warm-up of the paired server
    const atRate = { rate, paired: true, ...(await pairedLatencyAtRate({ arms, baseline: 'noop', rate, rounds: fixedRateRounds, duration: fixedRateDuration, gcOf: () => gcOf(arms[0]), log })) };

    // A real PATCH's token lengths, for the reference that answers a write's shape with no
    // session; by a visitor of its own, as a pool visitor's write would change what the read scenario's token opens to.
    const [prober] = (await visitors(session.url, 1)).cookies;
    const shape = await requestOnce(`${session.url}/api/sessions`, { method: 'PATCH', headers: { cookie: prober, 'content-type': 'application/json' }, body: patchBody(0) });
    const writeShape = tokenLengths(
      shape.setCookies.map((line) => line.split(';')[0]),
      `PATCH /api/sessions (${shape.status}: ${shape.text.slice(0, 200)})`,
    );
    // Visitors of their own who chose a region once: their cookies are what the write answered.
    const settled = [];
    for (const cookie of (await visitors(session.url, VISITORS)).cookies) {
      const chosen = await requestOnce(`${session.url}/api/sessions`, { method: 'PATCH', headers: { cookie, 'content-type': 'application/json' }, body: UNCHANGED_BODY });
      if (chosen.status !== 200 || chosen.setCookies.length !== 2) throw new Error(`PATCH /api/sessions answered ${chosen.status} with ${chosen.setCookies.length} Set-Cookie lines`);
      settled.push(chosen.setCookies.map((line) => line.split(';')[0]).join('; '));
    }
    const segmentPath = `/api/segments/${pool.segmentTokens[0]}`;
    const apiScenarios = [
      { name: 'static', label: 'GET /api/segments/{token} (baseline: a pure JSON route)', url: session.url, path: segmentPath, ...common },
      { name: 'read', label: `GET /api/sessions?items=… (${ITEMS.split(',').length} items)`, url: session.url, path: `/api/sessions?items=${ITEMS}`, expectCookie: false, ...common },
      // Each visitor sends the tokens its last write set, as a browser does (its own copy of the pool, kept from round to round).
      { name: 'write', label: 'PATCH /api/sessions (country + postal code: region transform)', url: session.url, path: '/api/sessions', method: 'PATCH', body: patchBody, cookies: [...pool.cookies], followCookies: true },
      {
        name: 'unchanged',
        label: "PATCH /api/sessions with the values the session has (FastStore's validateSession on the next page view): the visitor's own tokens, nothing sealed, no Set-Cookie",
        url: session.url,
        path: '/api/sessions',
        method: 'PATCH',
        body: () => UNCHANGED_BODY,
        cookies: settled,
        expectCookie: false,
      },
      { name: 'echo', label: `PATCH ${ECHO_PATH} (the same body read and answered: no session)`, url: session.url, path: ECHO_PATH, method: 'PATCH', body: patchBody, ...common },
      {
        name: 'writeFloor',
        label: `PATCH ${ECHO_PATH} answering a write's shape (the same body read; two tokens of a PATCH's lengths in the body and in two Set-Cookie lines; no session): the write's floor`,
        url: session.url,
        path: ECHO_PATH,
        method: 'PATCH',
        body: patchBody,
        headers: { 'x-bench-cookies': writeShape.header },
        ...common,
      },
    ];
    await sameResponse(apiScenarios);
    const api = await compare({ scenarios: apiScenarios, baseline: 'static', references: { vsReference: 'echo', vsFloor: 'writeFloor' }, rounds: apiRounds, duration, connections, cpuOf, gcOf, log });
    return { pages, atRate, api, writeShape, writeFollowsCookies: true, bundle, buildSeconds: apps.buildSeconds, skippedTypeCheck: apps.skippedTypeCheck ?? false, rounds, apiRounds, fixedRateRounds, fixedRateDuration, duration, connections, coldVisitors, code: pool.code };
  } finally {
    await Promise.all([session.stop(), noop.stop(), node.stop(), paired.stop()]);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await run(), null, 1));
}
