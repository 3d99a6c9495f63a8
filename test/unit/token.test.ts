import { describe, expect, it } from 'vitest';
import { approximateEntryBytes, TokenCodec, type TokenPayload } from '@/lib/session/token';
import { parseSecrets } from '@/lib/session/secrets';
import { SessionError } from '@/lib/session/errors';

const OLD = 'old-secret-0123456789-0123456789-abcdef';
const NEW = 'new-secret-0123456789-0123456789-abcdef';
// Values long enough that finding them in random ciphertext would mean they leaked.
const ID = 'session-id-that-must-not-show';
const payload = (exp = Date.now() + 60_000): TokenPayload => ({ id: ID, v: 3, exp, ns: { public: { postalCode: { value: 'postal-code-in-clear' } } } });

describe('vtex_session token', () => {
  it('round-trips a payload and is opaque', async () => {
    const codec = new TokenCodec({ secrets: [NEW], cacheSize: 0 });
    const token = await codec.seal(payload());
    // Neither the token nor any of its parts, base64url-decoded, shows what it carries.
    const views = [token, ...token.split(/[*~]/).map((part) => Buffer.from(part, 'base64url').toString('latin1'))];
    for (const view of views) {
      expect(view).not.toContain(ID);
      expect(view).not.toContain('postal-code-in-clear');
    }
    expect(token.startsWith('Fe26.2*')).toBe(true);
    const result = await codec.unseal(token);
    expect(result).toEqual({ status: 'valid', payload: payload(result.status === 'valid' ? result.payload.exp : 0) });
  });

  it('rejects any change to the token', async () => {
    const codec = new TokenCodec({ secrets: [NEW], cacheSize: 0 });
    const token = await codec.seal(payload());
    for (const index of [10, 40, 80, token.length - 5]) {
      const tampered = token.slice(0, index) + (token[index] === 'A' ? 'B' : 'A') + token.slice(index + 1);
      expect((await codec.unseal(tampered)).status).toBe('invalid');
    }
    expect((await codec.unseal('garbage')).status).toBe('invalid');
    expect((await codec.unseal('')).status).toBe('invalid');
    expect((await codec.unseal('x'.repeat(10_000))).status).toBe('invalid');
  });

  it('rejects a token sealed with a secret it does not know', async () => {
    const foreign = await new TokenCodec({ secrets: [OLD] }).seal(payload());
    expect((await new TokenCodec({ secrets: [NEW], cacheSize: 0 }).unseal(foreign)).status).toBe('invalid');
  });

  it('rotates secrets: the first seals, every listed one unseals, a removed one stops working', async () => {
    const before = await new TokenCodec({ secrets: [OLD] }).seal(payload());
    const rotated = new TokenCodec({ secrets: [NEW, OLD], cacheSize: 0 });
    expect((await rotated.unseal(before)).status).toBe('valid');
    const after = await rotated.seal(payload());
    expect((await new TokenCodec({ secrets: [NEW], cacheSize: 0 }).unseal(after)).status).toBe('valid');
    expect((await new TokenCodec({ secrets: [NEW], cacheSize: 0 }).unseal(before)).status).toBe('invalid');
    // The position of a secret in the list does not matter, only that it is listed.
    expect((await new TokenCodec({ secrets: [OLD, NEW], cacheSize: 0 }).unseal(after)).status).toBe('valid');
  });

  it('reports an authentic but expired token as expired, with its payload', async () => {
    let now = 1_000_000;
    const codec = new TokenCodec({ secrets: [NEW], now: () => now });
    const token = await codec.seal(payload(now + 1000));
    expect((await codec.unseal(token)).status).toBe('valid');
    now += 1001;
    const result = await codec.unseal(token);
    expect(result.status).toBe('expired');
    expect(result.status === 'expired' && result.payload.id).toBe(ID);
  });

  it('remembers recent unseals but still honours expiry', async () => {
    let now = 5_000;
    const codec = new TokenCodec({ secrets: [NEW], now: () => now, cacheSize: 10 });
    const token = await codec.seal(payload(now + 100));
    const first = await codec.unseal(token);
    const second = await codec.unseal(token);
    expect(second).toEqual(first);
    now += 200;
    expect((await codec.unseal(token)).status).toBe('expired');
  });

  it('peeks at the cache synchronously: null until a token is known, then what unseal() says', async () => {
    let now = 5_000;
    const token = await new TokenCodec({ secrets: [NEW] }).seal(payload(now + 100));
    const codec = new TokenCodec({ secrets: [NEW], now: () => now, cacheSize: 10 });
    expect(codec.peek(token)).toBeNull();
    expect(codec.peek('')).toEqual({ status: 'invalid' });
    const unsealed = await codec.unseal(token);
    expect(codec.peek(token)).toEqual(unsealed);
    now += 200;
    expect(codec.peek(token)?.status).toBe('expired');
    expect(new TokenCodec({ secrets: [NEW], cacheSize: 0 }).peek(token)).toBeNull();
  });

  it('never answers a tampered token from the cache, even one that ends like a remembered token', async () => {
    const codec = new TokenCodec({ secrets: [NEW], cacheSize: 10 });
    const token = await codec.seal(payload());
    expect((await codec.unseal(token)).status).toBe('valid');
    for (const index of [10, 40, token.length - 40]) {
      const tampered = token.slice(0, index) + (token[index] === 'A' ? 'B' : 'A') + token.slice(index + 1);
      expect(tampered.slice(-32)).toBe(token.slice(-32));
      expect((await codec.unseal(tampered)).status).toBe('invalid');
    }
    expect((await codec.unseal(token)).status).toBe('valid');
  });

  it('seals and unseals synchronously; the async methods give the same answers', async () => {
    const codec = new TokenCodec({ secrets: [NEW], cacheSize: 0 });
    const token = codec.sealSync(payload());
    const sync = codec.unsealSync(token);
    expect(sync.status).toBe('valid');
    expect(await codec.unseal(token)).toEqual(sync);
    expect(codec.unsealSync(await codec.seal(payload()))).toEqual({ status: 'valid', payload: expect.objectContaining({ id: ID }) });
    expect(codec.unsealSync(undefined)).toEqual({ status: 'invalid' });
    expect(codec.unsealSync(token.slice(0, -3))).toEqual({ status: 'invalid' });
  });

  it('bounds the unseal cache in entries and in approximate bytes, and reports both', () => {
    const sealer = new TokenCodec({ secrets: [NEW], cacheSize: 0 });
    const tokens = Array.from({ length: 6 }, () => sealer.sealSync(payload()));
    const perEntry = approximateEntryBytes(tokens[0]!);
    // A token's length, and with it the estimate, grows with what it carries.
    expect(approximateEntryBytes(sealer.sealSync({ id: ID, v: 3, exp: Date.now() + 60_000, ns: { public: { blob: { value: 'x'.repeat(2000) } } } }))).toBeGreaterThan(perEntry + 4000);

    const byCount = new TokenCodec({ secrets: [NEW], cacheSize: 4 });
    expect(byCount.cacheStats()).toEqual({ entries: 0, maxEntries: 4, bytes: 0, maxBytes: 16 * 1024 * 1024, bytesPerEntry: 0 });
    for (const token of tokens) byCount.unsealSync(token);
    expect(byCount.cacheStats()).toMatchObject({ entries: 4, bytes: 4 * perEntry, bytesPerEntry: perEntry });
    // The most recent four are remembered, the first two forgotten.
    expect(byCount.peek(tokens[5])?.status).toBe('valid');
    expect(byCount.peek(tokens[0])).toBeNull();

    const byBytes = new TokenCodec({ secrets: [NEW], cacheSize: 100, cacheBytes: 3 * perEntry });
    for (const token of tokens) byBytes.unsealSync(token);
    expect(byBytes.cacheStats()).toMatchObject({ entries: 3, bytes: 3 * perEntry, maxBytes: 3 * perEntry });
    expect(byBytes.peek(tokens[5])?.status).toBe('valid');
    expect(byBytes.peek(tokens[2])).toBeNull();
    // An entry bigger than the whole budget is not kept, and keeps nothing else out.
    const tiny = new TokenCodec({ secrets: [NEW], cacheBytes: perEntry - 1 });
    expect(tiny.unsealSync(tokens[0]).status).toBe('valid');
    expect(tiny.cacheStats()).toMatchObject({ entries: 0, bytes: 0 });

    expect(new TokenCodec({ secrets: [NEW], cacheSize: 0 }).cacheStats()).toEqual({ entries: 0, maxEntries: 0, bytes: 0, maxBytes: 0, bytesPerEntry: 0 });
  });

  it('a seal is remembered as a copy: later changes to the caller\'s objects do not leak into the cache', () => {
    const codec = new TokenCodec({ secrets: [NEW] });
    const mine = payload();
    const token = codec.sealSync(mine);
    mine.ns!.public!.postalCode!.value = 'changed-after-sealing';
    const cached = codec.peek(token);
    expect(cached?.status === 'valid' && cached.payload.ns?.public?.postalCode?.value).toBe('postal-code-in-clear');
  });

  it('parses SESSION_SECRET: comma-separated, 32+ characters each', () => {
    expect(parseSecrets(` ${NEW} , ${OLD} `)).toEqual([NEW, OLD]);
    expect(() => parseSecrets('')).toThrow(SessionError);
    expect(() => parseSecrets(undefined)).toThrow(/not set/);
    expect(() => parseSecrets(`${NEW},short`)).toThrow(/entry 2 is shorter than 32/);
  });
});
