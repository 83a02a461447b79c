//! Text as spreadsheets and documents really hold it: non-breaking and zero-width spaces,
//! ’ or ', line breaks inside headings, random case.
//!
//! Two forms are used everywhere: [`clean`] keeps the wording (what is stored and shown) and
//! [`match_key`] erases everything that must not change a comparison.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Characters that are invisible in a cell but break naive comparisons.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

/// Trims, removes invisible characters and folds every run of whitespace (line breaks,
/// non-breaking spaces included) into one space. The wording itself is kept.
///
/// ```
/// assert_eq!(grille::text::clean("  Gérer\u{a0}des \n sauvegardes\u{200b} "), "Gérer des sauvegardes");
/// ```
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    let mut rest = s;
    loop {
        // Runs of printable ASCII are copied whole: most of a cell's text, and the per-char
        // loop made `clean` 8 % of `grille check` (callgrind).
        let run = rest
            .bytes()
            .position(|b| !(b.is_ascii() && b > b' '))
            .unwrap_or(rest.len());
        if run > 0 {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push_str(&rest[..run]);
            rest = &rest[run..];
        }
        let Some(c) = rest.chars().next() else { break };
        rest = &rest[c.len_utf8()..];
        if is_invisible(c) {
            continue;
        }
        if c.is_whitespace() {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

/// Whether a cell's text is blank once invisible characters and spaces are removed.
pub fn is_blank(s: &str) -> bool {
    s.chars().all(|c| c.is_whitespace() || is_invisible(c))
}

/// A comparison key: lower case, no accents, one apostrophe style, punctuation as spaces,
/// whitespace folded, no trailing period.
///
/// ```
/// use grille::text::match_key;
/// assert_eq!(match_key("Gérer le patrimoine  informatique."), match_key("GERER LE PATRIMOINE INFORMATIQUE"));
/// assert_eq!(match_key("l’organisation"), match_key("l'organisation"));
/// ```
pub fn match_key(s: &str) -> String {
    let mut folded = String::with_capacity(s.len());
    for c in s.nfd() {
        if is_combining_mark(c) || is_invisible(c) {
            continue;
        }
        match c {
            'œ' | 'Œ' => folded.push_str("oe"),
            'æ' | 'Æ' => folded.push_str("ae"),
            'ß' => folded.push_str("ss"),
            c if c.is_alphanumeric() => folded.extend(c.to_lowercase()),
            _ => folded.push(' '),
        }
    }
    clean(&folded)
}

/// Unicode NFC, for names that macOS archives store decomposed.
pub fn nfc(s: &str) -> String {
    s.nfc().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `clean` as it was written first, char by char: the fast one must give the same text.
    fn clean_reference(s: &str) -> String {
        let mut out = String::new();
        let mut pending_space = false;
        for c in s.chars().filter(|c| !is_invisible(*c)) {
            if c.is_whitespace() {
                pending_space = !out.is_empty();
            } else {
                if pending_space {
                    out.push(' ');
                    pending_space = false;
                }
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn clean_matches_the_char_by_char_definition() {
        for u in (0u32..0x3100).chain(0xFE00..0xFF10) {
            let Some(c) = char::from_u32(u) else { continue };
            for s in [
                format!("{c}"),
                format!(" a{c}b {c}"),
                format!("{c}{c} x  y{c}\n"),
                format!("\u{200b}{c}\u{a0}z\t"),
            ] {
                assert_eq!(clean(&s), clean_reference(&s), "U+{u:04X}");
            }
        }
    }

    #[test]
    fn clean_folds_and_keeps_wording() {
        assert_eq!(
            clean("\u{feff}Développer la présence\r\nen ligne"),
            "Développer la présence en ligne"
        );
        assert_eq!(clean("   "), "");
        assert!(is_blank(" \u{a0}\u{200b}\t"));
        assert!(!is_blank(" x "));
    }

    #[test]
    fn match_key_erases_noise() {
        assert_eq!(match_key("Mettre en œuvre"), "mettre en oeuvre");
        assert_eq!(match_key("B1.1 - Gérer"), "b1 1 gerer");
        assert_eq!(match_key("N° candidat :"), "n candidat");
        assert_eq!(nfc("e\u{301}"), "é");
    }
}
