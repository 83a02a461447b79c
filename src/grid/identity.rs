//! Identity fields wherever they are: inline (« NOM et prénom : DUPONT Jeanne »), as a label
//! and a value in the next non-empty cell, the option as text or boxes (« ☒ SISR ☐ SLAM »).
//!
//! An absent field gives no [`IdentityField`]; a label with nothing after it gives one whose
//! value is `None`. Above the grid any label is recognised; inside or below it only labels
//! followed by « : » are, so that a réalisation titled « Portfolio (HTML, CSS) » stays a
//! réalisation while « Adresse Portfolio : https://… » moved under the grid is still found.

use std::collections::BTreeSet;

use super::IdentityField;
use super::cells::Cells;
use crate::model::{CellPos, IdentityKind};
use crate::text::match_key;
use unicode_normalization::char::is_combining_mark;

use crate::text::clean;
use crate::workbook::Value;

/// Labels as match keys, longest first within a kind. `strong` labels may be followed by the
/// value without a colon (« NOM et prénom DUPONT »).
const LABELS: &[(IdentityKind, &str, bool)] = &[
    (IdentityKind::Name, "nom et prenom", true),
    (IdentityKind::Name, "nom et prenoms", true),
    (IdentityKind::Name, "nom prenom", true),
    (IdentityKind::Name, "prenom et nom", true),
    (IdentityKind::Name, "prenom nom", true),
    (IdentityKind::Name, "nom du candidat", true),
    (IdentityKind::Name, "nom de l etudiant", true),
    (IdentityKind::Name, "nom", false),
    (IdentityKind::Number, "n candidat", true),
    (IdentityKind::Number, "n de candidat", true),
    (IdentityKind::Number, "n du candidat", true),
    (IdentityKind::Number, "no candidat", true),
    (IdentityKind::Number, "numero candidat", true),
    (IdentityKind::Number, "numero de candidat", true),
    (IdentityKind::Number, "numero du candidat", true),
    (IdentityKind::Number, "n d inscription", true),
    (IdentityKind::Number, "numero d inscription", true),
    (IdentityKind::Number, "candidat", false),
    (IdentityKind::School, "centre de formation", true),
    (IdentityKind::School, "etablissement de formation", true),
    (IdentityKind::School, "etablissement", false),
    (IdentityKind::Option, "option", false),
    (IdentityKind::PortfolioUrl, "adresse url du portfolio", true),
    (IdentityKind::PortfolioUrl, "adresse url portfolio", true),
    (IdentityKind::PortfolioUrl, "adresse du portfolio", true),
    (IdentityKind::PortfolioUrl, "adresse portfolio", true),
    (IdentityKind::PortfolioUrl, "url du portfolio", true),
    (IdentityKind::PortfolioUrl, "url portfolio", true),
    (IdentityKind::PortfolioUrl, "lien du portfolio", true),
    (IdentityKind::PortfolioUrl, "lien vers le portfolio", true),
    (IdentityKind::PortfolioUrl, "lien portfolio", true),
    (IdentityKind::PortfolioUrl, "portfolio", false),
    (IdentityKind::Session, "session", false),
];

/// Title texts of the official model: understood, nothing to extract.
const TITLES: &[&str] = &[
    "bts services informatiques aux organisations",
    "brevet de technicien superieur services informatiques",
    "tableau de synthese des realisations",
];

/// Characters of a cell keyed to look for a label (the longest label has 26).
const KEY_PREFIX: usize = 48;

/// A recognised label in a cell.
struct Label {
    kind: IdentityKind,
    /// The text after the label (colon and spaces removed), as written.
    rest: String,
}

/// The identity fields of a sheet, and the cells they use.
pub(crate) struct Found {
    pub fields: Vec<IdentityField>,
    pub consumed: BTreeSet<CellPos>,
}

/// Reads a label at the start of a cell. `strict`: only « label : … » or a label alone.
fn label_of(text: &str, strict: bool) -> Option<Label> {
    // Labels are short: the key of the first characters is enough to recognise one.
    let head = match text.char_indices().nth(KEY_PREFIX) {
        Some((i, _)) => &text[..i],
        None => text,
    };
    let mut key = match_key(head);
    if head.len() < text.len() {
        // Not alone: a value follows (the head may end inside a word).
        key.push_str(" …");
    }
    for (kind, label, strong) in LABELS {
        let Some(after) = key.strip_prefix(label) else {
            continue;
        };
        if !(after.is_empty() || after.starts_with(' ')) {
            continue;
        }
        let rest = after_words(text, label.split(' ').count());
        let colon = rest.trim_start().starts_with(':');
        let rest_value = clean(
            rest.trim_start()
                .trim_start_matches([':', '-', '–', '\u{a0}']),
        );
        let alone = after.is_empty();
        let accepted = if strict {
            colon || (alone && rest.trim().is_empty())
        } else if *kind == IdentityKind::Session {
            alone || rest_value.starts_with(|c: char| c.is_ascii_digit())
        } else {
            *strong || colon || alone
        };
        if accepted {
            return Some(Label {
                kind: *kind,
                rest: rest_value,
            });
        }
        // « Nom de domaine » is not « Nom » followed by a value: try no shorter label.
        return None;
    }
    None
}

/// The text after the first `words` alphanumeric runs (match keys have one word per run).
fn after_words(text: &str, words: usize) -> &str {
    let mut seen = 0;
    let mut in_word = false;
    for (i, c) in text.char_indices() {
        // A combining accent (decomposed « é ») belongs to its word, as in the key.
        let alnum = c.is_alphanumeric() || (in_word && is_combining_mark(c));
        if alnum && !in_word {
            if seen == words {
                return &text[i..];
            }
            seen += 1;
        }
        if !alnum && in_word && seen == words {
            return &text[i..];
        }
        in_word = alnum;
    }
    ""
}

fn is_title(key: &str) -> bool {
    TITLES.iter().any(|t| key.starts_with(t))
}

/// Finds every identity field of the sheet. Cells in rows at or after `body_start` need the
/// strict « label : » form; the cells of `realisations` (titles of rows that carry marks) are
/// no labels, whatever they say (a réalisation titled « Portfolio »).
pub(crate) fn find(
    cells: &Cells<'_>,
    body_start: Option<u32>,
    realisations: &BTreeSet<CellPos>,
) -> Found {
    let mut fields: Vec<IdentityField> = Vec::new();
    let mut consumed = BTreeSet::new();
    let mut option_seen = false;
    for (row_index, row) in cells.rows.iter().enumerate() {
        let strict = body_start.is_some_and(|b| row.row >= b);
        for (i, (col, value)) in row.cells.iter().enumerate() {
            let pos = CellPos::new(row.row, *col);
            if consumed.contains(&pos) || realisations.contains(&pos) {
                continue;
            }
            let Value::Text(text) = value else { continue };
            if text.len() > 400 {
                continue;
            }
            if !strict && is_title(&match_key(text.get(..64).unwrap_or(text))) {
                consumed.insert(pos);
                continue;
            }
            let Some(label) = label_of(text, strict) else {
                continue;
            };
            if fields.iter().any(|f| f.kind == label.kind) {
                continue;
            }
            consumed.insert(pos);
            // Cells after the label on the same row, up to the next label.
            let following: Vec<(CellPos, &Value)> = row.cells[i + 1..]
                .iter()
                .map(|(c, v)| (CellPos::new(row.row, *c), *v))
                .take_while(|(_, v)| !matches!(v, Value::Text(t) if label_of(t, strict).is_some()))
                .collect();
            if label.kind == IdentityKind::Option {
                option_seen = true;
                fields.push(option_field(
                    pos,
                    text,
                    &label.rest,
                    &following,
                    &mut consumed,
                ));
                continue;
            }
            let field = if !label.rest.is_empty() {
                IdentityField {
                    kind: label.kind,
                    cell: pos,
                    raw: text.clone(),
                    value: Some(label.rest),
                }
            } else if let Some((vpos, v)) = following.first() {
                consumed.insert(*vpos);
                let shown = clean(&v.display());
                IdentityField {
                    kind: label.kind,
                    cell: *vpos,
                    raw: v.display(),
                    value: (!shown.is_empty()).then_some(shown),
                }
            } else {
                IdentityField {
                    kind: label.kind,
                    cell: pos,
                    raw: text.clone(),
                    value: None,
                }
            };
            fields.push(field);
        }
        let _ = row_index;
    }
    if !option_seen {
        // Boxes without an « Option » label: « ☒ SISR ☐ SLAM » above the grid.
        let boxes: Vec<(CellPos, &Value)> = cells
            .rows
            .iter()
            .filter(|r| body_start.is_none_or(|b| r.row < b))
            .flat_map(|r| {
                r.cells
                    .iter()
                    .map(move |(c, v)| (CellPos::new(r.row, *c), *v))
            })
            .filter(|(p, v)| {
                !consumed.contains(p)
                    && matches!(v, Value::Text(t) if t.len() < 80 && !mentions(t).is_empty())
            })
            .collect();
        if let Some((first, _)) = boxes.first() {
            let field = option_field(*first, "", "", &boxes, &mut consumed);
            fields.push(field);
        }
    }
    Found { fields, consumed }
}

/// How an option is marked in front of its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tick {
    Ticked,
    Unticked,
    Bare,
}

/// Option names (SISR/SLAM, or their long names) in a text, with the mark before each.
fn mentions(text: &str) -> Vec<(&'static str, Tick)> {
    // Lower case char by char (one char each), ’ as '.
    let chars: Vec<char> = text
        .chars()
        .map(|c| match c {
            '’' => '\'',
            c => c.to_lowercase().next().unwrap_or(c),
        })
        .collect();
    let names: [(&[char], &'static str); 4] = [
        (&['s', 'i', 's', 'r'], "SISR"),
        (&['s', 'l', 'a', 'm'], "SLAM"),
        (
            &[
                's', 'o', 'l', 'u', 't', 'i', 'o', 'n', 's', ' ', 'd', '\'', 'i', 'n', 'f', 'r',
                'a',
            ],
            "SISR",
        ),
        (
            &[
                's', 'o', 'l', 'u', 't', 'i', 'o', 'n', 's', ' ', 'l', 'o', 'g', 'i', 'c',
            ],
            "SLAM",
        ),
    ];
    let mut found: Vec<(usize, usize, &'static str)> = Vec::new();
    for (needle, option) in names {
        for idx in 0..chars.len() {
            let end = idx + needle.len();
            if end > chars.len() || &chars[idx..end] != needle {
                continue;
            }
            let before_ok = idx == 0 || !chars[idx - 1].is_alphanumeric();
            let after_ok = needle.len() > 4 || end == chars.len() || !chars[end].is_alphanumeric();
            if before_ok && after_ok {
                found.push((idx, end, option));
            }
        }
    }
    found.sort_unstable();
    let mut out = Vec::new();
    let mut previous_end = 0;
    for (idx, end, option) in found {
        if idx < previous_end {
            continue;
        }
        let before = &chars[previous_end..idx];
        let mut marks = before.iter().rev().filter(|c| {
            !(c.is_whitespace()
                || matches!(
                    c,
                    '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | ':' | '(' | '['
                ))
        });
        let mark = marks.next().copied();
        // A letter counts as a tick only alone: « x SISR », not « max SISR ».
        let lone = marks.next().is_none_or(|c| !c.is_alphanumeric());
        let tick = match mark {
            Some('▢' | '☐' | '□' | '◻' | '⬜') => Tick::Unticked,
            Some('☒' | '☑' | '▣' | '✓' | '✔' | '■' | '⊠') => Tick::Ticked,
            Some('x' | 'þ') if lone => Tick::Ticked,
            _ => Tick::Bare,
        };
        out.push((option, tick));
        previous_end = end;
    }
    out
}

/// Reads the option from the label's own text and the cells after it.
fn option_field(
    label_pos: CellPos,
    label_text: &str,
    inline: &str,
    following: &[(CellPos, &Value)],
    consumed: &mut BTreeSet<CellPos>,
) -> IdentityField {
    let mut all: Vec<(&'static str, Tick, CellPos)> = mentions(inline)
        .into_iter()
        .map(|(o, t)| (o, t, label_pos))
        .collect();
    let mut box_cells = Vec::new();
    for (pos, v) in following {
        let Value::Text(t) = v else { continue };
        let m = mentions(t);
        if m.is_empty() {
            break;
        }
        consumed.insert(*pos);
        box_cells.push((*pos, t.as_str()));
        all.extend(m.into_iter().map(|(o, t)| (o, t, *pos)));
    }
    let pick = |tick: Tick| {
        let mut options: Vec<(&'static str, CellPos)> = all
            .iter()
            .filter(|(_, t, _)| *t == tick)
            .map(|(o, _, p)| (*o, *p))
            .collect();
        options.dedup_by_key(|(o, _)| *o);
        options
    };
    let ticked = pick(Tick::Ticked);
    let bare = pick(Tick::Bare);
    let chosen = match (ticked.as_slice(), bare.as_slice()) {
        ([one], _) => Some(*one),
        ([], [one])
            if !all
                .iter()
                .any(|(o, t, _)| *t == Tick::Unticked && *o == one.0) =>
        {
            // A lone « SISR » (the other box deleted, or « Option : SLAM »).
            let others_named = all.iter().any(|(o, _, _)| *o != one.0);
            (!others_named
                || all
                    .iter()
                    .filter(|(o, _, _)| *o != one.0)
                    .all(|(_, t, _)| *t == Tick::Unticked))
            .then_some(*one)
        }
        _ => None,
    };
    let inline_has_options = !mentions(inline).is_empty();
    let (cell, raw) = if inline_has_options || box_cells.is_empty() {
        (label_pos, label_text.to_string())
    } else {
        let cell = chosen.map_or(box_cells[0].0, |(_, p)| p);
        let raw = box_cells
            .iter()
            .map(|(_, t)| clean(t))
            .collect::<Vec<_>>()
            .join(" ");
        (cell, raw)
    };
    let value = match chosen {
        Some((option, _)) => Some(option.to_string()),
        // Free text with no option name (« Option : réseaux »): keep it, the rules judge.
        None if all.is_empty() && !inline.is_empty() => Some(inline.to_string()),
        None => None,
    };
    IdentityField {
        kind: IdentityKind::Option,
        cell,
        raw,
        value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workbook::Sheet;

    fn sheet(cells: &[(&str, &str)]) -> Sheet {
        let mut s = Sheet::new("t");
        for (a1, text) in cells {
            s.set(CellPos::parse(a1).unwrap(), Value::Text((*text).into()));
        }
        s
    }

    fn field(found: &Found, kind: IdentityKind) -> Option<&IdentityField> {
        found.fields.iter().find(|f| f.kind == kind)
    }

    fn value(found: &Found, kind: IdentityKind) -> Option<String> {
        field(found, kind).and_then(|f| f.value.clone())
    }

    #[test]
    fn inline_and_next_cell_labels() {
        let s = sheet(&[
            ("G1", "SESSION 2026"),
            ("A3", "NOM et prénom : DUPONT Jeanne"),
            ("F3", "N° candidat : 0212345678"),
            ("A4", "Centre de formation :"),
            ("C4", "Lycée Turgot"),
            ("F4", "Option :"),
            ("G4", "▢ SISR"),
            ("H4", "☒ SLAM"),
            ("A5", "Adresse URL du portfolio :https://x.invalid"),
        ]);
        let cells = Cells::new(&s);
        let found = find(&cells, None, &BTreeSet::new());
        assert_eq!(
            value(&found, IdentityKind::Name).as_deref(),
            Some("DUPONT Jeanne")
        );
        assert_eq!(
            value(&found, IdentityKind::Number).as_deref(),
            Some("0212345678")
        );
        assert_eq!(
            value(&found, IdentityKind::School).as_deref(),
            Some("Lycée Turgot")
        );
        assert_eq!(
            field(&found, IdentityKind::School)
                .unwrap()
                .cell
                .to_string(),
            "C4"
        );
        assert_eq!(value(&found, IdentityKind::Option).as_deref(), Some("SLAM"));
        assert_eq!(
            field(&found, IdentityKind::Option)
                .unwrap()
                .cell
                .to_string(),
            "H4"
        );
        assert_eq!(
            value(&found, IdentityKind::PortfolioUrl).as_deref(),
            Some("https://x.invalid")
        );
        assert_eq!(
            value(&found, IdentityKind::Session).as_deref(),
            Some("2026")
        );
        for a1 in ["G1", "A3", "F3", "A4", "C4", "F4", "G4", "H4", "A5"] {
            assert!(
                found.consumed.contains(&CellPos::parse(a1).unwrap()),
                "{a1}"
            );
        }
    }

    #[test]
    fn empty_labels_and_label_variants() {
        let s = sheet(&[
            ("A3", "NOM ET PRENOM : BERNARD Lucas "),
            ("F3", "N° candidat : "),
            ("A4", "Centre de formation :"),
            ("F4", "Option :"),
            ("G4", "▢ SISR"),
            ("H4", "▢ SLAM"),
            ("G1", "SESSION 2024/2025"),
        ]);
        let found = find(&Cells::new(&s), None, &BTreeSet::new());
        assert_eq!(
            value(&found, IdentityKind::Name).as_deref(),
            Some("BERNARD Lucas")
        );
        let number = field(&found, IdentityKind::Number).unwrap();
        assert_eq!(number.value, None);
        assert_eq!(number.cell.to_string(), "F3");
        // « Centre de formation : » then « Option : » on the same row: no value stolen.
        assert_eq!(field(&found, IdentityKind::School).unwrap().value, None);
        let option = field(&found, IdentityKind::Option).unwrap();
        assert_eq!(option.value, None);
        assert_eq!(option.cell.to_string(), "G4");
        assert_eq!(
            value(&found, IdentityKind::Session).as_deref(),
            Some("2024/2025")
        );
        assert!(field(&found, IdentityKind::PortfolioUrl).is_none());
        let s = sheet(&[
            ("A3", "Nom et prénom : LEFEBVRE Jade"),
            ("G1", "SESSION 2023-2024"),
        ]);
        let found = find(&Cells::new(&s), None, &BTreeSet::new());
        assert_eq!(
            value(&found, IdentityKind::Name).as_deref(),
            Some("LEFEBVRE Jade")
        );
        assert_eq!(
            value(&found, IdentityKind::Session).as_deref(),
            Some("2023-2024")
        );
    }

    #[test]
    fn option_boxes_table() {
        let cases: &[(&str, &str, Option<&str>)] = &[
            ("▢ SISR", "▢ SLAM", None),
            ("☒ SISR", "▢ SLAM", Some("SISR")),
            ("☑ SISR", "☐ SLAM", Some("SISR")),
            ("▣ SISR", "▢ SLAM", Some("SISR")),
            ("X SISR ", "▢ SLAM", Some("SISR")),
            ("x SISR", "▢ SLAM", Some("SISR")),
            ("þ SISR", "▢ SLAM", Some("SISR")),
            ("\u{200b}☒\u{a0}SISR", "▢ SLAM", Some("SISR")),
            ("▢ SISR", " ☑ SLAM", Some("SLAM")),
            ("▢ SISR", "X  SLAM", Some("SLAM")),
            (" SISR", "", Some("SISR")),
            ("☒ SISR", "☒ SLAM", None),
        ];
        for (g4, h4, expected) in cases {
            let mut cells = vec![("F4", "Option :"), ("G4", *g4)];
            if !h4.is_empty() {
                cells.push(("H4", *h4));
            }
            let s = sheet(&cells);
            let found = find(&Cells::new(&s), None, &BTreeSet::new());
            assert_eq!(
                value(&found, IdentityKind::Option).as_deref(),
                *expected,
                "{g4:?} / {h4:?}"
            );
        }
        for (text, expected) in [
            ("Option : ☒ SISR ☐ SLAM", Some("SISR")),
            ("Option : ☐ SISR ☒ SLAM", Some("SLAM")),
            ("Option : SLAM", Some("SLAM")),
            (
                "Option : Solutions d’infrastructure, systèmes et réseaux",
                Some("SISR"),
            ),
            (
                "Option : Solutions logicielles et applications métiers",
                Some("SLAM"),
            ),
            ("Option :", None),
        ] {
            let s = sheet(&[("A4", text)]);
            let found = find(&Cells::new(&s), None, &BTreeSet::new());
            assert_eq!(
                value(&found, IdentityKind::Option).as_deref(),
                expected,
                "{text:?}"
            );
            assert_eq!(
                field(&found, IdentityKind::Option)
                    .unwrap()
                    .cell
                    .to_string(),
                "A4"
            );
        }
        // Boxes with no label at all.
        let s = sheet(&[("A4", "☒ SISR ☐ SLAM")]);
        let found = find(&Cells::new(&s), None, &BTreeSet::new());
        assert_eq!(value(&found, IdentityKind::Option).as_deref(), Some("SISR"));
    }

    #[test]
    fn strict_labels_inside_the_grid() {
        let s = sheet(&[
            ("A9", "Portfolio (HTML, CSS)"),
            ("A10", "Nom de domaine : configuration DNS"),
            ("A23", "Adresse Portfolio : https://p.invalid/21"),
        ]);
        let found = find(&Cells::new(&s), Some(8), &BTreeSet::new());
        assert_eq!(found.fields.len(), 1);
        assert_eq!(
            value(&found, IdentityKind::PortfolioUrl).as_deref(),
            Some("https://p.invalid/21")
        );
        assert_eq!(
            field(&found, IdentityKind::PortfolioUrl)
                .unwrap()
                .cell
                .to_string(),
            "A23"
        );
    }
}
