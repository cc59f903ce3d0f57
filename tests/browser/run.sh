#!/usr/bin/env bash
# Browser tests of the portal: Debian's chromium + playwright-core + axe-core.
# Usage: CPS_BIN=/path/to/cps tests/browser/run.sh
# Never downloads a browser: chromium comes from apt.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if [[ -z "${CPS_BIN:-}" ]]; then
  echo "run.sh: CPS_BIN is not set; point it at the cps binary, e.g. CPS_BIN=target/debug/cps $0" >&2
  exit 2
fi
if [[ ! -f "$CPS_BIN" || ! -x "$CPS_BIN" ]]; then
  echo "run.sh: CPS_BIN=$CPS_BIN is not an executable file (build it first: cargo build -p cps)" >&2
  exit 2
fi
CPS_BIN="$(cd "$(dirname "$CPS_BIN")" && pwd)/$(basename "$CPS_BIN")"
export CPS_BIN

if [[ ! -x /usr/bin/chromium ]]; then
  echo "run.sh: /usr/bin/chromium missing; installing Debian's chromium" >&2
  if [[ $(id -u) -eq 0 ]]; then sudo=(); else sudo=(sudo); fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update || { echo "run.sh: apt-get update failed" >&2; exit 3; }
  "${sudo[@]}" apt-get install -y chromium \
    || { echo "run.sh: apt-get install chromium failed" >&2; exit 3; }
  [[ -x /usr/bin/chromium ]] || { echo "run.sh: /usr/bin/chromium still missing after install" >&2; exit 3; }
fi

cd "$here"
if [[ ! -d node_modules || package-lock.json -nt node_modules ]]; then
  npm ci --no-audit --no-fund
  touch node_modules
fi

# The Nu Html Checker (vnu-jar from npm) needs Java.
if ! command -v java >/dev/null 2>&1; then
  echo "run.sh: java missing; installing default-jre-headless for the Nu Html Checker" >&2
  if [[ $(id -u) -eq 0 ]]; then sudo=(); else sudo=(sudo); fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update || { echo "run.sh: apt-get update failed" >&2; exit 3; }
  "${sudo[@]}" apt-get install -y default-jre-headless \
    || { echo "run.sh: apt-get install default-jre-headless failed" >&2; exit 3; }
  command -v java >/dev/null 2>&1 || { echo "run.sh: java still missing after install" >&2; exit 3; }
fi
vnu="$here/node_modules/vnu-jar/build/dist/vnu.jar"
[[ -f "$vnu" ]] || { echo "run.sh: $vnu missing (npm ci should have installed vnu-jar)" >&2; exit 3; }

# Every page the tests check with axe is kept here for the HTML check.
html_dir="$here/test-results/html"
rm -rf "$html_dir"

set +e
npm test
status=$?
set -e

# Valid HTML on every page the suite visited (the Nu Html Checker, errors only).
shopt -s nullglob
pages=("$html_dir"/*.html)
if (( ${#pages[@]} == 0 )); then
  echo "run.sh: no pages were kept for the HTML check" >&2
  exit 1
fi
echo "# Nu Html Checker: ${#pages[@]} pages"
set +e
vnu_out="$html_dir/vnu.txt"
java -jar "$vnu" --errors-only --format gnu "${pages[@]}" >"$vnu_out" 2>&1
vnu_status=$?
if (( vnu_status != 0 )) && ! grep -q . "$vnu_out"; then
  echo "run.sh: the Nu Html Checker did not run (exit $vnu_status)" >&2
  status=1
fi
if grep -q . "$vnu_out"; then
  cat "$vnu_out" >&2
  echo "run.sh: the Nu Html Checker found errors (above) in pages of $html_dir" >&2
  status=1
fi
exit "$status"
