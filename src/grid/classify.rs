//! Judging a cell of several lines by what its lines name: a competence title on its first
//! line makes the cell that competence's heading (its activities may follow); lines that are
//! mostly activities of one competence make it that competence's activity list, whatever
//! opens them. The lines themselves come from [`super::lines`]; the matching of each line
//! from [`HeadingMatcher`].

use super::Target;
use super::heading::HeadingMatcher;
use super::lines::{MAX_JOINED, MAX_LINES, Reading, lines};
use crate::text::match_key;

/// What each run of lines names: (first line, last line, target or `None`).
type Item = (usize, usize, Option<Target>);

impl HeadingMatcher<'_> {
    /// Reads a cell of several lines (or several bullets on one line). `None` when it names
    /// nothing the referential knows, or too little to say.
    pub(crate) fn read_lines(&self, text: &str) -> Option<Reading> {
        let pieces = lines(text);
        if pieces.len() < 2 || pieces.len() > MAX_LINES {
            return pieces
                .first()
                .filter(|_| pieces.len() == 1)
                .and_then(|one| self.exact_one(one))
                .map(Reading::Heading);
        }
        let mut items = self.items(&pieces);
        if !items.iter().any(|(_, _, t)| t.is_some()) {
            return None;
        }
        // Some lines name a current competence or activity exactly: the others may be typos
        // of official texts (only then is the cost of typo matching paid).
        let current = items
            .iter()
            .any(|(_, _, t)| matches!(t, Some(Target::Competence(_) | Target::Activity(_))));
        if !current {
            return self.judge(&items);
        }
        for (first, last, target) in &mut items {
            if target.is_none() && first == last {
                *target = self.fuzzy(&match_key(pieces[*first]));
            }
        }
        self.judge(&items)
    }

    /// Runs of consecutive lines, each the longest (up to [`MAX_JOINED`] lines) that names
    /// something exactly; a line naming nothing alone is its own run. A line that names
    /// something alone (« B1.2.3 Traiter… ») is never joined onto the lines before it.
    fn items(&self, pieces: &[&str]) -> Vec<Item> {
        let single: Vec<Option<Target>> = pieces.iter().map(|p| self.exact_one(p)).collect();
        let mut items = Vec::new();
        let mut i = 0;
        let mut joined = String::new();
        while i < pieces.len() {
            // How far a run from `i` may reach: up to the next line that stands alone.
            let mut reach = i;
            while reach + 1 < pieces.len().min(i + MAX_JOINED) && single[reach + 1].is_none() {
                reach += 1;
            }
            let mut found = None;
            for j in (i + 1..=reach).rev() {
                joined.clear();
                for (k, p) in pieces[i..=j].iter().enumerate() {
                    if k > 0 {
                        joined.push(' ');
                    }
                    joined.push_str(p);
                }
                if let Some(t) = self.exact_one(&joined) {
                    found = Some((j, t));
                    break;
                }
            }
            let found = found.or_else(|| single[i].clone().map(|t| (i, t)));
            match found {
                Some((j, t)) => {
                    items.push((i, j, Some(t)));
                    i = j + 1;
                }
                None => {
                    items.push((i, i, None));
                    i += 1;
                }
            }
        }
        items
    }

    /// The cell's meaning from what its runs name.
    fn judge(&self, items: &[Item]) -> Option<Reading> {
        let first = items.iter().position(|(_, _, t)| t.is_some())?;
        let head = items[first].2.clone()?;
        let rest = &items[first + 1..];
        let parent = |t: &Target| match t {
            Target::Activity(a) => self.competence_of(a),
            Target::Competence(c) => Some(c.clone()),
            _ => None,
        };
        match &head {
            // A title (or its code) on the first lines: the competence's heading, whatever
            // follows (its activities, its code again, a comment).
            // Not when it names another competence too (« B1.1 - Gérer… / B1.4 » is a list).
            Target::Competence(_)
                if first <= 1
                    && !rest.iter().any(|(_, _, t)| {
                        matches!(t, Some(Target::Competence(_))) && t.as_ref() != Some(&head)
                    }) =>
            {
                return Some(Reading::Heading(head));
            }
            Target::Outdated(_) if first <= 1 => {
                let current = rest
                    .iter()
                    .filter(|(_, _, t)| matches!(t, Some(Target::Competence(_))))
                    .count();
                if current == 0 {
                    return Some(Reading::Heading(head));
                }
            }
            _ => {}
        }
        // Activities: one alone (or named twice, « B1.1.5 » then its text) is that
        // activity's heading; several, mostly of one competence, are its activity list.
        let activities: Vec<&Target> = items
            .iter()
            .filter_map(|(_, _, t)| t.as_ref())
            .filter(|t| matches!(t, Target::Activity(_)))
            .collect();
        if activities.is_empty() {
            return None;
        }
        if activities.iter().all(|a| *a == activities[0]) {
            let named = items.iter().filter(|(_, _, t)| t.is_some()).count();
            return (named == activities.len() && named == items.len())
                .then(|| Reading::Heading(activities[0].clone()));
        }
        let mut counts: Vec<(String, usize)> = Vec::new();
        for a in &activities {
            if let Some(p) = parent(a) {
                match counts.iter_mut().find(|(c, _)| *c == p) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((p, 1)),
                }
            }
        }
        let (code, n) = counts.into_iter().max_by_key(|(_, n)| *n)?;
        (n * 2 >= items.len() && n >= 2).then_some(Reading::Block(code))
    }
}
