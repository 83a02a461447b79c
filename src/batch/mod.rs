//! Batch checks of folders and ZIP archives (`grille batch`), before an exam session.
//!
//! Three steps, each usable on its own:
//! 1. [`input::collect`] lists the files (folders, files, Moodle ZIP archives), in a stable
//!    order, refusing hostile archive entries and noting the files it skips;
//! 2. [`run`] checks every file in parallel (a local thread pool of `jobs` threads) and
//!    returns a [`BatchResult`] in that same order whatever the number of threads: a file that
//!    cannot be read — or that makes a reader panic — becomes one `unreadable-file` result and
//!    the batch goes on;
//! 3. [`write::write_outputs`] writes `synthese.xlsx`, `rapport.jsonl` and `corriges/`.
//!
//! The CLI does steps 2 and 3 together, so that memory stays flat however big the batch:
//! [`run_streaming`] hands each item over in order as soon as it is done, to
//! [`outputs::Outputs`], which writes it at once (corrected grids are written by the workers
//! into a [`Staging`] folder).
//!
//! The library never prints: a progress callback lets the CLI drive its progress bar.
//!
//! ```no_run
//! use grille::batch::{self, BatchOptions, input::Limits};
//! let referential = grille::referential::embedded::get("bts-sio-b1").unwrap();
//! let template = grille::template::Template::default_for("bts-sio-b1").unwrap();
//! let options = BatchOptions::new(&referential, &template);
//! let files = batch::input::collect(&["remis.zip".into()], &Limits::default(), &[]);
//! let result = batch::run(files, &options, &|_| {}).unwrap();
//! println!("{} valides", result.valid());
//! ```

mod archive;
pub mod input;
pub mod moodle;
pub mod outputs;
mod staging;
mod stream;
pub mod submissions;
pub mod summary;
pub mod write;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

use crate::Lang;
use crate::check::{CheckError, CheckOptions, Checked, check_bytes};
use crate::fix::{FixError, FixOptions, fixed_workbook};
use crate::model::Referential;
use crate::report::{Candidate, Report};
use crate::rules::{Coverage, Finding, FindingKind};
use crate::template::Template;

pub use input::{Collection, InputFile, Limits, Note, NoteReason};
pub use moodle::Submission;
pub use staging::Staging;
pub use stream::{Finished, run_streaming};

// The names of the output folder, here because both `write` (which writes them) and
// `summary` (which links to the corrected grids) need them.

/// The summary workbook's name in the output folder.
pub const SUMMARY: &str = "synthese.xlsx";
/// The JSON Lines report's name in the output folder.
pub const JSONL: &str = "rapport.jsonl";
/// The folder of corrected grids inside the output folder.
pub const CORRECTED_DIR: &str = "corriges";

/// What a batch runs against, and how.
#[derive(Debug, Clone, Copy)]
pub struct BatchOptions<'a> {
    pub referential: &'a Referential,
    pub template: &'a Template,
    pub lang: Lang,
    /// Worker threads; `None` uses every core.
    pub jobs: Option<usize>,
    /// Build the corrected grid of every readable sheet (`grille fix`).
    pub fix: bool,
    pub limits: Limits,
    /// Keep of each report only what the class summary needs: its `rapport.jsonl` line is
    /// serialized as soon as the file is checked ([`BatchItem::line`]) and its réalisations
    /// are dropped, so that a batch of thousands of sheets does not hold every réalisation
    /// until the summary is written. The CLI sets it; `serve` answers with whole reports.
    pub compact: bool,
    /// Where each corrected grid is written as soon as it is built, instead of being held
    /// ([`Corrected::staged`]); `None` keeps the bytes in [`Corrected::bytes`].
    pub staging: Option<&'a Staging>,
}

impl<'a> BatchOptions<'a> {
    /// French messages, every core, corrected grids, default limits.
    pub fn new(referential: &'a Referential, template: &'a Template) -> Self {
        Self {
            referential,
            template,
            lang: Lang::Fr,
            jobs: None,
            fix: true,
            limits: Limits::default(),
            compact: false,
            staging: None,
        }
    }
}

/// Where the batch is, for a progress bar. Calls come from worker threads, in any order.
#[derive(Debug, Clone, Copy)]
pub struct Progress<'a> {
    /// Files finished so far (this one included).
    pub done: usize,
    pub total: usize,
    /// The file just finished.
    pub file: &'a str,
}

/// Why a batch could not run at all (a single file's trouble is never one).
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    #[error("impossible de démarrer les fils de calcul ({0})")]
    ThreadPool(String),
}

impl BatchError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (_, Lang::Fr) => self.to_string(),
            (BatchError::ThreadPool(e), Lang::En) => format!("cannot start worker threads ({e})"),
        }
    }
}

/// A file that could not be checked: why, and the report that stands for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Unreadable {
    /// One sentence naming the file.
    pub reason: String,
    /// `file`, empty fields and one `unreadable-file` finding (design.md's fields kept).
    pub report: Report,
}

/// A corrected grid: its bytes, or the staged file that holds them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Corrected {
    /// File name inside `corriges/` (safe and unique within the batch).
    pub name: String,
    /// Empty when the grid is [`staged`](Corrected::staged).
    pub bytes: Vec<u8>,
    /// The file the worker wrote the grid to ([`BatchOptions::staging`]), to be renamed into
    /// `corriges/` when the batch's outputs are written.
    pub staged: Option<PathBuf>,
}

/// One file of the batch and what came of it.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchItem {
    /// As shown in reports (`remis.zip/Jeanne DUPONT_…_/Tableau.xlsx`).
    pub file: String,
    /// Index of the command-line input it came from.
    pub input: usize,
    /// Who handed it in, when a Moodle archive says so.
    pub submission: Option<Submission>,
    pub outcome: Result<Report, Unreadable>,
    /// The corrected grid (`None` with `--no-fix`, for unreadable files, or when building it
    /// failed — then `fix_error` says why).
    pub corrected: Option<Corrected>,
    pub fix_error: Option<String>,
    /// Réalisations the sheet holds (the summary's count, kept when `compact` drops them).
    pub realisations: usize,
    /// The `rapport.jsonl` line, serialized in the worker when `compact` is set (the report's
    /// réalisations are then gone, so this is the only full copy).
    pub line: Option<Box<[u8]>>,
}

impl BatchItem {
    /// The report written in `rapport.jsonl` (the stand-in one for an unreadable file).
    pub fn report(&self) -> &Report {
        match &self.outcome {
            Ok(report) => report,
            Err(unreadable) => &unreadable.report,
        }
    }

    /// The candidate's name: from the sheet, else from the Moodle submission.
    pub fn candidate_name(&self) -> Option<&str> {
        self.report()
            .candidate
            .name
            .as_deref()
            .or(self.submission.as_ref().map(|s| s.name.as_str()))
    }

    /// Readable and without errors (warnings allowed).
    pub fn is_valid(&self) -> bool {
        matches!(&self.outcome, Ok(report) if report.errors() == 0)
    }
}

/// Everything a batch found, in the stable order of its inputs.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchResult {
    pub items: Vec<BatchItem>,
    pub notes: Vec<Note>,
    /// Files on disk that were read: outputs may never overwrite them.
    pub read_paths: Vec<PathBuf>,
}

impl BatchResult {
    pub fn valid(&self) -> usize {
        self.items.iter().filter(|i| i.is_valid()).count()
    }

    /// Readable files with at least one error.
    pub fn with_errors(&self) -> usize {
        self.items
            .iter()
            .filter(|i| matches!(&i.outcome, Ok(r) if r.errors() > 0))
            .count()
    }

    pub fn unreadable(&self) -> usize {
        self.items.iter().filter(|i| i.outcome.is_err()).count()
    }

    /// Exit status (design.md): 2 when a file was unreadable, else 1 when a sheet has errors,
    /// else 0.
    pub fn exit_status(&self) -> u8 {
        if self.unreadable() > 0 {
            2
        } else if self.with_errors() > 0 {
            1
        } else {
            0
        }
    }
}

/// The report of a file that could not be read: its name, empty fields, one finding.
pub fn unreadable_report(file: &str, reason: &str, referential: &str, lang: Lang) -> Report {
    let finding = Finding::new(FindingKind::UnreadableFile, reason).suggest(lang.pick(
        "Demander au candidat un fichier XLSX ou ODS non protégé, enregistré avec son tableur.",
        "Ask the candidate for an unprotected XLSX or ODS file, saved by their spreadsheet program.",
    ));
    Report {
        file: file.to_string(),
        sheet: None,
        referential: referential.to_string(),
        layout: None,
        candidate: Candidate::default(),
        realisations: Vec::new(),
        coverage: Coverage::default(),
        findings: vec![finding],
    }
}

/// How one file is checked and corrected: the real `check_bytes` and `fixed_workbook`, or
/// stand-ins in tests (a checker that panics, one that is slow on some files).
type CheckFn<'f> = dyn Fn(&str, &[u8], CheckOptions<'_>) -> Result<Checked, CheckError> + Sync + 'f;
type FixFn<'f> = dyn Fn(&Checked, FixOptions<'_>) -> Result<Vec<u8>, FixError> + Sync + 'f;

/// Checks every collected file, in parallel, and returns the results in collection order.
pub fn run(
    collection: Collection,
    options: &BatchOptions<'_>,
    progress: &(dyn Fn(Progress<'_>) + Sync),
) -> Result<BatchResult, BatchError> {
    run_with(collection, options, progress, &check_bytes, &fixed_workbook)
}

fn run_with(
    collection: Collection,
    options: &BatchOptions<'_>,
    progress: &(dyn Fn(Progress<'_>) + Sync),
    check: &CheckFn<'_>,
    fix: &FixFn<'_>,
) -> Result<BatchResult, BatchError> {
    let mut items = Vec::with_capacity(collection.files.len());
    let finished = stream::stream_with(collection, options, progress, check, fix, &mut |item| {
        items.push(item)
    })?;
    Ok(BatchResult {
        items,
        notes: finished.notes,
        read_paths: finished.read_paths,
    })
}

/// A worker's job: read, check, correct; never lets a failure escape.
fn process(
    index: usize,
    file: &InputFile,
    options: &BatchOptions<'_>,
    check: &CheckFn<'_>,
    fix: &FixFn<'_>,
) -> BatchItem {
    let lang = options.lang;
    let unreadable = |reason: String| BatchItem {
        file: file.name.clone(),
        input: file.input,
        submission: file.submission.clone(),
        outcome: Err(Unreadable {
            report: unreadable_report(&file.name, &reason, &options.referential.id, lang),
            reason,
        }),
        corrected: None,
        fix_error: None,
        realisations: 0,
        line: None,
    };
    let bytes = match file.read(&options.limits) {
        Ok(bytes) => bytes,
        Err(error) => return unreadable(error.message(lang)),
    };
    let check_options = CheckOptions {
        referential: options.referential,
        template: options.template,
        lang,
    };
    let checked = catch_unwind(AssertUnwindSafe(|| {
        check(&file.name, &bytes, check_options)
    }));
    drop(bytes);
    let mut checked = match checked {
        Ok(Ok(checked)) => checked,
        Ok(Err(error)) => return unreadable(error.message(lang)),
        Err(payload) => return unreadable(internal_error(&file.name, payload.as_ref(), lang)),
    };
    // The sheet's author against the Moodle folder's: before the correction, so that its
    // « Rapport » lists the warning too.
    if let (Some(who), Some(name)) = (&file.submission, &checked.report.candidate.name)
        && let Some(finding) = submissions::identity_mismatch(who, name, lang)
    {
        checked.report.findings.push(finding);
    }
    let (corrected, fix_error) = if options.fix {
        // The sheet is corrected against what it was checked against.
        match catch_unwind(AssertUnwindSafe(|| fix(&checked, check_options))) {
            Ok(Ok(bytes)) => (Some(stage(index, bytes, options.staging)), None),
            Ok(Err(error)) => (None, Some(format!("{} : {error}", file.name))),
            Err(payload) => (
                None,
                Some(internal_error(&file.name, payload.as_ref(), lang)),
            ),
        }
    } else {
        (None, None)
    };
    let mut report = checked.report;
    let realisations = report.realisations.len();
    let line = options.compact.then(|| {
        let line = outputs::line(&report, file.submission.as_ref());
        report.realisations = Vec::new();
        line
    });
    BatchItem {
        file: file.name.clone(),
        input: file.input,
        submission: file.submission.clone(),
        outcome: Ok(report),
        corrected,
        fix_error,
        realisations,
        line,
    }
}

/// A corrected grid, written to the staging folder when there is one. Should that fail (a
/// full disk), the bytes are kept: writing the outputs tries again and says why it fails.
fn stage(index: usize, bytes: Vec<u8>, staging: Option<&Staging>) -> Corrected {
    let staged = staging.and_then(|s| s.write(index, &bytes).ok());
    Corrected {
        name: String::new(),
        bytes: if staged.is_some() { Vec::new() } else { bytes },
        staged,
    }
}

/// The message of a panic caught in a worker: a defect of grille, not of the file, but the
/// batch goes on and the file is reported.
fn internal_error(file: &str, payload: &(dyn std::any::Any + Send), lang: Lang) -> String {
    let detail = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    match lang {
        Lang::Fr => format!("{file} : erreur interne de grille pendant la lecture ({detail})"),
        Lang::En => format!("{file}: internal error of grille while reading ({detail})"),
    }
}

// Every corrected grid is named in `corriges/` in batch order (see `stream_with`): the path
// inside its input without extension, folders joined by « - », a Moodle folder replaced by
// the candidate's name.

/// `Jeanne DUPONT_1_assignsubmission_file_/Tableau.xlsx` → `Jeanne DUPONT - Tableau`;
/// `classe/dupont.ods` → `classe - dupont`.
fn corrected_stem(relative: &str) -> String {
    let parts: Vec<String> = relative
        .split(['/', '\\'])
        .filter(|c| !c.is_empty())
        .map(|component| match moodle::split_component(component) {
            Some((who, "")) => who.name,
            Some((who, rest)) => format!("{} - {rest}", who.name),
            None => component.to_string(),
        })
        .collect();
    let joined = parts.join(" - ");
    match joined.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && !ext.contains(' ') && ext.len() <= 5 => {
            stem.to_string()
        }
        _ => joined,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::grid::{Grid, Layout};
    use crate::workbook::{Format, ReadError, Workbook};
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A stand-in checker driven by the file's content: `panic`, `bad`, `slow…`, or
    /// `B1.1 B1.3…` (the competences covered; the others are missing-competence errors).
    pub(crate) fn fake_check(
        name: &str,
        bytes: &[u8],
        options: CheckOptions<'_>,
    ) -> Result<Checked, CheckError> {
        let text = String::from_utf8_lossy(bytes).to_string();
        if text == "panic" {
            panic!("boom in {name}");
        }
        if text == "bad" {
            return Err(CheckError::Read(ReadError::Corrupt {
                file: name.into(),
                format: "XLSX",
                detail: "zip".into(),
            }));
        }
        if text.starts_with("slow") {
            std::thread::sleep(std::time::Duration::from_millis(30));
        }
        let mut report = unreadable_report(name, "", &options.referential.id, options.lang);
        report.findings.clear();
        report.sheet = Some("Tableau".into());
        report.layout = Some("competence-columns".into());
        report.candidate.name = text
            .strip_prefix("name:")
            .map(|n| n.split(' ').next().unwrap_or_default().to_string());
        report.candidate.number = Some("0212345678".into());
        report.coverage = Coverage(
            options
                .referential
                .competences
                .iter()
                .map(|c| (c.code.clone(), text.matches(c.code.as_str()).count() as u32))
                .collect(),
        );
        for (code, n) in &report.coverage.0 {
            if *n == 0 {
                report.findings.push(
                    Finding::new(FindingKind::MissingCompetence, format!("{code} manque"))
                        .sheet("Tableau")
                        .competence(code.clone()),
                );
            }
        }
        report.findings.push(
            Finding::new(FindingKind::TooFewRealisations, "peu")
                .sheet("Tableau")
                .at(crate::model::CellPos::new(11, 3)),
        );
        Ok(Checked {
            report,
            grid: Grid {
                sheet: "Tableau".into(),
                layout: Layout::CompetenceColumns,
                identity: vec![],
                headings: vec![],
                realisations: vec![],
                consumed: Default::default(),
                mark_lines: vec![],
                fills: Default::default(),
            },
            workbook: Workbook {
                source: name.into(),
                format: Format::Xlsx,
                sheets: vec![],
            },
        })
    }

    pub(crate) fn fake_fix(checked: &Checked, _: FixOptions<'_>) -> Result<Vec<u8>, FixError> {
        if checked.report.file.contains("fixpanic") {
            panic!("fix boom");
        }
        Ok(checked.report.file.as_bytes().to_vec())
    }

    /// A folder of fake sheets, checked with the stand-ins.
    pub(crate) fn fake_batch(jobs: usize) -> BatchResult {
        let dir = tempfile::tempdir().unwrap();
        let files: &[(&str, &str)] = &[
            ("a/slow.xlsx", "slow B1.1 B1.2 B1.3 B1.4 B1.5 B1.6"),
            ("a/panic.xlsx", "panic"),
            ("b/bad.xlsx", "bad"),
            ("b/Tableau.xlsx", "name:Zoé B1.1 B1.1 B1.2"),
            ("c/Tableau.xlsx", "B1.1 B1.2 B1.3 B1.4 B1.5 B1.6 B1.6"),
            ("c/fixpanic.xlsx", "B1.1"),
            ("c/notes.pdf", "x"),
        ];
        for (name, content) in files {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, content).unwrap();
        }
        let referential = crate::referential::embedded::get("bts-sio-b1").unwrap();
        let template = Template::default_for("bts-sio-b1").unwrap();
        let mut options = BatchOptions::new(&referential, &template);
        options.jobs = Some(jobs);
        let collection = input::collect(&[dir.path().to_path_buf()], &Limits::default(), &[]);
        let calls = AtomicUsize::new(0);
        let mut result = run_with(
            collection,
            &options,
            &|p| {
                calls.fetch_add(1, Ordering::Relaxed);
                assert!(p.done <= p.total);
            },
            &fake_check,
            &fake_fix,
        )
        .unwrap();
        assert_eq!(calls.load(Ordering::Relaxed), result.items.len());
        // Names relative to the temporary folder, so that two runs compare equal.
        let root = dir.path().display().to_string();
        for item in &mut result.items {
            item.file = item.file.replace(&root, "DIR");
            match &mut item.outcome {
                Ok(r) => r.file = r.file.replace(&root, "DIR"),
                Err(u) => {
                    u.reason = u.reason.replace(&root, "DIR");
                    u.report.file = u.report.file.replace(&root, "DIR");
                    for f in &mut u.report.findings {
                        f.message = f.message.replace(&root, "DIR");
                    }
                }
            }
            if let Some(c) = &mut item.corrected {
                c.bytes = String::from_utf8_lossy(&c.bytes)
                    .replace(&root, "DIR")
                    .into_bytes();
            }
            if let Some(e) = &mut item.fix_error {
                *e = e.replace(&root, "DIR");
            }
        }
        result.read_paths.clear();
        for n in &mut result.notes {
            n.file = n.file.replace(&root, "DIR");
        }
        result
    }

    #[test]
    fn every_file_gets_a_result_in_order_whatever_the_threads() {
        let one = fake_batch(1);
        let names: Vec<_> = one.items.iter().map(|i| i.file.as_str()).collect();
        assert_eq!(
            names,
            [
                "DIR/a/panic.xlsx",
                "DIR/a/slow.xlsx",
                "DIR/b/Tableau.xlsx",
                "DIR/b/bad.xlsx",
                "DIR/c/Tableau.xlsx",
                "DIR/c/fixpanic.xlsx",
            ]
        );
        let panicked = one.items[0].outcome.as_ref().unwrap_err();
        assert!(
            panicked.reason.contains("erreur interne"),
            "{}",
            panicked.reason
        );
        assert!(panicked.reason.contains("boom"), "{}", panicked.reason);
        assert_eq!(
            panicked.report.findings[0].kind,
            FindingKind::UnreadableFile
        );
        assert!(one.items[3].outcome.is_err());
        // A panic while correcting keeps the report and says why there is no corrected grid.
        assert!(one.items[5].outcome.is_ok());
        assert!(one.items[5].corrected.is_none());
        assert!(
            one.items[5]
                .fix_error
                .as_deref()
                .unwrap()
                .contains("erreur interne")
        );
        let corrected: Vec<_> = one
            .items
            .iter()
            .filter_map(|i| i.corrected.as_ref().map(|c| c.name.as_str()))
            .collect();
        assert_eq!(
            corrected,
            ["a - slow.xlsx", "b - Tableau.xlsx", "c - Tableau.xlsx"]
        );
        assert_eq!(one.notes.len(), 1);
        assert_eq!(
            (one.valid(), one.with_errors(), one.unreadable()),
            (2, 2, 2)
        );
        assert_eq!(one.exit_status(), 2);
        assert_eq!(one, fake_batch(3));
    }

    #[test]
    fn corrected_stems_read_well() {
        assert_eq!(
            corrected_stem("Jeanne DUPONT_1_assignsubmission_file_/Tableau de synthèse.xlsx"),
            "Jeanne DUPONT - Tableau de synthèse"
        );
        assert_eq!(
            corrected_stem("Jeanne DUPONT_1_assignsubmission_file_Tableau.xlsx"),
            "Jeanne DUPONT - Tableau"
        );
        assert_eq!(corrected_stem("classe/dupont.ods"), "classe - dupont");
        assert_eq!(corrected_stem("grille"), "grille");
    }

    #[test]
    fn unreadable_reports_keep_design_fields() {
        let report = unreadable_report("a.xlsx", "a.xlsx : fichier vide", "bts-sio-b1", Lang::Fr);
        let json = serde_json::to_value(&report).unwrap();
        for field in [
            "file",
            "sheet",
            "referential",
            "layout",
            "candidate",
            "realisations",
            "coverage",
            "findings",
        ] {
            assert!(json.get(field).is_some(), "{field} missing in {json}");
        }
        assert_eq!(json["findings"][0]["kind"], "unreadable-file");
        assert_eq!(json["findings"][0]["code"], "C501");
        assert_eq!(json["findings"][0]["message"], "a.xlsx : fichier vide");
    }
}
