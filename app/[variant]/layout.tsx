import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { readVariant } from '@/lib/next/variant-page';
import { StoreShell } from '../_components/StoreShell';

// Every page below renders once per variant on first request, then comes from the
// cache: no variant is known at build time (codes depend on the runtime secret).
export const dynamicParams = true;
export const revalidate = 3600;
export function generateStaticParams(): { variant: string }[] {
  return [];
}

type Props = { params: Promise<{ variant: string }> };

/** Lets page scripts learn the variant they were served (`meta[name=segment-variant]`). */
export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { code } = await readVariant(params);
  return { other: { 'segment-variant': code } };
}

export default async function VariantLayout({ children, params }: Props & { children: ReactNode }) {
  const { code, segment } = await readVariant(params);
  return (
    <StoreShell code={code} segment={segment}>
      {children}
    </StoreShell>
  );
}
