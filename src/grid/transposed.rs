//! The `competence-rows` layout: competences (and maybe their activities) as row headings in
//! one or two columns, réalisations as columns, their titles in a header row above and their
//! periods perhaps in a second header row.

use std::collections::{BTreeMap, BTreeSet};

use super::columns::{Placement, is_period_label, is_title_label};
use super::period::{looks_like_period, take_period};
use super::scan::{Found, Scan, place_under, take_title};
use super::{Heading, Layout, Realisation, Target};
use crate::model::CellPos;
use crate::text::clean;
use crate::text::match_key;
use crate::workbook::Value;

/// How many rows above the first row heading may hold the titles and periods.
const HEADER_ROWS: u32 = 4;

pub(crate) fn read(scan: &Scan<'_, '_>, best_col: u32) -> Option<Found> {
    let cells = &scan.cells;
    let known = |t: &Target| matches!(t, Target::Competence(_) | Target::Activity(_));
    // Heading columns: the best one and a neighbour holding activities.
    let mut per_col: BTreeMap<u32, usize> = BTreeMap::new();
    for h in scan.hits.iter().filter(|h| known(&h.target)) {
        *per_col.entry(h.pos.col).or_default() += 1;
    }
    // Cells listing a competence's activities, whatever their bullets, beside its row.
    let mut block_cols: BTreeMap<u32, usize> = BTreeMap::new();
    for (pos, _) in &scan.blocks {
        *block_cols.entry(pos.col).or_default() += 1;
    }
    let mut heading_cols: BTreeSet<u32> = [
        best_col.saturating_sub(1),
        best_col,
        best_col.saturating_add(1),
    ]
    .into_iter()
    .filter(|c| {
        *c == best_col
            || per_col.get(c).is_some_and(|n| *n >= 2)
            || block_cols.get(c).is_some_and(|n| *n >= 2)
    })
    .collect();
    if block_cols
        .get(&best_col.saturating_add(2))
        .is_some_and(|n| *n >= 2)
        && heading_cols.contains(&best_col.saturating_add(1))
    {
        heading_cols.insert(best_col.saturating_add(2));
    }
    let last_heading_col = *heading_cols.iter().next_back()?;
    let first_heading_col = *heading_cols.iter().next()?;
    let heading_hits: Vec<&super::scan::Hit> = scan
        .hits
        .iter()
        .filter(|h| known(&h.target) && heading_cols.contains(&h.pos.col))
        .collect();
    let first_row = heading_hits.iter().map(|h| h.pos.row).min()?;
    let last_row = heading_hits.iter().map(|h| h.pos.row).max()?;
    // A list, not a transposed grid, when the heading rows carry titles on their left.
    let titled_left = heading_hits
        .iter()
        .filter(|h| {
            cells
                .row(h.pos.row)
                .iter()
                .any(|(c, v)| *c < first_heading_col && matches!(v, Value::Text(_)))
        })
        .count();
    if titled_left * 2 > heading_hits.len() {
        return None;
    }

    let mut consumed = BTreeSet::new();
    let mut headings: Vec<Heading> = Vec::new();
    // Row headings: matched cells, and other texts between them (unknown or typos).
    let mut row_heading: BTreeMap<u32, (u32, usize)> = BTreeMap::new();
    for row in cells.rows_between(first_row, last_row.saturating_add(2)) {
        let r = row.row;
        for (col, value) in &row.cells {
            if !heading_cols.contains(col) {
                continue;
            }
            let Value::Text(text) = value else { continue };
            let pos = CellPos::new(r, *col);
            if scan.blocks.iter().any(|(p, _)| *p == pos) {
                consumed.insert(pos);
                continue;
            }
            // Below the last matched row, only exact matches are headings.
            if r > last_row && scan.hit_at(pos).is_none() {
                continue;
            }
            let (target, suggestion) = scan.heading_at(pos, text);
            consumed.insert(pos);
            if row_heading.get(&r).is_none_or(|(c, _)| *c < *col) {
                row_heading.insert(r, (*col, headings.len()));
            }
            headings.push(Heading {
                cell: pos,
                text: clean(text),
                target,
                under: None,
                suggestion,
            });
        }
    }
    // Activities under the competence row above them.
    place_under(&mut headings, |c, a| c.row <= a.row, |c| c.row);

    let row_target: BTreeMap<u32, Placement> = row_heading
        .iter()
        .filter_map(|(r, (_, i))| headings.get(*i).map(|h| (*r, Placement::of(h, scan))))
        .collect();

    // Header rows above: titles, periods.
    let mut title_row = None;
    let mut period_row = None;
    let top = first_row.saturating_sub(HEADER_ROWS);
    let mut candidates: Vec<(u32, usize, usize)> = Vec::new();
    for r in top..first_row {
        let row = cells.row(r);
        for (col, value) in row {
            if *col <= last_heading_col
                && let Value::Text(t) = value
            {
                let key = match_key(t);
                if is_period_label(&key) {
                    period_row = Some(r);
                    consumed.insert(CellPos::new(r, *col));
                } else if is_title_label(&key)
                    || key.starts_with("competence")
                    || key.starts_with("activite")
                {
                    if is_title_label(&key) {
                        title_row = Some(r);
                    }
                    consumed.insert(CellPos::new(r, *col));
                }
            }
        }
        let right: Vec<&Value> = row
            .iter()
            .filter(|(c, _)| *c > last_heading_col)
            .map(|(_, v)| *v)
            .collect();
        if right.is_empty() {
            continue;
        }
        let periods = right
            .iter()
            .filter(|v| match v {
                Value::Text(t) => looks_like_period(t),
                Value::Date(_) => true,
                _ => false,
            })
            .count();
        candidates.push((r, right.len(), periods));
    }
    if period_row.is_none() {
        period_row = candidates
            .iter()
            .filter(|(r, n, p)| Some(*r) != title_row && p * 2 > *n)
            .map(|(r, _, _)| *r)
            .next_back();
    }
    if title_row.is_none() {
        title_row = candidates
            .iter()
            .filter(|(r, _, _)| Some(*r) != period_row)
            .max_by_key(|(r, n, p)| (n - p, *r))
            .map(|(r, _, _)| *r);
    }

    // One réalisation per column right of the headings.
    let mut columns: BTreeSet<u32> = BTreeSet::new();
    for r in [title_row, period_row].into_iter().flatten() {
        columns.extend(
            cells
                .row(r)
                .iter()
                .map(|(c, _)| *c)
                .filter(|c| *c > last_heading_col),
        );
    }
    for r in row_target.keys() {
        columns.extend(
            cells
                .row(*r)
                .iter()
                .map(|(c, _)| *c)
                .filter(|c| *c > last_heading_col),
        );
    }
    let title_at = title_row.unwrap_or(first_row.saturating_sub(1));
    let mut realisations = Vec::new();
    for col in columns {
        if realisations.len() > super::MAX_REALISATIONS {
            break;
        }
        let title_pos = CellPos::new(title_at, col);
        let title_cell = title_row.and_then(|_| cells.get(title_pos));
        let title = take_title(title_cell.map(|v| (title_pos, v)), &mut consumed);
        // An empty cell of the period row is an empty period, said at that cell.
        let period_at = period_row.map(|r| CellPos::new(r, col));
        let period_cell = period_at.and_then(|pos| cells.get(pos).map(|v| (pos, v)));
        let period = take_period(period_cell, period_at, &mut consumed);
        let mut marks = Vec::new();
        for (r, placement) in &row_target {
            let pos = CellPos::new(*r, col);
            let Some(value) = cells.get(pos) else {
                continue;
            };
            let Some(mark) = placement.mark(pos, value, scan) else {
                continue;
            };
            consumed.insert(pos);
            marks.push(mark);
        }
        realisations.push(Realisation {
            cell: title_pos,
            title,
            section: None,
            period,
            marks,
        });
    }
    let mark_lines = row_target
        .iter()
        .map(|(row, placement)| super::MarkLine {
            index: *row,
            placed: placement.placed.clone(),
        })
        .collect();
    Some(Found {
        layout: Layout::CompetenceRows,
        headings,
        realisations,
        body_start: title_row.or(period_row).unwrap_or(first_row),
        consumed,
        mark_lines,
    })
}

#[cfg(test)]
mod tests {
    use crate::grid::{Layout, Period, PeriodProblem, extract_sheet};
    use crate::model::CellPos;
    use crate::referential::embedded;
    use crate::workbook::{Sheet, Value};

    #[test]
    fn an_empty_period_is_said_at_its_cell_of_the_period_row() {
        let mut sheet = Sheet::new("Feuil1");
        let mut put = |a1: &str, text: &str| {
            sheet.set(CellPos::parse(a1).expect("A1"), Value::Text(text.into()));
        };
        put("A1", "Réalisations");
        put("B1", "Site vitrine du club");
        put("C1", "Veille technologique");
        put("A2", "Période");
        put("B2", "01/09/24 au 30/09/24");
        for (i, title) in [
            "Gérer le patrimoine informatique",
            "Répondre aux incidents et aux demandes d’assistance et d’évolution",
            "Développer la présence en ligne de l’organisation",
            "Travailler en mode projet",
            "Mettre à disposition des utilisateurs un service informatique",
            "Organiser son développement professionnel",
        ]
        .iter()
        .enumerate()
        {
            put(&format!("A{}", i + 3), title);
        }
        put("B5", "X");
        put("C8", "X");
        let r = embedded::get("bts-sio-b1").expect("embedded");
        let g = extract_sheet(&sheet, &r).expect("a grid");
        assert_eq!(g.layout, Layout::CompetenceRows);
        assert_eq!(g.realisations.len(), 2);
        // The mark cells of a réalisation are its column beside the competence rows.
        let cells: Vec<String> = g
            .mark_cells(&g.realisations[1])
            .map(|(cell, _)| cell.to_string())
            .collect();
        assert_eq!(cells, ["C3", "C4", "C5", "C6", "C7", "C8"]);
        let period = g.realisations[1].period.as_ref().expect("a period cell");
        assert_eq!(period.cell.to_string(), "C2");
        assert!(matches!(
            period.parsed,
            Period::Invalid {
                reason: PeriodProblem::Empty,
                ..
            }
        ));
    }
}
