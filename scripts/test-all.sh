#!/usr/bin/env bash
# Everything the tests need, then every test: types, lint, unit/contract/component/HTTP
# (Vitest, against `next start`), and the Playwright journeys in Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

export NEXT_TELEMETRY_DISABLED=1
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

sudo_cmd=""
[ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
apt_updated=""
# Installs Debian packages, refreshing the package lists once per run.
apt_install() {
  if [ -z "$apt_updated" ]; then
    $sudo_cmd apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "$@" >/dev/null
}

if ! command -v chromium >/dev/null 2>&1; then
  echo "[test] installing Chromium from Debian's packages"
  apt_install chromium
fi

# The Redis tests need a real Redis (they fail rather than skip without one), and the
# outage and cluster tests start redis-servers of their own: install it when missing.
if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
  echo "[test] installing Redis from Debian's packages"
  apt_install redis-server
  # The package's service may have started one on 6379 already; the check below sees it.
fi

if ! (command -v redis-cli >/dev/null && redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG); then
  echo "[test] starting a local Redis on 127.0.0.1:6379"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
  for _ in $(seq 1 50); do redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG && break; sleep 0.1; done
fi

# The kit as a store installs it: packed once (prepack builds it) for the fixture stores'
# tests, in Vitest (test/cli/fixture-stores.test.ts) and Playwright (playwright.fixture.config.ts).
pack_dir="$(mktemp -d)"
echo "[test] npm pack"; npm pack --pack-destination "$pack_dir" >/dev/null
KIT_TARBALL="$(ls "$pack_dir"/*.tgz)"
export KIT_TARBALL

echo "[test] type-check"; npx tsc --noEmit
echo "[test] lint"; npx eslint . --max-warnings=0
echo "[test] vitest"; npx vitest run
if [ -f playwright.config.ts ]; then
  echo "[test] playwright"; npx playwright test
fi
echo "[test] playwright (fixture store)"; npx playwright test -c playwright.fixture.config.ts
