/** Small, line-level edits of a store's source files: enough for what init changes, no parser. */

const SCRIPT = /\.(?:tsx?|jsx?|mjs|cjs|mts|cts)$/;

export function isScript(file: string): boolean {
  return SCRIPT.test(file);
}

/** Relative import specifiers (`from './x'`, `import './x.css'`, `import('./x')`, `require('./x')`). */
const RELATIVE_SPECIFIER = /(\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)(['"])(\.{1,2}\/[^'"\n]*)\2/g;

/** Rewrites each relative specifier with `map` (which returns null to keep it). */
export function mapRelativeImports(source: string, map: (specifier: string) => string | null): string {
  return source.replace(RELATIVE_SPECIFIER, (match, lead: string, quote: string, specifier: string) => {
    const mapped = map(specifier);
    return mapped === null ? match : `${lead}${quote}${mapped}${quote}`;
  });
}

export function relativeSpecifiers(source: string): string[] {
  return [...source.matchAll(RELATIVE_SPECIFIER)].map((match) => match[3]!);
}

/** Strips comments so checks do not trip on commented-out code (strings are kept). */
export function withoutComments(source: string): string {
  return source.replace(/("(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`)|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (_match, string: string | undefined) => string ?? '');
}

/** Whether the module reads the request (`cookies()` / `headers()` from next/headers). */
export function readsRequest(source: string): boolean {
  const code = withoutComments(source);
  const imported = /import\s*\{([^}]*)\}\s*from\s*['"]next\/headers['"]/.exec(code);
  if (!imported) return false;
  const names = imported[1]!
    .split(',')
    .map((part) => part.trim().split(/\s+as\s+/))
    .filter(([name]) => name === 'cookies' || name === 'headers')
    .map((parts) => parts[parts.length - 1]!);
  return names.some((name) => new RegExp(`\\b${name}\\s*\\(`).test(code));
}

/** Whether the module exports a route segment option (`export const dynamic = ...`). */
export function exportsSegmentOption(source: string, name: string): boolean {
  return new RegExp(`^\\s*export\\s+(?:const|let|var)\\s+${name}\\b`, 'm').test(withoutComments(source));
}

/** A `'use client'` / `'use cache'` directive at the top of the module (or of a function body given alone). */
export function hasDirective(source: string, directive: string): boolean {
  const prologue = /^(?:(['"])use [^'"\n]+\1;?\s*)+/.exec(withoutComments(source).trimStart())?.[0] ?? '';
  return prologue.includes(`'${directive}'`) || prologue.includes(`"${directive}"`);
}

/** Inserts lines after the module's imports (and directives), or at the top. */
export function insertAfterImports(source: string, lines: string): string {
  const all = source.split('\n');
  let after = 0;
  let inImport = false;
  for (let i = 0; i < all.length; i++) {
    const line = all[i]!.trim();
    if (inImport) {
      if (/from\s*['"][^'"]+['"];?$/.test(line)) {
        inImport = false;
        after = i + 1;
      }
      continue;
    }
    if (/^['"]use [a-z: ]+['"];?$/.test(line)) after = i + 1;
    else if (/^import\b/.test(line)) {
      if (/(?:from\s*)?['"][^'"]+['"];?$/.test(line)) after = i + 1;
      else inImport = true;
    } else if (line !== '' && !line.startsWith('//') && !line.startsWith('/*') && !line.startsWith('*')) break;
  }
  all.splice(after, 0, ...(after > 0 ? ['', lines] : [lines, '']));
  return all.join('\n');
}
