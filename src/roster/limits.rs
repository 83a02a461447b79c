//! How many candidates grille writes grids for, checked before any grid is built.
//!
//! A class is about 35 candidates, a whole session of a large centre a few hundred. A grid
//! sheet costs rust_xlsxwriter about 100 KB of memory until the workbook is saved, so one
//! workbook of 100,000 sheets took 10 GB; one file per candidate is written and forgotten in
//! turn, which bounds memory whatever the roster.
//!
//! | limit | value |
//! |---|---|
//! | candidates in a roster | 5,000 |
//! | candidates in one workbook (`blank --one-workbook`, one sheet each) | 500 (≈ 50 MB) |

use crate::Lang;
use crate::workbook::limits::{group, group_en};

/// Most candidates a roster may list.
pub const MAX_CANDIDATES: usize = 5_000;
/// Most candidates in one workbook, one sheet each.
pub const MAX_WORKBOOK_CANDIDATES: usize = 500;

/// A roster over one of the limits.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LimitError {
    #[error(
        "{file} : {} candidats dans la liste (limite {} par liste) : la découper par classe",
        group(*.count),
        group(MAX_CANDIDATES)
    )]
    Roster { file: String, count: usize },
    #[error(
        "{} candidats pour un seul classeur (limite {MAX_WORKBOOK_CANDIDATES}, une feuille par candidat) : retirer --one-workbook pour écrire un fichier par candidat, ou découper la liste",
        group(*.count)
    )]
    Workbook { count: usize },
}

impl LimitError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (_, Lang::Fr) => self.to_string(),
            (LimitError::Roster { file, count }, Lang::En) => format!(
                "{file}: {} candidates in the roster (limit {} per roster): split it by class",
                group_en(*count),
                group_en(MAX_CANDIDATES)
            ),
            (LimitError::Workbook { count }, Lang::En) => format!(
                "{} candidates for one workbook (limit {MAX_WORKBOOK_CANDIDATES}, one sheet each): drop --one-workbook to write one file per candidate, or split the roster",
                group_en(*count)
            ),
        }
    }
}

/// Checks the number of candidates of a roster.
pub fn check_roster(file: &str, count: usize) -> Result<(), LimitError> {
    if count > MAX_CANDIDATES {
        return Err(LimitError::Roster {
            file: file.into(),
            count,
        });
    }
    Ok(())
}

/// Checks the number of candidates written into one workbook.
pub fn check_workbook(count: usize) -> Result<(), LimitError> {
    if count > MAX_WORKBOOK_CANDIDATES {
        return Err(LimitError::Workbook { count });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_name_the_figure_and_the_way_out() {
        assert!(check_workbook(MAX_WORKBOOK_CANDIDATES).is_ok());
        let e = check_workbook(100_000).unwrap_err();
        assert_eq!(
            e.to_string(),
            "100\u{202f}000 candidats pour un seul classeur (limite 500, une feuille par candidat) : retirer --one-workbook pour écrire un fichier par candidat, ou découper la liste"
        );
        assert!(check_roster("l.csv", MAX_CANDIDATES + 1).is_err());
    }
}
