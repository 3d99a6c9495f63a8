#!/usr/bin/env node
/**
 * The benchmarks of issues 8 and 15, each a ratio against a baseline measured in the
 * same run, medians over rounds. Prints a table and writes BENCHMARKS.md.
 *
 *   npm run bench                       everything (about 30 minutes on 2 cores)
 *   node bench/run.mjs --only cpu,cache  some of: cpu, cache, client, cookies, memory, http
 *   options: --rounds 10 (pages) --api-rounds 12 --duration 2 --connections 32 (HTTP),
 *            --fixed-rate-rounds 10 --fixed-rate-duration 40 (pages at a third of the no-op's req/s),
 *            --cpu-rounds 11,
 *            --build (rebuild the apps even if the sources did not change),
 *            --no-write (print only; a partial run never writes BENCHMARKS.md),
 *            --rerender (measure nothing: report the last run again, from its saved
 *            figures, after a change to this file's text; a partial run's report, or one
 *            measured with --no-write, is printed as markdown instead of written: add
 *            --record to write a --no-write run after all)
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as cacheEfficiency from './cache-efficiency.mjs';
import * as clientBytes from './client-bytes.mjs';
import * as cookieSizes from './cookie-sizes.mjs';
import * as edgeSandbox from './edge-sandbox.mjs';
import { ROOT } from './lib/paths.mjs';
import { fmt } from './lib/stats.mjs';
import * as middlewareCpu from './middleware-cpu.mjs';
import * as throughput from './throughput.mjs';
import { ECHO_PATH } from './lib/next-app.mjs';
import * as unsealCache from './unseal-cache.mjs';
import { benchOptions } from './lib/options.mjs';

const PARTS = ['cpu', 'cache', 'client', 'cookies', 'memory', 'http'];
const { only: onlyList, build, 'no-write': noWrite, rerender, record, ...settings } = benchOptions(
  { only: null, rounds: 10, apiRounds: 12, fixedRateRounds: 10, fixedRateDuration: 40, duration: 2, connections: 32, cpuRounds: 11 },
  { flags: ['build', 'no-write', 'rerender', 'record'] },
);
/** The last run's figures, kept so its report can be written again without measuring (--rerender). */
const LAST_RUN = path.join(ROOT, 'node_modules/.cache/vtex-sessions-bench/last-run.json');
const only = onlyList?.split(',') ?? PARTS;
for (const part of only) if (!PARTS.includes(part)) throw new Error(`--only: "${part}" is not one of ${PARTS.join(', ')}`);
const write = only.length === PARTS.length && !noWrite;

const KB_TARGET = 5000;
/** Issue 15's targets (and issue 8's that still stand). */
const TARGETS = {
  // Every first visit (no cookie), deferred, from a link, a crawler's or minted on the page: the same targets.
  cpu: { hit: 10, cold: 60, first: 150, linked: 150, clicked: 150, minted: 150, crawler: 150 },
  rps: { hit: 0.95, cold: 0.9, first: 0.9, linked: 0.9, crawler: 0.9 },
  p99: 1.2,
  patch: 0.8,
  bundleBytes: 1024 * 1024,
};
/** Issue 15's "now": the tree it was filed against. */
const BEFORE = {
  // Then every first visit was minted and sealed on the page.
  cpu: { hit: '12 µs', cold: '378 µs', first: '617 µs', linked: '617 µs', minted: '617 µs', crawler: '617 µs' },
  rps: { hit: '0.94', cold: '≈ 0.67', first: '≈ 0.52', linked: '≈ 0.52', crawler: '≈ 0.52' },
  patch: '0.55',
};

function machine() {
  const cpus = os.cpus();
  let nproc = String(os.availableParallelism?.() ?? cpus.length);
  try {
    nproc = execFileSync('nproc', { encoding: 'utf8' }).trim();
  } catch {
    // not Linux
  }
  const pkg = (name) => JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
  return {
    nproc,
    cpu: cpus[0]?.model ?? 'unknown',
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    node: process.version,
    next: pkg('next'),
    autocannon: pkg('autocannon'),
    os: `${os.type()} ${os.release()}`,
    load: os.loadavg().map((v) => v.toFixed(2)).join(', '),
  };
}

const status = (ok) => (ok ? 'met' : '**missed**');
/** A ratio, and the 95 % interval of its median over the rounds (bench/lib/stats.mjs). */
const withInterval = (x) =>
  `${x.rpsRatio.toFixed(2)} (95 % interval ${x.rpsRatioInterval.map((v) => v.toFixed(2)).join('–')})` +
  (x.cpuRatio === undefined ? '' : `; main-thread CPU per request ${x.cpuRatio.toFixed(2)}x the baseline's (95 % interval ${x.cpuRatioInterval.map((v) => v.toFixed(2)).join('–')})`);
/** A target's status from its median and whether its interval still reaches the target. */
const statusWithin = (met, reachable) => (met ? 'met' : reachable ? '**missed** (the target is within the interval)' : '**missed**');
const ratioStatus = (x, target) => statusWithin(x.rpsRatio >= target, x.rpsRatioInterval[1] >= target);
const bytes = (n) => `${fmt.int(n)} B`;
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const line = (x) => `${fmt.int(x.rps)} req/s, p50 ${x.p50} ms, p99 ${x.p99} ms`;
/** A difference of medians with its sign: a noisy floor can come out above a path that pays it. */
const signedUs = (us) => `${us < 0 ? '−' : '+'}${fmt.us(Math.abs(us))}`;
const floorDistance = (x, bare) => `${fmt.ratio(x.cpu / bare.cpu)} the floor (${signedUs(x.cpu - bare.cpu)} µs)`;

/** The page scenario whose p99 is the most above the no-op's. */
function worstP99(summary) {
  const name = throughput.PAGE_SCENARIOS.reduce((a, b) => (summary[b].p99Ratio > summary[a].p99Ratio ? b : a));
  return { name, ratio: summary[name].p99Ratio };
}

/** BENCHMARKS.md's account of the fixed-rate runs (bench/lib/open-loop.mjs). */
/**
 * The floor a page scenario's response is closest to, when it has one: the bare
 * rewrite sending the same headers, no session. A deferred first visit's response
 * carries a returning visitor's headers.
 */
function floorOfItsOwn(pages, name) {
  const own = /hit|cold|first|linked/i.test(name)
    ? { floor: pages.rewriteHeaders, ratio: pages[name].vsHeaderReference, said: "the returning-visitor floor (the same rewrite with a returning visitor's headers)" }
    : null;
  if (!own?.floor || !own.ratio) return '';
  return ` ${own.said[0].toUpperCase()}${own.said.slice(1)} made ${own.floor.rpsRatio.toFixed(2)} of the no-op's req/s, and this scenario ${own.ratio.rpsRatio.toFixed(2)} of it.`;
}

const p99IntervalOf = (x) => x.p99RatioInterval.map((v) => v.toFixed(2)).join('–');
/** A p99 ratio's status against its ceiling. */
const p99Status = (x) => statusWithin(x.p99Ratio <= TARGETS.p99, x.p99RatioInterval[0] <= TARGETS.p99);
/** Whether a run's fixed-rate figures came from the paired stream (runs saved before it are not reported again). */
const pairedAtRate = (http) => http.atRate?.paired === true;

/** Full collections per 10,000 responses, and pause per response, of scenarios' slices taken together (at saturation). */
function gcRate(of) {
  if (of.length === 0 || of.some((x) => x.fullGcs === undefined)) return null;
  const answered = of.reduce((n, x) => n + x.answered, 0);
  const count = of.reduce((n, x) => n + x.fullGcs, 0);
  const pauseMs = of.reduce((n, x) => n + x.gcPauseMs, 0);
  return { count, answered, per10k: (count / answered) * 10_000, pausePerRequestUs: (pauseMs * 1000) / answered };
}

/** The session build's collections at saturation against the no-op build's. */
function gcAtSaturation(pages) {
  const session = gcRate(throughput.PAGE_SCENARIOS.map((name) => pages[name]));
  const noop = gcRate(['noop', 'rewrite', 'rewriteHeaders'].map((name) => pages[name]));
  return session && noop ? { session, noop, ratio: session.per10k / noop.per10k } : null;
}

/** BENCHMARKS.md's account of the fixed-rate runs (bench/lib/open-loop.mjs). */
function fixedRateSection(http) {
  const { rate, pages: at } = http.atRate;
  const gc = gcAtSaturation(http.pages);
  // The stream's arms, in its order (the no-op, its A/A, the floor, the session's scenarios).
  const arms = Object.keys(at);
  return [
    '#### Latency at a fixed rate',
    '',
    `The runs above are a closed loop at saturation: ${http.connections} connections each send a request as soon as the last one is answered, so a scenario's latency is mostly its own throughput again (Little's law: ${http.connections} connections over ${fmt.int(http.pages.noop.rps)} req/s is ${(1000 * http.connections / http.pages.noop.rps).toFixed(0)} ms, against the no-op's p50 of ${http.pages.noop.p50} ms), and its p99 ratio repeats its req/s ratio. ` +
      `What a shopper feels is how much later a page arrives on a busy but not saturated server: here the server is offered ${rate} req/s, ${throughput.FIXED_RATE.said} of what the no-op served above, evenly spaced whatever it answers (an open loop, as wrk2 does), and each latency counts from when its request was due, so a server that falls behind cannot hide it by slowing the load down (bench/lib/open-loop.mjs).`,
    '',
    `At this rate a page's p99 is set by the few requests that wait behind a full garbage collection of Next's heap (a Mark-Compact, followed by up to a few hundred milliseconds in which requests wait), and a collection stops its own process only. So every arm runs on one server, a fourth build of the same snapshot whose middleware is the kit's, or the no-op's for a request that asks (\`x-bench-baseline\`; bench/lib/next-app.mjs), interleaved request by request in one stream, each arm in turn in a new seeded order every cycle, so each gets ${(rate / arms.length).toFixed(1)} req/s and meets the same collections in the same proportion. ` +
      `${http.fixedRateRounds} rounds of ${http.fixedRateDuration} s (${throughput.SLICE_WARMUP} s left out of each); each arm's percentiles are over all its rounds' requests, against the no-op arm's over the same rounds. The 95 % interval resamples whole rounds, the same rounds for both arms (a seeded bootstrap, bench/lib/stats.mjs), and the second no-op arm, the same requests as the first, is what the method reads where there is no difference. ` +
      (http.atRate.fullGcs === undefined ? '' : `The server made ${http.atRate.fullGcs} full collections during the stream (${fmt.int(http.atRate.gcPauseMs)} ms of main-thread pauses). `) +
      (gc
        ? `What the kit's own garbage adds to how often collections come is not in these ratios, since both arms share them; at saturation, above, the session build's server made ${gc.session.count} full collections in ${fmt.int(gc.session.answered)} responses (${gc.session.per10k.toFixed(2)} per 10,000; ${fmt.us(gc.session.pausePerRequestUs)} µs of pause a request) and the no-op build's ${gc.noop.count} in ${fmt.int(gc.noop.answered)} (${gc.noop.per10k.toFixed(2)} per 10,000; ${fmt.us(gc.noop.pausePerRequestUs)} µs a request): ${gc.ratio.toFixed(2)}x as many per request (its slices' collections, warm-ups included, over every response it answered in them; bench/lib/gc-trace.mjs).`
        : ''),
    '',
    '| arm | requests | p50 ms | p90 ms | p99 ms | p50 ratio | p90 ratio | p99 ratio | p99 ratio, 95 % interval | p99 ratio, rounds | errors |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...arms.map((name) => {
      const x = at[name];
      return `| ${x.label} | ${fmt.int(x.requests)} | ${x.p50} | ${x.p90} | ${x.p99} | ${x.p50Ratio.toFixed(2)} | ${x.p90Ratio.toFixed(2)} | ${x.p99Ratio.toFixed(2)} | ${p99IntervalOf(x)} | ${x.p99RoundRatio.toFixed(2)} (${x.p99RoundRange.map((v) => v.toFixed(2)).join('–')}) | ${x.errors} |`;
    }),
    '',
    `The most a request went out after it was due: ${http.atRate.lateMs} ms (the load generator's own lag, in the benchmark's process).` +
      (http.atRate.resent === undefined ? '' : ` ${fmt.int(http.atRate.resent)} requests went out again on a new socket because the server had closed their kept-alive one as they went out on it (it closes sockets idle for 5 s), as a browser does for a GET; each still counts from when it was due.`),
    '',
  ];
}

function summaryRows(r) {
  const rows = [];
  if (r.cpu) {
    const { scenarios: c } = r.cpu;
    for (const name of ['hit', 'cold', 'first', 'linked', 'clicked', 'crawler', 'minted', 'fresh', 'mixed']) {
      const x = c[name];
      // Runs recorded before a scenario existed (--rerender) lack it.
      if (!x) continue;
      const target = TARGETS.cpu[name];
      rows.push(['1', `Middleware CPU: ${x.label}`, `${fmt.us(x.cpu)} µs/request`, `bare rewrite: ${fmt.us(c.bare.cpu)} µs`, floorDistance(x, c.bare), target ? `≤ ${target} µs` : '–', target ? status(x.cpu <= target) : '']);
    }
  }
  if (r.http) {
    const { pages, api } = r.http;
    const nodeTargets = Object.fromEntries(Object.entries(throughput.NODE_SCENARIOS).map(([edge, node]) => [node, TARGETS.rps[edge]]));
    for (const name of [...throughput.PAGE_SCENARIOS, ...Object.values(throughput.NODE_SCENARIOS), 'rewrite', 'rewriteHeaders']) {
      const isFloor = name.startsWith('rewrite');
      const x = pages[name];
      const target = TARGETS.rps[name] ?? nodeTargets[name];
      const ok = x.rpsRatio >= (target ?? 0) && x.p99Ratio <= TARGETS.p99;
      const floor = name === 'rewrite' ? '' : `; ${x.vsReference.rpsRatio.toFixed(2)} of the floor's req/s`;
      rows.push([
        '2',
        `Page ${throughput.PAGE}, ${x.label}`,
        line(x),
        `no-op middleware: ${line(pages.noop)}`,
        `${x.rpsRatio.toFixed(3)} req/s, ${x.p99Ratio.toFixed(3)} p99${floor}`,
        isFloor ? '–' : `${target ? `≥ ${target} req/s, ` : ''}p99 ≤ ${TARGETS.p99}x`,
        isFloor ? '' : status(ok),
      ]);
    }
    if (pairedAtRate(r.http)) {
      const { rate, pages: at } = r.http.atRate;
      const latency = (x) => `p50 ${x.p50} ms, p99 ${x.p99} ms`;
      for (const name of [...throughput.PAGE_SCENARIOS, 'rewrite', 'noopAgain']) {
        const x = at[name];
        const isKit = throughput.PAGE_SCENARIOS.includes(name);
        rows.push(['2', `Page ${throughput.PAGE} at a fixed ${rate} req/s, one server, ${x.label}`, latency(x), `no-op middleware arm: ${latency(at.noop)}`, `${x.p50Ratio.toFixed(3)} p50, ${x.p99Ratio.toFixed(3)} p99 (95 % interval ${p99IntervalOf(x)})`, isKit ? `p99 ≤ ${TARGETS.p99}x` : '–', isKit ? p99Status(x) : '']);
      }
    }
    for (const name of ['read', 'write', 'unchanged']) {
      const x = api[name];
      if (!x) continue;
      const target = name === 'write' ? TARGETS.patch : null;
      const floor = name === 'write' && x.vsFloor ? `; ${x.vsFloor.rpsRatio.toFixed(2)} of the write floor's req/s` : '';
      rows.push(['3', x.label, line(x), `GET /api/segments/{token}: ${line(api.static)}`, `${x.rpsRatio.toFixed(2)} req/s, ${x.p99Ratio.toFixed(2)} p99${floor}`, target ? `≥ ${target} req/s` : '–', target ? status(x.rpsRatio >= target) : '']);
    }
    if (api.writeFloor) {
      const x = api.writeFloor;
      rows.push(['3', x.label, line(x), `GET /api/segments/{token}: ${line(api.static)}`, `${x.rpsRatio.toFixed(2)} req/s, ${x.p99Ratio.toFixed(2)} p99`, '–', '']);
    }
  }
  if (r.cache) {
    const c = r.cache;
    const cell = (x) => `${fmt.int(x.keys)} keys, ${fmt.pct(x.hitRatio)} hits`;
    rows.push(['4', `Cache keys of ${fmt.int(c.requests)} page views (${fmt.int(c.visitors)} visitors): variant code`, cell(c.variant), `floor (distinct pages): ${cell(c.floor)}`, `${(c.variant.keys / c.floor.keys).toFixed(2)}x the floor`, '–', '']);
    rows.push(['4', 'Cache keys: raw vtex_segment', cell(c.segment), 'floor', `${(c.segment.keys / c.floor.keys).toFixed(1)}x the floor`, '–', '']);
    const mk = c.marketplace;
    if (mk) rows.push(['4', `Cache keys, marketplace (regions of 1–60 sellers, ${fmt.int(mk.requests)} views): variant code`, cell(mk.variant), `floor: ${cell(mk.floor)}`, `${(mk.variant.keys / mk.floor.keys).toFixed(2)}x the floor`, '–', '']);
  }
  if (r.client) {
    const c = r.client;
    rows.push(['5', 'Client kit (provider, hooks, RegionPicker), min + gzip', bytes(c.all.initial.gzip), `React, SWR, Next excluded; + ${bytes(c.all.lazy.gzip)} lazy postal-code rules`, '–', `< ${fmt.int(KB_TARGET)} B`, status(c.all.initial.gzip < KB_TARGET)]);
  }
  if (r.cookies) {
    for (const row of r.cookies.rows) {
      rows.push(['6', `Cookies: ${row.who}`, `vtex_session ${bytes(row.session)}, vtex_segment ${bytes(row.segment)}`, row.note, '–', `vtex_session ≤ ${fmt.int(r.cookies.budget)} B`, status(row.session <= r.cookies.budget)]);
    }
  }
  if (r.memory) {
    for (const kind of r.memory.kinds) {
      const bound = kind.maxEntries ? `bounded: ${fmt.int(kind.maxEntries)} entries and ${kib(kind.maxBytes)} (estimate ${fmt.int(kind.estimatedPerEntry)} B/entry)` : 'bounded by entries';
      rows.push(['7', `Unseal cache memory: ${kind.name}, ${fmt.int(kind.tokenBytes)} B token`, `${fmt.int(kind.measuredPerEntry)} B/entry, ${kib(kind.measuredTotal)} for ${fmt.int(kind.entries)}`, bound, '–', 'reported, bounded', status(kind.maxEntries !== null)]);
    }
  }
  if (r.http?.bundle) {
    const b = r.http.bundle;
    rows.push(['8', 'Edge middleware bundle (middleware-manifest.json files)', `${kib(b.bytes)} (${kib(b.gzip)} gzipped)`, `${b.files} files, Next's Edge runtime included`, '–', '≤ 1 MiB', status(b.bytes <= TARGETS.bundleBytes)]);
  }
  return rows;
}

/** Issue 15's table with this run's figures in it. */
function targetRows(r) {
  const rows = [];
  const cpu = r.cpu?.scenarios;
  const pages = r.http?.pages;
  for (const [name, label] of [['hit', 'returning visitor, unseal cache hit'], ['cold', 'returning visitor, cold instance (no cache)'], ['first', 'first visit without URL inputs (deferred: nothing sealed)'], ['linked', 'first visit from a link with URL inputs (deferred: nothing sealed)'], ['crawler', 'first visit of a crawler (no cookie: nothing sealed)'], ['minted', "first visit minted on the page (mint + seal + cookies: `firstVisits: 'mint'`, or a forged cookie replaced)"]]) {
    if (cpu) rows.push([`kit CPU, ${label}`, BEFORE.cpu[name], `${fmt.us(cpu[name].cpu)} µs`, `≤ ${TARGETS.cpu[name]} µs`, status(cpu[name].cpu <= TARGETS.cpu[name])]);
  }
  for (const [name, label] of [['hit', 'cache hit'], ['cold', 'cold instance'], ['first', "first visits (a browser's, no URL inputs: deferred)"], ['linked', "first visits (a browser's, from a link with URL inputs: deferred)"], ['crawler', "first visits (a crawler's)"]]) {
    if (pages) rows.push([`page req/s vs the no-op middleware: ${label}`, BEFORE.rps[name], withInterval(pages[name]), `≥ ${TARGETS.rps[name]}`, ratioStatus(pages[name], TARGETS.rps[name])]);
  }
  for (const [name, label] of [['hit', 'cache hit'], ['cold', 'cold instance'], ['linked', 'first visits from a link with URL inputs (deferred)']]) {
    const node = pages?.[throughput.NODE_SCENARIOS[name]];
    if (node) rows.push([`… the same handler as proxy.ts (Node): ${label}`, '–', withInterval(node), `≥ ${TARGETS.rps[name]}`, ratioStatus(node, TARGETS.rps[name])]);
  }
  if (pages) {
    const at = r.http.atRate;
    if (pairedAtRate(r.http)) {
      const worst = worstP99(at.pages);
      rows.push([`p99 vs the no-op, every scenario, at a fixed ${at.rate} req/s (${throughput.FIXED_RATE.said} of the no-op's)`, '–', `${worst.ratio.toFixed(2)}x (${worst.name}: ${at.pages[worst.name].p99} ms against ${at.pages.noop.p99} ms, 95 % interval ${p99IntervalOf(at.pages[worst.name])}; the no-op against itself ${at.pages.noopAgain.p99Ratio.toFixed(2)}x, ${p99IntervalOf(at.pages.noopAgain)}; worst of ${throughput.PAGE_SCENARIOS.join(', ')}, all on one server)`, `≤ ${TARGETS.p99}x`, p99Status(at.pages[worst.name])]);
    }
    const worst = worstP99(pages);
    rows.push([`p99 vs the no-op, every scenario, at saturation (${r.http.connections} connections, closed loop)`, '–', `${worst.ratio.toFixed(2)}x (${worst.name}${pages[worst.name].p99RatioInterval ? `, 95 % interval ${p99IntervalOf(pages[worst.name])}` : ''}; worst of ${throughput.PAGE_SCENARIOS.join(', ')})`, `≤ ${TARGETS.p99}x`, p99Status(pages[worst.name])]);
    rows.push(['Sessions API PATCH vs a JSON route', BEFORE.patch, withInterval(r.http.api.write), `≥ ${TARGETS.patch}`, ratioStatus(r.http.api.write, TARGETS.patch)]);
  }
  if (r.memory) {
    const [visitor] = r.memory.kinds;
    const bounded = visitor.maxEntries !== null;
    rows.push([
      'memory of the unseal cache per entry, and in total',
      'not reported',
      `${fmt.int(visitor.measuredPerEntry)} B/entry (visitor), ${kib(visitor.measuredTotal)} at ${fmt.int(visitor.entries)} entries${bounded ? `; at most ${fmt.int(visitor.maxEntries)} entries and ${kib(visitor.maxBytes)}` : ''}`,
      'reported, bounded',
      status(bounded),
    ]);
  }
  if (r.http?.bundle) {
    rows.push(['middleware bundle (Edge)', 'not reported', `${kib(r.http.bundle.bytes)} (${kib(r.http.bundle.gzip)} gzipped)`, '≤ 1 MB', status(r.http.bundle.bytes <= TARGETS.bundleBytes)]);
  }
  return rows;
}

const HEADER = ['#', 'measure', 'result', 'baseline (same run)', 'ratio', 'target', 'status'];

function markdownTable(rows) {
  const escape = (cell) => String(cell).replaceAll('|', '\\|');
  return [HEADER, HEADER.map(() => '---'), ...rows].map((row) => `| ${row.map(escape).join(' | ')} |`).join('\n');
}

function textTable(rows) {
  const plain = rows.map((row) => row.map((cell) => String(cell).replaceAll('**', '')));
  const widths = HEADER.map((_, i) => Math.max(...[HEADER, ...plain].map((row) => row[i].length)));
  const line = (row) => row.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd();
  return [line(HEADER), widths.map((w) => '-'.repeat(w)).join('  '), ...plain.map(line)].join('\n');
}

/** Where a cold visitor's and a minted first visit's time goes (node --cpu-prof on the in-process benchmark). */
const CPU_BREAKDOWN =
  'Profiled (`node --cpu-prof`): a returning visitor new to the instance is mostly the HMAC-SHA256 over its token (its tag names the variant, so nothing is decrypted: docs/session-token.md); ' +
  'a first visit minted on the page (`firstVisits: \'mint\'`, from a link with URL inputs) is mostly the Fe26.2 seal, in pure JavaScript, about two thirds of it (@noble: AES-256-CBC a third of the seal, HMAC-SHA256 from the kept integrity state a quarter, the encryption key from the secret\'s kept HMAC-SHA1 state an eighth, then base64url and UTF-8); ' +
  'its two cookies, written as raw lines (lib/next/cookies.ts), about a sixth.';

/** A run taken while other work loads the machine says so, above its figures. */
function contention(m) {
  const [load] = m.load.split(', ').map(Number);
  if (!(load > 1.5 * Number(m.nproc))) return '';
  return (
    `> **Taken on a busy machine**: the load average was ${m.load} on ${m.nproc} CPUs when this run started (other builds and tests running). ` +
    'Through `next start` every scenario, the no-op baseline included, waited on the CPU (a JSON route answered in 8–50 ms one request at a time, against about 1 ms on a quiet machine), ' +
    'so sections 2 and 3 measure contention more than the kit: their ratios spread widely from round to round. The in-process CPU figures (section 1) are inflated too (compare the floor with 5.4 µs on a quiet machine), ' +
    'but each is set against the floor of the same rounds. Rerun `npm run bench` on a quiet machine for figures to compare with the targets.\n\n'
  );
}

function missedNotes(r) {
  const notes = [];
  if (r.cpu) {
    const c = r.cpu.scenarios;
    for (const name of ['hit', 'cold', 'first', 'linked', 'clicked', 'crawler', 'minted']) {
      if (c[name] && c[name].cpu > TARGETS.cpu[name]) {
        notes.push(
          `- **Middleware CPU, ${c[name].label}: ${fmt.us(c[name].cpu)} µs** (target ≤ ${TARGETS.cpu[name]} µs; rounds ${fmt.us(c[name].cpuRange[0])}–${fmt.us(c[name].cpuRange[1])} µs, ${fmt.ratio(c[name].cpu / c.bare.cpu)} the floor). ` +
            `The floor, a bare rewrite, took ${fmt.us(c.bare.cpu)} µs in the same rounds: Next's \`nextUrl.clone()\` and \`NextResponse.rewrite()\`, which any rewriting middleware pays. ` +
            (name === 'hit' ? '' : CPU_BREAKDOWN),
        );
      }
    }
  }
  if (r.http) {
    const { pages, api } = r.http;
    const nodeTargets = Object.fromEntries(Object.entries(throughput.NODE_SCENARIOS).map(([edge, node]) => [node, TARGETS.rps[edge]]));
    for (const name of [...throughput.PAGE_SCENARIOS, ...Object.values(throughput.NODE_SCENARIOS)]) {
      const x = pages[name];
      const target = TARGETS.rps[name] ?? nodeTargets[name];
      if ((target && x.rpsRatio < target) || x.p99Ratio > TARGETS.p99) {
        notes.push(
          `- **Page throughput, ${x.label}: ${x.rpsRatio.toFixed(3)} of the no-op's req/s, p99 ${x.p99Ratio.toFixed(3)}x** (target ${target ? `≥ ${target}, ` : ''}p99 ≤ ${TARGETS.p99}x). ` +
            `Rounds ranged ${x.rpsRatioRange[0].toFixed(2)}–${x.rpsRatioRange[1].toFixed(2)} (req/s) and ${x.p99RatioRange[0].toFixed(2)}–${x.p99RatioRange[1].toFixed(2)} (p99); ` +
            `the floor (a bare rewrite, no session) made ${pages.rewrite.rpsRatio.toFixed(2)} of the no-op's req/s in the same rounds, and this scenario ${x.vsReference.rpsRatio.toFixed(2)} of the floor's.` +
            floorOfItsOwn(pages, name) +
            (x.cpuRatio !== undefined ? ` Per request, its server's main thread spent ${x.cpuRatio.toFixed(2)}x the no-op's CPU (rounds ${x.cpuRatioRange.map((v) => v.toFixed(2)).join('–')}; the floor ${pages.rewrite.cpuRatio.toFixed(2)}x).` : ''),
        );
      }
    }
    if (pairedAtRate(r.http)) {
      const { rate, pages: at } = r.http.atRate;
      for (const name of throughput.PAGE_SCENARIOS) {
        const x = at[name];
        if (x.p99Ratio > TARGETS.p99) {
          notes.push(`- **Page latency at a fixed ${rate} req/s, ${x.label}: p99 ${x.p99} ms, ${x.p99Ratio.toFixed(2)}x the no-op arm's ${at.noop.p99} ms on the same server** (target ≤ ${TARGETS.p99}x; 95 % interval ${p99IntervalOf(x)}, the second no-op arm ${at.noopAgain.p99Ratio.toFixed(2)}x, ${p99IntervalOf(at.noopAgain)}; rounds ${x.p99RoundRange.map((v) => v.toFixed(2)).join('–')}; the bare rewrite's ${at.rewrite.p99Ratio.toFixed(2)}x).`);
        }
      }
    }
    if (api.write.rpsRatio < TARGETS.patch) {
      notes.push(
        `- **Sessions API PATCH: ${api.write.rpsRatio.toFixed(2)} of a JSON route's req/s** (target ≥ ${TARGETS.patch}; rounds ${api.write.rpsRatioRange.map((v) => v.toFixed(2)).join('–')}). ` +
          'A PATCH reads the body, runs the transforms (region, audiences), seals the session again and sets both cookies; the route is the api helper\'s (lib/next/sessions-route.ts).' +
          (api.echo ? ` A route that only reads the same body and answers it (no session) made ${api.echo.rpsRatio.toFixed(2)} of the JSON route's req/s in the same rounds, and the PATCH ${api.write.vsReference.rpsRatio.toFixed(2)} of that one's (medians of per-round ratios).` : '') +
          (api.writeFloor
            ? ` The write's floor, the same route answering a PATCH's whole shape with no session (its two tokens' lengths in the body and in two \`Set-Cookie\` lines: Next splits each line a character at a time before writing it), made ${api.writeFloor.rpsRatio.toFixed(2)} of the JSON route's req/s (rounds ${api.writeFloor.rpsRatioRange.map((v) => v.toFixed(2)).join('–')}), and the PATCH ${api.write.vsFloor.rpsRatio.toFixed(2)} of the floor's: a write route that sets these cookies starts at the floor, not at 1.`
            : '') +
          (api.write.cpuRatio !== undefined && api.writeFloor
            ? ` Per request, the server's main thread spent ${api.write.cpuRatio.toFixed(2)}x the JSON route's CPU on the PATCH and ${api.writeFloor.cpuRatio.toFixed(2)}x on the floor (the PATCH ${api.write.vsFloor.cpuRatio.toFixed(2)}x the floor's).`
            : '') +
          ' Where its time goes inside `next start`: `npm run bench:profile` (docs/middleware.md).',
      );
    }
  }
  if (r.client && r.client.all.initial.gzip >= KB_TARGET) {
    notes.push(`- **Client kit: ${bytes(r.client.all.initial.gzip)} gzipped** (target < ${fmt.int(KB_TARGET)} B).`);
  }
  return notes;
}

function details(r) {
  const out = [];
  if (r.cpu) {
    const { scenarios: c } = r.cpu;
    out.push(
      '### 1. Middleware CPU per request',
      '',
      `${r.cpu.rounds} rounds; in each, batches of ${fmt.int(r.cpu.batch)} requests (bare, hit), ${fmt.int(r.cpu.coldBatch)} (cold, first, linked, clicked, crawler, minted, mixed) and ${r.cpu.freshBatch} (first visit with new inputs), in rotated order. ` +
        'Cold and mixed batches run on a new instance each round, which has minted the plain visitor once and seen its own 200 visitors, as a node of an edge network meets them. Medians:',
      '',
      '| path | CPU µs/request (rounds) | distance from the floor | wall µs/request |',
      '| --- | --- | --- | --- |',
      ...Object.entries(c).map(([name, x]) =>
        `| ${x.label} | ${fmt.us(x.cpu)} (${fmt.us(x.cpuRange[0])}–${fmt.us(x.cpuRange[1])}) | ${name === 'bare' ? '–' : `${fmt.ratio(x.ratio)}, ${signedUs(x.cpu - c.bare.cpu)} µs`} | ${fmt.us(x.wall)} |`,
      ),
      '',
      "CPU is the process's user + system time (`process.cpuUsage`), which also counts V8's GC helper threads; wall time is elapsed time on a machine shared with other work. " +
        'The distance from the floor is the median of per-round ratios, and the difference of medians.',
      '',
    );
  }
  if (r.http) {
    const { pages, api } = r.http;
    // Main-thread CPU per request, where the run could read it (Linux): the cost each request put on the thread that bounds req/s.
    const withCpu = (summary) => Object.values(summary).every((x) => x.cpuUs !== undefined);
    const cpuCells = (x) => `${fmt.us(x.cpuUs)} | ${x.cpuRatio.toFixed(2)} (${x.cpuRatioRange.map((v) => v.toFixed(2)).join('–')}) | `;
    // Full collections in a scenario's slices (page runs): how often its server's heap filled, per response.
    const withGcCount = (summary) => Object.values(summary).every((x) => x.fullGcs !== undefined);
    const gcCells = (x) => {
      const { count, per10k, pausePerRequestUs } = gcRate([x]);
      return `${count} (${per10k.toFixed(1)}; ${fmt.us(pausePerRequestUs)} µs) | `;
    };
    const table = (summary, names) => [
      `| scenario | req/s | p50 ms | p99 ms | req/s ratio (rounds) | p99 ratio (rounds) | ${withCpu(summary) ? 'main-thread CPU µs/request | CPU ratio (rounds) | ' : ''}${withGcCount(summary) ? 'full GCs (per 10,000 responses; pause per response) | ' : ''}errors |`,
      `| --- | --- | --- | --- | --- | --- | ${withCpu(summary) ? '--- | --- | ' : ''}${withGcCount(summary) ? '--- | ' : ''}--- |`,
      ...names.map((name) => {
        const x = summary[name];
        return `| ${x.label} | ${fmt.int(x.rps)} | ${x.p50} | ${x.p99} | ${x.rpsRatio.toFixed(2)} (${x.rpsRatioRange.map((v) => v.toFixed(2)).join('–')}) | ${x.p99Ratio.toFixed(2)} (${x.p99RatioRange.map((v) => v.toFixed(2)).join('–')}) | ${withCpu(summary) ? cpuCells(x) : ''}${withGcCount(summary) ? gcCells(x) : ''}${x.errors} |`;
      }),
    ];
    // A scenario against one of the floors: req/s, p99 and (where read) main-thread CPU per request.
    const floorTable = (names, key) => [
      `| scenario | req/s ratio | p99 ratio |${withCpu(pages) ? ' CPU ratio |' : ''}`,
      `| --- | --- | --- |${withCpu(pages) ? ' --- |' : ''}`,
      ...names.map((name) => {
        const x = pages[name][key];
        return `| ${pages[name].label} | ${x.rpsRatio.toFixed(2)} | ${x.p99Ratio.toFixed(2)} |${withCpu(pages) ? ` ${x.cpuRatio.toFixed(2)} |` : ''}`;
      }),
    ];
    out.push(
      '### 2. Page throughput through `next start`',
      '',
      `\`GET ${throughput.PAGE}\` (an ISR product page, served from Next's cache), ${r.http.connections} connections, ${r.http.rounds} rounds after a 3 s warm-up. ` +
        `In each round every scenario runs between two runs of the no-op (no-op, a, no-op, b, …, no-op; the scenarios in an order shuffled each round: the first run on a server after it has been idle for half a minute is slower, and a fixed cycle put the returning visitors there every round; docs/middleware.md), each run measured for ${r.http.duration} s after ${throughput.SLICE_WARMUP} s left out: requests per second from the responses that arrive after it, latencies from the requests sent after it (autocannon opens its connections at once, and a busy server accepts the last of them late: their first requests, answered up to a second and a half later, were a run's p99), and a scenario's ratio is over the mean of its two neighbours: the machine's speed drifts by half over a minute but little over a few seconds, so a neighbour cancels most of the drift (bench/throughput.mjs). ` +
        `Hits: 100 returning visitors' cookies in rotation, seen by the server (and seen again before each hit round: the unseal cache is an LRU the other scenarios churn). ` +
        `Cold: ${fmt.int(r.http.coldVisitors)} visitors minted by a second instance with the same secret (in the benchmark's process), handed out in turn, more than the server's unseal cache holds, so none is in it when it comes round. ` +
        "First: no cookie, a browser's navigation without URL inputs: deferred, its variant and no cookie, the session left to the Sessions API's first call (docs/middleware.md, Deferred first visits). Linked: no cookie, a browser's navigation from a link with URL inputs (\`?utm_source=newsletter\`, the same variant and page): deferred too, its variant worked out from the inputs, which SessionProvider's first read hands to the Sessions API. Crawlers: no cookie, Googlebot's HTML fetcher (its User-Agent, no Fetch Metadata): the middleware serves them their URL's variant and seals nothing (docs/middleware.md, Crawlers). Mixed: 40 % first, 40 % cold, 20 % hits, request by request. " +
        "Every request carries a browser's headers (Chrome's, Fetch Metadata included), or Googlebot's for crawlers, without Accept-Encoding: compressing the page would cost every scenario the same. " +
        (withCpu(pages)
          ? "Main-thread CPU is what the server's main thread (middleware, Next and the page: the thread that bounds req/s) spent per request in the same measured span of each run (utime + stime from /proc, in ticks of 10 ms; bench/lib/thread-cpu.mjs), set over the same neighbours: a thread's CPU time leaves out the time it waited for a core, so it drifts less with the machine than req/s, and it leaves out the GC's helper threads. "
          : '') +
        (withGcCount(pages)
          ? "Full GCs are the full collections (Mark-Compact) each server printed during a scenario's slices, warm-ups included, over every response of those slices, with their main-thread pauses (bench/lib/gc-trace.mjs): garbage that outlives the young generation, such as the unseal cache's evicted entries, brings them on sooner; a slice can also pay for what the slice before it on the same server left. "
          : '') +
        'Ratios against the no-op middleware of the same round:',
      '',
      ...table(pages, ['noop', 'rewrite', 'rewriteHeaders', ...throughput.PAGE_SCENARIOS, ...Object.values(throughput.NODE_SCENARIOS)]),
      '',
      'Against the floor (the bare rewrite of the same round: the rewrite the design needs, without the session):',
      '',
      ...floorTable([...throughput.PAGE_SCENARIOS, ...Object.values(throughput.NODE_SCENARIOS)], 'vsReference'),
      '',
      ...(pages.rewriteHeaders
        ? [
            `A returning visitor's page response carries headers the bare rewrite does not: \`x-segment-variant\`, \`Cache-Control: private, no-cache\` and \`Server-Timing\` from the kit, \`X-Frame-Options\` from the demo's own after-middleware. The same bare rewrite sending them made ${pages.rewriteHeaders.vsReference.rpsRatio.toFixed(2)} of the bare rewrite's req/s. A deferred first visit's response carries the same headers. Against that returning-visitor floor:`,
            '',
            ...floorTable(['hit', 'cold', 'first', 'linked', 'nodeLinked'], 'vsHeaderReference'),
            '',
          ]
        : []),
      ...(pairedAtRate(r.http) ? fixedRateSection(r.http) : []),
      'How far to trust these ratios: the server, autocannon and other work share 2 cores, and p99 at saturation is mostly queueing behind GC pauses. ' +
        (pages.rewrite
          ? `In this run a single round of the bare rewrite against the no-op (the same two builds every round) ranged ${pages.rewrite.rpsRatioRange.map((v) => v.toFixed(2)).join('–')}, and the median of those rounds has a 95 % interval of ${pages.rewrite.rpsRatioInterval.map((v) => v.toFixed(2)).join('–')} (a seeded bootstrap over the rounds: bench/lib/stats.mjs); the targets table gives each ratio's interval, and a median whose interval reaches its target is not a clear miss. ` +
            `The no-op read against its own two neighbours, two runs of the same build, made ${withInterval(pages.noop)}, single runs ${pages.noop.rpsRatioRange.map((v) => v.toFixed(2)).join('–')}: what the method reads where there is no difference. `
          : '') +
        "Next's middleware layer (the no-op's cost over no middleware at all) is the same in every scenario and not the kit's.",
      '',
      "`next start` runs `middleware.ts` in its Edge sandbox, an emulation of an edge isolate inside Node (`edge-runtime`): to make `instanceof` work across realms it replaces `Object`, `Array`, `RegExp`, `Uint8Array`, `ArrayBuffer` and `Error` with Proxies, so every `new Uint8Array`, `instanceof Uint8Array` or `Object.keys` there is a trapped call. " +
        (r.sandbox
          ? `@noble's argument checks made some 24 of those traps per seal, half of a seal's time there, so the kit runs each seal, MAC check and unseal with the realm's own \`Uint8Array\` and \`ArrayBuffer\` in the globals and puts the Proxies back before it returns (lib/session/intrinsics.ts). With that, one Fe26.2 seal of a visitor's payload (lib/session/iron.ts, one bundle) took ${fmt.us(r.sandbox.sandbox)} µs in that sandbox against ${fmt.us(r.sandbox.node)} µs in a plain VM context of the same process (${r.sandbox.ratio.toFixed(2)}×; wall time, median of ${r.sandbox.rounds} alternating rounds of ${fmt.int(r.sandbox.count)}; bench/edge-sandbox.mjs). `
          : '@noble\'s argument checks made some 24 of those traps per seal, so the kit runs its crypto with the realm\'s own constructors in the globals (lib/session/intrinsics.ts; bench/edge-sandbox.mjs, part of `--only cpu`, measures a seal in both). ') +
        'Real edge runtimes run middleware in V8 isolates without that emulation; the proxy.ts rows run the same handler in Next\'s Node process, as a self-hosted store can.',
      '',
      '### 3. Sessions API',
      '',
      `Same server and settings, ${r.http.apiRounds} rounds. Ratios against \`GET /api/segments/{token}\` run right before and after each scenario: a route handler of the same app that decodes base64 JSON and answers it, with no session, no cookie and no store. ` +
        `\`PATCH ${ECHO_PATH}\`, added to the benchmark's copy of the app only, reads the same JSON body and answers it: what a write route pays in Next before any work of its own. ` +
        (r.http.writeShape
          ? `Asked with \`x-bench-cookies\`, the same route answers a write's whole shape instead, with no session: a body of two tokens of a PATCH's lengths (${fmt.int(r.http.writeShape.vtex_session)} and ${fmt.int(r.http.writeShape.vtex_segment)} characters, read from a real PATCH of this run) and the same two tokens in two \`Set-Cookie\` lines with the kit's attributes: the write's floor. `
          : '') +
        `PATCHes alternate the postal codes ${throughput.POSTAL_CODES.join(', ')} (country BRA), each a change of region, so the checkout and audience transforms run and the session is sealed again; ${r.http.writeFollowsCookies ? 'each visitor sends the tokens its last PATCH set, as a browser does' : "each visitor sends its first cookie again (the server answers the old token through its newest-token path)"}. ` +
        (api.unchanged
          ? `The unchanged PATCH sends a session's own values again (country BRA, postal code ${throughput.POSTAL_CODES[0]}), as FastStore's validateSession does on every page view: it answers the visitor's own tokens and sets no cookie.`
          : ''),
      '',
      ...table(api, ['static', 'read', 'write', ...(api.unchanged ? ['unchanged'] : []), ...(api.echo ? ['echo'] : []), ...(api.writeFloor ? ['writeFloor'] : [])]),
      '',
    );
  }
  if (r.cache) {
    const c = r.cache;
    const m = cacheEfficiency.MIX;
    const row = (name, x) => `| ${name} | ${fmt.int(x.keys)} | ${fmt.int(x.singletons)} | ${fmt.pct(x.hitRatio)} |`;
    out.push(
      '### 4. Cache efficiency',
      '',
      `${fmt.int(c.visitors)} simulated visitors (seeded): ${fmt.pct(1 - m.usChannel)} land on channel 1 (Brasil) and ${fmt.pct(m.usChannel)} on \`?sc=2\` (United States); ` +
        `${fmt.pct(m.withUtm)} arrive with \`utm_source\` and \`utm_campaign\` (Zipf over ${c.campaigns} campaigns, \`blackfriday\` the most common; ${fmt.pct(m.withUtmi)} of them also \`utmi_campaign\`); ` +
        `${fmt.pct(m.withPostalCode)} enter a postal code (${c.postalCodes} codes: São Paulo and New York inside the demo's areas, the rest of Brazil and the US outside); ` +
        `${fmt.pct(m.signIn)} sign in (the B2B buyer for 40% of the Brazilian ones, else a regular shopper), and half the B2B buyers switch to the private B2B channel. ` +
        'The first page view goes through the real middleware (minting on the page; a deferred first visit gets the same session from the Sessions API\'s first call); region, sign-in and channel switch through the engine (cookie store) and `signIn`, each followed by one view of the same page: ' +
        `${fmt.int(c.requests)} page views. A key seen before is a hit (one page, an unbounded cache, cold at the start).`,
      '',
      '| key | distinct keys | keys seen once | hit ratio |',
      '| --- | --- | --- | --- |',
      row('variant code (the kit: the variant fields of the segment, signed)', c.variant),
      row('raw `vtex_segment` cookie (all segment fields, UTMs included)', c.segment),
      row('floor: channel, price table, currency and culture, region sellers, campaign banners', c.floor),
      '',
    );
    const mk = c.marketplace;
    if (mk) {
      const mm = cacheEfficiency.MARKETPLACE_MIX;
      out.push(
        `Marketplace mix: ${fmt.int(mk.visitors)} visitors, a regions service of ${mk.regions} places served by 1 to 60 of ${mm.sellers} sellers (${mk.distinctSellerSets} distinct seller lists); ` +
          `${fmt.pct(mm.withPostalCode)} enter a postal code, ${fmt.pct(mm.withUtm)} land from a campaign link: ${fmt.int(mk.requests)} page views. ` +
          `Longest code ${mk.longestCode} characters; ${fmt.int(mk.codesWithDigest)} views had a code with a digest; the variant registry held ${fmt.int(mk.registry.entries)} entries (${fmt.int(mk.registry.bytes)} bytes).`,
        '',
        '| key | distinct keys | keys seen once | hit ratio |',
        '| --- | --- | --- | --- |',
        row('variant code', mk.variant),
        row('raw `vtex_segment` cookie', mk.segment),
        row('floor', mk.floor),
        '',
      );
    }
  }
  if (r.client) {
    const c = r.client;
    out.push(
      '### 5. Client cost',
      '',
      '| bundle | minified | gzip -9 |',
      '| --- | --- | --- |',
      `| \`lib/react\` (SessionProvider, hooks, segment cookie, tab sync) | ${bytes(c.provider.initial.bytes)} | ${bytes(c.provider.initial.gzip)} |`,
      `| + \`components/RegionPicker\` | ${bytes(c.all.initial.bytes)} | ${bytes(c.all.initial.gzip)} (picker ${bytes(c.picker.gzip)}) |`,
      `| postal-code rules (lazy chunk: ${c.all.lazy.modules.filter((m) => !m.includes('node_modules')).join(', ')} + postcode-validator) | ${bytes(c.all.lazy.bytes)} | ${bytes(c.all.lazy.gzip)} |`,
      '',
      `Bundled with rolldown (minified, \`process.env.NODE_ENV\` = \`"production"\`), ${c.external.join(', ')} external; each chunk gzipped on its own.`,
      '',
    );
  }
  if (r.cookies) {
    out.push(
      '### 6. Cookie sizes (cookie store)',
      '',
      '| session | vtex_session | vtex_segment | Cookie header with both | |',
      '| --- | --- | --- | --- | --- |',
      ...r.cookies.rows.map((row) => `| ${row.who} | ${bytes(row.session)} | ${bytes(row.segment)} | ${bytes(row.header)} | ${row.note} |`),
      '',
    );
  }
  if (r.memory) {
    out.push(
      '### 7. Unseal cache memory',
      '',
      `A TokenCodec (the one in the middleware's engine) takes ${fmt.int(r.memory.count)} tokens it has not seen, opening each (\`unsealSync\`: what the Sessions API keeps) or checking its tag (\`tagSync\`: what the middleware keeps of a returning visitor new to it, and of a first visit); the growth of V8's heap after full collections, against the codec's own estimate (\`cacheStats()\`) and bounds:`,
      '',
      '| visitor | token | measured per entry | measured total | estimate per entry | bounds |',
      '| --- | --- | --- | --- | --- | --- |',
      ...r.memory.kinds.map(
        (k) =>
          `| ${k.name} | ${bytes(k.tokenBytes)} | ${bytes(k.measuredPerEntry)} | ${kib(k.measuredTotal)} for ${fmt.int(k.entries)} | ${k.estimatedPerEntry === null ? '–' : bytes(k.estimatedPerEntry)} | ${k.maxEntries === null ? 'entries only' : `${fmt.int(k.maxEntries)} entries, ${kib(k.maxBytes)}`} |`,
      ),
      '',
    );
  }
  if (r.http?.bundle) {
    const b = r.http.bundle;
    out.push(
      '### 8. Edge middleware bundle',
      '',
      `The files \`next build\` lists for the middleware in \`server/middleware-manifest.json\` (the demo's \`middleware.ts\`: the kit, the store's config and transforms, and Next's Edge runtime): ${b.files} files, ${bytes(b.bytes)}, ${bytes(b.gzip)} gzipped (level 9).`,
      '',
    );
  }
  return out.join('\n');
}

function builds(r) {
  if (!r.http) return '';
  const seconds = r.http.buildSeconds === null ? 'builds reused' : `${Math.round(r.http.buildSeconds)} s of it the builds`;
  return ` (${seconds}${r.http.skippedTypeCheck ? ', built without the type check: a file was mid-edit' : ''})`;
}

function markdownTargets(rows) {
  const header = ['measure', 'issue 15 (before)', 'now', 'target', 'status'];
  const escape = (cell) => String(cell).replaceAll('|', '\\|');
  return [header, header.map(() => '---'), ...rows].map((row) => `| ${row.map(escape).join(' | ')} |`).join('\n');
}

function markdown(r, rows, m) {
  const notes = missedNotes(r);
  return `# Benchmarks

Written by \`npm run bench\` (bench/run.mjs) on ${r.date}; it took ${r.minutes.toFixed(1)} minutes${builds(r)}. Every number is
a ratio against a baseline measured in the same run (each HTTP scenario between two runs
of its baseline in an order shuffled each round, batches in rotated order in-process; medians over rounds), so
it says what the kit costs on top of what a store pays anyway; each is also set
against the floor, a bare rewrite with no session (what any rewriting middleware
costs). These are measurements of one machine shared with other work, not guarantees.

## Machine

| | |
| --- | --- |
| CPUs (\`nproc\`) | ${m.nproc} × ${m.cpu} |
| memory | ${m.memory} |
| OS | ${m.os} |
| Node.js | ${m.node} |
| Next.js | ${m.next} (\`next start\`, Turbopack build) |
| load generator | autocannon ${m.autocannon}, in the benchmark's process, on loopback |
| load average at start | ${m.load} |

## Issue 15: every page request cheap

${contention(m)}${markdownTargets(targetRows(r))}

## Results

${markdownTable(rows)}

${notes.length ? `### Targets missed\n\n${notes.join('\n')}\n` : 'Every target is met in this run.\n'}
## Method

- **1. Middleware CPU**: the real handler (\`createSessionMiddleware\` with \`store.config.ts\`
  and \`session-transforms.ts\`, as \`middleware.ts\` wires it) runs in-process on Node,
  on \`NextRequest\`s built beforehand with a browser's headers. The kit is bundled for
  Node with rolldown (\`bench/lib/kit.ts\`); \`next start\` runs the same code in its Edge
  sandbox, on the same V8. The floor is \`nextUrl.clone()\` + \`NextResponse.rewrite()\`,
  what any rewriting middleware does. A full GC (and a pause for its sweeping) precedes each batch,
  and batches are long enough that what follows it (a shrunk young generation) is a few per cent of them
  (bench/middleware-cpu.mjs).
- **2. Pages**: four builds of one snapshot of the sources, in the system's temp dir
  (\`.next-bench\` with \`middleware.ts\` as it is, \`.next-bench-node\` with the same handler as
  \`proxy.ts\` (Node), \`.next-bench-noop\` with a middleware that returns \`NextResponse.next()\`
  — or, given \`x-bench-variant\`, a bare rewrite: the floor — and \`.next-bench-paired\`, whose
  middleware is the kit's or, for a request that says \`x-bench-baseline\`, the no-op's: the
  fixed-rate runs, every arm on one server), all served by
  \`next start -H localhost\` at once. The no-op is asked for the variant
  path directly, so every scenario serves the same cached render.
- **3. Sessions API**: \`GET /api/segments/{token}\` is the baseline: what any JSON route costs
  on this server. A write seals the session again.
- **4. Cache efficiency**, **5. Client cost**, **6. Cookie sizes**, **7. Unseal cache memory**,
  **8. Edge bundle**: see below.

${details(r)}
## Rerun

\`\`\`sh
npm run bench                                  # everything, rewrites BENCHMARKS.md
node bench/run.mjs --only cpu,memory           # some parts (cpu, cache, client, cookies, memory, http); prints only
node bench/run.mjs --rounds 16 --duration 6    # more page rounds / longer runs
node bench/middleware-cpu.mjs                  # any part alone, as JSON
\`\`\`

The builds are reused until a source file changes (\`--build\` forces them).
\`node bench/redis-vs-cookie.mjs\` compares the Redis and cookie stores (it needs Redis).
\`npm run bench:profile\` shows where a Sessions API PATCH's time goes inside \`next start\`, set against
a route that only reads the same body (it needs Linux \`perf\`; docs/middleware.md).
`;
}

async function main() {
  if (rerender) {
    const last = JSON.parse(readFileSync(LAST_RUN, 'utf8'));
    // A run kept out of BENCHMARKS.md when it was measured (a noisy one, say) stays out unless asked.
    const keptOut = last.written === false && !record;
    console.log(`the run of ${last.r.date} (${last.parts.join(', ')}), reported again${keptOut ? ': it was measured with --no-write, so it is printed, not written (--record writes it)' : ''}`);
    return report(last.r, last.m, last.parts.length === PARTS.length && !keptOut);
  }
  const started = Date.now();
  const m = machine();
  console.log(`vtex-sessions-next benchmarks: ${m.nproc} CPUs (${m.cpu}), Node ${m.node}, Next ${m.next}, load average ${m.load}`);
  const r = { date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC' };
  const log = (text) => console.log(text);
  if (only.includes('cpu')) {
    console.log('\n1. middleware CPU per request (in-process)');
    r.cpu = await middlewareCpu.run({ rounds: settings.cpuRounds, log });
    console.log('   the same seal in a plain VM context and in Next\'s Edge sandbox');
    r.sandbox = await edgeSandbox.run();
  }
  if (only.includes('cache')) {
    console.log('\n4. cache efficiency (10,000 simulated visitors)');
    r.cache = await cacheEfficiency.run({ log });
  }
  if (only.includes('client')) {
    console.log('\n5. client cost');
    r.client = await clientBytes.run();
  }
  if (only.includes('cookies')) {
    console.log('\n6. cookie sizes');
    r.cookies = await cookieSizes.run();
  }
  if (only.includes('memory')) {
    console.log('\n7. unseal cache memory');
    r.memory = await unsealCache.run();
  }
  if (only.includes('http')) {
    console.log('\n2-3, 8. page and Sessions API throughput (next start), Edge bundle');
    r.http = await throughput.run({ ...settings, forceBuild: build, log });
  }
  r.minutes = (Date.now() - started) / 60_000;
  mkdirSync(path.dirname(LAST_RUN), { recursive: true });
  writeFileSync(LAST_RUN, JSON.stringify({ r, m, parts: only, written: write }));
  report(r, m, write);
  console.log(`done in ${r.minutes.toFixed(1)} minutes`);
}

/** The table and the missed targets on the console; BENCHMARKS.md when `whole` (else, rerendered, the markdown on the console). */
function report(r, m, whole) {
  const rows = summaryRows(r);
  console.log(`\n${textTable(rows)}\n`);
  for (const note of missedNotes(r)) console.log(note.replaceAll('**', ''));
  if (whole && !noWrite) {
    writeFileSync(path.join(ROOT, 'BENCHMARKS.md'), markdown(r, rows, m));
    console.log('wrote BENCHMARKS.md');
  } else if (rerender) {
    console.log(markdown(r, rows, m));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
