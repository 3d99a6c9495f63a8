/**
 * The shapes the whole kit speaks. Plain data only: everything here survives
 * JSON, a sealed cookie and a Redis round trip unchanged.
 */

/** The nine namespaces of VTEX's Sessions System, in VTEX's order. */
export const NAMESPACES = [
  'account',
  'store',
  'checkout',
  'cookie',
  'impersonate',
  'profile',
  'public',
  'authentication',
  'rnb',
] as const;

export type NamespaceName = (typeof NAMESPACES)[number];

/** Only `public` may be written by a client through the Sessions API. */
export const CLIENT_WRITABLE_NAMESPACE = 'public' satisfies NamespaceName;

export function isNamespaceName(name: string): name is NamespaceName {
  return (NAMESPACES as readonly string[]).includes(name);
}

/** One fact in a namespace. Values are always strings, as in VTEX. */
export interface SessionValue {
  value: string;
  /** Survives expiry renewal (VTEX marks `account.id` this way). */
  keepAlive?: boolean;
}

export type Namespace = Record<string, SessionValue>;
export type Namespaces = Partial<Record<NamespaceName, Namespace>>;

/** A `ns.key` path, e.g. `public.postalCode`. */
export type KeyPath = `${NamespaceName}.${string}`;

export interface Session {
  id: string;
  /** Edit counter: goes up by one on every accepted write, never down. */
  version: number;
  namespaces: Namespaces;
  /** False once a session has been revoked (signed out everywhere, deleted). */
  active: boolean;
  /** When true, API responses carry the transform trace of the last write. */
  debug: boolean;
  /** Epoch milliseconds; slides forward as the visitor returns. */
  expiresAt: number;
}

export type ChannelPrivacy = 'public' | 'private';

/**
 * The shared commercial conditions of a session: the cache key of pages.
 * Key order here is VTEX's wire order; see segment.ts.
 */
export interface Segment {
  campaigns: string | null;
  channel: string | null;
  priceTables: string | null;
  regionId: string | null;
  utm_campaign: string | null;
  utm_source: string | null;
  utmi_campaign: string | null;
  currencyCode: string | null;
  currencySymbol: string | null;
  countryCode: string | null;
  cultureInfo: string | null;
  /** Present only when set, as VTEX does. */
  admin_cultureInfo?: string | null;
  channelPrivacy: ChannelPrivacy | null;
}

/** One step of the transform trace, returned when a session has `debug: true`. */
export interface TraceEntry {
  round: number;
  transform: string;
  /** Why it ran: `create`, or the inputs that changed. */
  reason: string[];
  /** Key paths whose value this run changed (added, edited or removed). */
  changed: string[];
  ms: number;
}
