//! Code 128 (ISO/IEC 15417) barcodes, as the widths of their bars and spaces,
//! for the service request number on the shipping label.
//!
//! Printable ASCII (32–126) is encoded in code set B; runs of digits go in
//! code set C (two digits a symbol) where that makes the barcode shorter: at
//! the start or the end from four digits, in the middle from six. A symbol
//! is 11 modules wide (three bars and three spaces, 1–4 modules each), the
//! stop 13, so a barcode of `n` data symbols (code switches included) is
//! `11 * n + 35` modules wide between its quiet zones: start 11, data
//! `11 * n`, checksum 11, stop 13. The quiet zone on each side is
//! [`QUIET_ZONE`] modules of space.

/// Modules of blank space required before the start and after the stop.
pub const QUIET_ZONE: u32 = 10;

/// Bar/space widths of the 106 symbol values 0–105 (the starts are 103–105),
/// bar first; then the stop, the only symbol with seven elements.
const PATTERNS: [&[u8]; 107] = [
    b"212222", b"222122", b"222221", b"121223", b"121322", b"131222", b"122213", b"122312", b"132212", b"221213",
    b"221312", b"231212", b"112232", b"122132", b"122231", b"113222", b"123122", b"123221", b"223211", b"221132",
    b"221231", b"213212", b"223112", b"312131", b"311222", b"321122", b"321221", b"312212", b"322112", b"322211",
    b"212123", b"212321", b"232121", b"111323", b"131123", b"131321", b"112313", b"132113", b"132311", b"211313",
    b"231113", b"231311", b"112133", b"112331", b"132131", b"113123", b"113321", b"133121", b"313121", b"211331",
    b"231131", b"213113", b"213311", b"213131", b"311123", b"311321", b"331121", b"312113", b"312311", b"332111",
    b"314111", b"221411", b"431111", b"111224", b"111422", b"121124", b"121421", b"141122", b"141221", b"112214",
    b"112412", b"122114", b"122411", b"142112", b"142211", b"241211", b"221114", b"413111", b"241112", b"134111",
    b"111242", b"121142", b"121241", b"114212", b"124112", b"124211", b"411212", b"421112", b"421211", b"212141",
    b"214121", b"412121", b"111143", b"111341", b"131141", b"114113", b"114311", b"411113", b"411311", b"113141",
    b"114131", b"311141", b"411131", b"211412", b"211214", b"211232", b"2331112",
];

const CODE_C: u8 = 99; // in code set B: switch to C
const CODE_B: u8 = 100; // in code set C: switch to B
const START_B: u8 = 104;
const START_C: u8 = 105;
const STOP: u8 = 106;

/// Why a text has no Code 128 barcode here.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Code128Error {
    #[error("nothing to encode")]
    Empty,
    #[error("{0:?} is not printable ASCII (code set B)")]
    Unsupported(char),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Set {
    B,
    C,
}

/// An encoded barcode: its symbol values from start to stop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code128 {
    symbols: Vec<u8>,
}

impl Code128 {
    /// The barcode of `data` (printable ASCII, not empty).
    pub fn encode(data: &str) -> Result<Code128, Code128Error> {
        if data.is_empty() {
            return Err(Code128Error::Empty);
        }
        if let Some(c) = data.chars().find(|c| !(' '..='~').contains(c)) {
            return Err(Code128Error::Unsupported(c));
        }
        let bytes = data.as_bytes();
        let digits_from = |i: usize| bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        let b_value = |b: u8| b - b' ';
        let first = digits_from(0);
        let mut set = if first >= 4 || (first == 2 && bytes.len() == 2) { Set::C } else { Set::B };
        let mut symbols = vec![if set == Set::C { START_C } else { START_B }];
        let mut i = 0;
        while i < bytes.len() {
            match set {
                Set::C if digits_from(i) >= 2 => {
                    symbols.push((bytes[i] - b'0') * 10 + (bytes[i + 1] - b'0'));
                    i += 2;
                }
                Set::C => {
                    symbols.push(CODE_B);
                    set = Set::B;
                }
                Set::B => {
                    let run = digits_from(i);
                    let at_end = i + run == bytes.len();
                    if run >= 6 || (at_end && run >= 4) {
                        // An odd run: its first digit in B, the pairs in C.
                        if run % 2 == 1 {
                            symbols.push(b_value(bytes[i]));
                            i += 1;
                        }
                        symbols.push(CODE_C);
                        set = Set::C;
                    } else {
                        symbols.push(b_value(bytes[i]));
                        i += 1;
                    }
                }
            }
        }
        let checksum = checksum(&symbols);
        symbols.push(checksum);
        symbols.push(STOP);
        Ok(Code128 { symbols })
    }

    /// The symbol values: start, data (with code switches), checksum, stop.
    pub fn symbols(&self) -> &[u8] {
        &self.symbols
    }

    /// The data symbols (code switches included), the `n` of `11 * n + 35`.
    pub fn data_symbols(&self) -> usize {
        self.symbols.len() - 3
    }

    /// The checksum symbol's value.
    pub fn checksum(&self) -> u8 {
        self.symbols[self.symbols.len() - 2]
    }

    /// The widths in modules of the bars and spaces from the start's first
    /// bar to the stop's last, alternating and beginning with a bar (so
    /// the bars are the even indices). Quiet zones not included.
    pub fn modules(&self) -> Vec<u8> {
        self.symbols.iter().flat_map(|&s| PATTERNS[usize::from(s)].iter().map(|w| w - b'0')).collect()
    }

    /// The width in modules between the quiet zones: `11 * n + 35`.
    pub fn width(&self) -> u32 {
        self.modules().iter().map(|&w| u32::from(w)).sum()
    }

    /// The width in modules with a quiet zone on each side.
    pub fn width_with_quiet_zones(&self) -> u32 {
        self.width() + 2 * QUIET_ZONE
    }

    /// The bars as (offset, width) in modules, the offset counted from the
    /// left edge of the leading quiet zone: what a drawing needs.
    pub fn bars(&self) -> Vec<(u32, u32)> {
        let mut x = QUIET_ZONE;
        let mut bars = Vec::new();
        for (k, w) in self.modules().into_iter().map(u32::from).enumerate() {
            if k % 2 == 0 {
                bars.push((x, w));
            }
            x += w;
        }
        bars
    }
}

/// The start's value plus each data symbol's value times its position (1, 2,
/// …), modulo 103.
fn checksum(symbols: &[u8]) -> u8 {
    let sum: u64 = symbols.iter().enumerate().map(|(k, &v)| u64::from(v) * (k as u64).max(1)).sum();
    u8::try_from(sum % 103).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_is_eleven_modules_with_an_even_number_of_bar_modules() {
        for (v, p) in PATTERNS.iter().enumerate().take(106) {
            assert_eq!(p.len(), 6, "symbol {v}");
            let widths: Vec<u32> = p.iter().map(|w| u32::from(w - b'0')).collect();
            assert!(widths.iter().all(|w| (1..=4).contains(w)), "symbol {v}");
            assert_eq!(widths.iter().sum::<u32>(), 11, "symbol {v}");
            assert_eq!((widths[0] + widths[2] + widths[4]) % 2, 0, "symbol {v}: bars are even");
        }
        assert_eq!(PATTERNS[106], b"2331112", "the stop");
        let mut unique: Vec<_> = PATTERNS.to_vec();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 107, "no two symbols share a pattern");
    }

    #[test]
    fn a_code_b_example_worked_by_hand() {
        // "PJJ123C": all B (the digit run is three long, in the middle).
        // Values: start B 104, P 48, J 42, J 42, 1 17, 2 18, 3 19, C 35.
        // Checksum: 104 + 1*48 + 2*42 + 3*42 + 4*17 + 5*18 + 6*19 + 7*35
        //         = 104 + 48 + 84 + 126 + 68 + 90 + 114 + 245 = 879;
        //   879 = 8 * 103 + 55, so 55.
        let c = Code128::encode("PJJ123C").unwrap();
        assert_eq!(c.symbols(), &[104, 48, 42, 42, 17, 18, 19, 35, 55, 106]);
        assert_eq!(c.checksum(), 55);
        assert_eq!(c.data_symbols(), 7);
        assert_eq!(c.width(), 11 * 7 + 35);
        assert_eq!(c.width_with_quiet_zones(), 11 * 7 + 35 + 20);
    }

    #[test]
    fn a_request_number_ends_in_code_c() {
        // "SR-2026-000123": S R - 2 0 2 6 - in B (a four-digit run in the
        // middle is not worth two switches), then Code C and 00 01 23.
        // Values: start B 104, S 51, R 50, - 13, 2 18, 0 16, 2 18, 6 22,
        // - 13, Code C 99, 00 0, 01 1, 23 23.
        // Checksum: 104 + 1*51 + 2*50 + 3*13 + 4*18 + 5*16 + 6*18 + 7*22
        //           + 8*13 + 9*99 + 10*0 + 11*1 + 12*23
        //         = 104 + 51 + 100 + 39 + 72 + 80 + 108 + 154 + 104 + 891
        //           + 0 + 11 + 276 = 1990;  1990 = 19 * 103 + 33, so 33.
        let c = Code128::encode("SR-2026-000123").unwrap();
        assert_eq!(c.symbols(), &[104, 51, 50, 13, 18, 16, 18, 22, 13, 99, 0, 1, 23, 33, 106]);
        assert_eq!(c.checksum(), 33);
        assert_eq!(c.width(), 11 * 12 + 35);
    }

    #[test]
    fn the_modules_of_a_short_barcode() {
        // "Hi": start B 104, H 40, i 73; checksum 104 + 40 + 2*73 = 290
        // = 2 * 103 + 84, so 84.
        let c = Code128::encode("Hi").unwrap();
        assert_eq!(c.symbols(), &[104, 40, 73, 84, 106]);
        let expected: Vec<u8> = [b"211214".as_slice(), b"231113", b"142112", b"124112", b"2331112"]
            .concat()
            .iter()
            .map(|w| w - b'0')
            .collect();
        assert_eq!(c.modules(), expected);
        assert_eq!(c.modules().len(), 4 * 6 + 7, "bars and spaces alternate, ending on a bar");
        assert_eq!(c.width(), 11 * 2 + 35);
    }

    #[test]
    fn digits_use_code_c_where_it_is_shorter() {
        // All digits, even: start C and pairs. 12 34 → 105 + 12 + 2*34 = 185
        // = 103 + 82.
        let c = Code128::encode("1234").unwrap();
        assert_eq!(c.symbols(), &[105, 12, 34, 82, 106]);
        // Two digits alone: C as well (105 + 42 = 147 = 103 + 44).
        assert_eq!(Code128::encode("42").unwrap().symbols(), &[105, 42, 44, 106]);
        // Odd and at the start: pairs in C, then B for the last digit.
        // 105 + 12 + 2*34 + 3*100 + 4*21 (5) = 569 = 5 * 103 + 54.
        assert_eq!(Code128::encode("12345").unwrap().symbols(), &[105, 12, 34, 100, 21, 54, 106]);
        // Three digits: B throughout (C saves nothing).
        assert_eq!(Code128::encode("123").unwrap().symbols()[0], START_B);
        // Seven digits in the middle: the first in B, then three pairs in C,
        // back to B for the letter.
        let c = Code128::encode("A1234567B").unwrap();
        assert_eq!(&c.symbols()[..9], &[104, 33, 17, 99, 23, 45, 67, 100, 34]);
        // Five in the middle: B throughout.
        assert!(!Code128::encode("A12345B").unwrap().symbols().contains(&CODE_C));
    }

    #[test]
    fn the_width_is_eleven_per_data_symbol_plus_35() {
        for data in ["A", "SR-2026-000123", "SR-1999-7", "0", "00", "Hello, World!", "A1234567B", "12345"] {
            let c = Code128::encode(data).unwrap();
            assert_eq!(c.width(), 11 * c.data_symbols() as u32 + 35, "{data}");
            let bar_modules: u32 = c.bars().iter().map(|b| b.1).sum();
            let space_modules: u32 = c.modules().iter().skip(1).step_by(2).map(|&w| u32::from(w)).sum();
            assert_eq!(bar_modules + space_modules, c.width(), "{data}");
            let (last_x, last_w) = *c.bars().last().unwrap();
            assert_eq!(last_x + last_w + QUIET_ZONE, c.width_with_quiet_zones(), "{data}: ends on a bar");
            assert_eq!(c.bars()[0].0, QUIET_ZONE, "{data}: starts after the quiet zone");
        }
    }

    #[test]
    fn what_cannot_be_encoded() {
        assert_eq!(Code128::encode(""), Err(Code128Error::Empty));
        assert_eq!(Code128::encode("SR-ö"), Err(Code128Error::Unsupported('ö')));
        assert_eq!(Code128::encode("a\tb"), Err(Code128Error::Unsupported('\t')));
    }
}
