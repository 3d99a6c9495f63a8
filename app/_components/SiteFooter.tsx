import Link from 'next/link';

export function SiteFooter({ variant }: { variant: string }) {
  return (
    <footer className="site-footer">
      <div className="container site-footer__inner">
        <p>
          Aurora Goods is a demo of <strong>vtex-sessions-next</strong>: prices, assortment and banners follow your session segment.
        </p>
        <p>
          <Link href="/session">Session inspector</Link> · variant <code data-testid="footer-variant">{variant.slice(0, 12)}…</code>
        </p>
      </div>
    </footer>
  );
}
