import { describe, expect, it } from 'vitest';
import { compileMatcher, pageMatcher, readMiddlewareConfig, routeHandlerPattern } from '../../cli/matcher';
import { setsBasePath, turnsOnPartialPrefetching, withPartialPrefetchingOff, wrapNextConfig } from '../../cli/next-config';
import { versionAtLeast } from '../../cli/project';
import { ownExportName } from '../../cli/own-middleware';
import { wrapBodyInSuspense } from '../../cli/root-layout';
import { hasDirective, insertAfterImports, readsRequest } from '../../cli/source';

describe('next.config wrapping', () => {
  it('wraps a CommonJS export and requires the wrapper', () => {
    expect(wrapNextConfig('const nextConfig = { reactStrictMode: true };\nmodule.exports = nextConfig;\n')).toBe(
      "const { withSessionKit } = require('vtex-sessions-next/config');\nconst nextConfig = { reactStrictMode: true };\nmodule.exports = withSessionKit(nextConfig);\n",
    );
  });

  it('wraps an exported object literal, braces in strings included', () => {
    expect(wrapNextConfig("export default {\n  basePath: '/}',\n};\n")).toBe(
      "import { withSessionKit } from 'vtex-sessions-next/config';\n\nexport default withSessionKit({\n  basePath: '/}',\n});\n",
    );
  });

  it('leaves a config it cannot wrap safely to the developer', () => {
    expect(wrapNextConfig('export default function config(phase) {\n  return {};\n}\n')).toBeNull();
    expect(wrapNextConfig('export default withMDX(nextConfig);\n')).toBeNull();
  });
});

describe('basePath in next.config', () => {
  it('is a base path when it names one, not when it is empty (the root, as Next reads it) or commented out', () => {
    expect(setsBasePath("export default {\n  basePath: '/shop',\n};\n")).toBe(true);
    expect(setsBasePath('export default { basePath: process.env.BASE_PATH };\n')).toBe(true);
    expect(setsBasePath('export default { basePath: `/${region}` };\n')).toBe(true);
    for (const empty of ["''", '""', '``', " ''"]) expect(setsBasePath(`export default {\n  basePath:${empty},\n};\n`), empty).toBe(false);
    expect(setsBasePath("export default {\n  // basePath: '/shop',\n};\n")).toBe(false);
  });
});

describe('Partial Prefetching in next.config', () => {
  it('turns it off where create-next-app 16.4 turns it on, saying why, and leaves a commented-out line alone', () => {
    const created = 'const nextConfig: NextConfig = {\n  /* config options here */\n  cacheComponents: true,\n  partialPrefetching: true,\n};\n';
    expect(turnsOnPartialPrefetching(created)).toBe(true);
    const off = withPartialPrefetchingOff(created, false);
    expect(off).toBe(
      'const nextConfig: NextConfig = {\n  /* config options here */\n  cacheComponents: true,\n' +
        '  // Off for pages cached per variant (vtex-sessions-next): notFound() then answers 404, and first visits are cached whole.\n' +
        '  partialPrefetching: false,\n};\n',
    );
    expect(turnsOnPartialPrefetching(off)).toBe(false);
    expect(withPartialPrefetchingOff(off, false)).toBe(off);

    const inline = 'export default { cacheComponents: true, partialPrefetching: true };\n';
    expect(withPartialPrefetchingOff(inline, false)).toBe('export default { cacheComponents: true, partialPrefetching: false };\n');
    const commented = 'export default {\n  cacheComponents: true,\n  // partialPrefetching: true,\n};\n';
    expect(turnsOnPartialPrefetching(commented)).toBe(false);
    expect(withPartialPrefetchingOff(commented, false)).toBe(commented);
  });
});

describe('Partial Prefetching left unset', () => {
  it('is set off under its own cacheComponents line, and left alone once it has a value or where that line is shared', () => {
    const unset = 'const nextConfig = {\n  cacheComponents: true,\n  reactStrictMode: true,\n};\n';
    expect(withPartialPrefetchingOff(unset, true)).toBe(
      'const nextConfig = {\n  cacheComponents: true,\n' +
        '  // Off for pages cached per variant (vtex-sessions-next): notFound() then answers 404, and first visits are cached whole.\n' +
        '  partialPrefetching: false,\n  reactStrictMode: true,\n};\n',
    );
    const set = 'const nextConfig = {\n  cacheComponents: true,\n  partialPrefetching: false,\n};\n';
    expect(withPartialPrefetchingOff(set, true)).toBe(set);
    const inline = 'export default { cacheComponents: true, reactStrictMode: true };\n';
    expect(withPartialPrefetchingOff(inline, true)).toBe(inline);
    // A Next that does not ask (before 16.4) gets no key it would not know.
    expect(withPartialPrefetchingOff(unset, false)).toBe(unset);
  });

  it('is set only where the installed Next knows the option (16.4 on)', () => {
    expect(['16.4.0', '16.4.6', '16.10.1', '17.0.0-canary.3'].map((v) => versionAtLeast(v, 16, 4))).toEqual([true, true, true, true]);
    expect(['16.3.9', '16.0.0', '15.5.2', 'latest', null].map((v) => versionAtLeast(v, 16, 4))).toEqual([false, false, false, false, false]);
  });
});

describe('the root layout under Cache Components', () => {
  it('joins Suspense to an existing react import', () => {
    const wrapped = wrapBodyInSuspense("import { type ReactNode } from 'react';\nexport default function L({ children }: { children: ReactNode }) {\n  return (\n    <html>\n      <body>{children}</body>\n    </html>\n  );\n}\n");
    expect(wrapped).toContain("import { type ReactNode, Suspense } from 'react';");
    expect(wrapped).toContain('      <Suspense>\n        <body>{children}</body>\n      </Suspense>\n');
    expect(wrapBodyInSuspense(wrapped!)).toBe(wrapped);
  });

  it('gives up on a layout without a <body> line', () => {
    expect(wrapBodyInSuspense('export default function L({ children }) {\n  return children;\n}\n')).toBeNull();
  });
});

describe('reading the source', () => {
  it('sees cookies() and headers() through aliases, not in comments', () => {
    expect(readsRequest("import { cookies as jar } from 'next/headers';\nconst c = await jar();")).toBe(true);
    expect(readsRequest("import { headers } from 'next/headers';\n// headers() is not read here\nexport const x = 1;")).toBe(false);
    expect(readsRequest("import { cookies } from './cookies';\nawait cookies();")).toBe(false);
  });

  it("finds 'use cache' among a module's directives only", () => {
    expect(hasDirective("'use server';\n'use cache';\nexport async function f() {}", 'use cache')).toBe(true);
    expect(hasDirective("import x from 'y';\n'use cache';", 'use cache')).toBe(false);
  });

  it('inserts after a multi-line import', () => {
    expect(insertAfterImports("'use client';\nimport {\n  a,\n} from 'a';\nexport const b = a;\n", 'const c = 1;')).toBe(
      "'use client';\nimport {\n  a,\n} from 'a';\n\nconst c = 1;\nexport const b = a;\n",
    );
  });

  it('names how a middleware file exports its function', () => {
    expect(ownExportName('export default async function handler() {}')).toBe('default');
    expect(ownExportName('export async function middleware(request) {}')).toBe('middleware');
    expect(ownExportName('const proxy = () => {};\nexport { proxy };')).toBe('proxy');
    expect(ownExportName('export const config = {};')).toBeNull();
  });
});

describe('the matcher', () => {
  it('reads a config literal, with comments and `as const`', () => {
    const config = readMiddlewareConfig("export const config = {\n  // pages\n  matcher: ['/a/:path*', { source: '/b' }] as const,\n};\n");
    expect(config?.matcher).toEqual(['/a/:path*', { source: '/b' }]);
  });

  it("leaves the store's route handlers out, dynamic and catch-all segments included", () => {
    const routes = ['/feed', '/og/[slug]', '/files/[...path]'];
    const matches = compileMatcher(process.cwd(), pageMatcher(routes))!;
    for (const path of ['/', '/products/shirt', '/feeds', '/og']) expect(matches(path), path).toBe(true);
    for (const path of ['/feed', '/feed/x', '/og/hello', '/files/a/b', '/api/sessions', '/logo.png']) expect(matches(path), path).toBe(false);
    const handlers = new RegExp(routeHandlerPattern(routes)!);
    expect(['/feed', '/og/hello', '/files/a/b'].every((path) => handlers.test(path))).toBe(true);
    expect(['/feeds', '/og', '/'].some((path) => handlers.test(path))).toBe(false);
  });
});
