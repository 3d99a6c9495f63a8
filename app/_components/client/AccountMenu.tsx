'use client';
import Link from 'next/link';
import { useSession } from 'vtex-sessions-next/react';
import { useStorePath } from './useStorePath';

/**
 * Who is signed in is per shopper, so it comes from the session hook, never from
 * the cached page: the header HTML is shared by everyone on this variant.
 */
export function AccountMenu() {
  const { data, status } = useSession();
  const pathname = useStorePath();
  const signInLink = (
    <Link className="button button--small button--ghost" href={`/login?redirect=${encodeURIComponent(pathname)}`}>
      Sign in
    </Link>
  );
  if (status === 'loading') {
    return (
      <div className="account-menu" aria-busy="true" data-testid="account-loading">
        {/* Without JavaScript the session never loads here: the sign-in page is a plain form. */}
        <noscript>{signInLink}</noscript>
      </div>
    );
  }

  const profile = data?.namespaces.profile;
  const impersonated = data?.namespaces.impersonate?.storeUserEmail?.value;
  if (status === 'unauthenticated') return <div className="account-menu">{signInLink}</div>;
  return (
    <div className="account-menu">
      <span>
        {impersonated ? 'Acting as ' : 'Hi, '}
        <Link className="account-menu__name" href="/account" data-testid="account-name">
          {profile?.firstName?.value ?? profile?.email?.value}
        </Link>
      </span>
      <SignOutButton redirect={pathname} />
    </div>
  );
}

/** A plain form: signing out works before (or without) JavaScript. */
export function SignOutButton({ redirect }: { redirect: string }) {
  return (
    <form method="post" action="/api/auth/logout">
      <input type="hidden" name="redirect" value={redirect} />
      <button type="submit" className="button button--small button--ghost">
        Sign out
      </button>
    </form>
  );
}
