/**
 * Whether a request is a page view: a `GET` or `HEAD` by a browser's navigation
 * (top-level or a frame's) or a crawler's fetch of a page, rather than data or a form's
 * POST. Next's RSC payloads and prefetches carry the `RSC` header and are data.
 * `Sec-Fetch-Mode` says it where the client sends Fetch Metadata; otherwise an `Accept`
 * naming text/html does.
 */
export function wantsDocument(request: Request): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const headers = request.headers;
  if (headers.has('rsc')) return false;
  const mode = headers.get('sec-fetch-mode');
  if (mode !== null) return mode === 'navigate';
  return /\btext\/html\b/i.test(headers.get('accept') ?? '');
}

/**
 * Whether a request is a browser's navigation from a page of this same origin (a link
 * followed, a GET form sent), as its Fetch Metadata says: a header only the browser
 * sets, which no page of another site can forge.
 */
export function isSameOriginNavigation(request: Request): boolean {
  const headers = request.headers;
  return headers.get('sec-fetch-site') === 'same-origin' && headers.get('sec-fetch-mode') === 'navigate';
}

/**
 * Whether a page request may write its URL's inputs (`?sc=`, a campaign) into the
 * session: a navigation the visitor made, or any client but a browser's script. Not a
 * prefetch (`Sec-Purpose`, `Purpose` or Next's `Next-Router-Prefetch`), which may never
 * be followed, nor a browser's script fetching the page (`Sec-Fetch-Site` sent, which
 * only browsers do, and a `Sec-Fetch-Mode` other than `navigate`): that is how Next's
 * router asks for a page, to prefetch a `<Link>`, to follow one or to refresh, and
 * middleware cannot tell these apart (Next takes its own headers off the request
 * middleware sees). Node's fetch sends `Sec-Fetch-Mode: cors` alone: a server's client,
 * left as it was.
 */
export function mayApplyUrlInputs(request: Request): boolean {
  const headers = request.headers;
  if (headers.has('next-router-prefetch')) return false;
  const purpose = headers.get('sec-purpose') ?? headers.get('purpose');
  if (purpose !== null && /\bprefetch\b/i.test(purpose)) return false;
  return !headers.has('sec-fetch-site') || headers.get('sec-fetch-mode') === 'navigate';
}
