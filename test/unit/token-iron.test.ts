import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sealData as ironSessionSeal, unsealData as ironSessionUnseal } from 'iron-session';
import { pbkdf2 } from '@noble/hashes/pbkdf2.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { deriveKey, INTEGRITY_SALT, ironPassword, ironPasswords, isSealedShape, sealData, sealText, SEALS_PER_SALT, TIMESTAMP_SKEW_MS, unsealData, unsealText, verifyText } from '@/lib/session/iron';
import { TokenCodec, type TokenPayload } from '@/lib/session/token';
import { secretId } from '@/lib/session/secrets';

// Three generations of a rotated SESSION_SECRET, newest first.
const SECRETS = [
  'third-secret-0123456789-0123456789-abcdef',
  'second-secret-0123456789-0123456789-abcdef',
  'first-secret-0123456789-0123456789-abcdef',
] as const;
const passwordsOf = (secrets: readonly string[]) => ironPasswords(secrets.map((secret, i) => ironPassword(secrets.length - i, secret)));
/** The same secrets as iron-session takes them: a map, the largest id seals. */
const ironMapOf = (secrets: readonly string[]) => Object.fromEntries(secrets.map((secret, i) => [secrets.length - i, secret]));

const DATA = { id: 'shopper-1', v: 7, text: 'ünïcødé ✓ "quotes" \\ and 🛒', list: [1, 2, 3], nested: { a: null, b: true } };

describe('Fe26.2 interop with iron-session 8', () => {
  it('iron-session unseals what we seal, with each secret of a rotation', async () => {
    for (let generation = 0; generation < SECRETS.length; generation++) {
      const secrets = SECRETS.slice(generation);
      const password = ironPassword(secrets.length, secrets[0]!);
      const token = sealData(DATA, password);
      expect(token).toMatch(new RegExp(`^Fe26\\.2\\*${secrets.length}\\*[0-9a-f]{64}\\*`));
      expect(token.endsWith('~2')).toBe(true);
      // iron-session with the whole rotation, and with only the one secret that sealed it.
      expect(await ironSessionUnseal(token, { password: ironMapOf(SECRETS), ttl: 0 })).toEqual(DATA);
      expect(await ironSessionUnseal(token, { password: { [secrets.length]: secrets[0]! }, ttl: 0 })).toEqual(DATA);
    }
  });

  it('we unseal what iron-session seals, by password id, with every listed secret', async () => {
    const passwords = passwordsOf(SECRETS);
    for (let generation = 0; generation < SECRETS.length; generation++) {
      const token = await ironSessionSeal(DATA, { password: ironMapOf(SECRETS.slice(generation)) });
      expect(isSealedShape(token)).toBe(true);
      expect(unsealData(token, passwords)).toEqual({ ok: true, data: DATA });
    }
  });

  it('a token names its secret: an id nobody lists is refused, wherever the secret sits in the list', async () => {
    const token = await ironSessionSeal(DATA, { password: { 2: SECRETS[1] } });
    expect(unsealData(token, ironPasswords([ironPassword(1, SECRETS[2])]))).toEqual({ ok: false, reason: 'unknown_password' });
    // The right secret under another id is still the wrong key for that id.
    expect(unsealData(token, ironPasswords([ironPassword(2, SECRETS[0])]))).toEqual({ ok: false, reason: 'bad_mac' });
    const ours = sealData(DATA, ironPassword(9, SECRETS[0]));
    expect(await ironSessionUnseal(ours, { password: { 1: SECRETS[0] }, ttl: 0 })).toEqual({});
  });

  it('TokenCodec tokens are iron-session tokens: ids are the secrets\' hashes, the newest seals', async () => {
    const payload: TokenPayload = { id: 'session-1', v: 2, exp: Date.now() + 60_000, ns: { public: { country: { value: 'BRA' } } } };
    const token = new TokenCodec({ secrets: SECRETS, cacheSize: 0 }).sealSync(payload);
    const byId = Object.fromEntries(SECRETS.map((secret) => [secretId(secret), secret]));
    expect(token.split('*')[1]).toBe(String(secretId(SECRETS[0])));
    expect(await ironSessionUnseal(token, { password: byId, ttl: 0 })).toEqual({ i: 'session-1', v: 2, e: payload.exp, n: { public: { country: 'BRA' } } });
    // And a token iron-session seals with those ids opens in the codec, whatever the rotation's order.
    const theirs = await ironSessionSeal({ i: 'session-2', v: 1, e: payload.exp, n: {} }, { password: { [secretId(SECRETS[2])]: SECRETS[2] }, ttl: 0 });
    const codec = new TokenCodec({ secrets: [SECRETS[2], SECRETS[0]], cacheSize: 0 });
    expect(codec.unsealSync(theirs)).toEqual({ status: 'valid', payload: { id: 'session-2', v: 1, exp: payload.exp, ns: {} } });
    expect(new TokenCodec({ secrets: [SECRETS[0]], cacheSize: 0 }).unsealSync(theirs)).toEqual({ status: 'invalid' });
  });

  it('honours iron\'s expiry field both ways, with iron\'s 60-second clock skew', async () => {
    const now = Date.now();
    const password = ironPassword(1, SECRETS[0]);
    const passwords = ironPasswords([password]);
    // iron-session's default ttl is 14 days; ttl in seconds.
    const theirs = await ironSessionSeal(DATA, { password: { 1: SECRETS[0] }, ttl: 10 });
    const expiry = Number(theirs.split('*')[5]);
    expect(expiry).toBeGreaterThanOrEqual(now + 10_000);
    expect(unsealData(theirs, passwords, { now: expiry - 1 })).toEqual({ ok: true, data: DATA });
    expect(unsealData(theirs, passwords, { now: expiry + TIMESTAMP_SKEW_MS - 1 })).toEqual({ ok: true, data: DATA });
    expect(unsealData(theirs, passwords, { now: expiry + TIMESTAMP_SKEW_MS })).toEqual({ ok: false, reason: 'expired' });

    const ours = sealData(DATA, password, { ttlMs: 5_000, now: now - 120_000 });
    expect(ours.split('*')[5]).toBe(String(now - 115_000));
    expect(await ironSessionUnseal(ours, { password: { 1: SECRETS[0] }, ttl: 0 })).toEqual({});
    const fresh = sealData(DATA, password, { ttlMs: 5_000 });
    expect(await ironSessionUnseal(fresh, { password: { 1: SECRETS[0] }, ttl: 0 })).toEqual(DATA);
    // No ttl: no expiry field, as iron-session writes with ttl 0.
    expect(sealData(DATA, password).split('*')[5]).toBe('');
  });

  it('iron\'s edge cases: empty plaintext is null, a payload of any size round-trips', async () => {
    const passwords = passwordsOf(SECRETS);
    const password = ironPassword(3, SECRETS[0]);
    expect(unsealData(sealText('', password), passwords)).toEqual({ ok: true, data: null });
    for (const size of [0, 15, 16, 17, 1024, 6000]) {
      const data = { blob: 'x'.repeat(size) };
      expect(unsealData(sealData(data, password), passwords)).toEqual({ ok: true, data });
      expect(await ironSessionUnseal(sealData(data, password), { password: ironMapOf(SECRETS), ttl: 0 })).toEqual(data);
    }
    // Valid MAC over bytes that are not JSON: refused, not thrown.
    expect(unsealData(sealText('{not json', password), passwords)).toEqual({ ok: false, reason: 'bad_json' });
  });

  it('derives each key as @noble/hashes\' PBKDF2-SHA1 does (one iteration, 32 bytes), for any secret and salt (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 32, maxLength: 200, unit: 'grapheme' }), fc.string({ maxLength: 120, unit: 'grapheme' }), (secret, salt) => {
        const encoder = new TextEncoder();
        const expected = pbkdf2(sha1, encoder.encode(secret), encoder.encode(salt), { c: 1, dkLen: 32 });
        expect(deriveKey(ironPassword(1, secret).prf, salt)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses passwords iron refuses', () => {
    expect(() => ironPassword(1, 'short')).toThrow(/32 characters/);
    expect(() => ironPassword('a1', SECRETS[0])).toThrow(/decimal/);
  });
});

describe('Fe26.2 tampering: every altered token is refused, never thrown', () => {
  const password = ironPassword(3, SECRETS[0]);
  const passwords = passwordsOf(SECRETS);
  const token = sealData(DATA, password);
  const other = sealData({ ...DATA, id: 'someone-else' }, password);
  const parts = token.slice(0, -2).split('*');
  const otherParts = other.slice(0, -2).split('*');
  const join = (p: readonly string[]) => `${p.join('*')}~2`;

  it('refuses each part swapped for the same part of another valid token (splicing)', () => {
    for (let i = 1; i < parts.length; i++) {
      if (parts[i] === otherParts[i]) continue;
      const spliced = [...parts];
      spliced[i] = otherParts[i]!;
      const result = unsealText(join(spliced), passwords);
      expect(result.ok, `part ${i}`).toBe(false);
    }
  });

  it('refuses re-ordered parts, a forged MAC, missing or doubled parts, a wrong version', () => {
    const swaps: [number, number][] = [
      [2, 6], // the two salts
      [3, 4], // iv and ciphertext
      [2, 3],
    ];
    for (const [a, b] of swaps) {
      const reordered = [...parts];
      [reordered[a], reordered[b]] = [reordered[b]!, reordered[a]!];
      expect(unsealText(join(reordered), passwords).ok).toBe(false);
    }
    const forged = [...parts];
    forged[7] = 'A'.repeat(43);
    expect(unsealText(join(forged), passwords)).toEqual({ ok: false, reason: 'bad_mac' });
    // A MAC that decodes to the same bytes but is spelled differently (stray low bits) is not ours.
    const last = parts[7]!.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sibling = alphabet[alphabet.indexOf(last) ^ 1]!;
    const respelled = [...parts];
    respelled[7] = parts[7]!.slice(0, -1) + sibling;
    expect(unsealText(join(respelled), passwords).ok).toBe(false);
    for (const malformed of [
      join(parts.slice(0, 7)),
      join([...parts, parts[7]!]),
      parts.join('*'),
      `${parts.join('*')}~1`,
      `${parts.join('*')}~2x`,
      `${parts.join('*')}~2~2`,
      join(['Fe26.1', ...parts.slice(1)]),
      join([parts[0]!, '', ...parts.slice(2)]),
      join([parts[0]!, parts[1]!, parts[2]!, '', ...parts.slice(4)]),
    ]) {
      expect(unsealText(malformed, passwords)).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('refuses an expiry field added, removed or changed (it is under the MAC)', () => {
    const expiring = sealData(DATA, password, { ttlMs: 60_000 });
    const p = expiring.slice(0, -2).split('*');
    const later = [...p];
    later[5] = String(Number(p[5]) + 3_600_000);
    expect(unsealText(join(later), passwords)).toEqual({ ok: false, reason: 'bad_mac' });
    const removed = [...p];
    removed[5] = '';
    expect(unsealText(join(removed), passwords)).toEqual({ ok: false, reason: 'bad_mac' });
    const added = [...parts];
    added[5] = String(Date.now() + 60_000);
    expect(unsealText(join(added), passwords)).toEqual({ ok: false, reason: 'bad_mac' });
  });

  it('any truncation, extension or one-character change of a token is refused (property)', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.string({ minLength: 1, maxLength: 6 }), (where, shift, extra) => {
        const index = where % token.length;
        const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_*~.';
        const replacement = alphabet[(alphabet.indexOf(token[index]!) + 1 + (shift % (alphabet.length - 1))) % alphabet.length]!;
        const variants = [
          token.slice(0, index) + replacement + token.slice(index + 1),
          token.slice(0, index),
          token.slice(index + 1),
          token + extra,
          token.slice(0, index) + other.slice(index),
        ];
        for (const variant of variants) {
          if (variant === token || variant === other) continue;
          let result: ReturnType<typeof unsealText> | undefined;
          expect(() => (result = unsealText(variant, passwords))).not.toThrow();
          expect(result?.ok).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('labels and the integrity salt: what the kit writes differently from iron, still iron', () => {
  const password = ironPassword(3, SECRETS[0]);
  const passwords = passwordsOf(SECRETS);

  it('iron-session opens a labelled token, with each secret of a rotation; we read the label back by the MAC alone', async () => {
    for (let generation = 0; generation < SECRETS.length; generation++) {
      const secrets = SECRETS.slice(generation);
      const sealer = ironPassword(secrets.length, secrets[0]!);
      const token = sealData(DATA, sealer, { label: 'mkvq3k0g.Ab3-x_9Z.code-1' });
      const [, , salt, , , , macSalt] = token.slice(0, -2).split('*');
      expect(salt).toMatch(/^mkvq3k0g\.Ab3-x_9Z\.code-1\.[A-Za-z0-9_-]{22}$/);
      expect(macSalt).toBe(INTEGRITY_SALT);
      expect(await ironSessionUnseal(token, { password: ironMapOf(SECRETS), ttl: 0 })).toEqual(DATA);
      expect(verifyText(token, passwords)).toEqual({ ok: true, label: 'mkvq3k0g.Ab3-x_9Z.code-1', passwordId: String(secrets.length) });
      expect(unsealData(token, passwords)).toEqual({ ok: true, data: DATA });
    }
  });

  it('tokens of one label share a salt, so one key, for SEALS_PER_SALT seals; each has its own iv and opens everywhere', async () => {
    const saltOf = (token: string) => token.split('*')[2]!;
    const ivOf = (token: string) => token.split('*')[3]!;
    const first = sealData({ n: 0 }, password, { label: 'mkvq3k0g.code-A' });
    // Wherever this process's salt window stands, the next SEALS_PER_SALT seals hold at most two salts.
    const tokens = [first, ...Array.from({ length: SEALS_PER_SALT }, (_, n) => sealData({ n: n + 1 }, password, { label: 'mkvq3k0g.code-A' }))];
    const salts = new Set(tokens.map(saltOf));
    expect(salts.size).toBe(2);
    expect(new Set(tokens.map(ivOf)).size).toBe(tokens.length);
    // The salt changes once, and only between neighbours: a window, not a salt per token.
    expect(tokens.filter((token, i) => i > 0 && saltOf(token) !== saltOf(tokens[i - 1]!)).length).toBe(1);
    // Another label in the same window: the same random part, another salt, so another key.
    const other = sealData({ n: -1 }, password, { label: 'mkvq3k0g.code-B' });
    expect(saltOf(other).split('.').at(-1)).toBe(saltOf(tokens.at(-1)!).split('.').at(-1));
    for (const i of [0, 1, tokens.length - 2, tokens.length - 1]) {
      expect(unsealData(tokens[i]!, passwords)).toEqual({ ok: true, data: { n: i } });
      expect(await ironSessionUnseal(tokens[i]!, { password: ironMapOf(SECRETS), ttl: 0 })).toEqual({ n: i });
    }
    expect(await ironSessionUnseal(other, { password: ironMapOf(SECRETS), ttl: 0 })).toEqual({ n: -1 });
    // Unlabelled, as iron seals: 256 random bits of salt per token.
    const plain = [sealData(DATA, password), sealData(DATA, password)].map(saltOf);
    expect(plain[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(plain[0]).not.toBe(plain[1]);
  });

  it('a token iron-session seals (random salts) has no label and verifies with its own MAC key', async () => {
    const theirs = await ironSessionSeal(DATA, { password: ironMapOf(SECRETS) });
    expect(theirs.split('*')[6]).not.toBe(INTEGRITY_SALT);
    expect(verifyText(theirs, passwords)).toEqual({ ok: true, label: null, passwordId: '3' });
  });

  it('the label is under the MAC: changed, swapped for another token\'s or moved to the MAC salt, it is refused', () => {
    const token = sealData(DATA, password, { label: 'aaaa.code-A' });
    const other = sealData(DATA, password, { label: 'aaaa.code-B' });
    const parts = token.split('*');
    for (const salt of [parts[2]!.replace('code-A', 'code-B'), other.split('*')[2]!, parts[2]!.replace(/\.[^.]+$/, ''), `x${parts[2]}`]) {
      const forged = [...parts];
      forged[2] = salt;
      expect(verifyText(forged.join('*'), passwords), salt).toEqual({ ok: false, reason: 'bad_mac' });
      expect(unsealText(forged.join('*'), passwords).ok).toBe(false);
    }
    const moved = [...parts];
    moved[6] = parts[2]!;
    expect(verifyText(moved.join('*'), passwords).ok).toBe(false);
  });

  it('refuses a label that is not dot-separated base64url words, or too long', () => {
    for (const label of ['', 'a..b', '.a', 'a.', 'a*b', 'a~b', 'a b', 'x'.repeat(161)]) {
      expect(() => sealText('{}', password, { label }), JSON.stringify(label)).toThrow(/label/);
    }
  });
});

describe('TokenCodec tags', () => {
  const payload = (exp: number): TokenPayload => ({ id: 'session-1', v: 2, exp, ns: { store: { channel: { value: '1' } } } });

  it('reads a tag and the expiry back without unsealing, valid then expired, and remembers the answer', () => {
    let now = Date.UTC(2026, 0, 1);
    const sealer = new TokenCodec({ secrets: SECRETS, cacheSize: 0, now: () => now });
    const reader = new TokenCodec({ secrets: SECRETS, now: () => now });
    const token = sealer.sealSync(payload(now + 60_000), 'list1234.code');
    expect(reader.tagSync(token)).toEqual({ status: 'valid', tag: 'list1234.code', exp: now + 60_000 });
    expect(reader.peek(token)).toBeNull();
    now += 60_000;
    expect(reader.tagSync(token)).toEqual({ status: 'expired', tag: 'list1234.code', exp: now });
    // Opening it still works, and keeps the tag known.
    expect(reader.unsealSync(token)).toEqual({ status: 'expired', payload: payload(now) });
    expect(reader.tagSync(token)?.status).toBe('expired');
  });

  it('answers null (unseal it) for a token without a tag, or sealed with an older secret; invalid for a bad one', () => {
    const now = Date.now();
    const current = new TokenCodec({ secrets: SECRETS, cacheSize: 0 });
    expect(current.tagSync(current.sealSync(payload(now + 60_000)))).toBeNull();
    const older = new TokenCodec({ secrets: SECRETS.slice(1), cacheSize: 0 }).sealSync(payload(now + 60_000), 'list1234.code');
    expect(current.tagSync(older)).toBeNull();
    expect(current.unsealSync(older).status).toBe('valid');
    const token = current.sealSync(payload(now + 60_000), 'list1234.code');
    for (const bad of [token.replace('list1234', 'list1235'), token.slice(0, -5) + 'AAA~2', 'garbage', '', 'x'.repeat(9000)]) {
      expect(current.tagSync(bad)).toEqual({ status: 'invalid' });
    }
    expect(new TokenCodec({ secrets: ['an-unrelated-secret-0123456789-abcdefgh'], cacheSize: 0 }).tagSync(token)).toEqual({ status: 'invalid' });
  });

  it('a token opened first still tells its tag from the cache; one of an older secret does not', () => {
    const exp = Date.now() + 60_000;
    const token = new TokenCodec({ secrets: SECRETS, cacheSize: 0 }).sealSync(payload(exp), 'list1234.code');
    const reader = new TokenCodec({ secrets: SECRETS });
    expect(reader.unsealSync(token).status).toBe('valid');
    expect(reader.tagSync(token)).toEqual({ status: 'valid', tag: 'list1234.code', exp });
    const older = new TokenCodec({ secrets: SECRETS.slice(1), cacheSize: 0 }).sealSync(payload(exp), 'list1234.code');
    expect(reader.unsealSync(older).status).toBe('valid');
    expect(reader.tagSync(older)).toBeNull();
  });

  it('refuses tags that are not dot-separated base64url words', () => {
    const codec = new TokenCodec({ secrets: SECRETS, cacheSize: 0 });
    for (const tag of ['', 'a b', 'a*b', 'a..b', 'x'.repeat(141)]) expect(() => codec.sealSync(payload(Date.now() + 1000), tag)).toThrow(/tag/);
  });

  it('a first visit remembered by its tag alone is still opened on demand', () => {
    const codec = new TokenCodec({ secrets: SECRETS });
    const exp = Date.now() + 60_000;
    const token = codec.sealSync(payload(exp), 'list1234.code', { remember: 'tag' });
    expect(codec.peek(token)).toBeNull();
    expect(codec.tagSync(token)).toEqual({ status: 'valid', tag: 'list1234.code', exp });
    expect(codec.unsealSync(token)).toEqual({ status: 'valid', payload: payload(exp) });
    expect(codec.peek(token)).toEqual({ status: 'valid', payload: payload(exp) });
  });
});
