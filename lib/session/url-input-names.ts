import type { Segment } from './types';

/**
 * The URL inputs (url-inputs.ts) the segment shows the session's value of, and where:
 * what a page URL can be checked against in the browser, from the `vtex_segment` cookie
 * alone. A module of its own so the browser kit takes it without the rest.
 */
export const URL_INPUTS_IN_SEGMENT = {
  sc: 'channel',
  utm_campaign: 'utm_campaign',
  utm_source: 'utm_source',
  utmi_campaign: 'utmi_campaign',
} as const satisfies Record<string, keyof Segment>;
