import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSegment } from '@/lib/react/segment-cookie';
import { SessionError } from '@/lib/session/errors';
import { decodeSegmentToken, encodeSegmentToken, readSegmentToken, SEGMENT_KEYS } from '@/lib/session/segment';
import type { Segment } from '@/lib/session/types';
import { CHANNEL_1_DEFAULTS } from '../support/segments';

/** The API's decoder: the segment, or the 400 it answers. */
function serverAnswer(token: string): Segment | SessionError {
  try {
    return decodeSegmentToken(token);
  } catch (error) {
    return error as SessionError;
  }
}

/**
 * Asserts the reading that never throws (the browser kit's) answers as the API's
 * decoder does: the same segment, key order included, or a refusal with the reason
 * the 400 gives.
 */
function expectSameAnswer(token: string) {
  const expected = serverAnswer(token);
  const read = readSegmentToken(token);
  if (expected instanceof SessionError) {
    expect(expected.status).toBe(400);
    expect(read).toEqual({ ok: false, why: expect.any(String) });
    if (!read.ok) expect(expected.message).toBe(`The segment token is not valid: ${read.why}`);
    // The page's cookie reader shows no segment rather than a wrong one.
    if (!token.includes('%')) expect(decodeSegment(token)).toBeNull();
    return;
  }
  expect(read).toEqual({ ok: true, segment: expected });
  if (read.ok) expect(Object.keys(read.segment)).toEqual(Object.keys(expected));
  if (!token.includes('%')) expect(decodeSegment(token)).toStrictEqual(expected);
}

const base64 = (json: unknown) => Buffer.from(typeof json === 'string' ? json : JSON.stringify(json)).toString('base64');

describe('readSegmentToken (the browser kit) and decodeSegmentToken (the API) agree', () => {
  it.each<[string, string, 'read' | 'refused']>([
    ['the default Brazilian segment', encodeSegmentToken(CHANNEL_1_DEFAULTS), 'read'],
    ['a segment with admin_cultureInfo', encodeSegmentToken({ ...CHANNEL_1_DEFAULTS, admin_cultureInfo: 'en-US' }), 'read'],
    ['admin_cultureInfo null', base64({ channel: '1', admin_cultureInfo: null }), 'read'],
    ['a padded token', base64({ channel: '1', utm_source: 'ab' }), 'read'],
    ['unknown keys and missing ones', base64({ channel: '1', somethingNew: 'x' }), 'read'],
    ['an unknown channelPrivacy', base64({ channel: '1', channelPrivacy: 'secret' }), 'read'],
    ['an empty object', base64({}), 'read'],
    ['a key of Object.prototype only', base64('{"__proto__":{"channel":"1"}}'), 'read'],
    ['not base64', '%%%', 'refused'],
    ['three = of padding', 'e30===', 'refused'],
    ['a length of 4n + 1', 'e30xx', 'refused'],
    ['base64 of text', base64('hello'), 'refused'],
    ['base64 of bytes that are not UTF-8', Buffer.from([0x7b, 0xff, 0x7d]).toString('base64'), 'refused'],
    ['base64 of an array', base64('[1,2]'), 'refused'],
    ['base64 of null', base64('null'), 'refused'],
    ['a non-string value', base64({ channel: 1 }), 'refused'],
    ['a non-string admin_cultureInfo', base64({ channel: '1', admin_cultureInfo: false }), 'refused'],
    ['empty', '', 'refused'],
    ['too long', 'A'.repeat(8196), 'refused'],
  ])('on %s', (_what, token, verdict) => {
    expectSameAnswer(token);
    // What each side answers, not only that they agree: both are built on one reader.
    expect(readSegmentToken(token).ok).toBe(verdict === 'read');
  });

  it('reads back the segment that was encoded', () => {
    expect(decodeSegmentToken(encodeSegmentToken(CHANNEL_1_DEFAULTS))).toStrictEqual(CHANNEL_1_DEFAULTS);
    expect(readSegmentToken(encodeSegmentToken({ ...CHANNEL_1_DEFAULTS, admin_cultureInfo: 'en-US' }))).toEqual({ ok: true, segment: { ...CHANNEL_1_DEFAULTS, admin_cultureInfo: 'en-US' } });
  });

  it('on any segment, and on arbitrary strings', () => {
    const text = fc.option(fc.string({ unit: 'binary', maxLength: 20 }), { nil: null });
    const value = fc.oneof(text, fc.integer(), fc.boolean(), fc.constantFrom('public', 'private'));
    const record = fc.dictionary(fc.constantFrom(...SEGMENT_KEYS, 'other'), value);
    fc.assert(
      fc.property(fc.oneof(record.map(base64), record.map((json) => base64(json).replace(/=+$/, '')), fc.base64String({ maxLength: 80 }), fc.string()), expectSameAnswer),
      { numRuns: 500 },
    );
  });
});
