//! Where an output really goes, decided before anything is written.
//!
//! A path as typed may reach a file through folders that do not exist yet
//! (`nosub/../in.xlsx`), through links, or name something that is no regular file
//! (`/dev/full`, a FIFO). Comparing the typed path with the inputs misses all of these, so
//! every target is *resolved*: the deepest folder of it that exists is canonicalised, and the
//! rest — folders still to create — is applied lexically, which is exact since nothing there
//! exists to be a link. The resolved path is what is compared with the inputs, what is checked
//! for its kind, and, once the folders are made and the parent canonicalised again, what is
//! written.
//!
//! grille creates only the output's own folder, in a folder that exists: a mistyped
//! `-o /nonexistent/dir/x.xlsx` is refused rather than building folders anywhere.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::path::{Component, Path, PathBuf};

use super::OutputError;

/// A target path resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// Canonical parent folder (as it will be once `missing` are made) + file name.
    pub path: PathBuf,
    /// Folders to create, outermost first.
    pub missing: Vec<PathBuf>,
}

fn io(path: &Path, source: std::io::Error) -> OutputError {
    OutputError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Resolves `path` without touching the file system (see the module's documentation).
pub fn resolve(path: &Path) -> Result<Resolved, OutputError> {
    let Some(name) = file_name(path) else {
        return Err(OutputError::NotAFile {
            path: path.to_path_buf(),
        });
    };
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().map_err(|e| io(path, e))?.join(path)
    };
    let parent = absolute.parent().unwrap_or(Path::new("/"));
    let components: Vec<Component> = parent.components().collect();
    // The deepest prefix that exists.
    let mut existing = components.len();
    let base = loop {
        let prefix: PathBuf = components[..existing].iter().collect();
        if existing == 0 || std::fs::symlink_metadata(&prefix).is_ok() {
            break prefix;
        }
        existing -= 1;
    };
    let mut current = if base.as_os_str().is_empty() {
        PathBuf::from("/")
    } else {
        base.canonicalize().map_err(|e| io(path, e))?
    };
    if !current.is_dir() {
        return Err(io(
            path,
            std::io::Error::from(std::io::ErrorKind::NotADirectory),
        ));
    }
    let mut missing: Vec<PathBuf> = Vec::new();
    for component in &components[existing..] {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                // Out of a folder still to create: it need not be created at all.
                if missing.last() == Some(&current) {
                    missing.pop();
                }
                current.pop();
            }
            Component::Normal(part) => {
                current.push(part);
                missing.push(current.clone());
            }
            Component::RootDir | Component::Prefix(_) => current.push(component),
        }
    }
    current.push(name);
    Ok(Resolved {
        path: current,
        missing,
    })
}

/// The file name of a target; `None` for a path ending in `..` or a root.
fn file_name(path: &Path) -> Option<OsString> {
    match path.components().next_back()? {
        Component::Normal(name) => Some(name.to_os_string()),
        _ => None,
    }
}

/// The same resolution applied to an input: canonical parent + its own name, so that a link
/// given as input is matched as the link (renaming over it would replace the link).
fn as_named(input: &Path) -> Option<PathBuf> {
    let name = file_name(input)?;
    let parent = match input.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Some(parent.canonicalize().ok()?.join(name))
}

/// A command's inputs, resolved once: every output is compared with them before it is
/// written, and a batch writes thousands of corrected grids against thousands of files read —
/// resolving every input again for every output made that quadratic (5,000 sheets: three
/// minutes of `readlink` calls instead of seconds).
///
/// ```
/// # use std::path::Path;
/// # let dir = tempfile::tempdir().unwrap();
/// let input = dir.path().join("grille.xlsx");
/// std::fs::write(&input, b"in").unwrap();
/// let inputs = grille::output::Inputs::new([input.as_path()]);
/// let resolved = grille::output::path::resolve(&dir.path().join("./grille.xlsx")).unwrap();
/// assert!(inputs.contains(&resolved.path));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inputs {
    /// Each input as the file it leads to and as itself (a link is both).
    resolved: BTreeSet<PathBuf>,
}

impl Inputs {
    /// No input (an output that replaces nothing read).
    pub const NONE: Inputs = Inputs {
        resolved: BTreeSet::new(),
    };

    /// Resolves each of `inputs`; one that does not exist can match no output.
    pub fn new<'p>(inputs: impl IntoIterator<Item = &'p Path>) -> Self {
        let mut resolved = BTreeSet::new();
        for input in inputs {
            resolved.extend(input.canonicalize().ok());
            resolved.extend(as_named(input));
        }
        Self { resolved }
    }

    /// Whether `resolved` (a target as [`resolve`] gives it) is one of the inputs, or the
    /// file one of them leads to.
    pub fn contains(&self, resolved: &Path) -> bool {
        self.resolved.contains(resolved)
    }
}

/// Refuses a target that exists and is no regular file (a folder, a device, a FIFO, a
/// socket, or a link to one): `--force` replaces files, never those.
pub fn check_kind(path: &Path, resolved: &Path) -> Result<bool, OutputError> {
    match std::fs::metadata(resolved) {
        Ok(meta) => match crate::input::SpecialKind::of(&meta) {
            None => Ok(true),
            Some(kind) => Err(OutputError::NotRegular {
                path: path.to_path_buf(),
                kind,
            }),
        },
        // A dangling link still exists as a name.
        Err(_) => Ok(std::fs::symlink_metadata(resolved).is_ok()),
    }
}

/// Refuses a target whose folders are more than `max_new_dirs` missing levels deep.
pub fn check_folders(resolved: &Resolved, max_new_dirs: usize) -> Result<(), OutputError> {
    if resolved.missing.len() > max_new_dirs {
        return Err(OutputError::NoFolder {
            folder: resolved.missing[0].clone(),
        });
    }
    Ok(())
}

/// Creates the missing folders of `resolved`, then resolves the target again: the final
/// path is the canonical parent + the file name.
pub fn prepare(path: &Path, resolved: &Resolved) -> Result<PathBuf, OutputError> {
    for folder in &resolved.missing {
        match std::fs::create_dir(folder) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && folder.is_dir() => {}
            Err(e) => return Err(io(folder, e)),
        }
    }
    let parent = resolved.path.parent().unwrap_or(Path::new("/"));
    let canonical = parent.canonicalize().map_err(|e| io(path, e))?;
    Ok(match resolved.path.file_name() {
        Some(name) => canonical.join(name),
        None => resolved.path.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_folders_are_applied_lexically() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let r = resolve(&root.join("nosub/../in.xlsx")).unwrap();
        assert_eq!(r.path, root.join("in.xlsx"));
        assert!(r.missing.is_empty(), "{:?}", r.missing);
        let r = resolve(&root.join("a/b/./x.xlsx")).unwrap();
        assert_eq!(r.path, root.join("a/b/x.xlsx"));
        assert_eq!(r.missing, vec![root.join("a"), root.join("a/b")]);
        assert!(check_folders(&r, 1).is_err());
        assert!(check_folders(&r, 2).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_to_the_real_folder() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir(root.join("real")).unwrap();
        std::os::unix::fs::symlink(root.join("real"), root.join("link")).unwrap();
        let r = resolve(&root.join("link/x.xlsx")).unwrap();
        assert_eq!(r.path, root.join("real/x.xlsx"));
        // The input named through the link is the same file.
        std::fs::write(root.join("real/x.xlsx"), b"in").unwrap();
        assert!(Inputs::new([root.join("link/x.xlsx").as_path()]).contains(&r.path));
    }

    #[test]
    fn a_path_ending_in_dots_names_no_file() {
        assert!(matches!(
            resolve(Path::new("a/..")),
            Err(OutputError::NotAFile { .. })
        ));
    }
}
