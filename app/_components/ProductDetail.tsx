import Link from 'next/link';
import { categoryById, type Product } from '@/data/catalogue';
import { availabilityOf, priceOf, sellersOfRegion, type StoreSegment } from '../_store/commerce';
import { sellerName } from '../_store/sellers';
import { AvailabilityBadge } from './AvailabilityBadge';
import { CampaignBanners } from './CampaignBanners';
import { Price } from './Price';
import { ProductArt } from './ProductArt';

export function ProductDetail({ product, segment }: { product: Product; segment: StoreSegment }) {
  const category = categoryById(product.category)!;
  const availability = availabilityOf(product, segment);
  return (
    <>
      <CampaignBanners segment={segment} />
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <ol>
          <li>
            <Link href="/products">Shop</Link>
          </li>
          <li>
            <Link href={`/c/${category.id}`}>{category.name}</Link>
          </li>
          <li aria-current="page">{product.name}</li>
        </ol>
      </nav>
      <article className="pdp" data-testid="product-detail" data-slug={product.slug}>
        <ProductArt art={product.art} palette={product.palette} label={product.name} />
        <div>
          <p className="pdp__sku">SKU {product.sku}</p>
          <h1>{product.name}</h1>
          <p className="pdp__summary">{product.summary}</p>
          <div className="pdp__buy">
            <Price price={priceOf(product, segment)} size="large" />
            <AvailabilityBadge availability={availability} sellers={product.sellers} />
            <Delivery product={product} segment={segment} />
          </div>
          <h2>Details</h2>
          <ul className="pdp__details">
            {product.details.map((detail) => (
              <li key={detail}>{detail}</li>
            ))}
          </ul>
        </div>
      </article>
    </>
  );
}

function Delivery({ product, segment }: { product: Product; segment: StoreSegment }) {
  const regional = sellersOfRegion(segment.regionId);
  if (regional === null) {
    return <p className="sellers">Sold by {product.sellers.map(sellerName).join(', ')}. Enter your postal code above to check delivery.</p>;
  }
  const serving = product.sellers.filter((seller) => regional.includes(seller));
  if (serving.length === 0) {
    return <p className="sellers">None of the sellers in your region carry this product.</p>;
  }
  return <p className="sellers">Sold and delivered by {serving.map(sellerName).join(', ')}.</p>;
}
