//! Writing a batch's outputs in its output folder: `synthese.xlsx`, `rapport.jsonl` and the
//! corrected grids in `corriges/`.
//!
//! Every target is checked before anything is written (an existing file without `--force`, an
//! input of the batch), so a refused run leaves the folder as it was; every file is written
//! atomically; every name under `corriges/` is made safe, so nothing lands outside the folder.

use std::io::Write;
use std::path::Path;

use super::BatchResult;
use crate::Lang;
use crate::model::Referential;
use crate::output::OutputError;

pub use super::{CORRECTED_DIR, JSONL, SUMMARY};

pub use super::outputs::{Written, line};

/// `rapport.jsonl`: one JSON object per file, in batch order (the line serialized in the
/// worker when there is one, the report otherwise).
pub fn jsonl(result: &BatchResult) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing to memory cannot fail.
    let _ = write_jsonl(result, &mut out);
    out
}

/// [`jsonl`] written piece by piece (to the output file, without a copy in memory).
pub fn write_jsonl(result: &BatchResult, out: &mut dyn Write) -> std::io::Result<()> {
    for item in &result.items {
        match &item.line {
            Some(line) => out.write_all(line)?,
            None => out.write_all(&line(item.report(), item.submission.as_ref()))?,
        }
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// Writes every output of `result` into `outdir` (created if needed): a batch kept whole,
/// written as [`super::outputs::Outputs`] writes a batch as it goes.
pub fn write_outputs(
    result: &BatchResult,
    outdir: &Path,
    referential: &Referential,
    lang: Lang,
    force: bool,
) -> Result<Written, OutputError> {
    let fix = result.items.iter().any(|i| i.corrected.is_some());
    let mut outputs =
        super::outputs::Outputs::open(outdir, &result.read_paths, referential, lang, force, fix)?;
    for item in &result.items {
        outputs.push(item);
    }
    outputs.finish(&result.notes).map(|(written, _)| written)
}

#[cfg(test)]
mod tests {
    use crate::batch::{self, BatchOptions, Limits, input};

    /// The compact batch of the CLI writes the same bytes as a batch that keeps every report,
    /// and keeps no réalisation.
    #[test]
    fn a_compact_batch_writes_the_same_outputs() {
        let referential = crate::referential::embedded::get("bts-sio-b1").unwrap();
        let template = crate::template::Template::default_for("bts-sio-b1").unwrap();
        let sheets = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/sheets");
        let run = |compact: bool| {
            let mut options = BatchOptions::new(&referential, &template);
            options.fix = false;
            options.jobs = Some(2);
            options.compact = compact;
            let files = input::collect(std::slice::from_ref(&sheets), &Limits::default(), &[]);
            batch::run(files, &options, &|_| {}).unwrap()
        };
        let (whole, compact) = (run(false), run(true));
        assert!(compact.items.iter().any(|i| i.realisations > 0));
        for (w, c) in whole.items.iter().zip(&compact.items) {
            assert_eq!(w.realisations, w.report().realisations.len());
            assert_eq!(w.realisations, c.realisations);
            assert!(c.report().realisations.is_empty(), "{}", c.file);
        }
        assert_eq!(super::jsonl(&whole), super::jsonl(&compact));
        let summary = |r| batch::summary::summary_workbook(r, &referential, crate::Lang::Fr);
        assert_eq!(summary(&whole).unwrap(), summary(&compact).unwrap());
    }
}
