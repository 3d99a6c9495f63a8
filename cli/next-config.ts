import { insertAfterImports } from './source';

const ESM_IMPORT = "import { withSessionKit } from 'vtex-sessions-next/config';";
const CJS_REQUIRE = "const { withSessionKit } = require('vtex-sessions-next/config');";

export const wrapsWithSessionKit = (source: string) => /\bwithSessionKit\s*\(/.test(source);

/**
 * A config option set on a line that is not commented out: `(.*?)` captures what comes
 * before it on its line. The config is read as text, as init and doctor read it.
 */
const configOption = (option: string) => new RegExp(`^(?!\\s*(?:\\/\\/|\\*))(.*?)\\b${option}\\s*:`, 'm');
const configOptionTrue = (option: string) => new RegExp(`${configOption(option).source}\\s*true\\b`, 'm');

const PARTIAL_PREFETCHING_SET = configOption('partialPrefetching');
const PARTIAL_PREFETCHING_ON = configOptionTrue('partialPrefetching');

/** `cacheComponents: true` in next.config (not commented out). */
export const hasCacheComponents = (source: string) => configOptionTrue('cacheComponents').test(source);

/**
 * The config sets a `basePath` (lib/config's BASE_PATH_EFFECTS says what it does to the
 * kit today). An empty string literal is Next's default, the root, and is no base path.
 */
const BASE_PATH_SET = new RegExp(`${configOption('basePath').source}(?!\\s*(['"\`])\\2)`, 'm');
export const setsBasePath = (source: string) => BASE_PATH_SET.test(source);

/** The config turns Partial Prefetching on (create-next-app 16.4 writes `partialPrefetching: true`). */
export const turnsOnPartialPrefetching = (source: string) => PARTIAL_PREFETCHING_ON.test(source);

const WHY_OFF = '// Off for pages cached per variant (vtex-sessions-next): notFound() then answers 404, and first visits are cached whole.';

/**
 * A Cache Components config with Partial Prefetching off, and why, for a store whose
 * pages are cached per variant (lib/config's PARTIAL_PREFETCHING_EFFECTS says what it
 * does to them): `partialPrefetching: true` becomes false; where the config sets no value
 * and `asksForValue` (Next 16.4 on warns, and asks for `true`), `false` goes under its
 * own `cacheComponents: true,` line. Otherwise unchanged.
 */
export function withPartialPrefetchingOff(source: string, asksForValue: boolean): string {
  if (PARTIAL_PREFETCHING_ON.test(source)) {
    return source.replace(PARTIAL_PREFETCHING_ON, (_line, before: string) =>
      /^\s*$/.test(before) ? `${before}${WHY_OFF}\n${before}partialPrefetching: false` : `${before}partialPrefetching: false`,
    );
  }
  if (!asksForValue || PARTIAL_PREFETCHING_SET.test(source)) return source;
  return source.replace(/^([ \t]*)cacheComponents\s*:\s*true\s*,[ \t]*$/m, (line, indent: string) => `${line}\n${indent}${WHY_OFF}\n${indent}partialPrefetching: false,`);
}

/**
 * next.config with its export wrapped in `withSessionKit(...)` (the start-up secret
 * check), or null when the export is not a plain name or object the wrap can take.
 */
export function wrapNextConfig(source: string): string | null {
  if (wrapsWithSessionKit(source)) return source;
  const esm = /^\s*export\s+default\b/m.exec(source);
  const cjs = /^\s*module\.exports\s*=\s*/m.exec(source);
  const found = esm ?? cjs;
  if (!found) return null;
  const rest = source.slice(found.index + found[0].length);
  const valueStart = source.length - rest.trimStart().length;
  const end = valueEnd(source, valueStart);
  if (end === null) return null;
  const value = source.slice(valueStart, end);
  const wrapped = `${source.slice(0, valueStart)}withSessionKit(${value})${source.slice(end)}`;
  return esm ? insertAfterImports(wrapped, ESM_IMPORT) : `${CJS_REQUIRE}\n${wrapped}`;
}

/** Where the exported value ends: a name (`nextConfig`) or an object literal; null for anything else. */
function valueEnd(source: string, start: number): number | null {
  const name = /^[A-Za-z_$][\w$]*(?=\s*;?\s*(?:$|\n))/.exec(source.slice(start));
  if (name && !['function', 'async', 'class'].includes(name[0])) return start + name[0].length;
  if (source[start] !== '{') return null;
  let depth = 0;
  let quote: string | null = null;
  for (let i = start; i < source.length; i++) {
    const char = source[i]!;
    if (quote) {
      if (char === '\\') i++;
      else if (char === quote) quote = null;
    } else if (char === '"' || char === "'" || char === '`') quote = char;
    else if (char === '{') depth++;
    else if (char === '}' && --depth === 0) return i + 1;
  }
  return null;
}
