import type { Segment, SegmentKey } from './types';

/**
 * The segment fields pages vary on (the middleware's default variant fields).
 * UTMs are left out: their effect already shows in `campaigns`.
 */
export const DEFAULT_VARIANT_FIELDS: readonly SegmentKey[] = [
  'channel',
  'priceTables',
  'regionId',
  'campaigns',
  'currencyCode',
  'cultureInfo',
  'countryCode',
  'channelPrivacy',
];

/** True when the server-rendered page no longer matches the segment. */
export function variantChanged(before: Segment | null, after: Segment | null, fields: readonly SegmentKey[]): boolean {
  if (before === null || after === null) return before !== after;
  return fields.some((field) => (before[field] ?? null) !== (after[field] ?? null));
}
