import { base64ToUtf8, utf8ToBase64 } from './base64';
import { SessionError } from './errors';
import type { ChannelPrivacy, Namespaces, Segment } from './types';

/** VTEX's wire order of the segment's keys; `admin_cultureInfo` appears only when set. */
export const SEGMENT_KEYS = [
  'campaigns',
  'channel',
  'priceTables',
  'regionId',
  'utm_campaign',
  'utm_source',
  'utmi_campaign',
  'currencyCode',
  'currencySymbol',
  'countryCode',
  'cultureInfo',
  'admin_cultureInfo',
  'channelPrivacy',
] as const satisfies readonly (keyof Segment)[];

export type SegmentKey = (typeof SEGMENT_KEYS)[number];

function read(namespaces: Namespaces, ns: keyof Namespaces, key: string): string | null {
  const entry = namespaces[ns];
  if (!entry || !Object.hasOwn(entry, key)) return null;
  const value = entry[key]!.value;
  return value === '' ? null : value;
}

function privacy(value: string | null): ChannelPrivacy | null {
  return value === 'public' || value === 'private' ? value : null;
}

/** The segment is a projection of the namespaces after the transforms have run. */
export function deriveSegment(namespaces: Namespaces): Segment {
  const segment: Segment = {
    campaigns: read(namespaces, 'rnb', 'campaigns'),
    channel: read(namespaces, 'store', 'channel'),
    priceTables: read(namespaces, 'profile', 'priceTables'),
    regionId: read(namespaces, 'checkout', 'regionId'),
    utm_campaign: read(namespaces, 'public', 'utm_campaign'),
    utm_source: read(namespaces, 'public', 'utm_source'),
    utmi_campaign: read(namespaces, 'public', 'utmi_campaign'),
    currencyCode: read(namespaces, 'store', 'currencyCode'),
    currencySymbol: read(namespaces, 'store', 'currencySymbol'),
    countryCode: read(namespaces, 'store', 'countryCode'),
    cultureInfo: read(namespaces, 'store', 'cultureInfo'),
    channelPrivacy: privacy(read(namespaces, 'store', 'channelPrivacy')),
  };
  const adminCulture = read(namespaces, 'public', 'admin_cultureInfo');
  if (adminCulture !== null) segment.admin_cultureInfo = adminCulture;
  return segment;
}

/** Compact JSON in VTEX's key order, with explicit nulls. */
export function serializeSegment(segment: Segment): string {
  const ordered: Record<string, string | null> = {};
  for (const key of SEGMENT_KEYS) {
    if (key === 'admin_cultureInfo' && segment.admin_cultureInfo === undefined) continue;
    ordered[key] = segment[key] ?? null;
  }
  return JSON.stringify(ordered);
}

/** The `vtex_segment` token: standard base64 of the compact JSON, `=` padding stripped. */
export function encodeSegmentToken(segment: Segment): string {
  return utf8ToBase64(serializeSegment(segment)).replace(/=+$/, '');
}

export const MAX_SEGMENT_TOKEN_LENGTH = 8192;

export type SegmentTokenReading = { ok: true; segment: Segment } | { ok: false; why: string };

/**
 * What a segment token holds, or why it is refused, without throwing: the browser kit
 * reads the cookie with this, and leaves decodeSegmentToken's error class out of its
 * bundle. Accepts padded and unpadded tokens and ignores unknown keys.
 */
export function readSegmentToken(token: string): SegmentTokenReading {
  const refused = (why: string): SegmentTokenReading => ({ ok: false, why });
  if (token.length === 0) return refused('it is empty');
  if (token.length > MAX_SEGMENT_TOKEN_LENGTH) return refused(`it is longer than ${MAX_SEGMENT_TOKEN_LENGTH} characters`);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(token)) return refused('it is not standard base64');
  let parsed: unknown;
  try {
    parsed = JSON.parse(base64ToUtf8(token.replace(/=+$/, '')));
  } catch {
    return refused('it is not base64 of JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return refused('it does not hold a JSON object');
  const source = parsed as Record<string, unknown>;
  // Every known key a string or null (absent counts as null); unknown keys are ignored.
  const fields = {} as Record<SegmentKey, string | null>;
  for (const key of SEGMENT_KEYS) {
    const value = Object.hasOwn(source, key) ? (source[key] ?? null) : null;
    if (value !== null && typeof value !== 'string') return refused(`"${key}" is not a string or null`);
    fields[key] = value;
  }
  const { admin_cultureInfo, channelPrivacy, ...shared } = fields;
  const segment: Segment = { ...shared, channelPrivacy: privacy(channelPrivacy) };
  // As VTEX sends it: only when the token has it.
  if (Object.hasOwn(source, 'admin_cultureInfo')) segment.admin_cultureInfo = admin_cultureInfo;
  return { ok: true, segment };
}

/** readSegmentToken for the API: a refused token is a 400 that says why. */
export function decodeSegmentToken(token: string): Segment {
  const read = readSegmentToken(token);
  if (!read.ok) throw new SessionError(400, 'invalid_segment_token', `The segment token is not valid: ${read.why}`);
  return read.segment;
}
