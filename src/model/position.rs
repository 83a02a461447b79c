//! One position type for cells: absolute and zero-based.
//!
//! calamine's `Range` starts at the first used cell, so its relative indices differ from the
//! sheet's real coordinates whenever a grid does not start at A1. Everything in grille stores
//! [`CellPos`] (absolute, zero-based) and turns it into « D12 » only when shown.
//!
//! ```
//! use grille::model::CellPos;
//! let pos = CellPos::new(11, 3);
//! assert_eq!(pos.to_string(), "D12");
//! assert_eq!(CellPos::parse("D12"), Some(pos));
//! ```

use std::fmt;

use serde::{Serialize, Serializer};

/// An absolute, zero-based cell position: `row` 0 is sheet row 1, `col` 0 is column A.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct CellPos {
    pub row: u32,
    pub col: u32,
}

impl CellPos {
    pub const fn new(row: u32, col: u32) -> Self {
        Self { row, col }
    }

    /// Parses A1 notation (« D12 », « $D$12 », case-insensitive).
    pub fn parse(a1: &str) -> Option<Self> {
        let s = a1.trim().replace('$', "");
        let split = s.find(|c: char| c.is_ascii_digit())?;
        let (letters, digits) = s.split_at(split);
        if letters.is_empty()
            || letters.len() > 3
            || !letters.chars().all(|c| c.is_ascii_alphabetic())
        {
            return None;
        }
        let row: u32 = digits.parse().ok()?;
        if row == 0 {
            return None;
        }
        let mut col: u32 = 0;
        for c in letters.chars() {
            col = col * 26 + (c.to_ascii_uppercase() as u32 - 'A' as u32 + 1);
        }
        Some(Self::new(row - 1, col - 1))
    }

    /// The column letters of this position (« D »).
    pub fn column_name(self) -> String {
        column_name(self.col)
    }
}

/// Column letters for a zero-based column index: 0 → « A », 26 → « AA ».
///
/// Computed in `u64` so that the last index a `u32` holds (a position read from a hostile
/// file) still has a name instead of overflowing.
pub fn column_name(col: u32) -> String {
    let mut n = u64::from(col) + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

impl fmt::Display for CellPos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", column_name(self.col), u64::from(self.row) + 1)
    }
}

/// Shown as A1 notation in JSON reports, as design.md requires.
impl Serialize for CellPos {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// An inclusive rectangle of cells, e.g. a merged range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CellRange {
    pub first: CellPos,
    pub last: CellPos,
}

impl CellRange {
    pub const fn new(first: CellPos, last: CellPos) -> Self {
        Self { first, last }
    }

    pub fn contains(&self, pos: CellPos) -> bool {
        (self.first.row..=self.last.row).contains(&pos.row)
            && (self.first.col..=self.last.col).contains(&pos.col)
    }
}

impl fmt::Display for CellRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.first == self.last {
            write!(f, "{}", self.first)
        } else {
            write!(f, "{}:{}", self.first, self.last)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_round_trip() {
        for (row, col, a1) in [
            (0, 0, "A1"),
            (11, 3, "D12"),
            (0, 25, "Z1"),
            (9, 26, "AA10"),
            (0, 701, "ZZ1"),
            (0, 702, "AAA1"),
        ] {
            let pos = CellPos::new(row, col);
            assert_eq!(pos.to_string(), a1);
            assert_eq!(CellPos::parse(a1), Some(pos));
        }
    }

    #[test]
    fn the_last_positions_a_u32_holds_have_a_name() {
        let far = CellPos::new(u32::MAX, u32::MAX);
        assert_eq!(far.to_string(), "MWLQKWV4294967296");
        assert_eq!(column_name(16_383), "XFD");
    }

    #[test]
    fn rejects_bad_a1() {
        for bad in ["", "12", "D", "D0", "ABCD1", "D-1", "1D"] {
            assert_eq!(CellPos::parse(bad), None, "{bad}");
        }
        assert_eq!(CellPos::parse("$d$12"), Some(CellPos::new(11, 3)));
    }

    #[test]
    fn range_contains() {
        let r = CellRange::new(CellPos::new(5, 0), CellPos::new(6, 0));
        assert!(r.contains(CellPos::new(6, 0)));
        assert!(!r.contains(CellPos::new(7, 0)));
        assert_eq!(r.to_string(), "A6:A7");
    }
}
