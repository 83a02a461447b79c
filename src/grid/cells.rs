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

    /// A non-blank cell.
    pub fn get(&self, pos: CellPos) -> Option<&'a Value> {
        let row = self.row(pos.row);
        row.binary_search_by_key(&pos.col, |(c, _)| *c)
            .ok()
            .map(|i| row[i].1)
    }
}
