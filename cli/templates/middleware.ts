import type { MatcherEntry } from '../matcher';
import { imp, type TemplateContext } from './context';

export interface MiddlewareTemplateOptions {
  kind: 'middleware' | 'proxy';
  /** The store's own middleware, moved aside: its module and how it is exported. */
  own: { module: string; exportName: string; matcher: MatcherEntry[] | null } | null;
  /** The session middleware's matcher. */
  pageMatcher: readonly string[];
  /** A regular expression source for route handlers outside app/api, which are not pages. */
  routeHandlers: string | null;
}

function matcherBlock(options: MiddlewareTemplateOptions): string {
  if (options.own && options.own.matcher === null) {
    return `// Your middleware had no matcher: it still runs on every request (the session part
// passes non-pages through). A matcher of pages only would be: ${JSON.stringify(options.pageMatcher)}
export const config = {};`;
  }
  const lines = [`    // Pages, for the session middleware: not /api, not Next's files, not files.`, ...options.pageMatcher.map((entry) => `    ${JSON.stringify(entry)},`)];
  if (options.own?.matcher?.length) {
    lines.push(`    // Your middleware's own matcher, kept so it runs where it did (the session part passes non-pages through).`);
    for (const entry of options.own.matcher) lines.push(`    ${JSON.stringify(entry)},`);
  }
  return `export const config = {
  matcher: [
${lines.join('\n')}
  ],
};`;
}

/**
 * The store's middleware.ts (Edge) or proxy.ts (Node): the session middleware alone,
 * or composed with the store's own, which runs first.
 */
export function middlewareTemplate(context: TemplateContext, options: MiddlewareTemplateOptions): string {
  const { kind, own, routeHandlers } = options;
  const names = [...(own ? ['composeMiddleware'] : []), 'createSessionMiddleware', ...(routeHandlers ? ['isPagePath'] : [])];
  const imports = [
    `import { ${names.join(', ')} } from 'vtex-sessions-next/middleware';`,
    ...(own ? [own.exportName === 'default' ? `import ownMiddleware from '${own.module}';` : `import { ${own.exportName} as ownMiddleware } from '${own.module}';`] : []),
    `import { sessionTransforms } from '${imp(context, 'session-transforms')}';`,
    `import { storeConfig } from '${imp(context, 'store.config')}';`,
  ];
  const routes = routeHandlers
    ? `
// Your route handlers outside app/api answer at these paths: they are not pages.
const ROUTE_HANDLERS = /${routeHandlers}/;
`
    : '';
  const sessionOptions = routeHandlers
    ? `{
  config: storeConfig,
  transforms: sessionTransforms,
  isPage: (pathname${context.project.language === 'ts' ? ': string' : ''}) => isPagePath(pathname) && !ROUTE_HANDLERS.test(pathname),
}`
    : '{ config: storeConfig, transforms: sessionTransforms }';
  const body = own
    ? `/**
 * Your ${kind} (${own.module.replace(/^\.\//, '')}) runs first: its headers, redirects, rewrites and early
 * answers are kept. Then the session middleware sets the session cookies and rewrites
 * each page to its cache variant (/<code>/path, served by app/[variant]/).
 */
export const ${kind} = composeMiddleware(createSessionMiddleware(${sessionOptions}), { before: ownMiddleware });`
    : `/**
 * Sets the session cookies and rewrites each page to its cache variant (/<code>/path,
 * served by app/[variant]/). To run code of your own before or after it, use
 * composeMiddleware from vtex-sessions-next/middleware.
 */
export const ${kind} = createSessionMiddleware(${sessionOptions});`;
  return `${imports.join('\n')}
${routes}
${body}

${matcherBlock(options)}
`;
}
