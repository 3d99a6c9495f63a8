/**
 * Which request paths are pages (a session and the variant rewrite) and which pass
 * through untouched, and the `matcher` that keeps Next from running the middleware on
 * the rest. Both follow one rule, so that nothing the matcher skips is a page.
 */

/**
 * Extensions of files a store serves as they are (public/, metadata files, Next's
 * transport forms aside): a last path segment ending in one is not a page. Any other
 * dot is a page's (`/p/shoe-v2.0`): catalogues are full of them.
 */
export const FILE_EXTENSIONS = [
  'avif', 'bmp', 'css', 'csv', 'eot', 'gif', 'gz', 'htm', 'html', 'ico', 'jpeg', 'jpg', 'js', 'json', 'map', 'mjs',
  'mp3', 'mp4', 'ogg', 'otf', 'pdf', 'png', 'svg', 'tif', 'tiff', 'ttf', 'txt', 'wasm', 'wav', 'webm', 'webmanifest',
  'webp', 'woff', 'woff2', 'xml', 'zip',
] as const;

/**
 * A first segment this long (in url-safe characters or percent-escapes) may be a
 * variant code: the matcher never skips such a path, whatever its extension, so the
 * middleware can refuse it. Shorter than any code can be (a test holds it to that).
 */
export const MIN_CODE_LEAD = 16;

const NOT_A_PAGE = new RegExp(
  [
    // The APIs, Next's own files and dev endpoints, well-known URIs (often without an extension).
    String.raw`^/(?:api(?:/|$)|_next(?:/|$)|__nextjs|\.well-known/)`,
    // Metadata routes generated without an extension (app/icon.tsx serves /icon, /icon/<id>).
    String.raw`^/(?:apple-icon|icon|opengraph-image|twitter-image)\d*(?:/[^/]*)?$`,
    String.raw`\.(?:${FILE_EXTENSIONS.join('|')})$`,
  ].join('|'),
  'i',
);

/**
 * The default of `isPage`: everything but `/api`, `/_next`, `/.well-known`, metadata
 * routes and files with one of FILE_EXTENSIONS. A store with other non-page paths
 * passes its own rule, usually this one and more.
 */
export function isPagePath(pathname: string): boolean {
  return !NOT_A_PAGE.test(pathname);
}

/**
 * The middleware's `matcher` for a store that keeps the default rule (Next wants it as
 * a literal in middleware.ts: copy these two strings, a test compares the demo's).
 * - pages: every path but `/api`, `/_next/` and files, except that a path led by what
 *   may be a variant code is always matched, so a code reaches a page only through
 *   the rewrite whatever the path looks like;
 * - any path with a malformed or non-ASCII percent-escape, which Next would answer
 *   with a bare 500, so the middleware answers a JSON 400 (an ordinary API request
 *   never pays for the middleware).
 */
export const SESSION_MATCHER = [
  `/((?!api(?:/|$)|_next/|(?![A-Za-z0-9_%-]{${MIN_CODE_LEAD}})[^?]*\\.(?:${FILE_EXTENSIONS.join('|')})$).*)`,
  '/(.*%(?:(?![0-9A-Fa-f]{2})|[89A-Fa-f]).*)',
];

/** False when the path has a percent-escape decodeURIComponent refuses (Next would fail on it). */
export function pathDecodes(pathname: string): boolean {
  if (!pathname.includes('%')) return true;
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

const CODE_CHARS = /^[A-Za-z0-9_-]*/;

/**
 * What Next could route to `app/[variant]/` as the code: the first segment of the path
 * (after a `/_next/data/<build>` prefix), percent-decoded, up to its first character
 * outside a code's alphabet (`.rsc`, `.segments/…`, `.json` and any other suffix
 * cut off). The path must decode (pathDecodes).
 */
export function leadingCode(pathname: string): string {
  let start = 1;
  if (pathname.startsWith('/_next/data/')) {
    const end = pathname.indexOf('/', 12);
    if (end === -1) return '';
    start = end + 1;
  }
  const end = pathname.indexOf('/', start);
  let first = end === -1 ? pathname.slice(start) : pathname.slice(start, end);
  if (first.includes('%')) first = decodeURIComponent(first);
  return CODE_CHARS.exec(first)![0];
}
