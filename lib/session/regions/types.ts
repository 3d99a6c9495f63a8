import type { GeoPoint } from './geo';

export interface Seller {
  id: string;
  /** Shown to shoppers: "sold and delivered by …". */
  name: string;
}

/** What the checkout transform asks a resolver. The country is alpha-3 and the postal code already valid. */
export interface RegionQuery {
  country: string;
  postalCode?: string;
  geoCoordinates?: GeoPoint;
  /** The session's sales channel (`store.channel`), VTEX's `sc`. */
  salesChannel?: string;
}

export interface Region {
  id: string;
  sellers: Seller[];
}

/**
 * Where regions come from. Return null (or a region without sellers) when nobody
 * serves the place; throw a SessionError when the answer is unknown (upstream down),
 * so the write fails and the session keeps its old region.
 */
export interface RegionResolver {
  readonly name: string;
  /** True when `resolve` waits on the network: the middleware then skips the checkout transform. */
  readonly io: boolean;
  resolve(query: RegionQuery): Region | null | Promise<Region | null>;
  /** A seller's name, when the resolver knows it (sessions keep only the region id). */
  sellerName?(id: string): string | undefined;
}

export { regionIdOf, sellerIdsOf } from './region-id';
