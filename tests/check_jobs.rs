//! `grille check --jobs N`: files checked on several threads give the very bytes of a
//! one-thread run, reports in the order the files were given, unreadable files included.

mod common;
#[path = "gen/mod.rs"]
mod sheetgen;

use std::path::PathBuf;

use common::{grille, samples};

/// Runs `grille check` over `files` and returns (status, stdout, stderr).
fn check(files: &[PathBuf], extra: &[&str]) -> (i32, Vec<u8>, Vec<u8>) {
    let out = grille()
        .arg("check")
        .args(extra)
        .args(files)
        .env("NO_COLOR", "1")
        .output()
        .expect("run grille");
    (out.status.code().unwrap_or(-1), out.stdout, out.stderr)
}

/// Generated sheets of every layout, with faults, the samples (one damaged), and a missing
/// file in the middle: unordered work, ordered output.
fn files(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = (0..24)
        .map(|i| {
            let path = sheetgen::generate(&sheetgen::batch_spec(i)).write_xlsx(dir);
            let numbered = dir.join(format!(
                "{i:02}-{}",
                path.file_name().unwrap().to_string_lossy()
            ));
            std::fs::rename(&path, &numbered).unwrap();
            numbered
        })
        .collect();
    let mut sheets: Vec<PathBuf> = std::fs::read_dir(samples().join("sheets"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    sheets.sort();
    files.splice(5..5, sheets);
    files.insert(12, dir.join("absent.xlsx"));
    // Reversed: the order given, not the order of names, is the order printed.
    files.reverse();
    files
}

#[test]
fn several_threads_print_the_bytes_of_one() {
    let dir = tempfile::tempdir().unwrap();
    let files = files(dir.path());
    for format in ["text", "json"] {
        let one = check(&files, &["--format", format, "--jobs", "1"]);
        assert_eq!(one.0, 2, "a damaged sample and a missing file: status 2");
        // Every file has its report, in the order given.
        if format == "json" {
            let names: Vec<String> = String::from_utf8(one.1.clone())
                .unwrap()
                .lines()
                .map(|l| {
                    let v: serde_json::Value = serde_json::from_str(l).unwrap();
                    v["file"].as_str().unwrap().to_string()
                })
                .collect();
            let expected: Vec<String> = files
                .iter()
                .map(|f| f.display().to_string())
                .filter(|f| names.contains(f))
                .collect();
            assert_eq!(names, expected);
            // One object per file named, the damaged and the missing one included (their
            // object carries the `unreadable-file` finding).
            assert_eq!(names.len(), files.len(), "{names:?}");
        }
        for jobs in ["2", "3", "7"] {
            let many = check(&files, &["--format", format, "--jobs", jobs]);
            assert_eq!(many.0, one.0, "--format {format} --jobs {jobs}: status");
            assert!(
                many.1 == one.1,
                "--format {format} --jobs {jobs}: stdout differs from --jobs 1"
            );
            assert_eq!(
                String::from_utf8_lossy(&many.2),
                String::from_utf8_lossy(&one.2),
                "--format {format} --jobs {jobs}: stderr"
            );
        }
        // The default (every core) is the same too.
        assert!(check(&files, &["--format", format]).1 == one.1);
    }
}

#[test]
fn jobs_zero_is_a_usage_error() {
    let (status, _, stderr) = check(
        &[samples().join("sheets/01-modele-officiel-conforme.xlsx")],
        &["--jobs", "0"],
    );
    assert_eq!(status, 2);
    assert!(String::from_utf8_lossy(&stderr).contains("--jobs"));
}
