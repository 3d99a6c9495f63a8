import { PARTIAL_PREFETCHING_EFFECTS } from '../../lib/config/with-session-kit';
import { isPage, underVariant, VARIANT_DIR } from '../app-files';
import { turnsOnPartialPrefetching } from '../next-config';
import { wrapsBodyInSuspense } from '../root-layout';
import { exportsSegmentOption, hasDirective, isScript, readsRequest, withoutComments } from '../source';
import { variantLayout } from './layout';
import { ok, problem, type Check, type Finding } from './types';

/** Route segment options Cache Components refuses. */
const REFUSED_OPTIONS = ['dynamic', 'dynamicParams', 'revalidate', 'fetchCache'];

/** Pages under the cached variant that read the request, for the store's caching mode. */
export const checkRequestPages: Check = ({ project, appFiles, inApp, read }) => {
  const findings: Finding[] = [];
  const pages = appFiles.filter((file) => isPage(file) && isScript(file) && underVariant(inApp(file)) && readsRequest(read(file)));
  for (const page of pages) {
    const source = read(page);
    if (project.cacheComponents) {
      if (hasDirective(source, 'use cache')) {
        findings.push(problem(`${page} reads cookies() or headers() inside 'use cache': Next refuses it`, "read the request outside the cached scope (a component of its own inside <Suspense>), or the session on the client with useSession()"));
      }
    } else if (!/export\s+const\s+dynamic\s*=\s*['"]force-dynamic['"]/.test(withoutComments(source))) {
      findings.push(
        problem(
          `${page} reads cookies() or headers() under app/${VARIANT_DIR}/, which is cached per variant (ISR): it answers 500 (DYNAMIC_SERVER_USAGE)`,
          "add `export const dynamic = 'force-dynamic'` to render it per request, or read the session on the client with useSession() to keep it cached",
        ),
      );
    }
  }
  if (findings.length === 0) findings.push(ok(pages.length ? `Pages reading the request are fit for ${project.cacheComponents ? 'Cache Components' : 'ISR'}` : 'No cached page reads cookies() or headers()'));
  return findings;
};

/** What the store's caching mode asks of the app/ files. */
export const checkCacheComponents: Check = ({ project, appFiles, inApp, read }) => {
  const layout = variantLayout(appFiles, inApp);
  const config = project.nextConfig ? withoutComments(read(project.nextConfig)) : '';
  if (/\b(?:dynamicIO|ppr)\s*:/.test(config) || /experimental\s*:\s*\{[^}]*\bcacheComponents\b/.test(config)) {
    return [problem(`${project.nextConfig} sets Cache Components with a name of Next 15 (experimental.dynamicIO, ppr or experimental.cacheComponents)`, 'Next 16 reads `cacheComponents: true` at the top level of the config: move it there and run doctor again')];
  }
  if (!project.cacheComponents) {
    if (layout && !exportsSegmentOption(read(layout), 'revalidate')) {
      return [problem(`${layout} sets no revalidate: variant pages are rendered once and never refreshed`, 'export const revalidate = 3600 (seconds) from it, or what suits your catalogue')];
    }
    return layout ? [ok('ISR: the variant layout revalidates')] : [];
  }
  const findings: Finding[] = [];
  if (turnsOnPartialPrefetching(config)) {
    findings.push(
      problem(
        `${project.nextConfig} sets partialPrefetching: true: ${PARTIAL_PREFETCHING_EFFECTS}`,
        'set partialPrefetching: false (`npx vtex-sessions-next init` does it)',
      ),
    );
  }
  for (const file of appFiles) {
    if (!isScript(file) || !/^(?:page|layout|route|template|default)\./.test(file.split('/').pop()!)) continue;
    const refused = REFUSED_OPTIONS.filter((name) => exportsSegmentOption(read(file), name));
    if (refused.length > 0) {
      findings.push(problem(`${file} exports ${refused.join(', ')}: Cache Components refuses route segment options at build`, "remove them: cache with 'use cache' and cacheLife, render per request by reading the request inside <Suspense>"));
    }
  }
  if (layout) {
    const code = withoutComments(read(layout));
    const cached = hasDirective(code, 'use cache') || /^\s*['"]use cache['"];?\s*$/m.test(code);
    if (!cached && !/<Suspense\b/.test(code)) {
      findings.push(problem(`${layout} reads params outside 'use cache' and outside <Suspense>: Cache Components fails the build`, "make the layout cached per variant: 'use cache' and cacheLife('hours') at the top of its function (see the layout init writes)"));
    }
    if (!/generateStaticParams/.test(code) || /generateStaticParams\s*\([^)]*\)\s*\{\s*return\s*\[\s*\]/.test(code)) {
      findings.push(problem(`${layout}'s generateStaticParams returns no value: Cache Components needs one at build time`, 'export const generateStaticParams = variantStaticParams (vtex-sessions-next/server): a placeholder that prerenders a 404'));
    }
  }
  const rootLayout = appFiles.find((file) => /^layout\.(?:tsx|jsx|js|ts)$/.test(inApp(file)));
  if (rootLayout && !wrapsBodyInSuspense(read(rootLayout))) {
    findings.push(
      problem(
        `${rootLayout} has no <Suspense> around <body>: a notFound() under app/${VARIANT_DIR}/ answers an empty document (its page appears only with JavaScript), and pages that read the request (the /region page) answer 500 or stream parts no-JS shoppers never see`,
        'wrap <body> in <Suspense> (`npx vtex-sessions-next init` does it)',
      ),
    );
  }
  if (findings.length === 0) findings.push(ok('Cache Components: no segment options, params read inside <Suspense>, Partial Prefetching off'));
  return findings;
};
