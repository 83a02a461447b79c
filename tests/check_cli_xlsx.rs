//! `grille check` on official grids built here with rust_xlsxwriter (the ministry's v2
//! layout): exit status, text and JSON reports, several files with an unreadable one among
//! them, `--strict`, and the same grid saved as ODS by LibreOffice.

mod common;

use std::path::{Path, PathBuf};

use common::{grille, libreoffice_convert, soffice};
use predicates::prelude::*;
use rust_xlsxwriter::{Format, Workbook};
use serde_json::Value;

const COMPETENCES: [&str; 6] = [
    "Gérer le patrimoine informatique",
    "Répondre aux incidents et aux demandes d’assistance et d’évolution",
    "Développer la présence en ligne de l’organisation",
    "Travailler en mode projet",
    "Mettre à disposition des utilisateurs un service informatique",
    "Organiser son développement professionnel",
];

/// One réalisation row: title, period, and the cell text under each competence B1.1…B1.6.
struct Row<'a> {
    title: &'a str,
    period: &'a str,
    marks: [&'a str; 6],
}

/// Writes the official grid (sheet « Tableau de synthèse Épreuve E5 »): identity in rows
/// 3–5, headings in C6:H6, parts at rows 8/19/27, réalisations from row 9.
fn official(path: &Path, option: &str, rows: &[Row<'_>]) -> PathBuf {
    let mut wb = Workbook::new();
    let wrap = Format::new().set_text_wrap();
    let ws = wb.add_worksheet();
    ws.set_name("Tableau de synthèse Épreuve E5").unwrap();
    ws.merge_range(
        0,
        0,
        0,
        5,
        "BTS SERVICES INFORMATIQUES AUX ORGANISATIONS",
        &wrap,
    )
    .unwrap();
    ws.merge_range(0, 6, 0, 7, "SESSION 2026", &wrap).unwrap();
    ws.merge_range(
        1,
        0,
        1,
        7,
        "Tableau de synthèse des réalisations professionnelles ",
        &wrap,
    )
    .unwrap();
    ws.merge_range(2, 0, 2, 4, "NOM et prénom : DUPONT Jeanne", &wrap)
        .unwrap();
    ws.merge_range(2, 5, 2, 7, "N° candidat : 0212345678", &wrap)
        .unwrap();
    ws.merge_range(
        3,
        0,
        3,
        4,
        "Centre de formation : Lycée Camille Claudel",
        &wrap,
    )
    .unwrap();
    ws.write_string(3, 5, "Option :").unwrap();
    let (sisr, slam) = match option {
        "SISR" => ("☒ SISR", "▢ SLAM"),
        "SLAM" => ("▢ SISR", "☒ SLAM"),
        _ => ("▢ SISR", "▢ SLAM"),
    };
    ws.write_string(3, 6, sisr).unwrap();
    ws.write_string(3, 7, slam).unwrap();
    ws.merge_range(
        4,
        0,
        4,
        7,
        "Adresse URL du portfolio : https://jdupont.exemple.invalid",
        &wrap,
    )
    .unwrap();
    ws.merge_range(
        5,
        0,
        6,
        0,
        "Compétences mises en œuvre\n\n\nRéalisations professionnelles\n(intitulé et liste des documents et productions associés)",
        &wrap,
    )
    .unwrap();
    ws.merge_range(
        5,
        1,
        6,
        1,
        "Période (sous la forme du JJ/MM/AA au JJ/MM/AA)",
        &wrap,
    )
    .unwrap();
    for (i, title) in COMPETENCES.iter().enumerate() {
        ws.write_string(5, 2 + i as u16, *title).unwrap();
    }
    ws.merge_range(7, 0, 7, 7, "Réalisation en cours de formation", &wrap)
        .unwrap();
    ws.merge_range(
        18,
        0,
        18,
        7,
        "Réalisations en milieu professionnel en cours de première année",
        &wrap,
    )
    .unwrap();
    ws.merge_range(
        26,
        0,
        26,
        7,
        "Réalisations en milieu professionnel en cours de seconde année",
        &wrap,
    )
    .unwrap();
    for (i, row) in rows.iter().enumerate() {
        let r = 8 + i as u32;
        if !row.title.is_empty() {
            ws.write_string(r, 0, row.title).unwrap();
        }
        if !row.period.is_empty() {
            ws.write_string(r, 1, row.period).unwrap();
        }
        for (c, mark) in row.marks.iter().enumerate() {
            if !mark.is_empty() {
                ws.write_string(r, 2 + c as u16, *mark).unwrap();
            }
        }
    }
    wb.save(path).unwrap();
    path.to_path_buf()
}

fn clean(dir: &Path) -> PathBuf {
    official(
        &dir.join("conforme.xlsx"),
        "SISR",
        &[
            Row {
                title: "Mise en place d’un serveur GLPI",
                period: "04/09/24 au 18/10/24",
                marks: ["X", "X", "X", "", "", ""],
            },
            Row {
                title: "Déploiement de postes",
                period: "04/11/24 au 20/12/24",
                marks: ["", "", "", "X", "X", "X"],
            },
        ],
    )
}

/// B1.3 never validly marked: its only mark is on an untitled row; « peut-être » under B1.4.
fn broken(dir: &Path) -> PathBuf {
    official(
        &dir.join("incomplete.xlsx"),
        "SISR",
        &[
            Row {
                title: "Mise en place d’un serveur GLPI",
                period: "04/09/24 au 18/10/24",
                marks: ["X", "X", "", "x", "", ""],
            },
            Row {
                title: "Déploiement de postes",
                period: "04/11/24 au 20/12/24",
                marks: ["", "", "", "peut-être", "X", "X"],
            },
            Row {
                title: "",
                period: "",
                marks: ["", "", "X", "", "", ""],
            },
        ],
    )
}

/// One réalisation covering everything: only the « too few réalisations » warning.
fn warning_only(dir: &Path) -> PathBuf {
    official(
        &dir.join("une-seule.xlsx"),
        "SLAM",
        &[Row {
            title: "Projet annuel",
            period: "04/09/24 au 30/05/25",
            marks: ["X"; 6],
        }],
    )
}

fn json_reports(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8(stdout.to_vec())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn a_conforming_grid_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let file = clean(dir.path());
    grille()
        .arg("check")
        .arg(&file)
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "Candidat : DUPONT Jeanne, n° 0212345678, option SISR",
        ))
        .stdout(predicate::str::ends_with("Grille conforme\n"))
        .stdout(predicate::str::contains("\u{1b}[").not());
}

#[test]
fn findings_exit_1_with_cells_and_competences() {
    let dir = tempfile::tempdir().unwrap();
    let file = broken(dir.path());
    let out = grille()
        .args(["check", "--format", "json"])
        .arg(&file)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let reports = json_reports(&out);
    assert_eq!(reports.len(), 1);
    let r = &reports[0];
    assert_eq!(r["file"], file.display().to_string());
    assert_eq!(r["sheet"], "Tableau de synthèse Épreuve E5");
    assert_eq!(r["layout"], "competence-columns");
    assert_eq!(r["candidate"]["option"], "SISR");
    assert_eq!(r["coverage"]["B1.3"], 0);
    assert_eq!(r["coverage"]["B1.4"], 1);
    assert_eq!(r["realisations"].as_array().unwrap().len(), 2);
    let found: Vec<(String, Option<String>, Option<String>)> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["kind"].as_str().unwrap().to_string(),
                f["cell"].as_str().map(str::to_string),
                f["competence"].as_str().map(str::to_string),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "invalid-mark".into(),
                Some("F10".into()),
                Some("B1.4".into())
            ),
            ("empty-title".into(), Some("A11".into()), None),
            ("missing-competence".into(), None, Some("B1.3".into())),
        ]
    );
    // The text report says the same, in French, with the verdict.
    grille()
        .arg("check")
        .arg(&file)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("erreur         F10  C401  La cellule F10"))
        .stdout(predicate::str::contains("C101  Aucune réalisation ne mobilise B1.3 « Développer la présence en ligne de l’organisation »."))
        .stdout(predicate::str::ends_with("3 erreurs, 0 avertissement\n"));
}

#[test]
fn warnings_alone_exit_0_unless_strict() {
    let dir = tempfile::tempdir().unwrap();
    let file = warning_only(dir.path());
    grille()
        .arg("check")
        .arg(&file)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("C104"))
        .stdout(predicate::str::ends_with("0 erreur, 1 avertissement\n"));
    grille()
        .args(["check", "--strict"])
        .arg(&file)
        .assert()
        .code(1);
    grille()
        .args(["--lang", "en", "check", "--strict"])
        .arg(&file)
        .assert()
        .code(1)
        .stdout(predicate::str::ends_with("0 errors, 1 warning\n"));
}

#[test]
fn an_unreadable_file_among_good_ones_does_not_stop_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let good = clean(dir.path());
    let garbage = dir.path().join("illisible.xlsx");
    std::fs::write(&garbage, b"PK\x03\x04 truncated").unwrap();
    let bad = broken(dir.path());
    let assert = grille()
        .args(["check", "--format", "json"])
        .arg(&good)
        .arg(&garbage)
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("illisible.xlsx"));
    let reports = json_reports(&assert.get_output().stdout);
    let files: Vec<&str> = reports
        .iter()
        .map(|r| r["file"].as_str().unwrap())
        .collect();
    // One object per file named, in order: the unreadable one too, with its cause (issue 11).
    assert_eq!(
        files,
        [
            good.display().to_string(),
            garbage.display().to_string(),
            bad.display().to_string()
        ]
    );
    assert_eq!(reports[1]["findings"][0]["kind"], "unreadable-file");
    assert_ne!(reports[0]["findings"][0]["kind"], "unreadable-file");
    assert_ne!(reports[2]["findings"][0]["kind"], "unreadable-file");
}

#[test]
fn a_workbook_with_no_grid_names_its_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("consignes.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Consignes").unwrap();
    ws.write_string(0, 0, "Remplir le tableau avant le 15 mai.")
        .unwrap();
    wb.save(&path).unwrap();
    grille()
        .arg("check")
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "aucune grille de synthèse trouvée",
        ))
        .stderr(predicate::str::contains("« Consignes »"));
}

#[test]
fn the_same_grid_saved_as_ods_by_libreoffice() {
    let Some(soffice) = soffice() else { return };
    let dir = tempfile::tempdir().unwrap();
    let ods = libreoffice_convert(
        &soffice,
        &broken(dir.path()),
        "ods",
        &dir.path().join("ods"),
    );
    let out = grille()
        .args(["check", "--format", "json"])
        .arg(&ods)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let r = &json_reports(&out)[0];
    let kinds: Vec<&str> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["invalid-mark", "empty-title", "missing-competence"]);
}
