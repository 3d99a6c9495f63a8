import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { MIN_SECRET_LENGTH, parseSecrets } from '@/lib/session/secrets';
import { projectWithoutEnvFiles, TEST_SECRET, tryNextStart } from '../support/next-server';

/**
 * `next start` refuses to run without a usable SESSION_SECRET (next.config.js ->
 * scripts/session-secret.cjs). Only PATH is passed on, so no SESSION_SECRET of the
 * machine leaks in; the project directory has no `.env.local` for Next to load.
 */
// next.config.js is CommonJS and cannot import the engine: the start-up check keeps
// its own copy of the rule, held here to the engine's.
const startupCheck = createRequire(import.meta.url)('../../scripts/session-secret.cjs') as {
  MIN_SECRET_LENGTH: number;
  secretProblem(raw: string | undefined): string | null;
};

describe('the start-up check and the engine agree on what a usable secret is', () => {
  it('has the same minimum length, and whatever it lets start the engine accepts', () => {
    expect(startupCheck.MIN_SECRET_LENGTH).toBe(MIN_SECRET_LENGTH);
    const ok = 'x'.repeat(MIN_SECRET_LENGTH);
    for (const raw of [ok, `${ok},${ok}y`, ` ${ok} `, 'x'.repeat(MIN_SECRET_LENGTH - 1), `${ok},short`, '', `${ok},`]) {
      if (startupCheck.secretProblem(raw) === null) expect(parseSecrets(raw).length).toBeGreaterThan(0);
      else if (raw.split(',').some((entry) => entry.trim().length > 0 && entry.trim().length < MIN_SECRET_LENGTH)) {
        expect(() => parseSecrets(raw)).toThrow();
      }
    }
    expect(startupCheck.secretProblem(ok)).toBeNull();
    expect(startupCheck.secretProblem('x'.repeat(MIN_SECRET_LENGTH - 1))).not.toBeNull();
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
