#!/usr/bin/env bash
# Installs promtool (Debian's `prometheus` package) if missing, starts a demo server with a
# private metrics address, signs in as a demo user (and fails once), scrapes /metrics and
# checks the text with `promtool check metrics` and for the series the README names.
# Usage: scripts/metrics-check.sh        (METRICS_CHECK_PORT=N to move the ports)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if ! command -v promtool >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends prometheus >/dev/null
fi
promtool --version | head -1
cargo build --quiet -p care-passport
bin="${CARGO_TARGET_DIR:-$root/target}/debug/care-passport"
data=$(mktemp -d)
port=${METRICS_CHECK_PORT:-19480}
base="http://127.0.0.1:$port"
metrics="http://127.0.0.1:$((port + 1))/metrics"
export DEMO_PASSWORD="metrics-demo-$RANDOM-$RANDOM"
DATA_DIR="$data" BIND_ADDR="127.0.0.1:$port" METRICS_ADDR="127.0.0.1:$((port + 1))" \
  DATABASE_URL= SMTP_URL= LOG_FORMAT=json "$bin" demo >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do
  curl -fsS "$base/readyz" >/dev/null 2>&1 && break
  sleep 0.5
done
login() {
  curl -sS -o /dev/null -w '%{http_code}\n' "$base/v1/auth/login" -H 'content-type: application/json' \
    -d "{\"email\":\"nurse@demo.care-passport.test\",\"password\":\"$1\"}"
}
login "$DEMO_PASSWORD"
login "not-the-demo-password"
curl -fsS "$base/v1/local-authorities" >/dev/null
curl -fsS "$metrics" >"$data/metrics.txt"
promtool check metrics <"$data/metrics.txt"
for series in http_requests_total http_request_duration_seconds_bucket mail_outbox_messages \
  mail_outbox_oldest_pending_age_seconds mail_sent_total auth_sign_in_failures_total \
  auth_sign_in_throttled_total db_pool_connections audit_events_recorded_total \
  care_passport_build_info; do
  grep -q "^$series" "$data/metrics.txt" || { echo "missing: $series"; exit 1; }
done
if grep -q "demo.care-passport.test" "$data/metrics.txt"; then
  echo "an e-mail address appears in the metrics"; exit 1
fi
echo "metrics: $(grep -vc '^#' "$data/metrics.txt") samples, promtool clean"
