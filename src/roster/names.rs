//! Safe names for what grille writes from a roster: one file per candidate
//! (`2026_SISR_DUPONT_Jeanne_0212345678.xlsx`) or one sheet per candidate.
//!
//! A roster is data typed by people: a name may hold `/`, `..`, `:`, control characters or
//! be a Windows device name. A file name built from it must stay inside the output folder
//! and be valid on Windows, macOS and Linux; accents are kept (NFC, so that macOS and Windows
//! agree on them).
//!
//! ```
//! use grille::output::names::FileNames;
//! use grille::roster::names::file_stem;
//! let stem = file_stem("2026", Some("SISR"), "DUPONT", "Jeanne", "0212345678");
//! assert_eq!(stem, "2026_SISR_DUPONT_Jeanne_0212345678");
//! let hostile = file_stem("2026", None, "../../etc/passwd", "", "12");
//! assert_eq!(hostile, "2026_etc-passwd_12");
//! let mut names = FileNames::default();
//! assert_eq!(names.claim(&stem, "xlsx"), "2026_SISR_DUPONT_Jeanne_0212345678.xlsx");
//! assert_eq!(names.claim(&stem, "xlsx"), "2026_SISR_DUPONT_Jeanne_0212345678_2.xlsx");
//! ```

#[cfg(test)]
use crate::output::names::FileNames;
use crate::output::names::safe_stem;
use crate::text::nfc;

/// One part of a file name: letters (accents kept), digits, `-` and `'`; everything else
/// (separators, `.`, `_`, spaces, `:` `*` `?` `"` `<` `>` `|`, control characters) becomes
/// one `-`; at most `max` characters; empty when nothing usable is left.
///
/// ```
/// use grille::roster::names::safe_component;
/// assert_eq!(safe_component("Jean Pierre", 30), "Jean-Pierre");
/// assert_eq!(safe_component("a/b\\c:d\u{0}e", 30), "a-b-c-d-e");
/// assert_eq!(safe_component("..", 30), "");
/// ```
pub fn safe_component(text: &str, max: usize) -> String {
    let mut out = String::new();
    for c in nfc(text).chars() {
        let keep = c.is_alphanumeric() || c == '\'' || c == '’';
        if keep {
            out.push(c);
        } else if !c.is_control() || c.is_whitespace() {
            if !out.ends_with('-') {
                out.push('-');
            }
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let trimmed: String = out.trim_matches('-').chars().take(max).collect();
    trimmed.trim_end_matches('-').to_string()
}

/// The stem of a candidate's file: `SESSION_OPTION_NOM_Prénom_NUMÉRO`, empty parts left out,
/// each part as given (the caller capitalises the family name when it knows it). Never
/// empty, never a Windows device name.
pub fn file_stem(
    session: &str,
    option: Option<&str>,
    name: &str,
    first_name: &str,
    number: &str,
) -> String {
    let parts = [
        safe_component(session, 20),
        option.map(|o| safe_component(o, 12)).unwrap_or_default(),
        safe_component(name, 40),
        safe_component(first_name, 30),
        safe_component(number, 24),
    ];
    let stem = parts
        .iter()
        .filter(|p| !p.is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join("_");
    safe_stem(&stem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_names_stay_plain_file_names() {
        for (name, first) in [
            ("../../etc/passwd", ""),
            ("a/b", "c\\d"),
            ("C:", "x"),
            ("NUL", ""),
            ("\u{1}\u{1b}[31m", "\n\t"),
            ("..", ".."),
            ("<>|?*\"", ""),
        ] {
            let stem = file_stem("2026", Some("SISR"), name, first, "01");
            let file = FileNames::default().claim(&stem, "xlsx");
            assert!(
                !file.contains(['/', '\\', ':', '<', '>', '|', '?', '*', '"']),
                "{file}"
            );
            assert!(!file.contains(".."), "{file}");
            assert!(!file.chars().any(char::is_control), "{file}");
            assert!(file.starts_with("2026_SISR_"), "{file}");
        }
        assert_eq!(file_stem("2026", None, "NUL", "", ""), "2026_NUL");
        assert_eq!(safe_stem("nul"), "_nul");
        assert_eq!(safe_stem("COM1.tar"), "_COM1.tar");
        assert_eq!(safe_stem(""), "grille");
    }

    #[test]
    fn accents_are_kept_and_length_is_bounded() {
        assert_eq!(
            file_stem("2026", Some("SLAM"), "LEFÈVRE", "Hélène", "0212345678"),
            "2026_SLAM_LEFÈVRE_Hélène_0212345678"
        );
        // Decomposed input (macOS) comes out composed.
        assert_eq!(safe_component("He\u{301}le\u{300}ne", 30), "Hélène");
        let long = "A".repeat(500);
        let stem = file_stem("2026", Some("SISR"), &long, &long, &long);
        assert!(stem.chars().count() <= crate::output::names::MAX_STEM);
    }

    #[test]
    fn collisions_ignore_case() {
        let mut names = FileNames::default();
        assert_eq!(names.claim("2026_A", "xlsx"), "2026_A.xlsx");
        assert_eq!(names.claim("2026_a", "xlsx"), "2026_a_2.xlsx");
        assert_eq!(names.claim("2026_A", "xlsx"), "2026_A_3.xlsx");
    }
}
