//! `grille check` on the blank grids `grille blank` writes: the only findings are what the
//! absence of réalisations explains (too few réalisations, each competence missing) and the
//! portfolio URL the secretariat does not fill — never a finding at a cell of the grid
//! itself (no unknown column, invalid mark or period, empty title, missing filled field).

mod common;

use std::path::Path;

use common::grille;
use serde_json::Value;

const COMPETENCES: [&str; 6] = ["B1.1", "B1.2", "B1.3", "B1.4", "B1.5", "B1.6"];

/// The JSON report of `grille check` on one file, and its exit status.
fn check(path: &Path, template: Option<&str>) -> (Value, Option<i32>) {
    let mut cmd = grille();
    cmd.arg("check").arg(path).args(["--format", "json"]);
    if let Some(t) = template {
        cmd.args(["--template", t]);
    }
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout.lines().next().unwrap_or_else(|| {
        panic!(
            "{}: no report: {}",
            path.display(),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (serde_json::from_str(line).unwrap(), out.status.code())
}

/// Asserts a blank grid's report holds only what the missing réalisations explain.
fn assert_only_missing_realisations(report: &Value, label: &str) {
    let findings = report["findings"].as_array().unwrap();
    let mut missing: Vec<&str> = Vec::new();
    let mut too_few = 0;
    for f in findings {
        let kind = f["kind"].as_str().unwrap();
        match kind {
            "missing-competence" => {
                assert!(f["cell"].is_null(), "{label}: {f}");
                missing.push(f["competence"].as_str().unwrap());
            }
            "too-few-realisations" => {
                assert!(f["cell"].is_null(), "{label}: {f}");
                too_few += 1;
            }
            // The secretariat does not know the candidate's portfolio.
            "missing-field" if f["message"].as_str().unwrap().contains("portfolio") => {
                assert_eq!(f["severity"], "warning", "{label}: {f}");
            }
            _ => panic!(
                "{label}: unexpected finding {kind} at {}: {}",
                f["cell"], f["message"]
            ),
        }
    }
    assert_eq!(missing, COMPETENCES, "{label}");
    assert_eq!(too_few, 1, "{label}");
    assert_eq!(
        report["realisations"].as_array().unwrap().len(),
        0,
        "{label}"
    );
    let coverage = report["coverage"].as_object().unwrap();
    assert!(coverage.values().all(|n| n == 0), "{label}: {coverage:?}");
}

#[test]
fn a_blank_grid_with_identity_options_reports_only_missing_realisations() {
    let dir = tempfile::tempdir().unwrap();
    for (template, school) in [
        (None, "Lycée Alan Turing"),
        (Some("bts-sio-e4"), "Lycée « Les Iris »"),
        (Some("bts-sio-e5-activites"), "CFA d’Occitanie"),
    ] {
        let label = template.unwrap_or("default");
        let path = dir.path().join(format!("{label}.xlsx"));
        let mut cmd = grille();
        cmd.args([
            "blank",
            "--name",
            "DUPONT Jeanne",
            "--number",
            "0212345678",
            "--option",
            "SLAM",
            "--school",
            school,
        ])
        .arg("-o")
        .arg(&path);
        if let Some(t) = template {
            cmd.args(["--template", t]);
        }
        let out = cmd.output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{label}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let (report, status) = check(&path, template);
        assert_eq!(status, Some(1), "{label}: missing competences are errors");
        let candidate = &report["candidate"];
        assert_eq!(candidate["name"], "DUPONT Jeanne", "{label}");
        assert_eq!(candidate["number"], "0212345678", "{label}");
        assert_eq!(candidate["option"], "SLAM", "{label}");
        assert_eq!(candidate["school"], school, "{label}");
        assert_only_missing_realisations(&report, label);
    }
}

#[test]
fn blank_grids_from_a_roster_report_only_missing_realisations() {
    let dir = tempfile::tempdir().unwrap();
    let roster = common::samples().join("rosters/classe-sio2.csv");
    let out_dir = dir.path().join("grilles");
    let out = grille()
        .args(["blank", "--roster"])
        .arg(&roster)
        .arg("-o")
        .arg(&out_dir)
        .args(["--school", "Lycée Alan Turing", "--session", "2026"])
        .output()
        .unwrap();
    // The sample roster has rows the secretariat must fix (status 1): the others are written.
    assert_ne!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut files: Vec<_> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 4, "{files:?}");
    for file in &files {
        let label = file.file_name().unwrap().to_string_lossy().into_owned();
        let (report, _) = check(file, None);
        let candidate = &report["candidate"];
        for field in ["name", "number", "option", "school", "session"] {
            assert!(
                candidate[field]
                    .as_str()
                    .is_some_and(|s| !s.trim().is_empty()),
                "{label}: {field} empty in {candidate}"
            );
        }
        assert!(
            label.contains(candidate["number"].as_str().unwrap()),
            "{label}: {candidate}"
        );
        assert_only_missing_realisations(&report, &label);
    }
}
