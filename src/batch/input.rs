//! Collecting the files of a batch: folders (recursively), single files, ZIP archives, mixed.
//!
//! Collection is sequential and deterministic (sorted names, input order kept); reading the
//! bytes is deferred to the worker that checks the file, so that memory holds only the files
//! being checked. ZIP entries are read in memory, never extracted. An archive is hostile until
//! proven otherwise: names that climb out, absolute names and symbolic links are refused; the
//! number of entries, each entry's size and the total inflated size are capped; an entry that
//! inflates beyond the size it declares is refused; a ZIP inside a ZIP is opened once, with the
//! same budget, and a third level is refused.

use std::collections::HashSet;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use zip::ZipArchive;

mod archive;

use super::moodle::{self, Submission};
use crate::Lang;
use archive::{Archive, ArchiveReader, SharedFile};

/// Caps that keep a hostile input from exhausting memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Entries of one archive, nested archives included.
    pub max_entries: usize,
    /// Bytes of one spreadsheet (a file, or an entry once inflated).
    pub max_file_size: u64,
    /// Bytes inflated from one archive (nested archives included).
    pub max_archive_inflated: u64,
    /// Depth of folders walked.
    pub max_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_entries: 10_000,
            max_file_size: 64 << 20,
            max_archive_inflated: 1 << 30,
            max_depth: 32,
        }
    }
}

/// Extensions read as spreadsheets (anything else in a folder or archive is noted and skipped).
const SPREADSHEET_EXTENSIONS: &[&str] = &[
    "xlsx", "xlsm", "xltx", "xltm", "xls", "xlsb", "ods", "ots", "csv",
];

/// One file to check.
#[derive(Debug, Clone)]
pub struct InputFile {
    /// The name shown in reports: the path as given, or `archive.zip/entry` (NFC).
    pub name: String,
    /// Path inside its input (`Jeanne DUPONT_…_/Tableau.xlsx`), the base of the corrected name.
    pub relative: String,
    /// Index of the command-line input it comes from.
    pub input: usize,
    /// Who handed it in, when a Moodle archive (or folder) says so.
    pub submission: Option<Submission>,
    pub(crate) source: Source,
}

#[derive(Debug, Clone)]
pub(crate) enum Source {
    Path(PathBuf),
    Entry {
        archive: Archive,
        index: usize,
        declared: u64,
    },
    /// An entry whose name another entry has (read from its own record).
    Hidden {
        archive: Archive,
        entry: super::archive::Hidden,
    },
    /// Refused while collecting: it becomes an `unreadable-file` result in its place.
    Refused(InputError),
}

/// A file skipped on purpose (not an error): a PDF in a Moodle archive, `onlinetext.html`…
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub file: String,
    pub reason: NoteReason,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteReason {
    /// Not a spreadsheet by its extension.
    NotASpreadsheet,
    /// A file the system or a spreadsheet program leaves behind (`__MACOSX/`, `~$…`, `.DS_Store`).
    SystemFile,
    /// A symbolic link to a folder (not followed, against loops).
    LinkedFolder,
    /// The same file named twice (a folder and a file in it).
    Duplicate,
    /// The output folder, found inside an input folder.
    OutputFolder,
}

impl Note {
    /// « fichier : ignoré, ce n’est pas un classeur ».
    pub fn message(&self, lang: Lang) -> String {
        format!(
            "{}{}{}",
            self.file,
            lang.pick(" : ", ": "),
            self.reason_text(lang)
        )
    }

    /// Why the file was skipped, without its name.
    pub fn reason_text(&self, lang: Lang) -> &'static str {
        match self.reason {
            NoteReason::NotASpreadsheet => lang.pick(
                "ignoré, ce n’est pas un classeur",
                "skipped, not a spreadsheet",
            ),
            NoteReason::SystemFile => lang.pick(
                "ignoré, fichier laissé par le système ou le tableur",
                "skipped, a file left by the system or the spreadsheet program",
            ),
            NoteReason::LinkedFolder => lang.pick(
                "ignoré, lien symbolique vers un dossier",
                "skipped, symbolic link to a folder",
            ),
            NoteReason::Duplicate => {
                lang.pick("ignoré, déjà pris en compte", "skipped, already included")
            }
            NoteReason::OutputFolder => lang.pick(
                "ignoré, c’est le dossier de sortie",
                "skipped, it is the output folder",
            ),
        }
    }
}

/// Why a file of the batch could not even be read (each names the file).
#[derive(Debug, Clone, thiserror::Error)]
pub enum InputError {
    /// Worded as `check` words it, in both languages (never « os error 2 »).
    #[error("{file} : impossible de lire le fichier ({detail})")]
    Io {
        file: String,
        detail: String,
        detail_en: String,
    },
    #[error("{file} : archive ZIP illisible ({detail})")]
    Archive { file: String, detail: String },
    #[error("{file} : entrée refusée, son nom sort de l’archive (chemin absolu ou « .. »)")]
    Escapes { file: String },
    #[error("{file} : entrée refusée, c’est un lien symbolique")]
    Symlink { file: String },
    #[error("{file} : entrée protégée par un mot de passe")]
    Encrypted { file: String },
    #[error("{file} : fichier refusé, {size} octets dépassent la limite de {limit} octets")]
    TooLarge { file: String, size: u64, limit: u64 },
    #[error(
        "{file} : entrée refusée, elle se décompresse au-delà de la taille annoncée (archive piégée)"
    )]
    Inflates { file: String },
    #[error("{file} : archive refusée, plus de {limit} entrées")]
    TooManyEntries { file: String, limit: usize },
    #[error("{file} : entrée refusée, l’archive dépasse {limit} octets une fois décompressée")]
    BudgetExceeded { file: String, limit: u64 },
    #[error("{file} : archive refusée, une archive dans une archive dans une archive")]
    NestedTooDeep { file: String },
}

impl InputError {
    fn io(file: String, error: &std::io::Error) -> Self {
        InputError::Io {
            file,
            detail: crate::input::io_reason(error, Lang::Fr),
            detail_en: crate::input::io_reason(error, Lang::En),
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        use InputError::*;
        match (self, lang) {
            (_, Lang::Fr) => self.to_string(),
            (
                Io {
                    file, detail_en, ..
                },
                Lang::En,
            ) => format!("{file}: cannot read the file ({detail_en})"),
            (Archive { file, detail }, Lang::En) => {
                format!("{file}: unreadable ZIP archive ({detail})")
            }
            (Escapes { file }, Lang::En) => format!(
                "{file}: entry refused, its name leads out of the archive (absolute path or « .. »)"
            ),
            (Symlink { file }, Lang::En) => format!("{file}: entry refused, it is a symbolic link"),
            (Encrypted { file }, Lang::En) => format!("{file}: entry protected by a password"),
            (TooLarge { file, size, limit }, Lang::En) => {
                format!("{file}: file refused, {size} bytes exceed the limit of {limit} bytes")
            }
            (Inflates { file }, Lang::En) => format!(
                "{file}: entry refused, it inflates beyond its declared size (booby-trapped archive)"
            ),
            (TooManyEntries { file, limit }, Lang::En) => {
                format!("{file}: archive refused, more than {limit} entries")
            }
            (BudgetExceeded { file, limit }, Lang::En) => {
                format!("{file}: entry refused, the archive exceeds {limit} bytes once inflated")
            }
            (NestedTooDeep { file }, Lang::En) => {
                format!("{file}: archive refused, an archive in an archive in an archive")
            }
        }
    }
}

/// What collecting the inputs gives: the files in their stable order, and the notes.
#[derive(Debug, Default)]
pub struct Collection {
    pub files: Vec<InputFile>,
    pub notes: Vec<Note>,
    /// Every file on disk that is read (spreadsheets and archives): outputs may never
    /// overwrite one of them.
    pub read_paths: Vec<PathBuf>,
}

/// Collects the files of `inputs` (folders, files, ZIP archives), in input order and, within
/// an input, by name. `exclude` lists folders never entered (the output folder).
pub fn collect(inputs: &[PathBuf], limits: &Limits, exclude: &[PathBuf]) -> Collection {
    let mut collector = Collector {
        limits: *limits,
        exclude: exclude
            .iter()
            .filter_map(|p| p.canonicalize().ok())
            .collect(),
        seen: HashSet::new(),
        out: Collection::default(),
    };
    for (index, input) in inputs.iter().enumerate() {
        collector.input(index, input);
    }
    collector.out
}

struct Collector {
    limits: Limits,
    exclude: Vec<PathBuf>,
    seen: HashSet<PathBuf>,
    out: Collection,
}

/// A display form of a path (NFC, as macOS folders may hold decomposed names).
fn shown(path: &Path) -> String {
    crate::text::nfc(&path.display().to_string())
}

fn extension(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    match last.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.to_lowercase(),
        _ => String::new(),
    }
}

/// Files left by macOS, Windows or a spreadsheet program that holds a file open.
fn is_system_file(name: &str) -> bool {
    let mut components = name.split(['/', '\\']).filter(|c| !c.is_empty());
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    components.any(|c| c == "__MACOSX")
        || last.starts_with("._")
        || last.starts_with("~$")
        || last.starts_with(".~lock.")
        || matches!(
            last.to_lowercase().as_str(),
            ".ds_store" | "thumbs.db" | "desktop.ini"
        )
}

enum Kind {
    Spreadsheet,
    Archive,
    System,
    Other,
}

fn kind_of(name: &str) -> Kind {
    if is_system_file(name) {
        return Kind::System;
    }
    match extension(name).as_str() {
        "zip" => Kind::Archive,
        ext if SPREADSHEET_EXTENSIONS.contains(&ext) => Kind::Spreadsheet,
        _ => Kind::Other,
    }
}

impl Collector {
    fn push(&mut self, input: usize, name: String, relative: String, source: Source) {
        let submission = moodle::submission(&relative);
        self.out.files.push(InputFile {
            name,
            relative,
            input,
            submission,
            source,
        });
    }

    /// A file that is not read, with why: still listed in its place, so that the batch
    /// reports it as unreadable.
    fn refuse(&mut self, input: usize, name: String, relative: String, error: InputError) {
        self.push(input, name, relative, Source::Refused(error));
    }

    fn note(&mut self, file: String, reason: NoteReason) {
        self.out.notes.push(Note { file, reason });
    }

    /// Whether a file on disk was already collected (the same file named twice).
    fn first_time(&mut self, path: &Path) -> bool {
        let key = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        self.seen.insert(key)
    }

    fn input(&mut self, index: usize, path: &Path) {
        let name = shown(path);
        match std::fs::metadata(path) {
            Err(e) => self.refuse(index, name.clone(), name.clone(), InputError::io(name, &e)),
            Ok(meta) if meta.is_dir() => self.folder(index, path, path, 0),
            Ok(_) => {
                let relative = path
                    .file_name()
                    .map(|n| crate::text::nfc(&n.to_string_lossy()))
                    .unwrap_or_else(|| name.clone());
                if !self.first_time(path) {
                    return self.note(name, NoteReason::Duplicate);
                }
                // A file named on the command line is checked whatever its extension, unless
                // it is an archive.
                if matches!(kind_of(&name), Kind::Archive) {
                    self.archive_file(index, path, &name);
                } else {
                    self.out.read_paths.push(path.to_path_buf());
                    self.push(index, name, relative, Source::Path(path.to_path_buf()));
                }
            }
        }
    }

    fn folder(&mut self, index: usize, root: &Path, dir: &Path, depth: usize) {
        let name = shown(dir);
        // The output folder (or its `corriges/`) inside an input folder is not read back; an
        // input folder that is itself the output folder is read (outputs never overwrite one
        // of its files).
        if depth > 0
            && let Ok(canonical) = dir.canonicalize()
            && self.exclude.contains(&canonical)
        {
            return self.note(name, NoteReason::OutputFolder);
        }
        if depth > self.limits.max_depth {
            return;
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => {
                return self.refuse(index, name.clone(), name.clone(), InputError::io(name, &e));
            }
        };
        let mut children: Vec<(String, PathBuf)> = entries
            .filter_map(Result::ok)
            .map(|e| (crate::text::nfc(&e.file_name().to_string_lossy()), e.path()))
            .collect();
        children.sort();
        for (_, path) in children {
            let name = shown(&path);
            let relative = path
                .strip_prefix(root)
                .map(|r| crate::text::nfc(&r.to_string_lossy().replace('\\', "/")))
                .unwrap_or_else(|_| name.clone());
            let Ok(link_meta) = std::fs::symlink_metadata(&path) else {
                continue;
            };
            let meta = if link_meta.file_type().is_symlink() {
                match std::fs::metadata(&path) {
                    Ok(m) if m.is_dir() => {
                        self.note(name, NoteReason::LinkedFolder);
                        continue;
                    }
                    Ok(m) => m,
                    Err(_) => continue,
                }
            } else {
                link_meta
            };
            if meta.is_dir() {
                self.folder(index, root, &path, depth + 1);
                continue;
            }
            match kind_of(&relative) {
                Kind::System => self.note(name, NoteReason::SystemFile),
                Kind::Other => self.note(name, NoteReason::NotASpreadsheet),
                Kind::Archive | Kind::Spreadsheet if !self.first_time(&path) => {
                    self.note(name, NoteReason::Duplicate)
                }
                Kind::Archive => self.archive_file(index, &path, &name),
                Kind::Spreadsheet => {
                    self.out.read_paths.push(path.clone());
                    self.push(index, name, relative, Source::Path(path));
                }
            }
        }
    }

    fn archive_file(&mut self, index: usize, path: &Path, name: &str) {
        self.out.read_paths.push(path.to_path_buf());
        let refused = |detail: String| {
            Source::Refused(InputError::Archive {
                file: name.to_string(),
                detail,
            })
        };
        let opened = crate::input::open_regular(path)
            .and_then(SharedFile::new)
            .map_err(|e| e.to_string())
            .and_then(|f| {
                ZipArchive::new(ArchiveReader::File(f)).map_err(|e| super::archive::detail(&e))
            });
        match opened {
            Ok(zip) => {
                let mut budget = Budget::default();
                self.archive(index, Archive(zip), name, "", 0, &mut budget);
            }
            Err(detail) => self.push(index, name.into(), name.into(), refused(detail)),
        }
    }

    /// Lists an archive's entries. `prefix` is the archive's path inside the outer archive
    /// (empty at the top); `depth` is 0 for an archive on disk, 1 for a ZIP inside it.
    fn archive(
        &mut self,
        index: usize,
        archive: Archive,
        shown_archive: &str,
        prefix: &str,
        depth: usize,
        budget: &mut Budget,
    ) {
        let mut zip = archive.0.clone();
        budget.entries += zip.len();
        if budget.entries > self.limits.max_entries {
            let file = shown_archive.to_string();
            return self.refuse(
                index,
                file.clone(),
                prefix.trim_end_matches('/').to_string(),
                InputError::TooManyEntries {
                    file,
                    limit: self.limits.max_entries,
                },
            );
        }
        let mut entries = Vec::with_capacity(zip.len());
        for i in 0..zip.len() {
            let Ok(entry) = zip.by_index_raw(i) else {
                let file = format!("{shown_archive}/#{}", i + 1);
                self.refuse(
                    index,
                    file.clone(),
                    file.clone(),
                    InputError::Archive {
                        file,
                        detail: "entrée illisible".into(),
                    },
                );
                continue;
            };
            let raw = entry
                .name()
                .map(|n| n.into_owned())
                .unwrap_or_else(|_| String::from_utf8_lossy(entry.name_raw()).into_owned());
            let name = crate::text::nfc(&raw);
            let escapes = entry.enclosed_name().is_none() || climbs_out(&name);
            entries.push(EntryInfo {
                name,
                index: i,
                is_dir: entry.is_dir(),
                symlink: entry.is_symlink(),
                encrypted: entry.encrypted(),
                declared: entry.size(),
                escapes,
                hidden: None,
            });
        }
        if zip.has_duplicate_names() {
            self.hidden_entries(&archive, &mut entries, budget);
        }
        entries.sort_by(|a, b| a.name.cmp(&b.name).then(a.index.cmp(&b.index)));
        for entry in entries {
            let relative = format!("{prefix}{}", entry.name);
            let file = format!("{shown_archive}/{}", printable(&entry.name));
            if entry.escapes {
                self.refuse(index, file.clone(), relative, InputError::Escapes { file });
                continue;
            }
            if entry.symlink {
                self.refuse(index, file.clone(), relative, InputError::Symlink { file });
                continue;
            }
            if entry.is_dir {
                continue;
            }
            let kind = kind_of(&entry.name);
            match kind {
                Kind::System => {
                    self.note(file, NoteReason::SystemFile);
                    continue;
                }
                Kind::Other => {
                    self.note(file, NoteReason::NotASpreadsheet);
                    continue;
                }
                _ => {}
            }
            if entry.encrypted {
                self.refuse(
                    index,
                    file.clone(),
                    relative,
                    InputError::Encrypted { file },
                );
                continue;
            }
            if entry.declared > self.limits.max_file_size {
                let error = InputError::TooLarge {
                    file: file.clone(),
                    size: entry.declared,
                    limit: self.limits.max_file_size,
                };
                self.refuse(index, file, relative, error);
                continue;
            }
            budget.inflated = budget.inflated.saturating_add(entry.declared);
            if budget.inflated > self.limits.max_archive_inflated {
                let error = InputError::BudgetExceeded {
                    file: file.clone(),
                    limit: self.limits.max_archive_inflated,
                };
                self.refuse(index, file, relative, error);
                continue;
            }
            if matches!(kind, Kind::Archive) {
                if depth >= 1 {
                    self.refuse(
                        index,
                        file.clone(),
                        relative,
                        InputError::NestedTooDeep { file },
                    );
                    continue;
                }
                // Read the nested archive once, within the same budget, and list it.
                let bytes = match &entry.hidden {
                    Some(hidden) => read_hidden(&archive, hidden, &file),
                    None => read_entry(&archive, entry.index, entry.declared, &file),
                };
                let nested = bytes.and_then(|bytes| {
                    ZipArchive::new(ArchiveReader::Memory(Cursor::new(Arc::from(bytes)))).map_err(
                        |e| InputError::Archive {
                            file: file.clone(),
                            detail: super::archive::detail(&e),
                        },
                    )
                });
                match nested {
                    Ok(zip) => {
                        let prefix = format!("{relative}/");
                        self.archive(index, Archive(zip), &file, &prefix, depth + 1, budget);
                    }
                    Err(error) => self.refuse(index, file, relative, error),
                }
                continue;
            }
            let source = match entry.hidden {
                Some(hidden) => Source::Hidden {
                    archive: archive.clone(),
                    entry: hidden,
                },
                None => Source::Entry {
                    archive: archive.clone(),
                    index: entry.index,
                    declared: entry.declared,
                },
            };
            self.push(index, file, relative, source);
        }
    }

    /// Adds the entries the zip crate dropped for having a name already taken, numbered
    /// « grille (2).xlsx »: a second submission under the same name is never lost.
    fn hidden_entries(
        &mut self,
        archive: &Archive,
        entries: &mut Vec<EntryInfo>,
        budget: &mut Budget,
    ) {
        let mut zip = archive.0.clone();
        let kept: HashSet<u64> = (0..zip.len())
            .filter_map(|i| zip.by_index_raw(i).ok().map(|e| e.header_start()))
            .collect();
        let (dir_start, offset) = (zip.central_directory_start(), zip.offset());
        let room = self.limits.max_entries.saturating_sub(budget.entries) + 1;
        let mut reader = zip.into_inner();
        let hidden = super::archive::hidden_entries(&mut reader, dir_start, offset, &kept, room);
        budget.entries += hidden.len();
        let mut taken: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for h in hidden {
            let name = crate::text::nfc(&h.name);
            let n = taken.entry(name.clone()).or_insert(1);
            *n += 1;
            let numbered = super::archive::numbered(&name, *n);
            entries.push(EntryInfo {
                escapes: climbs_out(&name),
                is_dir: name.ends_with('/'),
                name: numbered,
                index: usize::MAX,
                symlink: false,
                encrypted: h.encrypted,
                declared: h.declared,
                hidden: Some(h),
            });
        }
    }
}

/// Reads an entry the zip crate did not keep (see [`super::archive`]).
fn read_hidden(
    archive: &Archive,
    hidden: &super::archive::Hidden,
    file: &str,
) -> Result<Vec<u8>, InputError> {
    let mut reader = archive.0.clone().into_inner();
    super::archive::read_hidden(&mut reader, hidden).map_err(|e| match e {
        super::archive::HiddenError::Inflates => InputError::Inflates {
            file: file.to_string(),
        },
        super::archive::HiddenError::Unreadable => InputError::Archive {
            file: file.to_string(),
            detail: "entrée en double endommagée ou d’une forme que grille ne lit pas".into(),
        },
    })
}

struct EntryInfo {
    name: String,
    index: usize,
    is_dir: bool,
    symlink: bool,
    encrypted: bool,
    declared: u64,
    escapes: bool,
    /// An entry with a duplicate name, read from its own record.
    hidden: Option<super::archive::Hidden>,
}

/// What one archive (with its nested archives) has used of the limits.
#[derive(Default)]
struct Budget {
    entries: usize,
    inflated: u64,
}

/// An entry name that is absolute or climbs out with `..` (either separator), checked on
/// top of zip's `enclosed_name`, which knows only the host's separator.
fn climbs_out(name: &str) -> bool {
    // `/x`, `\x`, and Windows drive letters (`C:\x`, `C:x`).
    let absolute = name.starts_with(['/', '\\']) || name.as_bytes().get(1) == Some(&b':');
    absolute || name.split(['/', '\\']).any(|c| c == "..") || name.contains('\0')
}

/// An entry name as shown: control characters replaced (a name may hold terminal escapes)
/// and bidirectional controls too (U+202E would show the name reversed).
fn printable(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_control() || crate::output::names::is_bidi_control(c) {
                '�'
            } else {
                c
            }
        })
        .collect()
}

/// Reads an entry in memory, at most its declared size: one byte more means it lied.
fn read_entry(
    archive: &Archive,
    index: usize,
    declared: u64,
    file: &str,
) -> Result<Vec<u8>, InputError> {
    let mut zip = archive.0.clone();
    let archive_error = |detail: String| InputError::Archive {
        file: file.to_string(),
        detail,
    };
    let entry = zip
        .by_index(index)
        .map_err(|e| archive_error(super::archive::detail(&e)))?;
    let mut bytes = Vec::with_capacity(usize::try_from(declared.min(1 << 24)).unwrap_or(0));
    entry
        .take(declared.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|_| {
            archive_error("entrée endommagée, ses données compressées sont illisibles".into())
        })?;
    if bytes.len() as u64 > declared {
        return Err(InputError::Inflates {
            file: file.to_string(),
        });
    }
    Ok(bytes)
}

impl InputFile {
    /// The file's bytes, read within the limits (a worker calls this just before checking).
    pub(crate) fn read(&self, limits: &Limits) -> Result<Vec<u8>, InputError> {
        match &self.source {
            Source::Refused(error) => Err(error.clone()),
            Source::Entry {
                archive,
                index,
                declared,
            } => read_entry(archive, *index, *declared, &self.name),
            Source::Hidden { archive, entry } => read_hidden(archive, entry, &self.name),
            Source::Path(path) => {
                let io = |e: std::io::Error| InputError::io(self.name.clone(), &e);
                // Never `open` a FIFO or a device: it would block or never end.
                let file = crate::input::open_regular(path).map_err(io)?;
                let mut bytes = Vec::new();
                file.take(limits.max_file_size.saturating_add(1))
                    .read_to_end(&mut bytes)
                    .map_err(io)?;
                if bytes.len() as u64 > limits.max_file_size {
                    return Err(InputError::TooLarge {
                        file: self.name.clone(),
                        size: std::fs::metadata(path).map_or(bytes.len() as u64, |m| m.len()),
                        limit: limits.max_file_size,
                    });
                }
                Ok(bytes)
            }
        }
    }

    /// The error of a file refused while collecting, if it was.
    pub fn refused(&self) -> Option<&InputError> {
        match &self.source {
            Source::Refused(error) => Some(error),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests;
