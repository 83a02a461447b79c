//! What a mark cell means (design.md, « Marks that mean yes »).
//!
//! ```
//! use grille::grid::mark::read_mark;
//! use grille::grid::MarkValue;
//! use grille::workbook::Value;
//! let r = grille::referential::embedded::get("bts-sio-b1").unwrap();
//! let m = grille::grid::heading::HeadingMatcher::new(&r);
//! assert_eq!(read_mark(&Value::Text(" X ".into()), &m), Some(MarkValue::Yes));
//! assert_eq!(read_mark(&Value::Text("   ".into()), &m), None);
//! assert_eq!(read_mark(&Value::Text("B1.6.4".into()), &m), Some(MarkValue::Activity("B1.6.4".into())));
//! ```

use super::MarkValue;
use super::Target;
use super::heading::HeadingMatcher;
use crate::text::{clean, is_visible};
use crate::workbook::Value;

/// Texts that mean *yes* once trimmed and lower-cased.
/// (« vrai »: how French Excel shows a boolean TRUE typed as text.)
const YES: &[&str] = &["x", "✓", "✔", "☑", "☒", "oui", "1", "true", "vrai"];

/// Characters of the longest [`YES`].
const YES_CHARS: usize = 4;

/// Whether a text alone means *yes* (`X`, `x`, `✓`, `oui`, `1`, TRUE…).
pub fn is_yes(text: &str) -> bool {
    // Every yes is one word of at most four characters; lower-casing never drops one, and
    // cleaning keeps every visible one. Most mark cells that are not yes are longer (codes,
    // words): they are told without being cleaned and lower-cased (callgrind: 1.5 % of a check).
    if text
        .chars()
        .filter(|c| is_visible(*c))
        .nth(YES_CHARS)
        .is_some()
    {
        return false;
    }
    let t = clean(text).to_lowercase();
    YES.contains(&t.as_str())
}

/// The meaning of a cell under a mark heading; `None` when the cell is blank (empty or
/// whitespace only), which is no mark at all.
pub fn read_mark(value: &Value, matcher: &HeadingMatcher<'_>) -> Option<MarkValue> {
    match value {
        Value::Bool(true) => Some(MarkValue::Yes),
        Value::Number(n) if *n == 1.0 => Some(MarkValue::Yes),
        Value::Text(s) => {
            let t = clean(s);
            if t.is_empty() {
                return None;
            }
            if is_yes(&t) {
                return Some(MarkValue::Yes);
            }
            if let Some(code) = spelled_code(&t) {
                if is_bloc(&code, matcher) {
                    return Some(MarkValue::Yes);
                }
                match matcher.code(&code) {
                    Some(Target::Activity(code)) => return Some(MarkValue::Activity(code)),
                    Some(Target::Competence(code)) => return Some(MarkValue::Competence(code)),
                    _ => {}
                }
            }
            if let Some(value) = codes(&t, matcher) {
                return Some(value);
            }
            Some(match matcher.exact(&t) {
                Some(Target::Activity(code)) => MarkValue::Activity(code),
                Some(Target::Competence(code)) => MarkValue::Competence(code),
                _ => MarkValue::Invalid,
            })
        }
        _ => Some(MarkValue::Invalid),
    }
}

/// A code as students spell it in a mark cell, in the referential's spelling: « B.1.2.1 »,
/// « B1-2 », « B 1-2-3 », « b1_2 » → « B1.2.1 », « B1.2 », « B1.2.3 », « B1.2 ». `None` for
/// anything that is not letters then numbers with separators.
pub fn spelled_code(text: &str) -> Option<String> {
    let t = text.trim().trim_end_matches(['.', ')', ':']);
    let letters: String = t.chars().take_while(char::is_ascii_alphabetic).collect();
    if !(1..=2).contains(&letters.len()) {
        return None;
    }
    let mut code = letters.to_ascii_uppercase();
    let mut groups = 0;
    let mut in_digits = false;
    let mut separated = true;
    for c in t[letters.len()..].chars() {
        if c.is_ascii_digit() {
            if !in_digits {
                if !separated && groups > 0 {
                    return None;
                }
                if groups > 0 {
                    code.push('.');
                }
                groups += 1;
                in_digits = true;
            }
            code.push(c);
            separated = false;
        } else if matches!(c, '.' | '-' | '–' | '_' | ' ' | '\u{a0}') {
            in_digits = false;
            separated = true;
        } else {
            return None;
        }
    }
    (groups > 0 && groups <= 4).then_some(code)
}

/// A cell of several codes or a mark and codes (« B1.1.1, B1.1.5 », « X (B1.1.5) »,
/// « x – B1.2.1 / B1.2.3 »): each part must be a mark or a known code, else `None`. A cell
/// has one meaning: its first activity, else its first competence, else a plain mark.
fn codes(text: &str, matcher: &HeadingMatcher<'_>) -> Option<MarkValue> {
    let text = match text.split_once([' ', '(', '-', '–', ':']) {
        Some((first, rest)) if is_yes(first) => rest,
        _ => text,
    };
    let mut found: Vec<MarkValue> = Vec::new();
    for part in text.split([',', ';', '/', '+', '&', '(', ')', '\n']) {
        for part in part.split(" et ") {
            let part = part.trim_matches(|c: char| c.is_whitespace() || matches!(c, '-' | '–'));
            if part.is_empty() {
                continue;
            }
            if is_yes(part) {
                found.push(MarkValue::Yes);
                continue;
            }
            let code = spelled_code(part)?;
            found.push(if is_bloc(&code, matcher) {
                MarkValue::Yes
            } else {
                match matcher.code(&code)? {
                    Target::Activity(a) => MarkValue::Activity(a),
                    Target::Competence(c) => MarkValue::Competence(c),
                    _ => return None,
                }
            });
        }
    }
    let first = |f: fn(&MarkValue) -> bool| found.iter().find(|v| f(v)).cloned();
    first(|v| matches!(v, MarkValue::Activity(_)))
        .or_else(|| first(|v| matches!(v, MarkValue::Competence(_))))
        .or_else(|| first(|v| *v == MarkValue::Yes))
}

/// Whether a code names the whole bloc the competences belong to (« B1 » for B1.1 … B1.6):
/// written in a competence's cell, it marks it.
fn is_bloc(code: &str, matcher: &HeadingMatcher<'_>) -> bool {
    let competences = &matcher.referential().competences;
    !competences.is_empty()
        && competences.iter().all(|c| {
            c.code
                .strip_prefix(code)
                .is_some_and(|rest| rest.starts_with('.'))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_length_filter_of_yes_is_exact() {
        assert!(YES.iter().all(|y| y.chars().count() <= YES_CHARS));
        // Visible characters count, spaces and invisible ones do not.
        assert!(is_yes(" \u{200b}VRAI\u{a0}\u{feff} "));
        assert!(is_yes("x\u{200b}\u{200b}\u{200b}\u{200b}\u{200b}"));
        assert!(!is_yes("vraie"));
        assert!(!is_yes("o u i"));
    }
    use crate::referential::embedded;

    #[test]
    fn marks_table() {
        let r = embedded::get("bts-sio-b1").expect("embedded");
        let m = HeadingMatcher::new(&r);
        let text = |s: &str| Value::Text(s.into());
        for yes in [
            "X",
            "x",
            " X ",
            "X ",
            "✓",
            "✔",
            "☑",
            "☒",
            "oui",
            "OUI",
            "1",
            "TRUE",
            "\u{a0}x\u{200b}",
        ] {
            assert_eq!(read_mark(&text(yes), &m), Some(MarkValue::Yes), "{yes:?}");
        }
        assert_eq!(read_mark(&Value::Bool(true), &m), Some(MarkValue::Yes));
        assert_eq!(read_mark(&Value::Number(1.0), &m), Some(MarkValue::Yes));
        for blank in ["", " ", "   ", "\u{a0}", "\n"] {
            assert_eq!(read_mark(&text(blank), &m), None, "{blank:?}");
        }
        assert_eq!(
            read_mark(&text("B1.6.4"), &m),
            Some(MarkValue::Activity("B1.6.4".into()))
        );
        assert_eq!(
            read_mark(&text("Gérer des sauvegardes"), &m),
            Some(MarkValue::Activity("B1.1.5".into()))
        );
        assert_eq!(
            read_mark(&text("B1.2"), &m),
            Some(MarkValue::Competence("B1.2".into()))
        );
        for (spelled, code) in [
            ("B.1.2.1", "B1.2.1"),
            ("B 1-2-3", "B1.2.3"),
            ("b1.1.5", "B1.1.5"),
            ("B1-6-4.", "B1.6.4"),
        ] {
            assert_eq!(
                read_mark(&text(spelled), &m),
                Some(MarkValue::Activity(code.into())),
                "{spelled:?}"
            );
        }
        assert_eq!(
            read_mark(&text("B1-2"), &m),
            Some(MarkValue::Competence("B1.2".into()))
        );
        assert_eq!(read_mark(&text("B1"), &m), Some(MarkValue::Yes));
        for (several, code) in [
            ("B1.1.1, B1.1.5", "B1.1.1"),
            ("X (B1.1.5)", "B1.1.5"),
            ("x – B1.2 / B1.2.3", "B1.2.3"),
            ("B1.4.1 et B1.4.2", "B1.4.1"),
        ] {
            assert_eq!(
                read_mark(&text(several), &m),
                Some(MarkValue::Activity(code.into())),
                "{several:?}"
            );
        }
        assert_eq!(read_mark(&text("X, B1"), &m), Some(MarkValue::Yes));
        assert_eq!(
            read_mark(&text("X voir annexe"), &m),
            Some(MarkValue::Invalid)
        );
        assert_eq!(
            read_mark(&text("B1.1.1, peut-être"), &m),
            Some(MarkValue::Invalid)
        );
        assert_eq!(spelled_code("B1 2"), Some("B1.2".into()));
        assert_eq!(spelled_code("B12a"), None);
        for invalid in [
            "XX",
            "non",
            "?",
            "voir annexe",
            "0",
            "B2",
            "B1.9",
            "B1.1.99",
        ] {
            assert_eq!(
                read_mark(&text(invalid), &m),
                Some(MarkValue::Invalid),
                "{invalid:?}"
            );
        }
        assert_eq!(read_mark(&Value::Bool(false), &m), Some(MarkValue::Invalid));
        assert_eq!(read_mark(&Value::Number(2.0), &m), Some(MarkValue::Invalid));
    }
}
