import type { Metadata } from 'next';
import Link from 'next/link';
import { safeRedirectPath, getServerSession, readVariant } from 'vtex-sessions-next/server';
import { SessionProvider } from 'vtex-sessions-next/react';
import { sessionKit } from '@/session-kit';
import { StoreRegionPicker } from '../../_components/StoreRegionPicker';

export const metadata: Metadata = { title: 'Delivery region · Aurora Goods' };

// It reads the query and this shopper's session: rendered per request, in full (the root
// layout's Suspense), never cached. It is where the no-JS picker lands, so no streaming:
// it blocks on purpose, which `instant = false` tells Next's navigation checks.
export const instant = false;

type Props = {
  params: Promise<{ variant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/** As the header's provider loads them (StoreShell), so both share one cache entry. */
const ITEMS = ['*'];

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * Where the region picker's no-JS post lands when the page it came from cannot show
 * the outcome (cached pages never read the query): a refused code kept in its field
 * with the error, a code no seller serves, a failure. The picker is rendered here on
 * the server from the shopper's own session.
 */
export default async function RegionPage({ params, searchParams }: Props) {
  const [{ code }, query, session] = await Promise.all([readVariant(params), searchParams, getServerSession(sessionKit, ITEMS)]);
  // Only a path of this site: the link below must never lead elsewhere.
  const from = safeRedirectPath(one(query.from)) ?? '/';
  const error = one(query.error) ?? null;
  const submitted = error === null ? undefined : { country: one(query.country) ?? '', postalCode: one(query.postalCode) ?? '' };
  return (
    <div className="narrow">
      <h1>Delivery region</h1>
      <p className="muted">
        {error === null ? 'Who delivers to you depends on your postal code.' : 'Your delivery region was not changed.'}
      </p>
      <SessionProvider variant={code} initialSession={session} items={ITEMS}>
        <div className="panel" data-testid="region-page">
          <StoreRegionPicker errorCode={error} submitted={submitted} redirectTo={from} />
        </div>
      </SessionProvider>
      <p>
        <Link href={from} data-testid="region-back">
          Back to the page you were on
        </Link>
      </p>
    </div>
  );
}
