import { describe, expect, it } from 'vitest';
import { SessionEngine, DEFAULT_MAX_AGE_SECONDS } from '@/lib/session/engine';
import { cookieStore } from '@/lib/session/stores/cookie';
import { memoryStore } from '@/lib/session/stores/memory';
import { storeTransform } from '@/lib/session/transforms/store';
import { decodeSegmentToken } from '@/lib/session/segment';
import { storeConfig } from '@/store.config';

const SECRET = 'engine-secret-0123456789-0123456789-abc';
const DAY = 24 * 60 * 60 * 1000;

function engine(options: { now?: () => number; store?: ReturnType<typeof cookieStore> } = {}) {
  return new SessionEngine({
    secrets: [SECRET],
    store: options.store ?? cookieStore(),
    transforms: [storeTransform(storeConfig)],
    account: storeConfig.account,
    now: options.now,
  });
}

describe('session engine', () => {
  it('opens a fresh session for a visitor without a token, with account.id kept alive', async () => {
    const opened = await engine().open(undefined);
    expect(opened.origin).toBe('new');
    expect(opened.needsCookie).toBe(true);
    expect(opened.session.version).toBe(1);
    expect(opened.session.namespaces.account?.id).toEqual({ value: storeConfig.account.id, keepAlive: true });
    expect(opened.session.expiresAt - Date.now()).toBeGreaterThan(DEFAULT_MAX_AGE_SECONDS * 1000 - 5000);
  });

  it('gives a tampered or foreign token a fresh session rather than an error', async () => {
    const e = engine();
    const written = await e.write(null, { public: { utm_source: 'x' } });
    const token = (await e.issue(written.session)).sessionToken;
    const tampered = await e.open(token.slice(0, -3) + 'AAA');
    expect(tampered.origin).toBe('invalid');
    expect(tampered.session.id).not.toBe(written.session.id);
    const other = new SessionEngine({ secrets: ['another-secret-0123456789-0123456789'], store: cookieStore(), transforms: [], account: storeConfig.account });
    expect((await other.open(token)).origin).toBe('invalid');
  });

  it('issues tokens whose segment matches the session', async () => {
    const e = engine();
    const written = await e.write(null, { public: { sc: '2', utm_campaign: 'bf' } });
    const tokens = await e.issue(written.session);
    expect(decodeSegmentToken(tokens.segmentToken)).toEqual(tokens.segment);
    expect(tokens.segment.channel).toBe('2');
    expect(tokens.segment.utm_campaign).toBe('bf');
  });

  it('raises the version on each change, not on a write that changes nothing', async () => {
    const e = engine();
    const a = await e.write(null, { public: { k: '1' } });
    const b = await e.write((await e.issue(a.session)).sessionToken, { public: { k: '2' } });
    const c = await e.write((await e.issue(b.session)).sessionToken, { public: { k: '2' } });
    expect([a.session.version, b.session.version, c.session.version]).toEqual([2, 3, 3]);
    expect(c.changed).toEqual([]);
  });

  it('answers a write that changes nothing with the visitor\'s own token, and any other write with a new one', async () => {
    let now = Date.now();
    for (const store of [cookieStore(), memoryStore()]) {
      const e = engine({ now: () => now, store });
      const first = await e.write(null, { public: { sc: '2', k: '1' } });
      const token = (await e.answerNow(first, null)).sessionToken;
      // The same values again (a client that sends them on every page view): nothing to seal.
      const same = await e.write(token, { public: { sc: '2', k: '1' } });
      expect(same.needsCookie).toBe(false);
      const kept = await e.answerNow(same, token);
      expect(kept.sessionToken).toBe(token);
      expect(decodeSegmentToken(kept.segmentToken)).toEqual(kept.segment);
      expect(kept.segment.channel).toBe('2');
      // A change, or a token due for renewal, is sealed anew.
      const changed = await e.write(token, { public: { k: '2' } });
      const issued = await e.answerNow(changed, token);
      expect(issued.sessionToken).not.toBe(token);
      expect((await e.open(issued.sessionToken)).session.namespaces.public?.k?.value).toBe('2');
      now += DAY + 60_000;
      const due = await e.write(issued.sessionToken, { public: { k: '2' } });
      expect(due.changed).toEqual([]);
      const renewed = await e.answerNow(due, issued.sessionToken);
      expect(renewed.sessionToken).not.toBe(issued.sessionToken);
      expect((await e.open(renewed.sessionToken)).session.expiresAt).toBeGreaterThan(changed.session.expiresAt);
    }
  });

  it('answers an older token of a session with the newest one even when the write changes nothing', async () => {
    const e = engine();
    const first = await e.write(null, { public: { k: '1' } });
    const old = (await e.answerNow(first, null)).sessionToken;
    const second = await e.write(old, { public: { k: '2' } });
    const newest = (await e.answerNow(second, old)).sessionToken;
    // The old token still reads the newest data here (RecentSessions), and gets the newest token, not itself.
    const again = await e.write(old, { public: { k: '2' } });
    expect(again.changed).toEqual([]);
    const answered = await e.answerNow(again, old);
    expect(answered.sessionToken).not.toBe(old);
    expect((await e.open(answered.sessionToken)).session.namespaces.public?.k?.value).toBe('2');
    expect(newest).not.toBe(old);
  });

  it('answers a token older than what the store holds with a new one, even when the write changes nothing', async () => {
    const store = memoryStore();
    const here = engine({ store });
    const first = await here.write(null, { public: { sc: '1' } });
    const old = (await here.answerNow(first, null)).sessionToken;
    const second = await here.write(old, { public: { sc: '2' } });
    const newest = (await here.answerNow(second, old)).sessionToken;
    // Another instance, sharing the store but not this one's memory of tokens, gets the old token.
    const elsewhere = engine({ store });
    expect((await elsewhere.open(old)).needsCookie).toBe(true);
    const same = await elsewhere.write(old, { public: { sc: '2' } });
    expect(same.changed).toEqual([]);
    const answered = await elsewhere.answerNow(same, old);
    expect(answered.sessionToken).not.toBe(old);
    expect(answered.segment.channel).toBe('2');
    expect((await elsewhere.open(answered.sessionToken)).needsCookie).toBe(false);
    // The newest token is current everywhere.
    expect((await elsewhere.open(newest)).needsCookie).toBe(false);
    expect((await elsewhere.answerNow(await elsewhere.write(newest, { public: { sc: '2' } }), newest)).sessionToken).toBe(newest);
  });

  it('slides the expiry: resealed after a day, not on every visit', async () => {
    let now = Date.now();
    const e = engine({ now: () => now });
    const written = await e.write(null, { public: { k: 'v' } });
    const token = (await e.issue(written.session)).sessionToken;
    now += 60_000;
    expect((await e.open(token)).needsCookie).toBe(false);
    now += DAY;
    const renewed = await e.open(token);
    expect(renewed.needsCookie).toBe(true);
    // On the first whole minute from the maximum age (expiry.ts).
    expect(renewed.session.expiresAt % 60_000).toBe(0);
    expect(renewed.session.expiresAt - (now + DEFAULT_MAX_AGE_SECONDS * 1000)).toBeGreaterThanOrEqual(0);
    expect(renewed.session.expiresAt - (now + DEFAULT_MAX_AGE_SECONDS * 1000)).toBeLessThan(60_000);
    expect(renewed.session.id).toBe(written.session.id);
  });

  it('starts afresh after expiry but keeps keepAlive values, as VTEX does for account.id', async () => {
    let now = Date.now();
    const e = engine({ now: () => now });
    const written = await e.write(null, { public: { k: 'v' } });
    written.session.namespaces.public!.remembered = { value: 'yes', keepAlive: true };
    const token = (await e.issue(written.session)).sessionToken;
    now = written.session.expiresAt;
    const opened = await e.open(token);
    expect(opened.origin).toBe('expired');
    expect(opened.session.id).not.toBe(written.session.id);
    expect(opened.session.namespaces.public).toEqual({ remembered: { value: 'yes', keepAlive: true } });
    expect(opened.session.namespaces.account?.id?.keepAlive).toBe(true);
  });

  it('rotates the session id on request and forgets the old one in a server store', async () => {
    const store = memoryStore();
    const e = engine({ store });
    const first = await e.write(null, { public: { k: 'v' } });
    const token = (await e.issue(first.session, first.storedVersion)).sessionToken;
    const rotated = await e.write(token, {}, { rotateId: true });
    expect(rotated.session.id).not.toBe(first.session.id);
    expect(rotated.session.namespaces.public?.k?.value).toBe('v');
    expect((await e.open(token)).origin).toBe('revoked');
  });

  it('turns the trace on with debug and keeps it on the session', async () => {
    const e = engine();
    const written = await e.write(null, { public: { sc: '2' } }, { debug: true });
    expect(written.session.debug).toBe(true);
    expect(written.trace.some((t) => t.transform === 'store' && t.reason.includes('public.sc'))).toBe(true);
    const reopened = await e.open((await e.issue(written.session)).sessionToken);
    expect(reopened.session.debug).toBe(true);
  });

  it('refuses values that are too long or too many keys, changing nothing', async () => {
    const e = engine();
    await expect(e.write(null, { public: { k: 'x'.repeat(1025) } })).rejects.toMatchObject({ status: 400, code: 'value_too_long' });
    const many = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, 'v']));
    await expect(e.write(null, { public: many })).rejects.toMatchObject({ status: 400, code: 'too_many_keys' });
    await expect(e.write(null, { public: { constructor: 'x' } })).rejects.toMatchObject({ status: 400, code: 'invalid_key' });
  });

  it('refuses a session that would not fit its cookie with 413', async () => {
    const e = engine();
    const big = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, 'x'.repeat(400)]));
    const written = await e.write(null, { public: big });
    await expect(e.issue(written.session)).rejects.toMatchObject({ status: 413, code: 'session_too_large' });
  });
});
