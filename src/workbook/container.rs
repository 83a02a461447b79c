//! The ZIP container of XLSX, XLSM, XLSB and ODS files, checked before any parser inflates it.
//!
//! A ZIP bomb is a small file whose parts inflate to gigabytes. calamine inflates whatever it
//! is given, so the central directory is checked first: number of entries, each part's
//! declared uncompressed size, the total and the compression ratio (see [`super::limits`]).
//!
//! A header can lie about the uncompressed size. That is harmless here because every part is
//! read through `ZipArchive` (ours and calamine's), and since zip 9.5 its entry reader fails
//! with "File is larger than its declared uncompressed size" as soon as the inflated data
//! exceeds the size the central directory declares (`Crc32Reader::with_size_limit`). So the
//! declared sizes checked here are a true bound on what is inflated; `tests/workbook_limits.rs`
//! holds a ZIP whose header lies, to keep that promise checked.

use std::io::{Cursor, Read};

use zip::ZipArchive;
use zip::result::ZipError;

use super::limits::{
    MAX_LOADED_PART_BYTES, MAX_PART_BYTES, MAX_RATIO, MAX_TOTAL_BYTES, MAX_ZIP_ENTRIES,
    RATIO_FLOOR_BYTES, group, group_en, mib, too_large,
};
use super::{Format, ReadError};

/// What the ZIP container holds, judged by its parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ZipKind {
    Xlsx,
    Xlsb,
    Ods,
}

impl ZipKind {
    pub fn format(self) -> Format {
        match self {
            ZipKind::Xlsx => Format::Xlsx,
            ZipKind::Xlsb => Format::Xlsb,
            ZipKind::Ods => Format::Ods,
        }
    }
}

/// How a part is read, which decides how large it may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PartUse {
    /// Parsed as a stream (worksheets, ODS `content.xml`): memory does not grow with it.
    Streamed,
    /// Loaded whole by calamine (shared strings, styles, workbook, relationships).
    Loaded,
    /// Never opened (images, printer settings): only counts in the total.
    Unread,
}

fn part_use(name: &str) -> PartUse {
    let lower = name.to_ascii_lowercase();
    if lower.starts_with("xl/worksheets/") || lower == "content.xml" {
        PartUse::Streamed
    } else if lower.ends_with(".xml") || lower.ends_with(".rels") || lower.ends_with(".bin") {
        PartUse::Loaded
    } else {
        PartUse::Unread
    }
}

/// Checks the container against the limits and says what it holds.
///
/// Errors: `TooLarge` for a bomb or an oversized part, `Protected` for encrypted entries,
/// `Corrupt` for an unreadable (often truncated) archive, `NotASpreadsheet` for a ZIP that is
/// no workbook (a Word document, a folder of files).
pub(crate) fn inspect(file: &str, bytes: &[u8]) -> Result<ZipKind, ReadError> {
    // The zip crate keeps a record per central-directory entry, so count the entries before it
    // parses them: each needs its own `PK\x01\x02` signature somewhere in the file.
    let headers = count_signature(bytes, b"PK\x01\x02");
    if headers > MAX_ZIP_ENTRIES {
        return Err(too_entries(file, headers));
    }
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| ReadError::Corrupt {
        file: file.to_string(),
        format: guess_zip_format(bytes),
        detail: zip_detail(&e),
    })?;
    if archive.len() > MAX_ZIP_ENTRIES {
        return Err(too_entries(file, archive.len()));
    }

    let mut total: u64 = 0;
    let mut has_mimetype = false;
    let mut has_content = false;
    let mut has_xl_workbook = false;
    let mut has_xlsb_workbook = false;
    // Entries flagged as encrypted: all of them is a protected file; a flag on a part the
    // workbook needs, alone, is damage; a flag on a part never read (document properties, a
    // thumbnail) is ignored.
    let mut encrypted = 0usize;
    let mut encrypted_needed: Option<String> = None;
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(|e| ReadError::Corrupt {
            file: file.to_string(),
            format: guess_zip_format(bytes),
            detail: zip_detail(&e),
        })?;
        let name = entry
            .name()
            .map_err(|e| ReadError::Corrupt {
                file: file.to_string(),
                format: guess_zip_format(bytes),
                detail: zip_detail(&e),
            })?
            .to_string();
        let size = entry.size();
        let compressed = entry.compressed_size();
        if entry.encrypted() {
            encrypted += 1;
            if !is_optional_part(&name) {
                encrypted_needed.get_or_insert_with(|| name.clone());
            }
        }
        let cap = match part_use(&name) {
            PartUse::Streamed | PartUse::Unread => MAX_PART_BYTES,
            PartUse::Loaded => MAX_LOADED_PART_BYTES,
        };
        if size > cap {
            return Err(too_large(
                file,
                format!(
                    "la partie « {name} » se décompresse en {} Mo (limite {} Mo) : fichier anormal ou bombe de décompression",
                    mib(size),
                    mib(cap)
                ),
                format!(
                    "part “{name}” inflates to {} MB (limit {} MB): abnormal file or decompression bomb",
                    mib(size),
                    mib(cap)
                ),
            ));
        }
        if size > RATIO_FLOOR_BYTES && size / compressed.max(1) > MAX_RATIO {
            return Err(too_large(
                file,
                format!(
                    "la partie « {name} » est compressée {} fois (limite {MAX_RATIO}) : bombe de décompression probable",
                    size / compressed.max(1)
                ),
                format!(
                    "part “{name}” is compressed {} times (limit {MAX_RATIO}): likely a decompression bomb",
                    size / compressed.max(1)
                ),
            ));
        }
        total = total.saturating_add(size);
        match name.as_str() {
            "mimetype" => has_mimetype = true,
            "content.xml" => has_content = true,
            "xl/workbook.xml" => has_xl_workbook = true,
            "xl/workbook.bin" => has_xlsb_workbook = true,
            _ => {}
        }
    }
    if encrypted > 0 && encrypted == archive.len() {
        return Err(ReadError::Protected {
            file: file.to_string(),
        });
    }
    if let Some(part) = encrypted_needed {
        return Err(ReadError::Corrupt {
            file: file.to_string(),
            format: guess_zip_format(bytes),
            detail: format!(
                "la partie « {part} » est marquée chiffrée, les autres non : archive endommagée"
            ),
        });
    }
    if total > MAX_TOTAL_BYTES {
        return Err(too_large(
            file,
            format!(
                "le contenu se décompresse en {} Mo (limite {} Mo)",
                mib(total),
                mib(MAX_TOTAL_BYTES)
            ),
            format!(
                "the content inflates to {} MB (limit {} MB)",
                mib(total),
                mib(MAX_TOTAL_BYTES)
            ),
        ));
    }

    if has_mimetype {
        let mimetype = read_small(&mut archive, "mimetype", 256).unwrap_or_default();
        return if mimetype.starts_with(b"application/vnd.oasis.opendocument.spreadsheet") {
            Ok(ZipKind::Ods)
        } else {
            // A text document, a presentation: a ZIP, but no workbook.
            Err(ReadError::NotASpreadsheet {
                file: file.to_string(),
            })
        };
    }
    if has_xlsb_workbook {
        Ok(ZipKind::Xlsb)
    } else if has_xl_workbook {
        Ok(ZipKind::Xlsx)
    } else if has_content {
        // An ODS without its (mandatory) mimetype entry: let the ODS reader judge.
        Ok(ZipKind::Ods)
    } else {
        Err(ReadError::NotASpreadsheet {
            file: file.to_string(),
        })
    }
}

/// Parts no reader opens: document properties, thumbnails, custom XML, printer settings,
/// media. A damaged flag on one of them does not keep the sheet from being read.
fn is_optional_part(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [
        "docprops/",
        "customxml/",
        "thumbnails/",
        "xl/media/",
        "xl/printersettings/",
    ]
    .iter()
    .any(|p| lower.starts_with(p))
        || matches!(lower.as_str(), "meta.xml" | "settings.xml")
        || part_use(&lower) == PartUse::Unread
}

/// Reads a small entry whole, at most `limit` bytes (the caller checked it is small).
pub(crate) fn read_small(
    archive: &mut ZipArchive<Cursor<&[u8]>>,
    name: &str,
    limit: u64,
) -> Option<Vec<u8>> {
    let entry = archive.by_name(name).ok()?;
    let mut out = Vec::new();
    entry.take(limit).read_to_end(&mut out).ok()?;
    Some(out)
}

fn too_entries(file: &str, n: usize) -> ReadError {
    too_large(
        file,
        format!(
            "l’archive contient {} éléments (limite {})",
            group(n),
            group(MAX_ZIP_ENTRIES)
        ),
        format!(
            "the archive holds {} entries (limit {})",
            group_en(n),
            group_en(MAX_ZIP_ENTRIES)
        ),
    )
}

/// The format a damaged ZIP most likely was, for the message (its directory is unreadable,
/// so look for the names its local headers carry).
pub(crate) fn guess_zip_format(bytes: &[u8]) -> &'static str {
    if find(bytes, b"application/vnd.oasis.opendocument.spreadsheet").is_some() {
        "ODS"
    } else if find(bytes, b"xl/workbook.bin").is_some() {
        "XLSB"
    } else {
        "XLSX"
    }
}

/// The cause of a ZIP error in words a teacher can pass on, in French: the zip crate's own
/// words (« invalid Zip archive: Could not find EOCD ») tell a teacher nothing.
pub(crate) fn zip_detail(e: &ZipError) -> String {
    match e {
        ZipError::InvalidArchive(_) | ZipError::Io(_) => {
            "archive ZIP illisible, sans doute incomplète".into()
        }
        ZipError::UnsupportedArchive(_) | ZipError::CompressionMethodNotSupported(_) => {
            "archive ZIP d’un type que grille ne lit pas".into()
        }
        ZipError::FileNotFound => "une partie du classeur manque dans l’archive".into(),
        ZipError::InvalidPassword => "archive chiffrée par un mot de passe".into(),
        _ => "archive ZIP illisible".into(),
    }
}

fn count_signature(bytes: &[u8], sig: &[u8; 4]) -> usize {
    bytes.windows(4).filter(|w| *w == sig).count()
}

pub(crate) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_classified_by_how_they_are_read() {
        assert_eq!(part_use("xl/worksheets/sheet1.xml"), PartUse::Streamed);
        assert_eq!(part_use("content.xml"), PartUse::Streamed);
        assert_eq!(part_use("xl/sharedStrings.xml"), PartUse::Loaded);
        assert_eq!(part_use("xl/_rels/workbook.xml.rels"), PartUse::Loaded);
        assert_eq!(part_use("xl/media/image1.png"), PartUse::Unread);
    }

    #[test]
    fn zip_errors_are_told_in_french_only() {
        let truncated =
            zip::ZipArchive::new(std::io::Cursor::new(b"PK\x03\x04 truncated".to_vec()))
                .expect_err("a truncated archive");
        assert_eq!(
            zip_detail(&truncated),
            "archive ZIP illisible, sans doute incomplète"
        );
        assert_eq!(
            zip_detail(&ZipError::UnsupportedArchive("encrypted")),
            "archive ZIP d’un type que grille ne lit pas"
        );
    }

    #[test]
    fn signatures_are_counted() {
        assert_eq!(count_signature(b"PK\x01\x02..PK\x01\x02", b"PK\x01\x02"), 2);
        assert_eq!(count_signature(b"PK", b"PK\x01\x02"), 0);
    }

    #[test]
    fn a_damaged_zip_is_named_by_its_local_names() {
        assert_eq!(guess_zip_format(b"PK\x03\x04....xl/workbook.xml"), "XLSX");
        assert_eq!(
            guess_zip_format(b"PK\x03\x04mimetypeapplication/vnd.oasis.opendocument.spreadsheet"),
            "ODS"
        );
    }
}
