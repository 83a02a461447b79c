//! The XLSX writers: the referential workbook, blank and corrected grids, the evaluation grid,
//! the class summary. All of them write text as strings (never formulas) and produce
//! byte-identical files for identical inputs (fixed document dates).

pub mod evaluation;
pub mod fixed;
pub mod grid;
pub mod referential;
pub mod summary;
