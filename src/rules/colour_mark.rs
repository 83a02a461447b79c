//! `colour-mark`: a mark cell of a titled réalisation is empty but filled with a colour.
//! Some candidates colour the cell instead of writing X; a colour is not a mark (design.md
//! lists the text marks) and never counts as coverage, but the teacher is told why the
//! competence reads as missing.
//!
//! A cell filled like the row's title cell is not reported: grids coloured row by row (each
//! part in its colour) are no marks; nor is a cell in a colour the grid also gives to cells
//! holding a mark (X cells highlighted, one emptied later). See [`Grid::coloured_blanks`].
//! Fills are read from XLSX/XLSM files only.

use super::{FindingKind, finding, target_codes};
use crate::Lang;
use crate::grid::Grid;
use crate::model::Referential;
use crate::rules::Finding;
use crate::template::Template;

pub fn apply(grid: &Grid, referential: &Referential, _: &Template, lang: Lang) -> Vec<Finding> {
    let mut found = Vec::new();
    for (_, cell, placed) in grid.coloured_blanks() {
        // Unknown and 2011 columns count for nothing, coloured or not.
        let Some((competence, activity, label)) = target_codes(placed, referential, lang) else {
            continue;
        };
        let message = match lang {
            Lang::Fr => {
                format!("{cell} est colorée mais vide : une couleur ne compte pas comme marque.")
            }
            Lang::En => {
                format!("{cell} is coloured but empty: a colour does not count as a mark.")
            }
        };
        let suggestion = match lang {
            Lang::Fr => {
                format!("Écrire X dans la cellule si la réalisation mobilise {label}.")
            }
            Lang::En => format!("Write X in the cell if the réalisation mobilises {label}."),
        };
        let mut f = finding(grid, FindingKind::ColourMark, message)
            .at(cell)
            .suggest(suggestion)
            .competence(competence);
        if let Some(a) = activity {
            f = f.activity(a);
        }
        found.push(f);
    }
    found.sort_by_key(|f| f.cell);
    found
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::workbook::Fill;

    fn colour(rgb: u32) -> Fill {
        Fill::rgb(rgb).expect("not white")
    }

    #[test]
    fn no_fills_give_nothing() {
        assert!(apply(&full_grid(), &referential(), &template(), Lang::Fr).is_empty());
    }

    #[test]
    fn an_empty_cell_coloured_unlike_its_title_is_reported_with_its_competence() {
        let mut g = full_grid();
        // Row 10 (« Déploiement de postes ») marks B1.4–B1.6; F10 (B1.3) is coloured.
        g.fills.insert(pos("F10"), colour(0xFF_FF00));
        let found = apply(&g, &referential(), &template(), Lang::Fr);
        assert_eq!(cells(&found), [Some("F10".into())]);
        assert_eq!(found[0].kind, FindingKind::ColourMark);
        assert_eq!(found[0].competence.as_deref(), Some("B1.3"));
        assert_eq!(
            found[0].message,
            "F10 est colorée mais vide : une couleur ne compte pas comme marque."
        );
        assert_eq!(
            found[0].suggestion.as_deref(),
            Some(
                "Écrire X dans la cellule si la réalisation mobilise B1.3 « Développer la présence en ligne de l’organisation »."
            )
        );
        let en = apply(&g, &referential(), &template(), Lang::En);
        assert_eq!(
            en[0].message,
            "F10 is coloured but empty: a colour does not count as a mark."
        );
    }

    #[test]
    fn a_row_coloured_like_its_title_is_no_mark() {
        let mut g = full_grid();
        let band = colour(0xDD_EBF7);
        for a1 in [
            "A10", "B10", "C10", "D10", "E10", "F10", "G10", "H10", "I10",
        ] {
            g.fills.insert(pos(a1), band);
        }
        assert!(apply(&g, &referential(), &template(), Lang::Fr).is_empty());
        // A cell of that row in another colour than the band is reported.
        g.fills.insert(pos("E10"), colour(0x00_B050));
        let found = apply(&g, &referential(), &template(), Lang::Fr);
        assert_eq!(cells(&found), [Some("E10".into())]);
        assert_eq!(found[0].competence.as_deref(), Some("B1.2"));
    }

    #[test]
    fn a_coloured_cell_holding_a_mark_is_not_reported() {
        let mut g = full_grid();
        // D9 holds X (B1.1 of row 9), G9 holds an invalid mark: both are told otherwise.
        g.realisations[0]
            .marks
            .push(mark(8, competence_col("B1.4"), comp("B1.4"), invalid()));
        g.fills.insert(pos("D9"), colour(0xFF_0000));
        g.fills.insert(pos("G9"), colour(0xFF_0000));
        assert!(apply(&g, &referential(), &template(), Lang::Fr).is_empty());
    }

    #[test]
    fn a_colour_the_grid_gives_to_marked_cells_is_decoration() {
        let mut g = full_grid();
        let highlight = colour(0xFF_E699);
        // D9 holds X and is highlighted; F10 (empty) has the same colour: not reported.
        g.fills.insert(pos("D9"), highlight);
        g.fills.insert(pos("F10"), highlight);
        assert!(apply(&g, &referential(), &template(), Lang::Fr).is_empty());
        // Another colour on an empty cell still is.
        g.fills.insert(pos("E11"), colour(0x92_D050));
        let found = apply(&g, &referential(), &template(), Lang::Fr);
        assert_eq!(cells(&found), [Some("E11".into())]);
    }

    #[test]
    fn an_untitled_row_is_not_reported() {
        let mut g = full_grid();
        g.realisations[2].title = None;
        g.fills.insert(pos("E11"), colour(0xFF_0000));
        assert!(apply(&g, &referential(), &template(), Lang::Fr).is_empty());
    }

    #[test]
    fn cells_outside_the_mark_columns_are_not_reported() {
        let mut g = full_grid();
        g.fills.insert(pos("B10"), colour(0xFF_0000));
        g.fills.insert(pos("J10"), colour(0xFF_0000));
        g.fills.insert(pos("F12"), colour(0xFF_0000));
        assert!(apply(&g, &referential(), &template(), Lang::Fr).is_empty());
    }
}
