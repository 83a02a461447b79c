//! Corrections: moving a checked sheet's content into the official layout (`grille fix`).

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

/// The corrected workbook of a checked sheet, as XLSX bytes (the caller writes it atomically).
pub fn fixed_workbook(_checked: &Checked, _options: FixOptions<'_>) -> Result<Vec<u8>, FixError> {
    todo!("grille fix")
}
