import { readVariant } from '@/lib/next/variant-page';
import { HomePage } from '../_components/HomePage';
import type { VariantParams } from '../_store/page';

export default async function Home({ params }: VariantParams) {
  const { segment } = await readVariant(params);
  return <HomePage segment={segment} />;
}
