import type { CurrencyCode, PriceTableId, Product } from '@/data/catalogue';
import type { Segment } from 'vtex-sessions-next';

/** What the storefront reads from a segment; pages get it from the variant code, never cookies. */
export type StoreSegment = Pick<Segment, 'channel' | 'priceTables' | 'regionId' | 'campaigns' | 'currencyCode' | 'cultureInfo'>;

const CURRENCIES: readonly CurrencyCode[] = ['BRL', 'USD'];

export function currencyOf(segment: StoreSegment): CurrencyCode {
  return CURRENCIES.find((code) => code === segment.currencyCode) ?? 'BRL';
}

export function cultureOf(segment: StoreSegment): string {
  return segment.cultureInfo ?? 'pt-BR';
}

export function listOf(value: string | null | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** A shopper may hold several tables; the first one the catalogue prices wins. */
export function priceTableOf(segment: StoreSegment): PriceTableId {
  return listOf(segment.priceTables).find((table): table is PriceTableId => table === 'b2b-gold') ?? 'public';
}

export interface Price {
  amount: number;
  /** The public price when a better table applies, to show what was saved. */
  listAmount: number | null;
  table: PriceTableId;
  currency: CurrencyCode;
  culture: string;
}

export function priceOf(product: Product, segment: StoreSegment): Price {
  const currency = currencyOf(segment);
  const table = priceTableOf(segment);
  const row = product.prices[currency];
  const special = table === 'public' ? undefined : row[table];
  return {
    amount: special ?? row.public,
    listAmount: special === undefined ? null : row.public,
    table: special === undefined ? 'public' : table,
    currency,
    culture: cultureOf(segment),
  };
}

const formatters = new Map<string, Intl.NumberFormat>();

/** Minor units to a localised string: R$ 89,90 in pt-BR, $18.00 in en-US. */
export function formatMoney(minor: number, currency: string, culture: string): string {
  const key = `${culture}|${currency}`;
  let formatter = formatters.get(key);
  if (!formatter) formatters.set(key, (formatter = new Intl.NumberFormat(culture, { style: 'currency', currency })));
  return formatter.format(minor / 100);
}

/** regionId is base64("SW#" + sellerIds.join(";")); null means no region is known. */
export function sellersOfRegion(regionId: string | null): string[] | null {
  if (!regionId) return null;
  try {
    const decoded = atob(regionId);
    if (!decoded.startsWith('SW#')) return null;
    return decoded.slice(3).split(';').filter(Boolean);
  } catch {
    return null;
  }
}

export type Availability = 'available' | 'unavailable' | 'unknown';

export function availabilityOf(product: Product, segment: StoreSegment): Availability {
  return availabilityIn(product.sellers, segment.regionId);
}

/** Whether any of a product's sellers serves a region: its real seller list, whatever the resolver (REGIONS_API_URL included). */
export function availabilityIn(productSellers: readonly string[], regionId: string | null): Availability {
  const sellers = sellersOfRegion(regionId);
  if (sellers === null) return 'unknown';
  const serving = new Set(sellers);
  return productSellers.some((seller) => serving.has(seller)) ? 'available' : 'unavailable';
}

export function campaignsOf(segment: StoreSegment): string[] {
  return listOf(segment.campaigns);
}
