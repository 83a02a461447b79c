//! The rules: each finding kind is computed in one place, from an extracted grid.
//!
//! Every rule module exposes the same function,
//! `apply(grid, referential, template, lang) -> Vec<Finding>`, returning its findings in
//! sheet order. [`check`] runs them all and merges the results into one list in sheet order:
//! findings tied to a cell first (row by row, then column by column), findings about the whole
//! sheet last. What a grid must satisfy (minimum number of réalisations, required identity
//! fields, whether activities must each be covered) comes from the template and the
//! referential (`Template::rules_for`), never from the code.

mod catalogue;
mod colour_mark;
pub mod coverage;
mod duplicate_realisation;
mod empty_title;
mod finding;
mod invalid_mark;
mod invalid_period;
mod misassigned_activity;
mod missing_activity;
mod missing_competence;
mod missing_field;
mod outdated_model;
mod outdated_referential;
mod too_few_realisations;
mod unknown_column;

#[cfg(test)]
pub(crate) mod testing;

pub use catalogue::{Explanation, FindingKind, Severity};
pub use finding::{Coverage, Finding};

use crate::Lang;
use crate::grid::{Grid, Target};
use crate::model::{Competence, Item, Referential};
use crate::template::Template;

/// The signature every rule shares.
type Rule = fn(&Grid, &Referential, &Template, Lang) -> Vec<Finding>;

/// Every rule, in the order their findings are listed when they share a cell (or, for
/// sheet-wide findings, in this order).
const RULES: &[(FindingKind, Rule)] = &[
    (
        FindingKind::OutdatedReferential,
        outdated_referential::apply,
    ),
    (FindingKind::OutdatedModel, outdated_model::apply),
    (FindingKind::MissingField, missing_field::apply),
    (FindingKind::UnknownColumn, unknown_column::apply),
    (FindingKind::EmptyTitle, empty_title::apply),
    (
        FindingKind::DuplicateRealisation,
        duplicate_realisation::apply,
    ),
    (FindingKind::InvalidPeriod, invalid_period::apply),
    (FindingKind::InvalidMark, invalid_mark::apply),
    (FindingKind::ColourMark, colour_mark::apply),
    (
        FindingKind::MisassignedActivity,
        misassigned_activity::apply,
    ),
    (FindingKind::TooFewRealisations, too_few_realisations::apply),
    (FindingKind::MissingCompetence, missing_competence::apply),
    (FindingKind::MissingActivity, missing_activity::apply),
];

/// Applies every rule to a grid and returns the findings in sheet order: cell findings row
/// by row (then column by column), then the findings about the whole sheet.
pub fn check(
    grid: &Grid,
    referential: &Referential,
    template: &Template,
    lang: Lang,
) -> Vec<Finding> {
    let mut findings: Vec<Finding> = RULES
        .iter()
        .flat_map(|(_, rule)| rule(grid, referential, template, lang))
        .collect();
    // Stable: findings on the same cell keep the order of RULES.
    findings.sort_by_key(|f| (f.cell.is_none(), f.cell));
    findings
}

/// The kinds [`check`] can report (every kind but `unreadable-file`, which is for batches).
pub fn checked_kinds() -> impl Iterator<Item = FindingKind> {
    RULES.iter().map(|(kind, _)| *kind)
}

/// A new finding of `kind` on the grid's sheet.
fn finding(grid: &Grid, kind: FindingKind, message: String) -> Finding {
    Finding::new(kind, message).sheet(grid.sheet.clone())
}

/// Text shown to French readers with typographic apostrophes (’), as the official documents
/// print them; sources often carry the typewriter one.
fn typographic(text: &str, lang: Lang) -> String {
    match lang {
        Lang::Fr => text.replace('\'', "’"),
        Lang::En => text.to_string(),
    }
}

/// Quotes a text for a message: « … » in French, “…” in English.
fn quote(text: &str, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!("« {} »", typographic(text, lang)),
        Lang::En => format!("“{text}”"),
    }
}

/// A réalisation title for a message: cleaned, and cut at a word boundary after about 60
/// characters (« Revue de code, avec pull request, sur une application console… »).
fn title_excerpt(title: &str, lang: Lang) -> String {
    const MAX: usize = 60;
    let title = crate::text::clean(title);
    if title.chars().count() <= MAX {
        return quote(&title, lang);
    }
    let cut: String = title.chars().take(MAX).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > MAX / 2 => &cut[..i],
        _ => &cut,
    };
    quote(
        &format!("{}…", cut.trim_end_matches([' ', ',', ';', ':', '(', '-'])),
        lang,
    )
}

/// « B1.3 « Développer la présence en ligne de l’organisation » ».
fn competence_label(competence: &Competence, lang: Lang) -> String {
    format!(
        "{} {}",
        competence.code,
        quote(competence.shown_title(), lang)
    )
}

/// « B1.1.5 « Gérer des sauvegardes » ».
fn activity_label(activity: &Item, lang: Lang) -> String {
    format!("{} {}", activity.code, quote(activity.shown_text(), lang))
}

/// What a column (row) heading refers to, for a finding: competence code, activity code,
/// and the label to show (« B1.3 « … » »). `None` for unknown or outdated headings.
fn target_codes(
    target: &Target,
    referential: &Referential,
    lang: Lang,
) -> Option<(String, Option<String>, String)> {
    match target {
        Target::Competence(code) => coverage::resolve_competence(referential, code)
            .map(|(_, c)| (c.code.clone(), None, competence_label(c, lang))),
        Target::Activity(code) => {
            coverage::resolve_activity(referential, code).map(|(_, c, _, a)| {
                (
                    c.code.clone(),
                    Some(a.code.clone()),
                    activity_label(a, lang),
                )
            })
        }
        Target::Outdated(_) | Target::Unknown => None,
    }
}

/// « D15, F15 » (at most `max` cells, then « … »).
fn cell_list(cells: impl IntoIterator<Item = crate::model::CellPos>, max: usize) -> String {
    let cells: Vec<String> = cells.into_iter().map(|c| c.to_string()).collect();
    if cells.len() > max {
        format!("{}, …", cells[..max].join(", "))
    } else {
        cells.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::testing::*;
    use super::*;
    use crate::model::CellPos;

    #[test]
    fn every_kind_but_the_batch_ones_has_a_rule() {
        let mut kinds: Vec<_> = checked_kinds().collect();
        kinds.sort();
        let mut expected: Vec<_> = FindingKind::ALL
            .iter()
            .copied()
            .filter(|k| {
                ![
                    FindingKind::UnreadableFile,
                    FindingKind::MissingSubmission,
                    FindingKind::IdentityMismatch,
                ]
                .contains(k)
            })
            .collect();
        expected.sort();
        assert_eq!(kinds, expected);
    }

    #[test]
    fn findings_come_in_sheet_order_with_sheet_wide_ones_last() {
        let r = referential();
        let mut g = full_grid();
        // An invalid mark low in the sheet, an unknown heading high in the sheet, and a
        // competence that is no longer covered (sheet-wide).
        g.realisations[1].marks = vec![mark(9, 3, comp("B1.1"), invalid())];
        g.headings
            .push(heading(6, 9, Target::Unknown, "Gestion de projet"));
        let found = check(&g, &r, &template(), Lang::Fr);
        let cells: Vec<Option<String>> = found
            .iter()
            .map(|f| f.cell.map(|c| c.to_string()))
            .collect();
        assert_eq!(cells.first().cloned().flatten().as_deref(), Some("J7"));
        let first_none = cells.iter().position(Option::is_none).unwrap();
        assert!(cells[first_none..].iter().all(Option::is_none), "{cells:?}");
        assert!(found.iter().all(|f| f.sheet.as_deref() == Some(SHEET)));
        let sorted: Vec<CellPos> = found.iter().filter_map(|f| f.cell).collect();
        let mut expected = sorted.clone();
        expected.sort();
        assert_eq!(sorted, expected);
    }

    #[test]
    fn a_clean_grid_gives_no_finding() {
        let found = check(&full_grid(), &referential(), &template(), Lang::Fr);
        assert_eq!(found, vec![]);
    }

    #[test]
    fn long_titles_are_cut_at_a_word() {
        let long = "Revue de code, avec pull request, sur une application console en C# : application sur les probabilités";
        assert_eq!(
            title_excerpt(long, Lang::Fr),
            "« Revue de code, avec pull request, sur une application… »"
        );
        assert_eq!(title_excerpt(" Serveur  GLPI ", Lang::En), "“Serveur GLPI”");
    }

    #[test]
    fn french_titles_get_typographic_apostrophes() {
        let r = referential();
        let c = r.competence("B1.3").unwrap();
        assert_eq!(
            competence_label(c, Lang::Fr),
            "B1.3 « Développer la présence en ligne de l’organisation »"
        );
        assert!(competence_label(c, Lang::En).starts_with("B1.3 “"));
    }
}
