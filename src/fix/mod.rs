//! Corrections: moving a checked sheet's content into the official layout (`grille fix`).
//!
//! Two steps: [`plan`] decides, as plain data, what goes where and why (the [`FixPlan`]);
//! [`crate::xlsx::fixed`] writes it — the corrected grid, a « Rapport » sheet, and a
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

pub mod markers;
pub mod outdated;
pub(crate) mod plan;

pub use plan::{Correction, FixPlan, Remaining, format_period, plan};

use crate::Lang;
use crate::check::Checked;
use crate::model::Referential;
use crate::template::Template;

/// What a correction is made against.
#[derive(Debug, Clone, Copy)]
pub struct FixOptions<'a> {
    pub referential: &'a Referential,
    pub template: &'a Template,
    pub lang: Lang,
}

/// Why a corrected workbook could not be built.
#[derive(Debug, thiserror::Error)]
pub enum FixError {
    #[error("création du classeur corrigé impossible ({0})")]
    Xlsx(String),
}

impl FixError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (_, Lang::Fr) => self.to_string(),
            (FixError::Xlsx(detail), Lang::En) => {
                format!("cannot build the corrected workbook ({detail})")
            }
        }
    }
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
pub fn fix(checked: &Checked, options: FixOptions<'_>) -> Result<Fixed, FixError> {
    let mut plan = plan(checked, options.template, options.referential, options.lang);
    let (bytes, map) = crate::xlsx::fixed::write(checked, &mut plan, options)?;
    Ok(Fixed { bytes, plan, map })
}

/// The corrected workbook of a checked sheet, as XLSX bytes (the caller writes it atomically).
pub fn fixed_workbook(checked: &Checked, options: FixOptions<'_>) -> Result<Vec<u8>, FixError> {
    fix(checked, options).map(|f| f.bytes)
}
