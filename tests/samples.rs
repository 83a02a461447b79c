//! The sample sheets in `samples/sheets/` (what the README's first command checks) are built by
//! the generator in `tests/gen/`: this test proves they are up to date and that `grille batch`
//! on them reports exactly the faults they were built with.
//!
//! Regenerate them after a generator change with
//! `GRILLE_WRITE_SAMPLES=1 cargo test --test samples`.

mod common;
#[path = "gen/mod.rs"]
mod sheetgen;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;
use sheetgen::{BadPeriod, Fault, Field, Generated, Layout, Spec};

/// How a sample file is written.
enum Form {
    Xlsx,
    Csv,
    /// The first bytes of the XLSX only: a damaged upload.
    Truncated,
}

/// The samples: (file stem, form, what it is built from).
fn samples() -> Vec<(&'static str, Form, Spec)> {
    vec![
        (
            "01-modele-officiel-conforme",
            Form::Xlsx,
            Spec::clean(101, Layout::CompetenceColumns),
        ),
        (
            "02-modele-officiel-a-reprendre",
            Form::Xlsx,
            Spec::clean(102, Layout::CompetenceColumns)
                .with_fault(Fault::MissingCompetence(2))
                .with_fault(Fault::InvalidPeriod(BadPeriod::Words))
                .with_fault(Fault::MissingField(Field::Option)),
        ),
        (
            "03-colonnes-par-activite",
            Form::Xlsx,
            Spec::clean(103, Layout::ActivityColumns).with_fault(Fault::EmptyTitle),
        ),
        (
            "04-liste-activite-mal-placee",
            Form::Xlsx,
            Spec::clean(104, Layout::List).with_fault(Fault::MisassignedActivity),
        ),
        (
            "05-grille-transposee",
            Form::Xlsx,
            Spec::clean(105, Layout::CompetenceRows).with_fault(Fault::DuplicateRealisation),
        ),
        (
            "06-liste-export-tableur",
            Form::Csv,
            Spec::clean(106, Layout::List),
        ),
        (
            "07-fichier-endommage",
            Form::Truncated,
            Spec::clean(107, Layout::CompetenceColumns),
        ),
    ]
}

/// Writes every sample into `dir`; returns (generated, path, form is unreadable).
fn write_samples(dir: &Path) -> Vec<(Generated, PathBuf, bool)> {
    samples()
        .into_iter()
        .map(|(stem, form, spec)| {
            let mut g = sheetgen::generate(&spec);
            g.name = stem.to_string();
            let (path, unreadable) = match form {
                Form::Xlsx => (g.write_xlsx(dir), false),
                Form::Csv => (g.write_csv(dir, false), false),
                Form::Truncated => {
                    let full = g.write_xlsx(dir);
                    let bytes = std::fs::read(&full).unwrap();
                    std::fs::write(&full, &bytes[..bytes.len() / 3]).unwrap();
                    (full, true)
                }
            };
            (g, path, unreadable)
        })
        .collect()
}

fn sample_dir() -> PathBuf {
    common::samples().join("sheets")
}

#[test]
fn samples_are_up_to_date() {
    let fresh = tempfile::tempdir().unwrap();
    let written = write_samples(fresh.path());
    if std::env::var_os("GRILLE_WRITE_SAMPLES").is_some() {
        std::fs::create_dir_all(sample_dir()).unwrap();
        for (_, path, _) in &written {
            std::fs::copy(path, sample_dir().join(path.file_name().unwrap())).unwrap();
        }
    }
    let mut committed: Vec<String> = std::fs::read_dir(sample_dir())
        .expect("samples/sheets exists")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    committed.sort();
    let mut expected: Vec<String> = written
        .iter()
        .map(|(_, p, _)| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    expected.sort();
    assert_eq!(
        committed, expected,
        "samples/sheets holds other files than the generated samples"
    );
    for (_, path, _) in &written {
        let name = path.file_name().unwrap();
        assert!(
            std::fs::read(path).unwrap() == std::fs::read(sample_dir().join(name)).unwrap(),
            "samples/sheets/{} is out of date: GRILLE_WRITE_SAMPLES=1 cargo test --test samples",
            name.to_string_lossy()
        );
    }
}

#[test]
fn batch_on_the_samples_reports_exactly_their_faults() {
    let built = tempfile::tempdir().unwrap();
    let generated = write_samples(built.path());
    let out = tempfile::tempdir().unwrap();
    let outdir = out.path().join("sortie");
    let assert = common::grille()
        .arg("batch")
        .arg(sample_dir())
        .arg("-o")
        .arg(&outdir)
        .arg("--quiet")
        .assert();
    // One damaged file: the batch goes on and says so with exit status 2.
    assert.code(2);
    let jsonl = std::fs::read_to_string(outdir.join("rapport.jsonl")).unwrap();
    let reports: BTreeMap<String, Value> = jsonl
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            let file = v["file"].as_str().unwrap().to_string();
            let stem = Path::new(&file)
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (stem, v)
        })
        .collect();
    assert_eq!(reports.len(), generated.len(), "{jsonl}");
    for (g, _, unreadable) in &generated {
        let report = &reports[&g.name];
        let mut found: Vec<String> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                format!(
                    "{} @{}",
                    f["kind"].as_str().unwrap(),
                    f["cell"].as_str().unwrap_or("-")
                )
            })
            .collect();
        found.sort();
        if *unreadable {
            assert_eq!(found, ["unreadable-file @-"], "{}", g.name);
            continue;
        }
        // Batches use one template (the official one): the activity-level rule of detailed
        // grids (missing-activity) is not asked for.
        let mut expected: Vec<String> = g
            .expected
            .iter()
            .filter(|e| e.kind != "missing-activity")
            .map(|e| format!("{} @{}", e.kind, e.cell.as_deref().unwrap_or("-")))
            .collect();
        expected.sort();
        assert_eq!(found, expected, "{}", g.name);
        assert_eq!(
            report["layout"].as_str(),
            Some(g.layout.name()),
            "{}",
            g.name
        );
        let corrected = outdir.join("corriges");
        let any = std::fs::read_dir(&corrected)
            .unwrap()
            .any(|e| e.unwrap().file_name().to_string_lossy().contains(&g.name));
        assert!(any, "no corrected grid for {}", g.name);
    }
    assert!(outdir.join("synthese.xlsx").exists());
}
