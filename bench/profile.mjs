#!/usr/bin/env node
/**
 * Where a request's time goes inside `next start`, set against a reference that pays
 * what Next charges anyway: a Sessions API PATCH against the echo route (a PATCH that
 * reads the same body and answers it, with no session), or a page scenario of the
 * session build against its floor on the no-op build (bench/lib/next-app.mjs), as
 * `npm run bench` pairs them. Linux perf samples every thread of each server, and that
 * includes native code (OpenSSL, V8's builtins) and the garbage collector, which V8's
 * own profiler leaves out. Node's `--perf-prof` writes each piece of JIT code to a
 * jitdump that `perf inject --jit` turns into named code (a perf map would name code
 * that moved or replaced freed code wrongly), and the build's source maps tell the
 * kit's own code (the route's, or the middleware's) from Next's server: what runs in
 * the Edge sandbox is named by its source too. docs/middleware.md has what this found.
 *
 * This is not part of `npm run bench`. It needs `perf`, and leave to sample a process of
 * one's own (kernel.perf_event_paranoid at most 2). What it writes (the jitdump, a file
 * per piece of code, perf's build-id cache) goes to the benchmark's copies of the app
 * and a temporary directory, and is removed after the run.
 *
 *   npm run bench:profile [-- --scenario write --rounds 6 --duration 5 --frequency 499 --top 15]
 *
 * --scenario: write (PATCH against the echo route), hit, cold, first and linked
 * (returning visitors seen by the server, new to it, and deferred first visits without
 * and with URL inputs, against the bare rewrite with a returning visitor's headers),
 * crawler (against the bare rewrite).
 *
 * Rounds alternate (rotated order), so both sides meet the machine in the same states:
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
import { pageScenariosOf, patchBody, visitors, visitorsOfAnotherInstance, VISITORS } from './throughput.mjs';

const settings = { ...benchOptions({ scenario: 'write', duration: 5, rounds: 6, frequency: 499, top: 15 }), connections: 32 };

/** Each profiled scenario and its reference: what the kit adds is the difference. */
const PAIRS = {
  write: ['write', 'echo'],
  first: ['first', 'rewriteHeaders'],
  linked: ['linked', 'rewriteHeaders'],
  hit: ['hit', 'rewriteHeaders'],
  cold: ['cold', 'rewriteHeaders'],
  crawler: ['crawler', 'rewrite'],
};
if (!Object.hasOwn(PAIRS, settings.scenario)) throw new Error(`--scenario: "${settings.scenario}" is not one of ${Object.keys(PAIRS).join(', ')}`);
const [SUBJECT, REFERENCE] = PAIRS[settings.scenario];

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

/** The scenarios by name, each with the server it runs on: the pages' need both builds, a write's only the session's. */
async function scenariosOf(servers) {
  const { session, noop } = servers;
  const pool = await visitors(session.url, VISITORS);
  const list =
    settings.scenario === 'write'
      ? [
          // Each visitor sends the tokens its last write set, as a browser does: its own copy of the pool.
          { name: 'write', label: 'PATCH /api/sessions', url: session.url, path: '/api/sessions', method: 'PATCH', body: patchBody, cookies: [...pool.cookies], followCookies: true },
          { name: 'echo', label: `PATCH ${ECHO_PATH}`, url: session.url, path: ECHO_PATH, method: 'PATCH', body: patchBody, cookies: pool.cookies },
        ]
      : await (async () => {
          const elsewhere = settings.scenario === 'cold' ? await visitorsOfAnotherInstance(20_000, pool.code) : [];
          let turn = 0;
          return pageScenariosOf({ session, noop, pool, cold: () => elsewhere[turn++ % elsewhere.length] });
        })();
  const serverOf = (url) => Object.values(servers).find((server) => server.url === url);
  return Object.fromEntries(list.map((s) => [s.name, { ...s, server: serverOf(s.url) }]));
}

export async function run({ log = console.log } = {}) {
  if (!perfAvailable()) throw new Error('perf is not installed (Debian: apt-get install linux-perf)');
  const apps = benchApps({ log });
  const builds = settings.scenario === 'write' ? { session: apps.session } : { session: apps.session, noop: apps.noop };
  const servers = {};
  for (const [name, build] of Object.entries(builds)) servers[name] = { ...(await startApp({ ...build, nodeArgs: ['--perf-prof'] })), build };
  const dir = mkdtempSync(path.join(tmpdir(), 'vtex-sessions-profile-'));
  // perf keeps a copy of every file it names in $HOME/.debug (hundreds of megabytes of
  // JIT code here): this run's HOME, removed with it.
  const env = { ...process.env, HOME: dir };
  try {
    const all = await scenariosOf(servers);
    const scenarios = { [SUBJECT]: all[SUBJECT], [REFERENCE]: all[REFERENCE] };
    const request = (name, duration) => load({ ...scenarios[name], duration, connections: settings.connections });
    for (const name of Object.keys(scenarios)) await request(name, 3); // warm-up: JIT, connections
    const totals = Object.fromEntries(Object.keys(scenarios).map((name) => [name, { requests: 0, ...emptyTally() }]));
    const recordings = [];
    for (let round = 0; round < settings.rounds; round++) {
      for (const name of rotate(Object.keys(scenarios), round)) {
        const file = path.join(dir, `${name}-${round}.data`);
        await scenarios[name].prepare?.(); // not recorded: a hit round sees the pool again
        const result = await recorded(scenarios[name].server.pid, file, env, () => request(name, settings.duration));
        log(`  round ${round + 1}/${settings.rounds}: ${name} ${Math.round(result.rps)} req/s${result.errors ? `, ${result.errors} errors` : ''}`);
        totals[name].requests += result.requests;
        recordings.push({ name, file });
      }
    }
    // A jitdump is whole once its process is gone.
    await Promise.all(Object.values(servers).map((server) => server.stop()));
    for (const { name, file } of recordings) {
      const { build, pid } = scenarios[name].server;
      const resolve = frameResolver(path.join(build.cwd, build.distDir, 'server') + path.sep);
      execFileSync('perf', ['inject', '--jit', '-i', file, '-o', `${file}.jit`], { cwd: build.cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
      mergeTally(totals[name], await tally(`${file}.jit`, { pid, resolve, env }));
    }
    return { totals, scenarios };
  } finally {
    await Promise.all(Object.values(servers).map((server) => server.stop()));
    rmSync(dir, { recursive: true, force: true });
    for (const { build, pid } of Object.values(servers)) {
      // --perf-prof's jitdump and code log, and what perf inject made of them.
      const mine = new RegExp(`^(jit-${pid}\\.dump|jitted-${pid}-\\d+\\.so|isolate-0x[0-9a-f]+-${pid}-v8\\.log)$`);
      for (const file of readdirSync(build.cwd)) if (mine.test(file)) rmSync(path.join(build.cwd, file));
    }
  }
}

function report({ totals, scenarios }) {
  const us = (samples, name) => (samples * 1e6) / settings.frequency / totals[name].requests;
  const [subject, reference] = [totals[SUBJECT], totals[REFERENCE]];
  const width = Math.max(SUBJECT.length, REFERENCE.length) + 2;
  const row = (label, a, b, difference = true) =>
    `${label.padEnd(36)}${fmt.us(a).padStart(width)}${fmt.us(b).padStart(width)}${difference ? `${a >= b ? '+' : ''}${fmt.us(a - b)}`.padStart(12) : ''}`;
  const top = (entries) => entries.slice(0, settings.top).map(([label, v]) => `${fmt.us(v).padStart(9)}  ${label}`);
  return [
    `${SUBJECT}: ${scenarios[SUBJECT].label}; ${REFERENCE}: ${scenarios[REFERENCE].label}.`,
    `µs per request on the server's main thread (${settings.rounds} rounds of ${settings.duration} s, ${settings.connections} connections, ${settings.frequency} Hz):`,
    `${''.padEnd(36)}${SUBJECT.padStart(width)}${REFERENCE.padStart(width)}${'difference'.padStart(12)}`,
    row('all of it', us(subject.main, SUBJECT), us(reference.main, REFERENCE)),
    row('the garbage collector', us(subject.gc, SUBJECT), us(reference.gc, REFERENCE)),
    // Not a difference: the echo route reads and answers after its handler awaits, in Next's
    // frames. The reference's line also says how much of its own few lines perf attributes.
    row("while the app's own code runs", us(subject.own, SUBJECT), us(reference.own, REFERENCE), false),
    '',
    `${scenarios[SUBJECT].label}: the app's own code (the kit, a route or middleware.ts) and what it calls while it runs, inclusive, by function:`,
    ...top([...subject.ownFrames].map(([label, n]) => [label, us(n, SUBJECT)]).sort((a, b) => b[1] - a[1])),
    '',
    `Outside the app's own code, JavaScript functions, inclusive, those most above ${REFERENCE} (µs per request):`,
    ...top(
      [...new Set([...subject.otherFrames.keys(), ...reference.otherFrames.keys()])]
        .map((label) => [label, us(subject.otherFrames.get(label) ?? 0, SUBJECT), us(reference.otherFrames.get(label) ?? 0, REFERENCE)])
        .sort((a, b) => b[1] - b[2] - (a[1] - a[2]))
        .map(([label, a, b]) => [`${label} (${REFERENCE} ${fmt.us(b)})`, a]),
    ),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(report(await run()));
}
