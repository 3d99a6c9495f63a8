import { withoutComments } from './source';

/** Whether a middleware/proxy file already runs the kit. */
export const usesKit = (source: string) => /['"]vtex-sessions-next\/middleware['"]/.test(source);

/** How a store's middleware file exports its function: `default`, `middleware` or `proxy`; null when it does not. */
export function ownExportName(source: string): string | null {
  const code = withoutComments(source);
  if (/^\s*export\s+default\b/m.test(code)) return 'default';
  for (const name of ['middleware', 'proxy']) {
    if (new RegExp(`^\\s*export\\s+(?:async\\s+)?(?:function\\s*\\*?\\s*|const\\s+|let\\s+)${name}\\b`, 'm').test(code)) return name;
    if (new RegExp(`^\\s*export\\s*\\{[^}]*\\b${name}\\b[^}]*\\}`, 'm').test(code)) return name;
  }
  return null;
}

/** The note put on top of the store's middleware when init moves it aside. */
export function movedMiddlewareNote(kind: 'middleware' | 'proxy', file: string): string {
  return `// Your ${kind}, moved here by \`vtex-sessions-next init\`: ${file} runs it first, then the
// session middleware. Next no longer reads the \`config\` below; ${file} keeps its matcher.
`;
}
