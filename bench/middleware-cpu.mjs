/**
 * 1. Middleware CPU per request, in-process: the demo's session middleware
 * (createSessionMiddleware with store.config.ts and session-transforms.ts) against a
 * bare rewrite handler, on the same pre-built NextRequests. Batches alternate
 * between the handlers; CPU time of the process (process.cpuUsage, which counts the
 * thread pool where WebCrypto seals) per request, median over rounds.
 */
import vm from 'node:vm';
import v8 from 'node:v8';
import { kitForNode } from './lib/bundle.mjs';
import { BENCH_SECRET } from './lib/next-app.mjs';
import { median, range, rotate } from './lib/stats.mjs';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');

const ORIGIN = 'http://localhost:3000';
const PATH = '/p/stoneware-mug';
/** What a browser sends with a page request (Next hands the middleware all of it). */
const BROWSER_HEADERS = {
  host: 'localhost:3000',
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36',
  accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
  'accept-language': 'pt-BR,pt;q=0.9,en;q=0.8',
  'accept-encoding': 'gzip, deflate, br',
};
const pageRequest = (NextRequest, cookie) => new NextRequest(`${ORIGIN}${PATH}`, { headers: cookie ? { ...BROWSER_HEADERS, cookie } : BROWSER_HEADERS });

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

export async function run({ rounds = 15, batch = 5000, slowBatch = 150, log = console.log } = {}) {
  const kit = await kitForNode();
  const { NextRequest, NextResponse, createSessionMiddleware, sessionTransforms, storeConfig, VARIANT_HEADER } = kit;
  const make = () =>
    createSessionMiddleware({ config: storeConfig, transforms: sessionTransforms, secrets: () => [BENCH_SECRET], production: true });
  const middleware = make();
  // What Next would run without the kit: a rewrite to a variant path, no session.
  const bare = async (request) => {
    const target = request.nextUrl.clone();
    target.pathname = `/v${request.nextUrl.pathname}`;
    return NextResponse.rewrite(target);
  };

  // Returning visitors: cookies this middleware minted (so it has unsealed them before).
  const visitors = [];
  for (let i = 0; i < 200; i++) {
    const response = await middleware(pageRequest(NextRequest));
    visitors.push(response.headers.getSetCookie().map((line) => line.split(';')[0]).join('; '));
  }
  const returning = (n) => Array.from({ length: n }, (_, i) => pageRequest(NextRequest, visitors[i % visitors.length]));
  const firstVisit = (n) => Array.from({ length: n }, () => pageRequest(NextRequest));
  const check = await middleware(returning(1)[0]);
  if (!check.headers.get(VARIANT_HEADER) || check.headers.getSetCookie().length > 0) throw new Error('returning visitor: expected a rewrite and no Set-Cookie');

  // Warm-up: JIT for every path.
  for (let i = 0; i < 3; i++) {
    await measure(bare, returning(batch));
    await measure(middleware, returning(batch));
  }
  await measure(middleware, firstVisit(slowBatch));

  const names = ['bare', 'returning', 'first', 'cold'];
  const cpu = Object.fromEntries(names.map((name) => [name, []]));
  const wall = Object.fromEntries(names.map((name) => [name, []]));
  const ratios = { cpu: [], wall: [] };
  for (let round = 0; round < rounds; round++) {
    const got = {};
    for (const name of rotate(names, round)) {
      if (name === 'bare') got.bare = await measure(bare, returning(batch));
      if (name === 'returning') got.returning = await measure(middleware, returning(batch));
      if (name === 'first') got.first = await measure(middleware, firstVisit(slowBatch));
      if (name === 'cold') {
        // A returning visitor this server has not seen (another instance, a restart):
        // a fresh middleware, so every token is unsealed for real.
        const fresh = make();
        await fresh(pageRequest(NextRequest)); // its keys and the default variant code
        got.cold = await measure(fresh, returning(slowBatch));
      }
    }
    for (const name of names) {
      cpu[name].push(got[name].cpu);
      wall[name].push(got[name].wall);
    }
    ratios.cpu.push(got.returning.cpu / got.bare.cpu);
    ratios.wall.push(got.returning.wall / got.bare.wall);
    log(
      `  round ${round + 1}/${rounds}: CPU µs/request: bare ${got.bare.cpu.toFixed(1)}, returning ${got.returning.cpu.toFixed(1)}, ` +
        `first visit ${got.first.cpu.toFixed(0)}, unseal miss ${got.cold.cpu.toFixed(0)} (wall: ${got.bare.wall.toFixed(1)}, ${got.returning.wall.toFixed(1)})`,
    );
  }
  const result = (samples) => Object.fromEntries(names.map((name) => [name, median(samples[name])]));
  return {
    cpu: { ...result(cpu), ratio: median(ratios.cpu), ratioRange: range(ratios.cpu), returningRange: range(cpu.returning) },
    wall: { ...result(wall), ratio: median(ratios.wall), ratioRange: range(ratios.wall), returningRange: range(wall.returning) },
    rounds,
    batch,
    slowBatch,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await run());
}
