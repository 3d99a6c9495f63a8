import Link from 'next/link';
import { categories, type Category, type Product } from '@/data/catalogue';
import { availabilityOf, type StoreSegment } from '../_store/commerce';
import { CampaignBanners } from './CampaignBanners';
import { ProductGrid } from './ProductCard';

export function ProductListing({ segment, products, category }: { segment: StoreSegment; products: Product[]; category?: Category }) {
  const unavailable = products.filter((product) => availabilityOf(product, segment) === 'unavailable').length;
  return (
    <>
      <CampaignBanners segment={segment} />
      <div className="section-head">
        <div>
          <h1>{category ? category.name : 'All products'}</h1>
          <p>{category ? category.blurb : 'Everything we make and sell, from the kitchen to the trail.'}</p>
        </div>
        <p data-testid="listing-count">
          {products.length} products{unavailable > 0 ? `, ${unavailable} not available in your region` : ''}
        </p>
      </div>
      <ul className="filters" aria-label="Categories">
        <li>
          <Link href="/products" aria-current={category ? undefined : 'page'}>
            All
          </Link>
        </li>
        {categories.map((item) => (
          <li key={item.id}>
            <Link href={`/c/${item.id}`} aria-current={item.id === category?.id ? 'page' : undefined}>
              {item.name}
            </Link>
          </li>
        ))}
      </ul>
      <ProductGrid products={products} segment={segment} />
    </>
  );
}
