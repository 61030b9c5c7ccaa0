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
  "$root/target/debug/care-passport" demo >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do
  curl -fsS "$base/readyz" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fsS "$base/readyz" >/dev/null

# Signs in as $1; staff answer the second-factor challenge with a code computed from the
# secret that `demo` printed (RFC 6238, SHA-1, 6 digits, 30 s).
token() {
  local first secret
  first=$(curl -fsS "$base/v1/auth/login" -H 'content-type: application/json' \
    -d "{\"email\":\"$1@demo.care-passport.test\",\"password\":\"$DEMO_PASSWORD\"}")
  secret=$(grep -F " $1@demo.care-passport.test " "$data/server.log" | head -n1 | awk '{ print $NF }')
  FIRST="$first" SECRET="$secret" BASE="$base" python3 - <<'PY'
import base64, hashlib, hmac, json, os, struct, time, urllib.request
first = json.loads(os.environ["FIRST"])
if "access_token" in first:
    print(first["access_token"]); raise SystemExit
key = base64.b32decode(os.environ["SECRET"] + "=" * (-len(os.environ["SECRET"]) % 8))
mac = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
offset = mac[-1] & 15
code = "%06d" % ((struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF) % 1000000)
req = urllib.request.Request(os.environ["BASE"] + "/v1/auth/login/totp",
    data=json.dumps({"challenge": first["challenge"], "code": code}).encode(),
    headers={"content-type": "application/json"})
print(json.load(urllib.request.urlopen(req))["access_token"])
PY
}

status=0
for who in jordan nurse caseworker hr connexions admin; do
  echo "== Schemathesis signed in as $who"
  # Fresh token per role: access tokens last 15 minutes.
  t=$(token "$who")
  "$venv/bin/schemathesis" run "$base/openapi.json" \
    --checks all --mode all \
    --max-examples "${MAX_EXAMPLES:-15}" \
    --header "Authorization: Bearer $t" \
    --generation-database none --no-color \
    --seed 20261122 \
    "$@" || status=1
done
if grep -q "panicked" "$data/server.log"; then
  echo "the server panicked during the run"; status=1
fi
exit $status
