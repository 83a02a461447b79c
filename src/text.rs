//! Text as spreadsheets and documents really hold it: non-breaking and zero-width spaces,
//! ’ or ', line breaks inside headings, random case.
//!
//! Two forms are used everywhere: [`clean`] keeps the wording (what is stored and shown) and
//! [`match_key`] erases everything that must not change a comparison.

use std::sync::OnceLock;

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
            push_spaced(&mut out, &mut pending_space, c);
        }
    }
    out
}

/// Whether a character stays in [`clean`]'s text: neither whitespace nor invisible.
pub fn is_visible(c: char) -> bool {
    !c.is_whitespace() && !is_invisible(c)
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
    // Char by char, with a table for ASCII and Latin letters: the whole-string NFD iterator
    // cost ≈ 10 µs a réalisation title, and every text cell of every sheet is keyed. Dropping
    // every combining mark makes NFD per character equal to NFD of the whole string (only the
    // order of combining marks differs), hence the same key (`same_key_as_whole_string_nfd`).
    let table = fold_table();
    let mut out = String::with_capacity(s.len());
    let mut pending = false;
    let mut buf = String::new();
    for c in s.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                push_spaced(&mut out, &mut pending, c.to_ascii_lowercase());
            } else {
                pending = !out.is_empty();
            }
            continue;
        }
        let mapped: &str = if (c as u32) < FOLD_TABLE_END {
            &table[c as usize]
        } else if is_invisible(c) || is_combining_mark(c) {
            ""
        } else if !c.is_alphanumeric() {
            " "
        } else {
            buf.clear();
            fold_char(c, &mut buf);
            &buf
        };
        for m in mapped.chars() {
            if m == ' ' {
                pending = !out.is_empty();
            } else {
                push_spaced(&mut out, &mut pending, m);
            }
        }
    }
    out
}

/// Pushes `c`, after the one space a run of separators before it stands for: the space
/// folding that [`clean`] and [`match_key`] share.
#[inline]
fn push_spaced(out: &mut String, pending: &mut bool, c: char) {
    if *pending {
        out.push(' ');
        *pending = false;
    }
    out.push(c);
}

/// Characters [`fold_table`] covers (ASCII, Latin-1, Latin Extended-A).
const FOLD_TABLE_END: u32 = 0x180;

/// What [`match_key`] makes of one character before folding spaces (`' '` for a separator).
fn fold_char(c: char, out: &mut String) {
    for d in c.nfd() {
        if is_combining_mark(d) || is_invisible(d) {
            continue;
        }
        match d {
            'œ' | 'Œ' => out.push_str("oe"),
            'æ' | 'Æ' => out.push_str("ae"),
            'ß' => out.push_str("ss"),
            d if d.is_alphanumeric() => out.extend(d.to_lowercase()),
            _ => out.push(' '),
        }
    }
}

/// [`fold_char`] of every character below [`FOLD_TABLE_END`], computed once.
fn fold_table() -> &'static [String] {
    static TABLE: OnceLock<Vec<String>> = OnceLock::new();
    TABLE.get_or_init(|| {
        (0..FOLD_TABLE_END)
            .map(|u| {
                let mut s = String::new();
                if let Some(c) = char::from_u32(u) {
                    fold_char(c, &mut s);
                }
                s
            })
            .collect()
    })
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

    /// `match_key` as it was written first, NFD over the whole string then `clean`: the
    /// table-driven one must give the same key.
    fn match_key_reference(s: &str) -> String {
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

    #[test]
    fn same_key_as_whole_string_nfd() {
        let samples = [
            "Gérer le patrimoine  informatique.",
            "Répondre aux incidents et aux demandes d’assistance et d’évolution",
            "\u{feff}Mettre en œuvre\u{a0}des outils\n▸Déployer",
            "N° candidat : 0212345678",
            "  ÉLÈVE Ångström İstanbul ﬁn Ǆ ǅ ℌ Ω K Å ½ ² ",
            "e\u{301}te\u{301} cafe\u{300}\u{327}",
            "",
            "   ",
        ];
        for s in samples {
            assert_eq!(match_key(s), match_key_reference(s), "{s:?}");
        }
        // Every character up to U+3000 and some beyond, alone and between letters.
        let ranges = [
            0u32..0x3000,
            0xFB00..0xFB50,
            0xFF00..0xFF70,
            0x1D400..0x1D420,
        ];
        for range in ranges {
            for u in range {
                let Some(c) = char::from_u32(u) else { continue };
                let s = format!("a{c}b {c}");
                assert_eq!(match_key(&s), match_key_reference(&s), "U+{u:04X}");
            }
        }
    }

    #[test]
    fn same_key_as_whole_string_nfd_on_random_texts() {
        // Texts drawn from ASCII, accents (composed and combining), ligatures, invisible
        // characters, spaces and punctuation, meeting in every order.
        let alphabet: Vec<char> = "aZ09 .-’'\u{a0}\u{200b}éÉœ\u{301}ßİǅ½\n:°K"
            .chars()
            .collect();
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = (state % 24) as usize;
            let s: String = (0..len)
                .map(|k| alphabet[((state >> (k % 40)) as usize + k * 7) % alphabet.len()])
                .collect();
            assert_eq!(match_key(&s), match_key_reference(&s), "{s:?}");
        }
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
