//! The ZIP answers: all the corrected grids (`/api/fix` with several files), and exactly
//! what `grille batch -o` writes in its folder (`/api/batch`), built in memory.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use crate::Lang;
use crate::batch::BatchResult;
use crate::batch::write::{CORRECTED_DIR, JSONL, SUMMARY, jsonl};
use crate::model::Referential;

/// A ZIP of `(name, bytes)` entries, deflated, with fixed timestamps (the same answer for
/// the same files).
pub fn zip(entries: &[(String, &[u8])]) -> Result<Vec<u8>, String> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, bytes) in entries {
        writer
            .start_file(name.as_str(), options)
            .map_err(|e| e.to_string())?;
        writer.write_all(bytes).map_err(|e| e.to_string())?;
    }
    Ok(writer.finish().map_err(|e| e.to_string())?.into_inner())
}

/// The corrected grids of a result, by their `corriges/` names (none for an unreadable file).
pub fn corrected(result: &BatchResult) -> Vec<(String, &[u8])> {
    result
        .items
        .iter()
        .filter_map(|item| item.corrected.as_ref())
        .map(|c| (c.name.clone(), c.bytes.as_slice()))
        .collect()
}

/// `synthese.xlsx`, `rapport.jsonl` and `corriges/…`, as `grille batch -o` writes them.
pub fn batch_outputs(
    result: &BatchResult,
    referential: &Referential,
    lang: Lang,
) -> Result<Vec<u8>, String> {
    let summary = crate::batch::summary::summary_workbook(result, referential, lang)
        .map_err(|e| e.to_string())?;
    let report = jsonl(result);
    let mut entries: Vec<(String, &[u8])> = vec![
        (SUMMARY.to_string(), summary.as_slice()),
        (JSONL.to_string(), report.as_slice()),
    ];
    for (name, bytes) in corrected(result) {
        entries.push((format!("{CORRECTED_DIR}/{name}"), bytes));
    }
    zip(&entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_zip_holds_its_entries_and_is_the_same_twice() {
        let entries = vec![
            ("a.xlsx".to_string(), &b"one"[..]),
            ("corriges/é.xlsx".to_string(), &b"two"[..]),
        ];
        let bytes = zip(&entries).unwrap();
        assert_eq!(bytes, zip(&entries).unwrap());
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let names: Vec<_> = archive
            .file_names()
            .map(|n| n.unwrap().into_owned())
            .collect();
        assert_eq!(names, ["a.xlsx", "corriges/é.xlsx"]);
        let mut text = String::new();
        std::io::Read::read_to_string(&mut archive.by_name("corriges/é.xlsx").unwrap(), &mut text)
            .unwrap();
        assert_eq!(text, "two");
    }
}
