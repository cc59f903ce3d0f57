#!/usr/bin/env bash
# Times `cps import-legacy` of a generated export of N products (default
# 1 000 000) on SQLite and on PostgreSQL, against a release build, and prints
# a Markdown row for docs/BENCHMARKS.md. `--smoke` runs 2 000 products on the
# debug build (what CI runs: a check that it works, not a timing).
set -euo pipefail
cd "$(dirname "$0")/.."
PG_URL="${CPS_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/test}"
N=1000000
PROFILE=release
if [ "${1:-}" = "--smoke" ]; then N=2000; PROFILE=debug; fi
if [ "$PROFILE" = release ]; then cargo build --locked --release -p cps; else cargo build --locked -p cps; fi
BIN="$(bash scripts/target-dir.sh)/$PROFILE/cps"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/gen_legacy.py "$N" "$work/legacy.csv" >/dev/null
export CPS__SERVER__DATA_DIR="$work/data" CPS__LOG__FILTER=warn

run() { # backend url -> seconds
  local start end
  start=$(date +%s.%N)
  CPS__DATABASE__URL="$2" "$BIN" import-legacy "$work/legacy.csv" >"$work/$1.out"
  end=$(date +%s.%N)
  # The second import of the same file must add nothing.
  CPS__DATABASE__URL="$2" "$BIN" import-legacy "$work/legacy.csv" >"$work/$1.again"
  grep -q "products 0 added" "$work/$1.again" || { echo "re-import added products:" >&2; cat "$work/$1.again" >&2; exit 1; }
  python3 -c "print(f'{$end - $start:.1f}')"
}

sqlite_s=$(run sqlite "sqlite://$work/data/bench.db")
db="cps_bench_$$"
psql "$PG_URL" -qc "CREATE DATABASE $db" >/dev/null
pg_url="${PG_URL%/*}/$db"
pg_s=$(run postgres "$pg_url")
psql "$PG_URL" -qc "DROP DATABASE $db" >/dev/null
cat "$work/sqlite.out"
echo
echo "| $(date -u +%F) | $(git rev-parse --short HEAD) | $N | $sqlite_s s | $pg_s s | $(python3 -c "print(f'{$pg_s / $sqlite_s:.2f}')") |"
