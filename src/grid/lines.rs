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
pub(super) const MAX_LINES: usize = 24;

/// The most consecutive lines one text is broken over.
pub(super) const MAX_JOINED: usize = 4;

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
    if split_code(rest).is_some() {
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

/// A leading code and the text after it: « B1.1 - Gérer… » → (« B1.1 », « Gérer… »).
pub fn split_code(text: &str) -> Option<(&str, &str)> {
    let text = text.trim_start();
    let end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.'))
        .unwrap_or(text.len());
    let token = &text[..end];
    let letters = token.chars().take_while(char::is_ascii_alphabetic).count();
    if !(1..=2).contains(&letters) {
        return None;
    }
    let digits = &token[letters..];
    let digits = digits.trim_end_matches('.');
    if digits.is_empty()
        || !digits.starts_with(|c: char| c.is_ascii_digit())
        || !digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        || digits.contains("..")
    {
        return None;
    }
    let code = &token[..letters + digits.len()];
    let rest = text[end..].trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '-' | '–' | '—' | ':' | '.' | ')' | '/' | '\u{a0}')
    });
    Some((code, rest))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::heading::HeadingMatcher;
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
