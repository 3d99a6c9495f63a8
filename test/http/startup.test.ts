import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MIN_SECRET_LENGTH, parseSecrets, secretProblem } from 'vtex-sessions-next';
import { DEV_ENV_FILE, ensureDevelopmentSecret, requireSecret, withSessionKit } from 'vtex-sessions-next/config';
import { projectWithoutEnvFiles, TEST_SECRET, tryNextStart } from '../support/next-server';

/**
 * `next start` refuses to run without a usable SESSION_SECRET (next.config.ts ->
 * withSessionKit from vtex-sessions-next/config). Only PATH is passed on, so no
 * SESSION_SECRET of the machine leaks in; the project directory has no `.env.local`
 * for Next to load.
 */

describe('the start-up check and the engine agree on what a usable secret is', () => {
  it('has the same minimum length, and whatever it lets start the engine accepts', () => {
    const ok = 'x'.repeat(MIN_SECRET_LENGTH);
    for (const raw of [ok, `${ok},${ok}y`, ` ${ok} `, 'x'.repeat(MIN_SECRET_LENGTH - 1), `${ok},short`, '', `${ok},`]) {
      const problem = secretProblem(raw);
      if (problem === null) {
        expect(parseSecrets(raw).length).toBeGreaterThan(0);
        expect(() => requireSecret(raw)).not.toThrow();
      } else {
        expect(() => requireSecret(raw)).toThrow(problem);
        if (raw.split(',').some((entry) => entry.trim().length > 0 && entry.trim().length < MIN_SECRET_LENGTH)) {
          expect(() => parseSecrets(raw)).toThrow();
        }
      }
    }
    expect(secretProblem(ok)).toBeNull();
    expect(secretProblem('x'.repeat(MIN_SECRET_LENGTH - 1))).not.toBeNull();
  });

  it("tells what to do in any store's words, never the demo's", () => {
    expect(() => requireSecret(undefined)).toThrow(/SESSION_SECRET is not set\. Set SESSION_SECRET .* 32\+ characters/);
    expect(() => requireSecret(undefined)).not.toThrow(/npm run/);
  });
});

describe('withSessionKit in next.config', () => {
  const saved = process.env.SESSION_SECRET;
  const dirs: string[] = [];
  afterEach(() => {
    if (saved === undefined) delete process.env.SESSION_SECRET;
    else process.env.SESSION_SECRET = saved;
    vi.restoreAllMocks();
  });
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const emptyDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'session-kit-config-'));
    dirs.push(dir);
    return dir;
  };

  it('generates a development secret into .env.local once, says so, and keeps it', () => {
    delete process.env.SESSION_SECRET;
    const dir = emptyDir();
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const secret = ensureDevelopmentSecret(dir);
    expect(secret.length).toBeGreaterThanOrEqual(MIN_SECRET_LENGTH);
    expect(secretProblem(secret)).toBeNull();
    expect(process.env.SESSION_SECRET).toBe(secret);
    expect(log).toHaveBeenCalledWith(expect.stringContaining(`generated a development secret into ${DEV_ENV_FILE}`));
    const file = readFileSync(path.join(dir, DEV_ENV_FILE), 'utf8');
    expect(file).toContain(`SESSION_SECRET=${secret}`);

    delete process.env.SESSION_SECRET;
    log.mockClear();
    expect(ensureDevelopmentSecret(dir)).toBe(secret);
    expect(log).not.toHaveBeenCalled();
    expect(readFileSync(path.join(dir, DEV_ENV_FILE), 'utf8')).toBe(file);
  });

  it("leaves a secret from the environment or the store's .env.local alone", () => {
    const dir = emptyDir();
    writeFileSync(path.join(dir, DEV_ENV_FILE), `OTHER=1\nSESSION_SECRET="${TEST_SECRET}"\n`);
    delete process.env.SESSION_SECRET;
    expect(ensureDevelopmentSecret(dir)).toBe(TEST_SECRET);
    process.env.SESSION_SECRET = `${TEST_SECRET}-env`;
    expect(ensureDevelopmentSecret(emptyDir())).toBe(`${TEST_SECRET}-env`);
    expect(readFileSync(path.join(dir, DEV_ENV_FILE), 'utf8')).toBe(`OTHER=1\nSESSION_SECRET="${TEST_SECRET}"\n`);
  });

  it("returns the store's config, object or function of the phase, and checks the secret only where a server starts", async () => {
    const context = { defaultConfig: {} };
    delete process.env.SESSION_SECRET;
    // A build needs no secret: variant codes are made at run time.
    await expect(withSessionKit({ poweredByHeader: false })('phase-production-build', context)).resolves.toEqual({
      poweredByHeader: false,
      transpilePackages: ['vtex-sessions-next'],
    });
    await expect(withSessionKit({})('phase-production-server', context)).rejects.toThrow('SESSION_SECRET is not set');
    process.env.SESSION_SECRET = TEST_SECRET;
    const byPhase = withSessionKit(async (phase) => ({ env: { PHASE: phase } }));
    await expect(byPhase('phase-production-server', context)).resolves.toEqual({
      env: { PHASE: 'phase-production-server' },
      transpilePackages: ['vtex-sessions-next'],
    });
    // The store's own list is kept, and the package is named once.
    const own = await withSessionKit({ transpilePackages: ['ui-kit', 'vtex-sessions-next'] })('phase-production-build', context);
    expect(own.transpilePackages).toEqual(['ui-kit', 'vtex-sessions-next']);
  });
});

describe('next start checks SESSION_SECRET', () => {
  const project = projectWithoutEnvFiles();
  const env = { PATH: process.env.PATH ?? '' };
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it('exits non-zero without SESSION_SECRET, saying so', { timeout: 60_000 }, async () => {
    const outcome = await tryNextStart(env, project);
    expect(outcome.exitCode, outcome.output).not.toBe(0);
    expect(outcome.exitCode, outcome.output).not.toBeNull();
    expect(outcome.output).toContain('SESSION_SECRET is not set');
  });

  it('exits non-zero with a short secret, naming its length but never printing it', { timeout: 60_000 }, async () => {
    const short = 'too-short-secret-x7Q';
    const outcome = await tryNextStart({ ...env, SESSION_SECRET: short }, project);
    expect(outcome.exitCode, outcome.output).not.toBe(0);
    expect(outcome.exitCode, outcome.output).not.toBeNull();
    expect(outcome.output).toContain(`SESSION_SECRET is ${short.length} characters long; each secret needs at least 32`);
    expect(outcome.output).not.toContain(short);
  });

  it('exits non-zero when one entry of a rotation list is short or empty', { timeout: 60_000 }, async () => {
    const weak = 'weak-entry-Zq9';
    const shortEntry = await tryNextStart({ ...env, SESSION_SECRET: `${TEST_SECRET},${weak}` }, project);
    expect(shortEntry.exitCode, shortEntry.output).not.toBeNull();
    expect(shortEntry.exitCode).not.toBe(0);
    expect(shortEntry.output).toContain('SESSION_SECRET entry 2 of 2 is 14 characters long');
    expect(shortEntry.output).not.toContain(weak);
    expect(shortEntry.output).not.toContain(TEST_SECRET);
    const empty = await tryNextStart({ ...env, SESSION_SECRET: `${TEST_SECRET},` }, project);
    expect(empty.exitCode, empty.output).not.toBeNull();
    expect(empty.output).toContain('SESSION_SECRET entry 2 of 2 is empty');
  });

  it('starts with a good secret (the same directory and environment otherwise)', { timeout: 60_000 }, async () => {
    const outcome = await tryNextStart({ ...env, SESSION_SECRET: TEST_SECRET }, project);
    expect(outcome.exitCode, outcome.output).toBeNull();
  });
});
