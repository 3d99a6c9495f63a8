import type { StoreSettings, CommerceSettings } from 'vtex-sessions-next';
import customers from './data/customers.json';
import regions from './data/regions.json';

/**
 * The demo store's settings: one place for what a store decides. The kit reads
 * nothing from globals; `lib/next/kit.ts` builds everything from this object.
 */
export const storeConfig = {
  account: { id: '6f2a7b54-0c1e-4d55-9d8e-2a1b3c4d5e6f', name: 'demostore' },
  defaultChannel: '1',
  channels: [
    {
      id: '1',
      name: 'Brasil',
      currencyCode: 'BRL',
      currencySymbol: 'R$',
      countryCode: 'BRA',
      cultureInfo: 'pt-BR',
      cultures: ['pt-BR', 'en-US'],
      privacy: 'public',
    },
    {
      id: '2',
      name: 'United States',
      currencyCode: 'USD',
      currencySymbol: '$',
      countryCode: 'USA',
      cultureInfo: 'en-US',
      cultures: ['en-US', 'es-US'],
      privacy: 'public',
    },
    {
      id: '3',
      name: 'B2B',
      currencyCode: 'BRL',
      currencySymbol: 'R$',
      countryCode: 'BRA',
      cultureInfo: 'pt-BR',
      privacy: 'private',
      allowedPriceTables: ['b2b-gold'],
    },
  ],
  cookies: {
    session: 'vtex_session',
    segment: 'vtex_segment',
  },
  /** Origins besides the site's own that may write sessions (a separate checkout domain, say). */
  allowedOrigins: [] as string[],
  /** The embedded region resolver's postal-code ranges and sellers (REGIONS_API_URL switches to a regions API). */
  regions,
  /** The HTTP region resolver's tuning, used when REGIONS_API_URL is set. */
  regionsApi: { timeoutMs: 2000, cacheTtlMs: 5 * 60_000, cacheSize: 500 },
  /** The demo's customer directory (passwords hashed with PBKDF2; every demo password is "demo"). */
  customers,
  /** Campaign Audiences -> `rnb.campaigns` -> the segment's `campaigns`. */
  audiences: [
    { id: 'blackfriday', match: 'all', conditions: [{ field: 'utm_campaign', op: 'equals', value: 'blackfriday' }] },
    { id: 'b2b-vip', match: 'all', conditions: [{ field: 'email', op: 'domain', value: 'b2b.example' }] },
    {
      id: 'sp-local',
      match: 'all',
      conditions: [{ field: 'postalCode', op: 'inRange', country: 'BRA', from: '01000-000', to: '09999-999' }],
    },
  ],
} satisfies StoreSettings & CommerceSettings & Record<string, unknown>;

export type StoreConfig = typeof storeConfig;
