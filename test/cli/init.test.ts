import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runInit } from '../../cli/init';
import { planInit } from '../../cli/init-plan';
import { detectProject } from '../../cli/project';
import { SESSION_MATCHER } from '../../lib/next/page-paths';
import { copyFixture, snapshotTree, type FixtureName } from '../support/fixture-copy';
import { captureOutput, withInstalledNext } from './helpers';

const copies: { remove(): void }[] = [];
afterEach(() => {
  while (copies.length) copies.pop()!.remove();
});

function fixture(name: FixtureName): string {
  const copy = copyFixture(name);
  copies.push(copy);
  return copy.dir;
}

const read = (dir: string, file: string) => readFileSync(path.join(dir, file), 'utf8');

async function init(dir: string, options: Partial<Parameters<typeof runInit>[0]> = {}) {
  const out = captureOutput();
  const code = await runInit({ cwd: dir, yes: true, dryRun: false, allowDirty: false, ...options }, out);
  return { code, output: out.text() };
}

describe('init: detection', () => {
  it('finds src/, the @/ alias, Cache Components and the middleware of a create-next-app 16 store', () => {
    const project = detectProject(fixture('cache-components-store'));
    expect(project).toMatchObject({
      srcDir: 'src',
      appDir: 'src/app',
      language: 'ts',
      alias: '@/',
      nextConfig: 'next.config.ts',
      cacheComponents: true,
      middleware: { file: 'src/middleware.ts', kind: 'middleware' },
    });
  });

  it('finds a root store with ISR, its alias to the root and its .mjs config', () => {
    const project = detectProject(fixture('isr-store'));
    expect(project).toMatchObject({ srcDir: '', appDir: 'app', alias: '@/', nextConfig: 'next.config.mjs', cacheComponents: false, middleware: { file: 'middleware.ts' } });
  });

  it('reads a commented-out cacheComponents as off and a proxy.ts as the middleware', () => {
    const dir = fixture('isr-store');
    writeFileSync(path.join(dir, 'next.config.mjs'), 'export default {\n  // cacheComponents: true,\n};\n');
    execFileSync('mv', [path.join(dir, 'middleware.ts'), path.join(dir, 'proxy.ts')]);
    expect(detectProject(dir)).toMatchObject({ cacheComponents: false, middleware: { file: 'proxy.ts', kind: 'proxy' } });
  });

  it('refuses a folder without an App Router', async () => {
    const dir = fixture('isr-store');
    execFileSync('rm', ['-r', path.join(dir, 'app')]);
    expect(() => detectProject(dir)).toThrow(/No App Router folder/);
  });
});

describe('init on an ISR store at the root', () => {
  it('moves pages under app/[variant]/ and leaves the root layout, route handlers, app/api, metadata and private folders', async () => {
    const dir = fixture('isr-store');
    const { code, output } = await init(dir);
    expect(code, output).toBe(0);
    for (const file of ['app/[variant]/page.tsx', 'app/[variant]/account/page.tsx', 'app/[variant]/blog/[slug]/page.tsx']) expect(existsSync(path.join(dir, file)), file).toBe(true);
    for (const file of ['app/layout.tsx', 'app/globals.css', 'app/favicon.ico', 'app/feed/route.ts', 'app/api/hello/route.ts', 'app/_components/Nav.tsx']) {
      expect(existsSync(path.join(dir, file)), file).toBe(true);
    }
    expect(existsSync(path.join(dir, 'app/page.tsx'))).toBe(false);
    // Relative imports follow the moved pages to the files that stayed.
    expect(read(dir, 'app/[variant]/page.tsx')).toContain(`from "../_components/Price"`);
    expect(read(dir, 'app/[variant]/blog/[slug]/page.tsx')).toContain(`from "../../../_components/Price"`);
    // A binary file moves byte for byte (the favicon stays; nothing else is binary here).
    expect(readFileSync(path.join(dir, 'app/favicon.ico'))).toEqual(readFileSync(path.resolve(__dirname, '../fixtures/isr-store/app/favicon.ico')));
  });

  it('makes the page that reads cookies() dynamic, since ISR would answer it with a 500', async () => {
    const dir = fixture('isr-store');
    const { output } = await init(dir);
    const account = read(dir, 'app/[variant]/account/page.tsx');
    expect(account).toMatch(/^import \{ cookies \} from "next\/headers";\n\n\/\/ Reads cookies\(\)[^\n]*\n[^\n]*\nexport const dynamic = 'force-dynamic';\n/);
    expect(read(dir, 'app/[variant]/page.tsx')).not.toContain('force-dynamic');
    expect(output).toContain('app/[variant]/account/page.tsx reads cookies() or headers(), so init made it dynamic');
  });

  it('composes the store middleware with the kit, keeping its code aside, and leaves the /feed route out of the matcher', async () => {
    const dir = fixture('isr-store');
    const original = read(dir, 'middleware.ts');
    await init(dir);
    expect(read(dir, 'store-middleware.ts')).toContain(original);
    const middleware = read(dir, 'middleware.ts');
    expect(middleware).toContain(`import ownMiddleware from './store-middleware';`);
    expect(middleware).toContain(`import { sessionTransforms } from '@/session-transforms';`);
    expect(middleware).toContain('export const middleware = composeMiddleware(createSessionMiddleware({');
    expect(middleware).toContain('{ before: ownMiddleware }');
    // The /feed route handler is not a page: the session part leaves it alone.
    expect(middleware).toContain('const ROUTE_HANDLERS = /^\\/(?:feed)(?:\\/|$)/;');
    expect(middleware).toContain('isPage: (pathname: string) => isPagePath(pathname) && !ROUTE_HANDLERS.test(pathname),');
    // The store's middleware had no matcher: it still runs everywhere.
    expect(middleware).toContain('export const config = {};');
  });

  it('writes the config, the routes, the ISR variant layout, the region page, the secret and wraps next.config', async () => {
    const dir = fixture('isr-store');
    await init(dir);
    const config = read(dir, 'store.config.ts');
    expect(config).toContain(`import regions from '@/data/regions.json';`);
    expect(config).toMatch(/channels: \[\n\s+\{\n\s+id: '1'/);
    expect(config).not.toMatch(/^\s*customers/m);
    expect(JSON.parse(read(dir, 'data/regions.json')).areas.length).toBeGreaterThan(0);
    for (const route of ['sessions', 'sessions/form', 'segments', 'segments/[...token]']) {
      expect(read(dir, `app/api/${route}/route.ts`)).toContain('vtex-sessions-next/server');
    }
    const layout = read(dir, 'app/[variant]/layout.tsx');
    expect(layout).toContain('export const revalidate = 3600;');
    expect(read(dir, 'app/layout.tsx')).not.toContain('Suspense');
    expect(layout).toContain('<SessionProvider variant={code} initialSegment={segment}>');
    expect(layout).not.toContain('Suspense');
    expect(read(dir, 'app/[variant]/region/page.tsx')).toContain("export const dynamic = 'force-dynamic';");
    expect(read(dir, 'next.config.mjs')).toBe(
      `import { withSessionKit } from 'vtex-sessions-next/config';\n\n/** @type {import('next').NextConfig} */\nconst nextConfig = {\n  poweredByHeader: false,\n};\n\nexport default withSessionKit(nextConfig);\n`,
    );
    const secret = /^SESSION_SECRET=(.+)$/m.exec(read(dir, '.env.local'))![1]!;
    expect(secret.length).toBeGreaterThanOrEqual(32);
  });

  it('changes nothing when run a second time', async () => {
    const dir = fixture('isr-store');
    await init(dir);
    const before = snapshotTree(dir);
    const { code, output } = await init(dir);
    expect(code).toBe(0);
    expect(output).toContain('Nothing to change');
    expect(snapshotTree(dir)).toEqual(before);
  });
});

describe('init on a Cache Components store in src/', () => {
  it('writes the Cache Components layout and region page, with no segment options', async () => {
    const dir = fixture('cache-components-store');
    const { code, output } = await init(dir);
    expect(code, output).toBe(0);
    const layout = read(dir, 'src/app/[variant]/layout.tsx');
    expect(layout).toContain("  'use cache';\n  cacheLife('hours');\n  const { code, segment } = await readVariant(params);");
    expect(layout).toContain('export const generateStaticParams = variantStaticParams;');
    // Pages that read the request (the /region page) need a Suspense above them: around <body>.
    const root = read(dir, 'src/app/layout.tsx');
    expect(root).toContain(`import "./globals.css";\nimport { Suspense } from 'react';\n\nexport const metadata`);
    expect(root).toMatch(/\n {6}<Suspense>\n {8}<body>\n {10}<Header \/>\n {10}\{children\}\n {8}<\/body>\n {6}<\/Suspense>\n/);
    expect(layout).not.toMatch(/export const (?:revalidate|dynamic|dynamicParams)/);
    expect(read(dir, 'src/app/[variant]/region/page.tsx')).not.toMatch(/export const dynamic/);
    expect(read(dir, 'src/app/[variant]/page.tsx')).toContain(`import styles from "./page.module.css";`);
    expect(existsSync(path.join(dir, 'src/app/[variant]/page.module.css'))).toBe(true);
    expect(read(dir, 'src/instrumentation.ts')).toContain("import('@/session-transforms')");
    for (const file of ['src/store.config.ts', 'src/session-kit.ts', 'src/session-transforms.ts', 'src/data/regions.json', 'src/store-middleware.ts', 'src/app/robots.ts', 'src/app/icon.svg', 'src/app/api/health/route.ts']) {
      expect(existsSync(path.join(dir, file)), file).toBe(true);
    }
    const middleware = read(dir, 'src/middleware.ts');
    expect(middleware).toContain(`import { middleware as ownMiddleware } from './store-middleware';`);
    // The store's own matcher is kept next to the session middleware's.
    expect(middleware).toContain(JSON.stringify('/((?!_next/static|_next/image|favicon.ico).*)'));
    for (const entry of SESSION_MATCHER) expect(middleware).toContain(JSON.stringify(entry));
    expect(middleware).not.toContain('ROUTE_HANDLERS');
    const config = read(dir, 'next.config.ts');
    expect(config).toContain('export default withSessionKit(nextConfig);');
    // create-next-app 16.4 turns Partial Prefetching on; pages cached per variant need it off.
    expect(config).toContain('  partialPrefetching: false,\n');
    expect(config).not.toMatch(/partialPrefetching: true/);
    expect(output).toContain('partialPrefetching: false, so variant pages answer notFound() with a 404');
  });

  it('sets partialPrefetching off where the config has no value and the installed Next asks for one', async () => {
    for (const [version, expected] of [['16.4.6', true], ['16.3.0', false]] as const) {
      const dir = fixture('cache-components-store');
      writeFileSync(path.join(dir, 'next.config.ts'), read(dir, 'next.config.ts').replace('  partialPrefetching: true,\n', ''));
      withInstalledNext(dir, version);
      expect(detectProject(dir).nextVersion).toBe(version);
      await init(dir);
      const config = read(dir, 'next.config.ts');
      expect(config.includes('  cacheComponents: true,\n  // Off for pages cached per variant'), version).toBe(expected);
      expect(config.includes('partialPrefetching: false,'), version).toBe(expected);
      expect(config, version).not.toContain('partialPrefetching: true');
    }
  });

  it('marks the /region page instant = false on a Next that knows it (16.3 and later), under the root layout\'s <Suspense>', async () => {
    for (const [version, instant] of [['16.3.0', true], ['16.5.0', true], ['16.2.12', false]] as const) {
      const dir = fixture('cache-components-store');
      withInstalledNext(dir, version);
      await init(dir);
      const region = read(dir, 'src/app/[variant]/region/page.tsx');
      if (instant) {
        // It blocks on purpose; without it, Next's instant-navigation check in next dev reports the page.
        expect(region, version).toContain(`import { sessionKit } from '@/session-kit';\n\n// It reads the request: rendered whole for each request (the root layout's <Suspense>),\n// so its form works without JavaScript. It blocks on purpose, and says so to Next's\n// navigation checks in next dev.\nexport const instant = false;\n`);
      } else {
        // Older page types refuse an export they do not know.
        expect(region, version).not.toContain('instant');
      }
      // Either way the <Suspense> around <body>: it is what renders a notFound() page whole.
      expect(read(dir, 'src/app/layout.tsx'), version).toMatch(/\n {6}<Suspense>\n {8}<body>\n/);
    }
  });

  it('says a basePath is not supported yet, and wires the store all the same', async () => {
    const dir = fixture('cache-components-store');
    writeFileSync(path.join(dir, 'next.config.ts'), read(dir, 'next.config.ts').replace('  cacheComponents: true,', "  basePath: '/shop',\n  cacheComponents: true,"));
    const { code, output } = await init(dir);
    expect(code).toBe(0);
    expect(output).toContain('next.config.ts sets basePath: the kit does not support basePath yet');
    expect(existsSync(path.join(dir, 'src/middleware.ts'))).toBe(true);
    // Wired all the same: the fixture had a middleware of its own already, so look at what init wrote.
    expect(read(dir, 'next.config.ts')).toContain("  basePath: '/shop',\n  cacheComponents: true,");
    expect(read(dir, 'next.config.ts')).toContain('export default withSessionKit(nextConfig);');
    expect(read(dir, 'src/middleware.ts')).toContain(`import { middleware as ownMiddleware } from './store-middleware';`);
  });

  it('changes nothing when run a second time', async () => {
    const dir = fixture('cache-components-store');
    await init(dir);
    const before = snapshotTree(dir);
    expect(planInit(detectProject(dir)).empty).toBe(true);
    await init(dir);
    expect(snapshotTree(dir)).toEqual(before);
  });
});

describe('init: safety', () => {
  function gitRepo(dir: string) {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
    git('init', '-q');
    git('add', '-A');
    git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'store');
  }

  it('refuses a dirty git tree unless --allow-dirty', async () => {
    const dir = fixture('isr-store');
    gitRepo(dir);
    writeFileSync(path.join(dir, 'app/page.tsx'), read(dir, 'app/page.tsx') + '\n// edited\n');
    const before = snapshotTree(dir);
    const refused = await init(dir);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('uncommitted changes (app/page.tsx)');
    expect(refused.output).toContain('--allow-dirty');
    expect(snapshotTree(dir)).toEqual(before);
    expect((await init(dir, { allowDirty: true })).code).toBe(0);
    expect(existsSync(path.join(dir, 'app/[variant]/page.tsx'))).toBe(true);
  });

  it('--dry-run prints the plan and changes nothing', async () => {
    const dir = fixture('cache-components-store');
    const before = snapshotTree(dir);
    const { code, output } = await init(dir, { dryRun: true, yes: false });
    expect(code).toBe(0);
    expect(output).toContain('move    src/app/page.tsx -> src/app/[variant]/page.tsx');
    expect(output).toContain('create  src/app/api/sessions/route.ts');
    expect(output).toContain('Dry run: nothing was changed.');
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('asks before applying without --yes, and a no changes nothing', async () => {
    const dir = fixture('isr-store');
    const before = snapshotTree(dir);
    const confirm = vi.fn(async () => false);
    const { code } = await init(dir, { yes: false, confirm });
    expect(confirm).toHaveBeenCalledWith('Apply these changes?');
    expect(code).toBe(1);
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('leaves a file the store already has alone and says so', async () => {
    const dir = fixture('isr-store');
    mkdirSync(path.join(dir, 'app/api/sessions'), { recursive: true });
    writeFileSync(path.join(dir, 'app/api/sessions/route.ts'), 'export const GET = () => new Response("mine");\n');
    const { output } = await init(dir);
    expect(read(dir, 'app/api/sessions/route.ts')).toContain('mine');
    expect(output).toContain('app/api/sessions/route.ts: exists and differs from what init writes');
  });
});

describe('init on a JavaScript store without an alias', () => {
  it('writes .js/.jsx files without types and imports relatively', async () => {
    const dir = fixture('isr-store');
    execFileSync('rm', [path.join(dir, 'tsconfig.json')]);
    writeFileSync(path.join(dir, 'jsconfig.json'), '{ "compilerOptions": {} }\n');
    const { code, output } = await init(dir);
    expect(code, output).toBe(0);
    const config = read(dir, 'store.config.js');
    expect(config).not.toMatch(/satisfies|import type/);
    expect(config).toContain(`import regions from './data/regions.json';`);
    expect(read(dir, 'session-kit.js')).toContain(`from './session-transforms';`);
    expect(read(dir, 'app/api/sessions/route.js')).toContain(`import { sessionKit } from '../../../session-kit';`);
    expect(read(dir, 'app/api/segments/[...token]/route.js')).toContain('createSegmentTokenRoute');
    const layout = read(dir, 'app/[variant]/layout.jsx');
    expect(layout).not.toMatch(/: Props|type Props|ReactNode/);
    expect(read(dir, 'app/[variant]/region/page.jsx')).toContain(`import { sessionKit } from '../../../session-kit';`);
  });
});
