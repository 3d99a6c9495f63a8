import { defineConfig } from 'vitest/config';

export default defineConfig({
  // tsconfig.json's paths: `@/*` and the package's entry points (`vtex-sessions-next/...`)
  // resolve to the sources, as in the demo's Next build.
  resolve: { tsconfigPaths: true },
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    environment: 'node',
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 180_000,
    allowOnly: false,
  },
});
