//! Finding the grid in a sheet: one cheap pass matches every short text cell exactly against
//! the referential (hash lookups), the layout follows from where the matches line up, then
//! the layout's own reader walks the rows.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::cells::Cells;
use super::heading::HeadingMatcher;
use super::key::key as match_key;
use super::{
    Grid, Heading, IdentityField, Layout, Realisation, Target, columns, identity, list, transposed,
};
use crate::model::{CellPos, Referential};
use crate::workbook::{Sheet, Value, Workbook};

/// A heading matched exactly during the scan.
#[derive(Debug, Clone)]
pub(crate) struct Hit {
    pub pos: CellPos,
    pub target: Target,
}

/// What the scan found, shared by the layout readers.
pub(crate) struct Scan<'a, 'r> {
    pub cells: Cells<'a>,
    pub matcher: &'a HeadingMatcher<'r>,
    pub hits: Vec<Hit>,
    /// Where each hit is, to answer [`Scan::hit_at`] without walking every hit (a sheet of
    /// 200 000 rows of headings would make that quadratic).
    hit_index: HashMap<CellPos, usize>,
    /// Cells holding « ▸ » activity lines of one competence (row 7 of the official model).
    pub blocks: Vec<(CellPos, String)>,
}

/// Text cells longer than this are réalisation descriptions, never headings.
const MAX_HEADING_LEN: usize = 600;

/// Rows of nothing after which whatever follows is junk, not the grid.
pub(crate) const MAX_GAP: u32 = 40;

impl<'a, 'r> Scan<'a, 'r> {
    fn new(sheet: &'a Sheet, matcher: &'a HeadingMatcher<'r>) -> Self {
        let cells = Cells::new(sheet);
        let mut hits = Vec::new();
        let mut blocks = Vec::new();
        for row in &cells.rows {
            for (col, value) in &row.cells {
                let Value::Text(text) = value else { continue };
                if text.len() > MAX_HEADING_LEN {
                    continue;
                }
                let pos = CellPos::new(row.row, *col);
                if let Some(target) = matcher.exact(text) {
                    hits.push(Hit { pos, target });
                } else if text.contains(['▸', '►', '▶', '•', '▪'])
                    && let Some(code) = matcher.activity_block(text)
                {
                    blocks.push((pos, code));
                }
            }
        }
        let hit_index = hits.iter().enumerate().map(|(i, h)| (h.pos, i)).collect();
        Self {
            cells,
            matcher,
            hits,
            hit_index,
            blocks,
        }
    }

    /// Whether a cell holds an exact heading match.
    pub fn hit_at(&self, pos: CellPos) -> Option<&Target> {
        let i = *self.hit_index.get(&pos)?;
        self.hits.get(i).map(|h| &h.target)
    }

    /// What the heading text at `pos` stands for: its exact match from the scan, else the
    /// matcher's closest reading, with the official text to suggest when it is unknown.
    pub fn heading_at(&self, pos: CellPos, text: &str) -> (Target, Option<String>) {
        match self.hit_at(pos) {
            Some(target) => (target.clone(), None),
            None => {
                let found = self.matcher.find(text);
                (found.target, found.suggestion)
            }
        }
    }
}

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
        .filter(|r| {
            !r.title
                .as_deref()
                .is_some_and(super::markers::is_legend)
        })
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

/// The title of a réalisation from its cell, trimmed, the cell marked consumed.
pub(crate) fn take_title(
    cell: Option<(CellPos, &Value)>,
    consumed: &mut BTreeSet<CellPos>,
) -> Option<String> {
    cell.map(|(pos, value)| {
        consumed.insert(pos);
        value.display().trim().to_string()
    })
}

/// Sets the competence each activity heading sits under: among the competence headings that
/// are `above` it (competence cell, activity cell), the greatest by `rank`, the nearest one.
/// The layouts differ only in what « above » and « nearest » mean.
pub(crate) fn place_under<K: Ord>(
    headings: &mut [Heading],
    above: impl Fn(CellPos, CellPos) -> bool,
    rank: impl Fn(CellPos) -> K,
) {
    let competences: Vec<(CellPos, String)> = headings
        .iter()
        .filter_map(|h| match &h.target {
            Target::Competence(c) => Some((h.cell, c.clone())),
            _ => None,
        })
        .collect();
    for h in headings.iter_mut() {
        if matches!(h.target, Target::Activity(_)) {
            h.under = competences
                .iter()
                .filter(|(p, _)| above(*p, h.cell))
                .max_by_key(|(p, _)| rank(*p))
                .map(|(_, c)| c.clone());
        }
    }
}

/// What a layout reader gives back.
pub(crate) struct Found {
    pub layout: Layout,
    pub headings: Vec<super::Heading>,
    pub realisations: Vec<Realisation>,
    /// First row of réalisations: identity labels at or below it need « label : ».
    pub body_start: u32,
    pub consumed: BTreeSet<CellPos>,
    /// The mark columns (rows, transposed) and where their marks are placed.
    pub mark_lines: Vec<super::MarkLine>,
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
