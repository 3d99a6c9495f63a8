import Link from 'next/link';
import { campaignsOf, type StoreSegment } from '../_store/commerce';

interface BannerContent {
  tag: string;
  title: string;
  text: string;
  cta: { href: string; label: string };
}

/* Keyed by the audience ids of store.config.ts: the segment's campaigns pick them. */
const BANNERS: Record<string, BannerContent> = {
  blackfriday: {
    tag: 'Black Friday',
    title: 'Black Friday week: our best prices of the year',
    text: 'Kitchen classics and outdoor kit, while stocks last.',
    cta: { href: '/products', label: 'Shop the deals' },
  },
  'b2b-vip': {
    tag: 'B2B VIP',
    title: 'Welcome back: your contract prices are on',
    text: 'Every price you see is your B2B Gold price, billed to your company account.',
    cta: { href: '/account', label: 'Your account' },
  },
  'sp-local': {
    tag: 'São Paulo',
    title: 'Same-day delivery across São Paulo',
    text: 'Order before 2 pm and our São Paulo sellers deliver today.',
    cta: { href: '/c/kitchen', label: 'Shop local' },
  },
};

export function CampaignBanners({ segment }: { segment: StoreSegment }) {
  const shown = campaignsOf(segment).filter((id) => id in BANNERS);
  if (shown.length === 0) return null;
  return (
    <section className="banners" aria-label="Campaigns">
      {shown.map((id) => {
        const banner = BANNERS[id]!;
        return (
          <div key={id} className={`banner banner--${id}`} data-campaign={id} data-testid={`banner-${id}`}>
            <div>
              <span className="banner__tag">{banner.tag}</span>
              <h2>{banner.title}</h2>
              <p>{banner.text}</p>
            </div>
            <Link className="button" href={banner.cta.href}>
              {banner.cta.label}
            </Link>
          </div>
        );
      })}
    </section>
  );
}
