//! The mistakes people make, through the real binary: a Moodle submission without a
//! spreadsheet, a classmate's sheet, grille's own outputs given to `check`, a grid given as a
//! roster, a session that is not a year, `fix` given a folder or several files, and system
//! errors that must read in French.

mod common;

use std::io::{Cursor, Write};
use std::path::Path;

use calamine::{Data, Reader, Xlsx};
use common::{grille, samples};

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(samples().join("sheets").join(name)).unwrap()
}

fn output(cmd: &mut assert_cmd::Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A Moodle archive: Linh NGUYEN hands in her own sheet, Hugo LEROY hands in Lucas PETIT's,
/// Léa MARTIN only a PDF and online text.
fn moodle_zip(path: &Path) {
    use zip::write::SimpleFileOptions;
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default();
    let mut add = |name: &str, bytes: &[u8]| {
        w.start_file(name, options).unwrap();
        w.write_all(bytes).unwrap();
    };
    add(
        "Linh NGUYEN_101_assignsubmission_file_/Tableau.xlsx",
        &sample("01-modele-officiel-conforme.xlsx"),
    );
    add(
        "Hugo LEROY_102_assignsubmission_file_/Tableau.xlsx",
        &sample("03-colonnes-par-activite.xlsx"),
    );
    add(
        "Léa MARTIN_103_assignsubmission_file_/rapport.pdf",
        b"%PDF-1.4",
    );
    add(
        "Léa MARTIN_103_assignsubmission_onlinetext_/onlinetext.html",
        b"<p>Mon tableau arrive</p>",
    );
    std::fs::write(path, w.finish().unwrap().into_inner()).unwrap();
}

#[test]
fn every_moodle_submission_is_a_row_and_a_classmates_sheet_is_told() {
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("remis.zip");
    moodle_zip(&zip);
    let out = dir.path().join("sortie");
    let (code, stdout, stderr) = output(grille().arg("batch").arg(&zip).arg("-o").arg(&out));
    // Léa's missing grid is an error to act on, not an unreadable file.
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(
        stdout.contains("Aucun tableau remis (à redemander) :\n  Léa MARTIN\n"),
        "{stdout}"
    );

    let jsonl = std::fs::read_to_string(out.join("rapport.jsonl")).unwrap();
    let lines: Vec<serde_json::Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3, "{jsonl}");
    let kinds = |who: &str| -> Vec<String> {
        let line = lines
            .iter()
            .find(|l| l["submission"]["name"] == who)
            .unwrap_or_else(|| panic!("no line for {who}: {jsonl}"));
        line["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["kind"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(kinds("Léa MARTIN"), ["missing-submission"]);
    assert!(kinds("Hugo LEROY").contains(&"identity-mismatch".to_string()));
    assert!(!kinds("Linh NGUYEN").contains(&"identity-mismatch".to_string()));
    let mismatch = lines
        .iter()
        .find(|l| l["submission"]["name"] == "Hugo LEROY")
        .unwrap()["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == "identity-mismatch")
        .unwrap()
        .clone();
    assert_eq!(mismatch["code"], "C503");
    assert_eq!(mismatch["severity"], "warning");
    assert!(
        mismatch["message"]
            .as_str()
            .unwrap()
            .contains("« PETIT Lucas », mais elle a été remise par « Hugo LEROY »"),
        "{mismatch}"
    );

    // The class summary has Léa's row, in path order (« Li » before « Lé »), with the verdict
    // in words.
    let mut book: Xlsx<_> = calamine::open_workbook(out.join("synthese.xlsx")).unwrap();
    let candidates = book.worksheet_range("Candidats").unwrap();
    let rows: Vec<(String, String)> = candidates
        .rows()
        .skip(1)
        .take(3)
        .map(|r| (r[0].to_string(), r[6].to_string()))
        .collect();
    assert_eq!(rows[0].0, "PETIT Lucas");
    assert_eq!(rows[2], ("Léa MARTIN".into(), "aucun tableau remis".into()));
    assert_eq!(
        candidates.get_value((3, 3)),
        Some(&Data::String(
            "Léa MARTIN_103_assignsubmission_file_".into()
        ))
    );
}

#[test]
fn grilles_own_outputs_are_not_candidates_grids() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let summary_dir = d.join("lot");
    let (code, ..) = output(
        grille()
            .arg("batch")
            .arg(
                samples()
                    .join("sheets")
                    .join("01-modele-officiel-conforme.xlsx"),
            )
            .arg("-o")
            .arg(&summary_dir),
    );
    assert_eq!(code, 0);
    let evaluation = d.join("evaluation.xlsx");
    let referential = d.join("referentiel.xlsx");
    assert_eq!(
        output(
            grille()
                .args(["blank", "--kind", "evaluation", "-o"])
                .arg(&evaluation)
        )
        .0,
        0
    );
    assert_eq!(
        output(
            grille()
                .args(["referential", "convert", "bts-sio-b1", "--to", "xlsx", "-o"])
                .arg(&referential)
        )
        .0,
        0
    );
    for (file, what) in [
        (summary_dir.join("synthese.xlsx"), "synthèse de classe"),
        (evaluation, "grille d’évaluation du jury"),
        (referential, "référentiel exporté"),
    ] {
        let (code, stdout, stderr) = output(grille().arg("check").arg(&file));
        assert_eq!(code, 2, "{}: {stdout}{stderr}", file.display());
        assert!(
            stderr.contains(
                "ce fichier est une synthèse produite par grille, pas un tableau de candidat"
            ) && stderr.contains(what),
            "{stderr}"
        );
        assert!(stdout.is_empty(), "no findings: {stdout}");
    }
    // A corrected grid is still a grid: it is checked.
    let fixed = d.join("corrige.xlsx");
    output(
        grille()
            .arg("fix")
            .arg(
                samples()
                    .join("sheets")
                    .join("01-modele-officiel-conforme.xlsx"),
            )
            .arg("-o")
            .arg(&fixed),
    );
    assert_eq!(output(grille().arg("check").arg(&fixed)).0, 0);
}

#[test]
fn a_grid_given_as_roster_is_refused_with_the_columns_expected() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("grilles");
    let (code, stdout, stderr) = output(
        grille()
            .arg("blank")
            .arg("--roster")
            .arg(
                samples()
                    .join("sheets")
                    .join("01-modele-officiel-conforme.xlsx"),
            )
            .arg("-o")
            .arg(&out),
    );
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(
        stderr.contains("pas une liste de candidats")
            && stderr.contains("« Nom » et « N° candidat »")
            && stderr.contains("« Prénom », « Option »"),
        "{stderr}"
    );
    assert!(!out.exists(), "nothing written");
    // A file without a name column at all.
    let csv = dir.path().join("liste.csv");
    std::fs::write(&csv, "Prénom;N° candidat\nJeanne;0212345678\n").unwrap();
    let (code, _, stderr) = output(
        grille()
            .arg("blank")
            .arg("--roster")
            .arg(&csv)
            .arg("-o")
            .arg(&out),
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("aucune ligne d’en-tête reconnue") && stderr.contains("« Nom »"),
        "{stderr}"
    );
}

#[test]
fn a_session_is_a_four_digit_year() {
    let dir = tempfile::tempdir().unwrap();
    for bad in ["abc", "26", "1999", "20266"] {
        let target = dir.path().join(format!("{bad}.xlsx"));
        let (code, _, stderr) = output(
            grille()
                .args(["blank", "--session", bad, "-o"])
                .arg(&target),
        );
        assert_eq!(code, 2, "{bad}");
        assert!(
            stderr.contains("une année de session à quatre chiffres est attendue"),
            "{stderr}"
        );
        assert!(!target.exists());
    }
    let target = dir.path().join("ok.xlsx");
    assert_eq!(
        output(
            grille()
                .args(["blank", "--session", "2027", "-o"])
                .arg(&target)
        )
        .0,
        0
    );
}

#[test]
fn fix_points_folders_to_batch_and_takes_several_files_with_an_output_folder() {
    let dir = tempfile::tempdir().unwrap();
    let sheets = samples().join("sheets");
    let (code, _, stderr) = output(grille().arg("fix").arg(&sheets));
    assert_eq!(code, 2);
    assert!(stderr.contains("grille batch"), "{stderr}");
    let (a, b) = (
        sheets.join("01-modele-officiel-conforme.xlsx"),
        sheets.join("05-grille-transposee.xlsx"),
    );
    let (code, _, stderr) = output(grille().arg("fix").arg(&a).arg(&b));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("2 fichiers à corriger") && stderr.contains("-o DOSSIER"),
        "{stderr}"
    );
    let out = dir.path().join("corrigés");
    let (code, stdout, stderr) = output(grille().arg("fix").arg(&a).arg(&b).arg("-o").arg(&out));
    assert!(code == 0 || code == 1, "{stdout}{stderr}");
    for name in [
        "01-modele-officiel-conforme-corrige.xlsx",
        "05-grille-transposee-corrige.xlsx",
    ] {
        assert!(out.join(name).is_file(), "{name}: {stdout}");
    }
}

#[test]
fn system_errors_read_in_french() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("absent.csv");
    for args in [
        vec![
            "blank".to_string(),
            "--roster".into(),
            missing.display().to_string(),
        ],
        vec!["check".to_string(), missing.display().to_string()],
        vec![
            "batch".to_string(),
            missing.display().to_string(),
            "-o".into(),
            dir.path().join("o").display().to_string(),
        ],
        vec![
            "blank".to_string(),
            "--template".into(),
            dir.path().join("absent.toml").display().to_string(),
        ],
    ] {
        let (code, stdout, stderr) = output(grille().args(&args));
        let all = format!("{stdout}{stderr}");
        assert!(code == 2, "{args:?}: {all}");
        assert!(
            !all.contains("os error") && !all.contains("No such file"),
            "{args:?}: {all}"
        );
        assert!(
            all.contains("fichier introuvable")
                || all.contains("introuvable")
                || all.contains("modèle inconnu"),
            "{args:?}: {all}"
        );
    }
}
