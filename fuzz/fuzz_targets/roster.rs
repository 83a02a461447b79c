//! The roster reader: raw bytes (a CSV or any workbook, as `blank --roster` reads them) and
//! sample sheets edited. Invariants beyond « no panic »: every candidate has a name and a
//! number, numbers are unique, and every row read is either a candidate or a skipped row.
#![no_main]

mod common;

use arbitrary::{Arbitrary, Unstructured};
use grille::roster::{Roster, parse_sheet};
use grille::workbook::from_bytes;
use libfuzzer_sys::fuzz_target;

fn check(roster: &Roster) {
    let mut numbers = std::collections::HashSet::new();
    for c in &roster.candidates {
        assert!(!c.name.trim().is_empty(), "candidate without a name");
        assert!(!c.number.is_empty(), "candidate without a number");
        assert!(numbers.insert(c.number.clone()), "number {} twice", c.number);
    }
}

fuzz_target!(|data: &[u8]| {
    common::tolerate_caught_panics();
    let options = ["SISR".to_string(), "SLAM".to_string()];
    // Half the inputs as bytes of a file, half as edits of a sample sheet.
    match data.split_first() {
        Some((0..=127, rest)) => {
            if let Ok(book) = from_bytes("liste.csv", rest) {
                for sheet in &book.sheets {
                    if let Ok(roster) = parse_sheet(sheet, &options) {
                        check(&roster);
                    }
                }
            }
        }
        Some((_, rest)) => {
            let Ok(edited) = common::EditedSheet::arbitrary(&mut Unstructured::new(rest)) else {
                return;
            };
            if let Some(book) = edited.workbook()
                && let Ok(roster) = parse_sheet(&book.sheets[0], &options)
            {
                check(&roster);
            }
        }
        None => {}
    }
});
