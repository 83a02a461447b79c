//! A fast [`crate::text::match_key`]: the same key, computed char by char with a table for Latin letters.
//!
//! `match_key` runs a Unicode NFD iterator (≈ 10 µs for a réalisation title); extraction keys
//! every text cell of a sheet, so it uses this instead. Dropping every combining mark makes
//! NFD per character equal to NFD of the whole string (only the order of combining marks
//! differs), hence the same result — checked by a test over a wide range of characters.

use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Characters covered by the table (ASCII, Latin-1, Latin Extended-A).
const TABLE_END: u32 = 0x180;

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

/// What `match_key` makes of one character before folding spaces (`' '` for a separator).
fn slow_char(c: char, out: &mut String) {
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

fn table() -> &'static [String] {
    static TABLE: OnceLock<Vec<String>> = OnceLock::new();
    TABLE.get_or_init(|| {
        (0..TABLE_END)
            .map(|u| {
                let mut s = String::new();
                if let Some(c) = char::from_u32(u) {
                    slow_char(c, &mut s);
                }
                s
            })
            .collect()
    })
}

/// The same string as [`crate::text::match_key`], faster.
pub(crate) fn key(s: &str) -> String {
    let table = table();
    let mut out = String::with_capacity(s.len());
    let mut pending = false;
    let mut buf = String::new();
    for c in s.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                if pending {
                    out.push(' ');
                    pending = false;
                }
                out.push(c.to_ascii_lowercase());
            } else {
                pending = !out.is_empty();
            }
            continue;
        }
        let mapped: &str = if (c as u32) < TABLE_END {
            &table[c as usize]
        } else if is_invisible(c) || is_combining_mark(c) {
            ""
        } else if !c.is_alphanumeric() {
            " "
        } else {
            buf.clear();
            slow_char(c, &mut buf);
            &buf
        };
        for m in mapped.chars() {
            if m == ' ' {
                pending = !out.is_empty();
            } else {
                if pending {
                    out.push(' ');
                    pending = false;
                }
                out.push(m);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::match_key;

    #[test]
    fn same_key_as_match_key() {
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
            assert_eq!(key(s), match_key(s), "{s:?}");
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
                assert_eq!(key(&s), match_key(&s), "U+{u:04X}");
            }
        }
    }
}
