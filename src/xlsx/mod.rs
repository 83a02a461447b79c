//! The XLSX writers: the referential workbook, blank and corrected grids, the evaluation grid,
//! the class summary. All of them write text as strings (never formulas) and produce
//! byte-identical files for identical inputs (fixed document dates).

pub mod evaluation;
pub mod fixed;
mod fixed_report;
pub mod grid;
mod merges;
pub mod page;
pub mod referential;
pub mod summary;

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
