import { isbot } from 'isbot';

/**
 * Whether a request comes from a crawler: a bot's User-Agent (isbot) on a request
 * without Fetch Metadata. Every browser since 2023 sends `Sec-Fetch-Mode`, and so do
 * Fetch-standard clients (Node's fetch in a store's tests or its own server code),
 * which isbot alone would count as bots; crawlers' fetchers (Googlebot, bingbot,
 * link previews) and plain scripts (curl) send none. A browser with a bot's name, or
 * a crawler dressed as a browser, gets a session as any visitor does.
 */
export function isCrawlerRequest(request: Request): boolean {
  const headers = request.headers;
  return !headers.has('sec-fetch-mode') && isbot(headers.get('user-agent'));
}
