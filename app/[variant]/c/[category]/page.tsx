import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { cacheLife, cacheTag } from 'next/cache';
import { categories, categoryById, productsIn } from '@/data/catalogue';
import { readVariant } from 'vtex-sessions-next/server';
import { ProductListing } from '../../../_components/ProductListing';
import type { VariantParams } from '../../../_store/page';

type Props = VariantParams<{ category: string }>;

/** Every category, under each variant: rendered on its first request, then from the cache. */
export function generateStaticParams() {
  return categories.map((category) => ({ category: category.id }));
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const category = categoryById((await params).category);
  return { title: category ? `${category.name} · Aurora Goods` : 'Aurora Goods' };
}

export default async function CategoryPage({ params }: Props) {
  'use cache';
  cacheLife('hours');
  cacheTag('catalogue');
  const { segment } = await readVariant(params);
  const category = categoryById((await params).category);
  if (!category) notFound();
  return <ProductListing segment={segment} products={productsIn(category.id)} category={category} />;
}
