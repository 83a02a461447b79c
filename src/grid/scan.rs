//! What the layout readers share: the one cheap scan of a sheet that matches every short text
//! cell exactly against the referential, what a reader gives back ([`Found`]), and the small
//! steps every layout takes (a title cell, activities placed under their competence).
//!
//! It sits below `extract` and the layout readers (`columns`, `transposed`, `list`), so that
//! `extract` calls the readers and the readers never call back into `extract`.

use std::collections::{BTreeSet, HashMap};

use super::cells::Cells;
use super::heading::HeadingMatcher;
use super::lines::Reading;
use super::{Heading, Layout, MarkLine, Realisation, Target};
use crate::model::CellPos;
use crate::workbook::{Sheet, Value};

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
    /// Cells listing activities of one competence (row 7 of the official model), whatever
    /// opens their lines.
    pub blocks: Vec<(CellPos, String)>,
}

/// Text cells longer than this are réalisation descriptions, never headings.
const MAX_HEADING_LEN: usize = 600;

/// Rows of nothing after which whatever follows is junk, not the grid.
pub(crate) const MAX_GAP: u32 = 40;

impl<'a, 'r> Scan<'a, 'r> {
    pub(super) fn new(sheet: &'a Sheet, matcher: &'a HeadingMatcher<'r>) -> Self {
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
                match matcher.classify(text) {
                    Some(Reading::Heading(target)) => hits.push(Hit { pos, target }),
                    Some(Reading::Block(code)) => blocks.push((pos, code)),
                    None => {}
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
    pub headings: Vec<Heading>,
    pub realisations: Vec<Realisation>,
    /// First row of réalisations: identity labels at or below it need « label : ».
    pub body_start: u32,
    pub consumed: BTreeSet<CellPos>,
    /// The mark columns (rows, transposed) and where their marks are placed.
    pub mark_lines: Vec<MarkLine>,
}
