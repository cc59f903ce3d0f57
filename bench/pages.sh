#!/usr/bin/env bash
# Page throughput on 127.0.0.1: wrk against /healthz (the server's own
# floor), /faq (a public page) and /products of the demo studio (50 products,
# logged in), for each binary given, in rounds that alternate the binaries,
# and prints a Markdown row per binary for docs/BENCHMARKS.md with the binary's
# size, the medians and each page's ratio to /healthz of the same binary.
#
#   bash bench/pages.sh                 # the release build of this tree
#   bash bench/pages.sh BIN_A BIN_B     # compare binaries (the first loads the demo)
#   bash bench/pages.sh --smoke         # CI: the debug build, 1 s a page: it works, no timing
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v wrk >/dev/null; then
  { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; } || { echo "wrk is missing and could not be installed" >&2; exit 1; }
fi

DURATION=10s ROUNDS=3 CONNECTIONS=8
bins=()
if [ "${1:-}" = "--smoke" ]; then
  DURATION=1s ROUNDS=1 CONNECTIONS=2
  cargo build --locked -p cps
  bins=("$(bash scripts/target-dir.sh)/debug/cps")
elif [ $# -gt 0 ]; then
  bins=("$@")
else
  cargo build --locked --release -p cps
  bins=("$(bash scripts/target-dir.sh)/release/cps")
fi

work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
export CPS__SERVER__DATA_DIR="$work/data" CPS__DATABASE__URL="sqlite://$work/data/cps.db" \
  CPS__MAIL__OUTBOX_DIR="$work/outbox" CPS__LOG__FILTER=warn CPS__SERVER__BIND="127.0.0.1:$port" \
  CPS__SERVER__PUBLIC_BASE_URL="$base" CPS__SECURITY__SECRET_KEY="bench-secret-key-bench-secret-key-0123"

start() {
  "$1" serve >"$work/serve.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 200); do curl -fs "$base/healthz" >/dev/null && return; sleep 0.1; done
  echo "$1 did not start:" >&2; cat "$work/serve.log" >&2; exit 1
}
stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=; }

"${bins[0]}" demo >"$work/demo.txt"
password=$(awk '/password:/ {print $2; exit}' "$work/demo.txt")

# Log the studio in once; the session is a database row, good for every binary.
start "${bins[0]}"
jar="$work/cookies"
token=$(curl -s -c "$jar" "$base/login" | grep -o 'name="csrf" value="[^"]*"' | head -n1 | sed 's/.*value="//; s/"$//')
curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "csrf=$token" \
  --data-urlencode "email=studio@demo.cps.example" --data-urlencode "password=$password" "$base/login"
cookie=$(awk '{ sub(/^#HttpOnly_/, "") } !/^#/ && NF >= 7 { printf "%s%s=%s", sep, $6, $7; sep = "; " }' "$jar")
rows=$(curl -s -H "Cookie: $cookie" "$base/products" | grep -c 'class="row-link"' || true)
[ "$rows" = 50 ] || { echo "/products does not show the demo studio's 50 products (found $rows)" >&2; exit 1; }
stop

rate() { # path -> requests per second
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -H "Cookie: $cookie" -H "Accept-Language: sv" "$base$1" |
    awk '/^Requests\/sec/ {print $2}'
}

for round in $(seq 1 "$ROUNDS"); do
  for i in "${!bins[@]}"; do
    start "${bins[$i]}"
    for page in /healthz /faq /products; do
      echo "$i $page $(rate "$page")" >>"$work/rates"
    done
    stop
  done
done

for i in "${!bins[@]}"; do
  python3 - "$work/rates" "$i" "${bins[$i]}" "$(git rev-parse --short HEAD)" <<'EOF'
import os, statistics, sys, datetime
rates, index, binary, commit = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
by_page = {}
for line in open(rates):
    i, page, rate = line.split()
    if i == index:
        by_page.setdefault(page, []).append(float(rate))
m = {page: statistics.median(v) for page, v in by_page.items()}
size = os.path.getsize(binary) / 1e6
h = m["/healthz"]
print(f"| {datetime.date.today()} | {commit} | {binary} | {size:.1f} MB | {h:,.0f} /s | "
      f"{m['/faq']:,.0f} /s ({m['/faq'] / h:.2f}) | {m['/products']:,.0f} /s ({m['/products'] / h:.2f}) |")
EOF
done
