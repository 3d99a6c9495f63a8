import { afterEach, describe, expect, it } from 'vitest';
import { readVariant } from '@/lib/next/variant-page';
import { VARIANT_PLACEHOLDER, isVariantPlaceholder, variantStaticParams } from '@/lib/next/variant-params';

/** What notFound() throws: Next turns it into the 404 page. */
const NOT_FOUND = expect.objectContaining({ digest: 'NEXT_HTTP_ERROR_FALLBACK;404' });

describe("the [variant] placeholder for Cache Components' generateStaticParams", () => {
  const saved = process.env.SESSION_SECRET;
  afterEach(() => {
    if (saved === undefined) delete process.env.SESSION_SECRET;
    else process.env.SESSION_SECRET = saved;
  });

  it('is the one value the layout gives the build, and can never be a code', () => {
    expect(variantStaticParams()).toEqual([{ variant: VARIANT_PLACEHOLDER }]);
    expect(VARIANT_PLACEHOLDER).not.toMatch(/^[A-Za-z0-9_-]+$/);
    expect(isVariantPlaceholder(VARIANT_PLACEHOLDER)).toBe(true);
    expect(isVariantPlaceholder('Yz0xJnU9QlJMJm49QlJBJmw9cHQtQlImdj1wdWJsaWMRNxQ_4Pvbv_RY_FrYpqQ7A')).toBe(false);
  });

  it('is a 404 without reading the secret, so a build needs none', async () => {
    delete process.env.SESSION_SECRET;
    await expect(readVariant(Promise.resolve({ variant: VARIANT_PLACEHOLDER }))).rejects.toEqual(NOT_FOUND);
    // Anything else does need the secret: the placeholder is not a way around it.
    await expect(readVariant(Promise.resolve({ variant: 'Yz0xJnU9QlJM' }))).rejects.toThrow(/SESSION_SECRET/);
  });

  it('leaves forged codes a 404 at run time', async () => {
    process.env.SESSION_SECRET = 'test-secret-for-unit-tests-0123456789abcdef';
    const forged = `${Buffer.from('c=3&p=b2b-gold&u=BRL&v=private').toString('base64url')}${'A'.repeat(22)}`;
    await expect(readVariant(Promise.resolve({ variant: forged }))).rejects.toEqual(NOT_FOUND);
    await expect(readVariant(Promise.resolve({ variant: VARIANT_PLACEHOLDER }))).rejects.toEqual(NOT_FOUND);
  });
});
