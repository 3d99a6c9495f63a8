import { base64ToUtf8, utf8ToBase64 } from '../base64';

const REGION_PREFIX = 'SW#';
const CANONICAL_BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * The seller list a VTEX region id spells (`base64("SW#" + "a;b;c")` -> `"a;b;c"`),
 * or null when the id is not exactly that: not base64, not `SW#…`, or base64 that
 * would not come back byte for byte (missing padding, stray bits). Only a list that
 * round-trips may stand in for the id.
 */
export function regionSellerList(regionId: string): string | null {
  if (!CANONICAL_BASE64.test(regionId) || regionId.length % 4 !== 0) return null;
  let decoded: string;
  try {
    decoded = base64ToUtf8(regionId);
  } catch {
    return null;
  }
  if (!decoded.startsWith(REGION_PREFIX)) return null;
  return utf8ToBase64(decoded) === regionId ? decoded.slice(REGION_PREFIX.length) : null;
}

/** The region id of a seller list as regionSellerList gives it (`"a;b"` -> `base64("SW#a;b")`). */
export function regionIdOfSellerList(sellerList: string): string {
  return utf8ToBase64(`${REGION_PREFIX}${sellerList}`);
}

/** VTEX's region id: base64("SW#" + seller ids joined by ";"), padding kept. "U1cj" is the empty region. */
export function regionIdOf(sellerIds: readonly string[]): string {
  return regionIdOfSellerList(sellerIds.join(';'));
}

/**
 * The seller ids of a VTEX `SW#` region id, in order; null for any other id (VTEX's
 * `v2.…`, say). Lenient where regionSellerList is strict (missing padding is fine):
 * it reads ids, it does not stand in for them.
 */
export function sellerIdsOf(regionId: string): string[] | null {
  let decoded: string;
  try {
    decoded = base64ToUtf8(regionId.replace(/=+$/, ''));
  } catch {
    return null;
  }
  return decoded.startsWith(REGION_PREFIX) ? decoded.slice(REGION_PREFIX.length).split(';').filter(Boolean) : null;
}
