import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { productBySlug, products } from '@/data/catalogue';
import { readVariant } from '@/lib/next/variant-page';
import { ProductDetail } from '../../../_components/ProductDetail';
import type { VariantParams } from '../../../_store/page';

type Props = VariantParams<{ slug: string }>;

/** Makes product pages ISR per variant: rendered on first request, then from the cache. */
export function generateStaticParams() {
  return products.map((product) => ({ slug: product.slug }));
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const product = productBySlug((await params).slug);
  return { title: product ? `${product.name} · Aurora Goods` : 'Not found · Aurora Goods', description: product?.summary };
}

export default async function ProductPage({ params }: Props) {
  const { segment } = await readVariant(params);
  const product = productBySlug((await params).slug);
  if (!product) notFound();
  return <ProductDetail product={product} segment={segment} />;
}
