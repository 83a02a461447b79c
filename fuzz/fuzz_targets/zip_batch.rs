//! ZIP expansion of a batch: the bytes as an archive handed in (Moodle's « download all
//! submissions »), collected and checked as `grille batch` does. Invariant beyond « no
//! panic »: the batch gives one result per file collected, in collection order (no
//! submission vanishes between listing and checking), and every other row is a Moodle
//! submission that held no spreadsheet (`missing-submission`); time and memory per archive
//! are bounded by `-timeout` and `-rss_limit_mb` (fuzz/run.sh).
#![no_main]

mod common;

use grille::Lang;
use grille::batch::input::{Limits, collect};
use grille::batch::{BatchOptions, run};
use grille::check::default_template;
use grille::rules::FindingKind;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    common::tolerate_caught_panics();
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("remis.zip");
    std::fs::write(&path, data).expect("write the archive");
    let limits = Limits::default();
    let collection = collect(std::slice::from_ref(&path), &limits, &[]);
    let names: Vec<String> = collection.files.iter().map(|f| f.name.clone()).collect();
    let referential = grille::referential::embedded::get("bts-sio-b1").expect("embedded");
    let template = default_template(&referential).expect("template");
    let mut options = BatchOptions::new(&referential, &template);
    options.jobs = Some(1);
    options.lang = Lang::Fr;
    let Ok(result) = run(collection, &options, &|_| {}) else {
        return;
    };
    let missing_row = |item: &grille::batch::BatchItem| {
        item.outcome.as_ref().is_ok_and(|report| {
            report.findings.len() == 1 && report.findings[0].kind == FindingKind::MissingSubmission
        })
    };
    let checked: Vec<&str> = result
        .items
        .iter()
        .filter(|item| !missing_row(item))
        .map(|item| item.file.as_str())
        .collect();
    assert_eq!(checked, names, "one result per file collected, in order");
    for item in result.items.iter().filter(|item| missing_row(item)) {
        let who = item.submission.as_ref().expect("a missing row names its submission");
        assert!(
            !result.items.iter().any(|other| !missing_row(other)
                && other.submission.as_ref().is_some_and(|s| s.participant == who.participant)),
            "{}: a participant with a checked file is not missing",
            item.file
        );
    }
});
