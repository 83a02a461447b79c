//! Corrections: moving a checked sheet's content into the official layout (`grille fix`).
//!
//! Two steps: [`plan`] decides, as plain data, what goes where and why (the [`FixPlan`]);
//! [`xlsx`] writes it — the corrected grid, a « Rapport » sheet, and a
//! « Contenu d'origine » sheet that keeps every cell of the candidate's sheet at its original
//! address, so that nothing is ever lost.
//!
//! ```no_run
//! # fn demo(checked: &grille::check::Checked, r: &grille::model::Referential, t: &grille::template::Template) {
//! use grille::fix::{FixOptions, fix};
//! let fixed = fix(checked, FixOptions { referential: r, template: t, lang: grille::Lang::Fr }).unwrap();
//! println!("{} corrections, {} left to check", fixed.plan.corrections.len(), fixed.plan.remaining.len());
//! # }
//! ```

mod fixed_report;
mod merges;
pub mod outdated;
pub(crate) mod plan;
pub mod xlsx;

pub use plan::{Correction, FixPlan, Remaining, format_period, plan};

use crate::Lang;
use crate::check::Checked;
use crate::model::CellPos;
use crate::workbook::Value;

/// What a correction is made against: the same referential, template and language as the
/// check it corrects, so one set of options serves both steps.
pub type FixOptions<'a> = crate::check::CheckOptions<'a>;

/// Why a corrected workbook could not be built.
#[derive(Debug, thiserror::Error)]
pub enum FixError {
    #[error("création du classeur corrigé impossible ({0})")]
    Xlsx(String),
    /// A cell of the candidate that an XLSX file cannot hold where it is: the correction keeps
    /// every cell at its address, so it is refused rather than losing this one.
    #[error(
        "feuille « {sheet} », cellule {cell} : {} ; la correction est refusée pour ne pas la perdre",
        .problem.french()
    )]
    Unwritable {
        sheet: String,
        cell: CellPos,
        problem: Unwritable,
    },
    /// Far more réalisations than any synthesis grid holds (a log or an export read as one):
    /// writing them all, each with its notes and report lines, would take gigabytes.
    #[error(
        "la grille compte {count} réalisations ; grille n’en corrige pas plus de {MAX_FIX_REALISATIONS} (le modèle officiel en prévoit 24) : vérifier que la feuille est bien un tableau de synthèse"
    )]
    TooManyRealisations { count: usize },
}

/// The one line that tells how many marks were rewritten as « X » for their case or spaces
/// only ([`FixPlan::normalised`]): such marks are not highlighted nor listed one by one.
///
/// ```
/// use grille::{Lang, fix::normalised_note};
/// assert_eq!(normalised_note(0, Lang::Fr), None);
/// assert_eq!(
///     normalised_note(16, Lang::Fr).unwrap(),
///     "16 marques écrites « x » ou avec des espaces, normalisées en X, sans surlignage"
/// );
/// assert_eq!(
///     normalised_note(1, Lang::En).unwrap(),
///     "1 mark written “x” or with spaces, normalized to X, not highlighted"
/// );
/// ```
pub fn normalised_note(count: usize, lang: Lang) -> Option<String> {
    let plural = if count > 1 { "s" } else { "" };
    (count > 0).then(|| match lang {
        Lang::Fr => format!(
            "{count} marque{plural} écrite{plural} « x » ou avec des espaces, normalisée{plural} en X, sans surlignage"
        ),
        Lang::En => format!(
            "{count} mark{plural} written “x” or with spaces, normalized to X, not highlighted"
        ),
    })
}

/// Most réalisations `grille fix` writes: the official model has 24 rows, a school's copy a
/// few dozen more.
pub const MAX_FIX_REALISATIONS: usize = 500;

/// What an XLSX file cannot hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unwritable {
    /// Past row 1 048 576 or column XFD.
    OutOfRange,
    /// A text over 32 767 characters (possible in ODS or CSV).
    TooLong(usize),
}

impl Unwritable {
    fn french(self) -> String {
        match self {
            Unwritable::OutOfRange => {
                "au-delà des 1 048 576 lignes et 16 384 colonnes d’un classeur XLSX".into()
            }
            Unwritable::TooLong(n) => format!(
                "texte de {n} caractères, plus que les {MAX_XLSX_CHARS} qu’une cellule XLSX peut contenir"
            ),
        }
    }

    fn english(self) -> String {
        match self {
            Unwritable::OutOfRange => {
                "beyond the 1,048,576 rows and 16,384 columns of an XLSX workbook".into()
            }
            Unwritable::TooLong(n) => format!(
                "a text of {n} characters, more than the {MAX_XLSX_CHARS} an XLSX cell can hold"
            ),
        }
    }
}

/// The longest text an XLSX cell holds.
const MAX_XLSX_CHARS: usize = 32_767;

impl FixError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (_, Lang::Fr) => self.to_string(),
            (FixError::Xlsx(detail), Lang::En) => {
                format!("cannot build the corrected workbook ({detail})")
            }
            (
                FixError::Unwritable {
                    sheet,
                    cell,
                    problem,
                },
                Lang::En,
            ) => format!(
                "sheet “{sheet}”, cell {cell}: {}; the correction is refused so as not to lose it",
                problem.english()
            ),
            (FixError::TooManyRealisations { count }, Lang::En) => format!(
                "the grid has {count} réalisations; grille corrects at most {MAX_FIX_REALISATIONS} (the official model has 24): check that the sheet is a synthesis grid"
            ),
        }
    }
}

/// The first non-blank cell of the candidate's workbook that an XLSX file cannot hold at its
/// address (the corrected workbook copies every sheet cell for cell).
fn unwritable(checked: &Checked) -> Option<FixError> {
    checked.workbook.sheets.iter().find_map(|sheet| {
        sheet.cells.iter().find_map(|(pos, value)| {
            if value.is_blank() {
                return None;
            }
            let problem = if pos.row >= 1_048_576 || pos.col >= 16_384 {
                Unwritable::OutOfRange
            } else {
                let chars = match value {
                    Value::Text(t) | Value::Error(t) => t.chars().count(),
                    _ => 0,
                };
                if chars <= MAX_XLSX_CHARS {
                    return None;
                }
                Unwritable::TooLong(chars)
            };
            Some(FixError::Unwritable {
                sheet: sheet.name.clone(),
                cell: *pos,
                problem,
            })
        })
    })
}

impl From<rust_xlsxwriter::XlsxError> for FixError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        FixError::Xlsx(e.to_string())
    }
}

/// A corrected workbook and the plan it was written from (for the summary of `grille fix`).
#[derive(Debug, Clone)]
pub struct Fixed {
    pub bytes: Vec<u8>,
    pub plan: FixPlan,
    /// Where each spot of the grid was written (to name corrected cells in summaries).
    pub map: crate::xlsx::grid::GridMap,
}

/// Plans and writes the corrected workbook of a checked sheet.
///
/// A cell XLSX cannot hold at its address ([`FixError::Unwritable`]) refuses the whole
/// correction: « Contenu d'origine » keeps every cell where the candidate put it, or nothing.
pub fn fix(checked: &Checked, options: FixOptions<'_>) -> Result<Fixed, FixError> {
    let count = checked.grid.realisations.len();
    if count > MAX_FIX_REALISATIONS {
        return Err(FixError::TooManyRealisations { count });
    }
    if let Some(e) = unwritable(checked) {
        return Err(e);
    }
    let mut plan = plan(checked, options.template, options.referential, options.lang);
    let (bytes, map) = xlsx::write(checked, &mut plan, options)?;
    Ok(Fixed { bytes, plan, map })
}

/// The corrected workbook of a checked sheet, as XLSX bytes (the caller writes it atomically).
pub fn fixed_workbook(checked: &Checked, options: FixOptions<'_>) -> Result<Vec<u8>, FixError> {
    fix(checked, options).map(|f| f.bytes)
}
