import { andThen, attempt, type Maybe } from './maybe';
import { Lru } from './lru';
import type { SegmentKey } from './segment';
import type { Segment } from './types';
import type { IssuedVariant, VariantCodec } from './variant';

/**
 * Where pages learn the whole variant of a code whose long fields (a marketplace
 * region's sellers, a list of campaigns) stand behind a digest: digest -> variant
 * body. Whatever a registry answers is checked against the digest (a keyed MAC)
 * before a page uses it, so a stale, corrupt or planted entry can only be a miss,
 * never a wrong page.
 */
export interface VariantRegistry {
  readonly name: string;
  get(digest: string): string | null | Promise<string | null>;
  put(digest: string, body: string): void | Promise<void>;
}

export interface MemoryVariantRegistryOptions {
  /** Bytes of bodies (and digests) held at most; the least recently used go first. Default 8 MiB. */
  maxBytes?: number;
}

export const DEFAULT_REGISTRY_BYTES = 8 * 1024 * 1024;

/** A registry in this process's memory, bounded in bytes. */
export function memoryVariantRegistry(options: MemoryVariantRegistryOptions = {}): VariantRegistry & { readonly bytes: number; readonly size: number } {
  const maxBytes = options.maxBytes ?? DEFAULT_REGISTRY_BYTES;
  const entries = new Map<string, string>();
  let bytes = 0;
  const cost = (digest: string, body: string) => 2 * (digest.length + body.length) + 64;
  return {
    name: 'memory',
    get(digest) {
      const body = entries.get(digest);
      if (body === undefined) return null;
      entries.delete(digest);
      entries.set(digest, body);
      return body;
    },
    put(digest, body) {
      const old = entries.get(digest);
      if (old !== undefined) {
        bytes -= cost(digest, old);
        entries.delete(digest);
      }
      if (cost(digest, body) > maxBytes) return;
      entries.set(digest, body);
      bytes += cost(digest, body);
      for (const [oldest, value] of entries) {
        if (bytes <= maxBytes) break;
        entries.delete(oldest);
        bytes -= cost(oldest, value);
      }
    },
    get bytes() {
      return bytes;
    },
    get size() {
      return entries.size;
    },
  };
}

const NONE: ReadonlySet<SegmentKey> = new Set();
const SHARED = Symbol.for('vtex-sessions-next.variant-registry');

/**
 * This process's memory registry. Route handlers and pages are separate bundles,
 * each with its own copy of this module, so the one registry hangs off globalThis.
 * (The Edge middleware runs in a sandbox with a globalThis of its own: it cannot
 * fill this one. Codes it issues reach pages through the Sessions API's writes,
 * precomputed entries, or the degraded render.)
 */
export function sharedMemoryVariantRegistry(): VariantRegistry {
  const holder = globalThis as Record<symbol, VariantRegistry | undefined>;
  return (holder[SHARED] ??= memoryVariantRegistry());
}

/** What a page renders for. */
export interface ResolvedVariant {
  code: string;
  /** Every variant field the page can rely on; an unresolved one is null here. */
  segment: Readonly<Segment>;
  /**
   * Fields the page could not learn (the registry had no good entry): the page must
   * not render them as if they were null. Empty for a complete variant.
   */
  unresolved: ReadonlySet<SegmentKey>;
}

/**
 * A code's whole variant, through the registry when the code carries a digest; null
 * for a code that does not verify. A missing, unreadable or wrong entry leaves the
 * digest's fields unresolved (a degraded page), it is never an error: the registry
 * is a cache of what codes stand for.
 */
export async function resolveVariant(codec: VariantCodec, registry: VariantRegistry | null, code: string): Promise<ResolvedVariant | null> {
  const decoded = codec.decode(code);
  if (!decoded) return null;
  const known = codec.completedBefore(decoded);
  if (known) return { code, segment: known, unresolved: NONE };
  const digest = decoded.digest!;
  let body: string | null = null;
  try {
    body = registry ? await registry.get(digest) : null;
  } catch {
    body = null;
  }
  const segment = body === null ? null : codec.complete(decoded, body);
  if (segment) return { code, segment, unresolved: NONE };
  return { code, segment: decoded.segment, unresolved: decoded.unresolved };
}

/**
 * Issues a segment's code and makes sure the registry can tell pages what it stands
 * for. Entries put recently are not put again; a registry that fails does not fail
 * the caller (pages then degrade until an entry lands).
 */
export class VariantIssuer {
  private readonly recent = new Lru<string, number>(5000);

  constructor(
    readonly codec: VariantCodec,
    private readonly registry: () => VariantRegistry | null | Promise<VariantRegistry | null>,
    private readonly options: { refreshMs?: number; now?: () => number; onError?: (error: unknown) => void } = {},
  ) {}

  /**
   * The segment's code, registered first when it has an entry. Synchronous when the
   * registry answers synchronously (this process's memory) or the entry was put
   * recently: a write's response then waits on no promise for it. `issued` is the
   * segment's code when the caller has it already.
   */
  issue(segment: Segment, issued: IssuedVariant = this.codec.issue(segment)): Maybe<IssuedVariant> {
    return issued.entry ? andThen(this.register(issued.entry.digest, issued.entry.body), () => issued) : issued;
  }

  /** Puts one entry (an issued code's, or a precomputed one). Never fails: onError hears of a registry's failure. */
  register(digest: string, body: string): Maybe<void> {
    const now = (this.options.now ?? Date.now)();
    const last = this.recent.get(digest);
    if (last !== undefined && now - last < (this.options.refreshMs ?? 60 * 60_000)) return;
    return attempt(
      () =>
        andThen(this.registry(), (registry) => {
          if (!registry) return;
          return andThen(registry.put(digest, body), () => {
            this.recent.set(digest, now);
          });
        }),
      (error) => {
        this.options.onError?.(error);
      },
    );
  }
}
