import type { Metadata } from 'next';
import { cacheLife, cacheTag } from 'next/cache';
import type { ReactNode } from 'react';
import { readVariant, variantStaticParams } from 'vtex-sessions-next/server';
import { StoreShell } from '../_components/StoreShell';
import type { VariantParams } from '../_store/page';

// Cache Components: every page below renders once per variant on its first request,
// then comes from the cache. The build sees only a placeholder (a 404): real codes
// depend on the run-time secret.
export const generateStaticParams = variantStaticParams;

/** Lets page scripts learn the variant they were served (`meta[name=segment-variant]`). */
export async function generateMetadata({ params }: VariantParams): Promise<Metadata> {
  'use cache';
  cacheLife('hours');
  const { code } = await readVariant(params);
  return { other: { 'segment-variant': code } };
}

export default async function VariantLayout({ children, params }: VariantParams & { children: ReactNode }) {
  'use cache';
  cacheLife('hours');
  const { code, segment } = await readVariant(params);
  cacheTag(`variant:${code}`);
  return (
    <StoreShell code={code} segment={segment}>
      {children}
    </StoreShell>
  );
}
