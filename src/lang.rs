//! The language of what users read: French by default, English on request (`--lang en`).

use std::str::FromStr;

/// The language of messages, reports and written workbooks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    Fr,
    En,
}

impl Lang {
    /// Picks the text of this language.
    ///
    /// ```
    /// use grille::Lang;
    /// assert_eq!(Lang::En.pick("Constat", "Finding"), "Finding");
    /// ```
    pub fn pick<T>(self, fr: T, en: T) -> T {
        match self {
            Lang::Fr => fr,
            Lang::En => en,
        }
    }

    pub fn code(self) -> &'static str {
        self.pick("fr", "en")
    }
}

/// Why a file could not be read or written, in words a teacher understands, rather than the
/// system's English (« No such file or directory (os error 2) »).
///
/// ```
/// use std::io::{Error, ErrorKind};
/// use grille::{Lang, lang::io_reason};
/// let e = Error::from(ErrorKind::NotFound);
/// assert_eq!(io_reason(&e, Lang::Fr), "fichier introuvable");
/// assert_eq!(io_reason(&e, Lang::En), "file not found");
/// ```
pub fn io_reason(error: &std::io::Error, lang: Lang) -> String {
    use std::io::ErrorKind as K;
    if let Some(special) = error
        .get_ref()
        .and_then(|e| e.downcast_ref::<crate::input::NotRegular>())
    {
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

impl FromStr for Lang {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "fr" | "français" | "francais" | "french" => Ok(Lang::Fr),
            "en" | "english" | "anglais" => Ok(Lang::En),
            other => Err(format!("langue inconnue « {other} » (fr ou en)")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Error;

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
