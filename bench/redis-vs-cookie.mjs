#!/usr/bin/env node
/**
 * Redis store vs cookie store, side by side in one run: throughput and latency of
 * GET and PATCH /api/sessions on `next start`, plus what a session costs in Redis.
 *
 *   node bench/redis-vs-cookie.mjs [--duration 10] [--connections 32] [--sessions 200] [--rounds 2]
 *
 * Needs a Redis at REDIS_URL (default redis://127.0.0.1:6379). Builds into
 * BENCH_DIST_DIR (default .next-bench) unless a build there is newer than the
 * sources; pass --build to force one. Keys live under a prefix of their own and are deleted after.
 * Rounds alternate the stores, so drift on a busy machine hits both alike.
 */
import { createClient } from 'redis';
import { BENCH_SECRET, buildApp, startApp } from './lib/next-app.mjs';
import { load as loadRun } from './lib/load.mjs';

const DIST_DIR = process.env.BENCH_DIST_DIR || '.next-bench';
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const PREFIX = `vtexsess-bench:${Date.now().toString(36)}:`;

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const DURATION = option('duration', 10);
const CONNECTIONS = option('connections', 32);
const SESSIONS = option('sessions', 200);
const ROUNDS = option('rounds', 2);

function build() {
  buildApp({ distDir: DIST_DIR, force: args.includes('--build') });
}

const start = (env) => startApp({ distDir: DIST_DIR, env: { SESSION_SECRET: BENCH_SECRET, ...env } });

const publicBody = (values) => JSON.stringify({ public: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v }])) });

/** A typical visitor: arrived from a campaign, picked a region. */
const TYPICAL = { utm_source: 'newsletter', utm_campaign: 'blackfriday', postalCode: '05408-000', country: 'BRA' };

async function createSessions(url, count) {
  const cookies = [];
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: publicBody(TYPICAL) });
    if (response.status !== 201) throw new Error(`POST /api/sessions answered ${response.status}: ${await response.text()}`);
    const { sessionToken, segmentToken } = await response.json();
    cookies.push(`vtex_session=${sessionToken}; vtex_segment=${segmentToken}`);
  }
  return cookies;
}

function load(url, cookies, method, duration = DURATION) {
  return loadRun({
    url,
    method,
    path: method === 'GET' ? '/api/sessions?items=public.*,store.channel' : '/api/sessions',
    cookies,
    // Each request another visitor, and each PATCH a real change (a new value).
    body: method === 'PATCH' ? (i) => publicBody({ lastSeen: String(i) }) : undefined,
    connections: CONNECTIONS,
    duration,
  });
}

async function measure(store, results) {
  const server = await start({ SESSION_STORE: store, REDIS_URL, REDIS_PREFIX: PREFIX });
  try {
    const cookies = await createSessions(server.url, SESSIONS);
    for (const method of ['GET', 'PATCH']) {
      await load(server.url, cookies, method, 2); // warm-up: JIT, connections, script cache
      const result = await load(server.url, cookies, method);
      const key = `${method} ${store}`;
      (results[key] ??= []).push(result);
    }
    return cookies[0].match(/vtex_session=([^;]+)/)[1].length;
  } finally {
    await server.stop();
  }
}

async function redisMemory(redis, count) {
  const keys = [];
  for await (const batch of redis.scanIterator({ MATCH: `${PREFIX}{*}`, COUNT: 1000 })) {
    keys.push(...batch.filter((k) => !k.endsWith(':revoked')));
    if (keys.length >= count) break;
  }
  const sample = keys.slice(0, count);
  let total = 0;
  for (const key of sample) total += Number(await redis.sendCommand(['MEMORY', 'USAGE', key, 'SAMPLES', '0']));
  return { keys: sample.length, average: sample.length ? Math.round(total / sample.length) : 0, encoding: sample[0] ? await redis.sendCommand(['OBJECT', 'ENCODING', sample[0]]) : '-' };
}

/** used_memory growth for `count` new sessions (noisy if others use this Redis). */
async function memoryGrowth(redis, count) {
  const server = await start({ SESSION_STORE: 'redis', REDIS_URL, REDIS_PREFIX: `${PREFIX}mem:` });
  try {
    const used = async () => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))[1]);
    await createSessions(server.url, 20); // warm: routes loaded, Redis connected
    const before = await used();
    const batch = 50;
    for (let i = 0; i < count; i += batch) await Promise.all(Array.from({ length: Math.min(batch, count - i) }, () => createSessions(server.url, 1)));
    return Math.round(((await used()) - before) / count);
  } finally {
    await server.stop();
  }
}

const pad = (value, width) => String(value).padStart(width);

async function main() {
  const redis = createClient({ url: REDIS_URL });
  redis.on('error', () => {});
  try {
    await redis.connect();
  } catch (error) {
    console.error(`No Redis at ${REDIS_URL} (${error.message}). Start one: redis-server --daemonize yes --port 6379 --save "" --appendonly no`);
    process.exit(1);
  }
  build();
  const cpus = (await import('node:os')).cpus().length;
  console.log(`\nGET and PATCH /api/sessions on next start: ${CONNECTIONS} connections, ${DURATION} s per run, ${SESSIONS} visitors, ${ROUNDS} round(s) per store, ${cpus} CPUs\n`);

  const results = {};
  const cookieBytes = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const store of round % 2 === 0 ? ['cookie', 'redis'] : ['redis', 'cookie']) {
      process.stdout.write(`round ${round + 1}: ${store} ... `);
      cookieBytes[store] = await measure(store, results);
      console.log('done');
    }
  }

  // The best round of each: the machine's noise only ever slows things down.
  const best = (key) => results[key].reduce((a, b) => (b.rps > a.rps ? b : a));
  const rows = [];
  for (const method of ['GET', 'PATCH']) {
    const cookie = best(`${method} cookie`);
    const redisResult = best(`${method} redis`);
    rows.push([`${method} cookie`, cookie, '1.00']);
    rows.push([`${method} redis`, redisResult, (redisResult.rps / cookie.rps).toFixed(2)]);
  }
  console.log(`\n${'scenario'.padEnd(14)}${pad('req/s', 10)}${pad('p50 ms', 9)}${pad('p99 ms', 9)}${pad('errors', 8)}${pad('vs cookie', 11)}`);
  for (const [name, r, ratio] of rows) {
    console.log(`${name.padEnd(14)}${pad(Math.round(r.rps), 10)}${pad(r.p50, 9)}${pad(r.p99, 9)}${pad(r.errors, 8)}${pad(ratio, 11)}`);
  }

  const memory = await redisMemory(redis, 100);
  console.log(`\nvtex_session cookie for a typical session: cookie store ${cookieBytes.cookie} bytes, redis store ${cookieBytes.redis} bytes`);
  console.log(`Redis MEMORY USAGE per session key (typical session, after the PATCH runs): ${memory.average} bytes (${memory.keys} keys sampled, encoding ${memory.encoding})`);
  console.log(`Redis used_memory growth per new session: ${await memoryGrowth(redis, 2000)} bytes (2000 sessions)`);

  let deleted = 0;
  for await (const batch of redis.scanIterator({ MATCH: `${PREFIX}*`, COUNT: 1000 })) if (batch.length) deleted += await redis.del(batch);
  console.log(`(deleted ${deleted} benchmark keys)`);
  await redis.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
