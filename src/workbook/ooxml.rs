//! XLSX, XLSM and XLSB through calamine, cell by cell.
//!
//! `Reader::worksheet_range` would build a dense `Range` over the bounding box of the used
//! cells: two cells at A1 and XFD1048576 make it allocate 17 billion cells. The cell readers
//! (`worksheet_cells_reader`) stream the sheet instead, so only non-empty cells are kept, at
//! the absolute positions the file gives, and they are counted against the cell budget.

use std::io::Cursor;

use calamine::{
    Cell, CellErrorType, DataRef, Dimensions, ExcelDateTime, Reader, SheetType, SheetVisible, Xlsb,
    XlsbError, Xlsx, XlsxError,
};
use zip::result::ZipError;

use super::limits::CellBudget;
use super::{ReadError, Sheet, Value};
use crate::model::{CellPos, CellRange, Date};

/// Reads every worksheet of an XLSX/XLSM file (chart sheets have no cells and are skipped).
pub(crate) fn read_xlsx(
    file: &str,
    bytes: &[u8],
    budget: &mut CellBudget<'_>,
) -> Result<Vec<Sheet>, ReadError> {
    let err = |e: XlsxError| xlsx_error(file, e);
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(err)?;
    let metadata = book.sheets_metadata().to_vec();
    let mut sheets = Vec::with_capacity(metadata.len());
    for meta in metadata {
        let Some(mut sheet) = worksheet_for(&meta) else {
            continue;
        };
        {
            let mut cells = book.worksheet_cells_reader(&meta.name).map_err(err)?;
            while let Some(cell) = cells.next_cell().map_err(err)? {
                keep_cell(budget, &mut sheet, &cell)?;
            }
        }
        sheet.merges = book
            .merge_cells_by_sheet_name(&meta.name)
            .map_err(err)?
            .iter()
            .map(range_of)
            .collect();
        sheets.push(sheet);
    }
    Ok(sheets)
}

/// Reads every worksheet of an XLSB file. calamine reads no merged cells in XLSB.
pub(crate) fn read_xlsb(
    file: &str,
    bytes: &[u8],
    budget: &mut CellBudget<'_>,
) -> Result<Vec<Sheet>, ReadError> {
    let err = |e: XlsbError| xlsb_error(file, e);
    let mut book: Xlsb<_> = Xlsb::new(Cursor::new(bytes)).map_err(err)?;
    let metadata = book.sheets_metadata().to_vec();
    let mut sheets = Vec::with_capacity(metadata.len());
    for meta in metadata {
        let Some(mut sheet) = worksheet_for(&meta) else {
            continue;
        };
        let mut cells = book.worksheet_cells_reader(&meta.name).map_err(err)?;
        while let Some(cell) = cells.next_cell().map_err(err)? {
            keep_cell(budget, &mut sheet, &cell)?;
        }
        drop(cells);
        sheets.push(sheet);
    }
    Ok(sheets)
}

/// The empty grille sheet for one of calamine's sheets, hidden or not as the file says;
/// `None` for a chart sheet or any other kind that holds no cells.
pub(crate) fn worksheet_for(meta: &calamine::Sheet) -> Option<Sheet> {
    if meta.typ != SheetType::WorkSheet {
        return None;
    }
    let mut sheet = Sheet::new(meta.name.clone());
    sheet.hidden = meta.visible != SheetVisible::Visible;
    Some(sheet)
}

/// Keeps one streamed cell at the absolute position the file gives, charged to the budget.
fn keep_cell(
    budget: &mut CellBudget<'_>,
    sheet: &mut Sheet,
    cell: &Cell<DataRef<'_>>,
) -> Result<(), ReadError> {
    let (row, col) = cell.get_position();
    match value_of(cell.get_value()) {
        Some(value) => budget.put(sheet, CellPos::new(row, col), value),
        None => Ok(()),
    }
}

/// A calamine cell as grille keeps it; `None` for an empty cell (or empty text).
pub(crate) fn value_of(data: &DataRef<'_>) -> Option<Value> {
    Some(match data {
        DataRef::Empty => return None,
        DataRef::String(s) if s.is_empty() => return None,
        DataRef::SharedString("") => return None,
        DataRef::String(s) => Value::Text(s.clone()),
        DataRef::SharedString(s) => Value::Text((*s).to_string()),
        DataRef::Int(i) => Value::Number(*i as f64),
        DataRef::Float(f) => Value::Number(*f),
        DataRef::Bool(b) => Value::Bool(*b),
        DataRef::DateTime(dt) => date_value(dt),
        DataRef::DateTimeIso(s) => {
            Date::parse_iso(s).map_or_else(|| Value::Text(s.clone()), Value::Date)
        }
        DataRef::DurationIso(s) => Value::Text(s.clone()),
        DataRef::Error(e) => Value::Error(error_text(e)),
    })
}

/// A cell with a date number format: a `Date` when it holds a day (serial ≥ 1), the plain
/// number otherwise (a time of day, a duration).
pub(crate) fn date_value(dt: &ExcelDateTime) -> Value {
    let serial = dt.as_f64();
    if dt.is_datetime() && (1.0..2_958_466.0).contains(&serial) {
        let (year, month, day, ..) = dt.to_ymd_hms_milli();
        if let Some(date) = Date::new(i32::from(year), u32::from(month), u32::from(day)) {
            return Value::Date(date);
        }
    }
    Value::Number(serial)
}

pub(crate) fn error_text(e: &CellErrorType) -> String {
    e.to_string()
}

pub(crate) fn range_of(d: &Dimensions) -> CellRange {
    CellRange::new(
        CellPos::new(d.start.0, d.start.1),
        CellPos::new(d.end.0, d.end.1),
    )
}

fn is_password(e: &ZipError) -> bool {
    matches!(e, ZipError::UnsupportedArchive(msg) if *msg == ZipError::PASSWORD_REQUIRED)
}

fn xlsx_error(file: &str, e: XlsxError) -> ReadError {
    match e {
        XlsxError::Zip(z) if is_password(&z) => ReadError::Protected {
            file: file.to_string(),
        },
        other => ReadError::Corrupt {
            file: file.to_string(),
            format: "XLSX",
            detail: explain(other.to_string()),
        },
    }
}

/// The zip crate's refusal to inflate past a declared size, said plainly; any other cause
/// keeps calamine's English words, marked as technical detail for whoever repairs the file.
fn explain(detail: String) -> String {
    if detail.contains("larger than its declared uncompressed size") {
        "une partie se décompresse au-delà de la taille annoncée (fichier falsifié ou endommagé)"
            .to_string()
    } else {
        format!("détail technique : {detail}")
    }
}

fn xlsb_error(file: &str, e: XlsbError) -> ReadError {
    match e {
        XlsbError::Zip(z) if is_password(&z) => ReadError::Protected {
            file: file.to_string(),
        },
        other => ReadError::Corrupt {
            file: file.to_string(),
            format: "XLSB",
            detail: explain(other.to_string()),
        },
    }
}

#[cfg(test)]
mod tests {
    use calamine::ExcelDateTimeType;

    use super::*;

    #[test]
    fn date_cells_become_dates_and_times_stay_numbers() {
        let day = ExcelDateTime::new(45539.0, ExcelDateTimeType::DateTime, false);
        assert_eq!(
            date_value(&day),
            Value::Date(Date::new(2024, 9, 4).unwrap())
        );
        let day_1904 = ExcelDateTime::new(45539.0 - 1462.0, ExcelDateTimeType::DateTime, true);
        assert_eq!(
            date_value(&day_1904),
            Value::Date(Date::new(2024, 9, 4).unwrap())
        );
        let time = ExcelDateTime::new(0.5, ExcelDateTimeType::DateTime, false);
        assert_eq!(date_value(&time), Value::Number(0.5));
        let duration = ExcelDateTime::new(3.0, ExcelDateTimeType::TimeDelta, false);
        assert_eq!(date_value(&duration), Value::Number(3.0));
    }

    #[test]
    fn empty_text_is_no_cell_but_spaces_are_kept() {
        assert_eq!(value_of(&DataRef::String(String::new())), None);
        assert_eq!(
            value_of(&DataRef::SharedString(" ")),
            Some(Value::Text(" ".into()))
        );
        assert_eq!(
            value_of(&DataRef::SharedString("0612")),
            Some(Value::Text("0612".into()))
        );
    }
}
