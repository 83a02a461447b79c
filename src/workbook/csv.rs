//! CSV files, as spreadsheets and platforms export them: UTF-8 (with or without BOM),
//! UTF-16 with BOM (Excel's « Texte Unicode »), otherwise Windows-1252 (Excel's « CSV
//! (séparateur : point-virgule) » on a French Windows); `;`, `,` or tab as separator,
//! whichever splits the lines most regularly; quoted fields may hold separators and newlines.
//!
//! Every field is kept as text, exactly as written: a candidate number `0612345678` keeps its
//! leading zero, a date stays « 04/09/2024 » (the grid reader interprets it).

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

use super::limits::CellBudget;
use super::{ReadError, Sheet, Value};
use crate::model::CellPos;

/// The text of a file that looks like a text table, `None` for binary data or a text format
/// that is not a table (HTML, XML, RTF, PDF).
pub(crate) fn decode(bytes: &[u8]) -> Option<Cow<'_, str>> {
    let text: Cow<'_, str> = if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let body = bytes.get(bom..).unwrap_or_default();
        if encoding == UTF_8 {
            Cow::Borrowed(std::str::from_utf8(body).ok()?)
        } else if encoding == UTF_16LE || encoding == UTF_16BE {
            let (text, had_errors) = encoding.decode_without_bom_handling(body);
            if had_errors {
                return None;
            }
            text
        } else {
            return None;
        }
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        Cow::Borrowed(text)
    } else {
        WINDOWS_1252.decode_without_bom_handling(bytes).0
    };
    looks_like_table_text(&text).then_some(text)
}

/// Text with no NUL, few control characters, and not a document in another text format.
fn looks_like_table_text(text: &str) -> bool {
    let mut chars = 0usize;
    let mut controls = 0usize;
    for c in text.chars() {
        chars += 1;
        if c == '\0' {
            return false;
        }
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{0c}') {
            controls += 1;
        }
    }
    // A stray control character in a real export is possible; random bytes have ~15 %.
    if controls * 200 > chars {
        return false;
    }
    let start: String = text
        .trim_start()
        .chars()
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    !["%pdf", "{\\rtf", "<!doctype", "<html", "<?xml", "<table"]
        .iter()
        .any(|sig| start.starts_with(sig))
}

/// The separator that splits the first records most regularly: `;`, `,` or tab.
///
/// For each candidate, count its occurrences outside quotes in each of the first 50 records;
/// the best candidate has the most records sharing the same non-zero count (ties: `;` first,
/// the French Excel default, then `,`, then tab).
pub(crate) fn sniff_delimiter(text: &str) -> u8 {
    const CANDIDATES: [u8; 3] = [b';', b',', b'\t'];
    let mut counts: Vec<[usize; 3]> = Vec::new();
    let mut current = [0usize; 3];
    let mut in_quotes = false;
    let mut record_has_content = false;
    for b in text.bytes() {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' if !in_quotes => {
                if record_has_content {
                    counts.push(current);
                    if counts.len() == 50 {
                        break;
                    }
                }
                current = [0; 3];
                record_has_content = false;
                continue;
            }
            _ if !in_quotes => {
                if let Some(i) = CANDIDATES.iter().position(|c| *c == b) {
                    current[i] += 1;
                }
            }
            _ => {}
        }
        if !b.is_ascii_whitespace() {
            record_has_content = true;
        }
    }
    if record_has_content && counts.len() < 50 {
        counts.push(current);
    }
    let mut best = (0usize, 0usize, b';');
    for (i, delimiter) in CANDIDATES.iter().enumerate() {
        let mut frequency: std::collections::BTreeMap<usize, usize> = Default::default();
        for record in &counts {
            if record[i] > 0 {
                *frequency.entry(record[i]).or_default() += 1;
            }
        }
        // The most frequent count (the larger count on ties).
        if let Some((count, times)) = frequency
            .iter()
            .max_by_key(|(count, times)| (**times, **count))
            && (*times, *count) > (best.0, best.1)
        {
            best = (*times, *count, *delimiter);
        }
    }
    best.2
}

/// Reads CSV text into one sheet named `sheet_name`.
pub(crate) fn read(
    file: &str,
    text: &str,
    sheet_name: &str,
    budget: &mut CellBudget<'_>,
) -> Result<Sheet, ReadError> {
    let delimiter = sniff_delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut sheet = Sheet::new(sheet_name);
    let mut record = csv::StringRecord::new();
    // Rows follow the file's lines as a spreadsheet shows them: blank lines (which the csv
    // crate skips) still count, a quoted field spanning lines does not add rows.
    let mut row: u32 = 0;
    let mut folded_lines: u64 = 0;
    // Lines are counted here, not taken from the reader's position: csv-core does not count
    // the blank lines it skips when they end in CR LF (Excel, Windows editors), which put
    // every later cell a row too high.
    let bytes = text.as_bytes();
    let mut counted_to = 0usize;
    let mut newlines_before: u64 = 0;
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                return Err(ReadError::Corrupt {
                    file: file.to_string(),
                    format: "CSV",
                    detail: format!("ligne {} : {e}", row + 1),
                });
            }
        }
        // The reader now stands after the record (its start would include skipped blank
        // lines): its last line, less the lines folded inside it, is its first line.
        let newlines: u64 = record.iter().map(|f| f.matches('\n').count() as u64).sum();
        let mut end = usize::try_from(reader.position().byte())
            .unwrap_or(usize::MAX)
            .min(bytes.len());
        // After a CR LF terminator the reader stands between CR and LF: the LF ends the line.
        if end > 0 && bytes[end - 1] == b'\r' && bytes.get(end) == Some(&b'\n') {
            end += 1;
        }
        if end > counted_to {
            newlines_before += bytes[counted_to..end]
                .iter()
                .filter(|b| **b == b'\n')
                .count() as u64;
            counted_to = end;
        }
        // 1-based line of the reader's position, after the record.
        let line_after = newlines_before + 1;
        let at_unterminated_end = end >= text.len() && !text.ends_with('\n');
        let last_line = if at_unterminated_end {
            line_after
        } else {
            line_after.saturating_sub(1)
        };
        let first_line = last_line.saturating_sub(newlines);
        let line = first_line.saturating_sub(1).saturating_sub(folded_lines);
        row = u32::try_from(line).unwrap_or(u32::MAX).max(row);
        folded_lines += newlines;
        for (col, field) in record.iter().enumerate() {
            if !field.is_empty() {
                let pos = CellPos::new(row, u32::try_from(col).unwrap_or(u32::MAX));
                budget.put(&mut sheet, pos, Value::Text(field.to_string()))?;
            }
        }
        row = row.saturating_add(1);
    }
    Ok(sheet)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(bytes: &[u8]) -> Sheet {
        let text = decode(bytes).expect("text");
        read("t.csv", &text, "t", &mut CellBudget::new("t.csv")).unwrap()
    }

    fn at(sheet: &Sheet, a1: &str) -> Option<String> {
        sheet.text(CellPos::parse(a1).unwrap())
    }

    #[test]
    fn utf8_with_bom_and_semicolons() {
        let s = sheet("\u{feff}Nom;Prénom\nÉlodie;0612\n".as_bytes());
        assert_eq!(at(&s, "A1").as_deref(), Some("Nom"));
        assert_eq!(at(&s, "B1").as_deref(), Some("Prénom"));
        assert_eq!(at(&s, "A2").as_deref(), Some("Élodie"));
        assert_eq!(at(&s, "B2").as_deref(), Some("0612"));
    }

    #[test]
    fn windows_1252_is_decoded() {
        // « Compétence;Réalisation » in Windows-1252.
        let s = sheet(b"Comp\xe9tence;R\xe9alisation\r\nB1.1;X\r\n");
        assert_eq!(at(&s, "A1").as_deref(), Some("Compétence"));
        assert_eq!(at(&s, "B1").as_deref(), Some("Réalisation"));
        assert_eq!(at(&s, "B2").as_deref(), Some("X"));
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "a\tb\n1\t2\n".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        let s = sheet(&bytes);
        assert_eq!(at(&s, "B2").as_deref(), Some("2"));
    }

    #[test]
    fn quoted_fields_keep_separators_and_newlines() {
        let s = sheet(b"a,\"b, c\",d\n\"line 1\nline 2\",e,f\n");
        assert_eq!(at(&s, "B1").as_deref(), Some("b, c"));
        assert_eq!(at(&s, "A2").as_deref(), Some("line 1\nline 2"));
        assert_eq!(at(&s, "C2").as_deref(), Some("f"));
    }

    #[test]
    fn delimiter_is_the_most_regular_one() {
        assert_eq!(sniff_delimiter("a;b;c\n1,5;2;3\n4;5,5;6\n"), b';');
        assert_eq!(sniff_delimiter("a,b,c\n1,2,3\n"), b',');
        assert_eq!(sniff_delimiter("a\tb\n1\t2\n"), b'\t');
        assert_eq!(sniff_delimiter("\"x;y\",b,c\n1,2,3\n"), b',');
        assert_eq!(sniff_delimiter("seul\n"), b';');
    }

    #[test]
    fn blank_lines_keep_their_rows_and_multiline_fields_do_not_add_any() {
        let s = sheet(b"\n\nNom;Prenom\n\"DUPONT\nJeanne\";x\nMARTIN;Paul\n");
        assert_eq!(s.text(CellPos::new(2, 0)).as_deref(), Some("Nom"));
        assert_eq!(
            s.text(CellPos::new(3, 0)).as_deref(),
            Some("DUPONT\nJeanne")
        );
        assert_eq!(s.text(CellPos::new(4, 0)).as_deref(), Some("MARTIN"));
        let unterminated = sheet(b"a;b\n\nc;d");
        assert_eq!(unterminated.text(CellPos::new(2, 0)).as_deref(), Some("c"));
    }

    #[test]
    fn blank_lines_count_as_rows_with_windows_line_ends() {
        // Excel and Windows editors end lines with CR LF: a blank line is still a row, as a
        // spreadsheet program shows the file, so every cell after it keeps its position.
        for text in [
            &b"a;b\r\n\r\nc;d\r\n"[..],
            b"a;b\r\n\r\n\r\nc;d",
            b"a;b\n\nc;d\n",
        ] {
            let s = sheet(text);
            let c = s.cells.iter().find(|(_, v)| v.as_text() == Some("c"));
            let blank = text
                .windows(2)
                .filter(|w| w == b"\n\n" || w == b"\n\r")
                .count();
            assert_eq!(
                c.map(|(p, _)| p.row),
                Some(1 + u32::try_from(blank).unwrap()),
                "{:?}",
                String::from_utf8_lossy(text)
            );
        }
        // A quoted field over two lines is one row.
        let s = sheet(b"\"a\r\nsuite\";b\r\n\r\nc;d\r\n");
        assert_eq!(s.text(CellPos::new(2, 0)).as_deref(), Some("c"));
    }

    #[test]
    fn empty_fields_are_no_cells_and_positions_are_absolute() {
        let s = sheet(b";;\n;;x\n");
        assert_eq!(s.cells.len(), 1);
        assert_eq!(at(&s, "C2").as_deref(), Some("x"));
    }

    #[test]
    fn binary_and_other_text_formats_are_not_tables() {
        assert!(decode(b"\x00\x01\x02\x03binary").is_none());
        assert!(decode(&(0u8..=255).cycle().take(4096).collect::<Vec<_>>()).is_none());
        assert!(decode(b"%PDF-1.7\n...").is_none());
        assert!(decode(b"  <!DOCTYPE html><html>").is_none());
        assert!(decode(b"Nom;Pr\xe9nom\n").is_some());
    }
}
