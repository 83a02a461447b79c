//! Opening inputs: only regular files are read.
//!
//! A named pipe (FIFO) given as a grid would block `open` until some other program writes
//! into it, and a device (`/dev/urandom`, `/dev/zero`) never ends: either hangs grille or
//! fills memory. Each reader therefore looks at what the path names *before* opening it and
//! refuses anything but a regular file (or a link to one) at once. The refusal travels as an
//! ordinary [`std::io::Error`] whose payload is [`NotRegular`], so every reader's existing
//! « cannot read » error carries it and [`io_reason`] words it.

use std::fs::{File, Metadata};
use std::io::Read;
use std::path::Path;

use crate::Lang;

/// What a path names when it is not a regular file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecialKind {
    Folder,
    Fifo,
    CharDevice,
    BlockDevice,
    Socket,
    Other,
}

impl SpecialKind {
    /// The kind of `meta` (links followed), `None` for a regular file.
    pub fn of(meta: &Metadata) -> Option<Self> {
        let t = meta.file_type();
        if t.is_file() {
            return None;
        }
        if t.is_dir() {
            return Some(Self::Folder);
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if t.is_fifo() {
                return Some(Self::Fifo);
            }
            if t.is_char_device() {
                return Some(Self::CharDevice);
            }
            if t.is_block_device() {
                return Some(Self::BlockDevice);
            }
            if t.is_socket() {
                return Some(Self::Socket);
            }
        }
        Some(Self::Other)
    }

    /// « un tube nommé (FIFO) » / “a named pipe (FIFO)”.
    pub fn name(self, lang: Lang) -> &'static str {
        let (fr, en) = match self {
            Self::Folder => ("un dossier", "a folder"),
            Self::Fifo => ("un tube nommé (FIFO)", "a named pipe (FIFO)"),
            Self::CharDevice => (
                "un périphérique (caractères)",
                "a device (character special file)",
            ),
            Self::BlockDevice => ("un périphérique (blocs)", "a device (block special file)"),
            Self::Socket => ("une socket", "a socket"),
            Self::Other => ("un fichier spécial", "a special file"),
        };
        lang.pick(fr, en)
    }
}

/// The payload of the [`std::io::Error`] that refuses a special file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotRegular(pub SpecialKind);

impl NotRegular {
    /// The reason in words, for [`io_reason`].
    pub fn reason(&self, lang: Lang) -> String {
        match lang {
            Lang::Fr => format!(
                "refusé : c’est {}, pas un fichier ordinaire",
                self.0.name(lang)
            ),
            Lang::En => format!("refused: it is {}, not a regular file", self.0.name(lang)),
        }
    }
}

impl std::fmt::Display for NotRegular {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.reason(Lang::Fr))
    }
}

impl std::error::Error for NotRegular {}

/// Why a file could not be read or written, in words a teacher understands, rather than the
/// system's English (« No such file or directory (os error 2) »).
///
/// ```
/// use std::io::{Error, ErrorKind};
/// use grille::{Lang, input::io_reason};
/// let e = Error::from(ErrorKind::NotFound);
/// assert_eq!(io_reason(&e, Lang::Fr), "fichier introuvable");
/// assert_eq!(io_reason(&e, Lang::En), "file not found");
/// ```
pub fn io_reason(error: &std::io::Error, lang: Lang) -> String {
    use std::io::ErrorKind as K;
    if let Some(special) = error.get_ref().and_then(|e| e.downcast_ref::<NotRegular>()) {
        return special.reason(lang);
    }
    let (fr, en) = match error.kind() {
        K::NotFound => ("fichier introuvable", "file not found"),
        K::PermissionDenied => ("accès refusé", "permission denied"),
        K::IsADirectory => (
            "c’est un dossier, pas un fichier",
            "it is a folder, not a file",
        ),
        K::NotADirectory => (
            "un élément du chemin n’est pas un dossier",
            "a part of the path is not a folder",
        ),
        K::AlreadyExists => ("le fichier existe déjà", "the file already exists"),
        K::StorageFull => ("disque plein", "disk full"),
        K::ReadOnlyFilesystem => ("support en lecture seule", "read-only file system"),
        K::InvalidFilename => ("nom de fichier invalide", "invalid file name"),
        K::FileTooLarge => ("fichier trop gros", "file too large"),
        K::UnexpectedEof => ("fin de fichier inattendue", "unexpected end of file"),
        K::Interrupted => ("lecture interrompue", "interrupted"),
        // Anything rarer: the system's own words, without « (os error N) ».
        _ => {
            let text = error.to_string();
            return match text.find(" (os error") {
                Some(i) => text[..i].to_string(),
                None => text,
            };
        }
    };
    lang.pick(fr, en).to_string()
}

/// The error refusing a path of this kind.
pub fn refusal(kind: SpecialKind) -> std::io::Error {
    match kind {
        // The system's own kind, which every message already words.
        SpecialKind::Folder => std::io::Error::from(std::io::ErrorKind::IsADirectory),
        _ => std::io::Error::new(std::io::ErrorKind::InvalidInput, NotRegular(kind)),
    }
}

/// Checks, without opening it, that `path` names a regular file (or a link to one).
pub fn ensure_regular(path: &Path) -> std::io::Result<Metadata> {
    let meta = std::fs::metadata(path)?;
    match SpecialKind::of(&meta) {
        None => Ok(meta),
        Some(kind) => Err(refusal(kind)),
    }
}

/// Opens a regular file for reading; anything else is refused before `open`, which would
/// block on a FIFO.
pub fn open_regular(path: &Path) -> std::io::Result<File> {
    ensure_regular(path)?;
    let file = File::open(path)?;
    // The path may have been swapped between the two calls: trust the handle.
    if let Some(kind) = SpecialKind::of(&file.metadata()?) {
        return Err(refusal(kind));
    }
    Ok(file)
}

/// Reads at most `limit + 1` bytes of a regular file: a result longer than `limit` means
/// the file is over the limit (its size may change while it is read, or lie).
pub fn read_regular(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    let file = open_regular(path)?;
    let declared = file.metadata()?.len();
    let mut bytes = Vec::with_capacity(usize::try_from(declared.min(limit + 1)).unwrap_or(0));
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Error;

    #[test]
    fn folders_are_refused_and_files_read_within_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let e = open_regular(dir.path()).unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::IsADirectory);
        let file = dir.path().join("a.txt");
        std::fs::write(&file, b"0123456789").unwrap();
        assert_eq!(read_regular(&file, 100).unwrap(), b"0123456789");
        // One byte past the limit tells the caller the file is too big.
        assert_eq!(read_regular(&file, 4).unwrap().len(), 5);
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_refused_with_its_kind_in_words() {
        let e = open_regular(Path::new("/dev/null")).unwrap_err();
        let payload = e.get_ref().and_then(|p| p.downcast_ref::<NotRegular>());
        assert_eq!(payload, Some(&NotRegular(SpecialKind::CharDevice)));
        assert_eq!(
            crate::input::io_reason(&e, Lang::Fr),
            "refusé : c’est un périphérique (caractères), pas un fichier ordinaire"
        );
    }

    #[test]
    fn io_reasons_are_words_not_os_codes() {
        let dir = std::env::temp_dir();
        let e = std::fs::read(&dir).unwrap_err();
        assert_eq!(io_reason(&e, Lang::Fr), "c’est un dossier, pas un fichier");
        assert_eq!(io_reason(&e, Lang::En), "it is a folder, not a file");
        let e = std::fs::read(dir.join("grille-absent-7f3a")).unwrap_err();
        assert_eq!(io_reason(&e, Lang::Fr), "fichier introuvable");
        let other = Error::from_raw_os_error(5);
        assert!(!io_reason(&other, Lang::Fr).contains("os error"));
        assert_eq!(io_reason(&Error::other("boom"), Lang::En), "boom");
    }
}
