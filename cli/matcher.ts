import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { SESSION_MATCHER } from '../lib/next/page-paths';


/** The segments of a route handler's URL as regular expression sources. */
function urlPattern(url: string): string[] {
  const parts: string[] = [];
  for (const segment of url.slice(1).split('/')) {
    if (/^\[\[?\.\.\./.test(segment)) return [...parts, '.*'];
    parts.push(/^\[.+\]$/.test(segment) ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  }
  return parts;
}

/**
 * The session middleware's matcher (the kit's SESSION_MATCHER), minus route handlers
 * that live outside app/api: rewritten under a variant, they would answer 404.
 */
export function pageMatcher(routePaths: readonly string[] = []): string[] {
  const [pages, ...rest] = SESSION_MATCHER;
  const excluded = routePaths.map((url) => `${urlPattern(url).join('/').replace(/\/\.\*$/, '')}(?:/|$)`);
  return [pages!.replace('api(?:/|$)|', ['api(?:/|$)', ...excluded].join('|') + '|'), ...rest];
}

/** A regular expression (source, for a literal) matching those route handlers' paths; null when there are none. */
export function routeHandlerPattern(routePaths: readonly string[]): string | null {
  if (routePaths.length === 0) return null;
  const alternatives = routePaths.map((url) => urlPattern(url).join('\\/').replace(/\\\/\.\*$/, ''));
  return `^\\/(?:${alternatives.join('|')})(?:\\/|$)`;
}

/**
 * The text of `export const config = { ... }` in a middleware file, or null. Next
 * reads it statically, so it is a literal: it is evaluated as one, with nothing in scope.
 */
export function readMiddlewareConfig(source: string): { text: string; matcher: unknown } | null {
  const start = /export\s+const\s+config\s*(?::[^=]+)?=\s*/.exec(source);
  if (!start) return null;
  const open = start.index + start[0].length;
  if (source[open] !== '{') return null;
  let depth = 0;
  let quote: string | null = null;
  for (let i = open; i < source.length; i++) {
    const char = source[i]!;
    if (quote) {
      if (char === '\\') i++;
      else if (char === quote) quote = null;
      continue;
    }
    if (char === '"' || char === "'" || char === '`') quote = char;
    else if (char === '/' && source[i + 1] === '/') i = source.indexOf('\n', i) - 1;
    else if (char === '{') depth++;
    else if (char === '}' && --depth === 0) {
      const text = source.slice(open, i + 1);
      try {
        const value = vm.runInNewContext(`(${text.replace(/\s+(?:as|satisfies)\s+[A-Za-z_.<>[\]]+/g, '')})`, {}, { timeout: 100 }) as { matcher?: unknown };
        return { text, matcher: value?.matcher };
      } catch {
        return { text, matcher: undefined };
      }
    }
  }
  return null;
}

export type MatcherEntry = string | { source: string; [key: string]: unknown };

export function matcherEntries(matcher: unknown): MatcherEntry[] | null {
  if (matcher === undefined) return null;
  const list = Array.isArray(matcher) ? matcher : [matcher];
  return list.filter((entry): entry is MatcherEntry => typeof entry === 'string' || (typeof entry === 'object' && entry !== null && 'source' in entry));
}

/**
 * A test of paths against a matcher, compiled by the store's own Next.js as it
 * compiles it for the middleware (so the answer is Next's, not an imitation).
 * Null when that Next.js is not installed or no longer has the function.
 */
export function compileMatcher(root: string, entries: MatcherEntry[] | null): ((pathname: string) => boolean) | null {
  if (entries === null) return () => true;
  // The store's Next.js first; else the one next to the kit (its peer, the same in an installed store).
  for (const from of [path.join(root, 'package.json'), import.meta.url]) {
    try {
      const { getMiddlewareMatchers } = createRequire(from)('next/dist/build/analysis/get-page-static-info') as {
        getMiddlewareMatchers(matcher: unknown, config: object): { regexp: string }[];
      };
      const compiled = getMiddlewareMatchers(entries, {}).map(({ regexp }) => new RegExp(regexp));
      return (pathname) => compiled.some((regexp) => regexp.test(pathname));
    } catch {
      // Not installed there, or this Next.js has no such function: try the next place.
    }
  }
  return null;
}
