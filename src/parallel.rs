//! Work over many files on every core, results handed back in the order the files were given.
//!
//! `grille check *.xlsx` prints one report per file as it goes: the output must be the same,
//! byte for byte, whatever the number of threads, and a session of 5 000 files must not keep
//! 5 000 reports in memory. So files are taken a window at a time (a few per thread), the
//! window is checked in parallel, then its results are handed over in order and dropped.

use std::ops::ControlFlow;

use rayon::prelude::*;

/// Files per thread in one window: enough to keep every thread busy while the slowest file of
/// the window finishes, few enough that only a handful of results wait to be handed over.
const PER_THREAD: usize = 8;

/// Applies `work` to every item on `jobs` threads (`None`: every core) and hands each result
/// to `sink` in the order of `items`; `sink` may stop the run (`ControlFlow::Break`).
///
/// One thread (or one item) runs on the calling thread, without a pool. A pool that cannot be
/// started also falls back to the calling thread: the results are the same, only slower.
pub fn ordered_for_each<T, R, W, S>(items: &[T], jobs: Option<usize>, work: W, mut sink: S)
where
    T: Sync,
    R: Send,
    W: Fn(&T) -> R + Sync,
    S: FnMut(&T, R) -> ControlFlow<()>,
{
    let threads = jobs.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        |j| j.max(1),
    );
    let pool = (threads > 1 && items.len() > 1)
        .then(|| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .thread_name(|i| format!("grille-{i}"))
                .build()
                .ok()
        })
        .flatten();
    let Some(pool) = pool else {
        for item in items {
            if sink(item, work(item)).is_break() {
                return;
            }
        }
        return;
    };
    for window in items.chunks(threads * PER_THREAD) {
        let results: Vec<R> = pool.install(|| window.par_iter().map(&work).collect());
        for (item, result) in window.iter().zip(results) {
            if sink(item, result).is_break() {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(items: &[u32], jobs: Option<usize>, stop_at: Option<u32>) -> Vec<(u32, u64)> {
        let mut seen = Vec::new();
        ordered_for_each(
            items,
            jobs,
            |&n| {
                // Uneven work, so that threads finish out of order.
                std::thread::sleep(std::time::Duration::from_micros(u64::from(n % 7) * 50));
                u64::from(n) * 3
            },
            |&n, r| {
                seen.push((n, r));
                if Some(n) == stop_at {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            },
        );
        seen
    }

    #[test]
    fn results_come_in_input_order_whatever_the_threads() {
        let items: Vec<u32> = (0..100).rev().collect();
        let expected: Vec<(u32, u64)> = items.iter().map(|&n| (n, u64::from(n) * 3)).collect();
        for jobs in [Some(1), Some(2), Some(5), None] {
            assert_eq!(run(&items, jobs, None), expected, "{jobs:?}");
        }
        assert!(run(&[], Some(4), None).is_empty());
    }

    #[test]
    fn a_break_stops_the_run() {
        let items: Vec<u32> = (0..100).collect();
        for jobs in [Some(1), Some(3)] {
            let seen = run(&items, jobs, Some(20));
            assert_eq!(seen.len(), 21, "{jobs:?}");
            assert_eq!(seen.last(), Some(&(20, 60)));
        }
    }
}
