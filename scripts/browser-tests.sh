#!/usr/bin/env bash
# Browser tests in real headless Chromium: installs Debian's chromium and chromium-driver and
# axe-core (npm, pinned by tests/browser/axe/package-lock.json) when missing, then runs the
# `browser` test target. Screenshots land in docs/console/.
# Usage: scripts/browser-tests.sh [test name filter]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  echo "installing chromium and chromium-driver"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq chromium chromium-driver >/dev/null
fi
axe=tests/browser/axe
want=$(node -p "require('./$axe/package-lock.json').packages['node_modules/axe-core'].version")
have=$(node -p "require('./$axe/node_modules/axe-core/package.json').version" 2>/dev/null || true)
if [ "$want" != "$have" ]; then
  (cd "$axe" && npm ci --no-audit --no-fund --silent)
fi
# `cargo clippy --all-targets` skips this target (it needs the `browser` feature): lint it here.
cargo clippy -q -p integration-tests --no-deps --features browser --test browser -- -D warnings
# One browser at a time: the tests share this machine's two cores with the server.
cargo test -p integration-tests --features browser --test browser -- --test-threads=1 "$@"
