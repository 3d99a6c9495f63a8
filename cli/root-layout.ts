import { insertAfterImports, withoutComments } from './source';

const NOTE = `{/*
  Cache Components: pages that read the request (the /region page, a cart) render whole
  at request time instead of streaming into a static shell, so their forms work without
  JavaScript. Cached pages prerender completely, so this costs them nothing.
*/}`;

export const wrapsBodyInSuspense = (source: string) => /<Suspense\b[^>]*>\s*<body\b/.test(withoutComments(source));

/**
 * The root layout with `<body>` inside `<Suspense>` (what Cache Components asks of
 * pages that read the request), or null when it has no `<body>` line to wrap.
 */
export function wrapBodyInSuspense(source: string): string | null {
  if (wrapsBodyInSuspense(source)) return source;
  const lines = source.split('\n');
  const open = lines.findIndex((line) => /^\s*<body\b/.test(line));
  const close = lines.findIndex((line, index) => index >= open && /<\/body>\s*$/.test(line));
  if (open === -1 || close === -1) return null;
  const indent = /^\s*/.exec(lines[open]!)![0];
  const wrapped = [
    ...lines.slice(0, open),
    ...NOTE.split('\n').map((line) => indent + line),
    `${indent}<Suspense>`,
    ...lines.slice(open, close + 1).map((line) => (line === '' ? line : `  ${line}`)),
    `${indent}</Suspense>`,
    ...lines.slice(close + 1),
  ].join('\n');
  const reactImport = /^import\s*\{([^}]*)\}\s*from\s*['"]react['"];?$/m.exec(wrapped);
  if (reactImport && !/\btype\s*$/.test(wrapped.slice(0, reactImport.index))) {
    const names = reactImport[1]!.trim().replace(/,$/, '');
    return wrapped.replace(reactImport[0], `import { ${names ? `${names}, ` : ''}Suspense } from 'react';`);
  }
  return insertAfterImports(wrapped, "import { Suspense } from 'react';").replace(/\n\nimport \{ Suspense \} from 'react';/, "\nimport { Suspense } from 'react';");
}
