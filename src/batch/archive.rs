//! What the zip crate does not do for a batch: keep entries whose name is a duplicate, and
//! say why an archive cannot be read in a teacher's words.
//!
//! The zip crate indexes entries by name: of two entries named alike (an archive assembled by
//! hand, a tool that appends), it keeps one, and a submission would silently vanish. The
//! central directory is therefore read here once more, when the crate reports duplicates, and
//! every entry it did not keep is listed with its local header; reading one inflates it here,
//! within the same bounds as any entry.

use std::collections::HashSet;
use std::io::{Read, Seek, SeekFrom};

use zip::result::ZipError;

/// The cause of a ZIP error in French, for « archive ZIP illisible (…) »: the crate's own
/// words (« invalid Zip archive: Could not find EOCD ») tell a teacher nothing.
pub(crate) fn detail(e: &ZipError) -> String {
    match e {
        ZipError::InvalidArchive(_) | ZipError::Io(_) => {
            "elle est incomplète ou endommagée, par exemple un téléchargement interrompu : la télécharger de nouveau".into()
        }
        ZipError::UnsupportedArchive(_) | ZipError::CompressionMethodNotSupported(_) => {
            "archive d’un type que grille ne lit pas".into()
        }
        ZipError::InvalidPassword => "archive chiffrée par un mot de passe".into(),
        ZipError::FileNotFound => "une entrée annoncée est introuvable".into(),
        _ => "archive endommagée".into(),
    }
}

/// An entry the zip crate did not keep, as its central directory record gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Hidden {
    /// The name as stored (UTF-8, or lossily decoded).
    pub name: String,
    /// Offset of its local header from the start of the reader.
    pub header: u64,
    pub encrypted: bool,
    /// 0 stored, 8 deflate; anything else cannot be read.
    pub method: u16,
    pub compressed: u64,
    pub declared: u64,
    /// A Zip64 size or offset, which this reader does not follow.
    pub zip64: bool,
}

const CENTRAL: &[u8; 4] = b"PK\x01\x02";
const LOCAL: &[u8; 4] = b"PK\x03\x04";

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// The central directory records (at most `max`) whose local header is not in `kept`.
/// `dir_start` and `offset` are the crate's `central_directory_start()` and `offset()`.
pub(crate) fn hidden_entries<R: Read + Seek>(
    reader: &mut R,
    dir_start: u64,
    offset: u64,
    kept: &HashSet<u64>,
    max: usize,
) -> Vec<Hidden> {
    let mut out = Vec::new();
    if reader.seek(SeekFrom::Start(dir_start)).is_err() {
        return out;
    }
    for _ in 0..max {
        let mut fixed = [0u8; 46];
        if reader.read_exact(&mut fixed).is_err() || &fixed[..4] != CENTRAL {
            break;
        }
        let flags = u16_at(&fixed, 8);
        let method = u16_at(&fixed, 10);
        let compressed = u32_at(&fixed, 20);
        let declared = u32_at(&fixed, 24);
        let name_len = usize::from(u16_at(&fixed, 28));
        let skip = i64::from(u16_at(&fixed, 30)) + i64::from(u16_at(&fixed, 32));
        let local = u32_at(&fixed, 42);
        let mut name = vec![0u8; name_len];
        if reader.read_exact(&mut name).is_err() || reader.seek(SeekFrom::Current(skip)).is_err() {
            break;
        }
        let header = u64::from(local) + offset;
        if kept.contains(&header) {
            continue;
        }
        let zip64 = [compressed, declared, local].contains(&u32::MAX);
        out.push(Hidden {
            name: String::from_utf8_lossy(&name).into_owned(),
            header,
            encrypted: flags & 1 == 1,
            method,
            compressed: u64::from(compressed),
            declared: u64::from(declared),
            zip64,
        });
    }
    out
}

/// Why a hidden entry could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum HiddenError {
    /// Damaged record or data, or a form not read here (Zip64, another compression).
    Unreadable,
    /// It inflates past the size it declares.
    Inflates,
}

/// Reads a hidden entry, never more than its declared size (+1 byte to catch a lie).
pub(crate) fn read_hidden<R: Read + Seek>(
    reader: &mut R,
    entry: &Hidden,
) -> Result<Vec<u8>, HiddenError> {
    if entry.zip64 || entry.encrypted {
        return Err(HiddenError::Unreadable);
    }
    let mut local = [0u8; 30];
    reader
        .seek(SeekFrom::Start(entry.header))
        .and_then(|_| reader.read_exact(&mut local))
        .map_err(|_| HiddenError::Unreadable)?;
    if &local[..4] != LOCAL {
        return Err(HiddenError::Unreadable);
    }
    let skip = i64::from(u16_at(&local, 26)) + i64::from(u16_at(&local, 28));
    reader
        .seek(SeekFrom::Current(skip))
        .map_err(|_| HiddenError::Unreadable)?;
    let data = reader.take(entry.compressed);
    let limit = entry.declared.saturating_add(1);
    let mut bytes = Vec::with_capacity(usize::try_from(entry.declared.min(1 << 24)).unwrap_or(0));
    match entry.method {
        0 => data.take(limit).read_to_end(&mut bytes),
        8 => flate2::read::DeflateDecoder::new(data)
            .take(limit)
            .read_to_end(&mut bytes),
        _ => return Err(HiddenError::Unreadable),
    }
    .map_err(|_| HiddenError::Unreadable)?;
    if bytes.len() as u64 > entry.declared {
        return Err(HiddenError::Inflates);
    }
    if (bytes.len() as u64) < entry.declared {
        return Err(HiddenError::Unreadable);
    }
    Ok(bytes)
}

/// `dir/grille.xlsx` numbered `n` → `dir/grille (2).xlsx`: the number goes before the
/// extension, so the kind of file is still seen.
pub(crate) fn numbered(name: &str, n: usize) -> String {
    let slash = name.rfind(['/', '\\']).map_or(0, |i| i + 1);
    match name[slash..].rfind('.') {
        Some(dot) if dot > 0 => {
            let at = slash + dot;
            format!("{} ({n}){}", &name[..at], &name[at..])
        }
        _ => format!("{name} ({n})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Write};

    fn zip_with_two_entries() -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let deflate = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        w.start_file("a/grille.xlsx", deflate).unwrap();
        w.write_all(&b"first ".repeat(100)).unwrap();
        w.start_file("b.csv", deflate).unwrap();
        w.write_all(b"b").unwrap();
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn numbers_go_before_the_extension() {
        assert_eq!(numbered("d/grille.xlsx", 2), "d/grille (2).xlsx");
        assert_eq!(numbered("d.x/grille", 3), "d.x/grille (3)");
        assert_eq!(numbered(".hidden", 2), ".hidden (2)");
    }

    #[test]
    fn entries_not_kept_are_found_and_read() {
        let bytes = zip_with_two_entries();
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes.clone())).unwrap();
        // Keep only the first entry: the second is then « hidden ».
        let kept: HashSet<u64> = [archive.by_index_raw(0).unwrap().header_start()].into();
        let dir = archive.central_directory_start();
        let mut reader = Cursor::new(bytes);
        let hidden = hidden_entries(&mut reader, dir, archive.offset(), &kept, 100);
        assert_eq!(hidden.len(), 1, "{hidden:?}");
        assert_eq!(hidden[0].name, "b.csv");
        assert_eq!(read_hidden(&mut reader, &hidden[0]).unwrap(), b"b");
        // A lying declared size is caught.
        let mut lying = hidden[0].clone();
        lying.declared = 0;
        assert!(read_hidden(&mut reader, &lying).is_err());
    }

    #[test]
    fn zip_errors_are_worded_for_teachers() {
        let e = zip::ZipArchive::new(Cursor::new(b"PK\x03\x04 tronque".to_vec())).unwrap_err();
        let d = detail(&e);
        assert!(d.contains("incomplète"), "{d}");
        assert!(!d.contains("EOCD"));
    }
}
