import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToBase64Url } from './base64';
import type { Segment } from './types';
import { utf8Encoder } from './utf8';
import { VARIANT_CODE_FORMAT, type VariantCodec } from './variant';

/*
 * What a session token says in the clear about its page variant (TokenCodec's tag):
 *
 *   <list id>.<variant code>
 *
 * The list id names the code format and the variant fields that cut the code, so a
 * token sealed before the store changed its variantFields (or before a new code
 * format) names another list, and is unsealed instead of trusted: its code would be
 * another cut of the segment. The code needs no check of its own here: the token's
 * MAC covers it, and TokenCodec reads tags only from tokens sealed with the secret
 * that signs codes now.
 */

const LIST_ID_CHARS = 8;
const listIds = new WeakMap<VariantCodec, string>();

function listIdOf(variants: VariantCodec): string {
  let id = listIds.get(variants);
  if (id === undefined) {
    id = bytesToBase64Url(sha256(utf8Encoder.encode(`${VARIANT_CODE_FORMAT}:${variants.fields.join(',')}`))).slice(0, LIST_ID_CHARS);
    listIds.set(variants, id);
  }
  return id;
}

/** The tag to seal a session of this segment with. */
export function variantTag(variants: VariantCodec, segment: Segment): string {
  return variantTagOfCode(variants, variants.encode(segment));
}

/** variantTag for a code already issued by `variants`. */
export function variantTagOfCode(variants: VariantCodec, code: string): string {
  return `${listIdOf(variants)}.${code}`;
}

/** The variant code a token's tag names, or null when another field list (or format) cut it. */
export function codeOfTag(variants: VariantCodec, tag: string): string | null {
  const id = listIdOf(variants);
  if (tag.length <= id.length + 1 || !tag.startsWith(id) || tag.charCodeAt(id.length) !== 46 /* . */) return null;
  const code = tag.slice(id.length + 1);
  return variants.mayBeCode(code) ? code : null;
}
