import { parseGeoCoordinates, type GeoPoint } from '../regions/geo';
import { assertValidPostalCode, normalizeCountry, normalizePostalCode } from '../regions/postal-code';
import { sellerIdsOf, type Region, type RegionResolver } from '../regions/types';
import { andThen } from '../maybe';
import type { Namespaces } from '../types';
import type { Transform, TransformOutput } from './types';

const REGION_INPUTS = ['public.country', 'public.postalCode', 'public.geoCoordinates'] as const;

const regionOutput = (region: Region | null): TransformOutput => (!region || region.sellers.length === 0 ? {} : { checkout: { regionId: region.id } });

/**
 * Where the shopper is -> who serves them: `public.country` (or the channel's country)
 * with `public.postalCode` (or `public.geoCoordinates`, "lng;lat") -> `checkout.regionId`.
 * No region: the key is absent.
 *
 * `checkout.sellers` (JSON `[{"id","name"}]`) is answered on read, derived from the
 * region id and the resolver's names, and never stored: a marketplace region of a
 * hundred sellers would otherwise hold its ids twice, and names besides, in every
 * session (and push a cookie session past its budget). The transform still owns the
 * key, so sessions written before this drop their stored copy on their next region.
 *
 * Bad input the write itself sent is a 400 and changes nothing. Input that only became
 * unusable through another change (a new channel's country) just clears the region:
 * the shopper did not ask for anything wrong in that write.
 */
export function checkoutTransform(resolver: RegionResolver): Transform {
  return {
    name: 'checkout',
    inputs: [...REGION_INPUTS, 'store.countryCode', 'store.channel'],
    outputs: ['checkout.regionId', 'checkout.sellers'],
    io: resolver.io,
    // Synchronous when the resolver answers synchronously (embedded regions): no promise to wait for.
    run(inputs, context) {
      const asked = REGION_INPUTS.some((path) => context.requestChanged.has(path));
      const rawCountry = inputs['public.country'] ?? inputs['store.countryCode'];
      const postalCode = inputs['public.postalCode'];
      const rawGeo = inputs['public.geoCoordinates'];
      let country: string | undefined;
      let geoCoordinates: GeoPoint | undefined;
      try {
        if (rawCountry !== undefined) country = normalizeCountry(rawCountry);
        if (postalCode !== undefined && country !== undefined) assertValidPostalCode(country, postalCode);
        else if (postalCode === undefined && rawGeo !== undefined) geoCoordinates = parseGeoCoordinates(rawGeo);
      } catch (error) {
        if (asked) throw error;
        return {};
      }
      if (country === undefined || (postalCode === undefined && geoCoordinates === undefined)) return {};

      const region = resolver.resolve({
        country,
        postalCode: postalCode === undefined ? undefined : normalizePostalCode(postalCode),
        geoCoordinates,
        salesChannel: inputs['store.channel'],
      });
      return andThen(region, regionOutput);
    },
    present(namespaces: Readonly<Namespaces>) {
      const regionId = namespaces.checkout?.regionId?.value;
      const ids = regionId === undefined ? null : sellerIdsOf(regionId);
      if (!ids || ids.length === 0) return {};
      const sellers = ids.map((id) => ({ id, name: resolver.sellerName?.(id) ?? id }));
      return { checkout: { sellers: JSON.stringify(sellers) } };
    },
  };
}
