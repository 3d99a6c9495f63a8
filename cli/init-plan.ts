import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isPage, listFiles, planAppLayout, resolveSpecifier, VARIANT_DIR } from './app-files';
import { ENV_FILE, newSecret, withDevSecret } from './env-file';
import { matcherEntries, pageMatcher, readMiddlewareConfig, routeHandlerPattern } from './matcher';
import { BASE_PATH_EFFECTS } from '../lib/config/with-session-kit';
import { setsBasePath, withPartialPrefetchingOff, wrapNextConfig, wrapsWithSessionKit } from './next-config';
import { movedMiddlewareNote, ownExportName, usesKit } from './own-middleware';
import { Plan } from './plan';
import { wrapBodyInSuspense } from './root-layout';
import { ext, findWithExtension, inCode, readText, versionAtLeast, type Project } from './project';
import { exportsSegmentOption, insertAfterImports, isScript, mapRelativeImports, readsRequest } from './source';
import type { TemplateContext } from './templates/context';
import { instrumentationTemplate, sessionKitTemplate, transformsTemplate } from './templates/kit';
import { middlewareTemplate, type MiddlewareTemplateOptions } from './templates/middleware';
import { regionPageTemplate, variantLayoutTemplate } from './templates/pages';
import { ROUTE_TEMPLATES } from './templates/routes';
import { regionsTemplate, storeConfigTemplate } from './templates/store-config';

const DYNAMIC_NOTE = `// Reads cookies() or headers(): rendered per request. Under app/[variant]/ pages are cached
// per variant (ISR), where reading the request fails with DYNAMIC_SERVER_USAGE.
export const dynamic = 'force-dynamic';`;

/** Everything `init` would change in this store, without touching it. */
export function planInit(project: Project): Plan {
  const plan = new Plan(project.root);
  const context = (file: string): TemplateContext => ({ project, file });
  const code = (name: string) => inCode(project, name);

  if (!readText(project.root, 'package.json')?.includes('"vtex-sessions-next"')) {
    plan.todo.push('Install the kit in this store: npm install vtex-sessions-next');
  }

  // The store's settings and the kit's wiring, in the code folder.
  plan.create(code('data/regions.json'), regionsTemplate(), 'starter regions: postal-code ranges and their sellers');
  const configFile = code(`store.config${ext(project)}`);
  if (plan.contentOf(configFile) === null) {
    plan.create(configFile, storeConfigTemplate(context(configFile), { id: randomUUID(), name: packageName(project) }), 'the session settings: one public channel');
  }
  const transformsFile = code(`session-transforms${ext(project)}`);
  plan.create(transformsFile, transformsTemplate(context(transformsFile)), 'the transforms, shared by the middleware and the API');
  const kitFile = code(`session-kit${ext(project)}`);
  plan.create(kitFile, sessionKitTemplate(context(kitFile)), 'the kit for route handlers and server components');

  const instrumentation = findWithExtension(project.root, code('instrumentation'));
  if (instrumentation === null) {
    const file = code(`instrumentation${ext(project)}`);
    plan.create(file, instrumentationTemplate(context(file)), 'registers at start-up the variants the middleware issues on its own');
  } else if (!readText(project.root, instrumentation)!.includes('precomputeVariants')) {
    plan.todo.push(`Call precomputeVariants (vtex-sessions-next/server) from register() in ${instrumentation}, so variants the middleware issues on its own render in full (see the kit's docs/variant-codes.md).`);
  }

  const layout = planAppLayout(project.root, project.appDir);
  planMiddleware(project, plan, layout.routePaths);

  for (const route of ROUTE_TEMPLATES) {
    const file = `${project.appDir}/${route.dir}/route${ext(project)}`;
    plan.create(file, route.render(context(file)), `the ${route.dir.replace('/[...token]', '/{token}')} route`);
  }

  planPageMoves(project, plan, layout.moves);

  const variantLayout = `${project.appDir}/${VARIANT_DIR}/layout${ext(project, true)}`;
  plan.create(variantLayout, variantLayoutTemplate(context(variantLayout)), `the variant layout (${project.cacheComponents ? 'Cache Components' : 'ISR'}) with the SessionProvider`);
  const regionPage = `${project.appDir}/${VARIANT_DIR}/region/page${ext(project, true)}`;
  plan.create(regionPage, regionPageTemplate(context(regionPage)), 'the /region page, where the no-JS region form shows its outcome');

  if (project.cacheComponents) planRootSuspense(project, plan);
  planNextConfig(project, plan);
  plan.update(ENV_FILE, withDevSecret(plan.contentOf(ENV_FILE), newSecret()), 'a development SESSION_SECRET');

  plan.todo.push(
    'Put the region picker where shoppers choose where they are: import { RegionPicker } from \'vtex-sessions-next/components\' (inside app/[variant]/).',
    'Set SESSION_SECRET (32+ random characters) wherever the store runs in production; .env.local is for this machine only.',
    `Edit ${configFile} (channels, audiences, variantFields) and ${code('data/regions.json')} (or set REGIONS_API_URL).`,
  );
  if (!project.cacheComponents) {
    plan.todo.push('Pages under app/[variant]/ are cached per variant for an hour (revalidate in app/[variant]/layout): change it to suit your catalogue.');
  }
  return plan;
}

function packageName(project: Project): string {
  try {
    const name = (JSON.parse(readText(project.root, 'package.json') ?? '{}') as { name?: unknown }).name;
    return typeof name === 'string' && /^[\w@/.-]+$/.test(name) ? name : 'mystore';
  } catch {
    return 'mystore';
  }
}

/** The store's middleware composed with the kit's, or the kit's alone. */
function planMiddleware(project: Project, plan: Plan, routePaths: readonly string[]): void {
  const existing = project.middleware;
  if (existing && usesKit(readText(project.root, existing.file) ?? '')) return;
  const kind = existing?.kind ?? 'middleware';
  const file = existing?.file ?? inCode(project, `middleware${ext(project)}`);
  let own: MiddlewareTemplateOptions['own'] = null;
  if (existing) {
    const source = readText(project.root, existing.file)!;
    const exportName = ownExportName(source);
    if (exportName === null) {
      plan.todo.push(`${existing.file} exports no middleware function init can compose: compose it by hand with composeMiddleware from vtex-sessions-next/middleware.`);
      return;
    }
    const moved = path.posix.join(path.posix.dirname(existing.file), `store-${kind}${path.posix.extname(existing.file)}`);
    plan.move(existing.file, moved, movedMiddlewareNote(kind, path.posix.basename(file)) + source, `your ${kind}, kept: ${path.posix.basename(file)} runs it before the session middleware`);
    own = { module: `./${path.posix.basename(moved, path.posix.extname(moved))}`, exportName, matcher: matcherEntries(readMiddlewareConfig(source)?.matcher) };
  }
  const content = middlewareTemplate({ project, file }, { kind, own, pageMatcher: pageMatcher(routePaths), routeHandlers: routeHandlerPattern(routePaths) });
  if (existing) plan.changes.push({ kind: 'create', file, content, why: `the session middleware, composed with yours (${kind === 'proxy' ? 'Node' : 'Edge'})` });
  else plan.create(file, content, 'the session middleware (Edge): cookies and the variant rewrite');
}

/** Pages and what belongs to them move under app/[variant]/; imports follow. */
function planPageMoves(project: Project, plan: Plan, moves: ReadonlyMap<string, string>): void {
  const appFiles = listFiles(project.root, project.appDir);
  const all = new Set(appFiles);
  const markDynamic = (file: string, source: string) =>
    !project.cacheComponents && isPage(file) && readsRequest(source) && !exportsSegmentOption(source, 'dynamic') ? insertAfterImports(source, DYNAMIC_NOTE) : source;

  const dynamicPages: string[] = [];
  for (const file of appFiles) {
    const target = moves.get(file) ?? file;
    if (!isScript(file)) {
      if (target !== file) plan.move(file, target, readFileSync(path.join(project.root, file)), 'a page file');
      continue;
    }
    const source = readFileSync(path.join(project.root, file), 'utf8');
    const rewritten = mapRelativeImports(source, (specifier) => {
      const base = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
      const resolved = resolveSpecifier(file, specifier, all);
      let destination = base;
      if (resolved) {
        const movedTo = moves.get(resolved) ?? resolved;
        destination = movedTo.slice(0, movedTo.length - (resolved.length - base.length));
      }
      let relative = path.posix.relative(path.posix.dirname(target), destination);
      if (!relative.startsWith('.')) relative = `./${relative}`;
      return relative === specifier ? null : relative;
    });
    const final = target.startsWith(`${project.appDir}/${VARIANT_DIR}/`) ? markDynamic(target, rewritten) : rewritten;
    if (final !== rewritten) dynamicPages.push(target);
    if (target !== file) plan.move(file, target, final, isPage(file) ? 'a page: now rendered per variant' : 'belongs to the pages');
    else if (final !== source) plan.update(file, final, 'imports follow the moved pages');
  }
  for (const page of dynamicPages) {
    plan.todo.push(`${page} reads cookies() or headers(), so init made it dynamic (rendered per request). To cache it per variant, read the session on the client (useSession) instead.`);
  }
}

function planNextConfig(project: Project, plan: Plan): void {
  if (!project.nextConfig) {
    const file = `next.config${project.language === 'ts' ? '.ts' : '.mjs'}`;
    plan.create(file, `import { withSessionKit } from 'vtex-sessions-next/config';\n\n// withSessionKit checks SESSION_SECRET when the server starts.\nexport default withSessionKit({});\n`, 'next.config with the secret check');
    return;
  }
  const source = readText(project.root, project.nextConfig)!;
  if (setsBasePath(source)) plan.todo.push(`${project.nextConfig} sets basePath: ${BASE_PATH_EFFECTS}. Serve the store at the root of its host.`);
  const changes: string[] = [];
  let next = source;
  if (!wrapsWithSessionKit(source)) {
    const wrapped = wrapNextConfig(source);
    if (wrapped === null) {
      plan.todo.push(`Wrap the config exported by ${project.nextConfig} in withSessionKit (import { withSessionKit } from 'vtex-sessions-next/config'): it checks SESSION_SECRET at start-up.`);
    } else {
      next = wrapped;
      changes.push('withSessionKit: SESSION_SECRET checked at start-up');
    }
  }
  if (project.cacheComponents) {
    // Next 16.4 asks for a value; older releases' NextConfig type has no such key.
    const off = withPartialPrefetchingOff(next, versionAtLeast(project.nextVersion, 16, 4));
    if (off !== next) changes.push('partialPrefetching: false, so variant pages answer notFound() with a 404 and are cached whole on a first visit');
    next = off;
  }
  if (next !== source) plan.update(project.nextConfig, next, changes.join('; '));
}

/** Cache Components: pages that read the request need a Suspense above them; around <body> they still render whole. */
function planRootSuspense(project: Project, plan: Plan): void {
  const layout = findWithExtension(project.root, `${project.appDir}/layout`, ['.tsx', '.jsx', '.js', '.ts']);
  if (!layout) return;
  const wrapped = wrapBodyInSuspense(readText(project.root, layout)!);
  if (wrapped === null) {
    plan.todo.push(`Wrap <body> in <Suspense> in ${layout}: under Cache Components, pages that read the request (the /region page) need a Suspense above them.`);
    return;
  }
  plan.update(layout, wrapped, '<body> inside <Suspense>: pages that read the request render at request time (Cache Components)');
}
