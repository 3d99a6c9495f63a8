import { readVariant } from '@/lib/next/variant-page';

export default async function Home({ params }: { params: Promise<{ variant: string }> }) {
  const { segment } = await readVariant(params);
  return (
    <main>
      <h1>Demo store</h1>
      <p>
        Rendered for channel <span data-testid="channel">{segment.channel ?? '-'}</span>, {segment.currencyCode ?? '-'},{' '}
        {segment.cultureInfo ?? '-'}
        {segment.regionId ? `, region ${segment.regionId}` : ''}
        {segment.campaigns ? `, campaigns ${segment.campaigns}` : ''}
      </p>
      <pre data-testid="segment">{JSON.stringify(segment)}</pre>
    </main>
  );
}
