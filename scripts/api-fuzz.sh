#!/usr/bin/env bash
# Property-based fuzzing of the member API (issue 16): schemathesis (PyPI,
# installed when missing) reads /api/v1/openapi.json and sends generated
# requests — valid and invalid — to every operation with a bearer token of
# the demo studio, on a fresh SQLite database. Passes only with 0 server
# errors and every response as documented (status code, content type and
# JSON schema). Bounded: MAX_EXAMPLES (20) per operation, a few minutes.
#
#   bash scripts/api-fuzz.sh            # the debug build of this tree
#   CPS_BIN=path/to/cps bash scripts/api-fuzz.sh
set -euo pipefail
cd "$(dirname "$0")/.."
MAX_EXAMPLES=${MAX_EXAMPLES:-20}

if ! command -v schemathesis >/dev/null 2>&1; then
  python3 -m pip install -q schemathesis || { echo "schemathesis could not be installed from PyPI" >&2; exit 1; }
fi
command -v schemathesis >/dev/null 2>&1 || { echo "schemathesis is not on PATH after installing it" >&2; exit 1; }
command -v curl >/dev/null 2>&1 || { echo "curl is needed" >&2; exit 1; }

if [ -z "${CPS_BIN:-}" ]; then
  cargo build --locked -q -p cps
  CPS_BIN="$(bash scripts/target-dir.sh)/debug/cps"
fi

work=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
# The token's window is set high: the run is about answers, not the limit
# (429 is documented and would pass, but would test nothing else).
export CPS__SERVER__DATA_DIR="$work/data" CPS__DATABASE__URL="sqlite://$work/data/cps.db" \
  CPS__MAIL__OUTBOX_DIR="$work/outbox" CPS__LOG__FILTER=warn CPS__SERVER__BIND="127.0.0.1:$port" \
  CPS__SERVER__PUBLIC_BASE_URL="$base" CPS__SECURITY__SECRET_KEY="api-fuzz-secret-key-api-fuzz-secret-key-01" \
  CPS__SECURITY__API_PER_TOKEN_PER_MINUTE=100000000 CPS__SERVER__METRICS_BIND="" CPS__MODE=development

mkdir -p "$work/data"
"$CPS_BIN" demo >"$work/demo.log" 2>&1 || { cat "$work/demo.log" >&2; echo "cps demo failed" >&2; exit 1; }
token=$("$CPS_BIN" api-token --email studio@demo.cps.example --name "api-fuzz" --days 30)
"$CPS_BIN" serve >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do curl -fs "$base/healthz" >/dev/null && break; sleep 0.1; done
curl -fs "$base/healthz" >/dev/null || { cat "$work/serve.log" >&2; echo "cps serve did not start" >&2; exit 1; }

# The README's curl example, as written (only the address is this run's).
example=$(awk '/<!-- api-example/ {on = 1; next} on && /^```sh$/ {grab = 1; next} grab && /^```$/ {exit} grab' README.md)
[ -n "$example" ] || { echo "README.md has no api-example block" >&2; exit 1; }
answer=$(TOKEN="$token" bash -c "${example//http:\/\/127.0.0.1:8080/$base} -w ' HTTP%{http_code}'")
case "$answer" in
  *'"model":"EOS-R5"'*' HTTP201') ;;
  *) echo "the README's curl example did not register the product (201): $answer" >&2; exit 1 ;;
esac
again=$(TOKEN="$token" bash -c "${example//http:\/\/127.0.0.1:8080/$base} -w ' HTTP%{http_code}'")
[ "$again" = "$answer" ] || { echo "the README's example sent again answered differently: $again" >&2; exit 1; }
echo "README example: $answer"

status=0
# From the scratch directory: schemathesis keeps a cache where it runs.
(cd "$work" && exec schemathesis run "$base/api/v1/openapi.json" \
  --url "$base" \
  --header "Authorization: Bearer $token" \
  --checks not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance \
  --max-examples "$MAX_EXAMPLES" \
  --seed "${SEED:-16}" \
  --generation-database none \
  --no-color) || status=$?
if grep -q "panicked" "$work/serve.log"; then
  echo "the server log has a panic:" >&2
  grep -B2 -A10 "panicked" "$work/serve.log" >&2
  status=1
fi
exit "$status"
