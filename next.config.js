const { PHASE_DEVELOPMENT_SERVER, PHASE_PRODUCTION_SERVER } = require('next/constants');
const { ensureDevSecret, requireSecret } = require('./scripts/session-secret.cjs');

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Tests build into their own folder so a test run never clobbers a running demo.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // Only for parallel local work where another file is mid-edit; CI always type-checks.
  typescript: { ignoreBuildErrors: process.env.NEXT_SKIP_TYPECHECK === '1' && !process.env.CI },
};

module.exports = (phase) => {
  if (phase === PHASE_DEVELOPMENT_SERVER) ensureDevSecret();
  if (phase === PHASE_PRODUCTION_SERVER) requireSecret();
  return nextConfig;
};
