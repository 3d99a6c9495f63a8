import { ts, type TemplateContext } from './context';
import { imp } from './context';
import { knowsInstant } from '../project';

const PROPS = `type Props = { children: ReactNode; params: Promise<{ variant: string }> };

`;

/** app/[variant]/layout for ISR (`revalidate`): every page below is cached per variant. */
function isrLayout(context: TemplateContext): string {
  return `${ts(context, "import type { ReactNode } from 'react';\n")}import { SessionProvider } from 'vtex-sessions-next/react';
import { readVariant, variantStaticParams } from 'vtex-sessions-next/server';

// Every page below renders once per variant (the shopper's channel, region, campaigns...)
// on its first request, then comes from the cache for an hour. The build sees only a
// placeholder (a 404): real codes are signed with the run-time SESSION_SECRET.
export const dynamicParams = true;
export const revalidate = 3600;
export const generateStaticParams = variantStaticParams;

${ts(context, PROPS)}/** Reads the segment from the signed code in the URL (never cookies()) and hands it to the client. */
export default async function VariantLayout({ children, params }${ts(context, ': Props')}) {
  const { code, segment } = await readVariant(params);
  return (
    <SessionProvider variant={code} initialSegment={segment}>
      {children}
    </SessionProvider>
  );
}
`;
}

/** app/[variant]/layout for Cache Components: cached per variant, no segment config. */
function cacheComponentsLayout(context: TemplateContext): string {
  return `import { cacheLife } from 'next/cache';
${ts(context, "import type { ReactNode } from 'react';\n")}import { SessionProvider } from 'vtex-sessions-next/react';
import { readVariant, variantStaticParams } from 'vtex-sessions-next/server';

// Every page below renders once per variant (the shopper's channel, region, campaigns...)
// on its first request, then comes from the cache. The build sees only a placeholder
// (a 404): real codes are signed with the run-time SESSION_SECRET.
export const generateStaticParams = variantStaticParams;

${ts(context, PROPS)}/** Reads the segment from the signed code in the URL (never cookies()) and hands it to the client. */
export default async function VariantLayout({ children, params }${ts(context, ': Props')}) {
  'use cache';
  cacheLife('hours');
  const { code, segment } = await readVariant(params);
  return (
    <SessionProvider variant={code} initialSegment={segment}>
      {children}
    </SessionProvider>
  );
}
`;
}

export function variantLayoutTemplate(context: TemplateContext): string {
  return context.project.cacheComponents ? cacheComponentsLayout(context) : isrLayout(context);
}

/** What the region page exports to render per request, in the store's caching mode. */
function regionSegmentOptions(context: TemplateContext): string {
  if (!context.project.cacheComponents) {
    return `
// It reads the query and this shopper's session: rendered per request, never cached.
export const dynamic = 'force-dynamic';
`;
  }
  if (!knowsInstant(context.project)) return '';
  return `
// It reads the request: rendered whole for each request (the root layout's <Suspense>),
// so its form works without JavaScript. It blocks on purpose, and says so to Next's
// navigation checks in next dev.
export const instant = false;
`;
}

/** app/[variant]/region/page: where the no-JS region form shows what a cached page cannot. */
export function regionPageTemplate(context: TemplateContext): string {
  const types = `type Query = Record<string, string | string[] | undefined>;
type Props = { params: Promise<{ variant: string }>; searchParams: Promise<Query> };

`;
  return `import Link from 'next/link';
import { RegionPicker } from 'vtex-sessions-next/components';
import { SessionProvider } from 'vtex-sessions-next/react';
import { getServerSession, readVariant, safeRedirectPath } from 'vtex-sessions-next/server';
import { sessionKit } from '${imp(context, 'session-kit')}';
${regionSegmentOptions(context)}
${ts(context, types)}const one = (value${ts(context, ': string | string[] | undefined')}) => (Array.isArray(value) ? value[0] : value);

/**
 * Where the region picker's form lands without JavaScript when the page it came from
 * cannot show the outcome (a cached page never reads the query): a postal code that
 * was refused, one no seller serves, a failure. Dress it as your store.
 */
export default async function RegionPage({ params, searchParams }${ts(context, ': Props')}) {
  const [{ code }, query, session] = await Promise.all([readVariant(params), searchParams, getServerSession(sessionKit, ['*'])]);
  // Only a path of this site: the link below must never lead elsewhere.
  const from = safeRedirectPath(one(query.from)) ?? '/';
  const error = one(query.error) ?? null;
  const submitted = error === null ? undefined : { country: one(query.country) ?? '', postalCode: one(query.postalCode) ?? '' };
  return (
    <main>
      <h1>Delivery region</h1>
      <SessionProvider variant={code} initialSession={session} items={['*']}>
        <RegionPicker errorCode={error} submitted={submitted} redirectTo={from} />
      </SessionProvider>
      <p>
        <Link href={from}>Back to the page you were on</Link>
      </p>
    </main>
  );
}
`;
}
