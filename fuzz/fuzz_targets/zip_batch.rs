//! ZIP expansion of a batch: the bytes as an archive handed in (Moodle's « download all
//! submissions »), collected and checked as `grille batch` does. Invariant beyond « no
//! panic »: the batch gives one result per file collected (no submission vanishes between
//! listing and checking); time and memory per archive are bounded by `-timeout` and
//! `-rss_limit_mb` (fuzz/run.sh).
#![no_main]

mod common;

use grille::Lang;
use grille::batch::input::{Limits, collect};
use grille::batch::{BatchOptions, run};
use grille::check::default_template;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    common::tolerate_caught_panics();
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("remis.zip");
    std::fs::write(&path, data).expect("write the archive");
    let limits = Limits::default();
    let collection = collect(std::slice::from_ref(&path), &limits, &[]);
    let files = collection.files.len();
    let referential = grille::referential::embedded::get("bts-sio-b1").expect("embedded");
    let template = default_template(&referential).expect("template");
    let mut options = BatchOptions::new(&referential, &template);
    options.jobs = Some(1);
    options.lang = Lang::Fr;
    let Ok(result) = run(collection, &options, &|_| {}) else {
        return;
    };
    assert_eq!(result.items.len(), files, "one result per file collected");
});
