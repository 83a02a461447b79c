//! Merged cells of a candidate's sheet worth merging again in its copy (« Contenu d'origine »).
//!
//! Why: the copy keeps every cell at its address, but a title written across six merged
//! columns, copied into one narrow column, wraps into a row hundreds of points tall and the
//! copy prints on twice the pages. A merge is copied only when nothing but its first cell
//! holds content — merging must never hide a value.

use std::collections::BTreeMap;

use crate::model::{CellPos, CellRange};
use crate::workbook::{Sheet, Value};

/// Largest merge copied, in cells (a hostile file may declare a merge of the whole sheet).
const MAX_MERGE_CELLS: u64 = 10_000;

/// The merges to write again, by their first cell: text in the first cell, nothing in the
/// others, within what an XLSX sheet holds.
pub fn merges_to_copy(sheet: &Sheet) -> BTreeMap<CellPos, CellRange> {
    let mut out = BTreeMap::new();
    for range in &sheet.merges {
        let (first, last) = (range.first, range.last);
        let cells = u64::from(last.row.saturating_sub(first.row) + 1)
            * u64::from(last.col.saturating_sub(first.col) + 1);
        let fits = last.row < 1_048_576 && last.col < 16_384 && first <= last;
        let single = first == last;
        if !fits || single || cells > MAX_MERGE_CELLS || first.col > last.col {
            continue;
        }
        if !matches!(sheet.get(first), Some(Value::Text(t)) if !t.trim().is_empty()) {
            continue;
        }
        let others_empty = sheet
            .cells
            .range(first..=last)
            .all(|(pos, v)| *pos == first || !range.contains(*pos) || v.is_blank());
        if others_empty && !out.values().any(|r: &CellRange| overlaps(r, range)) {
            out.insert(first, *range);
        }
    }
    out
}

fn overlaps(a: &CellRange, b: &CellRange) -> bool {
    a.first.row <= b.last.row
        && b.first.row <= a.last.row
        && a.first.col <= b.last.col
        && b.first.col <= a.last.col
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_merges_whose_other_cells_are_empty() {
        let mut sheet = Sheet::new("Feuil1");
        sheet.set(CellPos::new(0, 0), Value::Text("BTS SIO".into()));
        sheet.set(CellPos::new(2, 0), Value::Text("NOM".into()));
        sheet.set(CellPos::new(2, 3), Value::Text("caché".into()));
        sheet.merges = vec![
            CellRange::new(CellPos::new(0, 0), CellPos::new(0, 5)),
            CellRange::new(CellPos::new(2, 0), CellPos::new(2, 5)),
            CellRange::new(CellPos::new(4, 0), CellPos::new(4, 5)),
            CellRange::new(CellPos::new(0, 2), CellPos::new(1, 3)),
        ];
        let merges = merges_to_copy(&sheet);
        // The second hides « caché », the third is empty, the fourth overlaps the first.
        assert_eq!(
            merges.keys().copied().collect::<Vec<_>>(),
            [CellPos::new(0, 0)]
        );
    }
}
