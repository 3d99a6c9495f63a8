import type { MatcherEntry } from '../matcher';
import { imp, type TemplateContext } from './context';

export interface MiddlewareTemplateOptions {
  kind: 'middleware' | 'proxy';
  /** The store's own middleware, moved aside: its module and how it is exported. */
  own: { module: string; exportName: string } | null;
  /** The session middleware's matcher, then the store's own entries (kept so its middleware runs where it did). */
  pageMatcher: string;
  ownMatcher: MatcherEntry[] | null;
}

function matcherLines(options: MiddlewareTemplateOptions): string {
  const lines = [
    `    // Pages, for the session middleware: not /api, not Next's files, not files with an extension.`,
    `    ${JSON.stringify(options.pageMatcher)},`,
  ];
  if (options.ownMatcher?.length) {
    lines.push(`    // Your middleware's own matcher, kept so it runs where it did (the session part passes non-pages through).`);
    for (const entry of options.ownMatcher) lines.push(`    ${JSON.stringify(entry)},`);
  }
  return lines.join('\n');
}

/**
 * The store's middleware.ts (Edge) or proxy.ts (Node): the session middleware alone,
 * or composed with the store's own, which runs first.
 */
export function middlewareTemplate(context: TemplateContext, options: MiddlewareTemplateOptions): string {
  const name = options.kind;
  const imports = [
    `import { ${options.own ? 'composeMiddleware, ' : ''}createSessionMiddleware } from 'vtex-sessions-next/middleware';`,
    ...(options.own
      ? [
          options.own.exportName === 'default'
            ? `import ownMiddleware from '${options.own.module}';`
            : `import { ${options.own.exportName} as ownMiddleware } from '${options.own.module}';`,
        ]
      : []),
    `import { sessionTransforms } from '${imp(context, 'session-transforms')}';`,
    `import { storeConfig } from '${imp(context, 'store.config')}';`,
  ];
  const session = `createSessionMiddleware({ config: storeConfig, transforms: sessionTransforms })`;
  const body = options.own
    ? `/**
 * Your middleware (${options.own.module.replace(/^\.\//, '')}) runs first: its headers, redirects, rewrites and
 * early answers are kept. Then the session middleware sets the session cookies and
 * rewrites each page to its cache variant (/<code>/path, served by app/[variant]/).
 */
export const ${name} = composeMiddleware(ownMiddleware, ${session});`
    : `/**
 * Sets the session cookies and rewrites each page to its cache variant (/<code>/path,
 * served by app/[variant]/). To run code of your own before or after it, see
 * composeMiddleware in vtex-sessions-next/middleware.
 */
export const ${name} = ${session};`;
  return `${imports.join('\n')}

${body}

export const config = {
  matcher: [
${matcherLines(options)}
  ],
};
`;
}
