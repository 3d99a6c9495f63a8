import Link from 'next/link';
import { categories, products } from '@/data/catalogue';
import { availabilityOf, type StoreSegment } from '../_store/commerce';
import { CampaignBanners } from './CampaignBanners';
import { ProductArt } from './ProductArt';
import { ProductGrid } from './ProductCard';

const FEATURED = ['stoneware-mug', 'trail-backpack', 'arc-table-lamp', 'burr-grinder', 'wool-throw', 'dot-grid-notebook', 'potted-monstera', 'insulated-bottle'];

export function HomePage({ segment }: { segment: StoreSegment }) {
  const featured = FEATURED.map((slug) => products.find((product) => product.slug === slug)!);
  // Lead with what this region can actually receive.
  const ordered = [...featured].sort((a, b) => Number(availabilityOf(a, segment) === 'unavailable') - Number(availabilityOf(b, segment) === 'unavailable'));
  return (
    <>
      <CampaignBanners segment={segment} />
      <section className="hero" aria-labelledby="hero-title">
        <div>
          <h1 id="hero-title">Good things for slow mornings and long trails</h1>
          <p className="hero__lede">
            Stoneware, cast iron, wool and waterproof kit from small makers, delivered by sellers near you. Prices follow your
            store, your account and your region.
          </p>
          <div className="hero__actions">
            <Link className="button" href="/products">
              Shop all {products.length} products
            </Link>
            <Link className="button button--ghost" href="/session">
              Inspect your session
            </Link>
          </div>
        </div>
        <div className="hero__art" aria-hidden="true">
          {featured.slice(0, 4).map((product) => (
            <ProductArt key={product.slug} art={product.art} palette={product.palette} />
          ))}
        </div>
      </section>
      <section aria-labelledby="categories-title">
        <div className="section-head">
          <h2 id="categories-title">Shop by category</h2>
        </div>
        <div className="category-tiles">
          {categories.map((category) => (
            <Link key={category.id} className="category-tile" href={`/c/${category.id}`}>
              <h3>{category.name}</h3>
              <p>{category.blurb}</p>
            </Link>
          ))}
        </div>
      </section>
      <section aria-labelledby="featured-title">
        <div className="section-head">
          <h2 id="featured-title">Featured</h2>
          <Link href="/products">See everything</Link>
        </div>
        <ProductGrid products={ordered} segment={segment} />
      </section>
    </>
  );
}
