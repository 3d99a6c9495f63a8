import { z } from 'zod';
import { SessionError } from '../errors';
import { Lru } from '../lru';
import { regionIdOf, type Region, type RegionQuery, type RegionResolver } from './types';

export interface HttpRegionResolverOptions {
  /** The regions API's origin (and base path), e.g. `https://store.example`. */
  baseUrl: string;
  /** Give up on the upstream after this long. Default 2000 ms. */
  timeoutMs?: number;
  /** Distinct places remembered. Default 500. */
  cacheSize?: number;
  /** How long an answer is reused. Default 5 minutes. */
  cacheTtlMs?: number;
  /** Seller names remembered for the Sessions API's `checkout.sellers`. Default 10,000. */
  sellerNamesSize?: number;
  /** Headers sent upstream (an app key, say). */
  headers?: Record<string, string>;
  /**
   * Keep the upstream's own region id (VTEX's `v2.…` ids, say) instead of the
   * `SW#sellers` id. Default false: the id is then a function of the sellers alone,
   * so two resolvers agree on it and the cache variant can carry it as a seller list.
   */
  useUpstreamId?: boolean;
  fetch?: typeof fetch;
  now?: () => number;
}

const upstreamSchema = z.array(
  z.object({
    id: z.string().optional(),
    sellers: z.array(z.object({ id: z.string().min(1), name: z.string().optional() })).default([]),
  }),
);

/**
 * A VTEX-style regions API: `GET {base}/api/checkout/pub/regions?country=&postalCode=&sc=`
 * answering `[{"id","sellers":[{"id","name"}]}]`. Answers are cached briefly (regions
 * change rarely and the same postal codes come up again and again); failures are not
 * cached and become a 502/504 that leaves the session as it was.
 */
export function httpRegionResolver(options: HttpRegionResolverOptions): RegionResolver {
  const base = new URL(options.baseUrl);
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new Error(`Regions API: "${options.baseUrl}" is not an http(s) URL`);
  const endpoint = new URL(`${base.pathname.replace(/\/+$/, '')}/api/checkout/pub/regions`, base);
  const timeoutMs = options.timeoutMs ?? 2000;
  const ttl = options.cacheTtlMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  const doFetch = options.fetch ?? fetch;
  const cache = new Lru<string, { region: Region | null; until: number }>(options.cacheSize ?? 500);
  // Concurrent writes for one place share a single upstream call.
  const inFlight = new Map<string, Promise<Region | null>>();
  // Sessions keep only region ids; names for the Sessions API's answers come from here.
  const names = new Lru<string, string>(options.sellerNamesSize ?? 10_000);

  const ask = async (url: URL): Promise<Region | null> => {
    let response: Response;
    try {
      response = await doFetch(url, {
        headers: { accept: 'application/json', ...options.headers },
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'error',
      });
    } catch (error) {
      const name = (error as { name?: string } | null)?.name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new SessionError(504, 'region_lookup_timeout', `The regions service did not answer within ${timeoutMs} ms; the region was not changed, try again`);
      }
      throw new SessionError(502, 'region_lookup_failed', 'The regions service could not be reached; the region was not changed, try again');
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new SessionError(502, 'region_lookup_failed', `The regions service answered ${response.status}; the region was not changed, try again`);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw new SessionError(502, 'region_lookup_failed', 'The regions service answered something that is not JSON; the region was not changed');
    }
    const parsed = upstreamSchema.safeParse(body);
    if (!parsed.success) {
      throw new SessionError(502, 'region_lookup_failed', 'The regions service answered in an unexpected shape; the region was not changed');
    }
    // VTEX answers one region per place; the first one with sellers is it.
    const first = parsed.data.find((region) => region.sellers.length > 0);
    if (!first) return null;
    const sellers = first.sellers.map((seller) => ({ id: seller.id, name: seller.name || seller.id }));
    for (const seller of sellers) names.set(seller.id, seller.name);
    const computed = regionIdOf(sellers.map((seller) => seller.id));
    return { id: (options.useUpstreamId && first.id) || computed, sellers };
  };

  return {
    name: 'http',
    io: true,
    sellerName: (id) => names.get(id),
    async resolve(query: RegionQuery) {
      const url = new URL(endpoint);
      url.searchParams.set('country', query.country);
      if (query.postalCode !== undefined) url.searchParams.set('postalCode', query.postalCode);
      else if (query.geoCoordinates) url.searchParams.set('geoCoordinates', `${query.geoCoordinates.lng};${query.geoCoordinates.lat}`);
      if (query.salesChannel !== undefined) url.searchParams.set('sc', query.salesChannel);
      const key = url.search;

      const cached = cache.get(key);
      if (cached && cached.until > now()) return cached.region;
      let pending = inFlight.get(key);
      if (!pending) {
        pending = ask(url).finally(() => inFlight.delete(key));
        inFlight.set(key, pending);
      }
      const region = await pending;
      cache.set(key, { region, until: now() + ttl });
      return region;
    },
  };
}
