import { describe, expect, it } from 'vitest';
import { SessionEngine } from '@/lib/session/engine';
import { memoryStore } from '@/lib/session/stores/memory';
import { storeTransform } from '@/lib/session/transforms/store';
import type { Transform, TransformOutput } from '@/lib/session/transforms/types';
import { storeConfig } from '@/store.config';

const SECRET = 'store-transform-secret-0123456789abcdef';

/** Stands in for the profile transform: trusted code sets profile facts directly. */
const profileStub: Transform = {
  name: 'profile-stub',
  inputs: ['authentication.storeUserId'],
  outputs: ['profile'],
  runOnCreate: true,
  run: (i): TransformOutput =>
    i['authentication.storeUserId'] === 'buyer'
      ? { profile: { isAuthenticated: 'true', priceTables: 'b2b-gold' } }
      : i['authentication.storeUserId'] === 'shopper'
        ? { profile: { isAuthenticated: 'true' } }
        : { profile: { isAuthenticated: 'false' } },
};

function engine(hosts?: string[]) {
  const settings = hosts
    ? { ...storeConfig, channels: storeConfig.channels.map((c) => (c.id === '2' ? { ...c, hosts } : c)) }
    : storeConfig;
  return new SessionEngine({ secrets: [SECRET], store: memoryStore(), transforms: [profileStub, storeTransform(settings)], account: storeConfig.account });
}

async function tokenFor(e: SessionEngine, result: { session: Parameters<SessionEngine['issue']>[0]; storedVersion: number | null }) {
  return (await e.issue(result.session, result.storedVersion)).sessionToken;
}

describe('store transform', () => {
  it('gives a new session the default channel with its currency, country, culture and privacy', async () => {
    const { session } = await engine().mint();
    expect(session.namespaces.store).toEqual({
      channel: { value: '1' },
      countryCode: { value: 'BRA' },
      currencyCode: { value: 'BRL' },
      currencySymbol: { value: 'R$' },
      cultureInfo: { value: 'pt-BR' },
      admin_cultureInfo: { value: 'pt-BR' },
      channelPrivacy: { value: 'public' },
    });
  });

  it('switches channel with public.sc', async () => {
    const e = engine();
    const result = await e.write(null, { public: { sc: '2' } });
    expect(result.session.namespaces.store?.currencyCode?.value).toBe('USD');
    expect(result.session.namespaces.store?.cultureInfo?.value).toBe('en-US');
    expect(result.changed).toEqual(expect.arrayContaining(['public.sc', 'store.channel', 'store.currencyCode']));
  });

  it('binds a host to a channel when no sc is given', async () => {
    const { session } = await engine(['us.shop.example']).mint({ host: 'us.shop.example:443' });
    expect(session.namespaces.store?.channel?.value).toBe('2');
  });

  it('refuses an unknown channel with 400 and changes nothing', async () => {
    const e = engine();
    const first = await e.write(null, { public: { utm_source: 'x' } });
    const token = await tokenFor(e, first);
    await expect(e.write(token, { public: { sc: '99' } })).rejects.toMatchObject({ status: 400, code: 'unknown_channel' });
    const after = await e.open(token);
    expect(after.session.version).toBe(first.session.version);
    expect(after.session.namespaces.public?.sc).toBeUndefined();
  });

  it('refuses the private channel to a visitor with 401 and to a shopper without the price table with 403', async () => {
    const e = engine();
    await expect(e.write(null, { public: { sc: '3' } })).rejects.toMatchObject({ status: 401, code: 'channel_requires_login' });
    const shopper = await e.write(null, { authentication: { storeUserId: 'shopper' } });
    const token = await tokenFor(e, shopper);
    await expect(e.write(token, { public: { sc: '3' } })).rejects.toMatchObject({ status: 403, code: 'channel_forbidden' });
    // The refusal changed nothing: same id, version and namespaces behind the same token.
    const after = await e.open(token);
    expect(after.origin).toBe('existing');
    expect(after.session.id).toBe(shopper.session.id);
    expect(after.session.version).toBe(shopper.session.version);
    expect(after.session.namespaces).toEqual(shopper.session.namespaces);
    expect(after.session.namespaces.public?.sc).toBeUndefined();
    expect(after.session.namespaces.store?.channel?.value).toBe('1');
  });

  it('lets a B2B buyer use the private channel, and falls back to the default when they sign out', async () => {
    const e = engine();
    const buyer = await e.write(null, { authentication: { storeUserId: 'buyer' } });
    const onB2b = await e.write(await tokenFor(e, buyer), { public: { sc: '3' } });
    expect(onB2b.session.namespaces.store?.channel?.value).toBe('3');
    expect(onB2b.session.namespaces.store?.channelPrivacy?.value).toBe('private');
    const signedOut = await e.write(await tokenFor(e, onB2b), { authentication: { storeUserId: null } });
    expect(signedOut.session.namespaces.store?.channel?.value).toBe('1');
    expect(signedOut.session.namespaces.public?.sc?.value).toBe('3');
  });

  it('lets public.cultureInfo pick a culture the channel offers, and refuses others', async () => {
    const e = engine();
    const english = await e.write(null, { public: { cultureInfo: 'en-US' } });
    expect(english.session.namespaces.store?.cultureInfo?.value).toBe('en-US');
    await expect(e.write(await tokenFor(e, english), { public: { cultureInfo: 'fr-FR' } })).rejects.toMatchObject({
      status: 400,
      code: 'unsupported_culture',
      message: expect.stringContaining('pt-BR, en-US'),
    });
  });

  it('drops a culture the new channel does not offer when the channel changes', async () => {
    const e = engine();
    const es = await e.write(null, { public: { sc: '2', cultureInfo: 'es-US' } });
    expect(es.session.namespaces.store?.cultureInfo?.value).toBe('es-US');
    const back = await e.write(await tokenFor(e, es), { public: { sc: '1' } });
    expect(back.session.namespaces.store?.cultureInfo?.value).toBe('pt-BR');
  });

  it('lets public.locale (FastStore sends it on every call) pick a culture the channel offers, and ignores others', async () => {
    const e = engine();
    const english = await e.write(null, { public: { locale: 'en-US' } });
    expect(english.session.namespaces.store?.cultureInfo?.value).toBe('en-US');
    const french = await e.write(await tokenFor(e, english), { public: { locale: 'fr-FR' } });
    expect(french.session.namespaces.store?.cultureInfo?.value).toBe('pt-BR');
    expect(french.session.namespaces.public?.locale?.value).toBe('fr-FR');
    // Matched regardless of case, kept in the channel's spelling.
    const lower = await e.write(null, { public: { sc: '2', locale: 'es-us' } });
    expect(lower.session.namespaces.store?.cultureInfo?.value).toBe('es-US');
    // An explicit public.cultureInfo wins over the locale.
    const both = await e.write(null, { public: { locale: 'en-US', cultureInfo: 'pt-BR' } });
    expect(both.session.namespaces.store?.cultureInfo?.value).toBe('pt-BR');
  });

  it('keeps store.admin_cultureInfo next to cultureInfo: public.admin_cultureInfo when offered, else the culture in use', async () => {
    const e = engine();
    const english = await e.write(null, { public: { locale: 'en-US' } });
    expect(english.session.namespaces.store?.admin_cultureInfo?.value).toBe('en-US');
    const admin = await e.write(null, { public: { admin_cultureInfo: 'en-US' } });
    expect(admin.session.namespaces.store).toMatchObject({ cultureInfo: { value: 'pt-BR' }, admin_cultureInfo: { value: 'en-US' } });
    const unknown = await e.write(null, { public: { admin_cultureInfo: 'xx-XX' } });
    expect(unknown.session.namespaces.store?.admin_cultureInfo?.value).toBe('pt-BR');
  });
});
