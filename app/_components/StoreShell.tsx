import type { ReactNode } from 'react';
import { SessionProvider } from 'vtex-sessions-next/react';
import type { Segment } from 'vtex-sessions-next';
import { SiteFooter } from './SiteFooter';
import { SiteHeader } from './SiteHeader';

/* The inspector shows every namespace; the rest of the store reads a subset of them. */
const ITEMS = ['*'];

/**
 * Everything around a page: rendered once per variant, so it reads only the
 * segment; per-shopper parts inside are client components fed by the provider.
 */
export function StoreShell({ code, segment, children }: { code: string; segment: Segment; children: ReactNode }) {
  return (
    <SessionProvider variant={code} initialSegment={segment} items={ITEMS}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <div className="store" data-segment-variant={code}>
        <SiteHeader segment={segment} />
        <main id="main" className="container store-main" tabIndex={-1}>
          {children}
        </main>
        <SiteFooter variant={code} channel={segment.channel} />
      </div>
    </SessionProvider>
  );
}
