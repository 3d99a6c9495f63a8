#!/usr/bin/env node
/**
 * The Edge middleware's page requests against themselves at another commit: two copies
 * of the app, one with the working tree's lib/ and one with lib/ taken from a git ref,
 * built and served side by side. Each round runs every scenario on both servers in turn
 * (the order flips every round) and counts requests per second and the server's
 * main-thread CPU time per request (/proc).
 *
 * Why two servers: a server has one middleware, so unlike bench/write-ab.mjs the two
 * versions cannot share a process. The machine's speed drifts by half from one minute
 * to the next; a few seconds apart, the two builds see nearly the same machine, and
 * the per-round ratio cancels most of the drift. Not part of `npm run bench`; Linux
 * only (/proc). docs/middleware.md has what it found.
 *
 *   npm run bench:page-ab [-- --ref HEAD~1 --rounds 20 --duration 4 --scenarios first,cold,hit]
 */
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BROWSER_NAVIGATION } from './lib/clients.mjs';
import { load } from './lib/load.mjs';
import { buildApp, copyApp, startApp } from './lib/next-app.mjs';
import { benchOptions } from './lib/options.mjs';
import { ROOT } from './lib/paths.mjs';
import { median, medianInterval } from './lib/stats.mjs';
import { mainThreadCpuUs } from './lib/thread-cpu.mjs';
import { PAGE, visitors, visitorsOfAnotherInstance } from './throughput.mjs';

const { ref, rounds, duration, scenarios: asked } = benchOptions({ ref: 'HEAD', rounds: 20, duration: 4, scenarios: 'first,cold' });

/** What each scenario sends, given the server it is sent to (a returning visitor must be that server's own). */
const SCENARIOS = {
  first: async () => () => ({ headers: BROWSER_NAVIGATION }),
  cold: async (code) => {
    // More visitors than an unseal cache holds, handed out in turn: none is known when it comes round again.
    const cookies = await visitorsOfAnotherInstance(20_000, code);
    return () => ({ headers: BROWSER_NAVIGATION, cookies });
  },
  hit: async () => {
    const pools = new Map();
    return async (app) => {
      if (!pools.has(app)) pools.set(app, (await visitors(app.url, 100)).cookies);
      return { headers: BROWSER_NAVIGATION, cookies: pools.get(app) };
    };
  },
};
const names = asked.split(',');
for (const name of names) if (!(name in SCENARIOS)) throw new Error(`--scenarios: no scenario "${name}" (${Object.keys(SCENARIOS).join(', ')})`);

const builds = { tree: path.join(tmpdir(), 'vtex-sessions-bench', 'page-ab-tree'), ref: path.join(tmpdir(), 'vtex-sessions-bench', 'page-ab-ref') };
for (const [build, dir] of Object.entries(builds)) {
  copyApp(dir, null);
  if (build === 'ref') execFileSync('sh', ['-c', `rm -rf "${dir}/lib" && mkdir "${dir}/lib" && git -C "${ROOT}" archive "${ref}" lib | tar -x -C "${dir}/lib" --strip-components=1`]);
  buildApp({ cwd: dir, distDir: '.next-bench', force: true, env: { NEXT_SKIP_TYPECHECK: '1' } });
}

const apps = {};
try {
  for (const [build, dir] of Object.entries(builds)) apps[build] = await startApp({ cwd: dir, distDir: '.next-bench' });
  const { code } = await visitors(apps.tree.url, 1);
  const sends = Object.fromEntries(await Promise.all(names.map(async (name) => [name, await SCENARIOS[name](code)])));
  const run = async (name, build, seconds, warmup = 0) => load({ url: apps[build].url, path: PAGE, ...(await sends[name](apps[build])), duration: seconds, warmup });
  for (const name of names) for (const build of Object.keys(apps)) await run(name, build, 2);

  const figures = Object.fromEntries(names.map((name) => [name, { tree: { cpu: [], rps: [] }, ref: { cpu: [], rps: [] } }]));
  for (let round = 0; round < rounds; round++) {
    const line = [];
    for (const name of names) {
      for (const build of round % 2 ? ['ref', 'tree'] : ['tree', 'ref']) {
        const before = mainThreadCpuUs(apps[build].pid);
        const result = await run(name, build, duration, 0.5);
        const cpu = (mainThreadCpuUs(apps[build].pid) - before) / result.requests;
        if (result.errors) throw new Error(`${name} on the ${build} build: ${result.errors} errors in round ${round + 1}`);
        figures[name][build].cpu.push(cpu);
        figures[name][build].rps.push(result.rps);
        line.push(`${name} ${build} ${result.rps.toFixed(0)} req/s ${cpu.toFixed(0)} µs`);
      }
    }
    console.log(`  round ${round + 1}/${rounds}: ${line.join(' · ')}`);
  }
  const ratio = (xs) => {
    const [low, high] = medianInterval(xs);
    return `${median(xs).toFixed(3)} (95 % interval ${low.toFixed(3)}–${high.toFixed(3)})`;
  };
  const perRound = (a, b) => a.map((x, i) => x / b[i]);
  console.log(`\nmedians of ${rounds} rounds of ${duration} s, 32 connections; working tree / ${ref}:`);
  for (const name of names) {
    const { tree, ref: old } = figures[name];
    console.log(`  ${name}: req/s ${ratio(perRound(tree.rps, old.rps))}; main-thread CPU per request ${ratio(perRound(tree.cpu, old.cpu))} (${median(tree.cpu).toFixed(0)} against ${median(old.cpu).toFixed(0)} µs)`);
  }
} finally {
  for (const app of Object.values(apps)) await app.stop();
}
