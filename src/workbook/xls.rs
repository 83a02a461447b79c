//! XLS (BIFF5/BIFF8) files, and the other Compound File Binary containers users hand in by
//! mistake: password-protected XLSX (an `EncryptedPackage` stream), Word `.doc` files.
//!
//! calamine builds, while opening an XLS file, a dense `Range` per sheet over the bounding
//! box of its cell records: a 2 KB file with one cell at A1 and one at IV65536 would make it
//! allocate 16 million cells. So the `Workbook` stream is scanned first, sheet by sheet as
//! calamine will read it, and the file is refused when the rectangles exceed
//! [`MAX_DENSE_CELLS`]. The scan also refuses the record shapes that would make calamine
//! index out of bounds.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xls, XlsError};

use super::limits::{CellBudget, MAX_DENSE_CELLS, group, group_en, too_large};
use super::ooxml::{error_text, range_of, worksheet_for};
use super::{ReadError, Sheet, Value};
use crate::model::{CellPos, Date};

/// What a Compound File Binary container holds.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum CfbKind {
    /// An XLS workbook, with its `Workbook` (BIFF8) or `Book` (BIFF5) stream.
    Xls(Vec<u8>),
    /// An OOXML file encrypted with a password (`EncryptedPackage`).
    Encrypted,
    /// Something else (a Word or PowerPoint document, an MSI…).
    Other,
}

/// Opens the container and finds the workbook stream.
pub(crate) fn inspect(file: &str, bytes: &[u8]) -> Result<CfbKind, ReadError> {
    let corrupt = |detail: String| ReadError::Corrupt {
        file: file.to_string(),
        format: "XLS",
        detail,
    };
    let mut cfb =
        cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| corrupt(e.to_string()))?;
    if cfb.is_stream("/EncryptedPackage") || cfb.is_stream("/EncryptionInfo") {
        return Ok(CfbKind::Encrypted);
    }
    for name in ["/Workbook", "/Book"] {
        if cfb.is_stream(name) {
            let mut stream = cfb.open_stream(name).map_err(|e| corrupt(e.to_string()))?;
            let mut data = Vec::new();
            // The stream lies inside the file, which is already bounded in size.
            stream
                .by_ref()
                .take(bytes.len() as u64)
                .read_to_end(&mut data)
                .map_err(|e| corrupt(e.to_string()))?;
            return Ok(CfbKind::Xls(data));
        }
    }
    Ok(CfbKind::Other)
}

/// Reads every worksheet of an XLS file whose `Workbook` stream is `stream`.
pub(crate) fn read_xls(
    file: &str,
    bytes: &[u8],
    stream: &[u8],
    budget: &mut CellBudget<'_>,
) -> Result<Vec<Sheet>, ReadError> {
    let area = prescan(stream).map_err(|detail| ReadError::Corrupt {
        file: file.to_string(),
        format: "XLS",
        detail: detail.to_string(),
    })?;
    if area > MAX_DENSE_CELLS {
        return Err(too_large(
            file,
            format!(
                "les feuilles couvrent {} cellules (limite {}) ; une grille en couvre moins de 60\u{202f}000",
                group(area as usize),
                group(MAX_DENSE_CELLS as usize)
            ),
            format!(
                "the sheets span {} cells (limit {}); a grid spans fewer than 60,000",
                group_en(area as usize),
                group_en(MAX_DENSE_CELLS as usize)
            ),
        ));
    }
    let err = |e: XlsError| match e {
        XlsError::Password => ReadError::Protected {
            file: file.to_string(),
        },
        other => ReadError::Corrupt {
            file: file.to_string(),
            format: "XLS",
            detail: other.to_string(),
        },
    };
    let mut book: Xls<_> = Xls::new(Cursor::new(bytes)).map_err(err)?;
    let metadata = book.sheets_metadata().to_vec();
    let mut sheets = Vec::with_capacity(metadata.len());
    for meta in metadata {
        let Some(mut sheet) = worksheet_for(&meta) else {
            continue;
        };
        let range = book.worksheet_range(&meta.name).map_err(err)?;
        // `used_cells` gives positions relative to the range's first cell: add its start.
        let (row0, col0) = range.start().unwrap_or((0, 0));
        for (row, col, data) in range.used_cells() {
            if let Some(value) = value_of(data) {
                let pos = CellPos::new(row0 + row as u32, col0 + col as u32);
                budget.put(&mut sheet, pos, value)?;
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

fn value_of(data: &Data) -> Option<Value> {
    Some(match data {
        Data::Empty => return None,
        Data::String(s) if s.is_empty() => return None,
        Data::String(s) => Value::Text(s.clone()),
        Data::Int(i) => Value::Number(*i as f64),
        Data::Float(f) => Value::Number(*f),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(dt) => super::ooxml::date_value(dt),
        Data::DateTimeIso(s) => {
            Date::parse_iso(s).map_or_else(|| Value::Text(s.clone()), Value::Date)
        }
        Data::DurationIso(s) => Value::Text(s.clone()),
        Data::Error(e) => Value::Error(error_text(e)),
    })
}

/// One BIFF record: type and data (CONTINUE records are separate records here).
fn records(stream: &[u8]) -> impl Iterator<Item = Result<(u16, &[u8]), &'static str>> {
    let mut rest = stream;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let (Some(typ), Some(len)) = (u16_at(rest, 0), u16_at(rest, 2)) else {
            rest = &[];
            return Some(Err("enregistrement tronqué"));
        };
        let end = 4 + len as usize;
        let Some(data) = rest.get(4..end) else {
            rest = &[];
            return Some(Err("enregistrement tronqué"));
        };
        rest = rest.get(end..).unwrap_or(&[]);
        Some(Ok((typ, data)))
    })
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

/// The number of cells calamine will allocate for the sheets of this `Workbook` stream, or
/// why the stream would make it fail.
fn prescan(stream: &[u8]) -> Result<u64, &'static str> {
    // Globals substream: the BoundSheet8 records give where each sheet starts.
    let mut positions = Vec::new();
    for record in records(stream) {
        let (typ, data) = record?;
        match typ {
            0x0085 => {
                if data.len() < 8 {
                    return Err("description de feuille tronquée");
                }
                positions.push(u32_at(data, 0).unwrap_or(0) as usize);
            }
            0x000A => break,
            _ => {}
        }
    }
    let mut seen: HashMap<usize, u64> = HashMap::new();
    let mut total: u64 = 0;
    for pos in positions {
        let area = match seen.get(&pos) {
            Some(area) => *area,
            None => {
                let sheet = stream
                    .get(pos..)
                    .ok_or("position de feuille hors du fichier")?;
                let area = sheet_area(sheet)?;
                seen.insert(pos, area);
                area
            }
        };
        total = total.saturating_add(area);
    }
    Ok(total)
}

/// The dense area calamine allocates for one sheet substream (the largest of its DIMENSIONS
/// reservation and the bounding box of its cell records).
fn sheet_area(sheet: &[u8]) -> Result<u64, &'static str> {
    let mut bbox: Option<(u32, u32, u32, u32)> = None;
    let mut reserved: u64 = 0;
    let mut include = |row: u32, col: u32| {
        bbox = Some(match bbox {
            None => (row, row, col, col),
            Some((r0, r1, c0, c1)) => (r0.min(row), r1.max(row), c0.min(col), c1.max(col)),
        });
    };
    let mut seen_bof = false;
    let mut depth = 0usize;
    for record in records(sheet) {
        let (typ, data) = record?;
        if depth > 0 {
            match typ {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        match typ {
            0x0809 => {
                if seen_bof {
                    depth += 1;
                } else {
                    seen_bof = true;
                }
            }
            0x000A => break,
            0x0200 => reserved = reserved.max(dimensions_area(data)?),
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                let row = u16_at(data, 0).ok_or("cellule tronquée")?;
                let col = u16_at(data, 2).ok_or("cellule tronquée")?;
                if typ == 0x0006 && data.len() < 20 {
                    return Err("formule tronquée");
                }
                include(u32::from(row), u32::from(col));
            }
            0x00BD => {
                let row = u16_at(data, 0).ok_or("cellule tronquée")?;
                let first = u16_at(data, 2).ok_or("cellule tronquée")?;
                let last = data
                    .len()
                    .checked_sub(2)
                    .and_then(|at| u16_at(data, at))
                    .ok_or("cellule tronquée")?;
                if last < first || data.len() != 6 + 6 * (usize::from(last - first) + 1) {
                    return Err("suite de nombres (MULRK) incohérente");
                }
                include(u32::from(row), u32::from(first));
                include(u32::from(row), u32::from(last));
            }
            _ => {}
        }
    }
    let cells = bbox.map_or(0, |(r0, r1, c0, c1)| {
        u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1)
    });
    Ok(cells.max(reserved))
}

/// The cells a DIMENSIONS record makes calamine reserve, as calamine reads it.
fn dimensions_area(data: &[u8]) -> Result<u64, &'static str> {
    let (rf, rl, cf, cl) = match data.len() {
        10 => (
            u32::from(u16_at(data, 0).unwrap_or(0)),
            u32::from(u16_at(data, 2).unwrap_or(0)),
            u32::from(u16_at(data, 4).unwrap_or(0)),
            u32::from(u16_at(data, 6).unwrap_or(0)),
        ),
        14 | 16 => (
            u32_at(data, 0).unwrap_or(0),
            u32_at(data, 4).unwrap_or(0),
            u32::from(u16_at(data, 8).unwrap_or(0)),
            u32::from(u16_at(data, 10).unwrap_or(0)),
        ),
        _ => return Err("dimensions de feuille illisibles"),
    };
    let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
    if rl >= 1 && cl >= 1 {
        // calamine computes (rl - 1) - rf + 1 rows: refuse what would underflow.
        if rl - 1 < rf || cl - 1 < cf {
            return Err("dimensions de feuille incohérentes");
        }
        Ok(u64::from(rl - rf) * u64::from(cl - cf))
    } else {
        Ok(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut out = typ.to_le_bytes().to_vec();
        out.extend((data.len() as u16).to_le_bytes());
        out.extend(data);
        out
    }

    fn number(row: u16, col: u16) -> Vec<u8> {
        let mut data = row.to_le_bytes().to_vec();
        data.extend(col.to_le_bytes());
        data.extend([0u8; 10]);
        record(0x0203, &data)
    }

    /// A globals substream with one BoundSheet8 pointing at the sheet substream after it.
    fn stream(sheet_records: &[Vec<u8>]) -> Vec<u8> {
        let bof = record(0x0809, &[0u8; 16]);
        let eof = record(0x000A, &[]);
        let bound_len = 4 + 8 + 1;
        let sheet_pos = (bof.len() + bound_len + eof.len()) as u32;
        let mut bound = sheet_pos.to_le_bytes().to_vec();
        bound.extend([0, 0, 1, 0, b'S']);
        let mut out = bof.clone();
        out.extend(record(0x0085, &bound));
        out.extend(&eof);
        assert_eq!(out.len() as u32, sheet_pos);
        out.extend(&bof);
        for r in sheet_records {
            out.extend(r);
        }
        out.extend(eof);
        out
    }

    #[test]
    fn the_dense_area_is_the_bounding_box_of_the_cells() {
        let s = stream(&[number(4, 2), number(10, 5)]);
        assert_eq!(prescan(&s), Ok(7 * 4));
    }

    #[test]
    fn two_far_apart_cells_count_as_the_whole_rectangle() {
        let s = stream(&[number(0, 0), number(65535, 255)]);
        assert_eq!(prescan(&s), Ok(65536 * 256));
    }

    #[test]
    fn shapes_that_would_crash_calamine_are_refused() {
        // A sheet said to start beyond the stream.
        let mut s = stream(&[]);
        s.truncate(40);
        assert!(prescan(&s).is_err() || prescan(&s) == Ok(0));
        // A MULRK whose last column precedes its first.
        let mut mulrk = 0u16.to_le_bytes().to_vec();
        mulrk.extend(5u16.to_le_bytes());
        mulrk.extend([0u8; 6]);
        mulrk.extend(3u16.to_le_bytes());
        assert!(prescan(&stream(&[record(0x00BD, &mulrk)])).is_err());
        // DIMENSIONS whose last row precedes its first.
        let mut dims = 10u32.to_le_bytes().to_vec();
        dims.extend(5u32.to_le_bytes());
        dims.extend([0u8, 0, 3, 0, 0, 0]);
        assert!(prescan(&stream(&[record(0x0200, &dims)])).is_err());
    }

    #[test]
    fn a_random_container_is_corrupt_not_a_panic() {
        let err = inspect("x.xls", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 garbage").unwrap_err();
        assert!(
            matches!(err, ReadError::Corrupt { format: "XLS", .. }),
            "{err:?}"
        );
    }
}
