//! Recognising the workbooks grille itself writes that are not candidates' grids: the class
//! summary (`grille batch`), the jury's evaluation grid (`grille blank --kind evaluation`)
//! and the referential export (`grille referential convert --to xlsx`).
//!
//! Why: given to `check`, they read as strange grids (the evaluation grid even as a
//! transposed one) and gave dozens of findings; the user only needs to hear that the file is
//! not a candidate's sheet. Recognition rests on the column titles grille writes at fixed
//! places, in either language, several at once — never on one word: a candidate's grid
//! never holds them together. Corrected and blank grids are grids and are not recognised
//! here.

use crate::model::CellPos;
use crate::text::match_key;
use crate::workbook::{Sheet, Workbook};

/// A workbook grille wrote that is not a candidate's grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OwnOutput {
    /// `synthese.xlsx` of `grille batch`.
    Summary,
    /// The jury's evaluation grid of `grille blank --kind evaluation`.
    Evaluation,
    /// The referential as a workbook, from `grille referential convert`.
    Referential,
}

impl OwnOutput {
    /// What the file is, for the message that refuses it.
    pub fn describe(self, lang: crate::Lang) -> &'static str {
        match self {
            OwnOutput::Summary => lang.pick(
                "synthèse de classe écrite par « grille batch »",
                "class summary written by “grille batch”",
            ),
            OwnOutput::Evaluation => lang.pick(
                "grille d’évaluation du jury écrite par « grille blank --kind evaluation »",
                "jury evaluation grid written by “grille blank --kind evaluation”",
            ),
            OwnOutput::Referential => lang.pick(
                "référentiel exporté par « grille referential convert »",
                "referential exported by “grille referential convert”",
            ),
        }
    }
}

/// Whether the cells of `row` from column 0 read `titles` (either language's), in order.
fn row_reads(sheet: &Sheet, row: u32, first_col: u32, titles: &[(&str, &str)]) -> bool {
    titles.iter().enumerate().all(|(i, (fr, en))| {
        sheet
            .text(CellPos::new(row, first_col + i as u32))
            .map(|t| match_key(&t))
            .is_some_and(|k| k == match_key(fr) || k == match_key(en))
    })
}

fn is_summary(workbook: &Workbook) -> bool {
    let named = |fr: &str, en: &str| {
        workbook
            .sheets
            .iter()
            .find(|s| s.name == fr || s.name == en)
    };
    let Some(candidates) = named("Candidats", "Candidates") else {
        return false;
    };
    named("Constats", "Findings")
        .is_some_and(|f| row_reads(f, 0, 5, &[("Code", "Code"), ("Gravité", "Severity")]))
        && row_reads(
            candidates,
            0,
            6,
            &[
                ("Verdict", "Verdict"),
                ("Erreurs", "Errors"),
                ("Avertissements", "Warnings"),
            ],
        )
}

fn is_evaluation(sheet: &Sheet) -> bool {
    (0..12).any(|row| {
        row_reads(
            sheet,
            row,
            1,
            &[("Niveau", "Level"), ("Commentaire", "Comment")],
        ) && (0..row).any(|r| {
            sheet
                .text(CellPos::new(r, 0))
                .is_some_and(|t| t.starts_with("Niveaux :") || t.starts_with("Levels:"))
        })
    })
}

fn is_referential(sheet: &Sheet) -> bool {
    row_reads(
        sheet,
        crate::referential::convert::xlsx::FIRST_DATA_ROW - 1,
        0,
        &[
            ("Compétence", "Competence"),
            ("Code", "Code"),
            ("Type", "Kind"),
            ("Libellé", "Text"),
        ],
    )
}

/// Which of grille's own outputs `workbook` is, if it is one.
pub fn recognise(workbook: &Workbook) -> Option<OwnOutput> {
    if is_summary(workbook) {
        return Some(OwnOutput::Summary);
    }
    let visible = || workbook.sheets.iter().filter(|s| !s.hidden);
    if visible().next().is_some() && visible().all(is_evaluation) {
        return Some(OwnOutput::Evaluation);
    }
    if visible().next().is_some() && visible().all(is_referential) {
        return Some(OwnOutput::Referential);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;

    fn read(bytes: Vec<u8>) -> Workbook {
        crate::workbook::from_bytes("x.xlsx", &bytes).unwrap()
    }

    #[test]
    fn referential_exports_are_recognised_in_both_languages() {
        let r = crate::referential::embedded::get("bts-sio-b1").unwrap();
        for lang in [Lang::Fr, Lang::En] {
            let book = read(crate::referential::convert::xlsx::workbook(&r, lang).unwrap());
            assert_eq!(recognise(&book), Some(OwnOutput::Referential));
        }
    }

    #[test]
    fn summaries_are_recognised_and_grids_are_not() {
        let result = crate::batch::tests::fake_batch(1);
        let r = crate::referential::embedded::get("bts-sio-b1").unwrap();
        for lang in [Lang::Fr, Lang::En] {
            let book = read(crate::batch::summary::summary_workbook(&result, &r, lang).unwrap());
            assert_eq!(recognise(&book), Some(OwnOutput::Summary));
        }
        let t = crate::template::Template::embedded("bts-sio-e5").unwrap();
        let options = crate::xlsx::grid::GridOptions {
            session: None,
            protect: false,
            password: None,
            sheet_name: None,
            lang: Lang::Fr,
        };
        let (blank, _) = crate::xlsx::grid::grid_workbook(
            &t,
            &r,
            &crate::xlsx::grid::GridFill::default(),
            &options,
        )
        .unwrap();
        assert_eq!(recognise(&read(blank)), None);
    }
}
