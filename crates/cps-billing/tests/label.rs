//! The shipping label as the printer and the scanner get it: rendered, page 1
//! rasterised at 300 dpi with poppler's `pdftoppm`, the barcode read back
//! with `zbarimg` (Debian: zbar-tools) and the text with `pdftotext`
//! (poppler-utils). The tools are required: a missing one fails the test,
//! naming the package to install (scripts/test.sh installs both).

use chrono::NaiveDate;
use cps_billing::shipping_label_pdf;
use cps_domain::Lang;
use cps_domain::shipping::{LabelSender, PostalAddress, ServiceKind, ShippingLabel};
use std::path::Path;
use std::process::{Command, Output};

fn label(number: &str, kind: ServiceKind) -> ShippingLabel {
    ShippingLabel {
        request_number: number.into(),
        kind,
        sender: LabelSender {
            address: PostalAddress {
                name: "Ljusbild Foto AB".into(),
                street: "Storgatan 12".into(),
                postal_code: "411 38".into(),
                city: "Göteborg".into(),
                country: "SE".into(),
            },
            contact_name: "Anna Lindqvist".into(),
            contact_phone: "+46 31 123 45 67".into(),
            contact_email: "anna@ljusbild.se".into(),
        },
        service_centre: PostalAddress {
            name: "CPS Servicecenter".into(),
            street: "Verkstadsgatan 2".into(),
            postal_code: "111 22".into(),
            city: "Stockholm".into(),
            country: "SE".into(),
        },
        product_model: "EOS R5 Mark II".into(),
        product_serial: "082021001234".into(),
        date: NaiveDate::from_ymd_opt(2026, 12, 7).expect("date"),
    }
}

/// Runs a tool; a missing tool fails the test with the package to install.
fn run(tool: &str, package: &str, args: &[&str]) -> Output {
    match Command::new(tool).args(args).output() {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => panic!(
            "`{tool}` is not installed: the shipping-label test needs it (Debian package {package}: \
             apt-get install -y {package}; scripts/test.sh installs it)"
        ),
        Err(e) => panic!("running {tool}: {e}"),
    }
}

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// What a scanner reads off page 1 at 300 dpi (Code 128 only).
fn scan(pdf: &[u8], dir: &Path) -> String {
    let file = dir.join("label.pdf");
    std::fs::write(&file, pdf).expect("write the pdf");
    let png = dir.join("page");
    let out = run(
        "pdftoppm",
        "poppler-utils",
        &["-r", "300", "-png", "-f", "1", "-l", "1", "-singlefile", path(&file), path(&png)],
    );
    assert!(out.status.success(), "pdftoppm: {}", String::from_utf8_lossy(&out.stderr));
    let out =
        run("zbarimg", "zbar-tools", &["--raw", "-q", "-Sdisable", "-Scode128.enable", path(&dir.join("page.png"))]);
    assert!(
        out.status.success(),
        "zbarimg found no Code 128 barcode on page 1 (exit {:?}): {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim_end_matches('\n').to_owned()
}

fn text(pdf: &[u8], dir: &Path) -> String {
    let file = dir.join("label.pdf");
    std::fs::write(&file, pdf).expect("write the pdf");
    let out = run("pdftotext", "poppler-utils", &["-layout", path(&file), "-"]);
    assert!(out.status.success(), "pdftotext: {}", String::from_utf8_lossy(&out.stderr));
    let info = run("pdfinfo", "poppler-utils", &[path(&file)]);
    let info = String::from_utf8_lossy(&info.stdout).into_owned();
    assert!(info.lines().any(|l| l.starts_with("Pages:") && l.trim_end().ends_with(" 1")), "one page: {info}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_barcode_on_the_label_scans_as_the_request_number_in_every_language() {
    let dir = tempfile::tempdir().expect("tmp");
    for lang in Lang::ALL {
        let pdf = shipping_label_pdf(&label("SR-2026-000123", ServiceKind::Repair), lang).expect("label");
        assert!(pdf.starts_with(b"%PDF-"));
        assert_eq!(scan(&pdf, dir.path()), "SR-2026-000123", "{lang:?}");
    }
    // Code set B throughout, and a long number squeezed to a narrower module.
    for number in ["SR-2026-7", "SR-2026-ABCDEFGHIJKL", "SR-2027-999999"] {
        let pdf = shipping_label_pdf(&label(number, ServiceKind::SensorClean), Lang::En).expect("label");
        assert_eq!(scan(&pdf, dir.path()), number);
    }
}

#[test]
fn the_label_says_who_sends_what_to_whom_in_swedish_and_german() {
    let dir = tempfile::tempdir().expect("tmp");
    let sv =
        text(&shipping_label_pdf(&label("SR-2026-000123", ServiceKind::Repair), Lang::Sv).expect("sv"), dir.path());
    for word in [
        "Fraktsedel – service",
        "AVSÄNDARE",
        "MOTTAGARE",
        "SERVICEÄRENDE",
        "INNEHÅLL",
        "SR-2026-000123",
        "Ljusbild Foto AB",
        "Storgatan 12",
        "411 38 Göteborg",
        "Kontaktperson: Anna Lindqvist",
        "Telefon: +46 31 123 45 67",
        "CPS Servicecenter",
        "Verkstadsgatan 2",
        "111 22 Stockholm",
        "SVERIGE",
        "Produkt",
        "EOS R5 Mark II",
        "Serienummer",
        "082021001234",
        "Typ av ärende",
        "Reparation",
        "Datum: 2026-12-07",
        "streckkoden",
    ] {
        assert!(sv.contains(word), "sv: {word:?} missing in\n{sv}");
    }
    let de = text(
        &shipping_label_pdf(&label("SR-2026-000123", ServiceKind::Maintenance), Lang::De).expect("de"),
        dir.path(),
    );
    for word in [
        "Versandetikett – Service",
        "ABSENDER",
        "EMPFÄNGER",
        "SERVICEAUFTRAG",
        "INHALT",
        "SR-2026-000123",
        "Ansprechpartner: Anna Lindqvist",
        "SCHWEDEN",
        "Seriennummer",
        "082021001234",
        "Auftragsart",
        "Wartung (Prüfung und Reinigung)",
        "Datum: 07.12.2026",
        "Strichcode",
    ] {
        assert!(de.contains(word), "de: {word:?} missing in\n{de}");
    }
    assert!(!de.contains("Avsändare") && !de.contains("Serienummer"), "no Swedish on the German label");
}

#[test]
fn the_same_label_gives_the_same_bytes_and_a_number_that_cannot_be_a_barcode_is_refused() {
    let l = label("SR-2026-000123", ServiceKind::Repair);
    assert_eq!(shipping_label_pdf(&l, Lang::Fi).expect("fi"), shipping_label_pdf(&l, Lang::Fi).expect("fi"));
    let err = shipping_label_pdf(&label("SR-2026-ÅÄÖ", ServiceKind::Repair), Lang::Sv).expect_err("not ASCII");
    assert!(format!("{err:#}").contains("barcode"), "{err:#}");
}
