//! Names of the corrected grids written in `corriges/`: derived from names candidates chose,
//! so they must be made safe (no separators, no control characters, no `..`, no name Windows
//! reserves) and unique (two candidates both hand in « Tableau de synthèse.xlsx »).

use std::collections::HashSet;

/// Longest name kept, in characters, before the extension (well under every file system's
/// limit, and short enough for a hyperlink in the summary).
const MAX_CHARS: usize = 100;

/// Names Windows refuses whatever their extension.
const RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// A file name (without extension) that is safe on every system and inside a hyperlink:
/// separators, control characters and `\ / : * ? " < > | # %` become `_`, leading dots and
/// trailing dots or spaces go, the text is NFC and at most 100 characters.
///
/// ```
/// use grille::batch::names::safe_stem;
/// assert_eq!(safe_stem("../../etc/passwd"), "_.._etc_passwd");
/// assert_eq!(safe_stem("Jeanne DUPONT - Tableau de synthèse"), "Jeanne DUPONT - Tableau de synthèse");
/// assert_eq!(safe_stem("CON"), "_CON");
/// assert_eq!(safe_stem(""), "grille");
/// ```
pub fn safe_stem(raw: &str) -> String {
    let nfc = crate::text::nfc(raw);
    let replaced: String = nfc
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' | '#' | '%' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    let folded = crate::text::clean(&replaced);
    let trimmed = folded.trim_start_matches('.');
    let mut out: String = trimmed.chars().take(MAX_CHARS).collect();
    while out.ends_with(['.', ' ']) {
        out.pop();
    }
    // `..` anywhere is harmless once separators are gone, but a name that is only dots is not.
    if out.is_empty() {
        return "grille".to_string();
    }
    let lower = out.to_lowercase();
    let base = lower.split('.').next().unwrap_or_default();
    if RESERVED.contains(&base) {
        out.insert(0, '_');
    }
    out
}

/// Hands out unique file names, case-insensitively (macOS and Windows folders ignore case):
/// the second « Tableau.xlsx » becomes « Tableau (2).xlsx ».
#[derive(Debug, Default)]
pub struct UniqueNames {
    taken: HashSet<String>,
}

impl UniqueNames {
    /// A unique, safe `stem.ext` for `raw`.
    ///
    /// ```
    /// let mut names = grille::batch::names::UniqueNames::default();
    /// assert_eq!(names.claim("Tableau", "xlsx"), "Tableau.xlsx");
    /// assert_eq!(names.claim("tableau", "xlsx"), "tableau (2).xlsx");
    /// ```
    pub fn claim(&mut self, raw: &str, ext: &str) -> String {
        let stem = safe_stem(raw);
        let mut n = 1usize;
        loop {
            let candidate = if n == 1 {
                format!("{stem}.{ext}")
            } else {
                format!("{stem} ({n}).{ext}")
            };
            if self.taken.insert(candidate.to_lowercase()) {
                return candidate;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_names_become_plain_file_names() {
        for raw in [
            "..",
            "...",
            "/",
            "a/../../b",
            "C:\\Windows\\x",
            "\u{0}\u{1b}[31m",
            "lpt1.txt",
        ] {
            let s = safe_stem(raw);
            assert!(!s.contains(['/', '\\', ':']), "{raw:?} -> {s:?}");
            assert!(!s.starts_with('.'), "{raw:?} -> {s:?}");
            assert!(!s.chars().any(char::is_control), "{raw:?} -> {s:?}");
            assert!(!s.is_empty());
        }
        assert_eq!(safe_stem("lpt1.txt"), "_lpt1.txt");
    }

    #[test]
    fn decomposed_accents_are_composed_and_long_names_cut() {
        assert_eq!(safe_stem("Ele\u{301}onore"), "Eléonore");
        let long = "é".repeat(300);
        assert_eq!(safe_stem(&long).chars().count(), 100);
    }

    #[test]
    fn collisions_get_a_number() {
        let mut names = UniqueNames::default();
        assert_eq!(names.claim("a", "xlsx"), "a.xlsx");
        assert_eq!(names.claim("A", "xlsx"), "A (2).xlsx");
        assert_eq!(names.claim("a", "xlsx"), "a (3).xlsx");
        assert_eq!(names.claim("a (2)", "xlsx"), "a (2) (2).xlsx");
    }
}
