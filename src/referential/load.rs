//! The entry points that read a referential as users name it (`--referential ID|FILE`, a
//! file, a text): the readers of `read`, then the recognition of the referentials grille
//! embeds. They live above both `read` and `embedded`, which builds the embedded ones with the
//! same readers, so that neither of the two calls back into the other.

use std::path::Path;

use super::embedded;
use super::read::{ReadError, SourceFormat, check_text, limits, parse_unrecognised_as};
use crate::model::Referential;

/// Parses a referential from its text, whatever its form. `origin` names the file in errors;
/// its stem becomes the id unless the referential is one grille knows.
///
/// The model's own JSON is taken as written (its id, codes and rules are explicit); the other
/// forms are recognised: a BTS SIO bloc 1 copied from a web page gets the identity and the
/// official codes of the embedded `bts-sio-b1`.
pub fn parse_str(text: &str, origin: &str) -> Result<Referential, ReadError> {
    let format = check_text(text, origin)?;
    parse_str_as(text, origin, format)
}

/// Parses a text as the given form, skipping content sniffing (the form is known, or a test
/// wants to feed one reader arbitrary text). Never panics.
pub fn parse_str_as(
    text: &str,
    origin: &str,
    format: SourceFormat,
) -> Result<Referential, ReadError> {
    let mut referential = parse_unrecognised_as(text, origin, format)?;
    if format != SourceFormat::Json {
        embedded::recognise(&mut referential);
    }
    Ok(referential)
}

/// Reads a referential file: bytes checked (empty, binary), UTF-8 or else Windows-1252.
pub fn read_file(path: &Path) -> Result<Referential, ReadError> {
    let origin = path.display().to_string();
    // Only a regular file, and never more than the largest limit (`/dev/urandom` would
    // otherwise fill memory).
    let bytes = crate::input::read_regular(path, limits::MAX_READ_BYTES).map_err(|source| {
        ReadError::Io {
            origin: origin.clone(),
            source,
        }
    })?;
    if bytes.len() as u64 > limits::MAX_READ_BYTES {
        let declared = std::fs::metadata(path).map_or(bytes.len() as u64, |m| m.len());
        return Err(limits::file_too_large(
            &origin,
            declared.max(bytes.len() as u64),
        ));
    }
    if bytes.is_empty() {
        return Err(ReadError::Empty { origin });
    }
    if let Some(offset) = bytes.iter().position(|b| *b == 0) {
        return Err(ReadError::Binary { origin, offset });
    }
    let text = match std::str::from_utf8(&bytes) {
        Ok(t) => t.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(&bytes).0.into_owned(),
    };
    parse_str(&text, &origin)
}

/// An embedded referential by id, or else a file by path (`--referential ID|FILE`).
pub fn load(id_or_path: &str) -> Result<Referential, ReadError> {
    if let Some(r) = embedded::get(id_or_path) {
        return Ok(r);
    }
    let path = Path::new(id_or_path);
    if path.exists() {
        return read_file(path);
    }
    Err(ReadError::Unknown {
        name: id_or_path.into(),
        known: embedded::ids().join(", "),
    })
}
