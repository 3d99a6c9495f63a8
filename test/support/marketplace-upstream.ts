import type { IncomingMessage, ServerResponse } from 'node:http';
import { products } from '@/data/catalogue';
import { startFakeRegionsApi, type FakeRegionsApi } from './regions-upstream';

/** `marketplace-seller-00`, `-01`, … as a marketplace names white-label sellers. */
export const marketplaceSellers = (count: number) => Array.from({ length: count }, (_, i) => `marketplace-seller-${String(i).padStart(2, '0')}`);

/**
 * Brazilian postal codes of a marketplace: each served by `size` sellers, the
 * marketplace's own (which carry nothing in the demo's catalogue) and, for some, one
 * seller the catalogue knows, so availability has something to follow.
 */
export const MARKETPLACE_REGIONS = {
  '01000-001': [...marketplaceSellers(1)],
  '01000-012': [...marketplaceSellers(11), 'sp-centro'],
  // The same sellers as 01000-012: the same variant.
  '01000-112': [...marketplaceSellers(11), 'sp-centro'],
  // As many sellers, one of them another: another variant.
  '01000-212': [...marketplaceSellers(11), 'sp-express'],
  '01000-100': [...marketplaceSellers(99), 'sp-sul'],
  // Only for the server that never saw a code: no other test renders a page for it.
  '01000-312': [...marketplaceSellers(11), 'nyc-uptown'],
} as const satisfies Record<string, readonly string[]>;

export type MarketplacePostalCode = keyof typeof MARKETPLACE_REGIONS;

/** What each product's badge must say for a region's sellers. */
export function expectedAvailability(sellers: readonly string[]): Map<string, 'available' | 'unavailable'> {
  return new Map(products.map((product) => [product.slug, product.sellers.some((seller) => sellers.includes(seller)) ? 'available' : 'unavailable']));
}

/** A VTEX-style regions API answering MARKETPLACE_REGIONS (names as VTEX gives them), nothing elsewhere. */
export async function startMarketplaceRegionsApi(): Promise<FakeRegionsApi> {
  const api = await startFakeRegionsApi();
  api.handle = (_request: IncomingMessage, response: ServerResponse, url: URL) => {
    if (url.pathname !== '/api/checkout/pub/regions') {
      response.writeHead(404).end();
      return;
    }
    const postalCode = url.searchParams.get('postalCode') ?? '';
    const ids: readonly string[] = url.searchParams.get('country') === 'BRA' ? (MARKETPLACE_REGIONS[postalCode as MarketplacePostalCode] ?? []) : [];
    const sellers = ids.map((id) => ({ id, name: id.startsWith('marketplace-') ? `Seller ${id.slice(-2)}` : id }));
    const body = sellers.length > 0 ? [{ id: Buffer.from(`SW#${ids.join(';')}`).toString('base64'), sellers }] : [];
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  return api;
}
