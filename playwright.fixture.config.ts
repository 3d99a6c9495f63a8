import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

/**
 * Playwright against a fixture store (test/fixtures/cache-components-store) with the
 * packed kit installed and `init --yes` run: the global setup prepares, builds and
 * starts it (reusing what the Vitest fixture tests prepared in the same run).
 */
export const FIXTURE_PORT = Number(process.env.E2E_FIXTURE_PORT ?? process.env.E2E_PORT ?? 3211);
const chromium = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));

export default defineConfig({
  testDir: 'test/fixture-e2e',
  outputDir: 'test-results/fixture',
  globalSetup: './test/fixture-e2e/global-setup.ts',
  // Preparing the store (npm install, init, next build) can take minutes on a busy machine.
  globalTimeout: 900_000,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: true,
  retries: 0,
  reporter: process.env.CI ? [['list'], ['html', { open: 'never', outputFolder: 'playwright-report/fixture' }]] : 'list',
  use: {
    // localhost, not 127.0.0.1: Next 16 proxies middleware rewrites on a server bound to an IP (vercel/next.js#94745).
    baseURL: `http://localhost:${FIXTURE_PORT}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      ...(chromium ? { executablePath: chromium } : {}),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
    },
  },
  projects: [{ name: 'fixture-chromium', use: { ...devices['Desktop Chrome'] } }],
});
