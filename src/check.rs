//! Checking a sheet: read the workbook, find the grid, extract it, apply the rules, report.
//!
//! This is the one entry point `grille check`, `grille fix` and `grille batch` share.

use crate::Lang;
use crate::grid::Grid;
use crate::model::Referential;
use crate::report::Report;
use crate::template::Template;
use crate::workbook::{ReadError, Workbook};

/// What checking one file gives: the report, and what `fix` needs to rebuild the grid.
#[derive(Debug, Clone)]
pub struct Checked {
    pub report: Report,
    pub grid: Grid,
    pub workbook: Workbook,
}

/// What a check runs against.
#[derive(Debug, Clone, Copy)]
pub struct CheckOptions<'a> {
    pub referential: &'a Referential,
    pub template: &'a Template,
    pub lang: Lang,
}

/// Why a file could not be checked at all (exit status 2; `unreadable-file` in a batch).
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error("{file} : aucune grille de synthèse trouvée (feuilles lues : {sheets})")]
    NoGrid { file: String, sheets: String },
}

impl CheckError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (CheckError::Read(e), _) => e.message(lang),
            (CheckError::NoGrid { .. }, Lang::Fr) => self.to_string(),
            (CheckError::NoGrid { file, sheets }, Lang::En) => {
                format!("{file}: no synthesis grid found (sheets read: {sheets})")
            }
        }
    }
}

/// Checks a workbook already read.
pub fn check_workbook(
    _workbook: Workbook,
    _options: CheckOptions<'_>,
) -> Result<Checked, CheckError> {
    todo!("grid extraction, rules and report")
}

/// Reads and checks one file.
pub fn check_file(
    path: &std::path::Path,
    options: CheckOptions<'_>,
) -> Result<Checked, CheckError> {
    let workbook = crate::workbook::open(path)?;
    check_workbook(workbook, options)
}

/// Reads and checks a file held in memory (a ZIP entry); `name` names it in the report.
pub fn check_bytes(
    name: &str,
    bytes: &[u8],
    options: CheckOptions<'_>,
) -> Result<Checked, CheckError> {
    let workbook = crate::workbook::from_bytes(name, bytes)?;
    check_workbook(workbook, options)
}
