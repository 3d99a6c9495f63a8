import type { Segment } from './types';

/**
 * The query parameters a page URL hands to the session (`sc`, `utm_*`, `utmi_*`), as
 * VTEX reads them: the page middleware and the Sessions API read them from a URL.
 */
const URL_INPUT = /^(?:sc|utmi?_[A-Za-z0-9_-]+)$/;

export function isUrlInputName(key: string): boolean {
  return URL_INPUT.test(key);
}

/**
 * The URL inputs the segment shows the session's value of, and where: what a page URL
 * can be checked against in the browser, from the `vtex_segment` cookie alone.
 */
export const URL_INPUTS_IN_SEGMENT = {
  sc: 'channel',
  utm_campaign: 'utm_campaign',
  utm_source: 'utm_source',
  utmi_campaign: 'utmi_campaign',
} as const satisfies Record<string, keyof Segment>;
