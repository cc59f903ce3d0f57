#!/usr/bin/env bash
# Issues N invoices (default 10 000) one after another, as the worker does,
# each with its e-invoice XML, on SQLite and on PostgreSQL, in a release build,
# and prints a Markdown row for docs/BENCHMARKS.md. `--smoke` issues 50 in a
# debug build (what CI runs: a check that it works, not a timing).
set -euo pipefail
cd "$(dirname "$0")/.."
PG_URL="${CPS_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/test}"
N=10000
PROFILE=(--release)
if [ "${1:-}" = "--smoke" ]; then N=50; PROFILE=(); fi
run() {
  BENCH_INVOICES=$N cargo test --locked "${PROFILE[@]}" -q -p cps-web --test app bench_issue_invoices -- --ignored --nocapture 2>&1 |
    grep '^BENCH' | sed -E 's/.*per_second=([0-9]+).*/\1/'
}
sqlite=$(run)
pg=$(CPS_TEST_DATABASE_URL="$PG_URL" run)
[ -n "$sqlite" ] && [ -n "$pg" ] || { echo "the benchmark did not report" >&2; exit 1; }
echo "| $(date -u +%F) | $(git rev-parse --short HEAD) | $N | $sqlite /s | $pg /s | $(python3 -c "print(f'{$pg / $sqlite:.2f}')") |"
