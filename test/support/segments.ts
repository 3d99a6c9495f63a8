import type { Segment } from '../../lib/session/types';

/** The segment of a fresh visitor on the demo's channel 1 (Brazil), in VTEX's key order. */
export const CHANNEL_1_DEFAULTS: Segment = {
  campaigns: null,
  channel: '1',
  priceTables: null,
  regionId: null,
  utm_campaign: null,
  utm_source: null,
  utmi_campaign: null,
  currencyCode: 'BRL',
  currencySymbol: 'R$',
  countryCode: 'BRA',
  cultureInfo: 'pt-BR',
  channelPrivacy: 'public',
};

export function segmentWith(overrides: Partial<Segment> = {}): Segment {
  return { ...CHANNEL_1_DEFAULTS, ...overrides };
}
