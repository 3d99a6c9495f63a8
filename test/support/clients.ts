/**
 * Request headers of the clients the HTTP tests pose as, as raw pairs for sendRaw
 * (Node's fetch would add Fetch Metadata of its own): the same Chrome navigation and
 * Googlebot fetch that bench/lib/clients.mjs sends.
 */
export type RawHeaders = [string, string][];

/** Chrome navigating to a page: Fetch Metadata included. */
export const CHROME_NAVIGATION: RawHeaders = [
  ['user-agent', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36'],
  ['accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'],
  ['sec-fetch-dest', 'document'],
  ['sec-fetch-mode', 'navigate'],
  ['sec-fetch-site', 'none'],
];

/** Googlebot's HTML fetcher, as a server log records it: no Fetch Metadata, no cookie. */
export const GOOGLEBOT: RawHeaders = [
  ['user-agent', 'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; Googlebot/2.1; +http://www.google.com/bot.html) Chrome/141.0.7390.122 Safari/537.36'],
  ['accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'],
  ['accept-encoding', 'gzip, deflate, br'],
  ['from', 'googlebot(at)googlebot.com'],
];
