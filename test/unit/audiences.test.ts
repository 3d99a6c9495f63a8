import { describe, expect, it } from 'vitest';
import { matchAudiences, validateAudiences } from '@/lib/session/audiences/evaluate';
import type { AudienceConfig } from '@/lib/session/audiences/types';
import { storeConfig } from '@/store.config';

const demo = storeConfig.audiences;
const none = { priceTables: [] as string[] };

describe('campaign audiences', () => {
  it('matches the demo audiences', () => {
    expect(matchAudiences(demo, { ...none, utm_campaign: 'blackfriday' })).toEqual(['blackfriday']);
    expect(matchAudiences(demo, { ...none, utm_campaign: 'BlackFriday ' })).toEqual(['blackfriday']);
    expect(matchAudiences(demo, { ...none, utm_campaign: 'blackfriday2' })).toEqual([]);
    expect(matchAudiences(demo, { ...none, email: 'buyer@b2b.example' })).toEqual(['b2b-vip']);
    expect(matchAudiences(demo, { ...none, email: 'buyer@sub.b2b.example' })).toEqual([]);
    expect(matchAudiences(demo, { ...none, email: 'b2b.example@gmail.com' })).toEqual([]);
    expect(matchAudiences(demo, { ...none, country: 'BRA', postalCode: '01310-100' })).toEqual(['sp-local']);
    expect(matchAudiences(demo, { ...none, country: 'BRA', postalCode: '69900-000' })).toEqual([]);
    expect(matchAudiences(demo, { ...none, country: 'USA', postalCode: '01310' })).toEqual([]);
    expect(matchAudiences(demo, { ...none, country: 'BRA', postalCode: '0131' })).toEqual([]);
  });

  it('lists every audience met, sorted', () => {
    expect(
      matchAudiences(demo, { utm_campaign: 'blackfriday', email: 'buyer@b2b.example', priceTables: ['b2b-gold'], country: 'BRA', postalCode: '05408-000' }),
    ).toEqual(['b2b-vip', 'blackfriday', 'sp-local']);
  });

  it('combines conditions all-of or any-of', () => {
    const audiences: AudienceConfig[] = [
      {
        id: 'gold-newsletter',
        match: 'all',
        conditions: [
          { field: 'priceTables', op: 'contains', value: 'b2b-gold' },
          { field: 'utm_source', op: 'contains', value: 'news' },
        ],
      },
      {
        id: 'social',
        match: 'any',
        conditions: [
          { field: 'utm_source', op: 'equals', value: 'instagram' },
          { field: 'utmi_campaign', op: 'equals', value: 'influencer' },
          { field: 'email', op: 'equals', value: 'vip@example.com' },
        ],
      },
    ];
    expect(matchAudiences(audiences, { priceTables: ['b2b-gold'], utm_source: 'newsletter' })).toEqual(['gold-newsletter']);
    expect(matchAudiences(audiences, { priceTables: ['b2b-gold'] })).toEqual([]);
    expect(matchAudiences(audiences, { priceTables: [], utm_source: 'newsletter' })).toEqual([]);
    expect(matchAudiences(audiences, { priceTables: [], utmi_campaign: 'influencer' })).toEqual(['social']);
    expect(matchAudiences(audiences, { priceTables: [], email: 'VIP@example.com' })).toEqual(['social']);
    expect(matchAudiences(audiences, { priceTables: [] })).toEqual([]);
  });

  it('refuses audiences that cannot work, at start', () => {
    const bad = (audience: object) => () => validateAudiences([audience as AudienceConfig]);
    expect(bad({ id: 'a,b', match: 'all', conditions: [{ field: 'utm_source', op: 'equals', value: 'x' }] })).toThrow('ids may hold');
    expect(bad({ id: 'a', match: 'most', conditions: [{ field: 'utm_source', op: 'equals', value: 'x' }] })).toThrow('match must be');
    expect(bad({ id: 'a', match: 'all', conditions: [] })).toThrow('no conditions');
    expect(bad({ id: 'a', match: 'all', conditions: [{ field: 'age', op: 'equals', value: 'x' }] })).toThrow('unknown field');
    expect(bad({ id: 'a', match: 'all', conditions: [{ field: 'email', op: 'contains', value: 'x' }] })).toThrow('email takes equals or domain');
    expect(bad({ id: 'a', match: 'all', conditions: [{ field: 'utm_source', op: 'equals', value: ' ' }] })).toThrow('needs a value');
    expect(bad({ id: 'a', match: 'all', conditions: [{ field: 'postalCode', op: 'inRange', country: 'BR', from: '1', to: '2' }] })).toThrow('alpha-3');
    expect(bad({ id: 'a', match: 'all', conditions: [{ field: 'postalCode', op: 'inRange', country: 'BRA', from: '01000-000', to: '123' }] })).toThrow(
      '"123" is not a postal code of BRA',
    );
    expect(bad({ id: 'a', match: 'all', conditions: [{ field: 'postalCode', op: 'inRange', country: 'BRA', from: '09000-000', to: '01000-000' }] })).toThrow(
      'comes after',
    );
    const one = { id: 'a', match: 'all', conditions: [{ field: 'utm_source', op: 'equals', value: 'x' }] } as AudienceConfig;
    expect(() => validateAudiences([one, one])).toThrow('declared twice');
    expect(() => validateAudiences(demo)).not.toThrow();
  });
});

describe('rnb transform', () => {
  it('reads its inputs from the session and writes sorted ids, or nothing', async () => {
    const { rnbTransform } = await import('@/lib/session/transforms/rnb');
    const { runTransforms } = await import('@/lib/session/transforms/engine');
    const transform = rnbTransform([
      ...demo,
      { id: 'gold', match: 'all', conditions: [{ field: 'priceTables', op: 'contains', value: 'b2b-gold' }] },
    ]);
    const namespaces = {
      profile: { email: { value: 'buyer@b2b.example' }, priceTables: { value: 'retail,b2b-gold' } },
      public: { postalCode: { value: '01310-100' }, utm_campaign: { value: 'blackfriday' } },
      store: { countryCode: { value: 'BRA' } },
    };
    const result = await runTransforms([transform], namespaces, { changed: ['public.utm_campaign'], creating: false });
    expect(result.namespaces.rnb).toEqual({ campaigns: { value: 'b2b-vip,blackfriday,gold,sp-local' } });
    const none = await runTransforms([transform], { rnb: { campaigns: { value: 'stale' } }, public: { utm_campaign: { value: 'x' } } }, { changed: ['public.utm_campaign'], creating: false });
    expect(none.namespaces.rnb).toBeUndefined();
  });

  it('refuses invalid audiences when it is built', async () => {
    const { rnbTransform } = await import('@/lib/session/transforms/rnb');
    expect(() => rnbTransform([{ id: 'bad id', match: 'all', conditions: [{ field: 'utm_source', op: 'equals', value: 'x' }] }])).toThrow();
  });
});
