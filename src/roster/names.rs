//! Safe names for what grille writes from a roster: one file per candidate
//! (`2026_SISR_DUPONT_Jeanne_0212345678.xlsx`) or one sheet per candidate.
//!
//! A roster is data typed by people: a name may hold `/`, `..`, `:`, control characters or
//! be a Windows device name. A file name built from it must stay inside the output folder
//! and be valid on Windows, macOS and Linux; accents are kept (NFC, so that macOS and Windows
//! agree on them).
//!
//! ```
//! use grille::roster::names::{FileNames, file_stem};
//! let stem = file_stem("2026", Some("SISR"), "DUPONT", "Jeanne", "0212345678");
//! assert_eq!(stem, "2026_SISR_DUPONT_Jeanne_0212345678");
//! let hostile = file_stem("2026", None, "../../etc/passwd", "", "12");
//! assert_eq!(hostile, "2026_etc-passwd_12");
//! let mut names = FileNames::default();
//! assert_eq!(names.claim(&stem, "xlsx"), "2026_SISR_DUPONT_Jeanne_0212345678.xlsx");
//! assert_eq!(names.claim(&stem, "xlsx"), "2026_SISR_DUPONT_Jeanne_0212345678_2.xlsx");
//! ```

use std::collections::BTreeSet;

use crate::text::nfc;

/// Longest file stem written (in characters), well under every file system's limit even
/// with accents (255 bytes).
pub const MAX_STEM: usize = 120;

/// Device names Windows refuses as file names, whatever the extension.
const RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

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

/// Bounds a stem's length and keeps it off Windows device names.
pub fn safe_stem(stem: &str) -> String {
    let mut stem: String = stem.chars().take(MAX_STEM).collect();
    stem = stem.trim_end_matches(['-', '_', '.', ' ']).to_string();
    if stem.is_empty() {
        stem = "grille".into();
    }
    let base = stem.split('.').next().unwrap_or("").to_ascii_uppercase();
    if RESERVED.contains(&base.as_str()) {
        stem.insert(0, '_');
    }
    stem
}

/// File names claimed so far in one output folder: a second identical stem (compared
/// without case, as Windows and macOS do) gets `_2`, `_3`…
#[derive(Debug, Default)]
pub struct FileNames {
    seen: BTreeSet<String>,
}

impl FileNames {
    /// A unique `stem.ext` (the stem made safe first).
    pub fn claim(&mut self, stem: &str, ext: &str) -> String {
        let stem = safe_stem(stem);
        let mut candidate = format!("{stem}.{ext}");
        let mut n = 2;
        while !self.seen.insert(candidate.to_lowercase()) {
            candidate = format!("{stem}_{n}.{ext}");
            n += 1;
        }
        candidate
    }
}

/// Sheet names claimed so far in one workbook: at most 31 characters, none of `[]:*?/\`,
/// no leading or trailing apostrophe, not « History » (reserved by Excel), unique without
/// case (` (2)`, ` (3)`…).
#[derive(Debug, Default)]
pub struct SheetNames {
    seen: BTreeSet<String>,
}

impl SheetNames {
    pub fn claim(&mut self, wanted: &str) -> String {
        let cleaned: String = nfc(wanted)
            .chars()
            .filter(|c| !c.is_control())
            .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
            .collect();
        let mut base: String = crate::text::clean(&cleaned)
            .trim_matches('\'')
            .chars()
            .take(31)
            .collect();
        base = base.trim().trim_matches('\'').to_string();
        if base.is_empty() || base.eq_ignore_ascii_case("history") {
            base = format!("Candidat {base}").trim().to_string();
        }
        let mut name = base.clone();
        let mut n = 2;
        while !self.seen.insert(name.to_lowercase()) {
            let suffix = format!(" ({n})");
            let keep = 31 - suffix.chars().count();
            name = format!(
                "{}{suffix}",
                base.chars().take(keep).collect::<String>().trim_end()
            );
            n += 1;
        }
        name
    }
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
        assert!(stem.chars().count() <= MAX_STEM);
    }

    #[test]
    fn collisions_ignore_case() {
        let mut names = FileNames::default();
        assert_eq!(names.claim("2026_A", "xlsx"), "2026_A.xlsx");
        assert_eq!(names.claim("2026_a", "xlsx"), "2026_a_2.xlsx");
        assert_eq!(names.claim("2026_A", "xlsx"), "2026_A_3.xlsx");
    }

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut names = SheetNames::default();
        assert_eq!(names.claim("DUPONT Jeanne"), "DUPONT Jeanne");
        assert_eq!(names.claim("dupont jeanne"), "dupont jeanne (2)");
        assert_eq!(names.claim("a[b]:c*d?e/f\\g"), "a-b--c-d-e-f-g");
        assert_eq!(names.claim("'History'"), "Candidat History");
        let long = names.claim(&"X".repeat(40));
        assert_eq!(long.chars().count(), 31);
        let again = names.claim(&"X".repeat(40));
        assert_eq!(again, format!("{} (2)", "X".repeat(27)));
        assert_eq!(names.claim(""), "Candidat");
    }
}
