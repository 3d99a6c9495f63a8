import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, statSync, readdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const NEXT_BIN = path.join(ROOT, 'node_modules/next/dist/bin/next');
/** Where the HTTP tests build; overridable so parallel runs do not share a build. */
export const DIST_DIR = process.env.NEXT_DIST_DIR || '.next-test';

/** A fixed, well-formed secret for tests only. */
export const TEST_SECRET = 'test-secret-for-http-tests-0123456789abcdef';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (['node_modules', '.git', 'dist', 'test', 'e2e', 'bench', 'test-results', 'playwright-report'].includes(entry.name) || entry.name.startsWith('.next')) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds the app once per test run (skipped when the build is newer than every source file). */
export function buildOnce(): void {
  const marker = path.join(ROOT, DIST_DIR, 'BUILD_ID');
  if (existsSync(marker) && statSync(marker).mtimeMs > newestMtime(ROOT)) return;
  execFileSync(process.execPath, [NEXT_BIN, 'build'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, NEXT_DIST_DIR: DIST_DIR, NEXT_TELEMETRY_DISABLED: '1', SESSION_SECRET: process.env.SESSION_SECRET || TEST_SECRET },
  });
}

export interface RunningServer {
  url: string;
  port: number;
  stop(): Promise<void>;
  output(): string;
}

/** Starts `next start` on a free port with the given environment and waits until it answers. */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const port = await freePort();
  let log = '';
  // "localhost", not "127.0.0.1": Next 16 treats middleware rewrites on a server started
  // with -H 127.0.0.1 as external and proxies them back to itself (vercel/next.js#94745).
  const child: ChildProcess = spawn(process.execPath, [NEXT_BIN, 'start', '-p', String(port), '-H', 'localhost'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', NEXT_DIST_DIR: DIST_DIR, NEXT_TELEMETRY_DISABLED: '1', SESSION_SECRET: TEST_SECRET, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk) => (log += chunk));
  child.stderr?.on('data', (chunk) => (log += chunk));
  const url = `http://localhost:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${log}`);
    try {
      await fetch(`${url}/api/segments/e30`);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`next start did not answer within 60 s:\n${log}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    url,
    port,
    output: () => log,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * A throwaway project directory that links to this one's build, config and
 * dependencies but holds no `.env*` file: Next loads `.env.local` from the project
 * directory, so a developer's generated secret there cannot decide a startup test.
 */
export function projectWithoutEnvFiles(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'session-kit-start-'));
  for (const entry of ['next.config.ts', 'tsconfig.json', 'package.json', 'node_modules', 'lib', DIST_DIR]) {
    symlinkSync(path.join(ROOT, entry), path.join(dir, entry));
  }
  return dir;
}

export interface StartupOutcome {
  /** The exit code, or null when the server came up (it is then stopped). */
  exitCode: number | null;
  output: string;
}

/**
 * Runs `next start` with exactly `env` (nothing added, unlike startServer) and
 * reports whether it exited or came up within `timeoutMs`.
 */
export async function tryNextStart(env: Record<string, string>, projectDir = ROOT, timeoutMs = 30_000): Promise<StartupOutcome> {
  const port = await freePort();
  const child = spawn(process.execPath, [NEXT_BIN, 'start', projectDir, '-p', String(port), '-H', 'localhost'], {
    cwd: projectDir,
    env: { NODE_ENV: 'production', NEXT_DIST_DIR: DIST_DIR, NEXT_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const code = await Promise.race([exited, new Promise<null>((resolve) => setTimeout(() => resolve(null), 100))]);
    if (code !== null) return { exitCode: code, output };
    const up = await fetch(`http://localhost:${port}/api/segments/e30`).then(() => true, () => false);
    if (up) break;
  }
  child.kill('SIGTERM');
  await exited;
  return { exitCode: null, output };
}
