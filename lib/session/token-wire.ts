import { regionIdOfSellerList, regionSellerList } from './regions/region-id';
import { Lru } from './lru';
import type { TokenPayload } from './token';
import type { Namespaces, Segment } from './types';

/**
 * The sealed form of a TokenPayload: terser than the in-memory one, because every
 * byte rides on every request, and `{"value":"x"}` per key would cost a third of the
 * cookie. Tokens sealed before a field's compaction existed still decode: each
 * compaction uses a JSON type the older form never had.
 */
export interface WirePayload {
  i: string;
  v: number;
  e: number;
  d?: 1;
  n?: Record<string, Record<string, WireValue>>;
  s?: WireSegment;
  /** keepAlive values beside the segment: only values, the flag goes without saying. */
  k?: Record<string, Record<string, string>>;
  /** A pristine token's template, in place of `n`: host and digest (pristine.ts). */
  p?: [host: string, digest: string];
}

type WireValue = string | [value: string, keepAlive: 1] | CompactRegion;

/**
 * A VTEX region id is base64("SW#" + sellers joined by ";"). A marketplace region of a
 * hundred sellers is kilobytes of base64, sealed and base64url-encoded again: carried
 * as the seller list (front-coded when sellers share prefixes), it costs a third as
 * much, and the exact id comes back on unseal. Only ids that round-trip are compacted.
 */
interface CompactRegion {
  r: RegionWire;
  /** keepAlive */
  k?: 1;
}

/**
 * The seller list as one string (`"a;b"`), or front-coded: a number n before a string
 * means "the first n characters of the previous seller, then this string"
 * (`["mkt-seller-00", 11, "01"]` is `"mkt-seller-00;mkt-seller-01"`).
 */
type RegionWire = string | (string | number)[];

type WireSegment = Omit<Segment, 'regionId'> & { regionId: Segment['regionId'] | CompactRegion };

const REGION_NAMESPACE = 'checkout';
const REGION_KEY = 'regionId';
/** Below three shared characters, `n,"rest"` is no shorter than `"whole"`. */
const MIN_SHARED_PREFIX = 3;

function sharedPrefix(a: string, b: string): number {
  const limit = Math.min(a.length, b.length);
  let n = 0;
  while (n < limit && a.charCodeAt(n) === b.charCodeAt(n)) n++;
  // Never split a surrogate pair: the rest would be a lone surrogate, escaped in JSON.
  const last = a.charCodeAt(n - 1);
  return n > 0 && n < limit && last >= 0xd800 && last <= 0xdbff ? n - 1 : n;
}

function frontCoded(sellerList: string): RegionWire {
  const coded: (string | number)[] = [];
  let previous: string | undefined;
  let shared = false;
  for (const seller of sellerList.split(';')) {
    const n = previous === undefined ? 0 : sharedPrefix(previous, seller);
    if (n >= MIN_SHARED_PREFIX) {
      coded.push(n, seller.slice(n));
      shared = true;
    } else {
      coded.push(seller);
    }
    previous = seller;
  }
  return shared && JSON.stringify(coded).length < JSON.stringify(sellerList).length ? coded : sellerList;
}

function sellerListOf(region: RegionWire): string | null {
  if (typeof region === 'string') return region;
  if (!Array.isArray(region)) return null;
  const sellers: string[] = [];
  for (let i = 0; i < region.length; i++) {
    const item = region[i];
    if (typeof item === 'string') {
      sellers.push(item);
      continue;
    }
    const previous = sellers.at(-1);
    const rest = region[++i];
    if (previous === undefined || !Number.isInteger(item) || (item as number) < 1 || (item as number) > previous.length || typeof rest !== 'string') {
      return null;
    }
    sellers.push(previous.slice(0, item as number) + rest);
  }
  return sellers.length === 0 ? null : sellers.join(';');
}

/**
 * Region ids compacted lately: a store has few regions, and every write seals one of
 * them again (decoding the id, checking it round-trips and front-coding its sellers).
 * The wire forms are shared, read-only, by the payloads sealed with them.
 */
const compactedRegions = new Lru<string, RegionWire | null>(512);

function compactRegion(regionId: string, keepAlive: boolean): CompactRegion | null {
  const region = compactedRegions.getOrSet(regionId, () => {
    const sellerList = regionSellerList(regionId);
    return sellerList === null ? null : frontCoded(sellerList);
  });
  if (region === null) return null;
  return keepAlive ? { r: region, k: 1 } : { r: region };
}

function isCompactRegion(value: unknown): value is CompactRegion {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'r' in value;
}

/** The region id a compact region stands for; null when it is not one. */
function expandRegion(value: CompactRegion): string | null {
  const sellerList = sellerListOf(value.r);
  return sellerList === null ? null : regionIdOfSellerList(sellerList);
}

function wireValue(ns: string, key: string, value: string, keepAlive: boolean): WireValue {
  const region = ns === REGION_NAMESPACE && key === REGION_KEY ? compactRegion(value, keepAlive) : null;
  return region ?? (keepAlive ? [value, 1] : value);
}

function wireSegment(segment: Segment): WireSegment {
  // == null: a segment read from an older or partial payload may lack the key.
  const region = segment.regionId == null ? null : compactRegion(segment.regionId, false);
  // A copy either way: fromWire(toWire(p)) must share nothing mutable with p.
  return region ? { ...segment, regionId: region } : { ...segment };
}

export function toWire(payload: TokenPayload): WirePayload {
  const wire: WirePayload = { i: payload.id, v: payload.v, e: payload.exp };
  if (payload.dbg) wire.d = 1;
  if (payload.pristine) {
    // The template's namespaces go without saying, whether or not they were looked up.
    wire.p = [payload.pristine.host, payload.pristine.digest];
  } else if (payload.ns) {
    // Object.keys, not entries: a write seals a session of dozens of values, and a
    // [key, value] array for each was most of what sealing allocated.
    const n: Record<string, Record<string, WireValue>> = (wire.n = {});
    const namespaces = payload.ns as Record<string, Record<string, { value: string; keepAlive?: boolean }> | undefined>;
    for (const ns of Object.keys(namespaces)) {
      const values = namespaces[ns] ?? {};
      const out: Record<string, WireValue> = (n[ns] = {});
      for (const key of Object.keys(values)) {
        const entry = values[key]!;
        out[key] = wireValue(ns, key, entry.value, !!entry.keepAlive);
      }
    }
  } else {
    wire.s = wireSegment(payload.seg);
    if (payload.ka) {
      wire.k = {};
      for (const [ns, values] of Object.entries(payload.ka)) {
        wire.k[ns] = Object.fromEntries(Object.entries(values ?? {}).map(([key, entry]) => [key, entry.value]));
      }
    }
  }
  return wire;
}

/**
 * The JSON of a frozen namespaces object's wire form, kept: the middleware seals the
 * same namespaces (a new visitor's, per host and URL inputs) for visitor after visitor,
 * and only the id and expiry around them change. Frozen objects only, so what is kept
 * cannot go stale.
 */
const frozenWireText = new WeakMap<Namespaces, string>();

export function namespacesWireText(namespaces: Namespaces): string {
  let text = frozenWireText.get(namespaces);
  if (text === undefined) {
    text = JSON.stringify(toWire({ id: '', v: 0, exp: 0, ns: namespaces }).n);
    // A session's own namespaces (the digest of one is checked against its template) may change yet.
    if (Object.isFrozen(namespaces)) frozenWireText.set(namespaces, text);
  }
  return text;
}

/** JSON.stringify(toWire(payload)), written around the kept text of frozen namespaces. */
export function wireText(payload: TokenPayload): string {
  if (payload.pristine || !payload.ns || !Object.isFrozen(payload.ns)) return JSON.stringify(toWire(payload));
  return `{"i":${JSON.stringify(payload.id)},"v":${JSON.stringify(payload.v)},"e":${JSON.stringify(payload.exp)}${payload.dbg ? ',"d":1' : ''},"n":${namespacesWireText(payload.ns)}}`;
}

/** Freezes namespaces and every value record in them, so wireText may keep their text. */
export function freezeNamespaces(namespaces: Namespaces): Namespaces {
  for (const values of Object.values(namespaces)) {
    if (!values) continue;
    for (const entry of Object.values(values)) Object.freeze(entry);
    Object.freeze(values);
  }
  return Object.freeze(namespaces);
}

function namespacesFromWire(n: object): Namespaces | null {
  const ns: Namespaces = {};
  for (const name of Object.keys(n)) {
    const values = (n as Record<string, unknown>)[name];
    if (typeof values !== 'object' || values === null) return null;
    const target: Record<string, { value: string; keepAlive?: boolean }> = {};
    for (const key of Object.keys(values)) {
      const value = (values as Record<string, unknown>)[key];
      if (typeof value === 'string') target[key] = { value };
      else if (Array.isArray(value) && typeof value[0] === 'string') target[key] = { value: value[0], keepAlive: true };
      else if (name === REGION_NAMESPACE && key === REGION_KEY && isCompactRegion(value)) {
        const regionId = expandRegion(value);
        if (regionId === null) return null;
        target[key] = value.k === 1 ? { value: regionId, keepAlive: true } : { value: regionId };
      } else return null;
    }
    ns[name as keyof Namespaces] = target;
  }
  return ns;
}

function segmentFromWire(s: object): Segment | null {
  const wire = s as WireSegment;
  if (!isCompactRegion(wire.regionId)) return wire as Segment;
  const regionId = expandRegion(wire.regionId);
  return regionId === null ? null : { ...wire, regionId };
}

function keepAliveFromWire(k: object): Namespaces | null {
  const ka: Namespaces = {};
  for (const [name, values] of Object.entries(k)) {
    if (typeof values !== 'object' || values === null) return null;
    const target: Record<string, { value: string; keepAlive: true }> = {};
    for (const [key, value] of Object.entries(values as Record<string, unknown>)) {
      if (typeof value !== 'string') return null;
      target[key] = { value, keepAlive: true };
    }
    ka[name as keyof Namespaces] = target;
  }
  return ka;
}

/** The payload a wire object stands for, or null when it is not one (never throws). */
export function fromWire(data: unknown): TokenPayload | null {
  if (typeof data !== 'object' || data === null) return null;
  const w = data as Partial<Record<keyof WirePayload, unknown>>;
  if (typeof w.i !== 'string' || typeof w.v !== 'number' || typeof w.e !== 'number') return null;
  const base = { id: w.i, v: w.v, exp: w.e, ...(w.d === 1 ? { dbg: 1 as const } : {}) };
  if (w.p !== undefined) {
    const p = w.p;
    if (!Array.isArray(p) || p.length !== 2 || typeof p[0] !== 'string' || typeof p[1] !== 'string') return null;
    return { ...base, pristine: { host: p[0], digest: p[1] } };
  }
  if (typeof w.n === 'object' && w.n !== null) {
    const ns = namespacesFromWire(w.n);
    return ns && { ...base, ns };
  }
  if (typeof w.s !== 'object' || w.s === null) return null;
  const seg = segmentFromWire(w.s);
  if (!seg) return null;
  if (w.k === undefined) return { ...base, seg };
  if (typeof w.k !== 'object' || w.k === null) return null;
  const ka = keepAliveFromWire(w.k);
  return ka && { ...base, seg, ka };
}
