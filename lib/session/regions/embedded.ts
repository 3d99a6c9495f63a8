import { z } from 'zod';
import { Lru } from '../lru';
import { inGeoBox, type GeoBox } from './geo';
import { normalizeCountry, isValidPostalCode, postalCodeKey, inPostalRange } from './postal-code';
import { regionIdOf, type Region, type RegionQuery, type RegionResolver, type Seller } from './types';

const sellerSchema = z.object({ id: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/), name: z.string().min(1).max(120) });

const areaSchema = z
  .object({
    country: z.string(),
    /** Inclusive, in the country's own format. */
    postalCodes: z.object({ from: z.string(), to: z.string() }).optional(),
    /** `[minLng, minLat, maxLng, maxLat]`, for `public.geoCoordinates`. */
    box: z.array(z.number()).length(4).optional(),
    sellers: z.array(z.string()).min(1),
    /** Sales channels this area applies to; every channel when absent. */
    channels: z.array(z.string()).optional(),
  })
  .refine((area) => area.postalCodes || area.box, { message: 'an area needs postalCodes or box' });

export const regionsDatasetSchema = z.object({
  /** Every seller, in the order region ids list them. */
  sellers: z.array(sellerSchema).min(1),
  areas: z.array(areaSchema),
});

export type RegionsDataset = z.input<typeof regionsDatasetSchema>;

interface Area {
  country: string;
  from?: string;
  to?: string;
  box?: GeoBox;
  sellers: ReadonlySet<string>;
  channels?: ReadonlySet<string>;
}

/**
 * The default resolver: postal-code ranges (and optional map boxes) per country,
 * each served by some sellers. Areas may overlap; a place's region holds every
 * seller of every area it falls in. Checked once at start: a bad dataset fails
 * loudly at boot, not on a shopper's request.
 */
export function embeddedRegionResolver(data: RegionsDataset): RegionResolver {
  const parsed = regionsDatasetSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`Regions dataset: ${issue.path.join('.') || 'root'}: ${issue.message}`);
  }
  const sellers: Seller[] = parsed.data.sellers;
  const known = new Set(sellers.map((seller) => seller.id));
  if (known.size !== sellers.length) throw new Error('Regions dataset: seller ids must be unique');

  const areas: Area[] = parsed.data.areas.map((area, index) => {
    const where = `Regions dataset: areas.${index}`;
    let country: string;
    try {
      country = normalizeCountry(area.country);
    } catch {
      throw new Error(`${where}: "${area.country}" is not an ISO 3166-1 alpha-3 country`);
    }
    for (const id of area.sellers) if (!known.has(id)) throw new Error(`${where}: unknown seller "${id}"`);
    if (area.postalCodes) {
      const { from, to } = area.postalCodes;
      for (const bound of [from, to]) {
        if (!isValidPostalCode(country, bound)) throw new Error(`${where}: "${bound}" is not a postal code of ${country}`);
      }
      if (postalCodeKey(from) > postalCodeKey(to)) throw new Error(`${where}: "${from}" comes after "${to}"`);
    }
    return {
      country,
      from: area.postalCodes?.from,
      to: area.postalCodes?.to,
      box: area.box as GeoBox | undefined,
      sellers: new Set(area.sellers),
      channels: area.channels ? new Set(area.channels) : undefined,
    };
  });

  const names = new Map(sellers.map((seller) => [seller.id, seller.name]));
  const answers = new Lru<string, Region | null>(1024);
  return {
    name: 'embedded',
    io: false,
    sellerName: (id) => names.get(id),
    // The answer depends on the query alone (the dataset never changes), and a store's
    // shoppers ask about the same few places: recent answers are kept, read-only.
    resolve(query: RegionQuery): Region | null {
      const key = `${query.country}|${query.postalCode ?? ''}|${query.geoCoordinates ? `${query.geoCoordinates.lng},${query.geoCoordinates.lat}` : ''}|${query.salesChannel ?? ''}`;
      return answers.getOrSet(key, () => lookUp(query));
    },
  };

  function lookUp(query: RegionQuery): Region | null {
    const serving = new Set<string>();
    for (const area of areas) {
      if (area.country !== query.country) continue;
      if (area.channels && (query.salesChannel === undefined || !area.channels.has(query.salesChannel))) continue;
      const hit = query.postalCode !== undefined
        ? area.from !== undefined && area.to !== undefined && inPostalRange(query.postalCode, area.from, area.to)
        : query.geoCoordinates !== undefined && area.box !== undefined && inGeoBox(query.geoCoordinates, area.box);
      if (hit) for (const id of area.sellers) serving.add(id);
    }
    if (serving.size === 0) return null;
    // Dataset order, so one place always gets one id whatever the area order.
    const chosen = sellers.filter((seller) => serving.has(seller.id)).map(({ id, name }) => Object.freeze({ id, name }));
    return Object.freeze({ id: regionIdOf(chosen.map((seller) => seller.id)), sellers: Object.freeze(chosen) as Seller[] });
  }
}

/**
 * One place at each end of every postal-code range of a dataset: a region changes
 * only where a range starts or ends, so these reach nearly every region the dataset
 * can answer (what a store precomputes variants for).
 */
export function datasetPlaces(data: RegionsDataset): { country: string; postalCode: string }[] {
  const places = new Map<string, { country: string; postalCode: string }>();
  for (const area of data.areas) {
    if (!area.postalCodes) continue;
    for (const postalCode of [area.postalCodes.from, area.postalCodes.to]) places.set(`${area.country}|${postalCode}`, { country: area.country, postalCode });
  }
  return [...places.values()];
}
