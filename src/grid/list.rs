//! The `list` layout: one row per réalisation and a free-text column naming what it
//! mobilises — codes (« B1.1, B1.4 »), activity codes, competence or activity titles, or
//! « B1.2 : Gérer des sauvegardes » (an activity written next to a competence).
//!
//! Each named item becomes a [`Mark`] on the list cell: a competence is placed at itself
//! (value `Competence`), an activity at the competence written next to it or, alone, at the
//! competence it belongs to (value `Activity`). Anything unrecognised is an `Invalid` mark.

use std::collections::{BTreeMap, BTreeSet};

use super::columns::{is_count, is_period_label, is_title_label, is_total_label, most_text_column};
use super::heading::HeadingMatcher;
use super::lines::split_code;
use super::period::{looks_like_period, take_period};
use super::scan::{Found, MAX_GAP, Scan, take_title};
use super::section::section_of;
use super::{Layout, Mark, MarkValue, Realisation, Target};
use crate::model::CellPos;
use crate::text::clean;
use crate::text::match_key;
use crate::workbook::Value;

/// One item named in a list cell: (text, placed, value).
pub(crate) type Item = (String, Target, MarkValue);

/// List cells longer than this are not read (Excel's own limit is 32,767 characters; a cell
/// naming every activity of the referential by its title is about 1,500).
pub(crate) const MAX_LIST_CELL_LEN: usize = 8_000;

/// How many separated pieces a single title may span (« Traiter des demandes concernant les
/// services réseau et système, applicatifs » is three).
const MAX_PIECES_PER_ITEM: usize = 8;

/// What separates two pieces of a list segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sep {
    /// `,`: pieces that name nothing stay apart (« Travailler en mode projet, du café »).
    Comma,
    /// `/`, `-`, `–`, ` et `: separate codes or titles (« B1.1 / B1.4 », « B1.1 et B1.4 »),
    /// but words of one free text too (« e-portfolio », « installation et configuration »):
    /// pieces that name nothing are joined back.
    Weak,
}

/// The pieces of a segment, as byte ranges, and the separator after each but the last.
fn pieces(segment: &str) -> (Vec<(usize, usize)>, Vec<Sep>) {
    let mut ranges = Vec::new();
    let mut seps = Vec::new();
    let bytes = segment.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let (sep, len) = match bytes[i] {
            b',' => (Some(Sep::Comma), 1),
            b'/' | b'-' => (Some(Sep::Weak), 1),
            // « – » (en dash), three bytes in UTF-8.
            0xE2 if bytes[i..].starts_with("–".as_bytes()) => (Some(Sep::Weak), "–".len()),
            b' ' if bytes
                .get(i + 1..i + 4)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"et ")) =>
            {
                (Some(Sep::Weak), 4)
            }
            _ => (None, 1),
        };
        match sep {
            Some(sep) => {
                ranges.push((start, i));
                seps.push(sep);
                i += len;
                start = i;
            }
            None => i += 1,
        }
    }
    ranges.push((start, segment.len()));
    (ranges, seps)
}

/// A run of pieces `first..=last` and what it names exactly, if anything.
struct Unit {
    first: usize,
    last: usize,
    item: Option<Item>,
    /// It starts with a code the referential knows (« B1.4 »).
    coded: bool,
}

/// Splits a list cell into the items it names. `exact_only` skips typo tolerance (used to
/// scan a whole sheet cheaply).
///
/// Lines, `;`, `|` and `+` always separate items; `,`, `/`, `-`, `–` and ` et ` separate them
/// when the parts on each side name something (« B1.1 / B1.4 », « B1.2 et B1.5 »), a title
/// holding one of them (« Collecter, suivre et orienter des demandes ») being tried whole
/// first.
pub(crate) fn parse_list(text: &str, matcher: &HeadingMatcher<'_>, exact_only: bool) -> Vec<Item> {
    let mut items = Vec::new();
    for segment in text.split(['\n', '\r', ';', '|', '+']) {
        let (ranges, seps) = pieces(segment);
        let slice = |first: usize, last: usize| match (ranges.get(first), ranges.get(last)) {
            (Some(a), Some(b)) => segment.get(a.0..b.1).unwrap_or(""),
            _ => "",
        };
        // The longest run of pieces that names something exactly, from left to right.
        let mut units: Vec<Unit> = Vec::new();
        let mut i = 0;
        while i < ranges.len() {
            let last = (i..ranges.len().min(i + MAX_PIECES_PER_ITEM))
                .rev()
                .find_map(|j| resolve(slice(i, j), matcher, true).map(|item| (j, item)));
            match last {
                Some((j, item)) => {
                    let coded = split_code(slice(i, j))
                        .is_some_and(|(code, _)| matcher.code(code).is_some());
                    units.push(Unit {
                        first: i,
                        last: j,
                        item: Some(item),
                        coded,
                    });
                    i = j + 1;
                }
                None => {
                    units.push(Unit {
                        first: i,
                        last: i,
                        item: None,
                        coded: false,
                    });
                    i += 1;
                }
            }
        }
        // Groups of units joined by weak separators.
        let mut start = 0;
        while start < units.len() {
            let mut end = start;
            while end + 1 < units.len() && seps.get(units[end].last) == Some(&Sep::Weak) {
                end += 1;
            }
            let group = &units[start..=end];
            let named = group.iter().filter(|u| u.item.is_some()).count();
            let whole = slice(group[0].first, group[group.len() - 1].last);
            if named > 0 && named < group.len() && !group.iter().any(|u| u.coded) {
                // Titles mixed with words (« Gérer des sauvegardes et restaurations »): one
                // free text, read whole.
                push_unresolved(&mut items, whole, matcher, exact_only);
            } else {
                // Named units apart; words between them joined back into one text.
                let mut k = 0;
                while k < group.len() {
                    if let Some(item) = &group[k].item {
                        items.push(item.clone());
                        k += 1;
                        continue;
                    }
                    let mut l = k;
                    while l + 1 < group.len() && group[l + 1].item.is_none() {
                        l += 1;
                    }
                    push_unresolved(
                        &mut items,
                        slice(group[k].first, group[l].last),
                        matcher,
                        exact_only,
                    );
                    k = l + 1;
                }
            }
            start = end + 1;
        }
    }
    items
}

/// A text that names nothing exactly: what it names with typos, else an `Invalid` item.
fn push_unresolved(
    items: &mut Vec<Item>,
    text: &str,
    matcher: &HeadingMatcher<'_>,
    exact_only: bool,
) {
    let piece = clean(text);
    if piece.trim_matches(['-', '–', '/', ' ']).is_empty() {
        return;
    }
    let item = if exact_only {
        None
    } else {
        resolve(&piece, matcher, false)
    };
    items.push(item.unwrap_or((piece, Target::Unknown, MarkValue::Invalid)));
}

/// What one piece names; `None` when nothing (exactly, or with typos if allowed).
fn resolve(piece: &str, matcher: &HeadingMatcher<'_>, exact_only: bool) -> Option<Item> {
    let text = clean(piece);
    let text = text
        .trim_start_matches(['-', '•', '▸', '*', ' '])
        .to_string();
    if text.is_empty() {
        return None;
    }
    let find = |t: &str| {
        if exact_only {
            matcher.exact(t)
        } else {
            let found = matcher.find(t).target;
            (found != Target::Unknown).then_some(found)
        }
    };
    let item = |placed: Target, value: MarkValue| Some((text.clone(), placed, value));
    if let Some((code, rest)) = split_code(&text)
        && let Some(target) = matcher.code(code)
    {
        if exact_only && !rest.is_empty() {
            // « B1.1 / B1.4 », « B1.1.1 - B1.1.2 »: a list of codes, not one item.
            let coded = split_code(rest).is_some_and(|(c, _)| matcher.code(c).is_some());
            let written = if coded { None } else { find(rest) };
            let fits = match (&target, &written) {
                // « B1.2 : Gérer des sauvegardes »: an activity written next to a competence.
                (Target::Competence(_), Some(Target::Activity(_))) => true,
                // « B1.1 - Gérer le patrimoine informatique »: a code and its own title.
                (t, Some(w)) => t == w,
                _ => false,
            };
            if !fits {
                return None;
            }
        }
        return match target {
            Target::Competence(c) => {
                let written = if rest.is_empty() { None } else { find(rest) };
                match written {
                    Some(Target::Activity(a)) => {
                        item(Target::Competence(c), MarkValue::Activity(a))
                    }
                    _ => item(Target::Competence(c.clone()), MarkValue::Competence(c)),
                }
            }
            Target::Activity(a) => item(
                matcher
                    .competence_of(&a)
                    .map_or(Target::Unknown, Target::Competence),
                MarkValue::Activity(a),
            ),
            other => item(other, MarkValue::Invalid),
        };
    }
    match find(&text)? {
        Target::Competence(c) => item(Target::Competence(c.clone()), MarkValue::Competence(c)),
        Target::Activity(a) => item(
            matcher
                .competence_of(&a)
                .map_or(Target::Unknown, Target::Competence),
            MarkValue::Activity(a),
        ),
        other => item(other, MarkValue::Invalid),
    }
}

fn recognised(items: &[Item]) -> usize {
    items
        .iter()
        .filter(|(_, placed, _)| matches!(placed, Target::Competence(_) | Target::Activity(_)))
        .count()
}

/// The header row of a list: « Réalisation », « Période », « Compétences ».
struct Header {
    row: u32,
    title_col: Option<u32>,
    period_col: Option<u32>,
    /// The list column itself is labelled (« Compétences / activités »).
    list_label: bool,
    cells: Vec<CellPos>,
}

/// Labels are short; longer texts are titles or descriptions.
const MAX_LABEL_LEN: usize = 200;

/// How far above the first listed row its header is looked for: non-blank rows, within a
/// span of rows. The réalisations a candidate has not tagged yet (« Réalisation 1 », its list
/// cell empty) can come first, with blank rows between them, so the header is not always
/// right above the first row that lists competences.
const HEADER_LOOKBACK_ROWS: usize = 5;
const HEADER_LOOKBACK_SPAN: u32 = 12;

/// The header row above the first listed row, if any: the nearest row with the list
/// column's own label, or with two labels (« Réalisation », « Période »). A réalisation row
/// never qualifies — its list cell names items and its title (« Réalisation de tests… ») is
/// one label at most — so the first réalisation is never taken for the header.
fn header_above(scan: &Scan<'_, '_>, list_col: u32, first_row: u32) -> Option<Header> {
    let above = first_row.checked_sub(1)?;
    scan.cells
        .rows_between(first_row.saturating_sub(HEADER_LOOKBACK_SPAN), above)
        .iter()
        .rev()
        .take(HEADER_LOOKBACK_ROWS)
        .map(|row| row.row)
        .find_map(|r| {
            let mut header = Header {
                row: r,
                title_col: None,
                period_col: None,
                list_label: false,
                cells: Vec::new(),
            };
            for (col, value) in scan.cells.row(r) {
                let Value::Text(t) = value else { continue };
                if t.len() > MAX_LABEL_LEN || recognised(&parse_list(t, scan.matcher, true)) > 0 {
                    continue;
                }
                let key = match_key(t);
                if is_period_label(&key) {
                    header.period_col.get_or_insert(*col);
                } else if is_title_label(&key) {
                    header.title_col.get_or_insert(*col);
                } else if *col == list_col
                    && (key.contains("competence") || key.contains("activite"))
                {
                    header.list_label = true;
                } else {
                    continue;
                }
                header.cells.push(CellPos::new(r, *col));
            }
            (header.list_label || header.cells.len() >= 2).then_some(header)
        })
}

pub(crate) fn read(scan: &Scan<'_, '_>) -> Option<Found> {
    let cells = &scan.cells;
    // The list column: the one with the most cells naming competences or activities.
    let mut per_col: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
    for row in &cells.rows {
        for (col, value) in &row.cells {
            if let Value::Text(t) = value
                && t.len() <= MAX_LIST_CELL_LEN
                && recognised(&parse_list(t, scan.matcher, true)) > 0
            {
                per_col.entry(*col).or_default().push(row.row);
            }
        }
    }
    let best = |min: usize| {
        per_col
            .iter()
            .filter(|(_, rows)| rows.len() >= min)
            .max_by_key(|(c, rows)| (rows.len(), std::cmp::Reverse(**c)))
            .map(|(c, rows)| (*c, rows.clone()))
    };
    // Two listed rows make a list; a single one needs its header to say so: a title column
    // and the list column labelled (a candidate who listed one réalisation only must still
    // be told that it is too few).
    let (list_col, rows, header) = match best(2) {
        Some((col, rows)) => {
            let header = header_above(scan, col, *rows.first()?);
            (col, rows, header)
        }
        None => per_col.iter().find_map(|(col, rows)| {
            let header = header_above(scan, *col, *rows.first()?)?;
            // The title column may carry any word (« Situation professionnelle »,
            // « MISSION »): a labelled list column and a title or period label suffice.
            (header.list_label && (header.title_col.is_some() || header.period_col.is_some()))
                .then(|| (*col, rows.clone(), Some(header)))
        })?,
    };
    let first_row = *rows.first()?;
    let mut consumed: BTreeSet<CellPos> = BTreeSet::new();
    let header_row = header.as_ref().map(|h| h.row);
    let title_col = header.as_ref().and_then(|h| h.title_col);
    let period_col = header.as_ref().and_then(|h| h.period_col);
    if let Some(h) = &header {
        consumed.extend(h.cells.iter().copied());
    }
    let body: Vec<&super::cells::Row<'_>> = cells
        .rows
        .iter()
        .filter(|r| r.row > header_row.unwrap_or(first_row.saturating_sub(1)))
        .collect();
    let title_col = title_col.or_else(|| {
        let listed = body
            .iter()
            .copied()
            .filter(|r| rows.binary_search(&r.row).is_ok());
        most_text_column(listed, |col| col != list_col && Some(col) != period_col)
    })?;
    let period_col = period_col.or_else(|| {
        let mut counts: BTreeMap<u32, (usize, usize)> = BTreeMap::new();
        for r in body.iter().filter(|r| rows.binary_search(&r.row).is_ok()) {
            for (col, v) in &r.cells {
                if *col == list_col || *col == title_col {
                    continue;
                }
                let entry = counts.entry(*col).or_default();
                entry.0 += 1;
                if matches!(v, Value::Date(_))
                    || matches!(v, Value::Text(t) if looks_like_period(t))
                {
                    entry.1 += 1;
                }
            }
        }
        counts
            .into_iter()
            .filter(|(_, (n, p))| p * 2 >= *n && *p > 0)
            .max_by_key(|(_, (_, p))| *p)
            .map(|(c, _)| c)
    });

    let mut realisations = Vec::new();
    let mut last_row = header_row.unwrap_or(first_row);
    let mut section: Option<usize> = None;
    for row in body {
        if row.row > last_row.saturating_add(MAX_GAP)
            || realisations.len() > super::MAX_REALISATIONS
        {
            break;
        }
        let get = |col: u32| {
            row.cells
                .iter()
                .find(|(c, _)| *c == col)
                .map(|(c, v)| (CellPos::new(row.row, *c), *v))
        };
        let title = get(title_col);
        let list = get(list_col);
        let period = period_col.and_then(get);
        if list.is_none()
            && period.is_none()
            && let Some((pos, Value::Text(t))) = title
            && let Some(index) = section_of(t)
        {
            section = Some(index.unwrap_or_else(|| section.map_or(0, |s| s + 1)));
            consumed.insert(pos);
            last_row = row.row;
            continue;
        }
        if title.is_none() && list.is_none() {
            continue;
        }
        // A total row (« Total », the number of réalisations): no réalisation, left for `fix`.
        if period.is_none()
            && matches!(title, Some((_, Value::Text(t))) if is_total_label(&match_key(t)))
            && list.is_none_or(|(_, v)| is_count(v))
        {
            last_row = row.row;
            continue;
        }
        last_row = row.row;
        let title_pos = CellPos::new(row.row, title_col);
        let title_text = take_title(title, &mut consumed);
        // A period column this row left empty: said at that cell.
        let period_at = period_col.map(|col| CellPos::new(row.row, col));
        let period = take_period(period, period_at, &mut consumed);
        let mut marks = Vec::new();
        if let Some((pos, value)) = list {
            consumed.insert(pos);
            let text = value.display();
            for (raw, placed, value) in parse_list(&text, scan.matcher, false) {
                marks.push(Mark {
                    cell: pos,
                    raw,
                    placed,
                    value,
                });
            }
        }
        realisations.push(Realisation {
            cell: title_pos,
            title: title_text.filter(|t| !crate::text::is_blank(t)),
            section,
            period,
            marks,
        });
    }
    Some(Found {
        layout: Layout::List,
        headings: Vec::new(),
        realisations,
        body_start: header_row.map_or(first_row, |r| r.saturating_add(1)),
        consumed,
        mark_lines: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::referential::embedded;

    #[test]
    fn list_cells_name_competences_and_activities() {
        let r = embedded::get("bts-sio-b1").expect("embedded");
        let m = HeadingMatcher::new(&r);
        let comp = |c: &str| Target::Competence(c.into());
        let items = parse_list("B1.1, B1.4", &m, false);
        assert_eq!(
            items.iter().map(|i| (&i.1, &i.2)).collect::<Vec<_>>(),
            vec![
                (&comp("B1.1"), &MarkValue::Competence("B1.1".into())),
                (&comp("B1.4"), &MarkValue::Competence("B1.4".into()))
            ]
        );
        let items = parse_list("B1.2 : Gérer des sauvegardes", &m, false);
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].1, comp("B1.2"));
        assert_eq!(items[0].2, MarkValue::Activity("B1.1.5".into()));
        let items = parse_list(
            "Collecter, suivre et orienter des demandes ; B1.6.4",
            &m,
            false,
        );
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].1, comp("B1.2"));
        assert_eq!(items[0].2, MarkValue::Activity("B1.2.1".into()));
        assert_eq!(items[1].1, comp("B1.6"));
        assert_eq!(items[1].2, MarkValue::Activity("B1.6.4".into()));
        let items = parse_list("Travailler en mode projet, du café", &m, false);
        assert_eq!(items[0].2, MarkValue::Competence("B1.4".into()));
        assert_eq!(items[1].1, Target::Unknown);
        assert_eq!(items[1].2, MarkValue::Invalid);
    }

    /// (placed, value) of each item, as codes: « B1.1 » for a competence, « B1.1.5@B1.1 » for
    /// an activity placed at a competence, « ?text » for an invalid item.
    fn named(text: &str) -> Vec<String> {
        let r = embedded::get("bts-sio-b1").expect("embedded");
        let m = HeadingMatcher::new(&r);
        parse_list(text, &m, false)
            .into_iter()
            .map(|(raw, placed, value)| match (placed, value) {
                (Target::Competence(c), MarkValue::Competence(_)) => c,
                (Target::Competence(c), MarkValue::Activity(a)) => format!("{a}@{c}"),
                _ => format!("?{raw}"),
            })
            .collect()
    }

    #[test]
    fn slashes_dashes_et_and_line_breaks_separate_codes() {
        let both = ["B1.1", "B1.4"];
        for text in [
            "B1.1 / B1.4",
            "B1.1/B1.4",
            "B1.1 ; B1.4",
            "B1.1 + B1.4",
            "B1.1 et B1.4",
            "B1.1 ET B1.4",
            "B1.1 - B1.4",
            "B1.1-B1.4",
            "B1.1 – B1.4",
            "B1.1\nB1.4",
            "B1.1\r\nB1.4",
            "B1.1 | B1.4",
        ] {
            assert_eq!(named(text), both, "{text:?}");
        }
        assert_eq!(
            named("B1.1.1 / B1.1.5 et B1.5.2"),
            ["B1.1.1@B1.1", "B1.1.5@B1.1", "B1.5.2@B1.5"]
        );
        assert_eq!(named("B1.1, B1.2 / B1.3"), ["B1.1", "B1.2", "B1.3"]);
    }

    #[test]
    fn titles_holding_separators_stay_whole() {
        assert_eq!(
            named("Répondre aux incidents et aux demandes d’assistance et d’évolution"),
            ["B1.2"]
        );
        assert_eq!(
            named("B1.1 - Gérer le patrimoine informatique / B1.4"),
            ["B1.1", "B1.4"]
        );
        assert_eq!(
            named(
                "Traiter des demandes concernant les services réseau et système, applicatifs / \
                 Planifier les activités"
            ),
            ["B1.2.2@B1.2", "B1.4.2@B1.4"]
        );
        assert_eq!(
            named("Mettre en place et vérifier les niveaux d’habilitation associés à un service"),
            ["B1.1.3@B1.1"]
        );
    }

    #[test]
    fn free_text_around_separators_is_one_item() {
        // Words joined by « et » or « - » that name nothing stay one invalid text.
        assert_eq!(
            named("installation et configuration d'un e-portfolio"),
            ["?installation et configuration d'un e-portfolio"]
        );
        // A code next to words: the code counts, the words are said invalid.
        assert_eq!(named("B1.1 / du café"), ["B1.1", "?du café"]);
        // A title mixed with words is read whole (typo tolerance), not cut at « et ».
        assert_eq!(named("Gérer des sauvegardes et restaurations").len(), 1);
        // Separators alone name nothing; multi-byte text around them is cut at boundaries.
        for text in ["", "-", "/", "–", ",,,", " - / – "] {
            assert!(named(text).is_empty(), "{text:?}");
        }
        assert_eq!(named(" et "), ["?et"]);
        assert_eq!(named("é–é"), ["?é–é"]);
        assert_eq!(named("B1.1–"), ["B1.1"]);
        assert_eq!(named(" et B1.1 et "), ["B1.1"]);
        // Bullets are not separators.
        assert_eq!(
            named("- Gérer des sauvegardes\n- Planifier les activités"),
            ["B1.1.5@B1.1", "B1.4.2@B1.4"]
        );
    }

    fn sheet(cells: &[(&str, &str)]) -> crate::workbook::Sheet {
        let mut sheet = crate::workbook::Sheet::new("Feuil1");
        for (a1, text) in cells {
            let pos = CellPos::parse(a1).expect("A1");
            sheet.set(pos, Value::Text((*text).into()));
        }
        sheet
    }

    /// Where each réalisation of a grid is, in A1 notation.
    fn realisation_cells(grid: &crate::grid::Grid) -> Vec<String> {
        grid.realisations
            .iter()
            .map(|r| r.cell.to_string())
            .collect()
    }

    fn extract(cells: &[(&str, &str)]) -> Option<crate::grid::Grid> {
        let r = embedded::get("bts-sio-b1").expect("embedded");
        crate::grid::extract_sheet(&sheet(cells), &r)
    }

    #[test]
    fn a_list_of_one_realisation_is_found_when_its_header_says_so() {
        let grid = extract(&[
            ("B3", "Réalisations professionnelles"),
            ("C3", "Période"),
            ("D3", "Compétences"),
            ("B4", "Portfolio personnel en ligne"),
            ("C4", "01/09/24 au 30/09/24"),
            ("D4", "B1.3, B1.6"),
        ])
        .expect("a one-row list");
        assert_eq!(grid.layout, Layout::List);
        assert_eq!(grid.realisations.len(), 1);
        assert_eq!(grid.realisations[0].cell, CellPos::parse("B4").unwrap());
        assert_eq!(grid.realisations[0].marks.len(), 2);
        // Without a header, one cell naming codes is no grid.
        assert!(extract(&[("B4", "Portfolio"), ("D4", "B1.3, B1.6")]).is_none());
        // Nor with a header lacking the list column's label.
        assert!(
            extract(&[
                ("B3", "Réalisations professionnelles"),
                ("C3", "Période"),
                ("B4", "Portfolio"),
                ("D4", "B1.3, B1.6"),
            ])
            .is_none()
        );
    }

    #[test]
    fn realisations_not_tagged_yet_above_the_first_list_are_kept() {
        // « Réalisation 1 » has a period but no competence yet, blank rows around it: the
        // header is four rows above the first row that lists codes (seed 20261207, sheet 564
        // of the accuracy corpus).
        let grid = extract(&[
            ("B6", "Liste des réalisations professionnelles"),
            ("B11", "Réalisations professionnelles"),
            ("C11", "Période"),
            ("D11", "Compétences"),
            ("B13", "Réalisation 1 : Traitement de tickets"),
            ("C13", "13/06/24 au 21/07/24"),
            ("B15", "Réalisation 2 : Portfolio personnel en ligne"),
            ("C15", "01/09/24 au 12/10/24"),
            ("D15", "B1.1 ; B1.6"),
            ("B16", "Réalisation 3 : Déploiement de postes"),
            ("C16", "03/07/25 au 12/09/25"),
            ("D16", "B1.1"),
        ])
        .expect("a list");
        let cells = realisation_cells(&grid);
        assert_eq!(cells, ["B13", "B15", "B16"]);
        assert!(grid.realisations[0].marks.is_empty());
        // The banner above the header is no réalisation, nor is the header.
        assert_eq!(
            grid.realisations[0].title.as_deref(),
            Some("Réalisation 1 : Traitement de tickets")
        );
    }

    #[test]
    fn a_total_row_under_a_list_is_no_realisation() {
        let rows = [
            ("A3", "Réalisations professionnelles"),
            ("B3", "Période"),
            ("C3", "Compétences"),
            ("A4", "Traitement de tickets"),
            ("B4", "13/06/24 au 21/07/24"),
            ("C4", "B1.2"),
            ("A5", "Site vitrine"),
            ("B5", "01/09/24 au 12/10/24"),
            ("C5", "B1.3, B1.4"),
        ];
        for total in [&[("A7", "Total")][..], &[("A7", "TOTAL :"), ("C7", "2")]] {
            let cells: Vec<(&str, &str)> = rows.iter().chain(total).copied().collect();
            let grid = extract(&cells).expect("a list");
            assert_eq!(realisation_cells(&grid), ["A4", "A5"], "{total:?}");
        }
    }

    #[test]
    fn a_realisation_titled_like_an_identity_label_stays_a_realisation() {
        // « Portfolio » alone is also the portfolio label; with its competences it is a row
        // of the grid, and its period is no portfolio address.
        let grid = extract(&[
            ("A1", "NOM et prénom : PETIT Lucas"),
            ("A3", "Réalisations professionnelles"),
            ("B3", "Période"),
            ("C3", "Compétences"),
            ("A4", "Traitement de tickets"),
            ("B4", "13/06/24 au 21/07/24"),
            ("C4", "B1.2"),
            ("A5", "Portfolio"),
            ("B5", "01/09/24 au 12/10/24"),
            ("C5", "B1.1 ; B1.6"),
        ])
        .expect("a list");
        let titles: Vec<&str> = grid
            .realisations
            .iter()
            .filter_map(|r| r.title.as_deref())
            .collect();
        assert_eq!(titles, ["Traitement de tickets", "Portfolio"]);
        assert!(
            !grid
                .identity
                .iter()
                .any(|f| f.kind == crate::model::IdentityKind::PortfolioUrl)
        );
    }

    #[test]
    fn the_first_realisation_is_not_taken_for_the_header() {
        // Its list cell names « Planifier les activités » (« activité », as a list label) and
        // is longer than any heading; its title starts with « Réalisation ».
        let long = [
            "Recenser et identifier les ressources numériques",
            "Exploiter des référentiels, normes et standards adoptés par le prestataire informatique",
            "Mettre en place et vérifier les niveaux d’habilitation associés à un service",
            "Vérifier les conditions de la continuité d’un service informatique",
            "Gérer des sauvegardes",
            "Vérifier le respect des règles d’utilisation des ressources numériques",
            "Traiter des demandes concernant les services réseau et système, applicatifs",
            "Planifier les activités",
            "Déployer un service",
            "Accompagner les utilisateurs dans la mise en place d’un service",
            "Mettre en œuvre des outils et stratégies de veille informationnelle",
        ]
        .join("\n");
        assert!(long.len() > 600);
        let grid = extract(&[
            ("B10", "Réalisations professionnelles"),
            ("C10", "Période"),
            ("D10", "Compétences / activités"),
            ("B11", "Réalisation d’un plan de sauvegarde"),
            ("C11", "01/09/24 au 30/09/24"),
            ("D11", &long),
            ("B12", "Veille"),
            ("C12", "01/10/24 au 30/10/24"),
            ("D12", "B1.6"),
            ("B14", "Site vitrine du club"),
            ("D14", "B1.3"),
        ])
        .expect("a list");
        let cells = realisation_cells(&grid);
        assert_eq!(cells, ["B11", "B12", "B14"]);
        assert_eq!(grid.realisations[0].marks.len(), 11);
        // The empty period of B14 is said at its period cell.
        let period = grid.realisations[2].period.as_ref().expect("a period cell");
        assert_eq!(period.cell.to_string(), "C14");
        assert!(matches!(
            period.parsed,
            crate::grid::Period::Invalid {
                reason: crate::grid::PeriodProblem::Empty,
                ..
            }
        ));
    }
}
