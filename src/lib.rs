//! grille — check, generate and correct the *tableaux de synthèse* of French vocational
//! diplomas (BTS SIO) against their official *référentiel de compétences*.
//!
//! The library does all the work and never prints: it returns data (a [`report::Report`], a
//! typed error) and the `grille` binary decides what to show.
//!
//! Where things live:
//! - [`model`]: referential, cell positions, dates — the normalized model;
//! - [`referential`]: one reader per published form, the embedded referentials, converters;
//! - [`template`]: grid layouts (`templates/*.toml`);
//! - [`workbook`]: reading spreadsheets of every format into absolute-positioned cells;
//! - [`grid`]: locating the grid in a sheet and extracting what the candidate wrote;
//! - [`rules`]: the catalogue of findings and the rule that computes each;
//! - [`report`]: the report of a sheet and its renderers (text, JSON);
//! - [`check`]: the pipeline, a file in, its report out;
//! - [`xlsx`]: the XLSX writing producers share (the official grid layout, the evaluation grid);
//! - [`roster`], [`fix`], [`batch`]: the secretariat's roster, corrections, whole folders;
//! - [`serve`]: the local web page and HTTP endpoints over the same engine (`grille serve`);
//! - [`parallel`]: many files on every core, results in the order given;
//! - [`output`]: atomic writes and safe output names.
//!
//! The layers, what each module may import and the invariants are in `ARCHITECTURE.md`.

#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod batch;
pub mod check;
pub mod fix;
pub mod grid;
pub mod input;
pub mod lang;
pub mod model;
pub mod output;
pub mod parallel;
pub mod referential;
pub mod report;
pub mod roster;
pub mod rules;
pub mod serve;
pub mod template;
pub mod text;
pub mod workbook;
pub mod xlsx;

pub use lang::Lang;
