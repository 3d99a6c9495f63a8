import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { copyFixture, FIXTURES, snapshotTree, type FixtureName } from './fixture-copy';
import { freePort } from './next-server';

const ROOT = path.resolve(__dirname, '../..');
/** Prepared fixture stores (installed, initialised, built), shared by Vitest and Playwright in one run. */
const PREPARED = path.join(tmpdir(), 'vtex-sessions-fixtures');
/** A preparation this old belongs to no running test run. */
const STALE_MS = 3 * 60 * 60 * 1000;

/** Runs a command; resolves with its output, rejects with it when the exit code is not 0. */
export function run(command: string, args: readonly string[], options: { cwd: string; env?: Record<string, string> }): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code: code ?? 1, output }));
  });
}

async function mustRun(command: string, args: readonly string[], options: { cwd: string; env?: Record<string, string> }): Promise<string> {
  const { code, output } = await run(command, args, options);
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} failed (${code}) in ${options.cwd}:\n${output}`);
  return output;
}

let packing: Promise<string> | null = null;

/**
 * The kit as a store installs it: `npm pack` of this repository (prepack builds it),
 * once per run. KIT_TARBALL names one packed already (scripts/test-all.sh packs once
 * for Vitest and Playwright).
 */
export function packedKit(): Promise<string> {
  const given = process.env.KIT_TARBALL;
  if (given && existsSync(given)) return Promise.resolve(given);
  packing ??= (async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vtex-sessions-pack-'));
    await mustRun('npm', ['pack', '--pack-destination', dir], { cwd: ROOT });
    const tarball = readdirSync(dir).find((name) => name.endsWith('.tgz'));
    if (!tarball) throw new Error(`npm pack wrote no tarball into ${dir}`);
    return path.join(dir, tarball);
  })();
  return packing;
}

export interface PreparedFixture {
  dir: string;
  /** What init printed. */
  initOutput: string;
  /** Seconds spent on each step (zero when a prepared copy was reused). */
  timings: Record<'install' | 'init' | 'build', number>;
}

async function timed<T>(timings: Record<string, number>, step: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    timings[step] = Math.round((performance.now() - started) / 100) / 10;
  }
}

/**
 * A fixture store as a developer gets it after `npm install vtex-sessions-next` and
 * `npx vtex-sessions-next init --yes`, built with `next build`. Keyed by the tarball
 * (where it is, as each run packs into a directory of its own, and what it holds) and
 * the fixture's content, so Playwright reuses what Vitest prepared in the same run, and
 * a later run of the same commit starts from the build again: `next start` keeps the
 * pages it renders in the store's .next, and a first visit must be a first visit.
 */
export async function prepareFixture(name: FixtureName, tarball: string): Promise<PreparedFixture> {
  const key = createHash('sha256')
    .update(path.resolve(tarball))
    .update(readFileSync(tarball))
    .update(JSON.stringify(snapshotTree(path.join(FIXTURES, name))))
    .digest('hex')
    .slice(0, 12);
  const dir = path.join(PREPARED, `${name}-${key}`);
  const marker = path.join(dir, '.prepared.json');
  if (existsSync(marker)) return { dir, ...(JSON.parse(readFileSync(marker, 'utf8')) as Omit<PreparedFixture, 'dir'>), timings: { install: 0, init: 0, build: 0 } };

  mkdirSync(PREPARED, { recursive: true });
  // Older preparations of this fixture go, once no run can still be using them (another
  // run, with another tarball, may be preparing or serving its own right now).
  for (const old of readdirSync(PREPARED).filter((entry) => entry.replace(/^\./, '').startsWith(`${name}-`))) {
    const full = path.join(PREPARED, old);
    if (Date.now() - statSync(full).mtimeMs > STALE_MS) rmSync(full, { recursive: true, force: true });
  }
  const work = mkdtempSync(path.join(PREPARED, `.${name}-`));
  copyFixture(name, work);
  const timings = { install: 0, init: 0, build: 0 };
  // The store's own dependencies from npm's cache where it has them, and the kit's tarball.
  await timed(timings, 'install', () => mustRun('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], { cwd: work }));
  const initOutput = await timed(timings, 'init', () => mustRun('npx', ['--no', 'vtex-sessions-next', 'init', '--yes'], { cwd: work }));
  await timed(timings, 'build', () => mustRun(process.execPath, ['node_modules/next/dist/bin/next', 'build'], { cwd: work }));
  writeFileSync(path.join(work, '.prepared.json'), JSON.stringify({ initOutput, timings }));
  try {
    renameSync(work, dir);
  } catch (error) {
    // Another run prepared the same tarball and fixture meanwhile: use its copy.
    if (!existsSync(marker)) throw error;
    rmSync(work, { recursive: true, force: true });
  }
  return { dir, initOutput, timings };
}

export interface FixtureServer {
  url: string;
  stop(): Promise<void>;
  output(): string;
}

/**
 * `next start` in a prepared fixture (its .env.local holds init's secret), on `port` or
 * a free one; or `next dev`, as its developer first runs it (Next 16 keeps what dev
 * builds in .next/dev, apart from the build `next start` serves).
 */
export async function startFixture(dir: string, { port, mode = 'start' }: { port?: number; mode?: 'start' | 'dev' } = {}): Promise<FixtureServer> {
  port ??= await freePort();
  // localhost, not 127.0.0.1: Next 16 proxies middleware rewrites on a server bound to an IP (vercel/next.js#94745).
  const child: ChildProcess = spawn(process.execPath, ['node_modules/next/dist/bin/next', mode, '-p', String(port), '-H', 'localhost'], {
    cwd: dir,
    env: withoutSecret({ ...process.env, NODE_ENV: mode === 'dev' ? 'development' : 'production', NEXT_TELEMETRY_DISABLED: '1' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (chunk) => (log += chunk));
  child.stderr?.on('data', (chunk) => (log += chunk));
  const url = `http://localhost:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next ${mode} exited (${child.exitCode}):\n${log}`);
    if (await fetch(`${url}/api/segments/e30`).then(() => true, () => false)) break;
    if (Date.now() > deadline) throw new Error(`next ${mode} did not answer within 60 s:\n${log}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    output: () => log,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The secret comes from the store's .env.local, as init wrote it, not from the test's environment. */
function withoutSecret(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { SESSION_SECRET: _ignored, ...rest } = env;
  return rest;
}
