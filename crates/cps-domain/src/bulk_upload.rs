//! Registering many products from one file ("Ladda upp en lista"): a CSV
//! (UTF-8 or Windows-1252, `;`, `,` or tab separated, as Excel writes it) or
//! an XLSX workbook with the columns of the registration form plus the model.
//!
//! Two pure steps: [`read_upload`] turns the bytes into typed rows (or one
//! problem with the whole file), and [`check_rows`] judges every row with the
//! very rules of the single registration form ([`parse_details`]) against the
//! catalogue and the serials already registered. Nothing here panics on any
//! input (property-tested below).

use crate::catalogue::CatalogueItem;
use crate::points;
use crate::product::{ProductDetails, ProductInput, parse_details};
use crate::serial::SerialNumber;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The most rows one file may have (blank rows are not counted).
pub const MAX_ROWS: usize = 5_000;

/// How many model suggestions a row shows at most.
const MAX_SUGGESTIONS: usize = 5;

/// One row of the file as typed, with its row number as a spreadsheet
/// shows it (the header is row 1).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UploadRow {
    pub line: u32,
    /// `model` holds the model as typed: a catalogue code or name.
    pub input: ProductInput,
}

/// Why a whole file cannot be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileProblem {
    /// Not a CSV text nor a readable XLSX workbook.
    Unreadable,
    /// No header line naming at least the model column.
    NoHeader,
    /// A header but no product rows.
    Empty,
    /// More than [`MAX_ROWS`] product rows.
    TooManyRows(usize),
}

impl FileProblem {
    /// The Fluent id of the message (its argument, where any, is `count`).
    pub fn message_id(self) -> &'static str {
        match self {
            FileProblem::Unreadable => "bulk-file-unreadable",
            FileProblem::NoHeader => "bulk-file-no-header",
            FileProblem::Empty => "bulk-file-empty",
            FileProblem::TooManyRows(_) => "bulk-file-too-many",
        }
    }
}

/// The columns a file can have, recognised by their heading in Swedish or
/// English (the template's headings, and a few common variants).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Model,
    Serial,
    PurchaseDate,
    PurchaseCountry,
    Retailer,
}

impl Column {
    pub const ALL: [Column; 5] =
        [Column::Model, Column::Serial, Column::PurchaseDate, Column::PurchaseCountry, Column::Retailer];

    /// The Fluent id of the heading the template uses.
    pub fn message_id(self) -> &'static str {
        match self {
            Column::Model => "products-col-model",
            Column::Serial => "products-col-serial",
            Column::PurchaseDate => "products-col-date",
            Column::PurchaseCountry => "products-col-country",
            Column::Retailer => "products-col-retailer",
        }
    }

    fn of_heading(heading: &str) -> Option<Column> {
        let key: String = heading.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect();
        Some(match key.as_str() {
            "model" | "modell" | "modelcode" | "modellkod" | "modelname" | "modellnamn" | "produkt" | "product" => {
                Column::Model
            }
            "serial" | "serialnumber" | "serialno" | "serienummer" | "serienr" | "sn" => Column::Serial,
            "purchasedate" | "dateofpurchase" | "date" | "inköpsdatum" | "köpdatum" | "datum" => Column::PurchaseDate,
            "purchasecountry" | "countryofpurchase" | "country" | "inköpsland" | "land" => Column::PurchaseCountry,
            "retailer" | "store" | "shop" | "återförsäljare" | "butik" => Column::Retailer,
            _ => return None,
        })
    }
}

/// Reads an uploaded file into rows: XLSX when it is a ZIP archive, CSV
/// otherwise. Rows whose cells are all blank are left out.
pub fn read_upload(bytes: &[u8]) -> Result<Vec<UploadRow>, FileProblem> {
    let table = if bytes.starts_with(b"PK\x03\x04") { xlsx_cells(bytes)? } else { csv_cells(bytes)? };
    rows_of(table)
}

/// A CSV file's text: UTF-8 (with or without the byte-order mark Excel
/// writes), else Windows-1252, what Swedish Excel saves "CSV" as.
pub fn decode_text(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned(),
    }
}

/// The separator of the header line: the most frequent of `;`, `,` and tab
/// outside quotes (Swedish Excel writes `;`, as the comma is the decimal sign).
fn sniff_delimiter(text: &str) -> u8 {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or_default();
    let mut quoted = false;
    let mut counts = [0usize; 3];
    for c in first.chars() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => counts[0] += 1,
            ',' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let seps = [b';', b',', b'\t'];
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    if counts[best] == 0 { b',' } else { seps[best] }
}

/// The cells of every line, each with its line number.
type Table = Vec<(u32, Vec<String>)>;

fn csv_cells(bytes: &[u8]) -> Result<Table, FileProblem> {
    if bytes.contains(&0) {
        return Err(FileProblem::Unreadable);
    }
    let text = decode_text(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sniff_delimiter(&text))
        .from_reader(text.as_bytes());
    let mut table = Vec::new();
    // Rows are numbered as a spreadsheet shows them: one per record, so a
    // cell with a line break inside quotes does not shift the count.
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|_| FileProblem::Unreadable)?;
        let line = u32::try_from(i).unwrap_or(u32::MAX).saturating_add(1);
        table.push((line, record.iter().map(str::to_owned).collect()));
        if table.len() > MAX_ROWS * 4 {
            // Far beyond the limit: stop reading, the count is what matters.
            break;
        }
    }
    Ok(table)
}

fn xlsx_cells(bytes: &[u8]) -> Result<Table, FileProblem> {
    use calamine::{Reader, Xlsx};
    // calamine is not ours: a malformed archive must not take the request down.
    let read = std::panic::catch_unwind(|| {
        let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).ok()?;
        let range = book.worksheet_range_at(0)?.ok()?;
        let first_row = range.start().map_or(0, |(r, _)| r);
        let first_col = range.start().map_or(0, |(_, c)| c);
        let mut table = Vec::new();
        for (i, row) in range.rows().enumerate() {
            let line = first_row.saturating_add(u32::try_from(i).unwrap_or(u32::MAX)).saturating_add(1);
            // Columns left of the used range are blank: keep positions.
            let mut cells = vec![String::new(); usize::try_from(first_col).unwrap_or(0).min(64)];
            cells.extend(row.iter().map(cell_text));
            table.push((line, cells));
            if table.len() > MAX_ROWS * 4 {
                break;
            }
        }
        Some(table)
    });
    read.ok().flatten().ok_or(FileProblem::Unreadable)
}

/// A spreadsheet cell as the member would have typed it: dates as
/// `YYYY-MM-DD`, whole numbers without decimals.
fn cell_text(cell: &calamine::Data) -> String {
    use calamine::Data;
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(n) => n.to_string(),
        Data::Float(f) => float_text(*f),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => excel_date(d.as_f64()).map_or_else(|| float_text(d.as_f64()), |d| d.to_string()),
    }
}

fn float_text(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 { format!("{f:.0}") } else { f.to_string() }
}

/// The date of an Excel serial day number (1900 system).
fn excel_date(serial: f64) -> Option<NaiveDate> {
    if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    #[expect(clippy::cast_possible_truncation, reason = "range checked above")]
    let days = serial.floor() as i64;
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_signed(chrono::Duration::days(days))
}

fn rows_of(table: Table) -> Result<Vec<UploadRow>, FileProblem> {
    let blank = |cells: &[String]| cells.iter().all(|c| c.trim().is_empty());
    let mut lines = table.into_iter().filter(|(_, cells)| !blank(cells));
    let (_, header) = lines.next().ok_or(FileProblem::Empty)?;
    let columns: Vec<Option<Column>> = header.iter().map(|h| Column::of_heading(h)).collect();
    if !columns.contains(&Some(Column::Model)) {
        return Err(FileProblem::NoHeader);
    }
    let mut rows = Vec::new();
    let mut count = 0usize;
    for (line, cells) in lines {
        count += 1;
        if count > MAX_ROWS {
            continue;
        }
        let mut input = ProductInput::default();
        for (column, cell) in columns.iter().zip(cells) {
            let slot = match column {
                Some(Column::Model) => &mut input.model,
                Some(Column::Serial) => &mut input.serial,
                Some(Column::PurchaseDate) => &mut input.purchase_date,
                Some(Column::PurchaseCountry) => &mut input.purchase_country,
                Some(Column::Retailer) => &mut input.retailer,
                None => continue,
            };
            if slot.is_empty() {
                *slot = cell.trim().to_owned();
            }
        }
        rows.push(UploadRow { line, input });
    }
    match count {
        0 => Err(FileProblem::Empty),
        n if n > MAX_ROWS => Err(FileProblem::TooManyRows(n)),
        _ => Ok(rows),
    }
}

/// A model as written in a list: its catalogue code or its name, compared
/// without case, spaces or punctuation (`eos r5` is `EOS-R5`).
fn model_key(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_uppercase).collect()
}

/// How a row's model text matched the catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModelMatch<'a> {
    Found(&'a CatalogueItem),
    /// Several models fit: the member must write the code.
    Ambiguous(Vec<&'a CatalogueItem>),
    /// None fits exactly; perhaps one of these was meant.
    Unknown(Vec<&'a CatalogueItem>),
}

/// The catalogue indexed by code and name.
pub struct ModelIndex<'a> {
    catalogue: &'a [CatalogueItem],
    by_key: HashMap<String, Vec<usize>>,
}

impl<'a> ModelIndex<'a> {
    pub fn new(catalogue: &'a [CatalogueItem]) -> Self {
        let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, item) in catalogue.iter().enumerate() {
            for key in [model_key(&item.model_code), model_key(&item.name)] {
                let ids = by_key.entry(key).or_default();
                if !ids.contains(&i) {
                    ids.push(i);
                }
            }
        }
        ModelIndex { catalogue, by_key }
    }

    /// A code or a name that names exactly one model finds it; anything else
    /// gives the models whose code or name contains what was written.
    pub fn find(&self, text: &str) -> ModelMatch<'a> {
        let key = model_key(text);
        if key.is_empty() {
            return ModelMatch::Unknown(Vec::new());
        }
        if let Some(ids) = self.by_key.get(&key) {
            // A code wins over a name that happens to be the same text.
            if let Some(&i) = ids.iter().find(|&&i| model_key(&self.catalogue[i].model_code) == key) {
                return ModelMatch::Found(&self.catalogue[i]);
            }
            if ids.len() == 1 {
                return ModelMatch::Found(&self.catalogue[ids[0]]);
            }
            return ModelMatch::Ambiguous(ids.iter().map(|&i| &self.catalogue[i]).take(MAX_SUGGESTIONS).collect());
        }
        let near: Vec<&CatalogueItem> = self
            .catalogue
            .iter()
            .filter(|it| model_key(&it.model_code).contains(&key) || model_key(&it.name).contains(&key))
            .take(MAX_SUGGESTIONS + 1)
            .collect();
        if near.len() > 1 {
            ModelMatch::Ambiguous(near.into_iter().take(MAX_SUGGESTIONS).collect())
        } else {
            ModelMatch::Unknown(near)
        }
    }
}

/// Who holds a serial already.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holder {
    /// The uploading business itself.
    Us,
    /// Another business (never named to the member).
    Other,
}

/// Why a row will not be registered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowProblem {
    ModelMissing,
    ModelUnknown,
    ModelAmbiguous,
    /// A list row is recognised by its serial (uploading the same list again
    /// adds nothing), so a row needs one; the other details may be blank.
    SerialMissing,
    /// A detail the registration form refuses (its field and message id).
    Field {
        field: &'static str,
        message_id: &'static str,
    },
    /// The same serial is on an earlier line of the file.
    DuplicateInFile {
        line: u32,
    },
    SerialTakenHere,
    SerialTakenElsewhere,
}

impl RowProblem {
    /// The Fluent id of the message; `DuplicateInFile` takes `line`.
    pub fn message_id(&self) -> &'static str {
        match self {
            RowProblem::ModelMissing => "bulk-problem-model-missing",
            RowProblem::ModelUnknown => "bulk-problem-model-unknown",
            RowProblem::ModelAmbiguous => "bulk-problem-model-ambiguous",
            RowProblem::SerialMissing => "bulk-problem-serial-missing",
            RowProblem::Field { message_id, .. } => message_id,
            RowProblem::DuplicateInFile { .. } => "bulk-problem-duplicate",
            RowProblem::SerialTakenHere => "error-serial-taken-here",
            RowProblem::SerialTakenElsewhere => "bulk-problem-serial-elsewhere",
        }
    }
}

/// A row judged: what it will register and give, or why it will not.
#[derive(Debug, Clone)]
pub struct CheckedRow {
    pub line: u32,
    pub input: ProductInput,
    /// The model found for the row.
    pub item: Option<CatalogueItem>,
    /// Codes and names the member may have meant.
    pub suggestions: Vec<(String, String)>,
    pub details: Option<ProductDetails>,
    /// What registering it gives now (nothing while incomplete).
    pub points: i64,
    pub problems: Vec<RowProblem>,
}

impl CheckedRow {
    pub fn is_valid(&self) -> bool {
        self.problems.is_empty() && self.item.is_some() && self.details.is_some()
    }
}

/// The normalised serials of the rows, for looking up who holds them.
pub fn serials(rows: &[UploadRow]) -> Vec<SerialNumber> {
    let mut out: Vec<SerialNumber> = rows.iter().filter_map(|r| SerialNumber::normalise(&r.input.serial)).collect();
    out.sort_by(|a, b| a.as_str().cmp(b.as_str()));
    out.dedup();
    out
}

/// Judges every row against the active catalogue, the serials already held
/// (`holders`, for the serials of [`serials`]) and `today`. A complete row
/// gives what the form would give: its model's points, declined for age when
/// `decline_on` (see [`points::worth`]).
pub fn check_rows(
    rows: &[UploadRow],
    catalogue: &[CatalogueItem],
    holders: &HashMap<SerialNumber, Holder>,
    today: NaiveDate,
    decline_on: bool,
) -> Vec<CheckedRow> {
    let index = ModelIndex::new(catalogue);
    let mut first_line: HashMap<SerialNumber, u32> = HashMap::new();
    rows.iter()
        .map(|row| {
            let mut problems = Vec::new();
            let mut suggestions = Vec::new();
            let item = if row.input.model.trim().is_empty() {
                problems.push(RowProblem::ModelMissing);
                None
            } else {
                match index.find(&row.input.model) {
                    ModelMatch::Found(item) => Some(item.clone()),
                    ModelMatch::Ambiguous(near) => {
                        problems.push(RowProblem::ModelAmbiguous);
                        suggestions = near.iter().map(|it| (it.model_code.clone(), it.name.clone())).collect();
                        None
                    }
                    ModelMatch::Unknown(near) => {
                        problems.push(RowProblem::ModelUnknown);
                        suggestions = near.iter().map(|it| (it.model_code.clone(), it.name.clone())).collect();
                        None
                    }
                }
            };
            let serial = SerialNumber::normalise(&row.input.serial);
            match &serial {
                None => problems.push(RowProblem::SerialMissing),
                Some(s) => {
                    if let Some(&line) = first_line.get(s) {
                        problems.push(RowProblem::DuplicateInFile { line });
                    } else {
                        first_line.insert(s.clone(), row.line);
                        match holders.get(s) {
                            Some(Holder::Us) => problems.push(RowProblem::SerialTakenHere),
                            Some(Holder::Other) => problems.push(RowProblem::SerialTakenElsewhere),
                            None => {}
                        }
                    }
                }
            }
            // The form's own rules, once the model (and so its serial format
            // and launch date) is known.
            let details = item.as_ref().and_then(|it| match parse_details(&row.input, it, today) {
                Ok(d) => Some(d),
                Err(errors) => {
                    for (field, message_id) in errors.iter() {
                        problems.push(RowProblem::Field { field, message_id });
                    }
                    None
                }
            });
            let points = match (&item, &details) {
                (Some(it), Some(d)) if d.is_complete() && problems.is_empty() => {
                    points::worth(it.points, &it.decline, d.purchase_date, today, decline_on)
                }
                _ => 0,
            };
            CheckedRow { line: row.line, input: row.input.clone(), item, suggestions, details, points, problems }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{Category, Decline};
    use crate::serial::SerialPattern;
    use proptest::prelude::*;

    fn item(code: &str, name: &str, pattern: &str, points: i64) -> CatalogueItem {
        CatalogueItem {
            model_code: code.into(),
            name: name.into(),
            category: Category::Camera,
            release_date: NaiveDate::from_ymd_opt(2020, 7, 30).expect("date"),
            points,
            serial_pattern: SerialPattern::parse(pattern).expect("pattern"),
            decline: Decline::default(),
        }
    }

    fn catalogue() -> Vec<CatalogueItem> {
        vec![
            item("EOS-R5", "EOS R5", "############", 250),
            item("EOS-R5C", "EOS R5 C", "############", 300),
            item("EOS-R6", "EOS R6", "############", 200),
            item("SP-600", "Speedlite 600", "@@#######", 40),
        ]
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).expect("date")
    }

    #[test]
    fn swedish_excel_csv_in_windows_1252_with_semicolons_is_read() {
        // "Återförsäljare" and "Inköpsdatum" in Windows-1252, CRLF, a trailing blank line of separators.
        let mut bytes = b"Modell;Serienummer;Ink\xF6psdatum;Ink\xF6psland;\xC5terf\xF6rs\xE4ljare\r\n".to_vec();
        bytes.extend_from_slice(b"EOS R5;0123 4567 8901;2021-03-01;SE;Kamerabutiken G\xF6teborg\r\n;;;;\r\n");
        let rows = read_upload(&bytes).expect("readable");
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].line, 2);
        assert_eq!(rows[0].input.model, "EOS R5");
        assert_eq!(rows[0].input.retailer, "Kamerabutiken Göteborg");
        assert_eq!(rows[0].input.purchase_date, "2021-03-01");
    }

    #[test]
    fn utf8_with_bom_and_commas_and_english_headings_are_read() {
        let text = "\u{feff}Serial number,Model,Retailer,Country of purchase,Purchase date,Notes\n\
                    \"012345678901\",EOS-R6,\"Foto, Malmö\",SE,2022-01,whatever\n";
        let rows = read_upload(text.as_bytes()).expect("readable");
        assert_eq!(rows[0].input.model, "EOS-R6");
        assert_eq!(rows[0].input.serial, "012345678901");
        assert_eq!(rows[0].input.retailer, "Foto, Malmö");
        assert_eq!(rows[0].input.purchase_country, "SE");
    }

    #[test]
    fn whole_file_problems_are_reported() {
        assert_eq!(read_upload(b"").err(), Some(FileProblem::Empty));
        assert_eq!(read_upload(b"Modell;Serienummer\r\n;\r\n").err(), Some(FileProblem::Empty));
        assert_eq!(read_upload(b"a,b,c\n1,2,3\n").err(), Some(FileProblem::NoHeader));
        assert_eq!(read_upload(b"PK\x03\x04garbage").err(), Some(FileProblem::Unreadable));
        let mut big = String::from("Model,Serial\n");
        for n in 0..=MAX_ROWS {
            big.push_str(&format!("EOS-R5,{n:012}\n"));
        }
        assert_eq!(read_upload(big.as_bytes()).err(), Some(FileProblem::TooManyRows(MAX_ROWS + 1)));
        big.truncate(big.trim_end().rfind('\n').expect("lines") + 1);
        assert_eq!(read_upload(big.as_bytes()).expect("at the limit").len(), MAX_ROWS);
    }

    #[test]
    fn excel_day_numbers_become_dates() {
        assert_eq!(excel_date(44_256.0), NaiveDate::from_ymd_opt(2021, 3, 1));
        assert_eq!(excel_date(-1.0), None);
        assert_eq!(float_text(12_345_678_901.0), "12345678901");
    }

    #[test]
    fn models_are_found_by_code_or_name_and_suggested_when_unclear() {
        let cat = catalogue();
        let index = ModelIndex::new(&cat);
        let code = |m: ModelMatch<'_>| match m {
            ModelMatch::Found(it) => it.model_code.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(code(index.find("eos-r5")), "EOS-R5");
        assert_eq!(code(index.find("EOS R5 C")), "EOS-R5C");
        assert_eq!(code(index.find(" speedlite 600 ")), "SP-600");
        match index.find("R5") {
            ModelMatch::Ambiguous(near) => assert_eq!(near.len(), 2),
            other => panic!("{other:?}"),
        }
        match index.find("Speedlite") {
            ModelMatch::Unknown(near) => assert_eq!(near[0].model_code, "SP-600", "one near model is a suggestion"),
            other => panic!("{other:?}"),
        }
        assert_eq!(index.find("Nikon Z9"), ModelMatch::Unknown(Vec::new()));
    }

    fn row(line: u32, model: &str, serial: &str, date: &str, country: &str, retailer: &str) -> UploadRow {
        UploadRow {
            line,
            input: ProductInput {
                model: model.into(),
                serial: serial.into(),
                purchase_date: date.into(),
                purchase_country: country.into(),
                retailer: retailer.into(),
            },
        }
    }

    #[test]
    fn every_kind_of_bad_row_gets_its_reason_and_good_rows_their_points() {
        let rows = vec![
            row(2, "EOS R5", "1111 2222 3333", "2021-03-01", "SE", "Foto AB"),
            row(3, "EOS R6", "111122223334", "", "", ""),
            row(4, "Nikon Z9", "111122223335", "2021-03-01", "SE", "Foto AB"),
            row(5, "R5", "111122223336", "2021-03-01", "SE", "Foto AB"),
            row(6, "EOS R5", "ABC", "2021-03-01", "SE", "Foto AB"),
            row(7, "EOS R5", "111122223337", "2019-01-01", "SE", "Foto AB"),
            row(8, "EOS R5", "111122223338", "2021-03-01", "XX", "Foto AB"),
            row(9, "EOS R5", "111122223339", "2021-03-01", "SE", "Foto AB"),
            row(10, "EOS R5", "111122223340", "2021-03-01", "SE", "Foto AB"),
            row(11, "EOS R5", "1111-2222-3333", "2021-03-01", "SE", "Foto AB"),
            row(12, "EOS R5", "", "2021-03-01", "SE", "Foto AB"),
            row(13, "", "111122223341", "2021-03-01", "SE", "Foto AB"),
            row(14, "EOS R5", "111122223342", "2027-01-01", "SE", "Foto AB"),
            row(15, "EOS R5", "111122223343", "someday", "SE", "Foto AB"),
        ];
        let mut holders = HashMap::new();
        holders.insert(SerialNumber::normalise("111122223339").expect("s"), Holder::Us);
        holders.insert(SerialNumber::normalise("111122223340").expect("s"), Holder::Other);
        let checked = check_rows(&rows, &catalogue(), &holders, today(), false);
        let problems = |line: u32| checked.iter().find(|c| c.line == line).expect("row").problems.clone();
        assert!(checked[0].is_valid());
        assert_eq!(checked[0].points, 250, "complete: the catalogue value");
        assert!(checked[1].is_valid(), "blanks but the serial are allowed, as in the form");
        assert_eq!(checked[1].points, 0, "incomplete earns nothing yet");
        assert_eq!(problems(4), vec![RowProblem::ModelUnknown]);
        assert_eq!(problems(5), vec![RowProblem::ModelAmbiguous]);
        assert_eq!(checked[3].suggestions.len(), 2);
        assert_eq!(problems(6), vec![RowProblem::Field { field: "serial", message_id: "error-serial-format" }]);
        assert_eq!(
            problems(7),
            vec![RowProblem::Field { field: "purchase_date", message_id: "error-purchase-date-before-release" }]
        );
        assert_eq!(
            problems(8),
            vec![RowProblem::Field { field: "purchase_country", message_id: "error-country-invalid" }]
        );
        assert_eq!(problems(9), vec![RowProblem::SerialTakenHere]);
        assert_eq!(problems(10), vec![RowProblem::SerialTakenElsewhere]);
        assert_eq!(problems(11), vec![RowProblem::DuplicateInFile { line: 2 }]);
        assert_eq!(problems(12), vec![RowProblem::SerialMissing]);
        assert_eq!(problems(13), vec![RowProblem::ModelMissing]);
        assert_eq!(
            problems(14),
            vec![RowProblem::Field { field: "purchase_date", message_id: "error-purchase-date-future" }]
        );
        assert_eq!(
            problems(15),
            vec![RowProblem::Field { field: "purchase_date", message_id: "error-purchase-date-invalid" }]
        );
        assert!(checked.iter().filter(|c| !c.is_valid()).all(|c| c.points == 0));
    }

    #[test]
    fn an_old_product_gives_its_declined_points_when_decline_is_on() {
        let mut old = item("EOS-1DS", "EOS-1Ds", "######", 300);
        old.release_date = NaiveDate::from_ymd_opt(2002, 9, 1).expect("date");
        old.decline = Decline::parse("5=100;10=20", 300).expect("decline");
        let rows = vec![row(2, "EOS-1Ds", "123456", "2003-05-01", "SE", "Foto AB")];
        let on = check_rows(&rows, std::slice::from_ref(&old), &HashMap::new(), today(), true);
        assert_eq!(on[0].points, 20, "23 years old: the 10-year step");
        let off = check_rows(&rows, &[old], &HashMap::new(), today(), false);
        assert_eq!(off[0].points, 300, "decline off: the catalogue value");
    }

    proptest! {
        #[test]
        fn reading_never_panics_on_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
            let _ = read_upload(&bytes);
        }

        #[test]
        fn reading_never_panics_on_a_broken_archive(tail in proptest::collection::vec(any::<u8>(), 0..2000)) {
            let mut bytes = b"PK\x03\x04".to_vec();
            bytes.extend(tail);
            prop_assert_eq!(read_upload(&bytes).err(), Some(FileProblem::Unreadable));
        }

        #[test]
        fn any_text_is_read_and_checked_without_panic(text in "(?s)[A-Za-z0-9 ;,\t\"\r\n\u{e5}\u{e4}\u{f6}-]{0,600}") {
            let text = format!("Modell;Serienummer;Inköpsdatum;Inköpsland;Återförsäljare\n{text}");
            if let Ok(rows) = read_upload(text.as_bytes()) {
                prop_assert!(rows.len() <= MAX_ROWS);
                let checked = check_rows(&rows, &catalogue(), &HashMap::new(), today(), false);
                prop_assert_eq!(checked.len(), rows.len());
                for c in checked {
                    prop_assert!(c.is_valid() || c.points == 0);
                }
            }
        }
    }
}
