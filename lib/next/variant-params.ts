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
 * For `app/[variant]/layout.tsx` under Cache Components:
 * `export const generateStaticParams = variantStaticParams;`. The placeholder is the
 * one value the build validates the route with. (Under ISR, `return []` is enough;
 * this works there too, at the cost of one more 404 page in the build.)
 */
export function variantStaticParams(): { variant: string }[] {
  return [{ variant: VARIANT_PLACEHOLDER }];
}
