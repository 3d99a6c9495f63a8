import { describe, expect, it } from 'vitest';
import { decodeSegmentToken, deriveSegment, encodeSegmentToken, serializeSegment } from '@/lib/session/segment';
import type { Segment } from '@/lib/session/types';
import { SessionError } from '@/lib/session/errors';
import { CHANNEL_1_DEFAULTS } from '../support/segments';

/** The segment token of a fresh visitor on a VTEX store's Brazilian channel 1, byte for byte. */
const VTEX_BRA_DEFAULT =
  'eyJjYW1wYWlnbnMiOm51bGwsImNoYW5uZWwiOiIxIiwicHJpY2VUYWJsZXMiOm51bGwsInJlZ2lvbklkIjpudWxsLCJ1dG1fY2FtcGFpZ24iOm51bGwsInV0bV9zb3VyY2UiOm51bGwsInV0bWlfY2FtcGFpZ24iOm51bGwsImN1cnJlbmN5Q29kZSI6IkJSTCIsImN1cnJlbmN5U3ltYm9sIjoiUiQiLCJjb3VudHJ5Q29kZSI6IkJSQSIsImN1bHR1cmVJbmZvIjoicHQtQlIiLCJjaGFubmVsUHJpdmFjeSI6InB1YmxpYyJ9';

const braDefault: Segment = CHANNEL_1_DEFAULTS;

describe('segment', () => {
  it('derives the segment from the namespaces', () => {
    const segment = deriveSegment({
      store: {
        channel: { value: '2' },
        currencyCode: { value: 'USD' },
        currencySymbol: { value: '$' },
        countryCode: { value: 'USA' },
        cultureInfo: { value: 'en-US' },
        channelPrivacy: { value: 'public' },
      },
      profile: { priceTables: { value: 'b2b-gold' } },
      checkout: { regionId: { value: 'U1cjMQ==' } },
      rnb: { campaigns: { value: 'blackfriday,sp-local' } },
      public: { utm_source: { value: 'google' }, utm_campaign: { value: 'bf' }, utmi_campaign: { value: 'x' } },
    });
    expect(segment).toEqual({
      campaigns: 'blackfriday,sp-local',
      channel: '2',
      priceTables: 'b2b-gold',
      regionId: 'U1cjMQ==',
      utm_campaign: 'bf',
      utm_source: 'google',
      utmi_campaign: 'x',
      currencyCode: 'USD',
      currencySymbol: '$',
      countryCode: 'USA',
      cultureInfo: 'en-US',
      channelPrivacy: 'public',
    });
    expect('admin_cultureInfo' in segment).toBe(false);
  });

  it('encodes exactly the bytes VTEX sends for the default Brazilian segment', () => {
    expect(encodeSegmentToken(braDefault)).toBe(VTEX_BRA_DEFAULT);
  });

  it('writes keys in VTEX order with explicit nulls, admin_cultureInfo before channelPrivacy only when set', () => {
    expect(serializeSegment({ ...braDefault, admin_cultureInfo: 'en-US' })).toBe(
      '{"campaigns":null,"channel":"1","priceTables":null,"regionId":null,"utm_campaign":null,"utm_source":null,"utmi_campaign":null,"currencyCode":"BRL","currencySymbol":"R$","countryCode":"BRA","cultureInfo":"pt-BR","admin_cultureInfo":"en-US","channelPrivacy":"public"}',
    );
  });

  it('strips = padding and decodes padded and unpadded tokens alike', () => {
    const segment = { ...braDefault, utm_source: 'ab' };
    const token = encodeSegmentToken(segment);
    expect(token.endsWith('=')).toBe(false);
    expect(decodeSegmentToken(token)).toEqual(segment);
    const padded = token + '='.repeat((4 - (token.length % 4)) % 4);
    expect(decodeSegmentToken(padded)).toEqual(segment);
  });

  it('round-trips unicode, quotes and control characters', () => {
    const segment = { ...braDefault, utm_campaign: 'ção "promo" \u0001 🛒', utmi_campaign: '</script>' };
    expect(decodeSegmentToken(encodeSegmentToken(segment))).toEqual(segment);
  });

  it('ignores unknown keys and fills missing ones with null', () => {
    const token = Buffer.from(JSON.stringify({ channel: '1', somethingNew: 'x' })).toString('base64');
    expect(decodeSegmentToken(token)).toEqual({ ...Object.fromEntries(Object.keys(braDefault).map((k) => [k, null])), channel: '1' });
  });

  it.each([
    ['not base64', '%%%'],
    ['base64 of text', Buffer.from('hello').toString('base64')],
    ['base64 of an array', Buffer.from('[1,2]').toString('base64')],
    ['a non-string value', Buffer.from('{"channel":1}').toString('base64')],
    ['empty', ''],
  ])('refuses a token that is %s with a clear 400', (_what, token) => {
    let error: unknown;
    try {
      decodeSegmentToken(token);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SessionError);
    expect((error as SessionError).status).toBe(400);
    expect((error as SessionError).code).toBe('invalid_segment_token');
  });
});
