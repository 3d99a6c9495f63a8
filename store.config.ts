import type { StoreSettings } from './lib/session/config';

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
} satisfies StoreSettings & Record<string, unknown>;

export type StoreConfig = typeof storeConfig;
