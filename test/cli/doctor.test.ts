import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runDoctor } from '../../cli/doctor';
import { runInit } from '../../cli/init';
import { pageMatcher } from '../../cli/matcher';
import { copyFixture, type FixtureName } from '../support/fixture-copy';
import { captureOutput } from './helpers';

const copies: { remove(): void }[] = [];
beforeEach(() => {
  // Doctor reads the environment first: these stores bring their own secret (or none).
  vi.stubEnv('SESSION_SECRET', undefined);
});
afterEach(() => {
  vi.unstubAllEnvs();
  while (copies.length) copies.pop()!.remove();
});

async function initialised(name: FixtureName): Promise<string> {
  const copy = copyFixture(name);
  copies.push(copy);
  const code = await runInit({ cwd: copy.dir, yes: true, dryRun: false, allowDirty: true }, captureOutput());
  expect(code).toBe(0);
  return copy.dir;
}

function doctor(dir: string) {
  const out = captureOutput();
  const code = runDoctor(dir, out);
  return { code, output: out.text() };
}

const edit = (dir: string, file: string, change: (text: string) => string) =>
  writeFileSync(path.join(dir, file), change(readFileSync(path.join(dir, file), 'utf8')));

describe('doctor', () => {
  it.each(['isr-store', 'cache-components-store'] as const)('finds nothing wrong in %s after init', async (name) => {
    const dir = await initialised(name);
    const { code, output } = doctor(dir);
    expect(output).not.toContain('FAIL');
    expect(output).toContain('No problems found.');
    expect(output).toContain('ok    SESSION_SECRET: one secret, from');
    expect(code).toBe(0);
  });

  it('flags a store before init: no page under [variant], no provider, no routes, the middleware not wired', async () => {
    const copy = copyFixture('isr-store');
    copies.push(copy);
    const { code, output } = doctor(copy.dir);
    expect(code).toBe(1);
    expect(output).toContain('FAIL  SESSION_SECRET is not set');
    expect(output).toContain('FAIL  middleware.ts does not run the session middleware');
    expect(output).toMatch(/FAIL {2}Pages outside app\/\[variant\]\/ .*app\/page\.tsx/);
    expect(output).toContain('FAIL  No app/[variant]/layout');
  });

  it('names the fix for a missing secret', async () => {
    const dir = await initialised('isr-store');
    rmSync(path.join(dir, '.env.local'));
    const { code, output } = doctor(dir);
    expect(code).toBe(1);
    expect(output).toContain('FAIL  SESSION_SECRET is not set');
    expect(output).toContain('fix: run `npx vtex-sessions-next init` to write a development secret to .env.local');
  });

  it('holds every rotation entry to the engine rule', async () => {
    const dir = await initialised('isr-store');
    vi.stubEnv('SESSION_SECRET', `${'a'.repeat(40)},short`);
    const { code, output } = doctor(dir);
    expect(code).toBe(1);
    expect(output).toContain('FAIL  SESSION_SECRET entry 2 is shorter than 32 characters (in the environment)');
    expect(output).toContain('SESSION_SECRET=new,old');
    vi.stubEnv('SESSION_SECRET', `${'a'.repeat(40)},${'b'.repeat(32)}`);
    expect(doctor(dir).output).toContain('ok    SESSION_SECRET: 2 secrets (rotation), from the environment');
  });

  it('names the fix for a matcher that misses pages', async () => {
    const dir = await initialised('isr-store');
    edit(dir, 'middleware.ts', (text) => text.replace(/export const config = [\s\S]*$/, "export const config = { matcher: ['/shop/:path*'] };\n"));
    const { code, output } = doctor(dir);
    expect(code).toBe(1);
    expect(output).toContain("FAIL  middleware.ts's matcher misses pages (/, /products/shirt)");
    expect(output).toContain(`fix: set config.matcher to ${JSON.stringify(pageMatcher(['/feed']))}`);
    expect(pageMatcher(['/feed'])[0]).toContain('api(?:/|$)|feed(?:/|$)|_next/');
  });

  it('flags a matcher that sends /api, Next files and the store route handlers to the session middleware', async () => {
    const dir = await initialised('isr-store');
    writeFileSync(
      path.join(dir, 'middleware.ts'),
      "import { createSessionMiddleware } from 'vtex-sessions-next/middleware';\nexport const middleware = createSessionMiddleware({ config: {}, transforms: [] });\nexport const config = { matcher: ['/:path*'] };\n",
    );
    const { code, output } = doctor(dir);
    expect(code).toBe(1);
    expect(output).toContain("FAIL  middleware.ts's matcher covers /api/sessions, /_next/static/chunks/main.js, /favicon.ico, /images/logo.png");
    expect(output).toContain('FAIL  The matcher covers route handlers outside app/api (/feed)');
  });

  it('names the fix for a page outside [variant]', async () => {
    const dir = await initialised('cache-components-store');
    mkdirSync(path.join(dir, 'src/app/contact'));
    writeFileSync(path.join(dir, 'src/app/contact/page.tsx'), 'export default function Contact() { return <h1>Contact</h1>; }\n');
    const { code, output } = doctor(dir);
    expect(code).toBe(1);
    expect(output).toContain('FAIL  Pages outside app/[variant]/ get no variant');
    expect(output).toContain('src/app/contact/page.tsx');
    expect(output).toContain('fix: move them under src/app/[variant]/');
  });

  it('flags a missing provider and missing routes', async () => {
    const dir = await initialised('isr-store');
    edit(dir, 'app/[variant]/layout.tsx', (text) => text.replace(/<SessionProvider[^>]*>/, '<>').replace('</SessionProvider>', '</>'));
    rmSync(path.join(dir, 'app/api/sessions/form'), { recursive: true });
    const { output } = doctor(dir);
    expect(output).toContain('does not mount <SessionProvider>');
    expect(output).toContain('FAIL  Missing: app/api/sessions/form');
  });

  it('flags variant fields that differ between the config and the provider', async () => {
    const dir = await initialised('isr-store');
    edit(dir, 'store.config.ts', (text) => text.replace("  audiences: [],", "  audiences: [],\n  variantFields: ['channel', 'regionId'],"));
    expect(doctor(dir).output).toContain('FAIL  store.config.ts sets variantFields but app/[variant]/layout.tsx');
    edit(dir, 'app/[variant]/layout.tsx', (text) => text.replace('<SessionProvider ', "<SessionProvider variantFields={['regionId', 'channel']} "));
    expect(doctor(dir).output).toContain('ok    The middleware and the provider use the same variant fields');
    edit(dir, 'app/[variant]/layout.tsx', (text) => text.replace("['regionId', 'channel']", "['channel']"));
    expect(doctor(dir).output).toContain('FAIL  variantFields differ: [channel, regionId] in store.config.ts, [channel] in app/[variant]/layout.tsx');
  });

  it('explains a page reading cookies() under the ISR variant', async () => {
    const dir = await initialised('isr-store');
    edit(dir, 'app/[variant]/account/page.tsx', (text) => text.replace(/export const dynamic = 'force-dynamic';/, ''));
    const { code, output } = doctor(dir);
    expect(code).toBe(1);
    expect(output).toContain('FAIL  app/[variant]/account/page.tsx reads cookies() or headers() under app/[variant]/, which is cached per variant (ISR): it answers 500 (DYNAMIC_SERVER_USAGE)');
    expect(output).toContain("fix: add `export const dynamic = 'force-dynamic'`");
  });

  it.each([
    {
      what: "Next 15's names for Cache Components",
      store: 'isr-store' as const,
      config: 'next.config.mjs',
      change: ['poweredByHeader: false,', 'poweredByHeader: false,\n  experimental: { dynamicIO: true },'],
      fail: 'FAIL  next.config.mjs sets Cache Components with a name of Next 15',
      fix: '`cacheComponents: true` at the top level',
    },
    {
      what: 'a basePath, which the kit does not support yet',
      store: 'cache-components-store' as const,
      config: 'next.config.ts',
      change: ['  cacheComponents: true,', "  basePath: '/shop',\n  cacheComponents: true,"],
      fail: 'FAIL  next.config.ts sets basePath: the kit does not support basePath yet: the home page skips the session middleware and answers 404',
      fix: 'fix: serve the store at the root of its host',
    },
  ])('flags $what', async ({ store, config, change: [from, to], fail, fix }) => {
    const dir = await initialised(store);
    edit(dir, config, (text) => text.replace(from!, to!));
    const { code, output } = doctor(dir);
    expect(code).toBe(1);
    expect(output).toContain(fail);
    expect(output).toContain(fix);
  });

  it('flags Partial Prefetching turned on again under Cache Components', async () => {
    const dir = await initialised('cache-components-store');
    expect(doctor(dir).output).toContain('ok    Cache Components: no segment options, params read inside <Suspense>, Partial Prefetching off');
    edit(dir, 'next.config.ts', (text) => text.replace('partialPrefetching: false', 'partialPrefetching: true'));
    const { code, output } = doctor(dir);
    expect(code).toBe(1);
    expect(output).toContain('FAIL  next.config.ts sets partialPrefetching: true: a page under app/[variant]/ that calls notFound()');
    expect(output).toContain('fix: set partialPrefetching: false');
  });

  it('flags what Cache Components refuses: segment options, cookies() in use cache, params read uncached, no Suspense above request-time pages', async () => {
    const dir = await initialised('cache-components-store');
    edit(dir, 'src/app/[variant]/about/page.tsx', (text) => `${text}\nexport const revalidate = 60;\n`);
    mkdirSync(path.join(dir, 'src/app/[variant]/cart'));
    writeFileSync(
      path.join(dir, 'src/app/[variant]/cart/page.tsx'),
      `'use cache';\nimport { cookies } from 'next/headers';\nexport default async function Cart() {\n  const jar = await cookies();\n  return <p>{jar.get('cart')?.value}</p>;\n}\n`,
    );
    edit(dir, 'src/app/[variant]/layout.tsx', (text) => text.replace("'use cache';", ''));
    edit(dir, 'src/app/layout.tsx', (text) => text.replace('<Suspense>', '<>').replace('</Suspense>', '</>'));
    const { code, output } = doctor(dir);
    expect(code).toBe(1);
    expect(output).toContain('FAIL  src/app/[variant]/about/page.tsx exports revalidate: Cache Components refuses route segment options');
    expect(output).toContain("FAIL  src/app/[variant]/cart/page.tsx reads cookies() or headers() inside 'use cache'");
    expect(output).toContain("src/app/[variant]/layout.tsx reads params outside 'use cache' and outside <Suspense>");
    expect(output).toContain('FAIL  src/app/layout.tsx has no <Suspense> around <body>: a notFound() under app/[variant]/ answers an empty document');
  });
});
