//! Matching a heading cell (or a mark, or a piece of a `list` cell) to the referential.
//!
//! Matching is done on [`match_key`]s, so accents, case, ’ or ', punctuation, double spaces,
//! line breaks, trailing periods and invisible characters never matter. In order:
//! 1. a leading code (« B1.1 », « B1.1 - Gérer… », « Compétence B1.1 : … », « A1.1.1 »);
//! 2. the exact key of a competence title, an activity text, or a 2011 referential text,
//!    maybe followed by its own code (« Gérer… (B1.1) »);
//! 3. for a cell of several lines (or items typed on one line), each line for what it names,
//!    whatever opens it ([`super::lines`]): a title with its activities, or one
//!    competence's activity list;
//! 4. small typos: Levenshtein distance on keys, accepted only when the text is much closer
//!    to one official text than to any other (so two official titles are never confused).
//!
//! ```
//! use grille::grid::heading::HeadingMatcher;
//! use grille::grid::Target;
//! let referential = grille::referential::embedded::get("bts-sio-b1").unwrap();
//! let matcher = HeadingMatcher::new(&referential);
//! assert_eq!(matcher.find("GERER LE PATRIMOINE  INFORMATIQUE.").target, Target::Competence("B1.1".into()));
//! assert_eq!(matcher.find("B1.1.5").target, Target::Activity("B1.1.5".into()));
//! assert_eq!(matcher.find("A1.1.1").target, Target::Outdated("A1.1.1".into()));
//! ```

use std::sync::Arc;

use super::Target;
use super::heading_index::{self, Entry, Index};
use super::lines::{Reading, lines, split_code, strip_label, strip_opening};
use crate::model::Referential;
use crate::text::clean;
use crate::text::match_key;

/// The answer for one text: its target and, when unknown, the closest official text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingMatch {
    pub target: Target,
    pub suggestion: Option<String>,
}

/// A matcher for one referential: every lookup is a hash lookup, typos cost a bounded number
/// of Levenshtein computations on texts of similar length. The index behind it is built once
/// per referential, not once per sheet (see [`super::heading_index`]).
pub struct HeadingMatcher<'r> {
    referential: &'r Referential,
    index: Arc<Index>,
}

/// Glyphs that may follow each other on one line of a heading cell (« ▸a ▸b »).
const INLINE_BULLETS: &[char] = &['▸', '►', '▶', '•', '▪', '◦', '‣'];

/// Characters that open an activity line in the official heading cells.
const BULLETS: &[char] = &['▸', '►', '▶', '•', '▪', '◦', '‣', '→', '*', '-', '–'];

impl<'r> HeadingMatcher<'r> {
    pub fn new(referential: &'r Referential) -> Self {
        Self {
            referential,
            index: heading_index::index(referential),
        }
    }

    pub fn referential(&self) -> &'r Referential {
        self.referential
    }

    /// The competence an activity code belongs to (`B1.1.5` → `B1.1`).
    pub fn competence_of(&self, activity: &str) -> Option<String> {
        self.referential
            .activity(activity)
            .map(|(c, _)| c.code.clone())
    }

    /// A code alone (« b1.3 », « B1.3. »): its target, or `Outdated` for a 2011-style code.
    pub fn code(&self, token: &str) -> Option<Target> {
        let code = token
            .trim()
            .trim_end_matches(['.', ':', ')'])
            .to_uppercase();
        if code.is_empty() {
            return None;
        }
        if let Some(t) = self.index.codes.get(&code) {
            return Some(t.clone());
        }
        if self.index.bts_sio && is_2011_code(&code) {
            return Some(Target::Outdated(code));
        }
        None
    }

    /// Cheap matching (codes and exact keys, no typo tolerance, no fuzzy line unless another
    /// line of the cell matches exactly): used to scan a whole sheet.
    pub fn exact(&self, text: &str) -> Option<Target> {
        match self.classify(text)? {
            Reading::Heading(t) => Some(t),
            Reading::Block(_) => None,
        }
    }

    /// What a cell stands for: a heading, or one competence's activity list. A single line
    /// (the common case) costs one key and one hash lookup; a cell of several lines is read
    /// line by line ([`super::lines`]).
    pub(crate) fn classify(&self, text: &str) -> Option<Reading> {
        self.index.memo.get_or(text, || self.classify_text(text))
    }

    fn classify_text(&self, text: &str) -> Option<Reading> {
        if !text.contains(['\n', '\r']) && !text.contains(INLINE_BULLETS) {
            let one = self.exact_one(strip_opening(text)).map(Reading::Heading);
            // Activities typed on one line (« - Recenser… - Gérer… », « a; b »,
            // « B1.4.1 Analyser… B1.4.2 Planifier… »: not the heading of its first code).
            if !text.contains([';', '-', '–', '*', '.', ')']) {
                return one;
            }
            if one.is_some() {
                return match self.read_lines(text) {
                    Some(Reading::Block(code)) => Some(Reading::Block(code)),
                    _ => one,
                };
            }
        }
        self.read_lines(text)
    }

    pub(crate) fn exact_one(&self, text: &str) -> Option<Target> {
        let text = strip_label(text);
        if let Some((code, rest)) = split_code(text) {
            // « B1.1, B1.4 » is a list, not a heading.
            let list = rest.starts_with([',', ';', '+', '&', '/'])
                || split_code(rest).is_some_and(|(c, _)| self.code(c).is_some());
            if list {
                return None;
            }
            if let Some(t) = self.code(code) {
                return Some(t);
            }
            if !rest.is_empty()
                && let Some(t) = self.index.exact.get(&match_key(rest))
            {
                return Some(t.clone());
            }
        }
        let key = match_key(text);
        if key.is_empty() {
            return None;
        }
        self.index
            .exact
            .get(&key)
            .cloned()
            .or_else(|| self.trailing_code(text))
    }

    /// « Gérer le patrimoine informatique (B1.1) », « Gérer des sauvegardes – B1.1.5 »: an
    /// official text followed by a code. The text must match exactly: a réalisation title
    /// followed by a code (« Projet GLPI (B1.1) ») is no heading.
    fn trailing_code(&self, text: &str) -> Option<Target> {
        let t = text.trim_end().trim_end_matches([')', ']', '.', ' ']);
        let start = t.rfind([' ', '(', '[', '\u{a0}'])?;
        let code = &t[start..].trim_start_matches([' ', '(', '[', '\u{a0}']);
        let coded = self.code(code)?;
        let rest = t[..start].trim_end_matches(|c: char| {
            c.is_whitespace() || matches!(c, '(' | '[' | '-' | '–' | ':' | ',')
        });
        if rest.is_empty() {
            return None;
        }
        // The code must be the text's own (or its competence's): « Gérer… / B1.4 » names two.
        let written = self.index.exact.get(&match_key(rest))?;
        let own = match (written, &coded) {
            (w, c) if w == c => true,
            (Target::Activity(a), Target::Competence(c)) => {
                self.competence_of(a).as_ref() == Some(c)
            }
            _ => false,
        };
        own.then(|| written.clone())
    }

    /// Full matching: exact, then typo-tolerant; an unknown text gets the closest official
    /// text as suggestion.
    pub fn find(&self, text: &str) -> HeadingMatch {
        if let Some(target) = self.exact(text) {
            return HeadingMatch {
                target,
                suggestion: None,
            };
        }
        let (title, activities) = split_heading(text);
        let main = if title.is_empty() {
            activities.first().cloned().unwrap_or_default()
        } else {
            title
        };
        // The title as the bullets delimit it, else the first line (activities retyped
        // without bullets follow it).
        let first_line = lines(text)
            .first()
            .map(|l| l.to_string())
            .unwrap_or_default();
        let key_of = |t: &str| {
            let t = strip_label(t);
            match_key(split_code(t).map_or(t, |(_, rest)| rest))
        };
        let key = key_of(&main);
        for candidate in [key.clone(), key_of(&first_line)] {
            if let Some(target) = self.fuzzy(&candidate).or_else(|| self.prefix(&candidate)) {
                return HeadingMatch {
                    target,
                    suggestion: None,
                };
            }
        }
        HeadingMatch {
            target: Target::Unknown,
            suggestion: self.suggest(&key),
        }
    }

    /// The entry within a few typos of `key`, if it is clearly closer to it than to any other
    /// entry with another target.
    pub(crate) fn fuzzy(&self, key: &str) -> Option<Target> {
        let n = key.chars().count();
        if n < 6 {
            return None;
        }
        let candidates: Vec<(usize, &Entry)> = self
            .index
            .entries
            .iter()
            .filter(|e| {
                // Allowed edits: 15 % of the longer text; a length gap alone costs edits.
                let allowed = (n.max(e.chars) * 15 / 100).max(1);
                n.abs_diff(e.chars) <= allowed * 2
            })
            .map(|e| (strsim::levenshtein(key, &e.key), e))
            .collect();
        let (d, best) = candidates.iter().min_by_key(|(d, _)| *d)?;
        let second = candidates
            .iter()
            .filter(|(_, e)| e.target != best.target)
            .map(|(d, _)| *d)
            .min()
            .unwrap_or(usize::MAX);
        let allowed = (n.max(best.chars) * 15 / 100).max(1);
        // Clearly closer to this entry than to any other target (a third fewer edits).
        (*d <= allowed && d.saturating_mul(3) < second.saturating_mul(2))
            .then(|| best.target.clone())
    }

    /// The one competence or activity whose official text `key` begins, cut at a word:
    /// students shorten long headings (« Répondre aux incidents » for « Répondre aux incidents
    /// et aux demandes d'assistance et d'évolution »). At least three words and a third of
    /// the text, and no other target begins so, lest a short phrase pass for a heading.
    fn prefix(&self, key: &str) -> Option<Target> {
        let n = key.chars().count();
        if key.split(' ').count() < 3 || n < 15 {
            return None;
        }
        let mut found: Option<&Target> = None;
        for e in &self.index.entries {
            let begins = e.key.len() > key.len()
                && e.key.starts_with(key)
                && e.key.as_bytes()[key.len()] == b' '
                && n * 3 >= e.chars;
            if !begins || !matches!(e.target, Target::Competence(_) | Target::Activity(_)) {
                continue;
            }
            match found {
                Some(t) if *t != e.target => return None,
                _ => found = Some(&e.target),
            }
        }
        found.cloned()
    }

    /// The current official text closest to `key` (bigram similarity, good for partial
    /// overlaps such as « Veille technologique »).
    fn suggest(&self, key: &str) -> Option<String> {
        if key.is_empty() {
            return None;
        }
        self.index
            .official
            .iter()
            .map(|(k, text)| (strsim::sorensen_dice(key, k), text))
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, text)| text.clone())
    }

    /// The competence a block of activity lines belongs to (row 7 of the official model),
    /// whatever opens the lines: most of them must be activities of that competence.
    pub fn activity_block(&self, text: &str) -> Option<String> {
        match self.read_lines(text)? {
            Reading::Block(code) => Some(code),
            Reading::Heading(_) => None,
        }
    }
}

/// Splits a heading cell into its title (lines before the first bullet, joined) and its
/// bullet lines (« ▸Recenser… »), each cleaned and without its bullet.
pub fn split_heading(text: &str) -> (String, Vec<String>) {
    let mut title = Vec::new();
    let mut activities = Vec::new();
    // Bullets may also follow each other on one line (« ▸a ▸b »).
    for line in text.split(['\n', '\r']) {
        let trimmed = clean(line);
        if trimmed.is_empty() {
            continue;
        }
        let first = trimmed.chars().next().unwrap_or(' ');
        if first == '▸' || first == '►' || first == '▶' || first == '•' || first == '▪' {
            for part in trimmed.split(['▸', '►', '▶', '•', '▪']) {
                let part = clean(part);
                if !part.is_empty() {
                    activities.push(part);
                }
            }
        } else if activities.is_empty() {
            title.push(trimmed);
        } else if BULLETS.contains(&first) {
            activities.push(clean(trimmed.trim_start_matches(BULLETS)));
        } else if let Some(last) = activities.last_mut() {
            // A bullet line broken over two lines.
            last.push(' ');
            last.push_str(&trimmed);
        }
    }
    (title.join(" "), activities)
}

/// Codes of the 2011 BTS SIO referential: activities A1.1.1 … A5.2.4, competences
/// C1.1.1.1 …, processes P1 … P5.
fn is_2011_code(code: &str) -> bool {
    let parts: Vec<&str> = code.get(1..).unwrap_or_default().split('.').collect();
    let numeric = parts
        .iter()
        .all(|p| !p.is_empty() && p.len() <= 2 && p.chars().all(|c| c.is_ascii_digit()));
    numeric
        && match code.chars().next() {
            Some('A') => (2..=3).contains(&parts.len()),
            Some('C') => parts.len() == 4,
            _ => false,
        }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::referential::embedded;

    fn sio() -> Referential {
        embedded::get("bts-sio-b1").expect("embedded referential")
    }

    fn comp(code: &str) -> Target {
        Target::Competence(code.into())
    }

    fn act(code: &str) -> Target {
        Target::Activity(code.into())
    }

    /// The memo of readings changes no answer: each text read twice (the second time from
    /// the memo) reads as without it.
    #[test]
    fn classify_through_the_memo_reads_as_without_it() {
        let r = sio();
        let m = HeadingMatcher::new(&r);
        let mut texts: Vec<String> = vec![
            "B1.1".into(),
            "B1.1, B1.4".into(),
            "X".into(),
            "Production de services".into(),
            "- Recenser les éléments\n- Gérer les sauvegardes".into(),
            "B1.4.1 Analyser les objectifs B1.4.2 Planifier les activités".into(),
            "Gérer le patrimoine infromatique".into(),
            String::new(),
        ];
        for c in &r.competences {
            texts.push(c.title.clone());
            texts.push(format!("{}\n{}", c.code, c.title));
            let all: Vec<&str> = c.activities().map(|a| a.text.as_str()).collect();
            texts.push(all.join("\n"));
        }
        for t in &texts {
            let direct = m.classify_text(t);
            assert_eq!(m.classify(t), direct, "{t:?}");
            assert_eq!(m.classify(t), direct, "{t:?} (memo)");
        }
    }

    #[test]
    fn tolerant_matching_table() {
        let r = sio();
        let m = HeadingMatcher::new(&r);
        let table: &[(&str, Target)] = &[
            ("Gérer le patrimoine informatique", comp("B1.1")),
            ("GERER LE PATRIMOINE INFORMATIQUE", comp("B1.1")),
            ("gérer le patrimoine\ninformatique.", comp("B1.1")),
            ("Gérer  le patrimoine informatique ", comp("B1.1")),
            (
                "\u{200b}Gérer\u{a0}le patrimoine informatique",
                comp("B1.1"),
            ),
            ("B1.1 - Gérer le patrimoine informatique", comp("B1.1")),
            ("B1.1 : Gérer le patrimoine informatique", comp("B1.1")),
            ("B1.3", comp("B1.3")),
            ("Gérer le patrimoine informatique (B1.1)", comp("B1.1")),
            ("Gérer des sauvegardes – B1.1.5", act("B1.1.5")),
            (
                "Compétence B1.1 : Gérer le patrimoine informatique",
                comp("B1.1"),
            ),
            ("COMPÉTENCE 4 : TRAVAILLER EN MODE PROJET", comp("B1.4")),
            ("b1.3.", comp("B1.3")),
            (
                "Répondre aux incidents et aux demandes d’assistance et d’évolution",
                comp("B1.2"),
            ),
            (
                "Répondre aux incidents et aux demandes d'assistance et d'évolution",
                comp("B1.2"),
            ),
            (
                "Développer la présence en ligne de l’organisation",
                comp("B1.3"),
            ),
            // Typos.
            ("Gérer le patrimoine informatiqe", comp("B1.1")),
            ("Gérer le patrimoine infromatique", comp("B1.1")),
            ("Travailer en mode projet", comp("B1.4")),
            ("Organiser son dévelopement profesionnel", comp("B1.6")),
            (
                "Mettre a disposition des utilisateur un service informatique",
                comp("B1.5"),
            ),
            // Activities.
            ("Gérer des sauvegardes", act("B1.1.5")),
            ("▸Gérer des sauvegardes", act("B1.1.5")),
            ("B1.1.5", act("B1.1.5")),
            ("Collecter, suivre et orienter des demandes", act("B1.2.1")),
            ("Planifier les activités", act("B1.4.2")),
            // The official heading cell: title and its activity lines.
            (
                "Gérer le patrimoine informatique\n▸Recenser et identifier les ressources numériques \n▸Gérer des sauvegardes",
                comp("B1.1"),
            ),
            // 2011 referential.
            ("A1.1.1", Target::Outdated("A1.1.1".into())),
            ("A5.2.4", Target::Outdated("A5.2.4".into())),
            (
                "Analyse du cahier des charges d'un service à produire",
                Target::Outdated("A1.1.1".into()),
            ),
            (
                "A1.1.1 Analyse du cahier des charges d'un service à produire",
                Target::Outdated("A1.1.1".into()),
            ),
            (
                "Gestion du patrimoine informatique",
                Target::Outdated("Gestion du patrimoine informatique".into()),
            ),
            ("Veille technologique", Target::Outdated("A5.2.2".into())),
        ];
        for (text, expected) in table {
            assert_eq!(&m.find(text).target, expected, "{text:?}");
        }
    }

    #[test]
    fn unknown_headings_get_a_suggestion() {
        let r = sio();
        let m = HeadingMatcher::new(&r);
        let found = m.find("Cybersécurité des services informatiques");
        assert_eq!(found.target, Target::Unknown);
        assert!(found.suggestion.is_some());
        // A heading cut short at a word is its competence; one that goes astray is not.
        assert_eq!(
            m.find("Organiser son développement").target,
            Target::Competence("B1.6".into())
        );
        let found = m.find("Organiser son développement durable");
        assert_eq!(found.target, Target::Unknown);
        assert_eq!(
            found.suggestion.as_deref(),
            Some("Organiser son développement professionnel")
        );
        assert_eq!(m.find("B1.7").target, Target::Unknown);
        assert_eq!(m.exact("Période"), None);
        assert_eq!(m.exact("Projet GLPI (B1.1)"), None);
        assert_eq!(m.exact("Compétence 2"), None);
    }

    #[test]
    fn typo_threshold_never_confuses_two_official_texts() {
        // Every official text matched fuzzily against the matcher without itself must not
        // land on another official text.
        let r = sio();
        let m = HeadingMatcher::new(&r);
        for e in &m.index.entries {
            let others: Vec<&Entry> = m
                .index
                .entries
                .iter()
                .filter(|o| o.target != e.target)
                .collect();
            for o in others {
                let d = strsim::levenshtein(&e.key, &o.key);
                let allowed = (e.chars.max(o.chars) * 15 / 100).max(1);
                assert!(
                    d > allowed
                        || matches!(e.target, Target::Outdated(_))
                        || matches!(o.target, Target::Outdated(_)),
                    "{} ~ {} ({d} edits)",
                    e.key,
                    o.key
                );
            }
        }
        // « Exploiter des référentiels… » (B1.1.2) and its 2011 twin « Exploitation des
        // référentiels… » (A5.2.1) stay apart, typos included.
        assert_eq!(
            m.find("Exploiter des référentiels, normes et standard adoptés par le prestataire informatique").target,
            act("B1.1.2")
        );
        assert_eq!(
            m.find("Exploitation des referentiels normes et standards adoptes par le prestataire informatique").target,
            Target::Outdated("A5.2.1".into())
        );
    }

    #[test]
    fn activity_blocks_name_their_competence() {
        let r = sio();
        let m = HeadingMatcher::new(&r);
        let block = "▸Collecter, suivre et orienter des demandes \n▸Traiter des demandes concernant les services réseau et système, applicatifs\n▸Traiter des demandes concernant les applications";
        assert_eq!(m.activity_block(block).as_deref(), Some("B1.2"));
        assert_eq!(m.exact(block), None);
        assert_eq!(m.activity_block("Gérer des sauvegardes"), None);
    }

    #[test]
    fn codes_are_split_from_their_text() {
        assert_eq!(split_code("B1.1 - Gérer"), Some(("B1.1", "Gérer")));
        assert_eq!(
            split_code("B1.2 : Gérer des sauvegardes"),
            Some(("B1.2", "Gérer des sauvegardes"))
        );
        assert_eq!(split_code("B1.3."), Some(("B1.3", "")));
        assert_eq!(split_code("Gérer"), None);
        assert_eq!(split_code("TP GLPI"), None);
    }

    #[test]
    fn a_heading_cut_short_at_a_word_is_its_competence() {
        let r = crate::referential::embedded::get("bts-sio-b1").unwrap();
        let m = HeadingMatcher::new(&r);
        let b12 = Target::Competence("B1.2".into());
        assert_eq!(m.find("Répondre aux incidents").target, b12);
        assert_eq!(
            m.find("Mettre à disposition des utilisateurs").target,
            Target::Competence("B1.5".into())
        );
        // Too short, or cut inside a word: no reading.
        assert_eq!(m.find("Répondre aux").target, Target::Unknown);
        assert_eq!(m.find("Répondre aux incid").target, Target::Unknown);
        assert!(is_2011_code("A1.1.1"));
        assert!(is_2011_code("C1.1.1.1"));
        assert!(!is_2011_code("B1.1"));
    }
}
