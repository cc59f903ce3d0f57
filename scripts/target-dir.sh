#!/usr/bin/env bash
# Prints the build directory every cargo command of this repository uses:
# $CARGO_TARGET_DIR when set, else the one .cargo/config.toml names.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo metadata --format-version 1 --no-deps |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])'
