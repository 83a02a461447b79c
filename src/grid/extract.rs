//! Finding the grid in a sheet: one cheap pass matches every short text cell exactly against
//! the referential (hash lookups), the layout follows from where the matches line up, then
//! the layout's own reader walks the rows.

use std::collections::{BTreeMap, BTreeSet};

use super::heading::HeadingMatcher;
use super::scan::{Found, Scan};
use super::{Grid, IdentityField, Realisation, Target, columns, identity, list, transposed};
use crate::model::{CellPos, Referential};
use crate::text::match_key;
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
    // Both readings the matches allow, the one with more evidence kept: activity codes
    // written as marks line up in a column as well as headings do in a row.
    let by_row = best_row
        .filter(|_| row_n >= 2)
        .and_then(|(r, _)| columns::read(&scan, r));
    let by_col = best_col
        .filter(|_| col_n >= 2)
        .and_then(|(c, _)| transposed::read(&scan, c));
    let found = match (by_row, by_col) {
        (Some(a), Some(b)) => Some(if evidence(&b) > evidence(&a) { b } else { a }),
        (a, b) => a.or(b),
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
    // A titled row with marks is a réalisation, even one titled like a label (« Portfolio »).
    let marked: BTreeSet<CellPos> = realisations
        .iter()
        .filter(|r| !r.marks.is_empty())
        .map(|r| r.cell)
        .collect();
    let ids = identity::find(&scan.cells, Some(body_start), &marked);
    let identity: Vec<IdentityField> = ids.fields;
    // An identity cell is never a réalisation (« Adresse Portfolio : … » under the grid).
    let mut realisations: Vec<Realisation> = realisations
        .into_iter()
        .filter(|r| !ids.consumed.contains(&r.cell))
        // grille's colour legend under a corrected grid is not a réalisation.
        .filter(|r| !r.title.as_deref().is_some_and(super::markers::is_legend))
        .collect();
    // A legend or note under the grid is no réalisation; its cell stays for `grille fix`.
    for cell in super::notes::drop_trailing_notes(&mut realisations) {
        consumed.remove(&cell);
    }
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

/// How well a reading fits the referential: the distinct competences and activities its
/// headings name, and its titled réalisations with a mark that counts.
fn evidence(found: &Found) -> usize {
    let mut named: Vec<&Target> = Vec::new();
    for h in &found.headings {
        if matches!(h.target, Target::Competence(_) | Target::Activity(_))
            && !named.contains(&&h.target)
        {
            named.push(&h.target);
        }
    }
    let marked = found
        .realisations
        .iter()
        .filter(|r| {
            r.title.is_some() && r.marks.iter().any(|m| m.value != super::MarkValue::Invalid)
        })
        .count();
    named.len() * 2 + marked
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
            // A sheet listing the referential (codes and texts, one per line) is no grid,
            // however many headings it matches: réalisations are the evidence, and a title
            // that is itself a competence or activity text is a line of such a list.
            let realisations = grid
                .realisations
                .iter()
                .filter(|r| {
                    r.title.as_deref().is_some_and(|t| {
                        !matches!(
                            matcher.exact(t),
                            Some(Target::Competence(_) | Target::Activity(_))
                        )
                    })
                })
                .count();
            let score = (realisations > 0, known * 10 + realisations);
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
