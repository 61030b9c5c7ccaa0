# Sourced by the scripts that talk to a `care-passport demo` server.
# demo_sign_in BASE WHO SERVER_LOG: signs in as WHO@demo.care-passport.test with $DEMO_PASSWORD
# and prints the token pair (JSON). Staff answer the second-factor challenge with a code
# computed from the secret `demo` printed in SERVER_LOG (RFC 6238: SHA-1, 6 digits, 30 s).
demo_sign_in() {
  local base=$1 who=$2 log=$3 first secret
  first=$(curl -fsS "$base/v1/auth/login" -H 'content-type: application/json' \
    -d "{\"email\":\"$who@demo.care-passport.test\",\"password\":\"$DEMO_PASSWORD\"}")
  secret=$(grep -F " $who@demo.care-passport.test " "$log" | head -n1 | awk '{ print $NF }')
  FIRST="$first" SECRET="$secret" BASE="$base" python3 - <<'PY'
import base64, hashlib, hmac, json, os, struct, time, urllib.request
first = json.loads(os.environ["FIRST"])
if "challenge" not in first:
    print(json.dumps(first)); raise SystemExit
key = base64.b32decode(os.environ["SECRET"] + "=" * (-len(os.environ["SECRET"]) % 8))
mac = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
offset = mac[-1] & 15
code = "%06d" % ((struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF) % 1000000)
req = urllib.request.Request(os.environ["BASE"] + "/v1/auth/login/totp",
    data=json.dumps({"challenge": first["challenge"], "code": code}).encode(),
    headers={"content-type": "application/json"})
print(json.dumps(json.load(urllib.request.urlopen(req))))
PY
}
