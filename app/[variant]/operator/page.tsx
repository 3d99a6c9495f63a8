import type { Metadata } from 'next';
import { cacheLife, cacheTag } from 'next/cache';
import { productBySlug } from '@/data/catalogue';
import { readVariant } from 'vtex-sessions-next/server';
import { OperatorPanel } from '../../_components/client/OperatorPanel';
import { ProductCard } from '../../_components/ProductCard';
import type { VariantParams } from '../../_store/page';

export const metadata: Metadata = { title: 'Operator · Aurora Goods' };

const SAMPLE = productBySlug('stoneware-mug')!;

export default async function OperatorPage({ params }: VariantParams) {
  'use cache';
  cacheLife('hours');
  cacheTag('catalogue');
  const { segment } = await readVariant(params);
  return (
    <>
      <h1>Call-centre operator</h1>
      <div className="two-col">
        <OperatorPanel />
        <section aria-labelledby="preview-title">
          <h2 id="preview-title">What this session sees</h2>
          <p className="muted">A product as priced for the current segment.</p>
          <div className="operator-preview">
            <ProductCard product={SAMPLE} segment={segment} />
          </div>
        </section>
      </div>
    </>
  );
}
