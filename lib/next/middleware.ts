import { NextResponse, type NextRequest } from 'next/server';
import { DEFAULT_MAX_AGE_SECONDS, DEFAULT_RENEW_AFTER_SECONDS, type IssuedTokens, type SessionEngine } from '../session/engine';
import { SessionError } from '../session/errors';
import { Lru } from '../session/lru';
import { deriveSegment, encodeSegmentToken } from '../session/segment';
import { expiryAfter } from '../session/expiry';
import { payloadSegment, type OpenPayload, type TokenPayload, type UnsealResult } from '../session/token';
import type { PristineRef } from '../session/pristine';
import type { Transform } from '../session/transforms/types';
import type { Namespaces, Segment } from '../session/types';
import { cloneNamespaces } from '../session/clone';
import { freezeNamespaces } from '../session/token-wire';
import { VariantCodec } from '../session/variant';
import { codeOfTag, variantTag } from '../session/variant-tag';
import { DEFAULT_COOKIE_NAMES, setSessionCookies, shouldUseSecureCookies, type CookieNames } from './cookies';
import { isCrawlerRequest } from './crawler';
import { isSameOriginNavigation, mayApplyUrlInputs, wantsDocument } from './document-request';
import { NOT_FOUND_ROUTE } from './not-found-route';
import { createIoFreeEngine } from './edge-engine';
import { REWRITE_HEADER } from './middleware-headers';
import { isProduction, secretsFromEnv } from './env';
import { errorResponse } from './errors';
import type { SessionKitConfig } from './kit';
import { andThen, attempt, isThenable, type Maybe } from '../session/maybe';
import { SealReserve, type Reserved } from './seal-reserve';
import { isPagePath, leadingCode, MIN_CODE_LEAD, pathDecodes } from './page-paths';
import { requestHost } from './respond';
import { NO_INPUTS, hasNewInputs, urlInputs, withAcceptedInputs, type UrlInputs } from '../session/url-inputs';
import { segmentInputsOf } from '../session/segment-inputs';

export const VARIANT_HEADER = 'x-segment-variant';

export interface SessionMiddlewareConfig extends SessionKitConfig {
  /** Reseal a returning visitor's cookie at most this often. Default 1 day, as the engine. */
  renewAfterSeconds?: number;
}

export interface SessionMiddlewareOptions {
  config: SessionMiddlewareConfig;
  /** The store's transforms; those marked `io` are skipped here. */
  transforms: readonly Transform[];
  /** Defaults to SESSION_SECRET, read on the first request. */
  secrets?: () => readonly string[];
  now?: () => number;
  /** Defaults to NODE_ENV === 'production' (Secure cookies off localhost). */
  production?: boolean;
  /**
   * Cache-Control for page responses that set no cookie. The public URL's content
   * depends on the session cookie, so a shared cache that keys on the URL alone must
   * not keep it; null leaves Next's own header (when the middleware runs in front
   * of the CDN's cache, as on Vercel).
   */
  pageCacheControl?: string | null;
  /**
   * Which paths are pages: they get a session and the rewrite to their variant; any
   * other path passes through untouched (`NextResponse.next()`). Given the decoded
   * pathname. Default isPagePath (not /api, /_next, metadata routes or files). A path
   * led by a variant code is refused (404) before this is asked, whatever it says.
   */
  isPage?: (pathname: string, request: NextRequest) => boolean;
  /**
   * Which cookie-less page requests are a crawler's: they get the page of their URL's
   * variant (`?sc=`, campaigns) and no session, since a crawler sends no cookie back
   * and every session minted for it would be sealed for nothing. Default
   * isCrawlerRequest (a bot's User-Agent without Fetch Metadata); `() => false` mints
   * for every visitor.
   */
  isCrawler?: (request: NextRequest) => boolean;
  /**
   * What a cookie-less first visit gets. `'defer'` (the default): the page of its host
   * and URL inputs (`?sc=`, a campaign link), the same variant a new session would
   * have, and no cookie. Its session starts with its first Sessions API call, which
   * SessionProvider makes on load with the page's query, so the URL's inputs reach the
   * session too (render-session does the same); or with its first write. One is still
   * minted on the page: a navigation from this store's own pages that brings URL
   * inputs and no cookie (a visitor without scripts switching channel by a GET form),
   * whose inputs have no other way into a session. `'mint'`: a new session, sealed,
   * and both cookies on every first visit's page.
   */
  firstVisits?: 'defer' | 'mint';
}

/** What the middleware settled for a page request, for middleware that runs after it. */
export interface PageSession {
  /** The variant code the page was rewritten to (also in `x-segment-variant`). */
  code: string;
  /** The visitor's segment (all fields, not only the variant's). */
  segment: Segment;
  /**
   * How the visitor's token turned out. Three set no cookie: `existing`; `deferred`
   * (a cookie-less first visit: no session yet, the segment a new visitor of that host
   * and URL inputs gets); `crawler` (a cookie-less crawler: no session, the
   * segment a new visitor of that URL would get). The others set both.
   */
  outcome: 'existing' | 'deferred' | 'crawler' | 'renewed' | 'edited' | 'new' | 'expired' | 'invalid';
}

export type SessionMiddleware = (request: NextRequest) => Maybe<NextResponse>;

export const DEFAULT_PAGE_CACHE_CONTROL = 'private, no-cache';

/** Distinct (host, URL inputs) pairs whose new session is remembered. */
const PRISTINE_CACHE_SIZE = 256;

/** Outcomes that set no cookie. */
type Cookieless = 'existing' | 'deferred' | 'crawler';

type Resolved =
  /** The segment only on demand: a visitor new to this instance is served from the token's tag, undecrypted. */
  | { outcome: Cookieless; segment: () => Segment; code: string }
  | { outcome: Exclude<PageSession['outcome'], Cookieless>; tokens: IssuedTokens; expiresAt: number; code: string };

/**
 * A request whose URL inputs would start or change the visitor's session, but which is
 * not the visitor's own navigation (a prefetch, Next's router fetching the page): it is
 * not answered, and the page is asked for again as a navigation (see declined).
 */
const DECLINED = 'declined';

/**
 * A new session as the engine mints it for one host and set of URL inputs: the next
 * visitor with the same ones gets the same namespaces (transforms are functions of
 * their inputs), so only an id, an expiry and a seal are new.
 */
interface Pristine {
  segment: Segment;
  segmentToken: string;
  code: string;
  /** Its new sessions (a new id and expiry each, around the template), sealed ahead a few at a time. */
  reserve: SealReserve;
  /** How long its session's token is when it carries its namespaces, and how many public keys they hold: what a few more public values must fit in. */
  room: () => { tokenLength: number; publicKeys: number };
}

interface State {
  engine: SessionEngine;
  variants: VariantCodec;
  /** The tag every token is sealed with (its variant code), here and by the engine. */
  tag: (segment: Segment) => string;
}

const pageSessions = new WeakMap<Response, PageSession>();

/** The page session behind a response of the session middleware; null for anything else (a pass-through, a refusal). */
export function pageSessionOf(response: Response): PageSession | null {
  return pageSessions.get(response) ?? null;
}

/**
 * Page middleware: establishes `vtex_session`, derives the segment and rewrites the
 * page to `/<variant code>/<path>` so every visitor of a segment shares one cached
 * render. It passes non-page paths through by itself, and refuses any path led by a
 * variant code: a code reaches a page only through this rewrite. Web APIs only, no
 * store, no network: it runs as Edge `middleware.ts` or from a Node `proxy.ts` alike.
 *
 * Its common paths are synchronous (see docs/middleware.md): a returning visitor, a
 * returning visitor new to this instance, a first visit whose host and URL inputs
 * were seen before. Only a transform, a body to read or an edit may wait.
 */
export function createSessionMiddleware(options: SessionMiddlewareOptions): SessionMiddleware {
  const { config, transforms } = options;
  const names: CookieNames = { ...DEFAULT_COOKIE_NAMES, ...config.cookies };
  const now = options.now ?? Date.now;
  const production = options.production ?? isProduction();
  const pageCacheControl = options.pageCacheControl === undefined ? DEFAULT_PAGE_CACHE_CONTROL : options.pageCacheControl;
  const isPage = options.isPage ?? isPagePath;
  const isCrawler = options.isCrawler ?? isCrawlerRequest;
  const deferFirstVisits = (options.firstVisits ?? 'defer') === 'defer';
  const maxAgeMs = (config.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS) * 1000;
  const renewAfterMs = (config.renewAfterSeconds ?? DEFAULT_RENEW_AFTER_SECONDS) * 1000;
  // The unseal cache hands back the same payload object for the same token, so a
  // returning visitor's segment and code are found here without any work.
  const known = new WeakMap<OpenPayload, { segment: Segment; code: string }>();
  const pristine = new Lru<string, Pristine>(PRISTINE_CACHE_SIZE);
  const segmentInputs = segmentInputsOf(transforms);

  let state: State | null = null;
  const getState = (): State => {
    if (!state) {
      const secrets = (options.secrets ?? secretsFromEnv)();
      const variants = new VariantCodec({ secrets, fields: config.variantFields });
      const tag = (segment: Segment) => variantTag(variants, segment);
      state = {
        engine: createIoFreeEngine({
          secrets,
          transforms,
          account: config.account,
          maxAgeSeconds: maxAgeMs / 1000,
          renewAfterSeconds: renewAfterMs / 1000,
          now,
          tag,
        }),
        variants,
        tag,
      };
    }
    return state;
  };

  /** The engine's whole mint (transforms, budget check, seal), for what cannot come from a Pristine. */
  function mint({ engine, variants }: State, inputs: UrlInputs, host: string, carry: Namespaces | undefined) {
    return withAcceptedInputs(inputs, async (values) => {
      const { session } = await engine.mint({ public: values, host, skipIO: true, carry });
      const tokens = await engine.issue(session, null);
      return { session, tokens, code: await variants.encode(tokens.segment) };
    });
  }

  /**
   * The Pristine of a host and URL inputs. Without inputs (most first visits), the
   * engine's template: its tokens name it instead of carrying its namespaces, and any
   * server opens them (lib/session/pristine.ts). With inputs, this middleware's mint.
   */
  function template(current: State, host: string, inputs: UrlInputs): Maybe<Pristine> {
    const key = pristineKey(host, inputs);
    const known = pristine.get(key);
    if (known) return known;
    if (inputs === NO_INPUTS) {
      return andThen(current.engine.pristine.template(host), ({ ref, namespaces }) => remember(current, key, namespaces, ref));
    }
    // Frozen: every new visitor of this host and inputs is sealed around them (wireText keeps their JSON).
    // The mint's own token (sealed by its budget check) goes to the first of them.
    return mint(current, inputs, host, undefined).then(({ session, tokens }) =>
      remember(current, key, freezeNamespaces(cloneNamespaces(session.namespaces)), undefined, { token: tokens.sessionToken, exp: session.expiresAt }),
    );
  }

  /** A template's segment and code, and a reserve sealing its new sessions: by reference, or carrying the namespaces. */
  function remember(current: State, key: string, namespaces: Namespaces, ref: PristineRef | undefined, first?: Reserved): Pristine {
    const segment = deriveSegment(namespaces);
    const tag = current.tag(segment);
    const seal = (at: number): Reserved => {
      const base = { id: crypto.randomUUID(), v: 1, exp: expiryAfter(at, maxAgeMs) };
      const payload: TokenPayload = ref ? { ...base, pristine: ref } : { ...base, ns: namespaces };
      return { token: current.engine.codec.sealSync(payload, tag, { remember: 'tag' }), exp: payload.exp };
    };
    let room: { tokenLength: number; publicKeys: number } | undefined;
    const made: Pristine = {
      segment,
      segmentToken: encodeSegmentToken(segment),
      code: current.variants.encode(segment),
      reserve: new SealReserve({ seal, now, first }),
      // The mint's own token carries them; a template by reference is sealed carrying them once, when first asked.
      room: () =>
        (room ??= {
          tokenLength: first ? first.token.length : current.engine.codec.sealSync({ id: crypto.randomUUID(), v: 1, exp: expiryAfter(now(), maxAgeMs), ns: namespaces }, tag).length,
          publicKeys: Object.keys(namespaces.public ?? {}).length,
        }),
    };
    pristine.set(key, made);
    return made;
  }

  /** A first visit: a new session, from the Pristine of its host and inputs. */
  function fresh(
    current: State,
    outcome: 'new' | 'invalid' | 'expired',
    carry: Namespaces | undefined,
    inputs: UrlInputs,
    host: string,
  ): Maybe<Resolved> {
    if (carry) {
      return mint(current, inputs, host, carry).then(({ session, tokens, code }) => ({ outcome, tokens, expiresAt: session.expiresAt, code }));
    }
    return andThen(template(current, host, inputs), ({ reserve, segmentToken, segment, code }): Resolved => {
      const { token, exp } = reserve.take();
      return { outcome, tokens: { sessionToken: token, segmentToken, segment }, expiresAt: exp, code };
    });
  }

  /**
   * A crawler, or a deferred first visit: the variant a new visitor of this host and
   * inputs gets, with nothing sealed for it. Inputs the segment does not depend on (a
   * per-click `utm_content`) are left out of the template it comes from, so a link's
   * visitors share one, unless they could crowd the others out of the session's cookie
   * (then the Sessions API would keep fewer of them, and the variant could differ).
   */
  function withoutSession(current: State, outcome: 'crawler' | 'deferred', inputs: UrlInputs, host: string): Maybe<Resolved> {
    const page = ({ segment, code }: Pristine): Resolved => ({ outcome, segment: () => segment, code });
    const split = segmentInputs(inputs);
    if (split === null) return andThen(template(current, host, inputs), page);
    const { kept, otherKeys, otherBytes } = split;
    return andThen(template(current, host, kept), (shared) => {
      const { tokenLength, publicKeys } = shared.room();
      const { maxCookieBytes, maxKeysPerNamespace } = current.engine.limits;
      // AES-CBC pads to a block (16) and base64url grows by a third; 16 more for a `public` namespace the template lacks.
      const fits = tokenLength + Math.ceil(((otherBytes + 32) * 4) / 3) + 2 <= maxCookieBytes && publicKeys + otherKeys <= maxKeysPerNamespace;
      return fits ? page(shared) : andThen(template(current, host, inputs), page);
    });
  }

  /** A request without a session cookie. */
  function cookieless(current: State, request: NextRequest, inputs: UrlInputs): Maybe<Resolved> {
    const host = requestHost(request);
    if (isCrawler(request)) return withoutSession(current, 'crawler', inputs, host);
    // The page of its host and URL inputs, and no session yet: SessionProvider's first
    // read starts it, with the page's query, so the inputs reach it (sessions-route.ts).
    // But a navigation from one of this store's own pages that still has no cookie comes
    // from a page whose provider never started a session (no scripts): its URL inputs
    // (the no-JS channel switch, an internal campaign link) have no other way in.
    if (deferFirstVisits && (inputs === NO_INPUTS || !isSameOriginNavigation(request))) return withoutSession(current, 'deferred', inputs, host);
    return fresh(current, 'new', undefined, inputs, host);
  }

  /**
   * A returning visitor's URL inputs, applied when the token carries the namespaces
   * (cookie store, or a session no store holds yet). A store-held session is left
   * for the Sessions API, and so is any change an I/O transform would have to follow.
   */
  async function edit({ engine, variants }: State, token: string, inputs: UrlInputs, host: string): Promise<Resolved | null> {
    try {
      return await withAcceptedInputs(inputs, async (values) => {
        const result = await engine.write(token, { public: values }, { host, skipIO: true });
        if (result.changed.length === 0) return null;
        const touched = new Set(result.changed);
        if (transforms.some((t) => t.io && t.inputs.some((path) => touched.has(path)))) return null;
        const tokens = await engine.issue(result.session, null);
        return { outcome: 'edited' as const, tokens, expiresAt: result.session.expiresAt, code: await variants.encode(tokens.segment) };
      });
    } catch {
      // Even the empty edit failed (the cookie budget, say): keep the session as it is.
      return null;
    }
  }

  /** The segment and code of a payload: signed once per distinct segment, found without work for a cached token. */
  function variantOf({ variants }: State, payload: OpenPayload): { segment: Segment; code: string } {
    let found = known.get(payload);
    if (!found) {
      const segment = payloadSegment(payload);
      found = { segment, code: variants.encode(segment) };
      known.set(payload, found);
    }
    return found;
  }

  const renewalDue = (exp: number) => exp - now() < maxAgeMs - renewAfterMs;

  /**
   * A returning visitor whose token's tag names the variant, when nothing else is due:
   * the token's MAC is checked, nothing is decrypted (the segment is, if asked for).
   * null when the token has no usable tag, or is expired or due for renewal.
   */
  function fromTag(current: State, token: string): Resolved | 'invalid' | null {
    const tagged = current.engine.codec.tagSync(token);
    if (!tagged) return null;
    if (tagged.status === 'invalid') return 'invalid';
    const code = tagged.status === 'valid' && !renewalDue(tagged.exp) ? codeOfTag(current.variants, tagged.tag) : null;
    if (code === null) return null;
    let segment: Segment | undefined;
    return { outcome: 'existing', code, segment: () => (segment ??= segmentOfToken(current, token, code)) };
  }

  /** The session as it is, or resealed with a new expiry once renewal is due. */
  function kept(current: State, payload: OpenPayload): Resolved {
    const { segment, code } = variantOf(current, payload);
    if (!renewalDue(payload.exp)) return { outcome: 'existing', segment: () => segment, code };
    // A pristine token's payload stays one: it is sealed by reference again.
    const renewed: OpenPayload = { ...payload, exp: expiryAfter(now(), maxAgeMs) };
    return {
      outcome: 'renewed',
      tokens: { sessionToken: current.engine.codec.sealSync(renewed, current.tag(segment)), segmentToken: encodeSegmentToken(segment), segment },
      expiresAt: renewed.exp,
      code,
    };
  }

  function settle(
    current: State,
    unsealed: UnsealResult<OpenPayload>,
    token: string,
    inputs: UrlInputs,
    request: NextRequest,
    declinesInputs: boolean,
  ): Maybe<Resolved | typeof DECLINED> {
    if (unsealed.status !== 'valid') {
      if (declinesInputs) return DECLINED;
      const carry = unsealed.status === 'expired' ? current.engine.carryOver(unsealed.payload) : undefined;
      return fresh(current, unsealed.status, carry, inputs, requestHost(request));
    }
    const { payload } = unsealed;
    if (payload.ns && hasNewInputs(payload.ns, inputs)) {
      if (declinesInputs) return DECLINED;
      return edit(current, token, inputs, requestHost(request)).then((edited) => edited ?? kept(current, payload));
    }
    return kept(current, payload);
  }

  /**
   * What the visitor's token (or its absence) comes to: synchronous (the unseal cache,
   * or a synchronous unseal) unless a first mint, a carry-over or an edit must run.
   */
  function resolve(current: State, request: NextRequest): Maybe<Resolved | typeof DECLINED> {
    const url = request.nextUrl;
    const inputs = urlInputs(url, current.engine.limits.maxValueLength);
    const token = request.cookies.get(names.session)?.value;
    // URL inputs go into a session by a navigation only: any other request that would
    // apply them (a first visit's, or new to the session) is declined.
    const declinesInputs = inputs !== NO_INPUTS && !mayApplyUrlInputs(request);
    if (!token) return declinesInputs ? DECLINED : cookieless(current, request, inputs);
    // URL inputs may change the session: that needs what the token holds.
    const tagged = inputs === NO_INPUTS ? fromTag(current, token) : null;
    if (tagged === 'invalid') return fresh(current, 'invalid', undefined, inputs, requestHost(request));
    return tagged ?? andThen(current.engine.unsealNow(token), (unsealed) => settle(current, unsealed, token, inputs, request, declinesInputs));
  }

  function rewrite(request: NextRequest, pathname: string, resolved: Resolved, started: number): NextResponse {
    const url = request.nextUrl;
    // The target as a string, not url.clone() (a NextURL is parsed again on every
    // clone), said as NextResponse.rewrite() says it: no second URL parse. Each header
    // set on the new response's own Headers: converting an init record costs more.
    const response = new NextResponse(null);
    const headers = response.headers;
    headers.set(REWRITE_HEADER, `${url.origin}${url.basePath}/${resolved.code}${pathname === '/' ? '' : pathname}${url.search}`);
    headers.set(VARIANT_HEADER, resolved.code);
    if (!('tokens' in resolved)) {
      if (pageCacheControl !== null) headers.set('cache-control', pageCacheControl);
      headers.set('server-timing', timing(started, resolved.outcome));
      pageSessions.set(response, new LazyPageSession(resolved.outcome, resolved.code, resolved.segment));
      return response;
    }
    setSessionCookies(response, resolved.tokens, {
      names,
      expiresAt: resolved.expiresAt,
      secure: shouldUseSecureCookies(url, production),
      now: now(),
    });
    pageSessions.set(response, { code: resolved.code, segment: resolved.tokens.segment, outcome: resolved.outcome });
    headers.set('server-timing', timing(started, resolved.outcome));
    return response;
  }

  function page(request: NextRequest, pathname: string, started: number): Maybe<NextResponse> {
    if (!isPage(pathname.includes('%') ? decodeURIComponent(pathname) : pathname, request)) return NextResponse.next();
    if (request.method === 'POST' && MULTIPART.test(request.headers.get('content-type') ?? '')) {
      // Next reads a multipart POST to a page as a server action and answers a body it
      // cannot parse with a bare 500; refused here, it is the client's error it is.
      return request
        .clone()
        .formData()
        .then(
          () => session(request, pathname, started),
          () => refusal(400, 'invalid_body', 'The body is not valid multipart/form-data', started),
        );
    }
    return session(request, pathname, started);
  }

  function session(request: NextRequest, pathname: string, started: number): Maybe<NextResponse> {
    const current = getState();
    return andThen(resolve(current, request), (resolved) =>
      resolved === DECLINED ? declined(request, started) : rewrite(request, pathname, resolved, started),
    );
  }

  function handle(request: NextRequest): Maybe<NextResponse> {
    const started = performance.now();
    const { pathname } = request.nextUrl;
    if (!pathDecodes(pathname)) {
      // Next would fail decoding it (a bare 500, on an API path before any route code runs).
      // A page view is a shopper following a mangled link: the store's 404 page.
      return refused(request, started, 400, 'malformed_path', 'The path has a malformed percent-escape');
    }
    const lead = leadingCode(pathname);
    if (lead.length >= MIN_CODE_LEAD) {
      const { variants } = getState();
      // Variant paths exist only behind the rewrite; served directly they would let
      // anyone who knows a code see its prices and region, whatever the suffix.
      if (variants.mayBeCode(lead) && variants.decode(lead)) return refused(request, started, 404, 'not_found', 'This page does not exist');
    }
    return page(request, pathname, started);
  }

  return function sessionMiddleware(request: NextRequest): Maybe<NextResponse> {
    return attempt(
      () => handle(request),
      (error) => {
        const failed = errorResponse(error);
        return new NextResponse(failed.body, { status: failed.status, headers: failed.headers });
      },
    );
  };
}

const MULTIPART = /^multipart\/form-data\b/i;

function pristineKey(host: string, inputs: UrlInputs): string {
  return inputs === NO_INPUTS ? host : `${host}\n${JSON.stringify(inputs)}`;
}

/** A PageSession whose segment is worked out when first read (most requests never ask). */
class LazyPageSession implements PageSession {
  constructor(
    readonly outcome: Cookieless,
    readonly code: string,
    private readonly segmentOf: () => Segment,
  ) {}

  get segment(): Segment {
    return this.segmentOf();
  }
}

/**
 * A tagged token's segment: what it seals. Its MAC checked out, so only a sealer
 * holding the secret (or a configuration changed since) could make it fail to open;
 * then what its code says.
 */
function segmentOfToken({ engine, variants }: State, token: string, code: string): Segment {
  const unsealed = engine.unsealNow(token);
  // A pristine token whose host's template is still being minted here: its code says it.
  if (!isThenable(unsealed) && unsealed.status !== 'invalid') return payloadSegment(unsealed.payload);
  return { ...(variants.decode(code)?.segment ?? deriveSegment({})) };
}

/**
 * A request the handler refuses (a path led by a real code, asked for directly; a path
 * that does not decode): a browser's or a crawler's page view gets the store's own 404
 * page, rewritten to the root not-found route (not-found-route.ts): the same build-time
 * bytes for every path and every visitor, nothing of a code's variant. Anything else
 * (fetch, RSC, prefetch, a form's POST) gets the JSON refusal.
 */
function refused(request: NextRequest, started: number, status: number, code: string, message: string): NextResponse {
  if (!wantsDocument(request)) return refusal(status, code, message, started);
  const url = request.nextUrl;
  return NextResponse.rewrite(`${url.origin}${url.basePath}${NOT_FOUND_ROUTE}`, {
    headers: { 'cache-control': 'no-store', 'server-timing': timing(started, code) },
  });
}

function refusal(status: number, code: string, message: string, started: number): NextResponse {
  return NextResponse.json(new SessionError(status, code, message).toJSON(), {
    status,
    headers: { 'cache-control': 'no-store', 'server-timing': timing(started, code) },
  });
}

/**
 * The answer to a request that would apply URL inputs but is not a navigation: nothing to
 * keep or show. Next's router takes an answer that is not a page payload as a sign to
 * load the page as a document: a prefetch is dropped and fetched again when its link is
 * followed, and a followed link or a refresh becomes a full navigation, which applies
 * the inputs (204: no error in the console). A browser's own prefetch or prerender of a
 * document would serve a 2xx as it is when the link is followed, so it gets an error
 * status, which the browser discards (503, as a CDN declining a prefetch does).
 */
function declined(request: NextRequest, started: number): NextResponse {
  return new NextResponse(null, {
    status: wantsDocument(request) ? 503 : 204,
    headers: { 'cache-control': 'no-store', 'server-timing': timing(started, 'declined') },
  });
}

function timing(started: number, what: string): string {
  return `session;dur=${(performance.now() - started).toFixed(3)};desc="${what}"`;
}
