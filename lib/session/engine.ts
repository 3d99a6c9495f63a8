import type { AccountConfig } from './config';
import { applyEdit, type SessionEdit } from './edit';
import { SessionError } from './errors';
import { DEFAULT_LIMITS, type SessionLimits } from './limits';
import { RecentSessions } from './recent-sessions';
import { encodeSegmentToken, deriveSegment } from './segment';
import { VersionConflict, type LoadedSession, type SessionStore } from './stores/types';
import { PristineTemplates, templateDigest, type PristineRef } from './pristine';
import { isPristinePayload, TokenCodec, type OpenPayload, type TokenPayload, type UnsealResult } from './token';
import { runTransformsInPlace, type RunResult } from './transforms/engine';
import type { Transform } from './transforms/types';
import type { Namespaces, Segment, Session, TraceEntry } from './types';
import { cloneNamespaces } from './clone';
import { expiryAfter } from './expiry';
import { andThen, attempt as attemptMaybe, isThenable, type Maybe } from './maybe';

export const DEFAULT_MAX_AGE_SECONDS = 8 * 24 * 60 * 60;
export const DEFAULT_RENEW_AFTER_SECONDS = 24 * 60 * 60;
export const DEFAULT_IDENTITY_KEYS: readonly string[] = ['authentication.storeUserId', 'impersonate.storeUserId'];

export interface EngineOptions {
  /** Newest first: the first seals, all unseal. */
  secrets: readonly string[];
  store: SessionStore;
  /** Run in this order within each round of the fixpoint. */
  transforms: readonly Transform[];
  account: AccountConfig;
  /** Session lifetime, sliding as the visitor returns. Default 8 days. */
  maxAgeSeconds?: number;
  /** Reseal a returning visitor's cookie at most this often. Default 1 day. */
  renewAfterSeconds?: number;
  limits?: Partial<SessionLimits>;
  tokenCacheSize?: number;
  now?: () => number;
  /** Attempts at a write that keeps meeting concurrent writes. Default 8. */
  maxWriteAttempts?: number;
  /**
   * Keys that say who is shopping. A write that changes one (sign-in, sign-out,
   * impersonation on or off) gets a new session id, so an id known before the change
   * (session fixation) is worthless after it. Default: the authenticated and the
   * impersonated user.
   */
  identityKeys?: readonly string[];
  /**
   * Cookie store only: how many sessions this instance remembers as it last issued
   * them, so a token from before a write still reads that write here (see
   * RecentSessions). Default 1000; 0 turns it off.
   */
  recentSessions?: number;
  /**
   * A tag to seal with each session's token (TokenCodec.sealSync): text the token says
   * in the clear, under its MAC, such as the variant code the middleware needs, so a
   * server that never saw the token checks a MAC instead of decrypting it.
   */
  tag?: (segment: Segment) => string;
}

/** How the visitor's token turned out. */
export type SessionOrigin = 'existing' | 'new' | 'expired' | 'invalid' | 'revoked';

export interface OpenedSession {
  session: Session;
  origin: SessionOrigin;
  /** The version the store holds, or null when it holds nothing yet. */
  storedVersion: number | null;
  /** A cookie must be sent: the session is new, or its expiry was renewed. */
  needsCookie: boolean;
  trace: TraceEntry[];
}

export interface WriteResult extends OpenedSession {
  /** Key paths whose values changed (the write's own and the transforms'). */
  changed: string[];
}

export interface IssuedTokens {
  sessionToken: string;
  segmentToken: string;
  /** What segmentToken encodes: read-only, as the variant code issued for it stands for these values. */
  segment: Readonly<Segment>;
}

export interface OpenOptions {
  host?: string;
  /** Skip transforms that wait on I/O (the middleware). */
  skipIO?: boolean;
}

export interface MintOptions extends OpenOptions {
  /** Public values the new session starts with, as if written. */
  public?: Record<string, string>;
  /** keepAlive values carried over from an expired or revoked session. */
  carry?: Namespaces;
}

export interface WriteOptions extends OpenOptions {
  /** Turn the transform trace on or off for this session. */
  debug?: boolean;
  /** Give the session a new id (sign-in, sign-out, impersonation: no fixation). */
  rotateId?: boolean;
}

/**
 * The Sessions System without HTTP: turns tokens into sessions, applies writes,
 * runs the transforms and issues tokens. Adapters (route handlers, middleware)
 * are a few lines around it.
 */
export class SessionEngine {
  readonly codec: TokenCodec;
  /** New sessions' templates by host, which pristine tokens name instead of carrying namespaces. */
  readonly pristine: PristineTemplates;
  readonly store: SessionStore;
  readonly limits: SessionLimits;
  readonly maxAgeMs: number;
  private readonly renewAfterMs: number;
  private readonly transforms: readonly Transform[];
  private readonly account: AccountConfig;
  private readonly now: () => number;
  private readonly maxWriteAttempts: number;
  private readonly identityKeys: readonly string[];
  private readonly writeQueues = new Map<string, Promise<void>>();
  /** The cookie store's memory of what this instance issued; other stores hold the newest data themselves. */
  private readonly recent: RecentSessions | null;
  private readonly tag: ((segment: Segment) => string) | undefined;
  /**
   * Sessions that may still be their host's new-session template (opened from a pristine
   * token, or minted here with nothing of their own), each with the template it would be:
   * issued by reference, as the middleware issues them, when their digest still says so.
   * A write makes a new Session, which is not in here.
   */
  private readonly asTemplate = new WeakMap<Session, PristineRef>();

  constructor(options: EngineOptions) {
    this.now = options.now ?? Date.now;
    this.codec = new TokenCodec({ secrets: options.secrets, cacheSize: options.tokenCacheSize, now: this.now });
    this.store = options.store;
    this.transforms = options.transforms;
    this.account = options.account;
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.maxAgeMs = (options.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS) * 1000;
    this.renewAfterMs = (options.renewAfterSeconds ?? DEFAULT_RENEW_AFTER_SECONDS) * 1000;
    this.maxWriteAttempts = options.maxWriteAttempts ?? 8;
    this.identityKeys = options.identityKeys ?? DEFAULT_IDENTITY_KEYS;
    this.recent = options.store.inCookie ? new RecentSessions(options.recentSessions) : null;
    this.tag = options.tag;
    // No inputs, no I/O: what the middleware mints for a new visitor, on any server.
    this.pristine = new PristineTemplates((host) => andThen(this.minted({ host, skipIO: true }), ({ session }) => session.namespaces));
  }

  /**
   * The codec's unsealSync, with a pristine token's namespaces looked up: synchronous
   * once this server knows the host's template. A pristine token whose template has
   * changed since (the configuration did) is invalid: its visitor starts afresh.
   */
  unsealNow(token: string | undefined | null): Maybe<UnsealResult<OpenPayload>> {
    const unsealed = this.codec.unsealSync(token);
    // Not pristine: the codec's own result, no copy (the type cannot narrow through the result's field).
    if (unsealed.status === 'invalid' || !isPristinePayload(unsealed.payload)) return unsealed as UnsealResult<OpenPayload>;
    const { status } = unsealed;
    return andThen(this.pristine.open(unsealed.payload), (payload): UnsealResult<OpenPayload> => (payload ? { status, payload } : { status: 'invalid' }));
  }

  /**
   * A brand-new session: the account namespace, any carried keepAlive values and
   * public inputs, then the transforms that run on creation and on those inputs.
   * Nothing is stored: the caller writes or issues it.
   */
  async mint(options: MintOptions = {}): Promise<{ session: Session; trace: TraceEntry[] }> {
    return this.minted(options);
  }

  /** The visitor's session from their token; a missing, tampered, expired or revoked one gives a fresh session. */
  async open(token: string | undefined | null, options: OpenOptions = {}): Promise<OpenedSession> {
    return this.opening(token, options);
  }

  /**
   * Applies an edit to the visitor's session and runs the transforms, all or
   * nothing: an error from validation or a transform changes nothing. Concurrent
   * writes to one session are retried on fresh data, so none is lost.
   */
  async write(token: string | undefined | null, edit: SessionEdit, options: WriteOptions = {}): Promise<WriteResult> {
    return this.writeNow(token, edit, options);
  }

  /**
   * write(), answered now when the store and the transforms answer synchronously (the
   * cookie store with embedded regions), else a promise: for a caller on every
   * request (the Sessions API), where each promise costs a turn of the queue and
   * Next's async hooks. Await it only when isThenable() says so.
   */
  writeNow(token: string | undefined | null, edit: SessionEdit, options: WriteOptions = {}): Maybe<WriteResult> {
    // Writes to one stored session from this process take turns: optimistic
    // retries alone cost O(n²) attempts when hundreds arrive at once, and would
    // run out. Retries still settle races with other processes.
    const unsealed = this.store.inCookie ? null : this.codec.unsealSync(token);
    if (unsealed?.status !== 'valid') return this.writeOnce(token, edit, options, 1);
    const id = unsealed.payload.id;
    const run = (this.writeQueues.get(id) ?? Promise.resolve()).then(() => this.writeOnce(token, edit, options, 1));
    const settled = run.then(
      () => {},
      () => {},
    );
    this.writeQueues.set(id, settled);
    void settled.then(() => {
      if (this.writeQueues.get(id) === settled) this.writeQueues.delete(id);
    });
    return run;
  }

  /**
   * Seals the session into `vtex_session` and encodes `vtex_segment`. A session the
   * store does not hold yet carries its namespaces in the token until its first write.
   */
  async issue(session: Session, storedVersion: number | null = session.version): Promise<IssuedTokens> {
    return this.issueNow(session, storedVersion);
  }

  /** issue(), answered now unless the store or afterIssue answers later (see writeNow). */
  issueNow(session: Session, storedVersion: number | null = session.version): Maybe<IssuedTokens> {
    return this.issuing(session, storedVersion);
  }

  /**
   * The tokens that answer a write: the visitor's own token again when the write left
   * the session exactly as that token says (nothing changed, no renewal due, nothing
   * newer issued for it), else issueNow(). A client that sends the same values on every
   * page view (FastStore's validateSession PATCHes the page's postal code and country)
   * then costs no seal, and its cookie stays as it is.
   */
  answerNow(result: WriteResult, token: string | undefined | null): Maybe<IssuedTokens> {
    if (result.needsCookie || !token) return this.issueNow(result.session, result.storedVersion);
    return this.handedOut(token, deriveSegment(result.session.namespaces));
  }

  // The work itself, synchronous wherever the store, the transforms and (for a
  // subclass) afterIssue answer synchronously: the cookie store with embedded regions
  // makes no promise between a request and its tokens. Each promise costs a turn of
  // the queue and, under Next, AsyncLocalStorage's hooks.

  private minted(options: MintOptions): Maybe<{ session: Session; trace: TraceEntry[] }> {
    const now = this.now();
    const namespaces: Namespaces = cloneNamespaces(options.carry ?? {});
    namespaces.account = {
      ...namespaces.account,
      id: { value: this.account.id, keepAlive: true },
      accountName: { value: this.account.name },
    };
    const changed = options.public ? applyEdit(namespaces, { public: options.public }, this.limits) : [];
    const run = runTransformsInPlace(this.transforms, namespaces, {
      changed,
      creating: true,
      host: options.host,
      skipIO: options.skipIO,
    });
    return andThen(run, (result) => ({
      session: {
        id: crypto.randomUUID(),
        version: 1,
        namespaces: result.namespaces,
        active: true,
        debug: false,
        expiresAt: expiryAfter(now, this.maxAgeMs),
      },
      trace: result.trace,
    }));
  }

  /** open(): the session is the caller's own (a store's load copies what it keeps). */
  private opening(token: string | undefined | null, options: OpenOptions): Maybe<OpenedSession> {
    return andThen(this.unsealNow(token), (unsealed) => {
      if (unsealed.status !== 'valid') return this.afresh(token, unsealed, options);
      const { payload } = unsealed;
      const newer = this.recent?.newerThan(payload.id, payload.v, this.now()) ?? null;
      if (newer === 'retired') return this.afresh(token, unsealed, options);
      // An old token is answered with the newest data this instance issued for its session,
      // and gets the newest token too (reopened: the token is behind). That token is usually still in the codec's cache
      // (and never a pristine one: issue() seals what was written).
      const newest = newer ? this.codec.unsealSync(newer) : null;
      const current = newest?.status === 'valid' && !isPristinePayload(newest.payload) ? newest.payload : payload;
      return andThen(this.store.load(current), (loaded) => {
        if (!loaded) return this.afresh(token, unsealed, options);
        if (current.pristine) this.asTemplate.set(loaded.session, current.pristine);
        return this.reopened(loaded, payload);
      });
    });
  }

  private reopened(loaded: LoadedSession, payload: OpenPayload): Maybe<OpenedSession> {
    const { session } = loaded;
    const renew = session.expiresAt - this.now() < this.maxAgeMs - this.renewAfterMs;
    // A token still carrying namespaces the store now holds gets the slim cookie.
    const slimmed = !this.store.inCookie && loaded.storedVersion !== null && payload.ns !== undefined;
    // A token older than what the store holds (written since through another instance, or
    // by a request whose answer this client missed), or than the newest this instance
    // issued (RecentSessions, loaded in its place), is replaced: its segment may be stale.
    const behind = loaded.storedVersion !== null && loaded.storedVersion !== payload.v;
    const opened: OpenedSession = { session, origin: 'existing', storedVersion: loaded.storedVersion, needsCookie: renew || slimmed || behind, trace: [] };
    if (!renew) return opened;
    session.expiresAt = expiryAfter(this.now(), this.maxAgeMs);
    return loaded.storedVersion !== null && this.store.touch ? andThen(this.store.touch(session), () => opened) : opened;
  }

  private afresh(token: string | undefined | null, unsealed: UnsealResult<OpenPayload>, options: OpenOptions): Maybe<OpenedSession> {
    const origin: SessionOrigin =
      unsealed.status === 'valid' ? 'revoked' : unsealed.status === 'expired' ? 'expired' : token ? 'invalid' : 'new';
    // Expired, or gone from the store (Redis TTL, revocation): keepAlive values live on.
    const carry = unsealed.status === 'invalid' ? undefined : this.carryOver(unsealed.payload);
    return andThen(this.minted({ ...options, carry }), ({ session, trace }) => {
      if (!carry && options.host !== undefined) this.markIfTemplate(session, options.host);
      return { session, origin, storedVersion: null, needsCookie: true, trace };
    });
  }

  /**
   * A session this engine minted with nothing of its own (no carried values, no inputs)
   * may be its host's template, when the template is known here synchronously. Minted
   * with I/O (a Sessions API call) it may still differ: templateOf() decides, once, when
   * the session is sealed.
   */
  private markIfTemplate(session: Session, host: string): void {
    try {
      const template = this.pristine.template(host);
      if (!isThenable(template)) this.asTemplate.set(session, template.ref);
    } catch {
      // A template minted without I/O may fail where this mint, with it, did not: the
      // session then carries its namespaces, and the request goes on.
    }
  }

  /** The template a session is exactly, checked when it is sealed: minted with I/O, or edited in place by a caller, it is not. */
  private templateOf(session: Session): PristineRef | undefined {
    const ref = this.asTemplate.get(session);
    return ref && templateDigest(session.namespaces) === ref.digest ? ref : undefined;
  }

  private writeOnce(token: string | undefined | null, edit: SessionEdit, options: WriteOptions, attempt: number): Maybe<WriteResult> {
    return andThen(this.opening(token, options), (opened) => {
      // Edited in place: a store's session is this write's own.
      const { namespaces } = opened.session;
      const edited = applyEdit(namespaces, edit, this.limits);
      const run = runTransformsInPlace(this.transforms, namespaces, {
        changed: edited,
        creating: false,
        host: options.host,
        skipIO: options.skipIO,
      });
      // Another attempt on fresh data, while attempts remain, when a concurrent write got there first.
      const retry = attempt < this.maxWriteAttempts ? () => this.writeOnce(token, edit, options, attempt + 1) : null;
      return andThen(run, (result) => this.written(opened, edited, result, options, attempt, retry));
    });
  }

  private written(
    opened: OpenedSession,
    edited: readonly string[],
    result: RunResult,
    options: WriteOptions,
    attempt: number,
    retry: (() => Maybe<WriteResult>) | null,
  ): Maybe<WriteResult> {
    const { session } = opened;
    const changed = result.changed.size === 0 ? [...edited] : [...new Set([...edited, ...result.changed])];
    const debug = options.debug ?? session.debug;
    const rotate = options.rotateId === true || changed.some((path) => this.identityKeys.includes(path));
    const dirty = changed.length > 0 || debug !== session.debug || rotate;
    const trace = opened.trace.length === 0 ? result.trace : [...opened.trace, ...result.trace];

    // Unchanged, the session stays the object it was opened as (still its template, say).
    const next: Session = dirty
      ? {
          ...session,
          id: rotate ? crypto.randomUUID() : session.id,
          namespaces: result.namespaces,
          debug,
          version: session.version + 1,
          expiresAt: expiryAfter(this.now(), this.maxAgeMs),
        }
      : session;
    if (!dirty && !opened.needsCookie && opened.storedVersion !== null) return { ...opened, changed, trace };
    const done: WriteResult = { session: next, origin: opened.origin, storedVersion: next.version, needsCookie: true, changed, trace };
    const saved = attemptMaybe<WriteResult | null>(
      () => andThen(this.store.save(next, rotate ? null : opened.storedVersion), () => null),
      (error) => {
        if (!(error instanceof VersionConflict)) throw error;
        if (!retry) throw new SessionError(409, 'write_conflict', 'The session kept changing under this write; try again');
        return new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt)).then(retry);
      },
    );
    return andThen(saved, (retried) => {
      if (retried) return retried;
      if (!rotate) return done;
      return andThen(this.store.remove(session.id), () => {
        this.recent?.retire(session.id);
        return done;
      });
    });
  }

  private issuing(session: Session, storedVersion: number | null): Maybe<IssuedTokens> {
    const segment = deriveSegment(session.namespaces);
    const base = { id: session.id, v: session.version, exp: session.expiresAt, ...(session.debug ? { dbg: 1 as const } : {}) };
    const carriesNamespaces = this.store.inCookie || storedVersion === null;
    const ka = carriesNamespaces ? undefined : this.keepAliveToCarry(session.namespaces);
    // A never-written session that is still its host's template goes by reference (a renewal, a mint by the API).
    const template = carriesNamespaces && session.version === 1 ? this.templateOf(session) : undefined;
    const payload: TokenPayload = carriesNamespaces
      ? { ...base, ns: session.namespaces, ...(template ? { pristine: template } : {}) }
      : { ...base, seg: segment, ...(ka ? { ka } : {}) };
    const sessionToken = this.codec.sealSync(payload, this.tag?.(segment));
    if (carriesNamespaces && sessionToken.length > this.limits.maxCookieBytes) {
      throw new SessionError(
        413,
        'session_too_large',
        `The session would take ${sessionToken.length} bytes in its cookie; the budget is ${this.limits.maxCookieBytes}. Remove some values.`,
      );
    }
    // A first version has no older token to answer: the middleware's mints stay out.
    if (session.version > 1) this.recent?.issued(session, sessionToken);
    return this.handedOut(sessionToken, segment);
  }

  /** A session token with its segment's token, as issue() and answerNow() hand them out. */
  private handedOut(sessionToken: string, segment: Segment): Maybe<IssuedTokens> {
    return this.afterIssue({ sessionToken, segmentToken: encodeSegmentToken(segment), segment });
  }

  /** What a subclass does with tokens before issue() hands them out (the kit registers their variant). */
  protected afterIssue(tokens: IssuedTokens): Maybe<IssuedTokens> {
    return tokens;
  }

  /**
   * What a token carries into the session that replaces its own (expired, or gone from
   * the store): its keepAlive values a new session would not get anyway, or a slim
   * token's, which were chosen so when it was sealed. A token with none (a new
   * visitor's, pristine or not) leaves the new session to be minted as any other,
   * which the middleware takes from its reserve.
   */
  carryOver(payload: OpenPayload): Namespaces | undefined {
    return payload.ns ? this.keepAliveToCarry(payload.ns) : payload.ka && cloneNamespaces(payload.ka);
  }

  /** keepAlive values worth carrying: all but `account.id`, which every new session gets from the config. */
  private keepAliveToCarry(namespaces: Namespaces): Namespaces | undefined {
    const kept = keepAliveValues(namespaces);
    if (kept?.account?.id?.value === this.account.id) {
      delete kept.account.id;
      if (Object.keys(kept.account).length === 0) delete kept.account;
    }
    return kept && Object.keys(kept).length > 0 ? kept : undefined;
  }

  /**
   * The session as the Sessions API answers it: its namespaces plus the keys
   * transforms derive on read (`Transform.present`, never stored), such as
   * `checkout.sellers`. Only keys the transform owns are added.
   */
  present(session: Session): Session {
    let namespaces: Namespaces | null = null;
    for (const transform of this.transforms) {
      if (!transform.present) continue;
      for (const [ns, values] of Object.entries(transform.present(session.namespaces))) {
        for (const [key, entry] of Object.entries(values ?? {})) {
          if (!transform.outputs.includes(ns as never) && !transform.outputs.includes(`${ns}.${key}` as never)) continue;
          namespaces ??= { ...session.namespaces };
          const space = { ...(namespaces as Record<string, Record<string, unknown>>)[ns] };
          space[key] = typeof entry === 'string' ? { value: entry } : entry;
          (namespaces as Record<string, unknown>)[ns] = space;
        }
      }
    }
    return namespaces ? { ...session, namespaces } : session;
  }

  /** Revokes a session (sign-out everywhere): its cookie becomes a fresh visitor. */
  async revoke(id: string): Promise<void> {
    await this.store.remove(id);
    this.recent?.retire(id);
  }
}

/** The values marked keepAlive: what survives a session's expiry into the next one. */
export function keepAliveValues(namespaces: Namespaces): Namespaces | undefined {
  const kept: Namespaces = {};
  for (const [ns, values] of Object.entries(namespaces) as [keyof Namespaces, Record<string, { value: string; keepAlive?: boolean }>][]) {
    for (const [key, value] of Object.entries(values)) {
      if (value.keepAlive) (kept[ns] ??= {})[key] = { value: value.value, keepAlive: true };
    }
  }
  return Object.keys(kept).length > 0 ? kept : undefined;
}
