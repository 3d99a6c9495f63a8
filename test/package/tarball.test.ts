import { execFileSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * What `npm pack` ships, checked from the tarball itself: the files, the entry
 * points as a store's bundler and plain Node see them, and the boundaries each
 * entry promises ('use client', server-only, Edge-safe middleware).
 */

const ROOT = path.resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  exports: Record<string, string | { types: string; default: string }>;
  bin: Record<string, string>;
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
};

interface PackResult {
  filename: string;
  size: number;
  unpackedSize: number;
  files: { path: string }[];
}

let work: string;
let installed: string;
let packed: PackResult;

const target = (entry: string) => {
  const value = pkg.exports[entry];
  return typeof value === 'string' ? value : value!.default;
};
const fileOf = (entry: string) => path.join(installed, target(entry));

/** Runs an ES module snippet in plain Node from the store's directory (no Vitest resolver in between). */
function nodeEval(source: string, args: string[] = []): string {
  return execFileSync(process.execPath, [...args, '--input-type=module', '-e', source], { cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Every module a built file imports (static, re-exported or dynamic), as written. */
function importsOf(file: string): string[] {
  return ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((ref) => ref.fileName);
}

/** The files an entry's static imports reach inside the package, and the packages they name. */
function staticGraph(entryFile: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const source = readFileSync(file, 'utf8');
    const dynamic = new Set([...source.matchAll(/import\(\s*(?:\/\*.*?\*\/\s*)*"([^"]+)"\s*\)/gs)].map((match) => match[1]));
    for (const specifier of importsOf(file)) {
      if (dynamic.has(specifier)) continue;
      if (specifier.startsWith('.')) visit(path.resolve(path.dirname(file), specifier));
      else packages.add(specifier);
    }
  };
  visit(entryFile);
  return { files, packages };
}

const packageName = (specifier: string) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'sessions-tarball-'));
  // prepack builds dist/ first: this is the tarball a store installs.
  const output = execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  packed = (JSON.parse(output.slice(output.indexOf('['))) as PackResult[])[0]!;
  console.log(`[tarball] ${packed.filename}: ${(packed.size / 1024).toFixed(1)} kB packed, ${(packed.unpackedSize / 1024).toFixed(1)} kB unpacked, ${packed.files.length} files`);

  // Installed as npm would lay it out, its dependencies and peers taken from this repository.
  installed = path.join(work, 'node_modules', pkg.name);
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['xzf', path.join(work, packed.filename), '-C', installed, '--strip-components=1']);
  for (const name of [...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies)]) {
    const link = path.join(work, 'node_modules', name);
    mkdirSync(path.dirname(link), { recursive: true });
    symlinkSync(path.join(ROOT, 'node_modules', name), link);
  }
}, 180_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the tarball', () => {
  it('is named after the package and version, and holds the build, the manifest and the docs only', () => {
    expect(packed.filename).toBe(`${pkg.name}-${pkg.version}.tgz`);
    const paths = packed.files.map((file) => file.path);
    // docs/*.md ride along so the README's links work inside node_modules too.
    const outside = paths.filter((file) => !file.startsWith('dist/') && !/^docs\/[\w-]+\.md$/.test(file) && !['package.json', 'README.md', 'CHANGELOG.md'].includes(file));
    expect(outside).toEqual([]);
    for (const forbidden of [/^dist\/(app|test|e2e|bench|data|docs|scripts)\//, /fixtures/, /\.test\./, /(^|\/)(store\.config|session-kit|session-transforms)\./]) {
      expect(paths.filter((file) => forbidden.test(file))).toEqual([]);
    }
    expect(paths).toContain('CHANGELOG.md');
    expect(paths).toContain('docs/install.md');
    // A guard against shipping data or bundles by mistake: the kit's code is a few hundred kB.
    expect(packed.unpackedSize).toBeLessThan(1024 * 1024);
  });

  it('has every entry point and its type declarations', () => {
    expect(Object.keys(pkg.exports).sort()).toEqual(['.', './components', './config', './middleware', './package.json', './react', './server']);
    for (const [entry, value] of Object.entries(pkg.exports)) {
      if (typeof value === 'string') continue;
      expect(existsSync(path.join(installed, value.default)), entry).toBe(true);
      expect(existsSync(path.join(installed, value.types)), entry).toBe(true);
    }
  });

  it('imports nothing it does not declare as a dependency or a peer', () => {
    const declared = new Set([...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies)]);
    const files = packed.files.map((file) => file.path).filter((file) => file.endsWith('.js'));
    const undeclared = new Set<string>();
    for (const file of files) {
      for (const specifier of importsOf(path.join(installed, file))) {
        if (specifier.startsWith('.') || specifier.startsWith('node:') || builtinModules.includes(specifier)) continue;
        if (!declared.has(packageName(specifier))) undeclared.add(`${file}: ${specifier}`);
      }
    }
    expect([...undeclared]).toEqual([]);
    expect(pkg.peerDependencies).toHaveProperty('next');
    expect(pkg.peerDependencies).toHaveProperty('react');
    expect(pkg.dependencies).not.toHaveProperty('redis');
  });
});

describe('the entry points, loaded from the installed tarball', () => {
  it('the engine and the config load in plain Node', () => {
    const names = JSON.parse(
      nodeEval(`
        const engine = await import('${pkg.name}');
        const config = await import('${pkg.name}/config');
        console.log(JSON.stringify({ engine: Object.keys(engine), config: Object.keys(config) }));`),
    ) as { engine: string[]; config: string[] };
    expect(names.engine).toEqual(expect.arrayContaining(['SessionEngine', 'builtInTransforms', 'cookieStore', 'parseSecrets', 'LoginThrottle', 'DEFAULT_VARIANT_FIELDS']));
    expect(names.config).toEqual(expect.arrayContaining(['withSessionKit', 'ensureDevelopmentSecret', 'requireSecret']));
  });

  it('withSessionKit refuses a production start without a secret, in plain Node as next.config runs it', () => {
    const outcome = nodeEval(`
      const { withSessionKit } = await import('${pkg.name}/config');
      delete process.env.SESSION_SECRET;
      try { await withSessionKit({})('phase-production-server', { defaultConfig: {} }); console.log('started'); }
      catch (error) { console.log(error.message); }`);
    expect(outcome).toContain('SESSION_SECRET is not set');
  });

  it('the middleware entry loads in plain Node and holds the middleware factory', () => {
    const names = JSON.parse(nodeEval(`console.log(JSON.stringify(Object.keys(await import('${pkg.name}/middleware'))));`)) as string[];
    expect(names).toEqual(expect.arrayContaining(['createSessionMiddleware', 'VARIANT_HEADER']));
  });

  it('the middleware entry is Edge-safe: no Node built-in and nothing of Redis in its graph', () => {
    const { files, packages } = staticGraph(fileOf('./middleware'));
    expect(files.size).toBeGreaterThan(5);
    const node = [...packages].filter((name) => name.startsWith('node:') || builtinModules.includes(name));
    expect(node).toEqual([]);
    expect([...packages].filter((name) => /^(@redis\/|redis$)/.test(name))).toEqual([]);
    expect([...files].filter((file) => /redis/.test(path.basename(file)))).toEqual([]);
    // Nor the server-side kit: no next/headers, no server-only, no store factory.
    expect([...packages].filter((name) => ['next/headers', 'server-only'].includes(name))).toEqual([]);
    expect([...files].filter((file) => /store-from-env|server\.js$/.test(file))).toEqual([]);
  });

  it('the engine loads Redis only on demand: no static path to it', () => {
    for (const entry of ['.', './server']) {
      const { files, packages } = staticGraph(fileOf(entry));
      expect([...packages].filter((name) => /^(@redis\/|redis$)/.test(name)), entry).toEqual([]);
      expect([...files].filter((file) => /redis/.test(path.basename(file))), entry).toEqual([]);
    }
    // The store module itself is there, reached by store-from-env's dynamic import.
    expect(readFileSync(path.join(installed, 'dist/lib/next/store-from-env.js'), 'utf8')).toMatch(/import\("\.\.\/session\/stores\/redis\.js"\)/);
  });

  it('the server entry imports server-only, a dependency, whose plain export throws: a client bundle that pulls it in fails', () => {
    expect(importsOf(fileOf('./server'))).toContain('server-only');
    expect(pkg.dependencies).toHaveProperty('server-only');
    // What a client bundle (no react-server condition) resolves it to, from the entry's own folder.
    expect(() => nodeEval(`import { createRequire } from 'node:module'; createRequire('${fileOf('./server')}')('server-only');`)).toThrow(
      /cannot be imported from a Client Component/,
    );
  });

  it("the client entries start with 'use client', and so does each module that declares it in the sources", () => {
    for (const entry of ['./react', './components']) {
      expect(readFileSync(fileOf(entry), 'utf8').trimStart(), entry).toMatch(/^["']use client["'];/);
    }
    for (const source of ['lib/react/SessionProvider.tsx', 'lib/react/context.ts', 'lib/react/hooks.ts', 'components/RegionPicker.tsx']) {
      const built = path.join(installed, 'dist', source.replace(/\.tsx?$/, '.js'));
      expect(readFileSync(built, 'utf8').trimStart(), source).toMatch(/^["']use client["'];/);
    }
    // The server entry is not a client module.
    expect(readFileSync(fileOf('./server'), 'utf8')).not.toMatch(/use client/);
  });

  it('the bin runs with Node', () => {
    const bin = path.join(installed, pkg.bin[pkg.name]!);
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
    let output = '';
    try {
      output = execFileSync(process.execPath, [bin, '--help'], { cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      output = String((error as { stderr?: string }).stderr ?? error);
    }
    expect(output).toMatch(/init/);
    expect(output).toMatch(/doctor/);
  });
});
