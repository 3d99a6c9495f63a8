import Link from 'next/link';
import { storeConfig } from '@/store.config';

/**
 * Links into each public store, as a store's footer often has: `?sc=` in a plain link,
 * which the middleware writes into the session when it is followed. Next prefetches
 * them when they scroll into view; the middleware declines a prefetch that would change
 * the session, so only the click switches the store.
 */
const STORES = storeConfig.channels.filter((channel) => channel.privacy === 'public');

/** The variant and channel are printed so anyone can tell which cached render they got. */
export function SiteFooter({ variant, channel }: { variant: string; channel: string | null }) {
  return (
    <footer className="site-footer">
      <div className="container site-footer__inner">
        <p>
          Aurora Goods is a demo of <strong>vtex-sessions-next</strong>: prices, assortment and banners follow your session segment.
        </p>
        <nav aria-label="Stores">
          Our stores:{' '}
          {STORES.map((store, index) => (
            <span key={store.id}>
              {index > 0 && ' · '}
              <Link href={`/?sc=${store.id}`} aria-current={store.id === channel ? 'true' : undefined}>
                {store.name} ({store.currencySymbol})
              </Link>
            </span>
          ))}
        </nav>
        <p>
          <Link href="/session">Session inspector</Link> · channel <span data-testid="channel">{channel ?? '-'}</span> · variant{' '}
          <code title={variant}>{variant.slice(0, 12)}…</code>
        </p>
      </div>
    </footer>
  );
}
