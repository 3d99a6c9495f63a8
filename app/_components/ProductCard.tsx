import Link from 'next/link';
import type { Product } from '@/data/catalogue';
import { availabilityOf, priceOf, type StoreSegment } from '../_store/commerce';
import { AvailabilityBadge } from './AvailabilityBadge';
import { Price } from './Price';
import { ProductArt } from './ProductArt';

export function ProductCard({ product, segment }: { product: Product; segment: StoreSegment }) {
  const availability = availabilityOf(product, segment);
  return (
    <article
      className={availability === 'unavailable' ? 'product-card product-card--unavailable' : 'product-card'}
      data-testid="product-card"
      data-slug={product.slug}
    >
      <ProductArt art={product.art} palette={product.palette} />
      <div className="product-card__body">
        <h3>
          <Link href={`/p/${product.slug}`}>{product.name}</Link>
        </h3>
        <div className="product-card__meta">
          <Price price={priceOf(product, segment)} />
          <AvailabilityBadge availability={availability} sellers={product.sellers} />
        </div>
      </div>
    </article>
  );
}

export function ProductGrid({ products, segment }: { products: Product[]; segment: StoreSegment }) {
  return (
    <ul className="product-grid">
      {products.map((product) => (
        <li key={product.slug}>
          <ProductCard product={product} segment={segment} />
        </li>
      ))}
    </ul>
  );
}
