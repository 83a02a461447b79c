//! A batch's outputs written as the batch goes ([`super::run_streaming`]): each item's
//! `rapport.jsonl` line, its rows of `synthese.xlsx` and its corrected grid leave memory as
//! soon as the item is handed over; what is kept per file is its corrected grid's name (for
//! the final rename) and a few counts.
//!
//! The guarantees of [`super::write::write_outputs`] hold: every target is checked before
//! the batch starts (an existing file without `--force`, an input of the batch) and again
//! before anything is renamed into place; nothing reaches its final name before every target
//! has passed, so a refused run leaves the folder as it was (the folders grille made for it
//! are removed again); every output is a temporary file in its target's folder, then renamed.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tempfile::{NamedTempFile, TempPath};

use super::summary::SummaryWriter;
use super::{BatchItem, CORRECTED_DIR, JSONL, Note, SUMMARY, Staging};
use crate::Lang;
use crate::model::Referential;
use crate::output::{Inputs, OutputError, WritePolicy, check_target_within, path};
use crate::report::Report;
use serde::Serialize;

use super::Submission;

/// What was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub summary: PathBuf,
    pub jsonl: PathBuf,
    pub corrected_dir: PathBuf,
    /// Corrected grids written.
    pub corrected: usize,
}

/// One line of `rapport.jsonl`: the design.md report, plus who handed the file in when a
/// Moodle archive says so (an added field; readers ignore unknown fields).
#[derive(Serialize)]
struct Line<'a> {
    #[serde(flatten)]
    report: &'a Report,
    #[serde(skip_serializing_if = "Option::is_none")]
    submission: Option<&'a Submission>,
}

/// One line of `rapport.jsonl`, without its newline: what a compact batch keeps of a report
/// once its réalisations are dropped.
pub fn line(report: &Report, submission: Option<&Submission>) -> Box<[u8]> {
    let mut out = Vec::new();
    // Serializing plain data to memory cannot fail; an empty object would be noticed.
    if serde_json::to_writer(&mut out, &Line { report, submission }).is_err() {
        out = b"{}".to_vec();
    }
    out.into_boxed_slice()
}

/// Entries of a list kept for the CLI's closing words (the first ones, and how many).
pub const SHORTLIST: usize = 10;

/// The first [`SHORTLIST`] entries of a list, and its length.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shortlist {
    pub first: Vec<String>,
    pub count: usize,
}

impl Shortlist {
    pub fn add(&mut self, entry: &str) {
        if self.first.len() < SHORTLIST {
            self.first.push(entry.to_string());
        }
        self.count += 1;
    }
}

/// What a batch's closing words need of its items, counted as they pass.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    pub total: usize,
    pub valid: usize,
    /// Readable files with at least one error.
    pub with_errors: usize,
    pub unreadable: usize,
    /// Why files were unreadable.
    pub unreadable_reasons: Shortlist,
    /// Moodle submissions without a spreadsheet: the candidate's name, else the path.
    pub missing: Shortlist,
    /// Why corrected grids could not be built.
    pub fix_errors: Shortlist,
}

impl Tally {
    pub fn add(&mut self, item: &BatchItem) {
        self.total += 1;
        match &item.outcome {
            Ok(report) if report.errors() == 0 => self.valid += 1,
            Ok(_) => self.with_errors += 1,
            Err(unreadable) => {
                self.unreadable += 1;
                self.unreadable_reasons.add(&unreadable.reason);
            }
        }
        if super::submissions::is_missing(item) {
            self.missing
                .add(item.candidate_name().unwrap_or(&item.file));
        }
        if let Some(error) = &item.fix_error {
            self.fix_errors.add(error);
        }
    }

    /// Exit status (design.md), as [`super::BatchResult::exit_status`].
    pub fn exit_status(&self) -> u8 {
        if self.unreadable > 0 {
            2
        } else if self.with_errors > 0 {
            1
        } else {
            0
        }
    }
}

/// The outputs of one batch, being written.
pub struct Outputs<'r> {
    /// The files read, resolved once (every output is compared with them).
    inputs: Inputs,
    force: bool,
    summary_path: PathBuf,
    jsonl_path: PathBuf,
    corrected_dir: PathBuf,
    /// The canonical output folder, where the temporary files go.
    folder: PathBuf,
    /// Folders made for this run, outermost first: removed again if it fails.
    created: Vec<PathBuf>,
    /// `corriges/`, when made for this run: removed again if no grid lands in it.
    created_corrected: Option<PathBuf>,
    staging: Option<Arc<Staging>>,
    jsonl: BufWriter<NamedTempFile>,
    summary: SummaryWriter<'r>,
    /// Staged file name (in the staging folder) → name in `corriges/`, in batch order.
    corrected: Vec<(Box<str>, Box<str>)>,
    /// The first failure: once set, items are only counted.
    error: Option<OutputError>,
    tally: Tally,
}

impl<'r> Outputs<'r> {
    /// Checks the targets in `outdir` (refusing before the batch starts), makes the output
    /// folder (and `corriges/` when `fix`), and opens the temporary outputs.
    pub fn open(
        outdir: &Path,
        read_paths: &[PathBuf],
        referential: &'r Referential,
        lang: Lang,
        force: bool,
        fix: bool,
    ) -> Result<Self, OutputError> {
        let summary_path = outdir.join(SUMMARY);
        let jsonl_path = outdir.join(JSONL);
        let corrected_dir = outdir.join(CORRECTED_DIR);
        let inputs = Inputs::new(read_paths.iter().map(PathBuf::as_path));
        let policy = WritePolicy {
            force,
            inputs: &inputs,
        };
        // Only the output folder itself may be missing (and `corriges/` in it).
        check_target_within(&jsonl_path, policy, 1)?;
        let resolved = check_target_within(&summary_path, policy, 1)?;
        let mut created = resolved.missing.clone();
        let summary_target = path::prepare(&summary_path, &resolved)?;
        let folder = summary_target
            .parent()
            .unwrap_or(Path::new("/"))
            .to_path_buf();
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| OutputError::Io { path, source }
        };
        let mut created_corrected = None;
        let staging = if fix {
            // A name no grid gets (it would end in `.xlsx`), to resolve `corriges/` itself.
            let probe = corrected_dir.join(".grille");
            let resolved = path::resolve(&probe)?;
            path::check_folders(&resolved, 1)?;
            path::prepare(&probe, &resolved)?;
            created_corrected = resolved.missing.last().cloned();
            created.extend(resolved.missing);
            let staging =
                Staging::new_in(&folder.join(CORRECTED_DIR)).map_err(io(&corrected_dir))?;
            Some(Arc::new(staging))
        } else {
            None
        };
        let jsonl = temporary(&folder).map_err(io(&jsonl_path))?;
        let summary = SummaryWriter::new(referential, lang, Some(&folder)).map_err(|e| {
            OutputError::Xlsx {
                path: summary_path.clone(),
                message: e.to_string(),
            }
        })?;
        Ok(Self {
            inputs,
            force,
            summary_path,
            jsonl_path,
            corrected_dir,
            folder,
            created,
            created_corrected,
            staging,
            jsonl: BufWriter::new(jsonl),
            summary,
            corrected: Vec::new(),
            error: None,
            tally: Tally::default(),
        })
    }

    /// Where the workers write corrected grids ([`super::BatchOptions::staging`]).
    pub fn staging(&self) -> Option<Arc<Staging>> {
        self.staging.clone()
    }

    /// Writes one item's line, rows and corrected grid (staged), in batch order.
    pub fn push(&mut self, item: &BatchItem) {
        self.tally.add(item);
        if self.error.is_none()
            && let Err(error) = self.write(item)
        {
            self.error = Some(error);
        }
    }

    fn write(&mut self, item: &BatchItem) -> Result<(), OutputError> {
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| OutputError::Io { path, source }
        };
        match &item.line {
            Some(line) => self.jsonl.write_all(line),
            None => self
                .jsonl
                .write_all(&line(item.report(), item.submission.as_ref())),
        }
        .and_then(|()| self.jsonl.write_all(b"\n"))
        .map_err(io(&self.jsonl_path))?;
        self.summary.push(item).map_err(|e| OutputError::Xlsx {
            path: self.summary_path.clone(),
            message: e.to_string(),
        })?;
        if let Some(corrected) = &item.corrected {
            let target = self.corrected_dir.join(&corrected.name);
            let staged = match (&corrected.staged, &self.staging) {
                (Some(staged), _) => staged.clone(),
                // Held in memory (no staging given, or staging it failed in the worker).
                (None, Some(staging)) => staging
                    .write(format_args!("w{}", self.corrected.len()), &corrected.bytes)
                    .map_err(io(&target))?,
                (None, None) => return Ok(()),
            };
            let key = staged
                .file_name()
                .map(|n| n.to_string_lossy().into())
                .unwrap_or_default();
            self.corrected.push((key, corrected.name.as_str().into()));
        }
        Ok(())
    }

    /// Checks every target again, then renames every output into place. On failure,
    /// nothing is renamed and the folders made for this run are removed.
    pub fn finish(mut self, notes: &[Note]) -> Result<(Written, Tally), OutputError> {
        let created = std::mem::take(&mut self.created);
        let created_corrected = self.created_corrected.take();
        let result = self.commit(notes);
        match &result {
            Err(_) => {
                for folder in created.iter().rev() {
                    let _ = std::fs::remove_dir(folder);
                }
            }
            // As before outputs were written as the batch goes: no empty `corriges/`.
            Ok((written, _)) if written.corrected == 0 => {
                if let Some(folder) = created_corrected {
                    let _ = std::fs::remove_dir(folder);
                }
            }
            Ok(_) => {}
        }
        result
    }

    fn commit(self, notes: &[Note]) -> Result<(Written, Tally), OutputError> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let policy = WritePolicy {
            force: self.force,
            inputs: &self.inputs,
        };
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| OutputError::Io { path, source }
        };
        for target in [&self.summary_path, &self.jsonl_path] {
            check_target_within(target, policy, 0)?;
        }
        for (_, name) in &self.corrected {
            check_target_within(&self.corrected_dir.join(&**name), policy, 0)?;
        }
        let summary = temporary(&self.folder).map_err(io(&self.summary_path))?;
        self.summary
            .finish_to_path(notes, summary.path())
            .map_err(|e| OutputError::Xlsx {
                path: self.summary_path.clone(),
                message: e.to_string(),
            })?;
        seal(summary.as_file()).map_err(io(&self.summary_path))?;
        let jsonl = self
            .jsonl
            .into_inner()
            .map_err(|e| io(&self.jsonl_path)(e.into_error()))?;
        seal(jsonl.as_file()).map_err(io(&self.jsonl_path))?;
        if let Some(staging) = &self.staging {
            for (key, name) in &self.corrected {
                let target = self.corrected_dir.join(&**name);
                let staged =
                    TempPath::try_from_path(staging.dir().join(&**key)).map_err(io(&target))?;
                place(staged, &target, self.force)?;
            }
        }
        place(jsonl.into_temp_path(), &self.jsonl_path, self.force)?;
        place(summary.into_temp_path(), &self.summary_path, self.force)?;
        let written = Written {
            summary: self.summary_path,
            jsonl: self.jsonl_path,
            corrected_dir: self.corrected_dir,
            corrected: self.corrected.len(),
        };
        Ok((written, self.tally))
    }
}

/// A temporary file in `folder`, named as every temporary output of grille.
fn temporary(folder: &Path) -> std::io::Result<NamedTempFile> {
    tempfile::Builder::new()
        .prefix(".grille-")
        .suffix(".tmp")
        .tempfile_in(folder)
}

/// A finished output: shareable as any document (a temporary file is private), on disk.
fn seal(file: &std::fs::File) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    file.sync_all()
}

/// Renames a finished output over its target (only over nothing, without `force`).
fn place(staged: TempPath, target: &Path, force: bool) -> Result<(), OutputError> {
    let io = |source| OutputError::Io {
        path: target.to_path_buf(),
        source,
    };
    if force {
        staged.persist(target).map_err(|e| io(e.error))
    } else {
        staged.persist_noclobber(target).map_err(|e| io(e.error))
    }
}
