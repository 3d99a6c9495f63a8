import type { StoreSettings } from '../session/config';
import type { SegmentKey } from '../session/segment';
import { SessionEngine, type EngineOptions, type IssuedTokens } from '../session/engine';
import type { SessionStore } from '../session/stores/types';
import type { Transform } from '../session/transforms/types';
import type { Segment } from '../session/types';
import { VariantCodec, type IssuedVariant } from '../session/variant';
import { VariantIssuer, type VariantRegistry } from '../session/variant-registry';
import { variantTagOfCode } from '../session/variant-tag';
import { andThen, type Maybe } from '../session/maybe';
import { DEFAULT_COOKIE_NAMES, type CookieNames } from './cookies';
import { isProduction, secretsFromEnv } from './env';
import { variantRegistryFromEnv } from './store-from-env';

export interface SessionKitConfig extends StoreSettings {
  cookies?: Partial<CookieNames>;
  /** Origins besides the site's own that may write sessions. */
  allowedOrigins?: readonly string[];
  maxAgeSeconds?: number;
  /** Segment fields that pick a page variant. Default: DEFAULT_VARIANT_FIELDS. */
  variantFields?: readonly SegmentKey[];
}

export interface SessionKitOptions {
  config: SessionKitConfig;
  transforms: readonly Transform[];
  /** Called once, on first use (so a Redis client is not opened at import time). */
  store: () => SessionStore | Promise<SessionStore>;
  /** Defaults to SESSION_SECRET. */
  secrets?: () => readonly string[];
  engine?: Partial<Pick<EngineOptions, 'now' | 'limits' | 'renewAfterSeconds' | 'tokenCacheSize' | 'recentSessions'>>;
  /**
   * Where the codes this kit issues are registered for pages (digest -> variant).
   * Defaults to variantRegistryFromEnv(): Redis with SESSION_STORE=redis, else this
   * process's memory, which is also where readVariant() looks.
   */
  variantRegistry?: () => VariantRegistry | null | Promise<VariantRegistry | null>;
}

/** One store's wiring of the kit: the engine (built lazily, once) and what adapters need. */
export interface SessionKit {
  readonly config: SessionKitConfig;
  readonly cookieNames: CookieNames;
  readonly allowedOrigins: readonly string[];
  readonly production: boolean;
  engine(): Promise<SessionEngine>;
  /**
   * engine() without a promise once the engine has started: for a route on every
   * request, where each promise costs a turn of the queue and Next's async hooks.
   * Await it only when isThenable() says so.
   */
  engineNow(): Maybe<SessionEngine>;
  /**
   * The signed cache-variant code of a segment, exactly as the middleware computes
   * it, registered so pages can learn the whole variant from it.
   */
  variantCode(segment: Segment): Promise<string>;
  /** variantCode(), answered now when the variant registry answers synchronously (see engineNow). */
  variantCodeNow(segment: Segment): Maybe<string>;
}

/**
 * The kit's engine registers the variant of every segment it issues tokens for (the
 * Sessions API, forms, sign-in, server actions), so the page that follows can learn
 * the whole variant from its code.
 */
class RegisteringEngine extends SessionEngine {
  constructor(
    options: EngineOptions,
    private readonly registerSegment: (segment: Segment) => Maybe<unknown>,
  ) {
    super(options);
  }

  protected override afterIssue(tokens: IssuedTokens): Maybe<IssuedTokens> {
    return andThen(this.registerSegment(tokens.segment), () => tokens);
  }
}

/**
 * Codes computed for a segment object: one issue() seals the code in its tag and
 * registers its entry, and a write route that then asks for the code of the segment
 * it was handed gets the same one (its entry, put moments ago, is not put again).
 */
type ComputedVariants = WeakMap<Segment, IssuedVariant>;

export function createSessionKit(options: SessionKitOptions): SessionKit {
  let engine: Promise<SessionEngine> | null = null;
  /** The engine once it has started: what engineNow() answers without a promise. */
  let started: SessionEngine | null = null;
  let variants: VariantIssuer | null = null;
  const computed: ComputedVariants = new WeakMap();
  const secrets = options.secrets ?? secretsFromEnv;
  const issuer = (): VariantIssuer =>
    (variants ??= new VariantIssuer(
      new VariantCodec({ secrets: secrets(), fields: options.config.variantFields }),
      options.variantRegistry ?? (() => variantRegistryFromEnv()),
      { onError: (error) => console.warn(`[sessions] variant registry: ${(error as Error).message}`) },
    ));
  const variantOf = (segment: Segment): IssuedVariant => {
    let issued = computed.get(segment);
    if (!issued) computed.set(segment, (issued = issuer().codec.issue(segment)));
    return issued;
  };
  const engineNow = (): Maybe<SessionEngine> => {
    if (started) return started;
    if (engine) return engine;
    const starting = (async () =>
      new RegisteringEngine(
        {
          secrets: secrets(),
          store: await options.store(),
          transforms: options.transforms,
          account: options.config.account,
          maxAgeSeconds: options.config.maxAgeSeconds,
          // The variant code rides in the token, so the middleware of any server reads it with a MAC check.
          tag: (segment) => variantTagOfCode(issuer().codec, variantOf(segment).code),
          ...options.engine,
        },
        (segment) => issuer().issue(segment, variantOf(segment)),
      ))();
    // A failed start (missing secret, store down) is retried on the next request.
    starting.then(
      (ready) => {
        if (engine === starting) started = ready;
      },
      () => {
        if (engine === starting) engine = null;
      },
    );
    return (engine = starting);
  };
  const variantCodeNow = (segment: Segment): Maybe<string> => andThen(issuer().issue(segment, variantOf(segment)), (issued) => issued.code);
  return {
    config: options.config,
    cookieNames: { ...DEFAULT_COOKIE_NAMES, ...options.config.cookies },
    allowedOrigins: options.config.allowedOrigins ?? [],
    production: isProduction(),
    engine: () => Promise.resolve(engineNow()),
    engineNow,
    variantCode: (segment) => Promise.resolve(variantCodeNow(segment)),
    variantCodeNow,
  };
}
