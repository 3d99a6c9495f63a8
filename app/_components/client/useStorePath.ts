'use client';
import { usePathname } from 'next/navigation';
import { useSegment } from 'vtex-sessions-next/react';

/**
 * The path the shopper sees. A page prerendered for a variant knows itself as
 * `/<code>/...` (the middleware's rewrite target); links and redirects must never
 * carry the code, since variant paths requested directly are a 404.
 */
export function useStorePath(): string {
  const pathname = usePathname() ?? '/';
  // The code in the path is the one the page was rendered for, not the shopper's newest.
  const { renderedVariant: variant } = useSegment();
  if (variant && (pathname === `/${variant}` || pathname.startsWith(`/${variant}/`))) {
    return pathname.slice(variant.length + 1) || '/';
  }
  return pathname;
}
