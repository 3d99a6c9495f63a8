/**
 * The `[variant]` value a store's `generateStaticParams` returns. Cache Components
 * refuses an empty list, yet no real code can exist at build time (codes are signed
 * with the run-time secret). This one is never a code ('~' is outside base64url):
 * readVariant answers it with a 404 before reading any secret, so a build needs none.
 * Real variants then render on their first request and are cached from then on.
 */
export const VARIANT_PLACEHOLDER = '~prerender';

export function isVariantPlaceholder(code: string): boolean {
  return code === VARIANT_PLACEHOLDER;
}

/**
 * For `app/[variant]/layout.tsx`: `export const generateStaticParams = variantStaticParams;`.
 * Works in both caching modes: under ISR (`revalidate`) the placeholder is one 404
 * page more; under Cache Components it is the one value the build validates with.
 */
export function variantStaticParams(): { variant: string }[] {
  return [{ variant: VARIANT_PLACEHOLDER }];
}
