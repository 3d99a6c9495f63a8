import type { Transform } from './transforms/types';
import { NO_INPUTS, type UrlInputs } from './url-inputs';
import { URL_INPUTS_IN_SEGMENT } from './url-input-names';
import { utf8Encoder } from './utf8';

/** A page URL's inputs as a new visitor's segment sees them, when it does not read them all. */
export interface SegmentInputs {
  /**
   * The inputs a transform reads or the segment shows (`sc`, `utm_campaign`, …): a new
   * session's segment, and so its variant, is the same with these alone. NO_INPUTS when
   * none is.
   */
  readonly kept: UrlInputs;
  /** How many the rest are (`utm_content`, `utm_term`: often one value per click). */
  readonly otherKeys: number;
  /** At most how many bytes the rest add to the session's JSON in its token. */
  readonly otherBytes: number;
}

/**
 * Splits URL inputs into those a new session's segment depends on and the rest, for
 * the `transforms` of a store; null when it depends on every one (most links, and no
 * inputs at all). Only a transform can turn a public value into a segment field other
 * than the UTMs the segment shows itself, and each declares what it reads.
 */
export function segmentInputsOf(transforms: readonly Transform[]): (inputs: UrlInputs) => SegmentInputs | null {
  const read = new Set<string>(Object.keys(URL_INPUTS_IN_SEGMENT));
  for (const transform of transforms) {
    for (const path of transform.inputs) if (path.startsWith('public.')) read.add(path.slice('public.'.length));
  }
  return (inputs) => {
    let kept: Record<string, string> | null = null;
    let otherKeys = 0;
    let otherBytes = 0;
    for (const key in inputs) {
      if (read.has(key)) continue;
      if (kept === null) {
        kept = {};
        for (const name in inputs) if (read.has(name)) kept[name] = inputs[name]!;
      }
      otherKeys++;
      // `,"key":"value"` in the token's JSON (token-wire.ts).
      otherBytes += utf8Encoder.encode(JSON.stringify(key) + JSON.stringify(inputs[key])).length + 2;
    }
    if (kept === null) return null;
    return { kept: Object.keys(kept).length === 0 ? NO_INPUTS : kept, otherKeys, otherBytes };
  };
}
