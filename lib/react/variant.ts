import { DEFAULT_VARIANT_FIELDS as VARIANT_FIELDS } from '../session/variant-fields';
import type { Segment, SegmentKey } from './types';

/** The segment fields pages vary on: the middleware's default variant fields. */
export const DEFAULT_VARIANT_FIELDS: readonly SegmentKey[] = VARIANT_FIELDS;

/** True when the server-rendered page no longer matches the segment. */
export function variantChanged(before: Segment | null, after: Segment | null, fields: readonly SegmentKey[]): boolean {
  if (before === null || after === null) return before !== after;
  return fields.some((field) => (before[field] ?? null) !== (after[field] ?? null));
}
