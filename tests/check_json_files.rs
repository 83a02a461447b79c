//! `grille check --format json` names every file it was given: one object per file, in the
//! order given, readable or not, so that a script never loses track of a submission.

mod common;

use common::{grille, samples};
use serde_json::Value;

#[test]
fn one_object_per_file_in_order_the_unreadable_ones_with_unreadable_file_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let good = samples().join("sheets/01-modele-officiel-conforme.xlsx");
    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "Notes du conseil de classe\n").unwrap();
    let missing = dir.path().join("missing.xlsx");
    let out = grille()
        .args(["check", "--format", "json"])
        .arg(&good)
        .arg(&notes)
        .arg(&missing)
        .assert()
        .code(2)
        .get_output()
        .clone();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let objects: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(objects.len(), 3, "{stdout}");
    let files: Vec<&str> = objects
        .iter()
        .map(|o| o["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        files,
        [
            good.display().to_string(),
            notes.display().to_string(),
            missing.display().to_string()
        ]
    );
    // The readable sheet is reported as ever.
    assert_eq!(objects[0]["layout"], "competence-columns");
    assert!(
        objects[0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["kind"] != "unreadable-file")
    );
    // Each unreadable one: the design.md fields, one `unreadable-file` finding with its cause.
    for (object, cause) in [(&objects[1], "notes.txt"), (&objects[2], "introuvable")] {
        let findings = object["findings"].as_array().unwrap();
        assert_eq!(findings.len(), 1, "{object}");
        assert_eq!(findings[0]["kind"], "unreadable-file");
        assert_eq!(findings[0]["code"], "C501");
        assert_eq!(findings[0]["severity"], "error");
        let message = findings[0]["message"].as_str().unwrap();
        assert!(message.contains(cause), "{message}");
        assert_eq!(object["referential"], "bts-sio-b1");
        assert!(object["layout"].is_null());
        assert_eq!(object["realisations"], serde_json::json!([]));
        assert!(object.get("coverage").is_some() && object.get("candidate").is_some());
    }
    // The causes are still said on stderr, for a person watching.
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("notes.txt") && stderr.contains("missing.xlsx"),
        "{stderr}"
    );
}

#[test]
fn in_english_the_cause_is_english_too() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.xlsx");
    let out = grille()
        .args(["--lang", "en", "check", "--format", "json"])
        .arg(&missing)
        .assert()
        .code(2)
        .get_output()
        .stdout
        .clone();
    let object: Value = serde_json::from_str(String::from_utf8(out).unwrap().trim()).unwrap();
    let message = object["findings"][0]["message"].as_str().unwrap();
    assert!(message.contains("file not found"), "{message}");
}
