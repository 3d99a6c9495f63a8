import { describe, expect, it } from 'vitest';
import { NextRequest } from 'next/server';
import { createSessionMiddleware, VARIANT_HEADER } from '@/lib/next/middleware';
import { precomputeVariants } from '@/lib/next/variant-page';
import { SessionEngine } from '@/lib/session/engine';
import { regionIdOf } from '@/lib/session/regions/types';
import { cookieStore } from '@/lib/session/stores/cookie';
import { VariantCodec } from '@/lib/session/variant';
import { memoryVariantRegistry, resolveVariant } from '@/lib/session/variant-registry';
import { sessionTransforms } from '@/session-transforms';
import { storeConfig } from '@/store.config';

const SECRET = 'variant-precompute-secret-0123456789-abcdef';
const PAULISTA = regionIdOf(['1', 'sp-centro', 'sp-express']);

/** A shopper who entered a São Paulo postal code, then followed a campaign link: a code only the middleware issued. */
async function middlewareOnlyCode(): Promise<string> {
  const engine = new SessionEngine({ secrets: [SECRET], store: cookieStore(), transforms: sessionTransforms, account: storeConfig.account });
  const written = await engine.write(null, { public: { country: 'BRA', postalCode: '01310-100' } });
  const { sessionToken } = await engine.issue(written.session, written.storedVersion);
  const middleware = createSessionMiddleware({ config: storeConfig, transforms: sessionTransforms, secrets: () => [SECRET] });
  const response = await middleware(new NextRequest('http://localhost:3000/p/stoneware-mug?utm_campaign=blackfriday', { headers: { cookie: `vtex_session=${sessionToken}` } }));
  return response.headers.get(VARIANT_HEADER)!;
}

describe('precomputeVariants', () => {
  it('registers the variants the middleware reaches alone, from the embedded regions and the campaign audiences', async () => {
    const code = await middlewareOnlyCode();
    const codec = new VariantCodec({ secrets: [SECRET] });
    const registry = memoryVariantRegistry();
    const before = await resolveVariant(codec, registry, code);
    expect(before?.unresolved.has('regionId')).toBe(true);

    const listed = await precomputeVariants({
      config: storeConfig,
      transforms: sessionTransforms,
      regions: storeConfig.regions,
      audiences: storeConfig.audiences,
      secrets: [SECRET],
      registry,
    });
    expect(listed).toBeGreaterThan(10);
    const after = await resolveVariant(codec, registry, code);
    expect(after?.unresolved.size).toBe(0);
    expect(after?.segment.regionId).toBe(PAULISTA);
    expect(after?.segment.campaigns?.split(',')).toEqual(expect.arrayContaining(['blackfriday', 'sp-local']));
  });
});
