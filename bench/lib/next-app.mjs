/**
 * Building and starting the app for the benchmarks: `next build` into a dist dir of
 * the benchmarks' own (never .next or the tests' .next-test), `next start` on a free
 * loopback port.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { ROOT } from './paths.mjs';

/** The copy's own Next: one from elsewhere would load a second React. */
const nextBin = (cwd) => path.join(cwd, 'node_modules/next/dist/bin/next');

/** A fixed, well-formed secret for benchmarks only. */
export const BENCH_SECRET = process.env.SESSION_SECRET || 'bench-secret-0123456789abcdefghijklmnopqrstuv';

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** What a build depends on: everything but tests, benchmarks, docs and build output. */
const NOT_SOURCES = new Set(['node_modules', '.git', 'test', 'e2e', 'bench', 'docs', 'test-results', 'playwright-report', 'coverage']);

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (NOT_SOURCES.has(entry.name) || entry.name.startsWith('.next') || entry.name.endsWith('.tsbuildinfo')) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * When the newest input of a build changed: the app's sources, the lockfile, and this
 * file, which writes the benchmark's own middleware and routes into its copies.
 */
function newestInput() {
  return Math.max(newestSource(ROOT), statSync(path.join(ROOT, 'package-lock.json')).mtimeMs, statSync(fileURLToPath(import.meta.url)).mtimeMs);
}

function isFresh(cwd, distDir) {
  const marker = path.join(cwd, distDir, 'BUILD_ID');
  return existsSync(marker) && statSync(marker).mtimeMs > newestInput();
}

function buildEnv(distDir) {
  // No NODE_ENV: next build sets its own, and an inherited one can break prerendering.
  const { NODE_ENV: _ignored, ...env } = process.env;
  return { ...env, NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: '1', SESSION_SECRET: BENCH_SECRET };
}

/**
 * `next build` into `distDir` unless a build there is newer than every source file
 * (`force` rebuilds). Returns the seconds it took, or null when the build was reused.
 */
export function buildApp({ distDir, cwd = ROOT, env = {}, force = false, log = console.log }) {
  if (!force && isFresh(cwd, distDir)) return null;
  log(`building ${path.join(cwd, distDir)} ...`);
  const started = Date.now();
  execFileSync(process.execPath, [nextBin(cwd), 'build'], {
    cwd,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...buildEnv(distDir), ...env },
  });
  return (Date.now() - started) / 1000;
}

/**
 * The kit's two Set-Cookie lines for tokens of the lengths a request names in
 * `x-bench-cookies: <session length>,<segment length>`, with no session behind them:
 * written into the write's floor (the echo route).
 */
const BENCH_COOKIES = `const EXPIRES = new Date(Date.now() + 8 * 86_400_000).toUTCString();

/** Tokens of the lengths \`x-bench-cookies\` names, and the kit's Set-Cookie lines carrying them. */
function benchCookies(sizes: string) {
  const [session = 0, segment = 0] = sizes.split(',').map(Number);
  const sessionToken = 'S'.repeat(session);
  const segmentToken = 'G'.repeat(segment);
  const lines = [
    \`vtex_session=\${sessionToken}; Path=/; Expires=\${EXPIRES}; Max-Age=691200; HttpOnly; SameSite=lax\`,
    \`vtex_segment=\${segmentToken}; Path=/; Expires=\${EXPIRES}; Max-Age=691200; SameSite=lax\`,
  ];
  return { sessionToken, segmentToken, lines };
}`;

/**
 * A copy of the app whose middleware does (almost) nothing, so page throughput has a
 * baseline with Next's middleware layer but not the kit: `NextResponse.next()`, or,
 * when the request says `x-bench-variant: <code>`, a bare rewrite to `/<code>/<path>`
 * (the rewrite the kit makes, without the session), and with `x-bench-headers:
 * existing` the other headers a page response that sets no cookie carries (a returning
 * visitor's, a deferred first visit's: what sending them costs in Next). Lives in the system's temp dir with node_modules
 * hard-linked (Turbopack refuses a symlink that leaves the project); rebuilt when the
 * sources change.
 */
/**
 * The baseline's handling of a request, shared by the no-op build and the paired one:
 * `NextResponse.next()`, or, given `x-bench-variant`, the bare rewrite (with
 * `x-bench-headers`, the kit's headers on top).
 */
const BASELINE_HANDLER = `function benchBaseline(request: NextRequest) {
  const code = request.headers.get('x-bench-variant');
  if (!code) return NextResponse.next();
  const target = request.nextUrl.clone();
  target.pathname = request.nextUrl.pathname === '/' ? \`/\${code}\` : \`/\${code}\${request.nextUrl.pathname}\`;
  const response = NextResponse.rewrite(target);
  // The kit's headers on a page response that sets no cookie, and the demo's own
  // X-Frame-Options (\`x-bench-headers: existing\`).
  if (request.headers.get('x-bench-headers')) {
    response.headers.set('x-segment-variant', code);
    response.headers.set('cache-control', 'private, no-cache');
    response.headers.set('server-timing', 'session;dur=0.012;desc="existing"');
    response.headers.set('x-frame-options', 'SAMEORIGIN');
  }
  return response;
}`;

export const NOOP_MIDDLEWARE = `import { NextResponse, type NextRequest } from 'next/server';

// Benchmark baseline (written by bench/lib/next-app.mjs): no session.

${BASELINE_HANDLER}

export function middleware(request: NextRequest) {
  return benchBaseline(request);
}

export const config = {
  matcher: ['/((?!api(?:/|$)|_next/|[^?]*\\\\.[^/?]+$).*)'],
};
`;

/** The request header that sends a request of the paired build to the baseline instead of the kit. */
export const BASELINE_ARM = 'x-bench-baseline';

/**
 * The demo's middleware.ts with the baseline beside it, in one server: a request that
 * says `x-bench-baseline: 1` gets the no-op build's handling, any other the kit's. At a
 * fixed rate a page's p99 is set by the requests that wait behind a full garbage
 * collection, and a collection stops one process only; requests of both kinds,
 * interleaved on one server, wait behind the same collections, so their p99s compare
 * the middleware and not the luck of where collections fell (bench/throughput.mjs).
 */
function asPaired(dir) {
  const source = readFileSync(path.join(dir, 'middleware.ts'), 'utf8');
  if (!source.includes('export const middleware =')) throw new Error('middleware.ts no longer exports `const middleware`: update asPaired in bench/lib/next-app.mjs');
  const paired = `import { NextResponse, type NextRequest, type NextFetchEvent } from 'next/server';
${source.replace('export const middleware =', 'const sessionMiddleware =')}
// Benchmark (written by bench/lib/next-app.mjs): the kit, or the baseline when the request asks.
${BASELINE_HANDLER}

export function middleware(request: NextRequest, event: NextFetchEvent) {
  return request.headers.has('${BASELINE_ARM}') ? benchBaseline(request) : sessionMiddleware(request, event);
}
`;
  writeFileSync(path.join(dir, 'middleware.ts'), paired);
}

const COPY_SKIP = new Set([...NOT_SOURCES, '.ci', '.github']);

/**
 * The demo's middleware.ts as a Node `proxy.ts` (Next 16): the same composed handler,
 * run in Next's own process instead of its Edge sandbox.
 */
function asProxy(dir) {
  const source = readFileSync(path.join(dir, 'middleware.ts'), 'utf8');
  if (!source.includes('export const middleware =')) throw new Error('middleware.ts no longer exports `const middleware`: update asProxy in bench/lib/next-app.mjs');
  rmSync(path.join(dir, 'middleware.ts'));
  writeFileSync(path.join(dir, 'proxy.ts'), source.replace('export const middleware =', 'export const proxy ='));
}

/**
 * References for Sessions API writes, in the session build only: a JSON route that
 * reads a JSON body and answers it, with no session (what any write route pays in Next
 * before doing its own work), and, when the request says `x-bench-cookies: <session
 * length>,<segment length>`, one that answers a write's whole shape instead: a body of
 * two tokens of those lengths and two `Set-Cookie` lines carrying them, with the
 * kit's attributes (what answering a write costs in Next, whoever writes: the write's
 * floor).
 */
export const ECHO_PATH = '/api/bench-echo';
const ECHO_ROUTE = `import { NextResponse, type NextRequest } from 'next/server';

// Benchmark reference (written by bench/lib/next-app.mjs): reads a JSON body and answers it, no session.
${BENCH_COOKIES}

export async function PATCH(request: NextRequest) {
  const body = await request.json();
  const sizes = request.headers.get('x-bench-cookies');
  if (!sizes) return NextResponse.json(body);
  // A write's answer without the write: its tokens' sizes, its cookie lines, its headers.
  const { sessionToken, segmentToken, lines } = benchCookies(sizes);
  return Response.json({ sessionToken, segmentToken }, {
    headers: [['cache-control', 'private, no-store'], ...lines.map((line): [string, string] => ['set-cookie', line]), ['x-segment-variant', 'v'.repeat(64)]],
  });
}
`;

export function addEchoRoute(dir) {
  mkdirSync(path.join(dir, 'app', ECHO_PATH), { recursive: true });
  writeFileSync(path.join(dir, 'app', ECHO_PATH, 'route.ts'), ECHO_ROUTE);
}

export function copyApp(dir, middleware) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const entry of readdirSync(ROOT, { withFileTypes: true })) {
    if (COPY_SKIP.has(entry.name) || entry.name.startsWith('.next') || entry.name.startsWith('.env') || entry.name.endsWith('.tsbuildinfo')) continue;
    cpSync(path.join(ROOT, entry.name), path.join(dir, entry.name), { recursive: true });
  }
  execFileSync('cp', ['-al', path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules')]);
  if (middleware) writeFileSync(path.join(dir, 'middleware.ts'), middleware);
}

/**
 * The builds page throughput compares, made from one snapshot of the sources
 * (pages change under our feet while others work): `session` with the kit's
 * middleware.ts (Edge), `node` with the same handler as proxy.ts (Node), `noop`
 * with NOOP_MIDDLEWARE, `paired` with the kit's and the no-op's side by side (asPaired).
 * Each lives in the system's temp dir
 * with node_modules hard-linked (Turbopack refuses a symlink that leaves the
 * project), builds into .next-bench / .next-bench-noop, and is reused until a
 * source file of the repository changes (or `force`).
 */
export function benchApps({ force = false, log = console.log } = {}) {
  const base = path.join(tmpdir(), 'vtex-sessions-bench');
  const apps = {
    session: { cwd: path.join(base, 'session'), distDir: '.next-bench' },
    noop: { cwd: path.join(base, 'noop'), distDir: '.next-bench-noop' },
    node: { cwd: path.join(base, 'node'), distDir: '.next-bench-node' },
    paired: { cwd: path.join(base, 'paired'), distDir: '.next-bench-paired' },
  };
  const marker = path.join(base, 'snapshot.json');
  const fresh =
    !force &&
    existsSync(marker) &&
    JSON.parse(readFileSync(marker, 'utf8')).taken > newestInput() &&
    Object.values(apps).every((app) => existsSync(path.join(app.cwd, app.distDir, 'BUILD_ID')));
  if (fresh) return { ...apps, buildSeconds: null };
  rmSync(marker, { force: true });
  const taken = Date.now();
  let buildSeconds = 0;
  // Others edit pages while this runs: a half-written file can break a build. Wait,
  // take a new snapshot and retry; the last try skips the type check (bench only).
  for (let attempt = 1; ; attempt++) {
    const taken = Date.now();
    log(`snapshot of the sources into ${base} ...`);
    copyApp(apps.session.cwd, null);
    addEchoRoute(apps.session.cwd);
    copyApp(apps.noop.cwd, NOOP_MIDDLEWARE);
    copyApp(apps.node.cwd, null);
    asProxy(apps.node.cwd);
    copyApp(apps.paired.cwd, null);
    asPaired(apps.paired.cwd);
    const env = attempt === 3 ? { NEXT_SKIP_TYPECHECK: '1' } : {};
    try {
      for (const app of Object.values(apps)) buildSeconds += buildApp({ ...app, env, force: true, log });
      writeFileSync(marker, JSON.stringify({ taken, skippedTypeCheck: attempt === 3 }));
      return { ...apps, buildSeconds, skippedTypeCheck: attempt === 3 };
    } catch (error) {
      if (attempt === 3) throw error;
      log(`build failed (attempt ${attempt}); retrying in 20 s${attempt === 2 ? ' without the type check' : ''}`);
      execFileSync('sleep', ['20']);
    }
  }
}

/**
 * `next start` on a free port of `localhost`: not 127.0.0.1, where Next 16 proxies
 * every middleware rewrite back to itself (vercel/next.js#94745). Resolves once the
 * server answers. `nodeArgs`: flags for Node itself (V8's, which NODE_OPTIONS refuses).
 */
export async function startApp({ distDir, cwd = ROOT, env = {}, nodeArgs = [] }) {
  const port = await freePort();
  let log = '';
  const child = spawn(process.execPath, [...nodeArgs, nextBin(cwd), 'start', '-p', String(port), '-H', 'localhost'], {
    cwd,
    env: { ...process.env, NODE_ENV: 'production', NEXT_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: '1', SESSION_SECRET: BENCH_SECRET, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk) => (log += chunk));
  child.stderr.on('data', (chunk) => (log += chunk));
  const url = `http://localhost:${port}`;
  for (const deadline = Date.now() + 60_000; ; ) {
    if (child.exitCode !== null) throw new Error(`next start exited:\n${log}`);
    try {
      await fetch(`${url}/api/segments/e30`);
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGTERM');
        throw new Error(`next start did not answer:\n${log}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    url,
    pid: child.pid,
    log: () => log,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}

/**
 * The Edge middleware a build ships (what an edge platform's size limit applies to):
 * the files of middleware-manifest.json, raw and gzipped (level 9).
 */
export function middlewareBundle({ cwd = ROOT, distDir }) {
  const manifest = JSON.parse(readFileSync(path.join(cwd, distDir, 'server/middleware-manifest.json'), 'utf8'));
  const entry = manifest.middleware['/'];
  if (!entry) throw new Error(`${distDir} has no middleware`);
  let bytes = 0;
  let gzip = 0;
  for (const file of entry.files) {
    const content = readFileSync(path.join(cwd, distDir, file));
    bytes += content.length;
    gzip += gzipSync(content, { level: 9 }).length;
  }
  return { files: entry.files.length, bytes, gzip };
}
