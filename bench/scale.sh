#!/usr/bin/env bash
# The member pages, the back office's search and the nightly jobs at the
# scale of a national programme (issue 13), on 127.0.0.1.
#
#  1. Loads the demo (`cps demo`) into a fresh database, logs the studio (50
#     products) and the staff admin (password + TOTP) in, and measures the
#     member pages with wrk: the small database's figures.
#  2. Seeds it (`cps dev seed`: 100 000 businesses, 2 000 000 products,
#     memberships and invoices) and measures the same pages again: the p99
#     of each must stay within 20 % of the small database's.
#  3. Measures the back office's business search (/admin/businesses?q=…) by
#     name, VAT number, email, serial, invoice number and membership number:
#     p99 ≤ 50 ms.
#  4. Runs the nightly jobs (`cps dev nightly`: age decline, reminders,
#     dunning) while wrk loads /products in 2 s slices: the jobs must finish
#     in ≤ 60 s and the page's p99 during them is printed beside its p99
#     without them. Then the jobs once more (a night after the first: little
#     to do).
# Prints Markdown rows.
#
#   bash bench/scale.sh                 # release build of this tree, SQLite, full scale
#   SCALE=0.1 bash bench/scale.sh       # a tenth: 10 000 businesses, 200 000 products
#   bash bench/scale.sh --check         # fail when a target is missed
#   bash bench/scale.sh --smoke         # debug build, tiny scale, 1 s a page: it works, no thresholds
#   bash bench/scale.sh BINARY          # a given binary
#   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres bash bench/scale.sh
#                                       # PostgreSQL: a fresh database cps_scale_<pid>, dropped afterwards
# Settings (environment): SCALE (1), DURATION (5s a page), ROUNDS (1), CONNECTIONS (32),
# SEARCH_CONNECTIONS (4), KEEP=1 (keep the work folder / database and print where).
set -euo pipefail
cd "$(dirname "$0")/.."

need() { # command, Debian package
  command -v "$1" >/dev/null && return
  { apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; } || { echo "$1 is missing and could not be installed" >&2; exit 1; }
  command -v "$1" >/dev/null || { echo "$1 is missing after installing $2" >&2; exit 1; }
}
need wrk wrk
need curl curl
need python3 python3

SCALE=${SCALE:-1} DURATION=${DURATION:-5s} ROUNDS=${ROUNDS:-1} CONNECTIONS=${CONNECTIONS:-32}
SEARCH_CONNECTIONS=${SEARCH_CONNECTIONS:-4} KEEP=${KEEP:-0}
check=0 smoke=0 bin=
for arg in "$@"; do
  case "$arg" in
    --check) check=1 ;;
    --smoke) smoke=1 ;;
    *) bin=$arg ;;
  esac
done
if [ "$smoke" = 1 ]; then
  SCALE=0.002 DURATION=1s CONNECTIONS=2 SEARCH_CONNECTIONS=1
  cargo build --locked -p cps
  bin="$(bash scripts/target-dir.sh)/debug/cps"
elif [ -z "$bin" ]; then
  cargo build --locked --release -p cps
  bin="$(bash scripts/target-dir.sh)/release/cps"
fi
businesses=$(python3 -c "print(max(30, int(100000 * $SCALE)))")
products=$(python3 -c "print(max(100, int(2000000 * $SCALE)))")

work=$(mktemp -d)
pid=
pg_db=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null
  if [ "$KEEP" = 1 ]; then
    echo "kept: $work ${pg_db:+and database $pg_db}" >&2
    return
  fi
  if [ -n "$pg_db" ]; then psql -q "$BENCH_DATABASE_URL" -c "DROP DATABASE IF EXISTS $pg_db" >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
backend=sqlite
db_url="sqlite://$work/data/cps.db"
if [ -n "${BENCH_DATABASE_URL:-}" ]; then
  need psql postgresql-client
  backend=postgres
  pg_db="cps_scale_$$"
  psql -q "$BENCH_DATABASE_URL" -c "CREATE DATABASE $pg_db" >/dev/null
  db_url="${BENCH_DATABASE_URL%/*}/$pg_db"
else
  need sqlite3 sqlite3
fi
sql() { # one value from the database
  if [ "$backend" = postgres ]; then psql -qAt "$db_url" -c "$1"; else sqlite3 "$work/data/cps.db" "$1"; fi
}
export CPS__SERVER__DATA_DIR="$work/data" CPS__DATABASE__URL="$db_url" \
  CPS__MAIL__OUTBOX_DIR="$work/outbox" CPS__LOG__FILTER=warn CPS__SERVER__BIND="127.0.0.1:$port" \
  CPS__SERVER__PUBLIC_BASE_URL="$base" CPS__SECURITY__SECRET_KEY="bench-secret-key-bench-secret-key-0123" \
  CPS__SECURITY__FORMS_PER_IP_PER_MINUTE=100000000 \
  CPS__SECURITY__LOGIN_PER_IP_PER_MINUTE=100000000 CPS__SERVER__METRICS_BIND="" \
  CPS__SERVER__RUN_WORKER=false

start() {
  "$bin" serve >"$work/serve.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do curl -fs "$base/healthz" >/dev/null && return; sleep 0.1; done
  echo "$bin did not start:" >&2; cat "$work/serve.log" >&2; exit 1
}
stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=; }

"$bin" demo >"$work/demo.txt"
password=$(awk '/password:/ {print $2; exit}' "$work/demo.txt")
admin_password=$(awk '/password:/ {n++} /password:/ && n == 3 {print $2; exit}' "$work/demo.txt")
totp_secret=$(awk '/TOTP secret:/ {print $3; exit}' "$work/demo.txt")
admin_email=$(awk '/email:/ {n++} /email:/ && n == 3 {print $2; exit}' "$work/demo.txt")

csrf_of() { grep -o 'name="csrf" value="[^"]*"' | head -n1 | sed 's/.*value="//; s/"$//'; }
cookies_of() { awk '{ sub(/^#HttpOnly_/, "") } !/^#/ && NF >= 7 { printf "%s%s=%s", sep, $6, $7; sep = "; " }' "$1"; }
totp() {
  python3 - "$1" <<'EOF'
import base64, hashlib, hmac, struct, sys, time
s = sys.argv[1]
key = base64.b32decode(s + "=" * (-len(s) % 8))
h = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
o = h[19] & 15
print("%06d" % ((struct.unpack(">I", h[o:o + 4])[0] & 0x7fffffff) % 1000000))
EOF
}

start
# The studio (a member with 50 products) and the staff admin; sessions are rows, good after a restart.
token=$(curl -s -c "$work/studio.jar" "$base/login" | csrf_of)
curl -s -b "$work/studio.jar" -c "$work/studio.jar" -o /dev/null --data-urlencode "csrf=$token" \
  --data-urlencode "email=studio@demo.cps.example" --data-urlencode "password=$password" "$base/login"
cookie=$(cookies_of "$work/studio.jar")
token=$(curl -s -c "$work/staff.jar" "$base/admin/login" | csrf_of)
curl -s -b "$work/staff.jar" -c "$work/staff.jar" -o /dev/null --data-urlencode "csrf=$token" \
  --data-urlencode "email=$admin_email" --data-urlencode "password=$admin_password" "$base/admin/login"
token=$(curl -s -b "$work/staff.jar" -c "$work/staff.jar" "$base/admin/totp" | csrf_of)
curl -s -b "$work/staff.jar" -c "$work/staff.jar" -o /dev/null --data-urlencode "csrf=$token" \
  --data-urlencode "code=$(totp "$totp_secret")" "$base/admin/totp"
staff_cookie=$(cookies_of "$work/staff.jar")
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $staff_cookie" "$base/admin/businesses?q=demo")
[ "$status" = 200 ] || { echo "the staff admin could not log in (/admin/businesses answers $status)" >&2; exit 1; }
invoice=$(curl -s -H "Cookie: $cookie" "$base/invoices" | grep -o 'href="/invoices/[0-9]*"' | head -n1 | sed 's/href="//; s/"$//')
[ -n "$invoice" ] || { echo "/invoices lists no invoice of the demo studio" >&2; exit 1; }
pages=(/products /products/history /tiers /membership /invoices "$invoice" /support /account /faq)
for page in "${pages[@]}"; do
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$base$page")
  [ "$status" = 200 ] || { echo "$page answers $status to the logged-in studio" >&2; exit 1; }
done

# wrk's summary -> "rps p50_ms p99_ms non2xx3xx"
summarise() {
  python3 -c '
import re, sys
text = sys.stdin.read()
def ms(v):
    m = re.match(r"([\d.]+)(us|ms|s)$", v)
    n, unit = float(m.group(1)), m.group(2)
    return n / 1000 if unit == "us" else n * 1000 if unit == "s" else n
rps = re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)
p50 = re.search(r"^\s+50%\s+(\S+)", text, re.M).group(1)
p99 = re.search(r"^\s+99%\s+(\S+)", text, re.M).group(1)
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
print(rps, ms(p50), ms(p99), bad.group(1) if bad else 0)
'
}
load() { # connections, duration, path, cookie
  wrk -t2 -c"$1" -d"$2" --latency -H "Cookie: $4" -H "Accept-Language: sv" "$base$3" | summarise
}
measure_pages() { # label (small|large)
  for round in $(seq 1 "$ROUNDS"); do
    for page in "${pages[@]}"; do
      label=$page
      [ "$page" = "$invoice" ] && label="/invoices/{id}"
      echo "$1 $label $(load "$CONNECTIONS" "$DURATION" "$page" "$cookie")" >>"$work/rates"
    done
  done
}

echo "small database: the demo alone; measuring the member pages" >&2
measure_pages small
stop

echo "seeding $businesses businesses and $products products ($backend)" >&2
seed_start=$(date +%s.%N)
"$bin" dev seed --businesses "$businesses" --products "$products" >"$work/seed.txt"
seed_s=$(python3 -c "import time; print(f'{time.time() - $seed_start:.1f}')")
cat "$work/seed.txt" >&2
db_size=
[ "$backend" = sqlite ] && db_size=$(du -sm "$work/data" | cut -f1)

start
echo "large database: measuring the member pages" >&2
measure_pages large

# The back office's search: one real value of each kind from the seeded data.
seeded="FROM businesses b WHERE b.id = (SELECT MIN(id) FROM businesses) + $((businesses / 2))"
q_name=$(sql "SELECT SUBSTR(b.name, 1, 6) $seeded")
q_full=$(sql "SELECT b.name $seeded")
q_short=$(sql "SELECT SUBSTR(b.name, 1, 2) $seeded")
q_vat=$(sql "SELECT vat_number FROM businesses WHERE vat_number LIKE 'SE%' ORDER BY id DESC LIMIT 1")
q_email=$(sql "SELECT email FROM users ORDER BY id DESC LIMIT 1")
q_serial=$(sql "SELECT serial FROM products WHERE serial IS NOT NULL ORDER BY id DESC LIMIT 1")
q_invoice=$(sql "SELECT number FROM invoices ORDER BY id DESC LIMIT 1")
q_membership=$(sql "SELECT number FROM memberships ORDER BY id DESC LIMIT 1")
urlencode() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }
searches=("name-2-letters $q_short" "name-prefix $q_name" "whole-name $q_full" "vat $q_vat" "email $q_email" "serial $q_serial" \
  "invoice $q_invoice" "membership $q_membership" "nothing zzzqqq")
for s in "${searches[@]}"; do
  kind=${s%% *} q=${s#* }
  path="/admin/businesses?q=$(urlencode "$q")"
  hits=$(curl -s -H "Cookie: $staff_cookie" "$base$path" | grep -c 'href="/admin/businesses/[0-9]' || true)
  if [ "$kind" != nothing ] && [ "$hits" = 0 ]; then echo "the search for $kind '$q' found nothing" >&2; exit 1; fi
  echo "search $kind|$q|$hits $(load "$SEARCH_CONNECTIONS" "$DURATION" "$path" "$staff_cookie")" >>"$work/search"
done

# /products alone for the nightly comparison, then during the jobs in 2 s slices.
slice() { echo "$1 $(load "$CONNECTIONS" 2s /products "$cookie")" >>"$work/nightly"; }
for _ in 1 2 3; do slice idle; done
for night in first second; do
  "$bin" dev nightly >"$work/nightly-$night.txt" 2>"$work/nightly-$night.err" &
  job=$!
  while kill -0 "$job" 2>/dev/null; do slice "$night"; done
  wait "$job" || { echo "cps dev nightly failed:" >&2; cat "$work/nightly-$night.err" >&2; exit 1; }
done
stop

python3 - "$work" "$(git rev-parse --short HEAD)" "$backend" "$check" "$smoke" "$CONNECTIONS" "$SEARCH_CONNECTIONS" \
  "$businesses" "$products" "$seed_s" "${db_size:-}" <<'EOF'
import datetime, os, statistics, sys
work, commit, backend, check, smoke, conns, sconns, businesses, products, seed_s, db_size = sys.argv[1:]
failures = []
print(f"\n{backend}, {int(businesses):,} businesses, {int(products):,} products ({commit}, {datetime.date.today()})")
print(f"\nSeeding took {seed_s} s" + (f"; the SQLite database is {db_size} MB." if db_size else "."))
by = {}
for line in open(os.path.join(work, "rates")):
    db, label, rps, p50, p99, bad = line.split()
    by.setdefault((db, label), []).append((float(rps), float(p50), float(p99), int(bad)))
med = lambda key, k: statistics.median(v[k] for v in by[key])
print(f"\nMember pages as the demo studio, {conns} connections:\n")
print("| page | small rps | small p99 | large rps | large p99 | p99 large/small | target |")
print("|---|---|---|---|---|---|---|")
labels = [l for (db, l) in by if db == "small"]
for label in labels:
    s, l = ("small", label), ("large", label)
    ratio = med(l, 2) / med(s, 2)
    bad = sum(v[3] for v in by[s] + by[l])
    if ratio > 1.2:
        failures.append(f"{label}: p99 {ratio:.2f}× the small database's")
    if bad:
        failures.append(f"{label}: {bad} answers that were not 2xx/3xx")
    print(f"| {label} | {med(s, 0):,.0f} | {med(s, 2):.1f} ms | {med(l, 0):,.0f} | {med(l, 2):.1f} ms | {ratio:.2f} | ≤ 1.20 |")
print(f"\nBack-office business search (/admin/businesses?q=…, 50 hits at most), {sconns} connections:\n")
print("| search by | query | hits | rps | p50 | p99 | target |")
print("|---|---|---|---|---|---|---|")
for line in open(os.path.join(work, "search")):
    _, rest = line.split(" ", 1)
    kind, q, tail = rest.split("|", 2)
    hits, rps, p50, p99, bad = tail.split()
    if float(p99) > 50:
        failures.append(f"search by {kind}: p99 {float(p99):.1f} ms > 50 ms")
    if int(bad):
        failures.append(f"search by {kind}: {bad} answers that were not 2xx/3xx")
    print(f"| {kind} | `{q}` | {hits} | {float(rps):,.0f} | {float(p50):.1f} ms | {float(p99):.1f} ms | p99 ≤ 50 ms |")
slices = {}
for line in open(os.path.join(work, "nightly")):
    label, rps, p50, p99, bad = line.split()
    slices.setdefault(label, []).append((float(rps), float(p99)))
print(f"\nNightly jobs (`cps dev nightly`), /products loaded with {conns} connections meanwhile:\n")
print("| run | decline | reminders | dunning | total | /products rps | /products p99 (median / worst 2 s slice) | target |")
print("|---|---|---|---|---|---|---|---|")
idle = slices["idle"]
print(f"| no job | | | | | {statistics.median(r for r, _ in idle):,.0f} | {statistics.median(p for _, p in idle):.1f} / {max(p for _, p in idle):.1f} ms | |")
for night in ("first", "second"):
    jobs = {}
    for line in open(os.path.join(work, f"nightly-{night}.txt")):
        name, secs, rows = line.split()
        jobs[name] = (float(secs), int(rows))
    total = sum(s for s, _ in jobs.values())
    if total > 60:
        failures.append(f"{night} night: the jobs took {total:.1f} s > 60 s")
    s = slices.get(night, [(0.0, 0.0)])
    cell = lambda n: f"{jobs[n][0]:.1f} s ({jobs[n][1]:,})"
    print(f"| {night} night | {cell('decline')} | {cell('reminders')} | {cell('dunning')} | {total:.1f} s | "
          f"{statistics.median(r for r, _ in s):,.0f} | {statistics.median(p for _, p in s):.1f} / {max(p for _, p in s):.1f} ms | ≤ 60 s |")
print("\n(the figure in brackets: the entries, reminders or suspensions the job made)")
if smoke == "1":
    bad_any = [f for f in failures if "not 2xx" in f]
    if bad_any:
        print("\n".join(bad_any), file=sys.stderr)
        sys.exit(1)
elif check == "1" and failures:
    print("\nBelow the targets:\n  " + "\n  ".join(failures), file=sys.stderr)
    sys.exit(1)
elif failures:
    print("\nMissed targets:\n  " + "\n  ".join(failures))
EOF
