import type { Metadata } from 'next';
import { products } from '@/data/catalogue';
import { readVariant } from '@/lib/next/variant-page';
import { ProductListing } from '../../_components/ProductListing';
import type { VariantParams } from '../../_store/page';

export const metadata: Metadata = { title: 'All products · Aurora Goods' };

export default async function ProductsPage({ params }: VariantParams) {
  const { segment } = await readVariant(params);
  return <ProductListing segment={segment} products={products} />;
}
