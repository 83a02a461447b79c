//! The readers under an opened ZIP archive: a file on disk read by position (clones share
//! one handle, never a cursor) or an archive nested in memory, so that each worker reads its
//! entry through its own cheap clone.

use std::fs::File;
use std::io::{Cursor, Read, Seek, SeekFrom};
use std::sync::Arc;

use zip::ZipArchive;

/// An opened archive, cheap to clone: each worker reads its entry through its own clone.
#[derive(Clone)]
pub(crate) struct Archive(pub(super) ZipArchive<ArchiveReader>);

impl std::fmt::Debug for Archive {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Archive({} entries)", self.0.len())
    }
}

/// An archive on disk (read by position, shared between workers) or nested in memory.
#[derive(Clone)]
pub(super) enum ArchiveReader {
    File(SharedFile),
    Memory(Cursor<Arc<[u8]>>),
}

impl Read for ArchiveReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            ArchiveReader::File(f) => f.read(buf),
            ArchiveReader::Memory(c) => c.read(buf),
        }
    }
}

impl Seek for ArchiveReader {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        match self {
            ArchiveReader::File(f) => f.seek(pos),
            ArchiveReader::Memory(c) => c.seek(pos),
        }
    }
}

/// A file read by position, so that clones share one handle without sharing a cursor (an
/// archive of many gigabytes is never loaded in memory).
#[derive(Clone)]
pub(super) struct SharedFile {
    file: Arc<File>,
    pos: u64,
    len: u64,
}

impl SharedFile {
    pub(super) fn new(file: File) -> std::io::Result<Self> {
        let len = file.metadata()?.len();
        Ok(Self {
            file: Arc::new(file),
            pos: 0,
            len,
        })
    }
}

impl Read for SharedFile {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        #[cfg(unix)]
        let n = std::os::unix::fs::FileExt::read_at(&*self.file, buf, self.pos)?;
        #[cfg(windows)]
        let n = std::os::windows::fs::FileExt::seek_read(&*self.file, buf, self.pos)?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for SharedFile {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        let target = match pos {
            SeekFrom::Start(n) => Some(n),
            SeekFrom::End(d) => self.len.checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        let target = target.ok_or_else(|| {
            std::io::Error::new(std::io::ErrorKind::InvalidInput, "position hors du fichier")
        })?;
        self.pos = target;
        Ok(target)
    }
}
