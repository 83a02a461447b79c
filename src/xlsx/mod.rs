//! The XLSX writing several producers share: the official grid layout and its styles
//! (blank grids, and the grid of a corrected workbook) and the evaluation grid. A writer that
//! is one producer's alone lives with it (`fix::xlsx`, `batch::summary`,
//! `referential::convert::xlsx`). All of them write text as strings (never formulas) and
//! produce byte-identical files for identical inputs (fixed document dates).

pub mod evaluation;
pub mod grid;
pub mod page;

/// The XML of one part of a workbook written here, for tests that look past cell values
/// (comments, styles, hyperlinks).
#[cfg(test)]
pub(crate) fn part(bytes: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}
