#!/usr/bin/env python3
"""Runs the official e-invoice validators on UBL files (development only).

    python3 -m pip install saxonche lxml
    # the artefacts, outside this repository (not in any package registry):
    #   ConnectingEurope/eInvoicing-EN16931  (ubl/xslt/EN16931-UBL-validation.xslt, 1.3.16)
    #   OpenPEPPOL/peppol-bis-invoice-3      (rules/sch/PEPPOL-EN16931-UBL.sch, tag v3.0.19)
    #   schxslt/schxslt                      (core/src/main/resources/xslt/2.0/pipeline-for-svrl.xsl)
    CPS_UBL_OUT=/tmp/ubl cargo test -p cps-domain ubl
    python3 scripts/validate-einvoice.py --en16931 DIR --peppol DIR --schxslt DIR /tmp/ubl/*.xml

Prints every failed assertion (fatal and warning) per file and validator and
exits 1 when any is fatal.
"""
import argparse
import os
import sys

from lxml import etree
from saxonche import PySaxonProcessor

SVRL = {"svrl": "http://purl.oclc.org/dsdl/svrl"}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--en16931", required=True, help="checkout of ConnectingEurope/eInvoicing-EN16931")
    ap.add_argument("--peppol", required=True, help="checkout of OpenPEPPOL/peppol-bis-invoice-3")
    ap.add_argument("--schxslt", required=True, help="checkout of schxslt/schxslt")
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    fatal_total = 0
    with PySaxonProcessor(license=False) as p:
        x = p.new_xslt30_processor()
        pipeline = x.compile_stylesheet(
            stylesheet_file=os.path.join(a.schxslt, "core/src/main/resources/xslt/2.0/pipeline-for-svrl.xsl"))
        peppol_xsl = os.path.join(os.path.dirname(os.path.abspath(a.files[0])), "peppol-compiled.xsl")
        pipeline.transform_to_file(
            source_file=os.path.join(a.peppol, "rules/sch/PEPPOL-EN16931-UBL.sch"), output_file=peppol_xsl)
        sheets = {
            "EN16931 1.3.16": x.compile_stylesheet(
                stylesheet_file=os.path.join(a.en16931, "ubl/xslt/EN16931-UBL-validation.xslt")),
            "Peppol BIS 3.0.19": x.compile_stylesheet(stylesheet_file=peppol_xsl),
        }
        for f in a.files:
            for name, sheet in sheets.items():
                report = etree.fromstring(sheet.transform_to_string(source_file=os.path.abspath(f)).encode())
                fired = report.findall(".//svrl:failed-assert", SVRL) + report.findall(".//svrl:successful-report", SVRL)
                fatal = [r for r in fired if (r.get("flag") or r.get("role") or "fatal").lower() in ("fatal", "error")]
                fatal_total += len(fatal)
                print(f"{os.path.basename(f)}  {name}: {len(fatal)} fatal, {len(fired) - len(fatal)} warning")
                for r in fired:
                    text = " ".join((r.findtext("svrl:text", namespaces=SVRL) or "").split())
                    print(f"    {(r.get('flag') or r.get('role') or '?'):8} {r.get('id')}: {text[:160]}")
        os.remove(peppol_xsl)
    print(f"fatal in all: {fatal_total}")
    return 1 if fatal_total else 0


if __name__ == "__main__":
    sys.exit(main())
