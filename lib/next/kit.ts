import type { StoreSettings } from '../session/config';
import type { SegmentKey } from '../session/segment';
import { SessionEngine, type EngineOptions } from '../session/engine';
import type { SessionStore } from '../session/stores/types';
import type { Transform } from '../session/transforms/types';
import type { Segment } from '../session/types';
import { VariantCodec } from '../session/variant';
import { DEFAULT_COOKIE_NAMES, type CookieNames } from './cookies';
import { isProduction, secretsFromEnv } from './env';

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
}

/** One store's wiring of the kit: the engine (built lazily, once) and what adapters need. */
export interface SessionKit {
  readonly config: SessionKitConfig;
  readonly cookieNames: CookieNames;
  readonly allowedOrigins: readonly string[];
  readonly production: boolean;
  engine(): Promise<SessionEngine>;
  /** The signed cache-variant code of a segment, exactly as the middleware computes it. */
  variantCode(segment: Segment): Promise<string>;
}

export function createSessionKit(options: SessionKitOptions): SessionKit {
  let engine: Promise<SessionEngine> | null = null;
  let variants: VariantCodec | null = null;
  const secrets = options.secrets ?? secretsFromEnv;
  return {
    config: options.config,
    cookieNames: { ...DEFAULT_COOKIE_NAMES, ...options.config.cookies },
    allowedOrigins: options.config.allowedOrigins ?? [],
    production: isProduction(),
    engine() {
      engine ??= (async () =>
        new SessionEngine({
          secrets: secrets(),
          store: await options.store(),
          transforms: options.transforms,
          account: options.config.account,
          maxAgeSeconds: options.config.maxAgeSeconds,
          ...options.engine,
        }))();
      // A failed start (missing secret, store down) is retried on the next request.
      engine.catch(() => {
        engine = null;
      });
      return engine;
    },
    variantCode(segment) {
      variants ??= new VariantCodec({ secrets: secrets(), fields: options.config.variantFields });
      return variants.encode(segment);
    },
  };
}
