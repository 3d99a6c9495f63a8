import { BROWSER_NAVIGATION, CRAWLER } from '../../bench/lib/clients.mjs';

/**
 * Request headers of the clients the HTTP tests pose as, as raw pairs for sendRaw
 * (Node's fetch would add Fetch Metadata of its own): the very Chrome navigation and
 * Googlebot fetch the benchmarks send (bench/lib/clients.mjs, one list for both).
 */
export type RawHeaders = [string, string][];

/** Chrome navigating to a page: Fetch Metadata included. */
export const CHROME_NAVIGATION: RawHeaders = Object.entries(BROWSER_NAVIGATION);

/** Googlebot's HTML fetcher, as a server log records it: no Fetch Metadata, no cookie. */
export const GOOGLEBOT: RawHeaders = Object.entries(CRAWLER);
