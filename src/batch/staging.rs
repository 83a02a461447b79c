//! Corrected grids written by the workers as soon as they are built, in a hidden temporary
//! folder inside `corriges/`, then renamed to their names when the batch's outputs are
//! written.
//!
//! Why: a batch used to hold every corrected grid's bytes (tens of kilobytes each) until its
//! end. Why a staging folder rather than the final names at once: a name is known only in
//! batch order, and a run refused at the end (a grid that would replace an existing file
//! without `--force`) must leave `corriges/` as it was; the folder is removed with whatever it
//! still holds when the batch ends, whatever the outcome.

use std::io::Write;
use std::path::{Path, PathBuf};

/// The staging folder of one batch.
#[derive(Debug)]
pub struct Staging {
    dir: tempfile::TempDir,
}

impl Staging {
    /// A new, empty staging folder inside `folder` (which must exist), on the same file
    /// system as the targets so that a rename moves each grid there atomically.
    pub fn new_in(folder: &Path) -> std::io::Result<Self> {
        let dir = tempfile::Builder::new()
            .prefix(".grille-")
            .suffix(".tmp")
            .tempdir_in(folder)?;
        Ok(Self { dir })
    }

    /// The staging folder.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a grid under `key` (a worker uses its file's index in the batch), whole and on
    /// disk, as an output written atomically is, before it is renamed; gives its path.
    pub fn write(&self, key: impl std::fmt::Display, bytes: &[u8]) -> std::io::Result<PathBuf> {
        let path = self.dir.path().join(format!("{key}.xlsx"));
        let mut file = std::fs::File::create(&path)?;
        file.write_all(bytes)?;
        // An output is a document to share like any other (as `output::write_atomic`).
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            file.set_permissions(std::fs::Permissions::from_mode(0o644))?;
        }
        file.sync_all()?;
        Ok(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staged_grids_vanish_with_the_staging_folder() {
        let dir = tempfile::tempdir().unwrap();
        let staging = Staging::new_in(dir.path()).unwrap();
        let path = staging.write(3, b"grid").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"grid");
        assert!(path.starts_with(dir.path()));
        drop(staging);
        assert!(!path.exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
