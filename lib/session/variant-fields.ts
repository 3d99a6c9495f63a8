import type { SegmentKey } from './segment';

/**
 * Which segment fields make a page differ. UTMs are left out: their effect on
 * prices already shows in `campaigns`, and landing-page traffic should share pages.
 * A module of its own so the browser kit can import it without the codec.
 */
export const DEFAULT_VARIANT_FIELDS = [
  'channel',
  'priceTables',
  'regionId',
  'campaigns',
  'currencyCode',
  'cultureInfo',
  'countryCode',
  'channelPrivacy',
] as const satisfies readonly SegmentKey[];
