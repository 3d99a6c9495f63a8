// Builds the installable package into dist/ (run by `prepack`): one ESM file per
// source file, mirroring lib/, components/ and cli/, so each module keeps its own
// 'use client' and each entry's graph holds only what it imports. Dependencies and
// peers (next, react, redis, server-only...) stay imports. Types come from tsc.
import { execFileSync } from 'node:child_process';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'dist');

/** The public entry points (package.json "exports" and "bin" name their outputs). */
export const ENTRIES = [
  'lib/session/index.ts',
  'lib/next/index.ts',
  'lib/next/middleware-entry.ts',
  'lib/react/index.ts',
  'lib/config/index.ts',
  'components/index.ts',
  'cli/index.ts',
];

const isBare = (id) => !id.startsWith('.') && !path.isAbsolute(id) && !id.startsWith('@/') && !id.startsWith('\0');

// Next has no "exports" map: plain Node resolves `next/server` only as `next/server.js`,
// which Next's bundler resolves too, so the middleware entry loads in both. Other Next
// subpaths stay as written: the bundler swaps them per layer (a route handler's
// next/navigation is not a page's), which a file path would bypass.
const nodeResolvable = (id) => (id === 'next/server' ? 'next/server.js' : id);

rmSync(outDir, { recursive: true, force: true });

const bundle = await rolldown({
  // preserveModules keeps each module's directive in its own file: the bundling warning does not apply.
  onLog(level, log, handler) {
    if (log.code !== 'MODULE_LEVEL_DIRECTIVE') handler(level, log);
  },
  cwd: root,
  input: ENTRIES.map((entry) => path.join(root, entry)),
  external: isBare,
  platform: 'neutral',
  tsconfig: path.join(root, 'tsconfig.build.json'),
  transform: { target: 'es2022', jsx: { runtime: 'automatic' } },
  // Entries import their modules for their exports only; keep every module's own top-level code.
  treeshake: { moduleSideEffects: true },
});
await bundle.write({
  dir: outDir,
  format: 'esm',
  preserveModules: true,
  preserveModulesRoot: root,
  entryFileNames: '[name].js',
  paths: nodeResolvable,
  sourcemap: false,
});
await bundle.close();

// dist/ is ESM whatever the repository's own package.json says.
writeFileSync(path.join(outDir, 'package.json'), `${JSON.stringify({ type: 'module' }, null, 2)}\n`);
chmodSync(path.join(outDir, 'cli/index.js'), 0o755);

execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')], {
  stdio: 'inherit',
});
