//! `missing-activity`: in a grid that tracks activities (activity columns or rows, or a list
//! naming activities), an activity never marked while its competence is otherwise covered.
//! A competence with no mark at all is one `missing-competence`; its activities are not
//! listed again. Only when the rules ask for every activity.

use super::coverage::{coverage, marked_activities, resolve_activity};
use super::{FindingKind, activity_label, competence_label, finding};
use crate::Lang;
use crate::grid::{Grid, Layout, MarkValue, Target};
use crate::model::Referential;
use crate::rules::Finding;
use crate::template::Template;

pub fn apply(
    grid: &Grid,
    referential: &Referential,
    template: &Template,
    lang: Lang,
) -> Vec<Finding> {
    if !template.rules_for(referential).every_activity || !tracks_activities(grid) {
        return Vec::new();
    }
    let coverage = coverage(grid, referential);
    let marked = marked_activities(grid, referential);
    let mut out = Vec::new();
    for (ci, c) in referential.competences.iter().enumerate() {
        if coverage.get(&c.code).unwrap_or(0) == 0 {
            continue;
        }
        for (ai, a) in c.activities().enumerate() {
            if marked.contains(&(ci, ai)) {
                continue;
            }
            let heading = grid
                .headings
                .iter()
                .filter(|h| match &h.target {
                    Target::Activity(code) => resolve_activity(referential, code)
                        .is_some_and(|(_, _, _, x)| x.code == a.code),
                    _ => false,
                })
                .map(|h| h.cell)
                .min();
            let message = match lang {
                Lang::Fr => format!(
                    "L’activité {} n’est marquée sur aucune réalisation, alors que {} l’est.",
                    activity_label(a, lang),
                    competence_label(c, lang)
                ),
                Lang::En => format!(
                    "The activity {} is marked on no réalisation, while {} is.",
                    activity_label(a, lang),
                    competence_label(c, lang)
                ),
            };
            let suggestion = match lang {
                Lang::Fr => format!(
                    "Marquer {} sur une réalisation qui la met en œuvre.",
                    a.code
                ),
                Lang::En => format!("Mark {} on a réalisation that carries it out.", a.code),
            };
            let mut f = finding(grid, FindingKind::MissingActivity, message)
                .competence(c.code.clone())
                .activity(a.code.clone())
                .suggest(suggestion);
            if let Some(cell) = heading {
                f = f.at(cell);
            }
            out.push(f);
        }
    }
    out.sort_by_key(|f| (f.cell.is_none(), f.cell));
    out
}

/// Whether the grid is detailed: activity headings (columns or transposed rows), or a list
/// naming activities. The official model (one column per competence) is not, even when a
/// candidate writes an activity code in a mark cell.
fn tracks_activities(grid: &Grid) -> bool {
    grid.layout == Layout::ActivityColumns
        || grid
            .headings
            .iter()
            .any(|h| matches!(h.target, Target::Activity(_)))
        || (grid.layout == Layout::List
            && grid
                .realisations
                .iter()
                .flat_map(|r| &r.marks)
                .any(|m| matches!(m.value, MarkValue::Activity(_))))
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::grid::Grid;
    use crate::model::GridRules;

    fn every_activity() -> crate::template::Template {
        template_with(GridRules::default())
    }

    /// An activity-columns grid: B1.1's six activities in D…I and B1.6's four in J…M; the
    /// first réalisation marks B1.1.1…B1.1.5, the second B1.6.1 only.
    fn detailed() -> Grid {
        let r = referential();
        let mut g = full_grid();
        g.layout = Layout::ActivityColumns;
        g.headings.clear();
        let mut col = 3;
        let mut cols = std::collections::HashMap::new();
        for c in r
            .competences
            .iter()
            .filter(|c| c.code == "B1.1" || c.code == "B1.6")
        {
            for a in c.activities() {
                let mut h = heading(7, col, act(&a.code), &a.text);
                h.under = Some(c.code.clone());
                g.headings.push(h);
                cols.insert(a.code.clone(), col);
                col += 1;
            }
        }
        let at = |row: u32, code: &str| mark(row, cols[code], act(code), yes());
        g.realisations.truncate(2);
        g.realisations[0].marks = ["B1.1.1", "B1.1.2", "B1.1.3", "B1.1.4", "B1.1.5"]
            .iter()
            .map(|a| at(8, a))
            .collect();
        g.realisations[1].marks = vec![at(9, "B1.6.1")];
        g
    }

    #[test]
    fn unmarked_activities_of_covered_competences_only() {
        let found = apply(&detailed(), &referential(), &every_activity(), Lang::Fr);
        let activities: Vec<_> = found
            .iter()
            .map(|f| f.activity.as_deref().unwrap())
            .collect();
        // B1.2…B1.5 have no mark at all: they are missing competences, not listed here.
        assert_eq!(activities, ["B1.1.6", "B1.6.2", "B1.6.3", "B1.6.4"]);
        assert_eq!(cells(&found)[0].as_deref(), Some("I8"));
        assert_eq!(found[0].competence.as_deref(), Some("B1.1"));
        assert_eq!(
            found[0].message,
            "L’activité B1.1.6 « Vérifier le respect des règles d’utilisation des ressources numériques » n’est marquée sur aucune réalisation, alors que B1.1 « Gérer le patrimoine informatique » l’est."
        );
    }

    #[test]
    fn not_when_the_rules_or_the_grid_do_not_track_activities() {
        // The official template does not ask for every activity.
        assert!(apply(&detailed(), &referential(), &template(), Lang::Fr).is_empty());
        // The official layout does not track activities.
        let mut g = full_grid();
        g.realisations[2].marks = vec![mark(10, 3, comp("B1.1"), activity("B1.1.5"))];
        assert!(apply(&g, &referential(), &every_activity(), Lang::Fr).is_empty());
    }

    #[test]
    fn a_list_naming_activities_is_detailed() {
        let mut g = full_grid();
        g.layout = Layout::List;
        g.headings.clear();
        g.realisations.truncate(1);
        g.realisations[0].marks = vec![mark(
            8,
            3,
            Target::Unknown,
            activity("Gérer des sauvegardes"),
        )];
        let found = apply(&g, &referential(), &every_activity(), Lang::Fr);
        let activities: Vec<_> = found
            .iter()
            .map(|f| f.activity.as_deref().unwrap())
            .collect();
        assert_eq!(
            activities,
            ["B1.1.1", "B1.1.2", "B1.1.3", "B1.1.4", "B1.1.6"]
        );
        assert!(found.iter().all(|f| f.cell.is_none()));
    }
}
