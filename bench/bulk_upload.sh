#!/usr/bin/env bash
# Uploads a list of N products (default 5 000, the most one file may have) as
# a member, checks it (the preview) and confirms it (every row registered in
# one transaction with its ledger entry), on SQLite and on PostgreSQL, in a
# release build, and prints a Markdown row for docs/BENCHMARKS.md.
# `--smoke` uses 200 rows in a debug build (a check that it works, not a timing).
set -euo pipefail
cd "$(dirname "$0")/.."
PG_URL="${CPS_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/test}"
N=5000
PROFILE=(--release)
if [ "${1:-}" = "--smoke" ]; then N=200; PROFILE=(); fi
run() {
  BENCH_ROWS=$N cargo test --locked "${PROFILE[@]}" -q -p cps-web --test app bench_bulk_upload -- --ignored --nocapture 2>&1 |
    grep '^BENCH' | sed -E 's/.*check_s=([0-9.]+) confirm_s=([0-9.]+) total_s=([0-9.]+).*/\1 s + \2 s = \3 s/'
}
sqlite=$(run)
pg=$(CPS_TEST_DATABASE_URL="$PG_URL" run)
[ -n "$sqlite" ] && [ -n "$pg" ] || { echo "the benchmark did not report" >&2; exit 1; }
echo "| $(date -u +%F) | $(git rev-parse --short HEAD) | ${PROFILE[*]:-debug} | $N | $sqlite | $pg |"
