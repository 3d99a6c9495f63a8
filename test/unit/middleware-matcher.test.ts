import { createRequire } from 'node:module';
import { getMiddlewareRouteMatcher } from 'next/dist/shared/lib/router/utils/middleware-route-matcher';
import { describe, expect, it } from 'vitest';
import { FILE_EXTENSIONS, isPagePath, leadingCode, MIN_CODE_LEAD, pathDecodes, SESSION_MATCHER } from '@/lib/next/page-paths';
import { deriveSegment } from '@/lib/session/segment';
import { VariantCodec } from '@/lib/session/variant';
import { config } from '@/middleware';

const SECRET = 'matcher-test-secret-0123456789abcdefghijk';
const codec = new VariantCodec({ secrets: [SECRET] });
const CODE = await codec.encode({ ...deriveSegment({}), channel: '3', priceTables: 'b2b-gold', channelPrivacy: 'private' });

/**
 * Whether Next runs the middleware for a request path: its own compilation of the
 * matcher, tried on the raw path and on the decoded one, as its router does
 * (next/dist/server/lib/router-utils/resolve-routes.js).
 */
// Exported by the module, though not declared in its types.
const { getMiddlewareMatchers } = createRequire(import.meta.url)('next/dist/build/analysis/get-page-static-info') as {
  getMiddlewareMatchers: (matcher: readonly string[], nextConfig: object) => Parameters<typeof getMiddlewareRouteMatcher>[0];
};
const nextMatch = getMiddlewareRouteMatcher(getMiddlewareMatchers(config.matcher, {}));
function runsMiddleware(path: string): boolean {
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // Next matches the raw path alone then.
  }
  const request = { headers: {} } as never;
  return nextMatch(path, request, {}) || nextMatch(decoded, request, {});
}

describe('the demo\'s matcher', () => {
  it('is the kit\'s SESSION_MATCHER, written out as Next wants it', () => {
    expect(config.matcher).toEqual(SESSION_MATCHER);
  });

  it('runs the middleware on pages, dotted slugs included', () => {
    for (const path of ['/', '/p/stoneware-mug', '/p/shoe-v2.0', '/c/kitchen', '/products?sc=2', '/p/caf%C3%A9', '/mens-running-shoes-blue-extra-large/p']) {
      expect(runsMiddleware(path), path).toBe(true);
    }
  });

  it('runs it on every path led by something that may be a code, whatever follows', () => {
    const encoded = `%${CODE.charCodeAt(0).toString(16)}${CODE.slice(1)}`;
    for (const path of [
      `/${CODE}`,
      `/${CODE}/p/shoe-v2.0`,
      `/${CODE}/c/kitchen.json`,
      `/${CODE}.rsc`,
      `/${CODE}.html`,
      `/${CODE}/p/stoneware-mug.rsc`,
      `/${CODE}.segments/_tree.segment.rsc`,
      `/${CODE}/images/shirt.png`,
      `/${encoded}/c/kitchen.json`,
      `/${CODE.slice(0, 5)}%${CODE.charCodeAt(5).toString(16)}${CODE.slice(6)}/p/x.json`,
      `/_next/data/build-id/${CODE}/p/x.json`,
    ]) {
      expect(runsMiddleware(path), path).toBe(true);
    }
  });

  it('runs it on any path with a malformed or non-ASCII percent-escape, the APIs included', () => {
    for (const path of ['/api/segments/%%%not-a-token', '/api/sessions%zz', '/api/x/%C0%AF', '/api/x/%E0%A4%A', '/images/%%.png', '/_next/static/%zz.js', '/p/%']) {
      expect(runsMiddleware(path), path).toBe(true);
    }
  });

  it('skips the APIs, Next\'s files and static files, so they cost no middleware', () => {
    for (const path of ['/api/sessions', '/api', '/api/segments/eyJjaGFubmVsIjoiMSJ9', '/api/x/%41', '/_next/static/chunks/app.js', '/_next/image', '/favicon.ico', '/icon.svg', '/robots.txt', '/sitemap.xml', '/images/shirt.png', '/fonts/inter.woff2']) {
      expect(runsMiddleware(path), path).toBe(false);
    }
  });

  it('never skips a path led by a code: MIN_CODE_LEAD is no longer than the shortest code', async () => {
    const empty = Object.fromEntries(Object.keys(deriveSegment({})).map((key) => [key, null])) as unknown as ReturnType<typeof deriveSegment>;
    const shortest = await codec.encode(empty);
    expect(shortest.length).toBeGreaterThanOrEqual(MIN_CODE_LEAD);
    expect(codec.mayBeCode('a'.repeat(MIN_CODE_LEAD - 1))).toBe(false);
  });
});

describe('isPagePath', () => {
  it('takes pages, dotted slugs and metadata look-alikes included', () => {
    for (const path of ['/', '/p/shoe-v2.0', '/c/kitchen', '/p/x.rsc', '/iconic-bags', '/icons/p', '/apistore', '/p/v1.2.3']) {
      expect(isPagePath(path), path).toBe(true);
    }
  });

  it('leaves out the APIs, Next\'s files, well-known URIs, metadata routes and files', () => {
    const files = FILE_EXTENSIONS.map((ext) => `/assets/file.${ext}`);
    for (const path of ['/api', '/api/sessions', '/_next/static/a.js', '/_next', '/.well-known/apple-app-site-association', '/icon', '/icon1', '/apple-icon', '/icon/small', '/opengraph-image', '/twitter-image2', '/favicon.ico', '/ICON.SVG', ...files]) {
      expect(isPagePath(path), path).toBe(false);
    }
  });
});

describe('leadingCode and pathDecodes', () => {
  it('finds what Next would take as the [variant] param, suffixes and escapes aside', () => {
    expect(leadingCode(`/${CODE}`)).toBe(CODE);
    expect(leadingCode(`/${CODE}/p/x`)).toBe(CODE);
    expect(leadingCode(`/${CODE}.rsc`)).toBe(CODE);
    expect(leadingCode(`/${CODE}.segments/_tree.segment.rsc`)).toBe(CODE);
    expect(leadingCode(`/%${CODE.charCodeAt(0).toString(16)}${CODE.slice(1)}/c/kitchen.json`)).toBe(CODE);
    expect(leadingCode(`/_next/data/build/${CODE}/p/x.json`)).toBe(CODE);
    expect(leadingCode('/p/shirt')).toBe('p');
    expect(leadingCode('/')).toBe('');
    expect(leadingCode('/_next/data/build')).toBe('');
  });

  it('tells the escapes decodeURIComponent refuses', () => {
    expect(pathDecodes('/p/caf%C3%A9')).toBe(true);
    expect(pathDecodes('/p/plain')).toBe(true);
    for (const path of ['/%%%', '/p/%zz', '/p/%4', '/p/%C0%AF', '/p/%E0%A4%A']) expect(pathDecodes(path), path).toBe(false);
  });
});
