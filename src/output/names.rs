//! Safe, unique names for what grille writes: files in an output folder (one per candidate,
//! one per corrected grid) and sheets in a workbook.
//!
//! Names come from data people typed (a roster, a file a candidate named, a sheet name): they
//! may hold `/`, `..`, `:`, control characters, decomposed accents or be a Windows device
//! name. A name built from them stays inside the output folder, is valid on Windows, macOS
//! and Linux and inside a hyperlink, and keeps its accents (NFC).

use std::collections::BTreeSet;

/// Longest file stem written, in characters: well under every file system's limit (255
/// bytes) even with accents, and short enough for a hyperlink in a summary.
pub const MAX_STEM: usize = 120;

/// Longest file stem written, in bytes: with « _99.xlsx » after it, under the 255 bytes a
/// file name may take, even in a script of three or four bytes a character.
pub const MAX_STEM_BYTES: usize = 200;

/// Longest sheet name Excel accepts, in UTF-16 units (a character outside the BMP, an emoji,
/// takes two).
pub const MAX_SHEET: usize = 31;

/// The longest start of `text` within `max` units, as `len` counts a character's units.
fn cut(text: &str, mut max: usize, len: impl Fn(char) -> usize) -> String {
    text.chars()
        .take_while(|c| match max.checked_sub(len(*c)) {
            Some(left) => {
                max = left;
                true
            }
            None => false,
        })
        .collect()
}

/// Device names Windows refuses as file names, whatever the extension.
const RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// The file's own name, without the folders or archive it came from: the full path is in
/// `rapport.jsonl`, and in the summary it only squeezed the other columns.
///
/// ```
/// use grille::output::names::file_name;
/// assert_eq!(file_name("remis.zip/Jeanne DUPONT_1_assignsubmission_file_/Tableau.xlsx"), "Tableau.xlsx");
/// assert_eq!(file_name(r"C:\classe\a.ods"), "a.ods");
/// assert_eq!(file_name("a.xlsx"), "a.xlsx");
/// ```
pub fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\'])
        .find(|part| !part.is_empty())
        .unwrap_or(path)
}

/// Bidirectional controls (U+202E RIGHT-TO-LEFT OVERRIDE and its kin): in a name they make
/// `grille\u{202e}xslx.exe` display as `grilleexe.xlsx`, so they are dropped from every name
/// grille writes.
///
/// ```
/// assert!(grille::output::names::is_bidi_control('\u{202e}'));
/// assert!(!grille::output::names::is_bidi_control('é'));
/// ```
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// A file stem (no extension) safe on every system: separators, control characters and
/// `\ / : * ? " < > | # %` become `_`, whitespace is folded, leading dots and trailing dots,
/// spaces, `-` and `_` go, the text is NFC and at most [`MAX_STEM`] characters, never empty,
/// never a Windows device name.
///
/// ```
/// use grille::output::names::safe_stem;
/// assert_eq!(safe_stem("../../etc/passwd"), "_.._etc_passwd");
/// assert_eq!(safe_stem("Jeanne DUPONT - Tableau de synthèse"), "Jeanne DUPONT - Tableau de synthèse");
/// assert_eq!(safe_stem("CON"), "_CON");
/// assert_eq!(safe_stem(""), "grille");
/// ```
pub fn safe_stem(raw: &str) -> String {
    let replaced: String = crate::text::nfc(raw)
        .chars()
        .filter(|c| !is_bidi_control(*c))
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' | '#' | '%' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    let folded = crate::text::clean(&replaced);
    let chars: String = folded
        .trim_start_matches('.')
        .chars()
        .take(MAX_STEM)
        .collect();
    let mut out = cut(&chars, MAX_STEM_BYTES, char::len_utf8);
    while out.ends_with(['.', ' ', '-', '_']) {
        out.pop();
    }
    if out.is_empty() {
        return "grille".to_string();
    }
    let lower = out.to_lowercase();
    if RESERVED.contains(&lower.split('.').next().unwrap_or_default()) {
        out.insert(0, '_');
    }
    out
}

/// File names claimed so far in one output folder: the stem is made safe, and a second
/// identical name (compared without case, as Windows and macOS do) gets `_2`, `_3`…
///
/// ```
/// let mut names = grille::output::names::FileNames::default();
/// assert_eq!(names.claim("Tableau", "xlsx"), "Tableau.xlsx");
/// assert_eq!(names.claim("tableau", "xlsx"), "tableau_2.xlsx");
/// ```
#[derive(Debug, Default)]
pub struct FileNames {
    taken: BTreeSet<String>,
}

impl FileNames {
    /// A unique, safe `stem.ext` for `raw`.
    pub fn claim(&mut self, raw: &str, ext: &str) -> String {
        let stem = safe_stem(raw);
        let mut candidate = format!("{stem}.{ext}");
        let mut n = 2;
        while !self.taken.insert(candidate.to_lowercase()) {
            candidate = format!("{stem}_{n}.{ext}");
            n += 1;
        }
        candidate
    }
}

/// Sheet names claimed so far in one workbook: at most 31 characters, none of `[]:*?/\`, no
/// control character, no leading or trailing apostrophe, not « History » (reserved by Excel),
/// unique without case (` (2)`, ` (3)`…).
///
/// ```
/// let mut names = grille::output::names::SheetNames::default();
/// assert_eq!(names.claim("Rapport"), "Rapport");
/// assert_eq!(names.claim("rapport"), "rapport (2)");
/// assert_eq!(names.claim("a/b:c"), "a_b_c");
/// ```
#[derive(Debug)]
pub struct SheetNames {
    taken: BTreeSet<String>,
}

impl Default for SheetNames {
    fn default() -> Self {
        Self {
            taken: BTreeSet::from(["history".to_string()]),
        }
    }
}

impl SheetNames {
    /// Marks a name as taken (a sheet written without `claim`).
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_lowercase());
    }

    /// A valid name close to `wanted` that no other sheet has; reserves it.
    pub fn claim(&mut self, wanted: &str) -> String {
        let replaced: String = crate::text::nfc(wanted)
            .chars()
            .filter(|c| !is_bidi_control(*c))
            .map(|c| {
                if "[]:*?/\\".contains(c) || c.is_control() {
                    '_'
                } else {
                    c
                }
            })
            .collect();
        let mut base = crate::text::clean(&replaced)
            .trim_matches('\'')
            .trim()
            .to_string();
        if base.is_empty() {
            base = "Feuille".to_string();
        }
        let mut n = 1;
        loop {
            let suffix = if n == 1 {
                String::new()
            } else {
                format!(" ({n})")
            };
            let room = MAX_SHEET - suffix.encode_utf16().count();
            let stem = cut(&base, room, char::len_utf16);
            let candidate = format!("{}{suffix}", stem.trim_end().trim_end_matches('\''));
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
    fn hostile_file_names_become_plain_names() {
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
        assert_eq!(safe_stem("grille\u{202e}xslx.exe"), "grillexslx.exe");
        assert_eq!(SheetNames::default().claim("a\u{2067}b\u{200f}"), "ab");
        assert_eq!(safe_stem("Ele\u{301}onore"), "Eléonore");
        // 120 characters at most, 200 bytes at most: « é » takes two.
        assert_eq!(safe_stem(&"e".repeat(300)).chars().count(), MAX_STEM);
        assert_eq!(
            safe_stem(&"é".repeat(300)).chars().count(),
            MAX_STEM_BYTES / 2
        );
    }

    #[test]
    fn file_collisions_get_a_number_whatever_the_case() {
        let mut names = FileNames::default();
        assert_eq!(names.claim("a", "xlsx"), "a.xlsx");
        assert_eq!(names.claim("A", "xlsx"), "A_2.xlsx");
        assert_eq!(names.claim("a", "xlsx"), "a_3.xlsx");
        assert_eq!(names.claim("a", "csv"), "a.csv");
    }

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut names = SheetNames::default();
        assert_eq!(names.claim("History"), "History (2)");
        assert_eq!(names.claim("'quoted'"), "quoted");
        assert_eq!(names.claim(""), "Feuille");
        let long = names.claim(&"x".repeat(40));
        assert_eq!(long.chars().count(), MAX_SHEET);
        let again = names.claim(&"x".repeat(40));
        assert_eq!(again, format!("{} (2)", "x".repeat(27)));
        names.reserve("Grille");
        assert_eq!(names.claim("grille"), "grille (2)");
        // Excel counts UTF-16 units: characters outside the BMP count twice.
        assert_eq!(names.claim(&"🌀".repeat(20)), "🌀".repeat(15));
        for wanted in ["🌀a® A0Aa0Aa ¡  A®ெ𝅻®ᦀΣ¡a 𞋿𑵪ࢗ", &"𝅻".repeat(40)] {
            for _ in 0..3 {
                let name = names.claim(wanted);
                assert!(
                    rust_xlsxwriter::utility::check_sheet_name(&name).is_ok(),
                    "{name}"
                );
            }
        }
    }

    #[test]
    fn long_names_in_any_script_fit_a_file_name() {
        for raw in ["漢".repeat(150), "🌀".repeat(150), "é".repeat(300)] {
            let stem = safe_stem(&raw);
            assert!(stem.len() <= MAX_STEM_BYTES, "{} bytes", stem.len());
            let mut names = FileNames::default();
            let name = names.claim(&raw, "xlsx");
            let again = names.claim(&raw, "xlsx");
            assert!(again.len() < 255, "{} bytes", again.len());
            let dir = tempfile::tempdir().unwrap();
            std::fs::write(dir.path().join(&name), b"").unwrap();
            std::fs::write(dir.path().join(&again), b"").unwrap();
        }
    }
}
