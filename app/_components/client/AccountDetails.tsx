'use client';
import Link from 'next/link';
import { useSession } from 'vtex-sessions-next/react';
import { SignOutButton } from './AccountMenu';

/** Everything here is this shopper's own, so it comes from the session hook, not the cached page. */
export function AccountDetails() {
  const { data, status } = useSession();
  if (status === 'loading') return <div className="panel panel--loading" aria-busy="true" />;
  if (status === 'unauthenticated') {
    return (
      <div className="panel" data-testid="account-guest">
        <h2>You are browsing as a guest</h2>
        <p className="muted">Sign in to see your account, your price table and your orders.</p>
        <Link className="button" href="/login?redirect=%2Faccount">
          Sign in
        </Link>
      </div>
    );
  }
  const profile = data?.namespaces.profile ?? {};
  const impersonate = data?.namespaces.impersonate ?? {};
  const tables = profile.priceTables?.value;
  return (
    <div className="panel" data-testid="account-details">
      {impersonate.storeUserEmail?.value && (
        <p className="notice" role="status">
          You are impersonating this customer. <Link href="/operator">Stop on the operator page</Link>.
        </p>
      )}
      <h2>
        {profile.firstName?.value} {profile.lastName?.value}
      </h2>
      <dl className="facts">
        <dt>Email</dt>
        <dd data-testid="account-email">{profile.email?.value}</dd>
        <dt>Price table</dt>
        <dd>{tables ? tables : 'Public prices'}</dd>
        <dt>Customer id</dt>
        <dd>{profile.id?.value}</dd>
        {impersonate.canImpersonate?.value === 'true' && (
          <>
            <dt>Role</dt>
            <dd>
              Call-centre operator · <Link href="/operator">Impersonate a customer</Link>
            </dd>
          </>
        )}
      </dl>
      <div className="toolbar panel__actions">
        <SignOutButton redirect="/" />
      </div>
    </div>
  );
}
