import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 3210);
// localhost, not 127.0.0.1: Next 16 proxies middleware rewrites on a server bound to an IP (vercel/next.js#94745).
const BASE_URL = `http://localhost:${PORT}`;
/** Its own build folder, so the journeys never clobber a running demo or the HTTP tests' build. */
const DIST_DIR = process.env.E2E_DIST_DIR ?? '.next-e2e';
/** A fixed secret for tests only: the journeys forge and tamper with tokens knowing it is not real. */
export const E2E_SECRET = 'e2e-only-secret-not-for-production-0123456789';

// Debian's Chromium: Playwright's own download is not reachable from CI machines.
const chromium = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));

const next = 'node node_modules/next/dist/bin/next';

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: true,
  retries: 0,
  workers: process.env.CI ? 2 : undefined,
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    baseURL: BASE_URL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      ...(chromium ? { executablePath: chromium } : {}),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
  webServer: {
    command: `${next} build && ${next} start -p ${PORT} -H localhost`,
    // A route that answers without rendering a page, so readiness does not warm any cache.
    url: `${BASE_URL}/api/segments/e30`,
    reuseExistingServer: !process.env.CI,
    timeout: 300_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      NEXT_DIST_DIR: DIST_DIR,
      NEXT_TELEMETRY_DISABLED: '1',
      SESSION_SECRET: E2E_SECRET,
      SESSION_STORE: 'cookie',
    },
  },
});
