import type { Metadata } from 'next';
import { cacheLife, cacheTag } from 'next/cache';
import { products } from '@/data/catalogue';
import { readVariant } from 'vtex-sessions-next/server';
import { ProductListing } from '../../_components/ProductListing';
import type { VariantParams } from '../../_store/page';

export const metadata: Metadata = { title: 'All products · Aurora Goods' };

export default async function ProductsPage({ params }: VariantParams) {
  'use cache';
  cacheLife('hours');
  cacheTag('catalogue');
  const { segment } = await readVariant(params);
  return <ProductListing segment={segment} products={products} />;
}
