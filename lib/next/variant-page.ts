import { notFound } from 'next/navigation';
import { deriveSegment, type SegmentKey } from '../session/segment';
import type { Transform } from '../session/transforms/types';
import type { Segment } from '../session/types';
import { VariantCodec } from '../session/variant';
import { createIoFreeEngine } from './edge-engine';
import { secretsFromEnv } from './env';
import type { SessionMiddlewareConfig } from './middleware';
import { isVariantPlaceholder } from './variant-params';

export interface PageVariant {
  /** The code in the URL: what `x-segment-variant` says and what the ISR cache keys on. */
  code: string;
  /** The variant fields the page was rendered for; fields outside the variant are null. */
  segment: Segment;
}

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
 * that does not verify is a 404.
 */
export async function readVariant(params: Promise<{ variant: string }>): Promise<PageVariant> {
  const { variant: code } = await params;
  if (isVariantPlaceholder(code)) notFound();
  const segment = await pageCodec().decode(code);
  if (!segment) notFound();
  return { code, segment };
}

export interface ListVariantsOptions {
  config: SessionMiddlewareConfig;
  transforms: readonly Transform[];
  /** Extra public inputs to list variants for, besides each public channel's defaults (e.g. `{ sc: '2', cultureInfo: 'es-US' }`). */
  inputs?: readonly Record<string, string>[];
  secrets?: readonly string[];
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
  const inputs = [
    ...options.config.channels.filter((channel) => channel.privacy === 'public').map((channel) => ({ sc: channel.id })),
    ...(options.inputs ?? []),
  ];
  const codes = new Set<string>();
  for (const values of inputs) {
    const { session } = await engine.mint({ public: values, skipIO: true });
    codes.add(await variants.encode(deriveSegment(session.namespaces)));
  }
  return [...codes].map((variant) => ({ variant }));
}
