import { describe, expect, it } from 'vitest';
import { SessionEngine } from '@/lib/session/engine';
import { memoryStore } from '@/lib/session/stores/memory';
import { cookieStore } from '@/lib/session/stores/cookie';
import { signIn, signOut } from '@/lib/session/auth';
import { IMPERSONATION_KEY } from '@/lib/session/transforms/impersonate';
import { sessionTransforms } from '@/session-transforms';
import { storeConfig } from '@/store.config';

const SECRET = 'fixation-secret-0123456789-0123456789-ab';

for (const makeStore of [memoryStore, cookieStore]) {
  describe(`session fixation (${makeStore().name} store)`, () => {
    const engine = () => new SessionEngine({ secrets: [SECRET], store: makeStore(), transforms: sessionTransforms, account: storeConfig.account });

    it('changes the session id on sign-in, impersonation on and off, and sign-out; the public inputs stay', async () => {
      const e = engine();
      const ids: string[] = [];
      let result = await e.write(null, { public: { utm_campaign: 'blackfriday' } });
      let token = (await e.issue(result.session, result.storedVersion)).sessionToken;
      ids.push(result.session.id);

      result = await signIn(e, token, { id: 'c-9001', email: 'operator@store.example' });
      token = (await e.issue(result.session, result.storedVersion)).sessionToken;
      ids.push(result.session.id);

      result = await e.write(token, { public: { [IMPERSONATION_KEY]: 'buyer@b2b.example' } });
      expect(result.session.namespaces.profile?.priceTables?.value).toBe('b2b-gold');
      token = (await e.issue(result.session, result.storedVersion)).sessionToken;
      ids.push(result.session.id);

      result = await e.write(token, { public: { [IMPERSONATION_KEY]: '' } });
      expect(result.session.namespaces.profile?.priceTables).toBeUndefined();
      token = (await e.issue(result.session, result.storedVersion)).sessionToken;
      ids.push(result.session.id);

      result = await signOut(e, token);
      ids.push(result.session.id);

      expect(new Set(ids).size).toBe(ids.length);
      expect(result.session.namespaces.public?.utm_campaign?.value).toBe('blackfriday');
    });

    it('keeps the id on writes that do not change who is shopping', async () => {
      const e = engine();
      const first = await e.write(null, { public: { utm_source: 'x' } });
      const token = (await e.issue(first.session, first.storedVersion)).sessionToken;
      const second = await e.write(token, { public: { country: 'BRA', postalCode: '05408-000' } });
      expect(second.session.id).toBe(first.session.id);
    });
  });
}
