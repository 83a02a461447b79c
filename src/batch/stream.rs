//! The batch itself, streamed: files checked in rounds by the workers, items handed over in
//! collection order as soon as they and the ones before them are done (see [`run_streaming`]).

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::{
    BatchError, BatchItem, BatchOptions, CheckFn, Collection, FixFn, InputFile, Note, Progress,
    corrected_stem, process, submissions,
};
use crate::check::check_bytes;
use crate::fix::fixed_workbook;

/// What a streamed batch gives back once every item has been handed over.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Finished {
    pub notes: Vec<Note>,
    /// Files on disk that were read: outputs may never overwrite them.
    pub read_paths: Vec<PathBuf>,
}

/// [`run`], handing every item to `each` as soon as it and the ones before it are done, in
/// collection order, instead of keeping them: the batch's memory then stays flat however
/// many files it checks. Items are the same as [`run`]'s (corrected grids named, Moodle
/// submissions without a spreadsheet among them).
pub fn run_streaming(
    collection: Collection,
    options: &BatchOptions<'_>,
    progress: &(dyn Fn(Progress<'_>) + Sync),
    each: &mut (dyn FnMut(BatchItem) + Send),
) -> Result<Finished, BatchError> {
    stream_with(
        collection,
        options,
        progress,
        &check_bytes,
        &fixed_workbook,
        each,
    )
}

/// Files given to the workers at a time, per worker: enough that a slow file rarely leaves a
/// worker idle at the end of a round, few enough that a round's reports weigh little.
const ROUND_PER_WORKER: usize = 32;

/// The batch itself. Files go to the workers in rounds; while the workers check a round, the
/// items of the previous one are handed to `each` (on a worker thread, in order), so a round
/// never waits for the writing of the one before.
pub(super) fn stream_with(
    collection: Collection,
    options: &BatchOptions<'_>,
    progress: &(dyn Fn(Progress<'_>) + Sync),
    check: &CheckFn<'_>,
    fix: &FixFn<'_>,
    each: &mut (dyn FnMut(BatchItem) + Send),
) -> Result<Finished, BatchError> {
    let mut pool = rayon::ThreadPoolBuilder::new().thread_name(|i| format!("grille-{i}"));
    if let Some(jobs) = options.jobs {
        pool = pool.num_threads(jobs.max(1));
    }
    let pool = pool
        .build()
        .map_err(|e| BatchError::ThreadPool(e.to_string()))?;
    let Collection {
        files,
        notes,
        read_paths,
    } = collection;
    let missing = submissions::missing(
        files.iter().filter_map(|f| f.submission.as_ref()),
        &notes,
        &options.referential.id,
        options.lang,
    );
    let places = {
        let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        submissions::places(&names, &missing)
    };
    let mut missing = places.into_iter().zip(missing).peekable();
    let mut names = crate::output::names::FileNames::default();
    // Hands one item over, after the missing submissions that come before it; names its
    // corrected grid in batch order (deterministic).
    let mut emit = |index: usize, mut item: BatchItem| {
        while let Some((_, row)) = missing.next_if(|(place, _)| *place <= index) {
            each(row);
        }
        if index < files.len() {
            if let Some(corrected) = item.corrected.as_mut() {
                corrected.name = names.claim(&corrected_stem(&files[index].relative), "xlsx");
            }
            each(item);
        }
    };
    let total = files.len();
    let done = AtomicUsize::new(0);
    let round = ROUND_PER_WORKER * pool.current_num_threads().max(1);
    let worker = |index: usize, file: &InputFile| {
        let item = process(index, file, options, check, fix);
        let done = done.fetch_add(1, Ordering::Relaxed) + 1;
        progress(Progress {
            done,
            total,
            file: &file.name,
        });
        item
    };
    pool.install(|| {
        let mut pending: Vec<BatchItem> = Vec::new();
        let mut pending_start = 0;
        for (r, chunk) in files.chunks(round).enumerate() {
            let start = r * round;
            let ((), items) = rayon::join(
                || {
                    for (k, item) in pending.drain(..).enumerate() {
                        emit(pending_start + k, item);
                    }
                },
                || {
                    chunk
                        .par_iter()
                        .enumerate()
                        .map(|(k, file)| worker(start + k, file))
                        .collect::<Vec<_>>()
                },
            );
            pending = items;
            pending_start = start;
        }
        for (k, item) in pending.into_iter().enumerate() {
            emit(pending_start + k, item);
        }
    });
    // The missing submissions that sort after every file.
    for (_, row) in missing {
        each(row);
    }
    Ok(Finished { notes, read_paths })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::tests::{fake_check, fake_fix};
    use crate::batch::{Limits, Staging, input};
    use crate::template::Template;

    /// More files than a round holds, one worker: every item is handed over once, in
    /// collection order, its corrected grid already written to the staging folder and not
    /// held in memory.
    #[test]
    fn streamed_items_come_in_order_with_their_grids_already_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let count = ROUND_PER_WORKER * 2 + 5;
        for i in 0..count {
            let content = if i % 7 == 0 { "slow B1.1" } else { "B1.1 B1.2" };
            std::fs::write(dir.path().join(format!("{i:03}.xlsx")), content).unwrap();
        }
        std::fs::write(dir.path().join("bad.xlsx"), "bad").unwrap();
        let referential = crate::referential::embedded::get("bts-sio-b1").unwrap();
        let template = Template::default_for("bts-sio-b1").unwrap();
        let out = tempfile::tempdir().unwrap();
        let staging = Staging::new_in(out.path()).unwrap();
        let mut options = BatchOptions::new(&referential, &template);
        options.jobs = Some(1);
        options.staging = Some(&staging);
        let collection = input::collect(&[dir.path().to_path_buf()], &Limits::default(), &[]);
        let mut seen = Vec::new();
        let finished = stream_with(
            collection,
            &options,
            &|_| {},
            &fake_check,
            &fake_fix,
            &mut |item| {
                if let Some(c) = &item.corrected {
                    let staged = c.staged.as_ref().expect("staged");
                    assert!(c.bytes.is_empty(), "{}", item.file);
                    // The fake fix writes the file's name: the grid is on disk, whole.
                    assert_eq!(std::fs::read(staged).unwrap(), item.file.as_bytes());
                    assert!(staged.starts_with(staging.dir()));
                } else {
                    assert!(item.outcome.is_err(), "{}", item.file);
                }
                seen.push(crate::output::names::file_name(&item.file).to_string());
            },
        )
        .unwrap();
        let mut expected: Vec<String> = (0..count).map(|i| format!("{i:03}.xlsx")).collect();
        expected.push("bad.xlsx".into());
        assert_eq!(seen, expected);
        assert!(finished.notes.is_empty());
    }
}
