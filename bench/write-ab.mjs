#!/usr/bin/env node
/**
 * The kit's Sessions API PATCH against itself at another commit, in one server: the
 * working tree's app serves `PATCH /api/sessions`, and a copy of `lib/` taken from a
 * git ref serves the same route at `/api/sessions-ref`, with its own kit over the same
 * configuration and transforms. Rounds alternate the two routes and the echo route (a
 * PATCH that reads the same body and answers it, no session), and each is measured by
 * the server's main-thread CPU time per request (utime + stime of that thread, from
 * /proc), besides requests per second.
 *
 * Why one server and CPU time: the machine's speed drifts by half or more from one
 * minute to the next, which swamps req/s ratios between builds; two routes of one
 * process share its heap, JIT and Next, and a thread's CPU time counts only its own
 * work. Run it against the same commit (`--ref HEAD` with a clean tree) to see what the
 * machine resolves: on a 2-core VM, 24 rounds of 3 s put such an A/A run at 0.99 with a
 * 95 % interval of about ±5 %. docs/middleware.md has what it found. Not part of
 * `npm run bench`; Linux only (/proc).
 *
 *   npm run bench:write-ab [-- --ref HEAD~1 --rounds 24 --duration 3]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { addEchoRoute, buildApp, copyApp, ECHO_PATH, startApp } from './lib/next-app.mjs';
import { load } from './lib/load.mjs';
import { ROOT } from './lib/paths.mjs';
import { median, medianInterval } from './lib/stats.mjs';
import { allThreadsCpuUs, mainThreadCpuUs } from './lib/thread-cpu.mjs';
import { benchOptions } from './lib/options.mjs';
import { patchBody, visitors, VISITORS } from './throughput.mjs';

const { ref, rounds, duration } = benchOptions({ ref: 'HEAD', rounds: 24, duration: 3 });

const REF_ROUTE = '/api/sessions-ref';
const REF_ROUTE_SOURCE = `// Written by bench/write-ab.mjs: the Sessions API of lib_ref/ (another commit's lib/), beside the app's own.
import { createSessionKit } from '@/lib_ref/next/kit';
import { createSessionsRoute } from '@/lib_ref/next/sessions-route';
import { storeFromEnv } from '@/lib_ref/next/store-from-env';
import { sessionTransforms } from '@/session-transforms';
import { storeConfig } from '@/store.config';

const kit = createSessionKit({ config: storeConfig, transforms: sessionTransforms, store: () => storeFromEnv() });
export const { PATCH } = createSessionsRoute(kit);
`;

const dir = path.join(tmpdir(), 'vtex-sessions-bench', 'write-ab');
console.log(`working tree against ${ref}: copying and building ${dir} ...`);
copyApp(dir, null);
addEchoRoute(dir);
rmSync(path.join(dir, 'lib_ref'), { recursive: true, force: true });
mkdirSync(path.join(dir, 'lib_ref'));
execFileSync('sh', ['-c', `git -C "${ROOT}" archive "${ref}" lib | tar -x -C "${path.join(dir, 'lib_ref')}" --strip-components=1`]);
mkdirSync(path.join(dir, 'app', REF_ROUTE), { recursive: true });
writeFileSync(path.join(dir, 'app', REF_ROUTE, 'route.ts'), REF_ROUTE_SOURCE);
buildApp({ cwd: dir, distDir: '.next-bench', force: true, env: { NEXT_SKIP_TYPECHECK: '1' } });

const app = await startApp({ cwd: dir, distDir: '.next-bench' });
try {
  const routes = { tree: '/api/sessions', ref: REF_ROUTE, echo: ECHO_PATH };
  const names = Object.keys(routes);
  // A pool of visitors per route: each route's engine remembers the sessions it issued.
  const pools = {};
  for (const name of names) pools[name] = (await visitors(app.url, VISITORS)).cookies;
  // Each visitor of a session route sends the tokens its last write set, as a browser does.
  const run = (name, seconds) => load({ url: app.url, path: routes[name], method: 'PATCH', body: patchBody, cookies: pools[name], followCookies: name !== 'echo', duration: seconds, connections: 32 });
  for (const name of names) await run(name, 2);
  const main = Object.fromEntries(names.map((n) => [n, []]));
  const all = Object.fromEntries(names.map((n) => [n, []]));
  const rps = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < rounds; round++) {
    const order = [...names.slice(round % 3), ...names.slice(0, round % 3)];
    if (Math.floor(round / 3) % 2) order.reverse();
    for (const name of order) {
      const [m0, a0] = [mainThreadCpuUs(app.pid), allThreadsCpuUs(app.pid)];
      const result = await run(name, duration);
      const [m1, a1] = [mainThreadCpuUs(app.pid), allThreadsCpuUs(app.pid)];
      if (result.errors) throw new Error(`${routes[name]}: ${result.errors} errors in round ${round + 1}`);
      main[name].push((m1 - m0) / result.requests);
      all[name].push((a1 - a0) / result.requests);
      rps[name].push(result.rps);
    }
    console.log(`  round ${round + 1}/${rounds}: ` + names.map((n) => `${n} ${main[n].at(-1).toFixed(0)} µs main, ${rps[n].at(-1).toFixed(0)} req/s`).join(' · '));
  }
  const ratio = (xs) => {
    const [low, high] = medianInterval(xs);
    return `${median(xs).toFixed(3)} (95 % interval ${low.toFixed(3)}–${high.toFixed(3)})`;
  };
  const perRound = (a, b) => a.map((x, i) => x / b[i]);
  console.log(`\nmedians of ${rounds} rounds of ${duration} s, 32 connections:`);
  for (const n of names) console.log(`  ${routes[n]}: ${median(main[n]).toFixed(0)} µs main thread per request, ${median(all[n]).toFixed(0)} µs all threads, ${median(rps[n]).toFixed(0)} req/s`);
  console.log(`working tree / ${ref}, main-thread CPU per PATCH: ${ratio(perRound(main.tree, main.ref))}`);
  console.log(`working tree / ${ref}, all threads' CPU per PATCH: ${ratio(perRound(all.tree, all.ref))}`);
  console.log(`PATCH req/s over the echo route's: working tree ${ratio(perRound(rps.tree, rps.echo))}, ${ref} ${ratio(perRound(rps.ref, rps.echo))}`);
} finally {
  await app.stop();
}
