//! The `list` layout: one row per réalisation and a free-text column naming what it
//! mobilises — codes (« B1.1, B1.4 »), activity codes, competence or activity titles, or
//! « B1.2 : Gérer des sauvegardes » (an activity written next to a competence).
//!
//! Each named item becomes a [`Mark`] on the list cell: a competence is placed at itself
//! (value `Competence`), an activity at the competence written next to it or, alone, at the
//! competence it belongs to (value `Activity`). Anything unrecognised is an `Invalid` mark.

use std::collections::{BTreeMap, BTreeSet};

use super::columns::{is_period_label, is_title_label};
use super::extract::{Found, MAX_GAP, Scan};
use super::heading::{HeadingMatcher, split_code};
use super::key::key as match_key;
use super::period::{looks_like_period, read_period_cell};
use super::section::section_of;
use super::{Layout, Mark, MarkValue, Realisation, Target};
use crate::model::CellPos;
use crate::text::clean;
use crate::workbook::Value;

/// One item named in a list cell: (text, placed, value).
pub(crate) type Item = (String, Target, MarkValue);

/// Splits a list cell into the items it names. `exact_only` skips typo tolerance (used to
/// scan a whole sheet cheaply).
pub(crate) fn parse_list(text: &str, matcher: &HeadingMatcher<'_>, exact_only: bool) -> Vec<Item> {
    let mut items = Vec::new();
    for segment in text.split(['\n', ';', '|', '+']) {
        let pieces: Vec<&str> = segment.split(',').collect();
        let mut i = 0;
        while i < pieces.len() {
            // Titles may hold commas (« Collecter, suivre et orienter des demandes »): try
            // the longest run of pieces that names something.
            let mut taken = None;
            for j in (i..pieces.len().min(i + 4)).rev() {
                let joined = pieces[i..=j].join(",");
                if let Some(item) = resolve(&joined, matcher, true) {
                    taken = Some((j, item));
                    break;
                }
            }
            match taken {
                Some((j, item)) => {
                    items.push(item);
                    i = j + 1;
                }
                None => {
                    let piece = clean(pieces[i]);
                    if !piece.is_empty() {
                        let item = if exact_only {
                            None
                        } else {
                            resolve(&piece, matcher, false)
                        };
                        items.push(item.unwrap_or((piece, Target::Unknown, MarkValue::Invalid)));
                    }
                    i += 1;
                }
            }
        }
    }
    items
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
        if exact_only
            && !rest.is_empty()
            && !matches!(target, Target::Competence(_))
            && find(rest).is_none()
        {
            return None;
        }
        return match target {
            Target::Competence(c) => {
                let written = if rest.is_empty() { None } else { find(rest) };
                match written {
                    Some(Target::Activity(a)) => {
                        item(Target::Competence(c), MarkValue::Activity(a))
                    }
                    // « B1.1, B1.4 » joined is not one item.
                    None if exact_only && !rest.is_empty() => None,
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

pub(crate) fn read(scan: &Scan<'_, '_>) -> Option<Found> {
    let cells = &scan.cells;
    // The list column: the one with the most cells naming competences or activities.
    let mut per_col: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
    for row in &cells.rows {
        for (col, value) in &row.cells {
            if let Value::Text(t) = value
                && t.len() < 600
                && recognised(&parse_list(t, scan.matcher, true)) > 0
            {
                per_col.entry(*col).or_default().push(row.row);
            }
        }
    }
    let (list_col, rows) = per_col
        .into_iter()
        .filter(|(_, rows)| rows.len() >= 2)
        .max_by_key(|(c, rows)| (rows.len(), std::cmp::Reverse(*c)))?;
    let first_row = *rows.first()?;
    let mut consumed = BTreeSet::new();
    // Optional header row just above: « Réalisation », « Période », « Compétences ».
    let mut title_col = None;
    let mut period_col = None;
    let mut header_row = None;
    for r in first_row.saturating_sub(3)..first_row {
        for (col, value) in cells.row(r) {
            let Value::Text(t) = value else { continue };
            let key = match_key(t);
            let is_list_label =
                *col == list_col && (key.contains("competence") || key.contains("activite"));
            if is_period_label(&key) {
                period_col = Some(*col);
            } else if is_title_label(&key) {
                title_col = Some(*col);
            } else if !is_list_label {
                continue;
            }
            header_row = Some(r);
            consumed.insert(CellPos::new(r, *col));
        }
    }
    let body: Vec<&super::cells::Row<'_>> = cells
        .rows
        .iter()
        .filter(|r| r.row > header_row.unwrap_or(first_row.saturating_sub(1)))
        .collect();
    let title_col = title_col.or_else(|| {
        let mut counts: BTreeMap<u32, usize> = BTreeMap::new();
        for r in body.iter().filter(|r| rows.contains(&r.row)) {
            for (col, v) in &r.cells {
                if *col != list_col
                    && Some(*col) != period_col
                    && matches!(v, Value::Text(t) if !looks_like_period(t))
                {
                    *counts.entry(*col).or_default() += 1;
                }
            }
        }
        counts
            .into_iter()
            .max_by_key(|(c, n)| (*n, std::cmp::Reverse(*c)))
            .map(|(c, _)| c)
    })?;
    let period_col = period_col.or_else(|| {
        let mut counts: BTreeMap<u32, (usize, usize)> = BTreeMap::new();
        for r in body.iter().filter(|r| rows.contains(&r.row)) {
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
        if row.row > last_row + MAX_GAP {
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
        last_row = row.row;
        let title_pos = CellPos::new(row.row, title_col);
        let title_text = title.map(|(pos, v)| {
            consumed.insert(pos);
            v.display().trim().to_string()
        });
        let period = period.map(|(pos, v)| {
            consumed.insert(pos);
            read_period_cell(pos, v)
        });
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
        body_start: header_row.map_or(first_row, |r| r + 1),
        consumed,
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
}
