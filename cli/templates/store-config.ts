import { imp, ts, type TemplateContext } from './context';

/** The store's settings: the least that runs, with the rest shown in comments. */
export function storeConfigTemplate(context: TemplateContext, account: { id: string; name: string }): string {
  return `${ts(context, `import type { CommerceSettings } from 'vtex-sessions-next';
import type { SessionKitConfig } from 'vtex-sessions-next/server';
`)}import regions from '${imp(context, 'data/regions.json')}';

/**
 * Your store's session settings, read by the middleware, the Sessions API and the
 * pages (session-transforms.ts and session-kit.ts wire them to the kit).
 * Written by \`vtex-sessions-next init\`: it is yours to change.
 */
export const storeConfig = {
  // Your VTEX account. Its id is kept in every session (\`account.id\`).
  account: { id: '${account.id}', name: '${account.name}' },

  // Sales channels (VTEX trade policies): \`?sc=2\` on any page URL picks one.
  // Add one per currency or country you sell in. A private channel (B2B) is
  // only for signed-in shoppers holding one of its price tables:
  //   { id: '2', name: 'B2B', currencyCode: 'USD', currencySymbol: '$', countryCode: 'USA',
  //     cultureInfo: 'en-US', privacy: 'private', allowedPriceTables: ['b2b'] },
  defaultChannel: '1',
  channels: [
    {
      id: '1',
      name: 'Main',
      currencyCode: 'USD',
      currencySymbol: '$',
      countryCode: 'USA',
      cultureInfo: 'en-US',
      privacy: 'public',
    },
  ],

  // Postal-code ranges and the sellers that deliver there: what the region picker
  // resolves a postal code to. A starter file for you to edit; set REGIONS_API_URL
  // to ask a VTEX-style regions API instead (see session-transforms.ts).
  regions,

  // Campaign audiences put shoppers in the segment's \`campaigns\`, so pages can show
  // a campaign to them alone (each audience is a page variant of its own):
  //   { id: 'blackfriday', match: 'all', conditions: [{ field: 'utm_campaign', op: 'equals', value: 'blackfriday' }] },
  audiences: [],

  // Signed-in shoppers come from a customer directory: pass your own to
  // builtInTransforms in session-transforms.ts (none here: no demo customers).

  // The segment fields that pick a page variant. The default is channel, priceTables,
  // regionId, campaigns, currencyCode, cultureInfo, countryCode and channelPrivacy.
  // Fewer fields, fewer variants to render; if you set them, pass the same list to
  // <SessionProvider variantFields> in app/[variant]/layout (doctor checks it):
  //   variantFields: ['channel', 'regionId'],

  // Cookie names and the origins besides your own that may write sessions:
  //   cookies: { session: 'vtex_session', segment: 'vtex_segment' },
  //   allowedOrigins: ['https://checkout.example.com'],
}${ts(context, ' satisfies SessionKitConfig & CommerceSettings')};
`;
}

/** A starter dataset for the embedded region resolver: two areas, one seller. */
export function regionsTemplate(): string {
  return `${JSON.stringify(
    {
      sellers: [{ id: '1', name: 'Main store' }],
      areas: [
        { country: 'USA', postalCodes: { from: '10001', to: '14999' }, sellers: ['1'] },
        { country: 'BRA', postalCodes: { from: '01000-000', to: '09999-999' }, sellers: ['1'] },
      ],
    },
    null,
    2,
  )}\n`;
}
