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

/** Accepts padded and unpadded tokens and ignores unknown keys; anything else is a 400. */
export function decodeSegmentToken(token: string): Segment {
  const invalid = (why: string) =>
    new SessionError(400, 'invalid_segment_token', `The segment token is not valid: ${why}`);
  if (token.length === 0) throw invalid('it is empty');
  if (token.length > MAX_SEGMENT_TOKEN_LENGTH) throw invalid(`it is longer than ${MAX_SEGMENT_TOKEN_LENGTH} characters`);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(token)) throw invalid('it is not standard base64');
  let parsed: unknown;
  try {
    parsed = JSON.parse(base64ToUtf8(token.replace(/=+$/, '')));
  } catch {
    throw invalid('it is not base64 of JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalid('it does not hold a JSON object');
  }
  const source = parsed as Record<string, unknown>;
  const pick = (key: SegmentKey): string | null => {
    const value = Object.hasOwn(source, key) ? source[key] : null;
    if (value === null || value === undefined) return null;
    if (typeof value !== 'string') throw invalid(`"${key}" is not a string or null`);
    return value;
  };
  const segment: Segment = {
    campaigns: pick('campaigns'),
    channel: pick('channel'),
    priceTables: pick('priceTables'),
    regionId: pick('regionId'),
    utm_campaign: pick('utm_campaign'),
    utm_source: pick('utm_source'),
    utmi_campaign: pick('utmi_campaign'),
    currencyCode: pick('currencyCode'),
    currencySymbol: pick('currencySymbol'),
    countryCode: pick('countryCode'),
    cultureInfo: pick('cultureInfo'),
    channelPrivacy: privacy(pick('channelPrivacy')),
  };
  if (Object.hasOwn(source, 'admin_cultureInfo')) segment.admin_cultureInfo = pick('admin_cultureInfo');
  return segment;
}
