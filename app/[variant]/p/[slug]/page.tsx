import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { cacheLife, cacheTag } from 'next/cache';
import { productBySlug, products } from '@/data/catalogue';
import { readVariant } from 'vtex-sessions-next/server';
import { ProductDetail } from '../../../_components/ProductDetail';
import type { VariantParams } from '../../../_store/page';

type Props = VariantParams<{ slug: string }>;

/** Every product, under each variant: rendered on its first request, then from the cache. */
export function generateStaticParams() {
  return products.map((product) => ({ slug: product.slug }));
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const product = productBySlug((await params).slug);
  return { title: product ? `${product.name} · Aurora Goods` : 'Not found · Aurora Goods', description: product?.summary };
}

export default async function ProductPage({ params }: Props) {
  'use cache';
  cacheLife('hours');
  cacheTag('catalogue');
  const { segment } = await readVariant(params);
  const product = productBySlug((await params).slug);
  if (!product) notFound();
  return <ProductDetail product={product} segment={segment} />;
}
