import { request as httpRequest } from 'node:http';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';

/**
 * The requests real VTEX clients make to the Sessions API, written out as they put
 * them on the wire (read from each client's source; the file is named at each
 * constant), and a sender that puts exactly those bytes on a socket: method, path
 * with its query in the client's order, headers in the client's order, body.
 */

/**
 * vtex/faststore packages/api/src/platforms/vtex/clients/commerce/index.ts, `session`:
 * `params.set('items', …)` after the page's search, then `params.toString()`, so the
 * commas are %2C. FastStore asks for `shopper.*`, a namespace B2B apps add.
 */
export const FASTSTORE_ITEMS =
  'items=profile.id%2Cprofile.email%2Cprofile.firstName%2Cprofile.lastName%2Cprofile.phone%2Cshopper.firstName%2Cshopper.lastName%2Cshopper.organizationManager%2Cshopper.availableContracts%2Cshopper.activeContractId%2Cstore.channel%2Cstore.countryCode%2Cstore.cultureInfo%2Cstore.currencyCode%2Cstore.currencySymbol%2Cauthentication.customerId%2Cauthentication.storeUserId%2Cauthentication.storeUserEmail%2Cauthentication.unitId%2Cauthentication.unitName%2Ccheckout.regionId%2Cpublic.postalCode';

/** packages/api/package.json: fetchAPI (clients/fetch.ts) sends `User-Agent: ${name}@${version}`. */
export const FASTSTORE_USER_AGENT = '@faststore/api@4.5.1-dev.2';

/**
 * vtex/render-session src/constants.ts ITEMS, joined with "," in src/index.ts
 * (createInitialSessionRequest), unencoded. `creditControl` is a namespace of VTEX's
 * B2B credit app.
 */
export const RENDER_SESSION_ITEMS =
  'items=account.id,account.accountName,store.channel,store.countryCode,store.cultureInfo,store.currencyCode,store.currencySymbol,store.admin_cultureInfo,creditControl.creditAccounts,creditControl.deadlines,creditControl.minimumInstallmentValue,authentication.storeUserId,authentication.storeUserEmail,profile.firstName,profile.document,profile.email,profile.id,profile.isAuthenticated,profile.lastName,profile.phone,public.favoritePickup,public.utm_source,public.utm_medium,public.utm_campaign,public.utmi_cp,public.utmi_p,public.utmi_pc';

/** What Chromium adds to a same-origin `fetch(…, { credentials: 'same-origin' })` from a page of `origin`. */
export function browserFetchHeaders(origin: string, page = '/'): [string, string][] {
  return [
    ['accept', '*/*'],
    ['origin', origin],
    ['referer', `${origin}${page}`],
    ['sec-fetch-site', 'same-origin'],
    ['sec-fetch-mode', 'cors'],
    ['sec-fetch-dest', 'empty'],
    ['user-agent', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'],
  ];
}

export interface RawResponse {
  status: number;
  /** Set-Cookie lines, as sent. */
  setCookies: string[];
  /** name -> value of each Set-Cookie line. */
  cookies: Record<string, string>;
  contentType: string | undefined;
  /** A response header as sent (several joined with ", "). */
  header(name: string): string | undefined;
  text: string;
  json(): any;
}

/** Sends exactly `method path` with `headers` in order and `body`, and reads the whole answer. */
export function sendRaw(baseUrl: string, method: string, path: string, headers: [string, string][], body?: string): Promise<RawResponse> {
  const base = new URL(baseUrl);
  // With raw headers Node adds no Host of its own: it goes first, as every client sends it.
  const raw = [['host', base.host], ...headers].flat();
  if (body !== undefined) raw.push('content-length', String(Buffer.byteLength(body)));
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: base.hostname, port: base.port, method, path, headers: raw }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        const encoding = res.headers['content-encoding'];
        const decoded = encoding === 'gzip' ? gunzipSync(bytes) : encoding === 'deflate' ? inflateSync(bytes) : encoding === 'br' ? brotliDecompressSync(bytes) : bytes;
        const text = decoded.toString();
        const setCookies = res.headers['set-cookie'] ?? [];
        const cookies = Object.fromEntries(
          setCookies.map((line) => {
            const pair = line.split(';')[0]!;
            const eq = pair.indexOf('=');
            return [pair.slice(0, eq), pair.slice(eq + 1)];
          }),
        );
        const header = (name: string) => {
          const value = res.headers[name.toLowerCase()];
          return Array.isArray(value) ? value.join(', ') : value;
        };
        resolve({ status: res.statusCode ?? 0, setCookies, cookies, contentType: res.headers['content-type'], header, text, json: () => JSON.parse(text) });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}
