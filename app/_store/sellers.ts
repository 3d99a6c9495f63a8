import regions from '@/data/regions.json';
import { sellersOfRegion } from './commerce';

const names = new Map(regions.sellers.map((seller) => [seller.id, seller.name]));

export function sellerName(id: string): string {
  return names.get(id) ?? id;
}

/** The sellers serving a region, by name; null when the segment has no region. */
export function regionSellerNames(regionId: string | null): string[] | null {
  return sellersOfRegion(regionId)?.map(sellerName) ?? null;
}
