#!/usr/bin/env bash
# Member-page throughput on 127.0.0.1 (issue 13). Loads the demo (`cps demo`:
# a studio with 50 products, a membership and invoices), logs the studio in,
# and runs wrk (2 threads, 32 connections) against /healthz (the server's own
# floor) and each page of the set, logged in with the session cookie, in
# rounds that alternate the binaries; then 32 clients registering products
# at once (POST /products, each with a serial of its own), and optionally a
# login storm beside a member page. Prints one Markdown row per page with the
# medians of rps, p50 and p99 and the ratio to /healthz of the same run.
#
#   bash bench/pages.sh                 # the release build of this tree, SQLite
#   bash bench/pages.sh --check         # the same, failing below the targets of issue 13
#   bash bench/pages.sh BIN_A BIN_B     # compare binaries (each on a demo database of its own)
#   bash bench/pages.sh --smoke         # CI: the debug build, 1 s a page: it works, no timing
#   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres bash bench/pages.sh
#                                       # PostgreSQL: a fresh database cps_bench_<pid> is made
#                                       # there and dropped afterwards
# Settings (environment): DURATION (10s), ROUNDS (3), CONNECTIONS (32),
# STORM=1 (also measure /products while 32 clients fail logins),
# PAGES="/products /faq" (only these pages of the set, and no registrations;
# for a quick comparison, not for --check).
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

DURATION=${DURATION:-10s} ROUNDS=${ROUNDS:-3} CONNECTIONS=${CONNECTIONS:-32} STORM=${STORM:-0} PAGES=${PAGES:-}
check=0 smoke=0
bins=()
for arg in "$@"; do
  case "$arg" in
    --check) check=1 ;;
    --smoke) smoke=1 ;;
    *) bins+=("$arg") ;;
  esac
done
if [ "$smoke" = 1 ]; then
  DURATION=1s ROUNDS=1 CONNECTIONS=2
  cargo build --locked -p cps
  bins=("$(bash scripts/target-dir.sh)/debug/cps")
elif [ ${#bins[@]} = 0 ]; then
  cargo build --locked --release -p cps
  bins=("$(bash scripts/target-dir.sh)/release/cps")
fi

work=$(mktemp -d)
pid=
pg_dbs=()
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null
  for db in "${pg_dbs[@]}"; do psql -q "$BENCH_DATABASE_URL" -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
backend=sqlite
if [ -n "${BENCH_DATABASE_URL:-}" ]; then
  need psql postgresql-client
  backend=postgres
fi
export CPS__MAIL__OUTBOX_DIR="$work/outbox" CPS__LOG__FILTER=warn CPS__SERVER__BIND="127.0.0.1:$port" \
  CPS__SERVER__PUBLIC_BASE_URL="$base" CPS__SECURITY__SECRET_KEY="bench-secret-key-bench-secret-key-0123" \
  CPS__SECURITY__FORMS_PER_IP_PER_MINUTE=100000000 \
  CPS__SECURITY__LOGIN_PER_IP_PER_MINUTE=100000000 CPS__SERVER__METRICS_BIND=""

# Each binary has a database of its own, filled by its own `cps demo`: a
# binary refuses a database that a newer one migrated.
db_urls=() cookies=() csrf_tokens=() invoices=()
use_db() { # binary index
  export CPS__SERVER__DATA_DIR="$work/data$1" CPS__DATABASE__URL="${db_urls[$1]}"
}
start() { # binary index
  use_db "$1"
  "${bins[$1]}" serve >"$work/serve.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 300); do curl -fs "$base/healthz" >/dev/null && return; sleep 0.1; done
  echo "${bins[$1]} did not start:" >&2; cat "$work/serve.log" >&2; exit 1
}
stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=; }
login() { # email, password, jar -> "cookie header<TAB>csrf token"
  local token
  token=$(curl -s -c "$3" "$base/login" | grep -o 'name="csrf" value="[^"]*"' | head -n1 | sed 's/.*value="//; s/"$//')
  curl -s -b "$3" -c "$3" -o /dev/null --data-urlencode "csrf=$token" \
    --data-urlencode "email=$1" --data-urlencode "password=$2" "$base/login"
  printf '%s\t%s\n' "$(awk '{ sub(/^#HttpOnly_/, "") } !/^#/ && NF >= 7 { printf "%s%s=%s", sep, $6, $7; sep = "; " }' "$3")" "$token"
}

for i in "${!bins[@]}"; do
  if [ "$backend" = postgres ]; then
    pg_dbs+=("cps_bench_$$_$i")
    psql -q "$BENCH_DATABASE_URL" -c "CREATE DATABASE cps_bench_$$_$i" >/dev/null
    db_urls[i]="${BENCH_DATABASE_URL%/*}/cps_bench_$$_$i"
  else
    db_urls[i]="sqlite://$work/data$i/cps.db"
  fi
  use_db "$i"
  "${bins[$i]}" demo >"$work/demo$i.txt"
  password=$(awk '/password:/ {print $2; exit}' "$work/demo$i.txt")
  # Log the studio in once; the session is a database row, good for every run.
  start "$i"
  IFS=$'\t' read -r cookie csrf_token < <(login studio@demo.cps.example "$password" "$work/studio$i.jar")
  cookies[i]=$cookie
  csrf_tokens[i]=$csrf_token
  rows=$(curl -s -H "Cookie: $cookie" "$base/products" | grep -c 'class="row-link"' || true)
  [ "$rows" = 50 ] || { echo "/products does not show the demo studio's 50 products (found $rows)" >&2; exit 1; }
  invoice=$(curl -s -H "Cookie: $cookie" "$base/invoices" | grep -o 'href="/invoices/[0-9]*"' | head -n1 | sed 's/href="//; s/"$//')
  [ -n "$invoice" ] || { echo "/invoices lists no invoice of the demo studio" >&2; exit 1; }
  invoices[i]=$invoice
  # Every page must answer 200 logged in (a redirect to /login would measure the wrong thing).
  for page in /products /products/history /tiers /membership /invoices "$invoice" /support /account /faq; do
    status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$base$page")
    [ "$status" = 200 ] || { echo "$page answers $status to the logged-in studio" >&2; exit 1; }
  done
  # Registrations are made by the demo's second business, so the studio
  # keeps its 50 products: 32 clients registering complete products, each
  # with a serial of its own.
  foto_password=$(awk '/password:/ {n++} /password:/ && n == 2 {print $2; exit}' "$work/demo$i.txt")
  IFS=$'\t' read -r foto_cookie foto_csrf < <(login foto@demo.cps.example "$foto_password" "$work/foto$i.jar")
  cat >"$work/register$i.lua" <<EOF
local counter = 0
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
function init(args)
  prefix = string.format("%02d", tid) .. string.format("%02d", math.random(0, 99))
end
request = function()
  counter = counter + 1
  local serial = prefix .. string.format("%08d", counter)
  local body = "csrf=$foto_csrf&model=EOS-R5&serial=" .. serial ..
    "&purchase_date=2024-03-01&purchase_country=SE&retailer=Bench"
  return wrk.format("POST", "/products", {["Cookie"] = "$foto_cookie",
    ["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end
EOF
  stop
done

# The pages of the set.
pages=(/products /products/history /tiers /membership /invoices "/invoices/{id}" /support /account /faq)
if [ -n "$PAGES" ]; then
  [ "$check" = 0 ] || { echo "PAGES measures part of the set: not with --check" >&2; exit 1; }
  chosen=()
  for page in "${pages[@]}"; do
    case " $PAGES " in *" $page "*) chosen+=("$page") ;; esac
  done
  pages=("${chosen[@]}")
fi

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
load() { # label, path, [cookie]
  local out
  if [ -n "${3:-}" ]; then
    out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "Cookie: $3" -H "Accept-Language: sv" "$base$2")
  else
    out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "Accept-Language: sv" "$base$2")
  fi
  echo "$out" | summarise
}

for round in $(seq 1 "$ROUNDS"); do
  for i in "${!bins[@]}"; do
    start "$i"
    cookie=${cookies[i]}
    echo "$i healthz $(load /healthz /healthz)" >>"$work/rates"
    for label in "${pages[@]}"; do
      page=$label
      [ "$label" = "/invoices/{id}" ] && page=${invoices[i]}
      echo "$i $label $(load "$page" "$page" "$cookie")" >>"$work/rates"
    done
    if [ -z "$PAGES" ] || [[ " $PAGES " == *" /faq(anonymous) "* ]]; then
      echo "$i /faq(anonymous) $(load /faq /faq)" >>"$work/rates"
    fi
    rss=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
    echo "$i rss $rss 0 0 0" >>"$work/rates"
    if [ "$STORM" = 1 ]; then
      # /products while 32 clients fail logins (the per-IP limit is raised below).
      cat >"$work/login.lua" <<EOF
-- A new unknown address each time: no throttle stops it before Argon2 runs.
local n = 0
request = function()
  n = n + 1
  return wrk.format("POST", "/login", {["Cookie"] = "$cookie",
    ["Content-Type"] = "application/x-www-form-urlencoded"},
    "csrf=${csrf_tokens[i]}&email=storm" .. n .. "%40example.com&password=wrong-wrong-wrong")
end
EOF
      wrk -t1 -c32 -d"$DURATION" -s "$work/login.lua" "$base/login" >"$work/storm.txt" &
      storm=$!
      sleep 1
      echo "$i /products(login-storm) $(load /products /products "$cookie")" >>"$work/rates"
      wait "$storm" || true
      logins=$(awk '/^Requests\/sec/ {print $2}' "$work/storm.txt")
      echo "$i logins/s $logins 0 0 0" >>"$work/rates"
    fi
    if [ -z "$PAGES" ]; then
      out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$work/register$i.lua" "$base/products")
      echo "$i POST/products $(echo "$out" | summarise)" >>"$work/rates"
    fi
    stop
  done
done

for i in "${!bins[@]}"; do
  python3 - "$work/rates" "$i" "${bins[$i]}" "$(git rev-parse --short HEAD)" "$backend" "$check" "$smoke" "$CONNECTIONS" <<'EOF'
import datetime, statistics, sys
rates, index, binary, commit, backend, check, smoke, conns = sys.argv[1:]
by = {}
for line in open(rates):
    i, label, rps, p50, p99, bad = line.split()
    if i == index:
        by.setdefault(label, []).append((float(rps), float(p50), float(p99), int(bad)))
med = lambda label, k: statistics.median(v[k] for v in by[label])
h = med("healthz", 0)
rounds = len(by["healthz"])
print(f"\n{binary} ({commit}, {backend}, {conns} connections, median of {rounds} run(s), {datetime.date.today()})\n")
print("| page | rps | p50 | p99 | ratio to /healthz | target |")
print("|---|---|---|---|---|---|")
print(f"| /healthz | {h:,.0f} | {med('healthz', 1):.2f} ms | {med('healthz', 2):.2f} ms | 1.00 | |")
member_target = 0.15 if backend == "sqlite" else 0.08
failures = []
for label in by:
    if label in ("healthz", "rss", "POST/products", "logins/s"):
        continue
    rps, p50, p99 = med(label, 0), med(label, 1), med(label, 2)
    bad = sum(v[3] for v in by[label])
    ratio = rps / h
    anonymous = "anonymous" in label
    target = 0.40 if anonymous else member_target
    storm = "storm" in label
    if not storm:
        if ratio < target:
            failures.append(f"{label}: {ratio:.3f} of /healthz < {target}")
        if p99 > 25:
            failures.append(f"{label}: p99 {p99:.1f} ms > 25 ms")
    if bad:
        failures.append(f"{label}: {bad} answers that were not 2xx/3xx")
    t = "p99 < 2x /products" if storm else f"≥ {target:.2f}, p99 ≤ 25 ms"
    print(f"| {label} | {rps:,.0f} | {p50:.2f} ms | {p99:.2f} ms | {ratio:.3f} | {t} |")
if "POST/products" in by:
    reg = med("POST/products", 0)
    reg_target = 1000 if backend == "sqlite" else 500
    bad = sum(v[3] for v in by["POST/products"])
    print(f"| POST /products (32 clients registering) | {reg:,.0f} /s | {med('POST/products', 1):.2f} ms | {med('POST/products', 2):.2f} ms | | ≥ {reg_target} /s |")
    if reg < reg_target:
        failures.append(f"registrations: {reg:,.0f}/s < {reg_target}/s")
    if bad:
        failures.append(f"registrations: {bad} answers that were not 2xx/3xx")
if "logins/s" in by:
    print(f"\nFailed logins during the storm: {med('logins/s', 0):,.0f} /s")
rss = max(v[0] for v in by["rss"]) / 1024
print(f"\nPeak RSS of the server: {rss:.0f} MB")
if rss > 100:
    failures.append(f"RSS {rss:.0f} MB > 100 MB")
if smoke == "1":
    bad_any = [f for f in failures if "not 2xx" in f]
    if bad_any:
        print("\n".join(bad_any), file=sys.stderr)
        sys.exit(1)
elif check == "1" and failures:
    print("\nBelow the targets:\n  " + "\n  ".join(failures), file=sys.stderr)
    sys.exit(1)
EOF
done
