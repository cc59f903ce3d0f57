#!/usr/bin/env bash
# Fails when the README's two commands would build a dependency with
# different features — `cargo run -p cps` (the portal) and the test command
# (`cargo test --workspace`, dev-dependencies included) — so that each would
# rebuild it, and all that depends on it (typst included), after the other.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
features() { # cargo tree selection... -> "package version [features]" lines
  cargo tree --locked --target all -f '{p} [{f}]' --prefix none "$@" | sed 's/ (\*)$//' | sort -u
}
features --workspace -e normal,build,dev >"$work/workspace"
features -p cps -e normal,build >"$work/run"
python3 - "$work" <<'PY'
import re, sys
work = sys.argv[1]
def load(path):
    found = {}
    for line in open(path):
        m = re.match(r'(\S+ v\S+)(?: \(.*?\))? \[(.*)\]', line.strip())
        if m:
            found.setdefault(m.group(1), set()).update(f for f in m.group(2).split(',') if f)
    return found
everything = load(f"{work}/workspace")
problems = [
    f"{package}: `cargo run -p cps` builds it with {sorted(features)}, "
    f"`cargo test --workspace` with {sorted(everything[package])}"
    for package, features in sorted(load(f"{work}/run").items())
    if package in everything and features != everything[package]
]
if problems:
    print("Features differ between the builds, so each rebuilds these (and what depends on them):")
    print("\n".join(problems))
    print("Enable the missing features in a normal dependency of cps-domain (see its Cargo.toml).")
    sys.exit(1)
print("cargo run -p cps and cargo test --workspace build every dependency with the same features")
PY
