import Link from 'next/link';
import { categories } from '@/data/catalogue';
import { storeConfig } from '@/store.config';
import { listOf, type StoreSegment } from '../_store/commerce';
import { regionSellerNames } from '../_store/sellers';
import { AccountMenu } from './client/AccountMenu';
import { ChannelSwitch, type ChannelOption } from './client/ChannelSwitch';
import { Logo } from './Logo';
import { StoreRegionPicker } from './StoreRegionPicker';

/** Public channels for everyone; a private one only for segments whose price tables open it. */
function channelOptions(segment: StoreSegment): ChannelOption[] {
  const tables = listOf(segment.priceTables);
  return storeConfig.channels
    .filter((channel) => channel.privacy === 'public' || tables.some((table) => channel.allowedPriceTables?.includes(table)))
    .map((channel) => ({
      id: channel.id,
      label: channel.privacy === 'public' ? `${channel.countryCode.slice(0, 2)} · ${channel.currencySymbol}` : `${channel.name} · ${channel.currencySymbol}`,
      title: `${channel.name}: prices in ${channel.currencyCode}`,
    }));
}

export function SiteHeader({ segment }: { segment: StoreSegment }) {
  return (
    <header className="site-header">
      <div className="container site-header__bar">
        <Logo />
        <nav className="site-nav" aria-label="Main">
          <Link href="/products">Shop all</Link>
          {categories.map((category) => (
            <Link key={category.id} href={`/c/${category.id}`}>
              {category.name}
            </Link>
          ))}
        </nav>
        <div className="site-header__tools">
          <ChannelSwitch channels={channelOptions(segment)} current={segment.channel} />
          <AccountMenu />
        </div>
      </div>
      <div className="region-strip" data-region={segment.regionId ?? ''}>
        <div className="container region-strip__inner">
          <CurrentRegion regionId={segment.regionId} />
          <StoreRegionPicker inHeader />
        </div>
      </div>
    </header>
  );
}

/**
 * The picker says who delivers from the shopper's own session, which needs
 * JavaScript; without it, the region of the page's variant says the same. A variant
 * without a region is shared by new visitors and by shoppers whose code no seller
 * serves, so its line must hold for both (the region page names the code).
 */
function CurrentRegion({ regionId }: { regionId: string | null }) {
  const sellers = regionSellerNames(regionId);
  return (
    <noscript>
      <p className="region-strip__current" data-testid="region-current">
        {sellers === null || sellers.length === 0 ? (
          'No delivery region yet: no postal code entered, or no seller delivers to yours.'
        ) : (
          <>
            Your region is served by <strong>{new Intl.ListFormat('en', { type: 'conjunction' }).format(shortList(sellers))}</strong>
          </>
        )}
      </p>
    </noscript>
  );
}

/** A marketplace region can have a hundred sellers: name a few and count the rest. */
function shortList(names: string[], shown = 5): string[] {
  return names.length <= shown + 1 ? names : [...names.slice(0, shown), `${names.length - shown} more sellers`];
}
