import type { Metadata } from 'next';
import { cacheLife } from 'next/cache';
import { readVariant } from 'vtex-sessions-next/server';
import { KeyValueTable } from '../../_components/KeyValueTable';
import { SessionInspector } from '../../_components/client/SessionInspector';
import type { VariantParams } from '../../_store/page';

export const metadata: Metadata = { title: 'Session inspector · Aurora Goods' };

/**
 * The page a store developer opens first. The top half is the cached variant (what
 * every shopper of this segment shares); the rest is this shopper's live session.
 */
export default async function SessionPage({ params }: VariantParams) {
  'use cache';
  cacheLife('hours');
  const { code, segment } = await readVariant(params);
  return (
    <div className="inspector">
      <div>
        <h1>Session inspector</h1>
        <p className="muted">
          Pages are cached per variant: a signed code of the segment fields that change what a page shows. Everything a
          shopper shares with others comes from the code; their own details come from the Sessions API.
        </p>
      </div>
      <section className="panel" aria-labelledby="variant-title">
        <h2 id="variant-title">This page&apos;s variant</h2>
        <p>
          <code data-testid="variant-code" className="variant-code">
            {code}
          </code>
        </p>
        <KeyValueTable
          testId="variant-segment"
          caption="Segment decoded from the variant code"
          rows={Object.entries(segment).filter(([, value]) => value !== null)}
        />
      </section>
      <SessionInspector pageVariant={code} />
    </div>
  );
}
