//! Reading a cell line by line: what its lines name in the referential, whatever opens them.
//!
//! Students retype the model's heading cells and its activity row: the « ▸ » becomes « - »,
//! « • », « 1. », an activity code, or nothing at all; a title is broken over two lines; a
//! code or « Compétence B1.1 » goes on its own line. No glyph is trusted: each line is read
//! for what it names (runs of consecutive lines are tried joined, for a text broken over
//! lines), and the cell is judged by the evidence — a competence title on its first line is
//! that competence's heading (its activities may follow), lines that are mostly activities of
//! one competence are that competence's activity list.

use super::Target;
use super::heading::HeadingMatcher;
use super::key::key as match_key;

/// What a cell of several lines stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Reading {
    /// A heading: a competence (title, maybe with its activities), an activity, an older code.
    Heading(Target),
    /// The activity list of one competence (row 7 of the official model): its code.
    Block(String),
}

/// Glyphs that open an activity line and may also follow each other on one line
/// (« ▸a ▸b »). Other bullets (« - », « * ») only open a line: inside one they are text.
const INLINE_BULLETS: &[char] = &['▸', '►', '▶', '•', '▪', '◦', '‣'];

/// The most lines read in a cell (the longest official activity list has 7).
const MAX_LINES: usize = 24;

/// The most consecutive lines one text is broken over.
const MAX_JOINED: usize = 4;

/// The lines of a cell, each without what opens it (bullets, « 1. », « a) »), empty ones
/// dropped.
pub(crate) fn lines(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for line in text.split(['\n', '\r', ';']) {
        for piece in line.split(INLINE_BULLETS) {
            for part in split_inline(piece) {
                let part = strip_opening(part);
                if !part.is_empty() {
                    out.push(part);
                }
            }
        }
    }
    out
}

/// Splits one line where a new item visibly starts: before a word that is a bullet
/// (« - », « – », « * »), a number (« 2. », « 3) ») or a code with a dot (« B1.1.2 »), as
/// when a list of activities is typed on one line (« - Recenser… - Gérer… »).
fn split_inline(line: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut at_space = false;
    for (i, c) in line.char_indices() {
        if c == ' ' || c == '\u{a0}' || c == '\t' {
            at_space = true;
            continue;
        }
        if at_space && i > start && opens_item(&line[i..]) {
            parts.push(&line[start..i]);
            start = i;
        }
        at_space = false;
    }
    parts.push(&line[start..]);
    parts
}

/// Whether a word opens a new item of a list typed on one line.
fn opens_item(rest: &str) -> bool {
    let word = rest.split([' ', '\u{a0}', '\t']).next().unwrap_or("");
    if matches!(word, "-" | "–" | "—" | "*") {
        return true;
    }
    if let Some(n) = word.strip_suffix(['.', ')'])
        && !n.is_empty()
        && n.len() <= 2
        && n.chars().all(|c| c.is_ascii_digit())
        && rest.len() > word.len()
    {
        return true;
    }
    // « B1.1.2 » (a code with a dot, letters first), not « 2.5 » nor « Windows ».
    let letters = word.chars().take_while(char::is_ascii_alphabetic).count();
    (1..=2).contains(&letters)
        && word[letters..].starts_with(|c: char| c.is_ascii_digit())
        && word[letters..].contains('.')
        && word[letters..]
            .trim_end_matches(['.', ':'])
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.')
}

/// A line without its bullet or numbering: « - Gérer… », « 1. Gérer… », « a) Gérer… »,
/// « → Gérer… ». A code (« B1.1.5 Gérer… ») stays: it is evidence.
pub(crate) fn strip_opening(line: &str) -> &str {
    let t = line.trim_matches(|c: char| c.is_whitespace() || is_invisible(c));
    let t = t.trim_start_matches(|c: char| {
        !(c.is_alphanumeric() || matches!(c, '(' | '«' | '"' | '\'' | '’')) || is_invisible(c)
    });
    // « 1. », « 12) », « a) », « iv. » followed by a space: numbering.
    if let Some(end) = t.find([' ', '\u{a0}', '\t']) {
        let (head, rest) = t.split_at(end);
        let marker = head.strip_suffix(['.', ')']).unwrap_or("");
        let numbered = !marker.is_empty()
            && (marker.chars().all(|c| c.is_ascii_digit())
                || (marker.chars().count() == 1 && marker.chars().all(|c| c.is_alphabetic()))
                || (marker.len() <= 4 && marker.chars().all(|c| "ivxIVX".contains(c))));
        if numbered {
            return rest.trim_start();
        }
    }
    t.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';'))
}

/// A heading without the word that announces its code or rank: « Compétence B1.1 : Gérer… »
/// → « B1.1 : Gérer… », « COMPÉTENCE 4 : TRAVAILLER… » → « TRAVAILLER… ». Only before a code
/// or a rank and its text: « Compétences mobilisées », « Compétence 2 » stay.
pub(crate) fn strip_label(text: &str) -> &str {
    let t = text.trim_start();
    let word_end = t.find(|c: char| !c.is_alphabetic()).unwrap_or(t.len());
    let word = &t[..word_end];
    // Cheap test first: this runs on every short text cell of a sheet.
    let label = word.starts_with(['c', 'C'])
        && (4..=13).contains(&word.len())
        && [
            "compétence",
            "competence",
            "compétences",
            "competences",
            "comp",
        ]
        .iter()
        .any(|w| word.eq_ignore_ascii_case(w) || word.to_lowercase() == *w);
    if !label {
        return text;
    }
    let rest =
        t[word_end..].trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ':'));
    if super::heading::split_code(rest).is_some() {
        return rest;
    }
    // « Compétence 1 : Gérer… »: a rank, then the title.
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    let after = rest[digits..].trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '.' | ':' | '-' | '–' | ')')
    });
    if (1..=2).contains(&digits) && !after.is_empty() && after.len() < rest.len() - digits {
        after
    } else {
        text
    }
}

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::referential::embedded;

    #[test]
    fn openings_are_dropped_codes_kept() {
        for (line, expected) in [
            ("- Gérer des sauvegardes", "Gérer des sauvegardes"),
            ("  • Gérer des sauvegardes.", "Gérer des sauvegardes."),
            ("1. Gérer des sauvegardes", "Gérer des sauvegardes"),
            ("12) Gérer des sauvegardes", "Gérer des sauvegardes"),
            ("a) Gérer des sauvegardes", "Gérer des sauvegardes"),
            ("→Gérer des sauvegardes", "Gérer des sauvegardes"),
            (
                "B1.1.5 Gérer des sauvegardes",
                "B1.1.5 Gérer des sauvegardes",
            ),
            ("« Gérer »", "« Gérer »"),
            ("Gérer", "Gérer"),
            ("---", ""),
        ] {
            assert_eq!(strip_opening(line), expected, "{line:?}");
        }
        assert_eq!(lines("▸a ▸b\n\n- c"), ["a", "b", "c"]);
        assert_eq!(lines("- a b - c"), ["a b", "c"]);
        assert_eq!(lines("1. a b 2. c"), ["a b", "c"]);
        assert_eq!(lines("B1.1.1 a, B1.1.2 - c"), ["B1.1.1 a", "B1.1.2", "c"]);
        assert_eq!(lines("a; b"), ["a", "b"]);
        assert_eq!(
            lines("Windows 10 et Office 2.5"),
            ["Windows 10 et Office 2.5"]
        );
    }

    #[test]
    fn cells_are_judged_by_what_their_lines_name() {
        let r = embedded::get("bts-sio-b1").expect("embedded");
        let m = HeadingMatcher::new(&r);
        let block = |c: &str| Some(Reading::Block(c.into()));
        let heading = |t: Target| Some(Reading::Heading(t));
        let b12 = "Collecter, suivre et orienter des demandes\nTraiter des demandes concernant les services réseau et système, applicatifs\nTraiter des demandes concernant les applications";
        assert_eq!(m.read_lines(b12), block("B1.2"));
        assert_eq!(m.read_lines(&b12.replace('\n', "\n- ")), block("B1.2"));
        assert_eq!(
            m.read_lines("1. Collecter, suivre et orienter des demandes.\n2. Traiter des demandes concernant les applications."),
            block("B1.2")
        );
        assert_eq!(
            m.read_lines("B1.2.1 Collecter, suivre et orienter des demandes\nB1.2.3 Traiter des demandes concernant les applications"),
            block("B1.2")
        );
        // One activity broken over two lines, a typo in another.
        assert_eq!(
            m.read_lines("- Collecter, suivre et orienter des demandes\n- Traiter des demandes concernant les services réseau et\nsystème, applicatifs\n- Traiter des demandes concernant les aplications"),
            block("B1.2")
        );
        let b11 = Target::Competence("B1.1".into());
        assert_eq!(
            m.read_lines("Gérer le patrimoine informatique\nRecenser et identifier les ressources numériques\nGérer des sauvegardes"),
            heading(b11.clone())
        );
        assert_eq!(
            m.read_lines("Compétence B1.1\nGérer le patrimoine informatique"),
            heading(b11.clone())
        );
        assert_eq!(
            m.read_lines("Répondre aux incidents et aux\ndemandes d'assistance et d'évolution"),
            heading(Target::Competence("B1.2".into()))
        );
        assert_eq!(
            m.classify("B1.4.1 Analyser les objectifs et les modalités d'organisation d'un projet B1.4.2 PLANIFIER  LES ACTIVITÉS"),
            block("B1.4")
        );
        assert_eq!(
            m.classify("B1.1 - Gérer le patrimoine informatique"),
            heading(b11.clone())
        );
        assert_eq!(
            m.read_lines("B1.1.5\nGérer des sauvegardes"),
            heading(Target::Activity("B1.1.5".into()))
        );
        // A réalisation title over lines names nothing; a mixed list is no block.
        assert_eq!(
            m.read_lines("Mise en place d'un serveur GLPI\n(documents : procédure, captures)"),
            None
        );
        assert_eq!(
            m.read_lines("Gérer des sauvegardes\nPlanifier les activités\nDéployer un service"),
            None
        );
    }
}
