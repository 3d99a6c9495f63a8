import { cacheLife, cacheTag } from 'next/cache';
import { readVariant } from 'vtex-sessions-next/server';
import { HomePage } from '../_components/HomePage';
import type { VariantParams } from '../_store/page';

export default async function Home({ params }: VariantParams) {
  'use cache';
  cacheLife('hours');
  cacheTag('catalogue');
  const { segment } = await readVariant(params);
  return <HomePage segment={segment} />;
}
