import { describe, expect, it } from 'vitest';
import { signIn, signOut } from '@/lib/session/auth';
import { SessionEngine, type EngineOptions } from '@/lib/session/engine';
import { cookieStore } from '@/lib/session/stores/cookie';
import { sessionTransforms } from '@/session-transforms';
import { storeConfig } from '@/store.config';

const SECRET = 'recent-sessions-secret-0123456789-abcdef';

function engine(options: Partial<EngineOptions> = {}) {
  return new SessionEngine({ secrets: [SECRET], store: cookieStore(), transforms: sessionTransforms, account: storeConfig.account, ...options });
}

/** A session with `values` written, and the token issued for it. */
async function written(e: SessionEngine, token: string | null, values: Record<string, string>) {
  const result = await e.write(token, { public: values });
  return { result, token: (await e.issue(result.session, result.storedVersion)).sessionToken };
}

describe('cookie store: a token from before a write (RecentSessions)', () => {
  it('reads the newest data on the instance that issued it, and gets the newest token with it', async () => {
    const e = engine();
    const first = await written(e, null, { quantity: '1' });
    const second = await written(e, first.token, { quantity: '3' });
    expect(second.result.session.id).toBe(first.result.session.id);

    const opened = await e.open(first.token);
    expect(opened.origin).toBe('existing');
    expect(opened.session.namespaces.public?.quantity?.value).toBe('3');
    expect(opened.session.version).toBe(second.result.session.version);
    expect(opened.needsCookie).toBe(true);
    // The newest token itself needs no new cookie.
    expect((await e.open(second.token)).needsCookie).toBe(false);
  });

  it('builds a write from an old token on the newest data, so this instance loses no update', async () => {
    const e = engine();
    const first = await written(e, null, { a: '1' });
    await written(e, first.token, { b: '2' });
    const third = await written(e, first.token, { c: '3' });
    expect(third.result.session.namespaces.public).toMatchObject({ a: { value: '1' }, b: { value: '2' }, c: { value: '3' } });
  });

  it('another instance, which issued nothing, reads the old token as it stands (stateless)', async () => {
    const issuer = engine();
    const other = engine();
    const first = await written(issuer, null, { quantity: '1' });
    await written(issuer, first.token, { quantity: '3' });
    expect((await other.open(first.token)).session.namespaces.public?.quantity?.value).toBe('1');
  });

  it('never answers one session with another: the memory is found only by the id of an authentic token', async () => {
    const e = engine();
    const mine = await written(e, null, { owner: 'me' });
    await written(e, mine.token, { owner: 'me', secret: 'mine' });
    const theirs = await written(e, null, { owner: 'them' });
    const opened = await e.open(theirs.token);
    expect(opened.session.id).toBe(theirs.result.session.id);
    expect(opened.session.namespaces.public?.secret).toBeUndefined();
    // A forged or damaged token is a fresh visitor, never a lookup.
    const forged = await e.open(mine.token.replace(/.{6}~2$/, 'AAAAAA~2'));
    expect(forged.origin).toBe('invalid');
    expect(forged.session.namespaces.public).toBeUndefined();
  });

  it('does not reach a rotated id from an old token: after sign-in or sign-out the old token is a fresh visitor here', async () => {
    const e = engine();
    const anonymous = await written(e, null, { utm_campaign: 'blackfriday' });
    const signedIn = await signIn(e, anonymous.token, { id: 'c-1001', email: 'buyer@b2b.example' });
    const signedInToken = (await e.issue(signedIn.session, signedIn.storedVersion)).sessionToken;

    const fromBefore = await e.open(anonymous.token);
    expect(fromBefore.origin).toBe('revoked');
    expect(fromBefore.session.id).not.toBe(signedIn.session.id);
    expect(fromBefore.session.namespaces.profile?.email).toBeUndefined();
    expect(fromBefore.session.namespaces.public).toBeUndefined();

    const signedOut = await signOut(e, signedInToken);
    await e.issue(signedOut.session, signedOut.storedVersion);
    const stale = await e.open(signedInToken);
    expect(stale.origin).toBe('revoked');
    expect(stale.session.namespaces.profile?.isAuthenticated?.value).toBe('false');
    expect(stale.session.namespaces.profile?.email).toBeUndefined();
  });

  it('remembers nothing of a write it refused: a session too large for its cookie leaves the old token as it was', async () => {
    const e = engine();
    const first = await written(e, null, { keep: 'me' });
    await expect(written(e, first.token, { big: 'x'.repeat(1000), big2: 'y'.repeat(1000), big3: 'z'.repeat(1000), big4: 'w'.repeat(1000) })).rejects.toMatchObject({
      status: 413,
    });
    const opened = await e.open(first.token);
    expect(opened.session.namespaces.public).toEqual({ keep: { value: 'me' } });
    expect(opened.needsCookie).toBe(false);
  });

  it('is bounded: the least recently used session is forgotten first; 0 turns it off', async () => {
    const e = engine({ recentSessions: 2 });
    const sessions = [];
    for (const n of ['1', '2', '3']) {
      const first = await written(e, null, { n, step: 'first' });
      await written(e, first.token, { n, step: 'second' });
      sessions.push(first);
    }
    expect((await e.open(sessions[0]!.token)).session.namespaces.public?.step?.value).toBe('first');
    expect((await e.open(sessions[2]!.token)).session.namespaces.public?.step?.value).toBe('second');

    const off = engine({ recentSessions: 0 });
    const first = await written(off, null, { step: 'first' });
    await written(off, first.token, { step: 'second' });
    expect((await off.open(first.token)).session.namespaces.public?.step?.value).toBe('first');
  });
});
