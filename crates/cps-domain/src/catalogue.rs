//! The product catalogue: what can be registered and what it is worth.
//! A catalogue file is validated whole; its errors are reported by line.

use crate::serial::SerialPattern;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub const HEADER: [&str; 7] = ["model_code", "name", "category", "release_date", "points", "serial_pattern", "decline"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    Camera,
    Cinema,
    Lens,
    CinemaLens,
    Flash,
    Printer,
    Accessory,
}

impl Category {
    pub const ALL: [Category; 7] = [
        Category::Camera,
        Category::Cinema,
        Category::Lens,
        Category::CinemaLens,
        Category::Flash,
        Category::Printer,
        Category::Accessory,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Camera => "camera",
            Category::Cinema => "cinema",
            Category::Lens => "lens",
            Category::CinemaLens => "cinema-lens",
            Category::Flash => "flash",
            Category::Printer => "printer",
            Category::Accessory => "accessory",
        }
    }

    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == s.trim())
    }
}

/// Points by age: from `years` after purchase the product gives `points`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Decline(Vec<(u32, i64)>);

impl Decline {
    pub fn parse(s: &str, full_points: i64) -> Result<Decline, String> {
        let s = s.trim();
        if s.is_empty() {
            return Ok(Decline::default());
        }
        let mut steps = Vec::new();
        for part in s.split(';') {
            let (y, p) = part.split_once('=').ok_or_else(|| format!("decline step {part:?} is not years=points"))?;
            let years: u32 = y.trim().parse().map_err(|_| format!("decline years {y:?} is not a whole number"))?;
            let points: i64 = p.trim().parse().map_err(|_| format!("decline points {p:?} is not a whole number"))?;
            steps.push((years, points));
        }
        let mut last = (0, full_points);
        for &(years, points) in &steps {
            if years <= last.0 || points >= last.1 || points < 0 {
                return Err("decline steps must have growing years and falling points below the full value".into());
            }
            last = (years, points);
        }
        Ok(Decline(steps))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// What a product of `full` points is worth `years` after purchase.
    pub fn points_at(&self, full: i64, years: u32) -> i64 {
        self.0.iter().rev().find(|(y, _)| years >= *y).map_or(full, |(_, p)| (*p).min(full))
    }

    pub fn to_text(&self) -> String {
        self.0.iter().map(|(y, p)| format!("{y}={p}")).collect::<Vec<_>>().join(";")
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueItem {
    pub model_code: String,
    pub name: String,
    pub category: Category,
    pub release_date: NaiveDate,
    pub points: i64,
    pub serial_pattern: SerialPattern,
    pub decline: Decline,
}

/// A problem in a catalogue file, by line (the header is line 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    pub line: u64,
    pub message: String,
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

fn valid_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 40
        && code.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
}

/// Parses and validates a whole catalogue file; nothing is returned unless
/// every line is valid.
pub fn parse_catalogue(text: &str) -> Result<Vec<CatalogueItem>, Vec<LineError>> {
    let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(text.as_bytes());
    let mut errors = Vec::new();
    match reader.headers() {
        Ok(h) if h.iter().map(str::trim).eq(HEADER) => {}
        _ => {
            return Err(vec![LineError { line: 1, message: format!("the header must be {}", HEADER.join(",")) }]);
        }
    }
    let mut items: Vec<CatalogueItem> = Vec::new();
    let mut seen = std::collections::HashMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                errors.push(LineError { line, message: format!("unreadable CSV: {e}") });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        let mut err = |message: String| errors.push(LineError { line, message });
        if record.len() != HEADER.len() {
            err(format!("expected {} fields, found {}", HEADER.len(), record.len()));
            continue;
        }
        let code = record[0].trim().to_owned();
        let name = record[1].trim().to_owned();
        let category = Category::parse(&record[2]);
        let release = NaiveDate::parse_from_str(record[3].trim(), "%Y-%m-%d");
        let points = record[4].trim().parse::<i64>();
        let pattern = SerialPattern::parse(&record[5]);
        if !valid_code(&code) {
            err(format!("model code {code:?} must be upper-case letters, digits and dashes"));
        } else if let Some(first) = seen.insert(code.clone(), line) {
            err(format!("model code {code} is also on line {first}"));
        }
        if name.is_empty() || name.chars().count() > 120 {
            err("the name must have 1 to 120 characters".into());
        }
        if category.is_none() {
            err(format!("category {:?} is not one of {}", &record[2], Category::ALL.map(Category::as_str).join(", ")));
        }
        if release.is_err() {
            err(format!("release date {:?} is not YYYY-MM-DD", &record[3]));
        }
        let points = match points {
            Ok(p) if (1..=100_000).contains(&p) => Some(p),
            _ => {
                err(format!("points {:?} must be a whole number from 1 to 100000", &record[4]));
                None
            }
        };
        if pattern.is_err() {
            err(format!("serial pattern {:?} is empty or too long", &record[5]));
        }
        let decline = points.map(|p| Decline::parse(&record[6], p)).transpose().unwrap_or_else(|e| {
            err(e);
            None
        });
        if let (Some(category), Ok(release_date), Some(points), Ok(serial_pattern), Some(decline)) =
            (category, release, points, pattern, decline)
        {
            items.push(CatalogueItem {
                model_code: code,
                name,
                category,
                release_date,
                points,
                serial_pattern,
                decline,
            });
        }
    }
    if items.is_empty() && errors.is_empty() {
        errors.push(LineError { line: 2, message: "the file has no products".into() });
    }
    if errors.is_empty() { Ok(items) } else { Err(errors) }
}

/// The catalogue that ships with CPS (sample values but for two historical ones).
pub fn shipped() -> &'static str {
    include_str!("../data/catalogue.csv")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_catalogue_is_valid_and_keeps_the_historical_values() {
        let items = parse_catalogue(shipped()).expect("valid");
        assert!(items.len() >= 150, "{}", items.len());
        let points = |name: &str| items.iter().find(|i| i.name == name).map(|i| i.points);
        assert_eq!(points("EOS 5D Mark III"), Some(235));
        assert_eq!(points("EF 40mm f/2.8 STM"), Some(15));
    }

    #[test]
    fn errors_are_reported_by_line_and_nothing_is_returned() {
        let text = "model_code,name,category,release_date,points,serial_pattern,decline\n\
                    EOS-R5,EOS R5,camera,2020-07-09,250,############,\n\
                    eos r6,EOS R6,camera,2020-07-09,200,############,\n\
                    EOS-R5,EOS R5 again,camera,2020-07-09,250,############,\n\
                    EOS-R8,EOS R8,phone,2023-02-08,-3,,\n";
        let errors = parse_catalogue(text).unwrap_err();
        let lines: Vec<u64> = errors.iter().map(|e| e.line).collect();
        assert!(lines.contains(&3) && lines.contains(&4) && lines.contains(&5), "{errors:?}");
        assert!(errors.iter().any(|e| e.message.contains("also on line 2")));
        assert_eq!(parse_catalogue("a,b\n1,2\n").unwrap_err()[0].line, 1);
    }

    #[test]
    fn decline_steps_lower_points_with_age() {
        let d = Decline::parse("5=150;8=100", 235).unwrap();
        assert_eq!(d.points_at(235, 0), 235);
        assert_eq!(d.points_at(235, 4), 235);
        assert_eq!(d.points_at(235, 5), 150);
        assert_eq!(d.points_at(235, 20), 100);
        assert!(Decline::parse("5=300", 235).is_err(), "never above the full value");
        assert!(Decline::parse("5=100;3=50", 235).is_err(), "years must grow");
        assert!(Decline::parse("x", 235).is_err());
    }
}
