//! How grille recognises what it wrote itself in a corrected workbook, so that checking or
//! fixing a corrected file reads the corrected grid, not grille's own additions: the sheets
//! « Rapport » and « Contenu d'origine » (which holds the candidate's original grid), the
//! colour legend under the grid, and the green and orange highlights of its cells.
//!
//! ```
//! use grille::grid::markers::{is_added_sheet, is_legend};
//! assert!(is_added_sheet("Contenu d'origine"));
//! assert!(is_added_sheet("Rapport (2)"));
//! assert!(!is_added_sheet("Tableau de synthèse Épreuve E5"));
//! assert!(is_legend("Cellules en vert : corrigées par grille. Cellules en orange : à vérifier."));
//! assert!(!is_legend("Mise en place d'un serveur GLPI"));
//! ```

use crate::Lang;
use crate::text::match_key;
use crate::workbook::Fill;

/// Fill of a cell grille corrected (green).
pub(crate) const FILL_CORRECTED: u32 = 0xC6_EF_CE;
/// Fill of a cell grille could not correct and the teacher must check (orange).
pub(crate) const FILL_TO_CHECK: u32 = 0xFF_D5_99;

/// The first cell of the report: also how a later `grille fix` recognises its own report.
pub fn report_title(lang: Lang) -> &'static str {
    lang.pick(
        "Rapport de correction — grille fix",
        "Correction report — grille fix",
    )
}

/// Whether a cell fill is one of grille's highlights in a corrected grid (green: corrected,
/// orange: to check), not a colour the candidate chose.
///
/// ```
/// use grille::grid::markers::is_highlight;
/// use grille::workbook::Fill;
/// assert!(is_highlight(Fill::rgb(0xFF_D599).unwrap()));
/// assert!(!is_highlight(Fill::rgb(0xFF_FF00).unwrap()));
/// ```
pub fn is_highlight(fill: Fill) -> bool {
    [FILL_CORRECTED, FILL_TO_CHECK]
        .into_iter()
        .any(|c| Fill::rgb(c) == Some(fill))
}

/// The report sheet of a corrected workbook.
pub fn report_sheet_name(lang: Lang) -> &'static str {
    lang.pick("Rapport", "Report")
}

/// The sheet that keeps the candidate's grid sheet as it was.
pub fn origin_sheet_name(lang: Lang) -> &'static str {
    lang.pick("Contenu d'origine", "Original content")
}

/// Whether a sheet name is one grille adds to a corrected workbook (also with the « (2) »
/// suffix given when the candidate already had a sheet of that name).
pub fn is_added_sheet(name: &str) -> bool {
    let key = match_key(name);
    let key = key
        .rsplit_once(' ')
        .filter(|(_, n)| n.chars().all(|c| c.is_ascii_digit()))
        .map_or(key.as_str(), |(stem, _)| stem);
    [Lang::Fr, Lang::En]
        .iter()
        .any(|l| key == match_key(report_sheet_name(*l)) || key == match_key(origin_sheet_name(*l)))
}

/// Whether a text is the colour legend grille writes under a corrected grid (« Cellules en
/// vert : corrigées par grille… »), in either language.
pub fn is_legend(text: &str) -> bool {
    let key = match_key(text);
    key.starts_with("cellules en vert corrigees par grille")
        || key.starts_with("green cells corrected by grille")
}
