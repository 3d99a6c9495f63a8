/**
 * Whether a request asks for an HTML page: a browser's navigation (top-level or a
 * frame's) or a crawler's fetch of a page, rather than data. Next's RSC payloads and
 * prefetches carry the `RSC` header and are data. `Sec-Fetch-Mode` says it where the
 * client sends Fetch Metadata; otherwise an `Accept` naming text/html does.
 */
export function wantsDocument(request: Request): boolean {
  const headers = request.headers;
  if (headers.has('rsc')) return false;
  const mode = headers.get('sec-fetch-mode');
  if (mode !== null) return mode === 'navigate';
  return /\btext\/html\b/i.test(headers.get('accept') ?? '');
}
