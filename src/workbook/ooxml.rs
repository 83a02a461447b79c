//! XLSX, XLSM and XLSB through calamine, cell by cell.
//!
//! `Reader::worksheet_range` would build a dense `Range` over the bounding box of the used
//! cells: two cells at A1 and XFD1048576 make it allocate 17 billion cells. The cell readers
//! (`worksheet_cells_reader`) stream the sheet instead, so only non-empty cells are kept, at
//! the absolute positions the file gives, and they are counted against the cell budget.
//!
//! XLSX/XLSM cell fills come in the same pass: `next_cell_with_style_id` gives each cell's
//! style index, and calamine has already read `xl/styles.xml` into a palette (theme and
//! indexed colours resolved to RGB). An index outside the palette, a pattern other than
//! solid, or a white fill is no fill. calamine reads no styles from XLSB.

use std::io::Cursor;

use calamine::{
    Cell, CellErrorType, DataRef, Dimensions, ExcelDateTime, FillPattern, Reader, SheetType,
    SheetVisible, Style, Xlsb, XlsbError, Xlsx, XlsxError,
};
use zip::result::ZipError;

use super::limits::CellBudget;
use super::{Fill, ReadError, Sheet, Value};
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
    // The style palette is the workbook's: resolved once, on the first worksheet.
    let mut palette: Option<Vec<Option<Fill>>> = None;
    for meta in metadata {
        let Some(mut sheet) = worksheet_for(&meta) else {
            continue;
        };
        {
            let mut cells = book.worksheet_cells_reader(&meta.name).map_err(err)?;
            let fills = palette.get_or_insert_with(|| fill_palette(cells.styles()));
            let any_fill = fills.iter().any(Option::is_some);
            while let Some((cell, style)) = cells.next_cell_with_style_id().map_err(err)? {
                keep_cell(budget, &mut sheet, &cell)?;
                if any_fill && let Some(Some(fill)) = fills.get(style) {
                    let (row, col) = cell.get_position();
                    budget.put_fill(&mut sheet, CellPos::new(row, col), *fill);
                }
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

/// The solid fill of each style of the palette, by style index (`None`: no fill, white, or
/// a pattern other than solid).
fn fill_palette(styles: &[Style]) -> Vec<Option<Fill>> {
    styles.iter().map(fill_of).collect()
}

fn fill_of(style: &Style) -> Option<Fill> {
    let fill = style.fill.as_ref()?;
    if fill.pattern != FillPattern::Solid {
        return None;
    }
    let c = fill.foreground_color?;
    Fill::rgb(u32::from(c.red) << 16 | u32::from(c.green) << 8 | u32::from(c.blue))
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
    use std::io::Write;

    use calamine::ExcelDateTimeType;
    use zip::ZipWriter;
    use zip::write::SimpleFileOptions;

    use super::*;

    /// A minimal XLSX of one sheet « S » with these `<fills>`, `<cellXfs>` and `<sheetData>`.
    fn xlsx(fills: &str, xfs: &str, sheet_data: &str) -> Vec<u8> {
        let parts = [
            (
                "[Content_Types].xml",
                r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#.to_string(),
            ),
            (
                "_rels/.rels",
                r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string(),
            ),
            (
                "xl/workbook.xml",
                r#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_string(),
            ),
            (
                "xl/_rels/workbook.xml.rels",
                r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#.to_string(),
            ),
            (
                "xl/styles.xml",
                format!(
                    r#"<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/></font></fonts><fills>{fills}</fills><borders count="1"><border/></borders><cellXfs>{xfs}</cellXfs></styleSheet>"#
                ),
            ),
            (
                "xl/worksheets/sheet1.xml",
                format!(
                    r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet_data}</sheetData></worksheet>"#
                ),
            ),
        ];
        let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
        for (name, text) in parts {
            zip.start_file(name, SimpleFileOptions::default()).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    fn fills_of(bytes: &[u8]) -> std::collections::BTreeMap<CellPos, Fill> {
        let book = super::super::from_bytes("f.xlsx", bytes).expect("readable");
        book.sheets[0].fills.clone()
    }

    const FILLS: &str = concat!(
        r#"<fill><patternFill patternType="none"/></fill>"#,
        r#"<fill><patternFill patternType="gray125"/></fill>"#,
        // 2: yellow by RGB; 3: the same yellow, lower-case and another alpha.
        r#"<fill><patternFill patternType="solid"><fgColor rgb="FFFFFF00"/><bgColor indexed="64"/></patternFill></fill>"#,
        r#"<fill><patternFill patternType="solid"><fgColor rgb="00ffff00"/></patternFill></fill>"#,
        // 4: theme accent 1; 5: indexed red (10); 6: white (no fill); 7: a pattern, not solid.
        r#"<fill><patternFill patternType="solid"><fgColor theme="4" tint="0.3999"/></patternFill></fill>"#,
        r#"<fill><patternFill patternType="solid"><fgColor indexed="10"/></patternFill></fill>"#,
        r#"<fill><patternFill patternType="solid"><fgColor rgb="FFFFFFFF"/></patternFill></fill>"#,
        r#"<fill><patternFill patternType="lightGrid"><fgColor rgb="FFFF0000"/></patternFill></fill>"#,
        // 8: solid, but without any colour.
        r#"<fill><patternFill patternType="solid"/></fill>"#,
    );

    fn xf(fill: &str) -> String {
        format!(r#"<xf numFmtId="0" fontId="0" fillId="{fill}" borderId="0"/>"#)
    }

    #[test]
    fn solid_fills_are_read_by_cell_whatever_the_colour_notation() {
        let xfs: String = ["0", "1", "2", "3", "4", "5", "6", "7", "8"]
            .iter()
            .map(|f| xf(f))
            .collect();
        // Style index i uses fill i; A1 holds text, the others are empty coloured cells.
        let cells: String = (0..9)
            .map(|i| {
                let col = char::from(b'A' + i as u8);
                if i == 0 {
                    format!(r#"<c r="{col}1" s="2" t="inlineStr"><is><t>X</t></is></c>"#)
                } else {
                    format!(r#"<c r="{col}2" s="{i}"/>"#)
                }
            })
            .collect();
        let fills = fills_of(&xlsx(FILLS, &xfs, &format!(r#"<row r="1">{cells}</row>"#)));
        let at = |a1: &str| fills.get(&CellPos::parse(a1).unwrap()).copied();
        let yellow = Fill::rgb(0xFF_FF00);
        assert_eq!(at("A1"), yellow, "a filled cell with text");
        assert_eq!(at("B2"), None, "patternType none");
        assert_eq!(at("C2"), yellow, "rgb");
        assert_eq!(at("D2"), yellow, "the same rgb, other case and alpha");
        assert!(at("E2").is_some(), "theme colour");
        assert_ne!(at("E2"), yellow);
        assert_eq!(at("F2"), Fill::rgb(0xFF_0000), "indexed 10 is red");
        assert_eq!(at("G2"), None, "white looks like no fill");
        assert_eq!(at("H2"), None, "a pattern is not a solid fill");
        assert_eq!(at("I2"), None, "solid without a colour");
        assert_eq!(fills.len(), 5);
    }

    #[test]
    fn bad_style_and_fill_indices_give_no_fill_and_no_panic() {
        // Style 1 is yellow; styles 2 to 5 name a fill that does not exist, a negative or a
        // huge one; cells name styles past the palette, or no number (which calamine reads as
        // the default style 0, unfilled here).
        let xfs = [
            xf("0"),
            xf("2"),
            xf("99"),
            xf("-1"),
            xf("4294967296"),
            xf("x"),
        ]
        .concat();
        let data = concat!(
            r#"<row r="1"><c r="A1" s="1"/><c r="B1" s="2"/><c r="C1" s="3"/><c r="D1" s="4"/>"#,
            r#"<c r="E1" s="5"/><c r="F1" s="6"/><c r="G1" s="99999999999999999999"/>"#,
            r#"<c r="H1" s="-3"/><c r="I1" s="abc"/><c r="J1" s=""/></row>"#,
        );
        let fills = fills_of(&xlsx(FILLS, &xfs, data));
        assert_eq!(
            fills.into_iter().collect::<Vec<_>>(),
            [(CellPos::new(0, 0), Fill::rgb(0xFF_FF00).unwrap())]
        );
    }

    #[test]
    fn a_workbook_without_fills_reads_as_before() {
        let xfs = xf("0");
        let fills = fills_of(&xlsx(
            r#"<fill><patternFill patternType="none"/></fill>"#,
            &xfs,
            r#"<row r="3"><c r="B3" s="0" t="inlineStr"><is><t>X</t></is></c></row>"#,
        ));
        assert!(fills.is_empty());
    }

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
