/**
 * Turns the kit's TypeScript into JavaScript the benchmarks can load, with rolldown
 * (already installed: Vitest's Vite bundles with it). Two uses:
 *  - kitForNode(): bench/lib/kit.ts as one CommonJS file for in-process runs, its
 *    packages (next, iron-session, zod, ...) left to Node's own resolution;
 *  - clientBundle(): the client kit minified for browsers, React, SWR and Next left
 *    out, to count the bytes a store ships for it.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from './paths.mjs';

/** Under node_modules so bare imports in the output resolve to the project's packages. */
export const OUT_DIR = path.join(ROOT, 'node_modules/.cache/vtex-sessions-bench');

/** rolldown comes with Vitest (through Vite); say so if it ever stops coming. */
async function rolldown(options) {
  let api;
  try {
    api = await import('rolldown');
  } catch (error) {
    throw new Error('The benchmarks bundle with rolldown, installed with Vitest (through Vite). Run `npm ci`, or add it: npm install --save-dev --save-exact rolldown', { cause: error });
  }
  return api.rolldown(options);
}

/**
 * The demo imports the kit by its package name (`vtex-sessions-next/middleware`, …);
 * tsconfig.json's paths say which source each entry point is, as they do for the build.
 */
const ENTRY_POINTS = (() => {
  const paths = JSON.parse(readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8')).compilerOptions.paths;
  return new Map(Object.entries(paths).filter(([name]) => name.startsWith('vtex-sessions-next')).map(([name, [target]]) => [name, path.join(ROOT, target)]));
})();
const entryPoints = { name: 'vtex-sessions-next-entry-points', resolveId: (id) => ENTRY_POINTS.get(id) ?? null };

const isPackage = (id) => !ENTRY_POINTS.has(id) && !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('@/') && !id.startsWith('\0');

export async function kitForNode() {
  const dir = path.join(OUT_DIR, 'node');
  mkdirSync(dir, { recursive: true });
  const bundle = await rolldown({
    input: path.join(ROOT, 'bench/lib/kit.ts'),
    platform: 'node',
    external: isPackage,
    resolve: { alias: { '@': ROOT } },
    plugins: [entryPoints],
    logLevel: 'silent',
  });
  await bundle.write({ dir, format: 'cjs', entryFileNames: 'kit.cjs' });
  await bundle.close();
  return createRequire(import.meta.url)(path.join(dir, 'kit.cjs'));
}

/**
 * Bundles `entry` (code, not a path) for browsers, minified. Returns every output
 * chunk with raw and gzipped (level 9) bytes and its static imports.
 */
export async function clientBundle(name, entry, external) {
  const dir = path.join(OUT_DIR, `client-${name}`);
  rmSync(dir, { recursive: true, force: true });
  const entryId = '\0bench-entry';
  const bundle = await rolldown({
    input: entryId,
    platform: 'browser',
    external: (id) => external.some((pkg) => id === pkg || id.startsWith(`${pkg}/`)),
    resolve: { alias: { '@': ROOT } },
    transform: { define: { 'process.env.NODE_ENV': '"production"' } },
    plugins: [
      entryPoints,
      {
        name: 'bench-entry',
        resolveId: (id) => (id === entryId ? id : null),
        load: (id) => (id === entryId ? entry : null),
      },
    ],
    logLevel: 'silent',
  });
  const { output } = await bundle.write({ dir, format: 'esm', minify: true, entryFileNames: 'entry.js', chunkFileNames: '[name]-[hash].js' });
  await bundle.close();
  return output
    .filter((chunk) => chunk.type === 'chunk')
    .map((chunk) => {
      const code = readFileSync(path.join(dir, chunk.fileName));
      return {
        file: chunk.fileName,
        isEntry: chunk.isEntry,
        imports: chunk.imports,
        bytes: code.length,
        gzip: gzipSync(code, { level: 9 }).length,
        modules: Object.keys(chunk.modules).map((id) => path.relative(ROOT, id)),
      };
    });
}

/**
 * `file` (a module of the repository) and what it imports as one script that sets
 * `globalThis[name]`: code that runs as it is in a plain VM context or in Next's Edge
 * sandbox, to measure the same bundle in both.
 */
export async function scriptBundle(file, name) {
  const bundle = await rolldown({
    input: path.join(ROOT, file),
    platform: 'browser',
    resolve: { alias: { '@': ROOT } },
    plugins: [entryPoints],
    logLevel: 'silent',
  });
  const { output } = await bundle.generate({ format: 'iife', name });
  await bundle.close();
  return output[0].code;
}
