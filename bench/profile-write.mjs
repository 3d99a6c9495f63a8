#!/usr/bin/env node
/**
 * Where a Sessions API PATCH's time goes inside `next start`, set against the echo
 * route's (a PATCH that reads the same body and answers it, with no session). Linux
 * perf samples every thread of the server, and that includes native code (OpenSSL,
 * V8's builtins) and the garbage collector, which V8's own profiler leaves out. Node's
 * `--perf-prof` writes each piece of JIT code to a jitdump that `perf inject --jit` turns
 * into named code (a perf map would name code that moved or replaced freed code wrongly),
 * and the build's source maps tell the route's own code from Next's server. The route's
 * own code is the kit, its packages and whatever of Next it calls. docs/middleware.md
 * has what this found.
 *
 * This is not part of `npm run bench`. It needs `perf`, and leave to sample a process of
 * one's own (kernel.perf_event_paranoid at most 2). What it writes (the jitdump, a file
 * per piece of code, perf's build-id cache) goes to the benchmark's copy of the app and a
 * temporary directory, and is removed after the run.
 *
 *   npm run bench:profile [-- --rounds 6 --duration 5 --frequency 499 --top 15]
 *
 * Rounds alternate (rotated order), so both routes meet the machine in the same states:
 * on a shared machine its speed drifts by half or more from one minute to the next.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { benchApps, ECHO_PATH, startApp } from './lib/next-app.mjs';
import { load } from './lib/load.mjs';
import { fmt, rotate } from './lib/stats.mjs';
import { benchOptions } from './lib/options.mjs';
import { emptyTally, frameResolver, mergeTally, tallyLines } from './lib/perf-samples.mjs';
import { patchBody, visitors, VISITORS } from './throughput.mjs';

const settings = { ...benchOptions({ duration: 5, rounds: 6, frequency: 499, top: 15 }), connections: 32 };

function perfAvailable() {
  try {
    execFileSync('perf', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** perf record on every thread of `pid` while `work` runs; returns what `work` returned. */
async function recorded(pid, file, env, work) {
  // -k mono: the jitdump's clock. -N: no build-id cache of the binaries.
  const perf = spawn('perf', ['record', '-k', 'mono', '-N', '-g', '-F', String(settings.frequency), '-p', String(pid), '-o', file], { stdio: ['ignore', 'ignore', 'pipe'], env });
  let stderr = '';
  perf.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise((resolve) => perf.once('exit', resolve));
  await new Promise((resolve) => setTimeout(resolve, 300));
  if (perf.exitCode !== null) throw new Error(`perf record could not start (is kernel.perf_event_paranoid above 2?):\n${stderr}`);
  const result = await work();
  perf.kill('SIGINT');
  await exited;
  if (!existsSync(file)) throw new Error(`perf record wrote nothing:\n${stderr}`);
  return result;
}

/** Runs `perf script` on one recording and tallies its lines (bench/lib/perf-samples.mjs). */
function tally(file, { pid, resolve, env }) {
  const script = spawn('perf', ['script', '-F', 'tid,ip,sym', '-i', file], { stdio: ['ignore', 'pipe', 'ignore'], env });
  return tallyLines(readline.createInterface({ input: script.stdout, crlfDelay: Infinity }), { pid, resolve });
}

export async function run({ log = console.log } = {}) {
  if (!perfAvailable()) throw new Error('perf is not installed (Debian: apt-get install linux-perf)');
  const { session: build } = benchApps({ log });
  const app = await startApp({ ...build, nodeArgs: ['--perf-prof'] });
  const dir = mkdtempSync(path.join(tmpdir(), 'vtex-sessions-profile-'));
  // perf keeps a copy of every file it names in $HOME/.debug (hundreds of megabytes of
  // JIT code here): this run's HOME, removed with it.
  const env = { ...process.env, HOME: dir };
  try {
    const { cookies } = await visitors(app.url, VISITORS);
    const scenarios = {
      write: { label: 'PATCH /api/sessions', path: '/api/sessions' },
      echo: { label: `PATCH ${ECHO_PATH}`, path: ECHO_PATH },
    };
    const request = (name, duration) => load({ url: app.url, path: scenarios[name].path, method: 'PATCH', body: patchBody, cookies, duration, connections: settings.connections });
    for (const name of Object.keys(scenarios)) await request(name, 3); // warm-up: JIT, connections
    const totals = Object.fromEntries(Object.keys(scenarios).map((name) => [name, { requests: 0, ...emptyTally() }]));
    const recordings = [];
    for (let round = 0; round < settings.rounds; round++) {
      for (const name of rotate(Object.keys(scenarios), round)) {
        const file = path.join(dir, `${name}-${round}.data`);
        const result = await recorded(app.pid, file, env, () => request(name, settings.duration));
        log(`  round ${round + 1}/${settings.rounds}: ${name} ${Math.round(result.rps)} req/s${result.errors ? `, ${result.errors} errors` : ''}`);
        totals[name].requests += result.requests;
        recordings.push({ name, file });
      }
    }
    await app.stop(); // the jitdump is whole once the process is gone
    const resolve = frameResolver(path.join(build.cwd, build.distDir, 'server') + path.sep);
    for (const { name, file } of recordings) {
      execFileSync('perf', ['inject', '--jit', '-i', file, '-o', `${file}.jit`], { cwd: build.cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
      mergeTally(totals[name], await tally(`${file}.jit`, { pid: app.pid, resolve, env }));
    }
    return { totals, scenarios };
  } finally {
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
    // --perf-prof's jitdump and code log, and what perf inject made of them.
    const mine = new RegExp(`^(jit-${app.pid}\\.dump|jitted-${app.pid}-\\d+\\.so|isolate-0x[0-9a-f]+-${app.pid}-v8\\.log)$`);
    for (const file of readdirSync(build.cwd)) if (mine.test(file)) rmSync(path.join(build.cwd, file));
  }
}

function report({ totals, scenarios }) {
  const us = (samples, name) => (samples * 1e6) / settings.frequency / totals[name].requests;
  const { write, echo } = totals;
  const row = (label, w, e, difference = true) =>
    `${label.padEnd(36)}${fmt.us(w).padStart(10)}${fmt.us(e).padStart(10)}${difference ? `${w >= e ? '+' : ''}${fmt.us(w - e)}`.padStart(12) : ''}`;
  const top = (entries) => entries.slice(0, settings.top).map(([label, v]) => `${fmt.us(v).padStart(9)}  ${label}`);
  return [
    `µs per request on the server's main thread (${settings.rounds} rounds of ${settings.duration} s, ${settings.connections} connections, ${settings.frequency} Hz):`,
    `${''.padEnd(36)}${'PATCH'.padStart(10)}${'echo'.padStart(10)}${'difference'.padStart(12)}`,
    row('all of it', us(write.main, 'write'), us(echo.main, 'echo')),
    row('the garbage collector', us(write.gc, 'write'), us(echo.gc, 'echo')),
    // Not a difference: the echo reads and answers after its handler awaits, in Next's frames.
    // The echo's line also says how much of its one-line handler's time perf attributes.
    row("while the route's code runs", us(write.own, 'write'), us(echo.own, 'echo'), false),
    '',
    `${scenarios.write.label}: the route's own code and what it calls while it runs, inclusive, by function:`,
    ...top([...write.ownFrames].map(([label, n]) => [label, us(n, 'write')]).sort((a, b) => b[1] - a[1])),
    '',
    'Outside the route\'s own code, JavaScript functions, inclusive, those most above the echo route (µs per request):',
    ...top(
      [...new Set([...write.otherFrames.keys(), ...echo.otherFrames.keys()])]
        .map((label) => [label, us(write.otherFrames.get(label) ?? 0, 'write'), us(echo.otherFrames.get(label) ?? 0, 'echo')])
        .sort((a, b) => b[1] - b[2] - (a[1] - a[2]))
        .map(([label, w, e]) => [`${label} (echo ${fmt.us(e)})`, w]),
    ),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(report(await run()));
}
