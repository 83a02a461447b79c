//! Finding the grid in a sheet: one cheap pass matches every short text cell exactly against
//! the referential (hash lookups), the layout follows from where the matches line up, then
//! the layout's own reader walks the rows.

use std::collections::{BTreeMap, BTreeSet};

use super::heading::HeadingMatcher;
use super::key::key as match_key;
use super::scan::{Found, Scan};
use super::{Grid, IdentityField, Realisation, Target, columns, identity, list, transposed};
use crate::model::Referential;
use crate::workbook::{Sheet, Workbook};

/// Extracts the grid of one sheet, `None` when the sheet holds no grid.
pub fn extract_sheet(sheet: &Sheet, referential: &Referential) -> Option<Grid> {
    let matcher = HeadingMatcher::new(referential);
    extract_with(sheet, &matcher)
}

pub(crate) fn extract_with(sheet: &Sheet, matcher: &HeadingMatcher<'_>) -> Option<Grid> {
    let scan = Scan::new(sheet, matcher);
    let known = |t: &Target| matches!(t, Target::Competence(_) | Target::Activity(_));
    // Distinct matched columns per row, distinct matched rows per column.
    let mut per_row: BTreeMap<u32, BTreeSet<u32>> = BTreeMap::new();
    let mut per_col: BTreeMap<u32, BTreeSet<u32>> = BTreeMap::new();
    for h in &scan.hits {
        per_row.entry(h.pos.row).or_default().insert(h.pos.col);
        if known(&h.target) {
            per_col.entry(h.pos.col).or_default().insert(h.pos.row);
        }
    }
    let best_row = per_row
        .iter()
        .map(|(r, cols)| (cols.len(), std::cmp::Reverse(*r)))
        .max()
        .map(|(n, r)| (r.0, n));
    let best_col = per_col
        .iter()
        .map(|(c, rows)| (rows.len(), std::cmp::Reverse(*c)))
        .max()
        .map(|(n, c)| (c.0, n));
    let row_n = best_row.map_or(0, |(_, n)| n);
    let col_n = best_col.map_or(0, |(_, n)| n);
    let found = if row_n >= 2 && row_n >= col_n {
        best_row.and_then(|(r, _)| columns::read(&scan, r))
    } else if col_n >= 2 {
        best_col.and_then(|(c, _)| transposed::read(&scan, c))
    } else {
        None
    };
    let found = found.or_else(|| list::read(&scan))?;
    let Found {
        layout,
        headings,
        realisations,
        body_start,
        mut consumed,
        mark_lines,
    } = found;
    let ids = identity::find(&scan.cells, Some(body_start));
    let identity: Vec<IdentityField> = ids.fields;
    // An identity cell is never a réalisation (« Adresse Portfolio : … » under the grid).
    let mut realisations: Vec<Realisation> = realisations
        .into_iter()
        .filter(|r| !ids.consumed.contains(&r.cell))
        // grille's colour legend under a corrected grid is not a réalisation.
        .filter(|r| !r.title.as_deref().is_some_and(super::markers::is_legend))
        .collect();
    // Marks are collected as they come (room for four): a sheet of 200 000 réalisations would
    // keep 60 MB of that room for nothing.
    for r in &mut realisations {
        r.marks.shrink_to_fit();
    }
    consumed.extend(ids.consumed.iter().copied());
    Some(Grid {
        sheet: sheet.name.clone(),
        layout,
        identity,
        headings,
        realisations,
        consumed,
        mark_lines,
        fills: sheet.fills.clone(),
    })
}

/// Names of sheets that explain, rather than hold, the grid.
fn is_instructions(name: &str) -> bool {
    let key = match_key(name);
    [
        "consigne",
        "instruction",
        "mode d emploi",
        "notice",
        "lisez",
        "aide",
        "exemple",
        "readme",
    ]
    .iter()
    .any(|w| key.contains(w))
}

/// Picks the sheet that holds the grid: instructions sheets last, visible sheets first, then
/// the grid with the most recognised headings and réalisations.
pub fn extract(workbook: &Workbook, referential: &Referential) -> Option<Grid> {
    let matcher = HeadingMatcher::new(referential);
    workbook
        .sheets
        .iter()
        .enumerate()
        .filter_map(|(i, sheet)| {
            let grid = extract_with(sheet, &matcher)?;
            let known = grid
                .headings
                .iter()
                .filter(|h| !matches!(h.target, Target::Unknown))
                .count();
            let score = known * 10 + grid.realisations.len();
            let rank = (
                !is_instructions(&sheet.name),
                // In a corrected workbook, the corrected grid before grille's report and its
                // copy of the candidate's original sheet.
                !super::markers::is_added_sheet(&sheet.name),
                !sheet.hidden,
                score,
                std::cmp::Reverse(i),
            );
            Some((rank, grid))
        })
        .max_by(|a, b| a.0.cmp(&b.0))
        .map(|(_, grid)| grid)
}
