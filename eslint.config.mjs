import { builtinModules } from 'node:module';
import globals from 'globals';
import next from 'eslint-config-next';

/**
 * lib/session is the framework-free core: it runs in the Edge middleware, in Node
 * route handlers and in tests alike, so it may use Web APIs only. Next, React and
 * Node built-ins belong in lib/next and lib/react; the Redis client only in the
 * Redis store's own files.
 */
const frameworkFree = (allowRedis) => [
  'error',
  {
    paths: [
      ...builtinModules.filter((name) => !name.startsWith('_')).map((name) => ({ name, message: 'lib/session runs on the Edge too: use Web APIs, not Node built-ins.' })),
      ...(allowRedis ? [] : [{ name: 'redis', message: 'The Redis client belongs in lib/session/stores/redis*.ts only.' }]),
    ],
    patterns: [
      { group: ['node:*'], message: 'lib/session runs on the Edge too: use Web APIs, not Node built-ins.' },
      { group: ['next', 'next/*'], message: 'lib/session is framework-free: Next adapters belong in lib/next.' },
      { group: ['react', 'react/*', 'react-dom', 'react-dom/*'], message: 'lib/session is framework-free: React code belongs in lib/react.' },
      ...(allowRedis ? [] : [{ group: ['redis/*', '@redis/*'], message: 'The Redis client belongs in lib/session/stores/redis*.ts only.' }]),
    ],
  },
];

/**
 * The demo uses the kit as a store does: through the package's entry points
 * (`vtex-sessions-next`, `vtex-sessions-next/server`, ...), which tsconfig paths
 * resolve to the sources. Reaching into lib/ or components/ would test code a
 * store cannot import; a missing export is a gap in the entry instead.
 */
const kitInternals = 'The demo imports the kit through its entry points (vtex-sessions-next, vtex-sessions-next/server, /middleware, /react, /components, /config): export what is missing from the entry.';
const throughEntryPoints = [
  'error',
  {
    patterns: [
      { group: ['@/lib', '@/lib/**', '@/components', '@/components/**'], message: kitInternals },
      { group: ['./lib', './lib/**', '../**/lib', '../**/lib/**', './components', './components/**', '../**/components', '../**/components/**'], message: kitInternals },
    ],
  },
];

/**
 * Plain-JavaScript Node scripts (the benchmarks, the package build, this file):
 * nothing type-checks them, so an identifier that names nothing (a missing import)
 * is caught here rather than minutes into a benchmark run.
 */
const nodeScripts = {
  files: ['bench/**/*.mjs', 'scripts/**/*.mjs', '*.mjs'],
  languageOptions: { globals: globals.node },
  rules: { 'no-undef': 'error' },
};

const config = [
  { ignores: ['.next/**', '.next-*/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts', 'test/fixtures/**'] },
  ...next,
  nodeScripts,
  { files: ['lib/session/**/*.{ts,tsx,js,mjs,cjs}'], rules: { 'no-restricted-imports': frameworkFree(false) } },
  { files: ['lib/session/stores/redis*.ts'], rules: { 'no-restricted-imports': frameworkFree(true) } },
  {
    files: ['app/**/*.{ts,tsx}', 'store.config.ts', 'session-kit.ts', 'session-transforms.ts', 'middleware.ts', 'proxy.ts', 'next.config.ts', 'instrumentation.ts'],
    rules: { 'no-restricted-imports': throughEntryPoints },
  },
];

export default config;
