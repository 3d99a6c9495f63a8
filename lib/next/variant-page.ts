import { cacheLife } from 'next/cache';
import { notFound } from 'next/navigation';
import type { AudienceConfig } from '../session/audiences/types';
import { datasetPlaces, type RegionsDataset } from '../session/regions/embedded';
import { isSessionError } from '../session/errors';
import { deriveSegment, type SegmentKey } from '../session/segment';
import type { Transform } from '../session/transforms/types';
import type { Segment } from '../session/types';
import { VariantCodec } from '../session/variant';
import { resolveVariant, VariantIssuer, type VariantRegistry } from '../session/variant-registry';
import { createIoFreeEngine } from './edge-engine';
import { secretsFromEnv } from './env';
import type { SessionMiddlewareConfig } from './middleware';
import { variantRegistryFromEnv } from './store-from-env';
import { isVariantPlaceholder } from './variant-params';

export interface PageVariant {
  /** The code in the URL: what `x-segment-variant` says and what the ISR cache keys on. */
  code: string;
  /** The variant fields the page was rendered for; fields outside the variant are null. */
  segment: Segment;
  /**
   * Variant fields the page could not learn: the code stands for them with a digest
   * and the registry had no entry for it (a code the Edge middleware issued, a server
   * that has not seen it). They are null in `segment` but must not be rendered as
   * null: render them from the visitor's session in the browser instead (availability,
   * say). Empty for nearly every render.
   */
  unresolved: readonly SegmentKey[];
}

/** How long a page rendered without some of its fields is kept (Cache Components), so the full one follows soon. */
export const DEGRADED_CACHE_LIFE = { stale: 30, revalidate: 60, expire: 300 } as const;

let codec: { raw: string | undefined; codec: VariantCodec } | null = null;

// Decoding needs no field list (codes name their fields), only the secrets, so pages
// need no configuration of their own.
function pageCodec(): VariantCodec {
  const raw = process.env.SESSION_SECRET;
  if (!codec || codec.raw !== raw) codec = { raw, codec: new VariantCodec({ secrets: secretsFromEnv() }) };
  return codec.codec;
}

/**
 * The segment a page under `app/[variant]/` renders for, from the signed code in
 * its params: never cookies(), so the page stays static/ISR per variant. A code
 * that does not verify is a 404. A code whose long fields stand behind a digest is
 * completed through the variant registry (variantRegistryFromEnv()); when the
 * registry cannot say, the page gets those fields in `unresolved`, and in a
 * `'use cache'` scope (Cache Components) the render is kept only briefly.
 */
export async function readVariant(params: Promise<{ variant: string }>, registry?: VariantRegistry | null): Promise<PageVariant> {
  const { variant: code } = await params;
  if (isVariantPlaceholder(code)) notFound();
  const resolved = await resolveVariant(pageCodec(), registry === undefined ? await pageRegistry() : registry, code);
  if (!resolved) notFound();
  const unresolved = [...resolved.unresolved];
  if (unresolved.length > 0) shortenCacheLife();
  return { code, segment: resolved.segment as Segment, unresolved };
}

/** The registry failing to start (Redis down) is a degraded page, not an error page. */
async function pageRegistry(): Promise<VariantRegistry | null> {
  try {
    return await variantRegistryFromEnv();
  } catch {
    return null;
  }
}

/**
 * Cache Components: a degraded render inside a `'use cache'` scope is kept a minute,
 * not the page's whole life. Outside one (ISR, or no scope) cacheLife() throws and the
 * page's own revalidate applies: ISR has no per-render lifetime.
 */
function shortenCacheLife(): void {
  try {
    cacheLife(DEGRADED_CACHE_LIFE);
  } catch {
    // Not in a cache scope: nothing to shorten.
  }
}

export interface ListVariantsOptions {
  config: SessionMiddlewareConfig;
  transforms: readonly Transform[];
  /** Extra public inputs to list variants for, besides each public channel's defaults (e.g. `{ sc: '2', cultureInfo: 'es-US' }`). */
  inputs?: readonly Record<string, string>[];
  secrets?: readonly string[];
  /** Where the listed codes are registered (default variantRegistryFromEnv(); null: nowhere). */
  registry?: VariantRegistry | null;
}

/**
 * The variants a new visitor can land on (one per public channel, plus any given
 * inputs), as `generateStaticParams` wants them. Codes depend on the secret: prerender
 * with them only when the build sees the secret the servers will run with.
 */
export async function listVariants(options: ListVariantsOptions): Promise<{ variant: string }[]> {
  const secrets = options.secrets ?? secretsFromEnv();
  const engine = createIoFreeEngine({ secrets, transforms: options.transforms, account: options.config.account });
  const variants = new VariantCodec({ secrets, fields: options.config.variantFields });
  const issuer = options.registry === null ? null : new VariantIssuer(variants, () => options.registry ?? pageRegistry());
  const inputs = [
    ...options.config.channels.filter((channel) => channel.privacy === 'public').map((channel) => ({ sc: channel.id })),
    ...(options.inputs ?? []),
  ];
  const codes = new Set<string>();
  for (const values of inputs) {
    let segment: Segment;
    try {
      segment = deriveSegment((await engine.mint({ public: values, skipIO: true })).session.namespaces);
    } catch (error) {
      // Inputs the store refuses (a culture a channel does not offer, say) reach no variant.
      if (isSessionError(error)) continue;
      throw error;
    }
    codes.add(issuer ? (await issuer.issue(segment)).code : variants.encode(segment));
  }
  return [...codes].map((variant) => ({ variant }));
}

export interface PrecomputeVariantsOptions extends Omit<ListVariantsOptions, 'inputs'> {
  /** The embedded resolver's dataset: a place at each end of every range. */
  regions?: RegionsDataset;
  /** Campaign audiences: each UTM value an audience equals is tried too. */
  audiences?: readonly AudienceConfig[];
}

/**
 * Registers, ahead of any request, the variants a shopper can reach through the
 * middleware alone: every public channel and culture, in every region of the
 * embedded dataset, with and without each campaign link an audience names. The Edge
 * middleware cannot fill the registry, and these are the codes it issues on its own
 * (a shopper with a region following a campaign link, or switching channel). Call it
 * once per Node process (`instrumentation.ts`); answers how many codes it listed.
 * Regions from a regions API cannot be listed: those come from the Sessions API's writes.
 */
export async function precomputeVariants(options: PrecomputeVariantsOptions): Promise<number> {
  const places = options.regions ? datasetPlaces(options.regions) : [];
  const campaigns: Record<string, string>[] = [{}];
  for (const audience of options.audiences ?? []) {
    for (const condition of audience.conditions) {
      if (condition.op === 'equals' && (condition.field === 'utm_source' || condition.field === 'utm_campaign' || condition.field === 'utmi_campaign')) {
        campaigns.push({ [condition.field]: condition.value });
      }
    }
  }
  const inputs: Record<string, string>[] = [];
  for (const channel of options.config.channels) {
    if (channel.privacy !== 'public') continue;
    for (const cultureInfo of new Set([channel.cultureInfo, ...(channel.cultures ?? [])])) {
      for (const place of [null, ...places.filter((p) => p.country === channel.countryCode)]) {
        for (const campaign of campaigns) inputs.push({ sc: channel.id, cultureInfo, ...place, ...campaign });
      }
    }
  }
  return (await listVariants({ ...options, inputs })).length;
}
