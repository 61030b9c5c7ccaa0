#!/usr/bin/env bash
# Runs Schemathesis against a real server seeded with the demo data (SQLite), signed in as
# each role in turn, with every check on positive and negative cases.
# Usage: scripts/schemathesis.sh [extra schemathesis args]   (MAX_EXAMPLES=N to go deeper)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
venv=${SCHEMATHESIS_VENV:-$root/target/schemathesis-venv}
if [ ! -x "$venv/bin/schemathesis" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet 'schemathesis>=4.32,<5'
fi
cargo build --quiet -p care-passport
data=$(mktemp -d)
port=${SCHEMATHESIS_PORT:-18181}
base="http://127.0.0.1:$port"
export DEMO_PASSWORD="schemathesis-demo-$RANDOM-$RANDOM"
DATA_DIR="$data" BIND_ADDR="127.0.0.1:$port" DATABASE_URL= SMTP_URL= \
  "${CARGO_TARGET_DIR:-$root/target}/debug/care-passport" demo >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do
  curl -fsS "$base/readyz" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fsS "$base/readyz" >/dev/null

# shellcheck source=lib/demo-sign-in.sh
. "$root/scripts/lib/demo-sign-in.sh"
sign_in() {
  demo_sign_in "$base" "$1" "$data/server.log" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["refresh_token"])'
}

# Sign every role in before any fuzzing: Schemathesis's own wrong sign-ins count against this
# address, and a success no longer clears that count (issue 13), so later sign-ins could be
# throttled. Each role's run then starts with a fresh access token from its refresh token.
declare -A refresh_token
for who in jordan nurse caseworker hr connexions admin; do
  refresh_token[$who]=$(sign_in "$who")
done
refresh_token[signing_out]=$(sign_in jordan)

token() {
  curl -fsS "$base/v1/auth/refresh" -H 'content-type: application/json' \
    -d "{\"refresh_token\":\"${refresh_token[$1]}\"}" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}

# Signing out (`logout`; `end_session` too, once the stateful phase has read an id from
# `list_sessions`) ends the session the run uses. Fuzzed among the rest, a sign-out left every
# later request answering 401, which the checks accept: most operations were only ever tried
# signed out. So each role's run leaves them out, and must still be signed in at its end; a
# last run, signed in as a young person, fuzzes them.
only_signing_out=() all_but_signing_out=()
for operation in logout end_session; do
  only_signing_out+=(--include-operation-id "$operation")
  all_but_signing_out+=(--exclude-operation-id "$operation")
done
fuzz() {
  local t=$1
  shift
  "$venv/bin/schemathesis" run "$base/openapi.json" \
    --checks all --mode all \
    --max-examples "${MAX_EXAMPLES:-15}" \
    --header "Authorization: Bearer $t" \
    --generation-database none --no-color \
    --seed 20261122 \
    "$@"
}

status=0
for who in jordan nurse caseworker hr connexions admin; do
  echo "== Schemathesis signed in as $who"
  # Fresh token per role: access tokens last 15 minutes.
  t=$(token "$who")
  fuzz "$t" "${all_but_signing_out[@]}" "$@" || status=1
  if ! curl -fsS -o /dev/null "$base/v1/me" -H "Authorization: Bearer $t"; then
    echo "the run signed $who out part-way: later operations were tried signed out"
    status=1
  fi
done
echo "== Schemathesis signing out"
fuzz "$(token signing_out)" "${only_signing_out[@]}" "$@" || status=1
if grep -q "panicked" "$data/server.log"; then
  echo "the server panicked during the run"; status=1
fi
exit $status
