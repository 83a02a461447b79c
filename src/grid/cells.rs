//! The non-blank cells of a sheet grouped by row, built once per extraction: every later
//! step walks this instead of probing positions, so a used range to AB1007 costs nothing.

use crate::model::CellPos;
use crate::workbook::{Sheet, Value};

/// The non-blank cells of one row, in column order.
pub(crate) struct Row<'a> {
    pub row: u32,
    pub cells: Vec<(u32, &'a Value)>,
}

pub(crate) struct Cells<'a> {
    pub sheet: &'a Sheet,
    pub rows: Vec<Row<'a>>,
}

impl<'a> Cells<'a> {
    /// Groups the sheet's cells by row, dropping blank ones (whitespace-only text).
    pub fn new(sheet: &'a Sheet) -> Self {
        let mut rows: Vec<Row<'a>> = Vec::new();
        for (pos, value) in &sheet.cells {
            if value.is_blank() {
                continue;
            }
            match rows.last_mut() {
                Some(last) if last.row == pos.row => last.cells.push((pos.col, value)),
                _ => rows.push(Row {
                    row: pos.row,
                    cells: vec![(pos.col, value)],
                }),
            }
        }
        Self { sheet, rows }
    }

    /// The non-blank cells of a row (empty when the row is blank).
    pub fn row(&self, row: u32) -> &[(u32, &'a Value)] {
        match self.rows.binary_search_by_key(&row, |r| r.row) {
            Ok(i) => &self.rows[i].cells,
            Err(_) => &[],
        }
    }

    /// The non-blank rows between two rows (inclusive), in order.
    ///
    /// Walks what the sheet holds rather than every row number in between: headings at row 1
    /// and at row 4 000 000 000 of a hostile file cost two rows, not four billion.
    pub fn rows_between(&self, first: u32, last: u32) -> &[Row<'a>] {
        let start = self.rows.partition_point(|r| r.row < first);
        let end = self.rows.partition_point(|r| r.row <= last);
        self.rows.get(start..end.max(start)).unwrap_or(&[])
    }

    /// A non-blank cell.
    pub fn get(&self, pos: CellPos) -> Option<&'a Value> {
        let row = self.row(pos.row);
        row.binary_search_by_key(&pos.col, |(c, _)| *c)
            .ok()
            .map(|i| row[i].1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workbook::{Sheet, Value};

    #[test]
    fn rows_between_walks_only_rows_that_hold_something() {
        let mut sheet = Sheet::new("s");
        for row in [0, 5, 6, u32::MAX] {
            sheet.set(CellPos::new(row, 1), Value::Text("x".into()));
        }
        sheet.set(CellPos::new(3, 0), Value::Text("  ".into()));
        let cells = Cells::new(&sheet);
        let rows = |a, b| -> Vec<u32> { cells.rows_between(a, b).iter().map(|r| r.row).collect() };
        assert_eq!(rows(0, u32::MAX), [0, 5, 6, u32::MAX]);
        assert_eq!(rows(1, 5), [5]);
        assert_eq!(rows(3, 4), Vec::<u32>::new());
        assert_eq!(rows(7, 2), Vec::<u32>::new());
        assert_eq!(rows(u32::MAX, u32::MAX), [u32::MAX]);
    }
}
