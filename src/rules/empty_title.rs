//! `empty-title`: marks on a row (a column, in the transposed layout) with no réalisation
//! title. Such marks never count as coverage (see `coverage`).

use super::coverage::is_titled;
use super::{FindingKind, cell_list, finding};
use crate::Lang;
use crate::grid::Grid;
use crate::model::Referential;
use crate::rules::Finding;
use crate::template::Template;

pub fn apply(grid: &Grid, _: &Referential, _: &Template, lang: Lang) -> Vec<Finding> {
    let mut out: Vec<Finding> = grid
        .realisations
        .iter()
        .filter(|r| !is_titled(r) && !r.marks.is_empty())
        .map(|r| {
            let mut marks: Vec<_> = r.marks.iter().map(|m| m.cell).collect();
            marks.sort();
            let n = marks.len();
            let list = cell_list(marks, 5);
            let message = match lang {
                Lang::Fr => format!(
                    "{} sans intitulé de réalisation ({}) : {} ne compte{} pas.",
                    if n > 1 {
                        format!("Marques {list}")
                    } else {
                        format!("Marque {list}")
                    },
                    r.cell,
                    if n > 1 { "elles" } else { "elle" },
                    if n > 1 { "nt" } else { "" },
                ),
                Lang::En => format!(
                    "Mark{} {list} without a réalisation title ({}): {} not count.",
                    if n > 1 { "s" } else { "" },
                    r.cell,
                    if n > 1 { "they do" } else { "it does" },
                ),
            };
            let suggestion = match lang {
                Lang::Fr => format!(
                    "Écrire l’intitulé de la réalisation en {}, ou effacer les marques.",
                    r.cell
                ),
                Lang::En => format!(
                    "Write the réalisation's title in {}, or clear the marks.",
                    r.cell
                ),
            };
            finding(grid, FindingKind::EmptyTitle, message)
                .at(r.cell)
                .suggest(suggestion)
        })
        .collect();
    out.sort_by_key(|f| f.cell);
    out
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;

    #[test]
    fn titled_rows_and_untitled_rows_without_marks_give_nothing() {
        let mut g = full_grid();
        g.realisations.push(realisation(11, None, None, vec![]));
        assert!(apply(&g, &referential(), &template(), Lang::Fr).is_empty());
    }

    #[test]
    fn marks_on_an_untitled_row_are_reported_at_the_title_cell() {
        let mut g = full_grid();
        g.realisations.push(realisation(
            14,
            Some(" "),
            None,
            vec![yes_at(14, "B1.2"), mark(14, 6, comp("B1.4"), invalid())],
        ));
        let found = apply(&g, &referential(), &template(), Lang::Fr);
        assert_eq!(cells(&found), [Some("A15".into())]);
        assert_eq!(
            found[0].message,
            "Marques E15, G15 sans intitulé de réalisation (A15) : elles ne comptent pas."
        );
        let en = apply(&g, &referential(), &template(), Lang::En);
        assert_eq!(
            en[0].message,
            "Marks E15, G15 without a réalisation title (A15): they do not count."
        );
    }
}
