//! The workbook reader on raw bytes: any format (XLSX, XLSM, XLSB, XLS, ODS, CSV), detected
//! by content. Invariant beyond « no panic »: a workbook read holds no more cells than the
//! reader's budget, and every cell sits on a sheet the workbook lists.
#![no_main]

mod common;

use grille::workbook::{from_bytes, limits::MAX_CELLS};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    common::tolerate_caught_panics();
    if let Ok(book) = from_bytes("fuzz.xlsx", data) {
        let cells: usize = book.sheets.iter().map(|s| s.cells.len()).sum();
        assert!(cells <= MAX_CELLS, "{cells} cells kept");
        assert!(!book.sheets.is_empty(), "a workbook read has a sheet");
    }
});
