#!/usr/bin/env bash
# Lints the committed mobile contract with two outside tools, installed here from the pinned
# versions in mobile-contract/lint/package.json (+ lockfile):
#   - Redocly CLI, `recommended` ruleset: must report 0 errors and 0 warnings;
#   - Spectral, `spectral:oas` ruleset: must report nothing at warning level or above.
# Neither tool's rules are switched off (mobile-contract/lint/redocly.yaml and .spectral.yaml
# only pick the ruleset): a finding is fixed in the contract, i.e. in the code that makes it.
# Usage: scripts/contract-lint.sh [path/to/openapi.json]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
doc=$(realpath "${1:-$root/mobile-contract/openapi.json}")
cd "$root/mobile-contract/lint"
npm ci --no-audit --no-fund --silent
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true

echo "== Redocly (recommended)"
# `--max-problems` high enough to list everything; any warning fails the run too.
out=$(npx --no-install redocly lint "$doc" --config redocly.yaml --format=stylish \
  --max-problems 1000 2>&1) || { echo "$out"; exit 1; }
echo "$out" | tail -n 3
if echo "$out" | grep -qiE '[1-9][0-9]* warnings?'; then
  echo "$out"
  echo "Redocly reported warnings: fix them in the contract"
  exit 1
fi

echo "== Spectral (spectral:oas)"
npx --no-install spectral lint "$doc" --ruleset .spectral.yaml --fail-severity=warn
