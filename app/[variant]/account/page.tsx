import type { Metadata } from 'next';
import { cacheLife } from 'next/cache';
import { storeConfig } from '@/store.config';
import { readVariant } from 'vtex-sessions-next/server';
import { AccountDetails } from '../../_components/client/AccountDetails';
import { regionSellerNames } from '../../_store/sellers';
import { priceTableOf } from '../../_store/commerce';
import type { VariantParams } from '../../_store/page';

export const metadata: Metadata = { title: 'Your account · Aurora Goods' };

export default async function AccountPage({ params }: VariantParams) {
  'use cache';
  cacheLife('hours');
  const { segment } = await readVariant(params);
  const channel = storeConfig.channels.find((item) => item.id === segment.channel);
  const sellers = regionSellerNames(segment.regionId);
  return (
    <>
      <h1>Your account</h1>
      <div className="two-col">
        <AccountDetails />
        <section className="panel" aria-labelledby="conditions-title">
          <h2 id="conditions-title">Your shopping conditions</h2>
          <p className="muted">Shared by every shopper in your segment, so this part of the page comes from the cache.</p>
          <dl className="facts">
            <dt>Store</dt>
            <dd>
              {channel?.name ?? '-'} (channel {segment.channel ?? '-'})
            </dd>
            <dt>Currency</dt>
            <dd>
              {segment.currencyCode} · {segment.cultureInfo}
            </dd>
            <dt>Prices</dt>
            <dd data-testid="conditions-price-table">{priceTableOf(segment) === 'public' ? 'Public prices' : 'B2B Gold prices'}</dd>
            <dt>Delivery</dt>
            <dd>{sellers && sellers.length > 0 ? sellers.join(', ') : 'No region chosen'}</dd>
            <dt>Campaigns</dt>
            <dd>{segment.campaigns ?? 'None'}</dd>
          </dl>
        </section>
      </div>
    </>
  );
}
