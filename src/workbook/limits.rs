//! The bounds every reader stays within, whatever the input: memory stays under 200 MB.
//!
//! Real synthesis grids are under 2,000 rows × 30 columns (60,000 cells, a 20 KB–2 MB file):
//! every limit below is at least 8 times what a real grid needs, so it never bites on one,
//! and each is what keeps a hostile or broken file (ZIP bomb, 1,048,576-row sheet, a CSV of
//! 30 million empty fields) from exhausting memory.
//!
//! | limit | value | why |
//! |---|---|---|
//! | file size | 32 MiB (CSV: 8 MiB) | the whole file is held in memory (a CSV also decoded) |
//! | ZIP entries | 10,000 | the zip crate keeps one record per entry |
//! | one ZIP part, declared uncompressed | 32 MiB | sheets and ODS `content.xml` are streamed; the zip crate refuses to inflate past the declared size |
//! | one part loaded whole (`sharedStrings.xml`, `styles.xml`, `workbook.xml`…) | 8 MiB | calamine keeps these in memory |
//! | all ZIP parts, declared uncompressed | 256 MiB | time bound |
//! | compression ratio of a part over 1 MiB | 200 | real XML stays under ~50; zeros reach 1,000 |
//! | non-empty cells, whole workbook | 500,000 | ≈ 40 MB in [`Sheet::cells`](super::Sheet) |
//! | text of one cell | 128 KiB | Excel's own limit is 32,767 characters |
//! | text in cells, whole workbook | 32 MiB | |
//! | cells with a fill colour, whole workbook | 200,000 | further fills are ignored, not refused: a colour is only a hint |
//! | XLS cell grid (calamine holds a dense rectangle per sheet) | 1,500,000 cells | ≈ 90 MB |
//!
//! Measured peaks (`tests/workbook_limits.rs`, whole test process): a ZIP bomb inflating to
//! 1.1 GB is refused at 6 MB, the same bomb with a lying header at 6 MB, a 200,000-row sheet
//! of 400,000 cells reads at about 60 MB, a CSV past the cell limit is refused at about 60 MB.

use crate::model::CellPos;

use super::{Fill, ReadError, Sheet, Value};

/// Largest file read at all (it is held in memory whole).
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;
/// Largest CSV file read (decoded from Windows-1252 it may double in size).
pub const MAX_CSV_BYTES: u64 = 8 * 1024 * 1024;
/// Most entries a ZIP container (XLSX, ODS) may hold.
pub const MAX_ZIP_ENTRIES: usize = 10_000;
/// Largest declared uncompressed size of one part of a ZIP container.
pub const MAX_PART_BYTES: u64 = 32 * 1024 * 1024;
/// Largest declared uncompressed size of a part a parser loads whole into memory.
pub const MAX_LOADED_PART_BYTES: u64 = 8 * 1024 * 1024;
/// Largest declared uncompressed size of all parts together.
pub const MAX_TOTAL_BYTES: u64 = 256 * 1024 * 1024;
/// Highest compression ratio accepted for a part larger than [`RATIO_FLOOR_BYTES`].
pub const MAX_RATIO: u64 = 200;
/// Parts smaller than this are not checked for their ratio (harmless whatever it is).
pub const RATIO_FLOOR_BYTES: u64 = 1024 * 1024;
/// Most non-empty cells kept over the whole workbook.
pub const MAX_CELLS: usize = 500_000;
/// Most bytes of cell text kept over the whole workbook.
pub const MAX_TEXT_BYTES: usize = 32 * 1024 * 1024;
/// Most bytes of text in one cell (Excel stops at 32,767 characters).
pub const MAX_CELL_TEXT_BYTES: usize = 128 * 1024;
/// Most cell fills kept over the whole workbook (≈ 10 MB); further fills are ignored.
pub const MAX_FILLS: usize = 200_000;
/// Largest dense rectangle (rows × columns, all sheets) calamine may allocate for an XLS file.
pub const MAX_DENSE_CELLS: u64 = 1_500_000;

/// Why a file was refused as too large, in both languages.
pub(crate) fn too_large(file: &str, fr: String, en: String) -> ReadError {
    ReadError::TooLarge {
        file: file.to_string(),
        detail: fr,
        detail_en: en,
    }
}

/// Collects cells into sheets while counting them against [`MAX_CELLS`] and
/// [`MAX_TEXT_BYTES`], so every reader refuses an oversized sheet the same way, before the
/// memory is spent.
pub(crate) struct CellBudget<'a> {
    file: &'a str,
    cells: usize,
    text_bytes: usize,
    fills: usize,
}

impl<'a> CellBudget<'a> {
    pub fn new(file: &'a str) -> Self {
        Self {
            file,
            cells: 0,
            text_bytes: 0,
            fills: 0,
        }
    }

    /// Keeps a cell's fill while fewer than [`MAX_FILLS`] are kept; ignores it past that (a
    /// sheet of a million coloured empty cells costs no memory, and loses only hints).
    pub fn put_fill(&mut self, sheet: &mut Sheet, pos: CellPos, fill: Fill) {
        if self.fills < MAX_FILLS && sheet.fills.insert(pos, fill).is_none() {
            self.fills += 1;
        }
    }

    /// Stores a non-empty cell (a later value at the same place replaces the earlier one).
    pub fn put(&mut self, sheet: &mut Sheet, pos: CellPos, value: Value) -> Result<(), ReadError> {
        self.charge(&sheet.name, &value)?;
        sheet.cells.insert(pos, value);
        Ok(())
    }

    /// Counts one more cell against the budget without storing it.
    pub fn charge(&mut self, sheet: &str, value: &Value) -> Result<(), ReadError> {
        self.cells += 1;
        if let Value::Text(s) | Value::Error(s) = value {
            self.text_bytes += s.len();
            if s.len() > MAX_CELL_TEXT_BYTES {
                return Err(too_large(
                    self.file,
                    format!(
                        "une cellule de la feuille « {sheet} » contient {} Ko de texte (limite {} Ko)",
                        s.len() / 1024,
                        MAX_CELL_TEXT_BYTES / 1024
                    ),
                    format!(
                        "a cell of sheet “{sheet}” holds {} KB of text (limit {} KB)",
                        s.len() / 1024,
                        MAX_CELL_TEXT_BYTES / 1024
                    ),
                ));
            }
        }
        if self.cells > MAX_CELLS {
            return Err(self.too_many_cells(sheet));
        }
        if self.text_bytes > MAX_TEXT_BYTES {
            return Err(too_large(
                self.file,
                format!(
                    "plus de {} Mo de texte dans les cellules (feuille « {sheet} »)",
                    MAX_TEXT_BYTES / (1024 * 1024)
                ),
                format!(
                    "more than {} MB of text in cells (sheet “{sheet}”)",
                    MAX_TEXT_BYTES / (1024 * 1024)
                ),
            ));
        }
        Ok(())
    }
}

impl CellBudget<'_> {
    /// Refuses at once when `n` more cells would pass the limit (a row repeated a million
    /// times is refused before any copy is made).
    pub fn ensure_room(&self, sheet: &str, n: usize) -> Result<(), ReadError> {
        if self.cells.saturating_add(n) > MAX_CELLS {
            Err(self.too_many_cells(sheet))
        } else {
            Ok(())
        }
    }

    fn too_many_cells(&self, sheet: &str) -> ReadError {
        too_large(
            self.file,
            format!(
                "plus de {} cellules remplies (feuille « {sheet} ») ; une grille en compte moins de 60\u{202f}000",
                group(MAX_CELLS)
            ),
            format!(
                "more than {} filled cells (sheet “{sheet}”); a grid has fewer than 60,000",
                group_en(MAX_CELLS)
            ),
        )
    }
}

/// 1000000 → « 1 000 000 » (narrow no-break space, French typography).
pub(crate) fn group(n: usize) -> String {
    group_with(n, '\u{202f}')
}

/// 1000000 → “1,000,000”.
pub(crate) fn group_en(n: usize) -> String {
    group_with(n, ',')
}

fn group_with(n: usize, sep: char) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// Bytes as « 12 Mo » / “12 MB” for messages.
pub(crate) fn mib(bytes: u64) -> u64 {
    bytes.div_ceil(1024 * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands() {
        assert_eq!(group_en(1_000_000), "1,000,000");
        assert_eq!(group_en(999), "999");
        assert_eq!(group(60_000), "60\u{202f}000");
    }

    #[test]
    fn budget_refuses_past_the_cell_limit() {
        let mut sheet = Sheet::new("S");
        let mut budget = CellBudget::new("f.csv");
        budget.cells = MAX_CELLS - 1;
        assert!(
            budget
                .put(&mut sheet, CellPos::new(0, 0), Value::Bool(true))
                .is_ok()
        );
        let err = budget
            .put(&mut sheet, CellPos::new(0, 1), Value::Bool(true))
            .unwrap_err();
        assert!(matches!(err, ReadError::TooLarge { .. }), "{err:?}");
        assert!(err.to_string().contains("cellules"), "{err}");
    }

    #[test]
    fn fills_past_the_limit_are_ignored_not_refused() {
        let mut sheet = Sheet::new("S");
        let mut budget = CellBudget::new("f.xlsx");
        let red = Fill::rgb(0xFF_0000).unwrap();
        budget.fills = MAX_FILLS - 1;
        budget.put_fill(&mut sheet, CellPos::new(0, 0), red);
        // The same cell again is no new fill.
        budget.put_fill(&mut sheet, CellPos::new(0, 0), red);
        budget.put_fill(&mut sheet, CellPos::new(0, 1), red);
        assert_eq!(sheet.fills.len(), 1);
        assert_eq!(budget.fills, MAX_FILLS);
    }
}
