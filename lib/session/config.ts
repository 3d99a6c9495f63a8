import type { ChannelPrivacy } from './types';

/** A sales channel (VTEX "trade policy"): what `public.sc` selects. */
export interface ChannelConfig {
  id: string;
  name: string;
  currencyCode: string;
  currencySymbol: string;
  countryCode: string;
  cultureInfo: string;
  /** Cultures a visitor may pick with `public.cultureInfo`; the default is always allowed. */
  cultures?: readonly string[];
  privacy: ChannelPrivacy;
  /** Hosts bound to this channel: a visitor on one gets it without `sc`. */
  hosts?: readonly string[];
  /**
   * Who may use a private channel: a signed-in profile holding one of these price
   * tables. Anonymous visitors get 401, signed-in shoppers without one get 403.
   */
  allowedPriceTables?: readonly string[];
}

export interface AccountConfig {
  /** The store account's id (VTEX: account GUID); kept alive across renewals. */
  id: string;
  name: string;
}

export interface StoreSettings {
  account: AccountConfig;
  channels: readonly ChannelConfig[];
  defaultChannel: string;
}
