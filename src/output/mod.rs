//! Writing outputs safely: never over an input, never half-written.
//!
//! Every file grille writes goes to a temporary file in the target's folder, then is renamed
//! over the target: a crash or a full disk leaves either the old file or the new one.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::Lang;

pub mod names;
pub mod path;

pub use path::Inputs;

/// Why an output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error(
        "{path} : refusé, ce fichier est une entrée de la commande (grille ne modifie jamais un fichier d’entrée)"
    )]
    IsInput { path: PathBuf },
    #[error("{path} : le fichier existe déjà (ajouter --force pour le remplacer)")]
    Exists { path: PathBuf },
    #[error("{path} : écriture impossible ({})", crate::input::io_reason(.source, Lang::Fr))]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} : création du classeur impossible ({message})")]
    Xlsx { path: PathBuf, message: String },
    #[error(
        "{path} : refusé, c’est {} et non un fichier ordinaire (grille n’écrit que des fichiers, même avec --force)",
        .kind.name(Lang::Fr)
    )]
    NotRegular {
        path: PathBuf,
        kind: crate::input::SpecialKind,
    },
    #[error("{path} : ce chemin ne nomme pas un fichier")]
    NotAFile { path: PathBuf },
    #[error(
        "{folder} : dossier introuvable ; grille ne crée que le dossier de sortie lui-même, dans un dossier qui existe (créer d’abord {folder} s’il le faut)"
    )]
    NoFolder { folder: PathBuf },
}

impl OutputError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (_, Lang::Fr) => self.to_string(),
            (OutputError::IsInput { path }, Lang::En) => format!(
                "{}: refused, this file is an input of the command (grille never modifies an input)",
                path.display()
            ),
            (OutputError::Exists { path }, Lang::En) => format!(
                "{}: the file already exists (add --force to replace it)",
                path.display()
            ),
            (OutputError::Io { path, source }, Lang::En) => {
                format!(
                    "{}: cannot write ({})",
                    path.display(),
                    crate::input::io_reason(source, lang)
                )
            }
            (OutputError::Xlsx { path, message }, Lang::En) => {
                format!("{}: cannot build the workbook ({message})", path.display())
            }
            (OutputError::NotRegular { path, kind }, Lang::En) => format!(
                "{}: refused, it is {} and not a regular file (grille only writes files, even with --force)",
                path.display(),
                kind.name(lang)
            ),
            (OutputError::NotAFile { path }, Lang::En) => {
                format!("{}: this path names no file", path.display())
            }
            (OutputError::NoFolder { folder }, Lang::En) => format!(
                "{}: folder not found; grille only creates the output folder itself, inside an existing folder (create {} first if need be)",
                folder.display(),
                folder.display()
            ),
        }
    }
}

/// How an output may be written.
#[derive(Debug, Clone, Copy)]
pub struct WritePolicy<'a> {
    /// Replace an existing file (never an input).
    pub force: bool,
    /// The command's inputs: writing over one of them is always refused.
    pub inputs: &'a Inputs,
}

impl Default for WritePolicy<'_> {
    fn default() -> Self {
        static NONE: Inputs = Inputs::NONE;
        Self {
            force: false,
            inputs: &NONE,
        }
    }
}

/// Whether two paths name the same file (through links and `..`), for existing files.
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

/// Checks that `path` may be written under `policy`, before any work is done: it is resolved
/// (see [`path`]) and refused if it is an input or reached through one, if it exists and is
/// no regular file, if it exists and `force` is off, or if more than its own folder is
/// missing.
pub fn check_target(path: &Path, policy: WritePolicy<'_>) -> Result<(), OutputError> {
    check_target_within(path, policy, 1).map(|_| ())
}

/// [`check_target`], allowing `max_new_dirs` missing folders (a batch's `corriges/` inside
/// its output folder); gives the resolved target.
pub fn check_target_within(
    path: &Path,
    policy: WritePolicy<'_>,
    max_new_dirs: usize,
) -> Result<path::Resolved, OutputError> {
    let resolved = path::resolve(path)?;
    refuse(path, &resolved.path, policy)?;
    path::check_folders(&resolved, max_new_dirs)?;
    Ok(resolved)
}

/// The refusals that depend on what the resolved path is now.
fn refuse(path: &Path, resolved: &Path, policy: WritePolicy<'_>) -> Result<(), OutputError> {
    if policy.inputs.contains(resolved) {
        return Err(OutputError::IsInput {
            path: path.to_path_buf(),
        });
    }
    let exists = path::check_kind(path, resolved)?;
    if exists && !policy.force {
        return Err(OutputError::Exists {
            path: path.to_path_buf(),
        });
    }
    Ok(())
}

/// Writes `bytes` to `path` atomically: temporary file in the same folder, then rename.
///
/// The target is resolved and checked again just before writing, after its folder is made,
/// so that what is written is the canonical folder + file name that was checked.
///
/// ```
/// # let dir = tempfile::tempdir().unwrap();
/// let out = dir.path().join("grille.txt");
/// grille::output::write_atomic(&out, b"ok", Default::default()).unwrap();
/// assert_eq!(std::fs::read(&out).unwrap(), b"ok");
/// // A second write is refused unless forced.
/// assert!(grille::output::write_atomic(&out, b"again", Default::default()).is_err());
/// ```
pub fn write_atomic(path: &Path, bytes: &[u8], policy: WritePolicy<'_>) -> Result<(), OutputError> {
    write_atomic_within(path, bytes, policy, 1)
}

/// [`write_atomic`], allowing `max_new_dirs` missing folders.
pub fn write_atomic_within(
    path: &Path,
    bytes: &[u8],
    policy: WritePolicy<'_>,
    max_new_dirs: usize,
) -> Result<(), OutputError> {
    write_atomic_with_within(path, policy, max_new_dirs, &mut |out| out.write_all(bytes))
}

/// [`write_atomic`] of what `fill` writes, piece by piece: a big output (`rapport.jsonl` of
/// thousands of sheets) never has to be whole in memory.
pub fn write_atomic_with(
    path: &Path,
    policy: WritePolicy<'_>,
    fill: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), OutputError> {
    write_atomic_with_within(path, policy, 1, fill)
}

/// The one atomic write the others go through: the target resolved and refused as
/// [`check_target_within`] says, then what `fill` writes into a temporary file beside it,
/// renamed over the target.
fn write_atomic_with_within(
    path: &Path,
    policy: WritePolicy<'_>,
    max_new_dirs: usize,
    fill: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), OutputError> {
    let resolved = check_target_within(path, policy, max_new_dirs)?;
    let io = |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    };
    let target = path::prepare(path, &resolved)?;
    refuse(path, &target, policy)?;
    let dir = target.parent().unwrap_or(Path::new("/"));
    let mut tmp = tempfile::Builder::new()
        .prefix(".grille-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(io)?;
    {
        let mut out = std::io::BufWriter::new(tmp.as_file_mut());
        fill(&mut out).map_err(io)?;
        out.flush().map_err(io)?;
    }
    // A temporary file is private (0600); an output is a document to share like any other.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(io)?;
    }
    tmp.as_file().sync_all().map_err(io)?;
    if policy.force {
        tmp.persist(&target).map_err(|e| io(e.error))?;
    } else {
        tmp.persist_noclobber(&target).map_err(|e| io(e.error))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_inputs_even_with_force() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.xlsx");
        std::fs::write(&input, b"original").unwrap();
        let inputs = Inputs::new([input.as_path()]);
        let err = write_atomic(
            &dir.path().join("./in.xlsx"),
            b"x",
            WritePolicy {
                force: true,
                inputs: &inputs,
            },
        )
        .unwrap_err();
        assert!(matches!(err, OutputError::IsInput { .. }));
        assert_eq!(std::fs::read(&input).unwrap(), b"original");
    }

    #[test]
    fn force_replaces_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out.txt");
        write_atomic(&out, b"one", WritePolicy::default()).unwrap();
        write_atomic(
            &out,
            b"two",
            WritePolicy {
                force: true,
                ..WritePolicy::default()
            },
        )
        .unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&out).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o644);
        }
    }
}
