import Link from 'next/link';

/** The variant and channel are printed so anyone can tell which cached render they got. */
export function SiteFooter({ variant, channel }: { variant: string; channel: string | null }) {
  return (
    <footer className="site-footer">
      <div className="container site-footer__inner">
        <p>
          Aurora Goods is a demo of <strong>vtex-sessions-next</strong>: prices, assortment and banners follow your session segment.
        </p>
        <p>
          <Link href="/session">Session inspector</Link> · channel <span data-testid="channel">{channel ?? '-'}</span> · variant{' '}
          <code title={variant}>{variant.slice(0, 12)}…</code>
        </p>
      </div>
    </footer>
  );
}
