//! The grid reader and the rules on sheets close to real ones (a sample, edited). Invariant
//! beyond « no panic »: a readable sheet's `fix` output is a workbook grille reads back to
//! the same coverage (correcting never loses nor invents a mark).
#![no_main]

mod common;

use grille::Lang;
use grille::check::{CheckOptions, check_workbook, default_template};
use grille::fix::fixed_workbook;
use grille::workbook::from_bytes;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: common::EditedSheet| {
    common::tolerate_caught_panics();
    let Some(book) = input.workbook() else { return };
    let referential = grille::referential::embedded::get("bts-sio-b1").expect("embedded");
    let template = default_template(&referential).expect("template");
    let options = CheckOptions {
        referential: &referential,
        template: &template,
        lang: Lang::Fr,
    };
    let Ok(checked) = check_workbook(book, options) else { return };
    let Ok(bytes) = fixed_workbook(&checked, options) else { return };
    let again = from_bytes("fixed.xlsx", &bytes).expect("a corrected grid reads back");
    let rechecked = check_workbook(again, options).expect("a corrected grid holds a grid");
    assert_eq!(
        rechecked.report.coverage, checked.report.coverage,
        "coverage changed by fix"
    );
});
