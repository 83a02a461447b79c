//! `misassigned-activity`: an activity placed under a competence it does not belong to —
//! an activity code in another competence's mark cell (or named next to another competence
//! in a list), or an activity heading grouped under another competence's heading. The
//! finding names the right competence; the coverage counts the activity there.

use super::coverage::{resolve_activity, resolve_competence};
use super::{FindingKind, activity_label, competence_label, finding};
use crate::Lang;
use crate::grid::{Grid, MarkValue, Target};
use crate::model::{CellPos, Competence, Item, Referential};
use crate::rules::Finding;
use crate::template::Template;

pub fn apply(grid: &Grid, referential: &Referential, _: &Template, lang: Lang) -> Vec<Finding> {
    let mut out = Vec::new();
    // A misplaced activity heading is one finding at the heading; the marks under it (placed
    // at that competence and meaning the activity) are not reported again.
    let mut misplaced_headings: Vec<(String, String)> = Vec::new();
    for h in &grid.headings {
        let (Target::Activity(code), Some(under)) = (&h.target, &h.under) else {
            continue;
        };
        if let Some(f) = misplaced(grid, referential, h.cell, under, code, lang) {
            if let (Some(activity), Some(wrong)) = (&f.activity, resolve_placed(referential, under))
            {
                misplaced_headings.push((activity.clone(), wrong.code.clone()));
            }
            out.push(f);
        }
    }
    for m in grid.realisations.iter().flat_map(|r| &r.marks) {
        if let (Target::Competence(placed), MarkValue::Competence(code)) = (&m.placed, &m.value) {
            out.extend(other_competence(
                grid,
                referential,
                m.cell,
                placed,
                code,
                lang,
            ));
            continue;
        }
        let (Target::Competence(placed), MarkValue::Activity(code)) = (&m.placed, &m.value) else {
            continue;
        };
        let Some(f) = misplaced(grid, referential, m.cell, placed, code, lang) else {
            continue;
        };
        let under_heading = misplaced_headings.iter().any(|(a, w)| {
            Some(a) == f.activity.as_ref()
                && resolve_placed(referential, placed).is_some_and(|c| &c.code == w)
        });
        if !under_heading {
            out.push(f);
        }
    }
    out.sort_by_key(|f| f.cell);
    out
}

/// A finding when activity `code` placed under competence `placed` belongs elsewhere.
fn misplaced(
    grid: &Grid,
    referential: &Referential,
    cell: CellPos,
    placed: &str,
    code: &str,
    lang: Lang,
) -> Option<Finding> {
    let (_, right, _, activity) = resolve_activity(referential, code)?;
    let wrong = resolve_placed(referential, placed)?;
    if wrong.code == right.code {
        return None;
    }
    Some(
        finding(
            grid,
            FindingKind::MisassignedActivity,
            message(cell, activity, wrong, right, lang),
        )
        .at(cell)
        .competence(right.code.clone())
        .activity(activity.code.clone())
        .suggest(match lang {
            Lang::Fr => format!(
                "Placer {} sous {} : c’est là qu’elle est comptée.",
                activity.code,
                competence_label(right, lang)
            ),
            Lang::En => format!(
                "Place {} under {}: that is where it is counted.",
                activity.code,
                competence_label(right, lang)
            ),
        }),
    )
}

/// A finding when the code of competence `code` is written in the mark cell of another
/// competence `placed` (« B1-2 » under B1.1): the mark counts for the competence it names.
fn other_competence(
    grid: &Grid,
    referential: &Referential,
    cell: CellPos,
    placed: &str,
    code: &str,
    lang: Lang,
) -> Option<Finding> {
    let (_, named) = resolve_competence(referential, code)?;
    let wrong = resolve_placed(referential, placed)?;
    if wrong.code == named.code {
        return None;
    }
    let (named_label, wrong_label) = (competence_label(named, lang), competence_label(wrong, lang));
    let message = match lang {
        Lang::Fr => format!(
            "La marque {} ({cell}) est placée sous {wrong_label} ; elle désigne {named_label}.",
            named.code
        ),
        Lang::En => format!(
            "The mark {} ({cell}) is placed under {wrong_label}; it names {named_label}.",
            named.code
        ),
    };
    Some(
        finding(grid, FindingKind::MisassignedActivity, message)
            .at(cell)
            .competence(named.code.clone())
            .suggest(match lang {
                Lang::Fr => format!(
                    "Cocher {named_label} dans sa propre colonne : c’est là qu’elle est comptée."
                ),
                Lang::En => {
                    format!("Mark {named_label} in its own column: that is where it is counted.")
                }
            }),
    )
}

fn message(
    cell: CellPos,
    activity: &Item,
    wrong: &Competence,
    right: &Competence,
    lang: Lang,
) -> String {
    match lang {
        Lang::Fr => format!(
            "L’activité {} ({cell}) est placée sous {} ; elle relève de {}.",
            activity_label(activity, lang),
            competence_label(wrong, lang),
            competence_label(right, lang)
        ),
        Lang::En => format!(
            "The activity {} ({cell}) is placed under {}; it belongs to {}.",
            activity_label(activity, lang),
            competence_label(wrong, lang),
            competence_label(right, lang)
        ),
    }
}

/// The competence a mark or heading was placed under: a code, a title, or a heading such as
/// « B1.1 - Gérer le patrimoine informatique ».
fn resolve_placed<'r>(referential: &'r Referential, placed: &str) -> Option<&'r Competence> {
    resolve_competence(referential, placed)
        .or_else(|| {
            let code = placed
                .trim()
                .split(|c: char| c.is_whitespace() || c == '-' || c == ':')
                .next()?;
            resolve_competence(referential, code)
        })
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;

    #[test]
    fn activities_in_their_own_competence_give_nothing() {
        let mut g = full_grid();
        g.realisations[0]
            .marks
            .push(mark(8, 3, comp("B1.1"), activity("B1.1.5")));
        let mut h = heading(7, 3, act("B1.1.5"), "Gérer des sauvegardes");
        h.under = Some("B1.1 - Gérer le patrimoine informatique".into());
        g.headings.push(h);
        assert!(apply(&g, &referential(), &template(), Lang::Fr).is_empty());
    }

    #[test]
    fn an_activity_code_under_another_competence_names_the_right_one() {
        let mut g = full_grid();
        g.realisations[2].marks = vec![mark(10, 3, comp("B1.1"), activity("B1.6.4"))];
        let found = apply(&g, &referential(), &template(), Lang::Fr);
        assert_eq!(cells(&found), [Some("D11".into())]);
        let f = &found[0];
        assert_eq!(f.competence.as_deref(), Some("B1.6"));
        assert_eq!(f.activity.as_deref(), Some("B1.6.4"));
        assert_eq!(
            f.message,
            "L’activité B1.6.4 « Développer son projet professionnel » (D11) est placée sous B1.1 « Gérer le patrimoine informatique » ; elle relève de B1.6 « Organiser son développement professionnel »."
        );
        assert_eq!(
            f.suggestion.as_deref(),
            Some(
                "Placer B1.6.4 sous B1.6 « Organiser son développement professionnel » : c’est là qu’elle est comptée."
            )
        );
    }

    #[test]
    fn a_competence_code_under_another_competence_names_it() {
        let mut g = full_grid();
        g.realisations[2].marks = vec![
            mark(10, 2, comp("B1.1"), MarkValue::Competence("B1.1".into())),
            mark(10, 3, comp("B1.1"), MarkValue::Competence("B1.2".into())),
        ];
        let found = apply(&g, &referential(), &template(), Lang::Fr);
        assert_eq!(cells(&found), [Some("D11".into())]);
        let f = &found[0];
        assert_eq!(f.competence.as_deref(), Some("B1.2"));
        assert_eq!(f.activity, None);
        assert!(
            f.message
                .starts_with("La marque B1.2 (D11) est placée sous B1.1 «"),
            "{}",
            f.message
        );
    }

    #[test]
    fn an_activity_heading_under_the_wrong_competence_heading() {
        let mut g = full_grid();
        let mut h = heading(7, 5, act("Gérer des sauvegardes"), "Gérer des sauvegardes");
        h.under = Some("Répondre aux incidents et aux demandes d'assistance et d'évolution".into());
        g.headings.push(h);
        let found = apply(&g, &referential(), &template(), Lang::En);
        assert_eq!(cells(&found), [Some("F8".into())]);
        assert_eq!(found[0].competence.as_deref(), Some("B1.1"));
        assert!(
            found[0].message.contains("is placed under B1.2"),
            "{}",
            found[0].message
        );
    }
}
