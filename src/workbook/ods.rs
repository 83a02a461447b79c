//! ODS files (first version: through calamine; merges not read yet).

use std::io::Cursor;

use calamine::{Data, Ods, OdsError, Reader, SheetVisible};

use super::limits::CellBudget;
use super::{ReadError, Sheet, Value};
use crate::model::{CellPos, Date};

pub(crate) fn read(
    file: &str,
    bytes: &[u8],
    budget: &mut CellBudget<'_>,
) -> Result<Vec<Sheet>, ReadError> {
    let err = |e: OdsError| match e {
        OdsError::Password => ReadError::Protected {
            file: file.to_string(),
        },
        other => ReadError::Corrupt {
            file: file.to_string(),
            format: "ODS",
            detail: other.to_string(),
        },
    };
    let mut book: Ods<_> = Ods::new(Cursor::new(bytes)).map_err(err)?;
    let metadata = book.sheets_metadata().to_vec();
    let mut sheets = Vec::new();
    for meta in metadata {
        let mut sheet = Sheet::new(meta.name.clone());
        sheet.hidden = meta.visible != SheetVisible::Visible;
        let range = book.worksheet_range(&meta.name).map_err(err)?;
        let (row0, col0) = range.start().unwrap_or((0, 0));
        for (row, col, data) in range.used_cells() {
            let value = match data {
                Data::String(s) if s.is_empty() => continue,
                Data::String(s) | Data::DurationIso(s) => Value::Text(s.clone()),
                Data::DateTimeIso(s) => {
                    Date::parse_iso(s).map_or_else(|| Value::Text(s.clone()), Value::Date)
                }
                Data::Float(f) => Value::Number(*f),
                Data::Int(i) => Value::Number(*i as f64),
                Data::Bool(b) => Value::Bool(*b),
                Data::Error(e) => Value::Error(e.to_string()),
                Data::DateTime(dt) => super::ooxml::date_value(dt),
                Data::Empty => continue,
            };
            budget.put(
                &mut sheet,
                CellPos::new(row0 + row as u32, col0 + col as u32),
                value,
            )?;
        }
        sheets.push(sheet);
    }
    Ok(sheets)
}
