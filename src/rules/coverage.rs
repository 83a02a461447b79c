//! What each réalisation validly mobilises, and the coverage of the grid.
//!
//! One place decides what counts, for the rules (`missing-competence`, `missing-activity`)
//! and the report alike:
//! - only titled réalisations count (marks on an untitled row never do);
//! - an invalid mark never counts;
//! - a yes mark counts for the competence or activity of its column (row, in the transposed
//!   layout); an activity counts for the competence it belongs to in the referential,
//!   wherever the candidate placed it (a misassigned activity is counted where it belongs);
//! - an activity or competence named in a mark cell or a `list` cell counts for itself.

use std::collections::BTreeSet;

use crate::grid::{Grid, Mark, MarkValue, Realisation, Target};
use crate::model::{Competence, Item, Referential};
use crate::rules::Coverage;
use crate::text::{is_blank, match_key};

/// What one réalisation validly mobilises, as referential positions (so that sets iterate in
/// referential order).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mobilised {
    /// Indices into `referential.competences`.
    pub competences: BTreeSet<usize>,
    /// (competence index, index among that competence's activities).
    pub activities: BTreeSet<(usize, usize)>,
}

impl Mobilised {
    /// Competence codes, in referential order.
    pub fn competence_codes(&self, referential: &Referential) -> Vec<String> {
        self.competences
            .iter()
            .filter_map(|i| referential.competences.get(*i))
            .map(|c| c.code.clone())
            .collect()
    }

    /// Activity codes, in referential order.
    pub fn activity_codes(&self, referential: &Referential) -> Vec<String> {
        self.activities
            .iter()
            .filter_map(|(c, a)| {
                referential
                    .competences
                    .get(*c)
                    .and_then(|c| c.activities().nth(*a))
            })
            .map(|a| a.code.clone())
            .collect()
    }
}

/// Whether a réalisation has a title (a blank or whitespace-only cell is no title).
pub fn is_titled(realisation: &Realisation) -> bool {
    realisation.title.as_deref().is_some_and(|t| !is_blank(t))
}

/// What a réalisation validly mobilises; nothing for an untitled one.
pub fn mobilised(realisation: &Realisation, referential: &Referential) -> Mobilised {
    let mut out = Mobilised::default();
    if !is_titled(realisation) {
        return out;
    }
    for mark in &realisation.marks {
        add_mark(mark, referential, &mut out);
    }
    out
}

fn add_mark(mark: &Mark, referential: &Referential, out: &mut Mobilised) {
    let add_activity = |code: &str, out: &mut Mobilised| {
        if let Some((c, _, a, _)) = resolve_activity(referential, code) {
            out.competences.insert(c);
            out.activities.insert((c, a));
        }
    };
    let add_competence = |code: &str, out: &mut Mobilised| {
        if let Some((c, _)) = resolve_competence(referential, code) {
            out.competences.insert(c);
        }
    };
    match (&mark.value, &mark.placed) {
        (MarkValue::Invalid, _) => {}
        (MarkValue::Yes, Target::Competence(code)) => add_competence(code, out),
        (MarkValue::Yes, Target::Activity(code)) => add_activity(code, out),
        (MarkValue::Yes, Target::Outdated(_) | Target::Unknown) => {}
        (MarkValue::Activity(code), _) => add_activity(code, out),
        (MarkValue::Competence(code), _) => add_competence(code, out),
    }
}

/// Number of titled réalisations that validly mobilise each competence, in referential order.
pub fn coverage(grid: &Grid, referential: &Referential) -> Coverage {
    let mut counts = vec![0u32; referential.competences.len()];
    for r in &grid.realisations {
        for c in mobilised(r, referential).competences {
            if let Some(n) = counts.get_mut(c) {
                *n += 1;
            }
        }
    }
    Coverage(
        referential
            .competences
            .iter()
            .zip(counts)
            .map(|(c, n)| (c.code.clone(), n))
            .collect(),
    )
}

/// Every (competence index, activity index) some titled réalisation validly marks.
pub fn marked_activities(grid: &Grid, referential: &Referential) -> BTreeSet<(usize, usize)> {
    grid.realisations
        .iter()
        .flat_map(|r| mobilised(r, referential).activities)
        .collect()
}

/// A competence by code (exact, then ignoring case), or by its title written out.
pub fn resolve_competence<'r>(
    referential: &'r Referential,
    text: &str,
) -> Option<(usize, &'r Competence)> {
    let text = text.trim();
    let all = || referential.competences.iter().enumerate();
    all()
        .find(|(_, c)| c.code == text)
        .or_else(|| all().find(|(_, c)| c.code.eq_ignore_ascii_case(text)))
        .or_else(|| {
            let key = match_key(text);
            all().find(|(_, c)| match_key(&c.title) == key || match_key(c.shown_title()) == key)
        })
}

/// An activity by code (exact, then ignoring case), or by its text written out: its
/// competence's index, the competence, its index among that competence's activities, the item.
pub fn resolve_activity<'r>(
    referential: &'r Referential,
    text: &str,
) -> Option<(usize, &'r Competence, usize, &'r Item)> {
    let text = text.trim();
    let key = match_key(text);
    let find = |pred: &dyn Fn(&Item) -> bool| {
        referential
            .competences
            .iter()
            .enumerate()
            .find_map(|(ci, c)| {
                c.activities()
                    .enumerate()
                    .find(|(_, a)| pred(a))
                    .map(|(ai, a)| (ci, c, ai, a))
            })
    };
    find(&|a| a.code == text)
        .or_else(|| find(&|a| a.code.eq_ignore_ascii_case(text)))
        .or_else(|| find(&|a| match_key(&a.text) == key || match_key(a.shown_text()) == key))
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;

    #[test]
    fn clean_grid_coverage_in_referential_order() {
        let cov = coverage(&full_grid(), &referential());
        let codes: Vec<_> = cov.0.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(codes, ["B1.1", "B1.2", "B1.3", "B1.4", "B1.5", "B1.6"]);
        assert_eq!(cov.get("B1.1"), Some(2));
        assert_eq!(cov.get("B1.6"), Some(1));
    }

    #[test]
    fn untitled_rows_and_invalid_marks_never_count() {
        let r = referential();
        let untitled = realisation(12, Some("  \u{a0}"), None, vec![yes_at(12, "B1.2")]);
        assert_eq!(mobilised(&untitled, &r), Mobilised::default());
        let invalid_mark = realisation(
            13,
            Some("Titre"),
            None,
            vec![mark(13, 4, comp("B1.2"), invalid())],
        );
        assert_eq!(mobilised(&invalid_mark, &r), Mobilised::default());
    }

    #[test]
    fn an_activity_counts_where_it_belongs() {
        let r = referential();
        // « B1.6.4 » written under B1.1: counts for B1.6 and its activity, not for B1.1.
        let real = realisation(
            8,
            Some("Projet"),
            None,
            vec![mark(8, 3, comp("B1.1"), activity("B1.6.4"))],
        );
        let m = mobilised(&real, &r);
        assert_eq!(m.competence_codes(&r), ["B1.6"]);
        assert_eq!(m.activity_codes(&r), ["B1.6.4"]);
        // A yes under an activity column counts for that activity's competence.
        let real = realisation(
            8,
            Some("Projet"),
            None,
            vec![mark(8, 3, act("B1.1.5"), yes())],
        );
        let m = mobilised(&real, &r);
        assert_eq!(m.competence_codes(&r), ["B1.1"]);
        assert_eq!(m.activity_codes(&r), ["B1.1.5"]);
    }

    #[test]
    fn activities_resolve_by_code_or_text() {
        let r = referential();
        assert_eq!(
            resolve_activity(&r, "b1.1.5").map(|x| x.3.code.as_str()),
            Some("B1.1.5")
        );
        assert_eq!(
            resolve_activity(&r, "GÉRER des sauvegardes.").map(|x| x.3.code.as_str()),
            Some("B1.1.5")
        );
        assert!(resolve_activity(&r, "B1.1.I1").is_none());
        assert_eq!(resolve_competence(&r, "b1.3").map(|x| x.0), Some(2));
    }
}
