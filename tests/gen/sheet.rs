//! The cells of a generated workbook, and their XLSX and CSV writers.

use std::collections::BTreeMap;
use std::path::Path;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook};

/// One cell's content.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Bool(bool),
    /// A real date cell (year, month, day), shown as JJ/MM/AAAA.
    Date(u16, u8, u8),
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Self {
        Cell::Text(s.into())
    }

    /// The cell as a CSV export shows it.
    fn csv_text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Number(n) if n.fract() == 0.0 => format!("{}", *n as i64),
            Cell::Number(n) => format!("{n}"),
            Cell::Bool(b) => if *b { "VRAI" } else { "FAUX" }.to_string(),
            Cell::Date(y, m, d) => format!("{d:02}/{m:02}/{y:04}"),
        }
    }
}

/// One worksheet: sparse cells at zero-based (row, column), and merged ranges
/// (first row, first column, last row, last column).
#[derive(Debug, Clone, Default)]
pub struct SheetData {
    pub name: String,
    pub cells: BTreeMap<(u32, u32), Cell>,
    pub merges: Vec<(u32, u32, u32, u32)>,
    /// Cells drawn with a diagonal border (the official corner cell).
    pub diagonal: Vec<(u32, u32)>,
    /// Cells filled with a solid colour (0xRRGGBB), written to XLSX only.
    pub fills: BTreeMap<(u32, u32), u32>,
}

impl SheetData {
    pub fn new(name: impl Into<String>) -> Self {
        SheetData {
            name: name.into(),
            ..SheetData::default()
        }
    }

    pub fn set(&mut self, row: u32, col: u32, cell: Cell) {
        self.cells.insert((row, col), cell);
    }

    pub fn text(&mut self, row: u32, col: u32, text: impl Into<String>) {
        self.set(row, col, Cell::Text(text.into()));
    }

    /// Merges a range when it spans more than one cell and overlaps no other merge.
    pub fn merge(&mut self, r1: u32, c1: u32, r2: u32, c2: u32) {
        if (r1, c1) == (r2, c2) {
            return;
        }
        let overlaps = self
            .merges
            .iter()
            .any(|&(a, b, c, d)| r1 <= c && a <= r2 && c1 <= d && b <= c2);
        if !overlaps {
            self.merges.push((r1, c1, r2, c2));
        }
    }

    /// The last used row.
    pub fn max_row(&self) -> u32 {
        self.cells.keys().map(|(r, _)| *r).max().unwrap_or(0)
    }

    pub fn max_col(&self) -> u32 {
        self.cells.keys().map(|(_, c)| *c).max().unwrap_or(0)
    }

    /// Moves every cell and merge down and right.
    pub fn shift(&mut self, rows: u32, cols: u32) {
        self.cells = std::mem::take(&mut self.cells)
            .into_iter()
            .map(|((r, c), v)| ((r + rows, c + cols), v))
            .collect();
        for m in &mut self.merges {
            *m = (m.0 + rows, m.1 + cols, m.2 + rows, m.3 + cols);
        }
        for d in &mut self.diagonal {
            *d = (d.0 + rows, d.1 + cols);
        }
        self.fills = std::mem::take(&mut self.fills)
            .into_iter()
            .map(|((r, c), v)| ((r + rows, c + cols), v))
            .collect();
    }
}

/// A workbook: its sheets in tab order.
#[derive(Debug, Clone, Default)]
pub struct Book {
    pub sheets: Vec<SheetData>,
}

/// Writes the book as XLSX with a fixed creation date (identical bytes on every run).
pub fn write_xlsx(book: &Book, path: &Path) {
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(2025, 5, 12).expect("date");
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let diagonal = wrap
        .clone()
        .set_border_diagonal(FormatBorder::Thin)
        .set_border_diagonal_type(rust_xlsxwriter::FormatDiagonalBorder::BorderDown);
    for data in &book.sheets {
        let sheet = workbook.add_worksheet();
        sheet.set_name(&data.name).expect("sheet name");
        let mut merged_first = BTreeMap::new();
        for &(r1, c1, r2, c2) in &data.merges {
            merged_first.insert((r1, c1), ());
            let text = match data.cells.get(&(r1, c1)) {
                Some(Cell::Text(s)) => s.clone(),
                _ => String::new(),
            };
            let format = if data.diagonal.contains(&(r1, c1)) {
                &diagonal
            } else {
                &wrap
            };
            sheet
                .merge_range(r1, c1 as u16, r2, c2 as u16, &text, format)
                .expect("merge");
        }
        for (&(r, c), cell) in &data.cells {
            if merged_first.contains_key(&(r, c)) && matches!(cell, Cell::Text(_)) {
                continue;
            }
            let c = c as u16;
            match cell {
                Cell::Text(s) => {
                    if s.contains('\n') || data.diagonal.contains(&(r, c as u32)) {
                        let f = if data.diagonal.contains(&(r, c as u32)) {
                            &diagonal
                        } else {
                            &wrap
                        };
                        sheet.write_string_with_format(r, c, s, f).expect("write");
                    } else {
                        sheet.write_string(r, c, s).expect("write");
                    }
                }
                Cell::Number(n) => {
                    sheet.write_number(r, c, *n).expect("write");
                }
                Cell::Bool(b) => {
                    sheet.write_boolean(r, c, *b).expect("write");
                }
                Cell::Date(y, m, d) => {
                    let dt = ExcelDateTime::from_ymd(*y, *m, *d).expect("valid date");
                    sheet
                        .write_datetime_with_format(r, c, &dt, &date)
                        .expect("write");
                }
            }
        }
        for (&(r, c), &rgb) in &data.fills {
            let fill = Format::new().set_background_color(rgb);
            sheet.set_cell_format(r, c as u16, &fill).expect("fill");
        }
    }
    workbook.save(path).expect("save xlsx");
}

/// Writes one sheet as a `;`-separated CSV, the way a spreadsheet exports it (every row up to
/// the last used one, every column up to the last used one, quotes where needed).
pub fn write_csv(sheet: &SheetData, path: &Path, windows_1252: bool) {
    let (max_row, max_col) = (sheet.max_row(), sheet.max_col());
    let mut out = String::new();
    for r in 0..=max_row {
        let fields: Vec<String> = (0..=max_col)
            .map(|c| {
                let text = sheet
                    .cells
                    .get(&(r, c))
                    .map(Cell::csv_text)
                    .unwrap_or_default();
                if text.contains([';', '"', '\n', '\r']) {
                    format!("\"{}\"", text.replace('"', "\"\""))
                } else {
                    text
                }
            })
            .collect();
        out.push_str(&fields.join(";"));
        out.push_str("\r\n");
    }
    let bytes = if windows_1252 {
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&out);
        assert!(!unmappable, "CSV text not representable in Windows-1252");
        bytes.into_owned()
    } else {
        out.into_bytes()
    };
    std::fs::write(path, bytes).expect("write csv");
}
