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
 *   npm run bench:page-ab [-- --ref HEAD~1 --rounds 20 --duration 4 --scenarios linked,first,cold,hit]
 */
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { load } from './lib/load.mjs';
import { buildApp, copyApp, startApp } from './lib/next-app.mjs';
import { benchOptions } from './lib/options.mjs';
import { ROOT } from './lib/paths.mjs';
import { median, medianInterval } from './lib/stats.mjs';
import { mainThreadCpuUs } from './lib/thread-cpu.mjs';
import { pageScenariosOf, visitors, visitorsOfAnotherInstance, VISITORS } from './throughput.mjs';

const { ref, rounds, duration, scenarios: asked } = benchOptions({ ref: 'HEAD', rounds: 20, duration: 4, scenarios: 'linked,cold' });

/** The scenarios `npm run bench` sends to the session build (bench/throughput.mjs), by name. */
const SCENARIOS = ['first', 'linked', 'cold', 'hit'];
const names = asked.split(',');
for (const name of names) if (!SCENARIOS.includes(name)) throw new Error(`--scenarios: no scenario "${name}" (${SCENARIOS.join(', ')})`);

const builds = { tree: path.join(tmpdir(), 'vtex-sessions-bench', 'page-ab-tree'), ref: path.join(tmpdir(), 'vtex-sessions-bench', 'page-ab-ref') };
for (const [build, dir] of Object.entries(builds)) {
  copyApp(dir, null);
  if (build === 'ref') execFileSync('sh', ['-c', `rm -rf "${dir}/lib" && mkdir "${dir}/lib" && git -C "${ROOT}" archive "${ref}" lib | tar -x -C "${dir}/lib" --strip-components=1`]);
  buildApp({ cwd: dir, distDir: '.next-bench', force: true, env: { NEXT_SKIP_TYPECHECK: '1' } });
}

const apps = {};
try {
  for (const [build, dir] of Object.entries(builds)) apps[build] = await startApp({ cwd: dir, distDir: '.next-bench' });
  // Each server's own returning visitors; visitors of another instance, new to both.
  const pools = { tree: await visitors(apps.tree.url, VISITORS), ref: await visitors(apps.ref.url, VISITORS) };
  if (pools.tree.code !== pools.ref.code) throw new Error('the two builds land a new visitor on different variants');
  const elsewhere = names.includes('cold') ? await visitorsOfAnotherInstance(20_000, pools.tree.code) : [];
  let turn = 0;
  const cold = () => elsewhere[turn++ % elsewhere.length];
  const scenarios = Object.fromEntries(
    Object.entries(apps).map(([build, app]) => [build, new Map(pageScenariosOf({ session: app, noop: app, pool: pools[build], cold }).map((s) => [s.name, s]))]),
  );
  const run = (name, build, seconds, warmup = 0) => load({ ...scenarios[build].get(name), duration: seconds, warmup, cpu: () => mainThreadCpuUs(apps[build].pid) });
  for (const name of names) for (const build of Object.keys(apps)) await run(name, build, 2);

  const figures = Object.fromEntries(names.map((name) => [name, { tree: { cpu: [], rps: [] }, ref: { cpu: [], rps: [] } }]));
  for (let round = 0; round < rounds; round++) {
    const line = [];
    for (const name of names) {
      for (const build of round % 2 ? ['ref', 'tree'] : ['tree', 'ref']) {
        // A hit round starts with the server's pool seen again (bench/throughput.mjs), outside the count.
        await scenarios[build].get(name).prepare?.();
        // CPU over the measured span only (load.mjs), not the warm-up's too.
        const result = await run(name, build, duration, 0.5);
        const cpu = result.cpuUs;
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
