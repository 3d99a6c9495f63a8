import type { Metadata } from 'next';
import { safeRedirectPath } from 'vtex-sessions-next/server';
import { SignInForm } from '../../_components/SignInForm';

export const metadata: Metadata = { title: 'Sign in · Aurora Goods' };

// It reads the query (where to return, why the last try failed): rendered per request, in
// full (the root layout's Suspense), so the form works without JavaScript. It blocks on
// purpose: `instant = false` tells Next's navigation checks so.
export const instant = false;

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function LoginPage({ searchParams }: Props) {
  const query = await searchParams;
  const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  // Only paths of this site: a login form must not bounce shoppers to another origin.
  return (
    <SignInForm
      redirect={safeRedirectPath(one(query.redirect)) ?? '/account'}
      error={one(query.auth_error)}
      retryAfterSeconds={wholeSeconds(one(query.retry_after))}
    />
  );
}

/** `retry_after` as the auth route sends it (whole seconds), or nothing for anything else. */
function wholeSeconds(value: string | undefined): number | undefined {
  return value && /^[1-9][0-9]{0,6}$/.test(value) ? Number(value) : undefined;
}
