//! `missing-competence`: no titled réalisation carries a valid mark for a competence (only
//! when the rules ask for every competence). The suggestion points at marks that were meant
//! for it but do not count (untitled row, invalid content), or at its missing column.

use super::coverage::{coverage, is_titled, resolve_activity, resolve_competence};
use super::{FindingKind, competence_label, finding, quote};
use crate::Lang;
use crate::grid::{Grid, Layout, Mark, MarkValue, Target};
use crate::model::{Competence, Referential};
use crate::rules::Finding;
use crate::template::Template;

pub fn apply(
    grid: &Grid,
    referential: &Referential,
    template: &Template,
    lang: Lang,
) -> Vec<Finding> {
    if !template.rules_for(referential).every_competence {
        return Vec::new();
    }
    let coverage = coverage(grid, referential);
    referential
        .competences
        .iter()
        .filter(|c| coverage.get(&c.code) == Some(0))
        .map(|c| {
            let message = match lang {
                Lang::Fr => format!(
                    "Aucune réalisation ne mobilise {}.",
                    competence_label(c, lang)
                ),
                Lang::En => format!("No réalisation mobilises {}.", competence_label(c, lang)),
            };
            finding(grid, FindingKind::MissingCompetence, message)
                .competence(c.code.clone())
                .suggest(suggestion(grid, referential, c, lang))
        })
        .collect()
}

/// The competence a mark was meant for, whether or not it counts.
fn intended(mark: &Mark, referential: &Referential) -> Option<String> {
    let resolve = |target: &Target| match target {
        Target::Competence(code) => {
            resolve_competence(referential, code).map(|(_, c)| c.code.clone())
        }
        Target::Activity(code) => {
            resolve_activity(referential, code).map(|(_, c, _, _)| c.code.clone())
        }
        Target::Outdated(_) | Target::Unknown => None,
    };
    match &mark.value {
        MarkValue::Yes | MarkValue::Invalid => resolve(&mark.placed),
        MarkValue::Activity(code) => resolve(&Target::Activity(code.clone())),
        MarkValue::Competence(code) => resolve(&Target::Competence(code.clone())),
    }
}

fn suggestion(grid: &Grid, referential: &Referential, c: &Competence, lang: Lang) -> String {
    let meant = |m: &&Mark| intended(m, referential).as_deref() == Some(c.code.as_str());
    let untitled = grid
        .realisations
        .iter()
        .filter(|r| !is_titled(r))
        .flat_map(|r| r.marks.iter().filter(meant).map(move |m| (m, r)))
        .min_by_key(|(m, _)| m.cell);
    if let Some((m, r)) = untitled {
        return match lang {
            Lang::Fr => format!(
                "La marque de {} ne compte pas : écrire l’intitulé de la réalisation en {}.",
                m.cell, r.cell
            ),
            Lang::En => format!(
                "The mark in {} does not count: write the réalisation's title in {}.",
                m.cell, r.cell
            ),
        };
    }
    let invalid = grid
        .realisations
        .iter()
        .filter(|r| is_titled(r))
        .flat_map(|r| &r.marks)
        .filter(|m| m.value == MarkValue::Invalid)
        .filter(meant)
        .min_by_key(|m| m.cell);
    if let Some(m) = invalid {
        return match lang {
            Lang::Fr => format!(
                "La cellule {} contient {} : écrire X à la place.",
                m.cell,
                quote(m.raw.trim(), lang)
            ),
            Lang::En => format!("Cell {} holds “{}”: write X instead.", m.cell, m.raw.trim()),
        };
    }
    let has_heading = grid.headings.iter().any(|h| match &h.target {
        Target::Competence(code) => {
            resolve_competence(referential, code).is_some_and(|(_, x)| x.code == c.code)
        }
        Target::Activity(code) => {
            resolve_activity(referential, code).is_some_and(|(_, x, _, _)| x.code == c.code)
        }
        _ => false,
    });
    if grid.layout != Layout::List && !has_heading {
        return match lang {
            Lang::Fr => format!(
                "Aucune colonne de la feuille ne correspond à {} : rétablir la colonne du modèle officiel.",
                c.code
            ),
            Lang::En => format!(
                "No column of the sheet matches {}: restore the official model's column.",
                c.code
            ),
        };
    }
    match lang {
        Lang::Fr => format!(
            "Marquer {} (X) sur la ligne d’une réalisation qui la mobilise, ou en ajouter une.",
            c.code
        ),
        Lang::En => format!(
            "Mark {} (X) on the row of a réalisation that mobilises it, or add one.",
            c.code
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::model::GridRules;
    use crate::rules::Severity;

    #[test]
    fn covered_competences_give_nothing() {
        assert!(apply(&full_grid(), &referential(), &template(), Lang::Fr).is_empty());
    }

    #[test]
    fn the_design_message_and_a_general_suggestion() {
        let mut g = full_grid();
        g.realisations[0].marks.retain(|m| m.placed != comp("B1.3"));
        let found = apply(&g, &referential(), &template(), Lang::Fr);
        assert_eq!(found.len(), 1);
        let f = &found[0];
        assert_eq!(
            (f.kind, f.severity, f.cell, f.competence.as_deref()),
            (
                FindingKind::MissingCompetence,
                Severity::Error,
                None,
                Some("B1.3")
            )
        );
        assert_eq!(
            f.message,
            "Aucune réalisation ne mobilise B1.3 « Développer la présence en ligne de l’organisation »."
        );
        assert_eq!(
            f.suggestion.as_deref(),
            Some(
                "Marquer B1.3 (X) sur la ligne d’une réalisation qui la mobilise, ou en ajouter une."
            )
        );
    }

    #[test]
    fn a_mark_on_an_untitled_row_does_not_cover() {
        let mut g = full_grid();
        g.realisations[0].marks.retain(|m| m.placed != comp("B1.3"));
        g.realisations
            .push(realisation(13, None, None, vec![yes_at(13, "B1.3")]));
        let found = apply(&g, &referential(), &template(), Lang::Fr);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].suggestion.as_deref(),
            Some("La marque de F14 ne compte pas : écrire l’intitulé de la réalisation en A14.")
        );
    }

    #[test]
    fn an_invalid_mark_does_not_cover() {
        let mut g = full_grid();
        for m in g.realisations[0].marks.iter_mut() {
            if m.placed == comp("B1.3") {
                m.value = invalid();
                m.raw = "ok ?".into();
            }
        }
        let found = apply(&g, &referential(), &template(), Lang::Fr);
        assert_eq!(found[0].competence.as_deref(), Some("B1.3"));
        assert_eq!(
            found[0].suggestion.as_deref(),
            Some("La cellule F9 contient « ok ? » : écrire X à la place.")
        );
    }

    #[test]
    fn a_misassigned_activity_counts_where_it_belongs() {
        let mut g = full_grid();
        // B1.6 is only reached through « B1.6.4 » written under B1.1.
        g.realisations[1].marks.retain(|m| m.placed != comp("B1.6"));
        g.realisations[2].marks = vec![mark(10, 3, comp("B1.1"), activity("B1.6.4"))];
        assert!(apply(&g, &referential(), &template(), Lang::Fr).is_empty());
        // B1.1 is still covered by the first réalisation only.
        assert_eq!(coverage(&g, &referential()).get("B1.1"), Some(1));
    }

    #[test]
    fn a_missing_column_and_the_rule_switch() {
        let mut g = full_grid();
        g.headings.retain(|h| h.target != comp("B1.5"));
        g.realisations[1].marks.retain(|m| m.placed != comp("B1.5"));
        let found = apply(&g, &referential(), &template(), Lang::En);
        assert_eq!(
            found[0].suggestion.as_deref(),
            Some("No column of the sheet matches B1.5: restore the official model's column.")
        );
        let off = template_with(GridRules {
            every_competence: false,
            ..GridRules::default()
        });
        assert!(apply(&g, &referential(), &off, Lang::Fr).is_empty());
    }
}
