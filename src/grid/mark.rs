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
use crate::text::clean;
use crate::workbook::Value;

/// Texts that mean *yes* once trimmed and lower-cased.
/// (« vrai »: how French Excel shows a boolean TRUE typed as text.)
const YES: &[&str] = &["x", "✓", "✔", "☑", "☒", "oui", "1", "true", "vrai"];

/// Whether a text alone means *yes* (`X`, `x`, `✓`, `oui`, `1`, TRUE…).
pub fn is_yes(text: &str) -> bool {
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
            Some(match matcher.exact(&t) {
                Some(Target::Activity(code)) => MarkValue::Activity(code),
                Some(Target::Competence(code)) => MarkValue::Competence(code),
                _ => MarkValue::Invalid,
            })
        }
        _ => Some(MarkValue::Invalid),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
        for invalid in ["XX", "non", "?", "voir annexe", "0"] {
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
