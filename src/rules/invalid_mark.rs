//! `invalid-mark`: a mark cell holds something that is not a mark. It never counts as
//! coverage (see `coverage`).

use super::{FindingKind, finding, quote, target_codes};
use crate::Lang;
use crate::grid::{Grid, Mark, MarkValue};
use crate::model::Referential;
use crate::rules::Finding;
use crate::template::Template;

pub fn apply(grid: &Grid, referential: &Referential, _: &Template, lang: Lang) -> Vec<Finding> {
    let mut marks: Vec<&Mark> = grid
        .realisations
        .iter()
        .flat_map(|r| &r.marks)
        .filter(|m| m.value == MarkValue::Invalid)
        .collect();
    marks.sort_by_key(|m| m.cell);
    marks
        .into_iter()
        .map(|m| {
            let target = target_codes(&m.placed, referential, lang);
            let content = quote(m.raw.trim(), lang);
            let message = match (&target, lang) {
                (Some((_, _, label)), Lang::Fr) => format!(
                    "La cellule {} ({label}) contient {content}, qui n’est pas une marque : elle ne compte pas.",
                    m.cell
                ),
                (Some((_, _, label)), Lang::En) => format!(
                    "Cell {} ({label}) holds {content}, which is not a mark: it does not count.",
                    m.cell
                ),
                (None, Lang::Fr) => format!(
                    "La cellule {} contient {content}, qui n’est pas une marque : elle ne compte pas.",
                    m.cell
                ),
                (None, Lang::En) => format!(
                    "Cell {} holds {content}, which is not a mark: it does not count.",
                    m.cell
                ),
            };
            let suggestion = lang.pick(
                "Écrire X dans la cellule, ou la vider ; un commentaire va dans l’intitulé de la réalisation.",
                "Write X in the cell, or empty it; a comment belongs in the réalisation's title.",
            );
            let mut f = finding(grid, FindingKind::InvalidMark, message)
                .at(m.cell)
                .suggest(suggestion);
            if let Some((competence, activity, _)) = target {
                f = f.competence(competence);
                if let Some(a) = activity {
                    f = f.activity(a);
                }
            }
            f
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;

    #[test]
    fn valid_marks_give_nothing() {
        assert!(apply(&full_grid(), &referential(), &template(), Lang::Fr).is_empty());
    }

    #[test]
    fn each_invalid_mark_at_its_cell_with_its_competence() {
        let mut g = full_grid();
        g.realisations[1]
            .marks
            .push(mark(9, 5, comp("B1.3"), invalid()));
        g.realisations[0]
            .marks
            .push(mark(8, 9, act("B1.1.5"), invalid()));
        let found = apply(&g, &referential(), &template(), Lang::Fr);
        assert_eq!(cells(&found), [Some("J9".into()), Some("F10".into())]);
        assert_eq!(found[0].competence.as_deref(), Some("B1.1"));
        assert_eq!(found[0].activity.as_deref(), Some("B1.1.5"));
        assert_eq!(found[1].competence.as_deref(), Some("B1.3"));
        assert_eq!(
            found[1].message,
            "La cellule F10 (B1.3 « Développer la présence en ligne de l’organisation ») contient « peut-être », qui n’est pas une marque : elle ne compte pas."
        );
    }
}
