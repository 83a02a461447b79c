//! `grille explain` and the parts of `grille check` that need no grid: usage and unreadable
//! files.

mod common;

use common::grille;
use predicates::prelude::*;

#[test]
fn explain_a_code_in_full() {
    grille()
        .args(["explain", "C101"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("C101 missing-competence\n"))
        .stdout(predicate::str::contains("Gravité par défaut : erreur"))
        .stdout(predicate::str::contains("Ce qui est vérifié :"))
        .stdout(predicate::str::contains("Pourquoi :"))
        .stdout(predicate::str::contains("Comment corriger :"))
        .stdout(predicate::str::contains(
            "Aucune réalisation titrée ne porte de marque valide",
        ));
}

#[test]
fn explain_a_kind_by_name_in_english_with_the_french_alias() {
    grille()
        .args(["--lang", "en", "expliquer", "missing-competence"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("C101 missing-competence\n"))
        .stdout(predicate::str::contains("How to fix:"))
        .stdout(predicate::str::contains(
            "No titled réalisation carries a valid mark",
        ));
}

#[test]
fn explain_without_argument_lists_the_catalogue() {
    let out = grille()
        .arg("explain")
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("Code  Type"), "{}", lines[0]);
    assert_eq!(lines.len(), 17, "{text}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("C104  too-few-realisations   avertissement  ")),
        "{text}"
    );
}

#[test]
fn explain_an_unknown_kind_exits_2_with_the_list() {
    grille()
        .args(["explain", "C999"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("constat inconnu « C999 »"))
        .stderr(predicate::str::contains("C404  duplicate-realisation"));
}

#[test]
fn check_needs_a_file() {
    grille().arg("check").assert().code(2);
}

#[test]
fn check_help_shows_examples() {
    grille()
        .args(["check", "--help"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Exemples\u{a0}:"))
        .stdout(predicate::str::contains("--strict"));
}

#[test]
fn unreadable_files_are_all_named_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.xlsx");
    std::fs::write(&text, "pas un classeur").unwrap();
    let missing = dir.path().join("absent.xlsx");
    grille()
        .arg("check")
        .arg(&text)
        .arg(&missing)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("notes.xlsx"))
        .stderr(predicate::str::contains("absent.xlsx"));
}

#[test]
fn an_unknown_referential_is_a_usage_error() {
    grille()
        .args(["check", "x.xlsx", "--referential", "nope-nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nope-nope"));
}

#[test]
fn every_real_grid_is_checked_in_one_call() {
    let Some(dir) = common::realworld() else {
        return;
    };
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("xlsx" | "ods")))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let out = grille()
        .args(["check", "--format", "json"])
        .args(&files)
        .assert()
        .code(predicate::in_iter([0, 1]))
        .stderr("")
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let reports: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(reports.len(), files.len());
    for (r, f) in reports.iter().zip(&files) {
        assert_eq!(r["file"], f.display().to_string());
        assert_eq!(r["layout"], "competence-columns", "{}", f.display());
        assert_eq!(r["coverage"].as_object().unwrap().len(), 6);
    }
}

#[test]
fn long_help_of_check_and_fix_states_the_exit_statuses() {
    // The subcommand's one-line `about` must not hide the long description of its --help.
    for (args, want) in [
        (
            vec!["check", "--help"],
            "Statut de sortie\u{a0}: 0 rien à signaler",
        ),
        (
            vec!["fix", "--help"],
            "Statut de sortie\u{a0}: 0 tout est corrigé",
        ),
        (
            vec!["--lang", "en", "check", "--help"],
            "Exit status: 0 nothing to report",
        ),
        (
            vec!["--lang", "en", "fix", "--help"],
            "Exit status: 0 everything is corrected",
        ),
    ] {
        grille()
            .args(&args)
            .assert()
            .code(0)
            .stdout(predicate::str::contains(want));
    }
    // The short help keeps the one line.
    grille()
        .args(["check", "-h"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with(
            "Vérifie des tableaux de synthèse rendus par les candidats\n",
        ));
}
