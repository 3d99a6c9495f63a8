#!/usr/bin/env node
/**
 * The benchmarks of issue 8, each a ratio against a baseline measured in the same
 * run, medians over rounds. Prints a table and writes BENCHMARKS.md.
 *
 *   npm run bench                       everything (about 6 minutes on 2 cores)
 *   node bench/run.mjs --only cpu,cache  some of: cpu, cache, client, cookies, http
 *   options: --rounds 16 (pages) --api-rounds 10 --duration 4 --connections 32 (HTTP),
 *            --cpu-rounds 15,
 *            --build (rebuild the apps even if the sources did not change),
 *            --no-write (print only; a partial run never writes BENCHMARKS.md)
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as cacheEfficiency from './cache-efficiency.mjs';
import * as clientBytes from './client-bytes.mjs';
import * as cookieSizes from './cookie-sizes.mjs';
import { ROOT } from './lib/paths.mjs';
import { fmt } from './lib/stats.mjs';
import * as middlewareCpu from './middleware-cpu.mjs';
import * as throughput from './throughput.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const PARTS = ['cpu', 'cache', 'client', 'cookies', 'http'];
const only = option('only', null)?.split(',') ?? PARTS;
for (const part of only) if (!PARTS.includes(part)) throw new Error(`--only: "${part}" is not one of ${PARTS.join(', ')}`);
const settings = {
  rounds: Number(option('rounds', 16)),
  apiRounds: Number(option('api-rounds', 10)),
  duration: Number(option('duration', 4)),
  connections: Number(option('connections', 32)),
  cpuRounds: Number(option('cpu-rounds', 15)),
};
const write = only.length === PARTS.length && !args.includes('--no-write');

const KB_TARGET = 5000;
const TARGETS = { returningUs: 50, returningRatio: 3, pageRps: 0.9, pageP99: 1.2 };

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
const bytes = (n) => `${fmt.int(n)} B`;

function summaryRows(r) {
  const rows = [];
  if (r.cpu) {
    const { cpu } = r;
    const ok = cpu.cpu.returning < TARGETS.returningUs && cpu.cpu.ratio <= TARGETS.returningRatio;
    rows.push(['1', 'Middleware CPU, returning visitor', `${fmt.us(cpu.cpu.returning)} µs/request`, `bare rewrite handler: ${fmt.us(cpu.cpu.bare)} µs`, fmt.ratio(cpu.cpu.ratio), `< ${TARGETS.returningUs} µs and ≤ ${TARGETS.returningRatio}x`, status(ok)]);
    rows.push(['1', 'Middleware CPU, first visit (mint + seal)', `${fmt.us(cpu.cpu.first)} µs/request`, 'bare rewrite handler', fmt.ratio(cpu.cpu.first / cpu.cpu.bare), '–', '']);
    rows.push(['1', 'Middleware CPU, returning visitor, unseal cache miss', `${fmt.us(cpu.cpu.cold)} µs/request`, 'bare rewrite handler', fmt.ratio(cpu.cpu.cold / cpu.cpu.bare), '–', '']);
  }
  if (r.http) {
    const { pages, api } = r.http;
    const s = pages.session;
    const ok = s.rpsRatio >= TARGETS.pageRps && s.p99Ratio <= TARGETS.pageP99;
    const line = (x) => `${fmt.int(x.rps)} req/s, p50 ${x.p50} ms, p99 ${x.p99} ms`;
    rows.push(['2', `Page ${throughput.PAGE}, session middleware`, line(s), `no-op middleware: ${line(pages.noop)}`, `${s.rpsRatio.toFixed(3)} req/s, ${s.p99Ratio.toFixed(3)} p99`, `≥ ${TARGETS.pageRps} req/s, p99 ≤ ${TARGETS.pageP99}x`, status(ok)]);
    rows.push(['2', 'Same page, bare rewrite middleware (reference)', line(pages.rewrite), 'no-op middleware', `${pages.rewrite.rpsRatio.toFixed(2)} req/s, ${pages.rewrite.p99Ratio.toFixed(2)} p99`, '–', '']);
    for (const name of ['read', 'write']) {
      const x = api[name];
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

function missedNotes(r) {
  const notes = [];
  if (r.cpu && !(r.cpu.cpu.returning < TARGETS.returningUs && r.cpu.cpu.ratio <= TARGETS.returningRatio)) {
    notes.push(
      `- **Middleware CPU, returning visitor: ${fmt.us(r.cpu.cpu.returning)} µs, ${fmt.ratio(r.cpu.cpu.ratio)} the bare handler** (target < ${TARGETS.returningUs} µs and ≤ ${TARGETS.returningRatio}x). ` +
        'What limits it (`node --cpu-prof`): about half of the path is Next\'s own `nextUrl.clone()` and `NextResponse.rewrite()`, which the bare handler pays too; ' +
        'the rest is the cookie lookup, the unseal cache, three response headers (`x-segment-variant`, `cache-control`, `server-timing`) and the scavenges of the garbage they leave. ' +
        `Rounds ranged ${fmt.ratio(r.cpu.cpu.ratioRange[0])}–${fmt.ratio(r.cpu.cpu.ratioRange[1])} on this machine.`,
    );
  }
  if (r.http) {
    const s = r.http.pages.session;
    if (!(s.rpsRatio >= TARGETS.pageRps && s.p99Ratio <= TARGETS.pageP99)) {
      notes.push(
        `- **Page throughput: ${s.rpsRatio.toFixed(3)} of the no-op middleware's req/s, p99 ${s.p99Ratio.toFixed(3)}x** (target ≥ ${TARGETS.pageRps}, ≤ ${TARGETS.pageP99}x). ` +
          `Single rounds ranged ${s.rpsRatioRange[0].toFixed(2)}–${s.rpsRatioRange[1].toFixed(2)} (req/s) and ${s.p99RatioRange[0].toFixed(2)}–${s.p99RatioRange[1].toFixed(2)} (p99): ` +
          'the server, autocannon and other work share 2 cores, and p99 at saturation is mostly queueing behind GC pauses. ' +
          `In the same rounds a bare rewrite with no session made ${r.http.pages.rewrite.rpsRatio.toFixed(2)} of the no-op's req/s (p99 ${r.http.pages.rewrite.p99Ratio.toFixed(2)}x), ` +
          `and the session middleware ${s.vsReference.rpsRatio.toFixed(2)} of the bare rewrite's (p99 ${s.vsReference.p99Ratio.toFixed(2)}x): the rewrite the design needs (one cached render per variant) and the session work share the gap. ` +
          "The session work is section 1's microseconds (profiled in `next start`: about 1% of the server's CPU beyond the rewrite), against about a millisecond of Next's per page served from its cache; " +
          'what is left to gain in the kit is small next to the noise (see section 2).',
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
    const { cpu, wall } = r.cpu;
    out.push(
      '### 1. Middleware CPU per request',
      '',
      `${r.cpu.rounds} rounds; in each, batches of ${fmt.int(r.cpu.batch)} requests (bare, returning) and ${r.cpu.slowBatch} (first visit, unseal miss), in rotated order. Medians:`,
      '',
      '| path | CPU µs/request | wall µs/request |',
      '| --- | --- | --- |',
      `| bare rewrite handler (baseline) | ${fmt.us(cpu.bare)} | ${fmt.us(wall.bare)} |`,
      `| session middleware, returning visitor | ${fmt.us(cpu.returning)} (rounds ${fmt.us(cpu.returningRange[0])}–${fmt.us(cpu.returningRange[1])}) | ${fmt.us(wall.returning)} |`,
      `| of which the kit's own (returning − bare) | ${fmt.us(cpu.returning - cpu.bare)} | ${fmt.us(wall.returning - wall.bare)} |`,
      `| ratio returning / bare (median of per-round ratios) | ${fmt.ratio(cpu.ratio)} (rounds ${fmt.ratio(cpu.ratioRange[0])}–${fmt.ratio(cpu.ratioRange[1])}) | ${fmt.ratio(wall.ratio)} |`,
      `| first visit: mint, transforms, seal, both cookies | ${fmt.us(cpu.first)} | ${fmt.us(wall.first)} |`,
      `| returning visitor not in the unseal cache (another instance, a restart) | ${fmt.us(cpu.cold)} | ${fmt.us(wall.cold)} |`,
      '',
      'CPU is the process\'s user + system time (`process.cpuUsage`), which also counts V8\'s GC helper threads and the thread pool where WebCrypto seals; wall time is elapsed time on a machine shared with other work.',
      '',
    );
  }
  if (r.http) {
    const { pages, api } = r.http;
    const table = (summary, names) => [
      '| scenario | req/s | p50 ms | p99 ms | req/s ratio (rounds) | p99 ratio (rounds) | errors |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      ...names.map((name) => {
        const x = summary[name];
        return `| ${x.label} | ${fmt.int(x.rps)} | ${x.p50} | ${x.p99} | ${x.rpsRatio.toFixed(2)} (${x.rpsRatioRange.map((v) => v.toFixed(2)).join('–')}) | ${x.p99Ratio.toFixed(2)} (${x.p99RatioRange.map((v) => v.toFixed(2)).join('–')}) | ${x.errors} |`;
      }),
    ];
    out.push(
      '### 2. Page throughput through `next start`',
      '',
      `\`GET ${throughput.PAGE}\` (an ISR product page, served from Next's cache), 100 returning visitors' cookies in rotation, ${r.http.connections} connections, ${r.http.rounds} rounds × ${r.http.duration} s per scenario after a 3 s warm-up. Ratios against the no-op middleware of the same round:`,
      '',
      ...table(pages, ['noop', 'rewrite', 'session']),
      '',
      `Session middleware against the bare rewrite of the same round (the session's own cost, the rewrite set aside): ${pages.session.vsReference.rpsRatio.toFixed(2)} req/s, p99 ${pages.session.vsReference.p99Ratio.toFixed(2)}x.`,
      '',
      'How far to trust the page ratio: on the 2-core machine shared with other work where this benchmark was written, six whole runs gave medians of 0.84, 0.89, 0.90, 0.94, 0.94 and 0.94 (p99 1.06x to 1.21x), ' +
        'so the targets (0.9, 1.2x) sit inside the run-to-run noise; the bare rewrite alone gave 0.87 to 0.97. Profiling `next start` under this load (`node --cpu-prof`, source-mapped) puts ' +
        "the whole middleware layer at about 11% of the server's CPU, of which Next's adapter, request wrapping and tracing take most; the session middleware is about 2.8%, " +
        "half of it Next's `nextUrl.clone()` and `NextResponse.rewrite()`. Rerun with more rounds (`--rounds 24 --duration 6`) for a steadier figure.",
      '',
      '### 3. Sessions API',
      '',
      `Same server, visitors and settings, ${r.http.apiRounds} rounds. Ratios against \`GET /api/segments/{token}\` of the same round. PATCHes alternate the postal codes ${throughput.POSTAL_CODES.join(', ')} (country BRA), each a change of region for the visitor, so the checkout and audience transforms run and the session is sealed again.`,
      '',
      ...table(api, ['static', 'read', 'write']),
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
        'The first page view goes through the real middleware; region, sign-in and channel switch through the engine (cookie store) and `signIn`, each followed by one view of the same page: ' +
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
  return out.join('\n');
}

function builds(r) {
  if (!r.http) return '';
  const seconds = r.http.buildSeconds === null ? 'builds reused' : `${Math.round(r.http.buildSeconds)} s of it the two builds`;
  return ` (${seconds}${r.http.skippedTypeCheck ? ', built without the type check: a file was mid-edit' : ''})`;
}

function markdown(r, rows, m) {
  const notes = missedNotes(r);
  return `# Benchmarks

Written by \`npm run bench\` (bench/run.mjs) on ${r.date}; it took ${r.minutes.toFixed(1)} minutes${builds(r)}. Every number is
a ratio against a baseline measured in the same run (alternating rounds, medians), so
it says what the kit costs on top of what a store pays anyway. These are
measurements of one machine shared with other work, not guarantees.

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

## Results

${markdownTable(rows)}

${notes.length ? `### Targets missed\n\n${notes.join('\n')}\n` : `Every target of issue 8 is met in this run${r.http ? ' (the page throughput target sits within the run-to-run noise of this machine: see section 2)' : ''}.\n`}
## Method

- **1. Middleware CPU**: the real handler (\`createSessionMiddleware\` with \`store.config.ts\`
  and \`session-transforms.ts\`, as \`middleware.ts\` wires it) runs in-process on Node,
  on \`NextRequest\`s built beforehand with a browser's headers. The kit is bundled for
  Node with rolldown (\`bench/lib/kit.ts\`); \`next start\` runs the same code in its Edge
  sandbox, on the same V8. Returning visitors carry cookies this middleware minted;
  the bare handler is \`nextUrl.clone()\` + \`NextResponse.rewrite()\`, what any
  rewriting middleware does. A full GC (and a pause for its sweeping) precedes each batch.
- **2. Pages**: two builds of one snapshot of the sources, in the system's temp dir
  (\`.next-bench\` with \`middleware.ts\` as it is, \`.next-bench-noop\` with a middleware that
  returns \`NextResponse.next()\` — or, given \`x-bench-variant\`, a bare rewrite), both
  served by \`next start -H localhost\` at once. The no-op build is asked for the variant
  path directly, so both serve the same cached render.
- **3. Sessions API**: \`GET /api/segments/{token}\` is the baseline: a route handler of the
  same app and runtime that decodes base64 JSON and answers it, with no session, no
  cookie and no store: what any JSON route costs on this server (Next's routing and
  response work, about a millisecond, dwarfs its own). No route was added for the
  benchmark. A read ratio at or above 1 means reading the session costs no more than
  that: the token comes from the unseal cache. A write seals the session again
  (iron-session: a key derivation, AES and an HMAC, about 0.5 ms of CPU).
- **4. Cache efficiency**, **5. Client cost**, **6. Cookie sizes**: see below.

${details(r)}
## Rerun

\`\`\`sh
npm run bench                                  # everything, rewrites BENCHMARKS.md
node bench/run.mjs --only cpu,cache            # some parts (cpu, cache, client, cookies, http); prints only
node bench/run.mjs --rounds 24 --duration 6    # more page rounds / longer runs
node bench/middleware-cpu.mjs                  # any part alone, as JSON
\`\`\`

The builds are reused until a source file changes (\`--build\` forces them).
\`node bench/redis-vs-cookie.mjs\` compares the Redis and cookie stores (it needs Redis).
`;
}

async function main() {
  const started = Date.now();
  const m = machine();
  console.log(`vtex-sessions-next benchmarks: ${m.nproc} CPUs (${m.cpu}), Node ${m.node}, Next ${m.next}, load average ${m.load}`);
  const r = { date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC' };
  const log = (line) => console.log(line);
  if (only.includes('cpu')) {
    console.log('\n1. middleware CPU per request (in-process)');
    r.cpu = await middlewareCpu.run({ rounds: settings.cpuRounds, log });
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
  if (only.includes('http')) {
    console.log('\n2-3. page and Sessions API throughput (next start)');
    r.http = await throughput.run({ ...settings, forceBuild: args.includes('--build'), log });
  }
  r.minutes = (Date.now() - started) / 60_000;
  const rows = summaryRows(r);
  console.log(`\n${textTable(rows)}\n`);
  for (const note of missedNotes(r)) console.log(note.replaceAll('**', ''));
  if (write) {
    writeFileSync(path.join(ROOT, 'BENCHMARKS.md'), markdown(r, rows, m));
    console.log('wrote BENCHMARKS.md');
  }
  console.log(`done in ${r.minutes.toFixed(1)} minutes`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
