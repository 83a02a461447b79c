//! `grille blank --roster`: one file per valid row (or one workbook), rows skipped with
//! their reason and exit status 1, safe file names for hostile rows; and LibreOffice headless
//! opening what grille wrote (PDF and CSV conversions keep the texts).

mod common;

use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::{grille, libreoffice_convert, samples, soffice};

/// The sheet's CSV as LibreOffice exports it. LibreOffice 7.4 names the file
/// `<stem>-<sheet>.csv` when the filter names a sheet, which `libreoffice_convert` does not
/// expect for every version: convert through it when it works, else find the file written.
fn csv_text(soffice: &Path, input: &Path, outdir: &Path) -> String {
    let converted = std::panic::catch_unwind(|| libreoffice_convert(soffice, input, "csv", outdir));
    if let Ok(path) = converted {
        return std::fs::read_to_string(path).unwrap();
    }
    let stem = input.file_stem().unwrap().to_string_lossy().into_owned();
    let found = std::fs::read_dir(outdir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with(&stem) && name.ends_with(".csv")
        })
        .expect("LibreOffice wrote no CSV: the file did not open");
    std::fs::read_to_string(found).unwrap()
}

fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn cell(path: &Path, sheet: Option<&str>, row: u32, col: u32) -> String {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let name = sheet.map_or_else(|| book.sheet_names()[0].clone(), str::to_string);
    let range = book.worksheet_range(&name).unwrap();
    match range.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        _ => String::new(),
    }
}

#[test]
fn one_file_per_valid_row_and_skipped_rows_reported() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("grilles");
    let assert = grille()
        .args(["blank", "--roster"])
        .arg(samples().join("rosters/classe-sio2.csv"))
        .arg("-o")
        .arg(&out)
        .args(["--school", "Lycée par défaut"])
        .assert()
        .code(1);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    assert_eq!(
        files(&out),
        [
            "2026_SISR_DUPONT_Jeanne_0212345678.xlsx",
            "2026_SISR_N’DIAYE_Moussa_0212345680.xlsx",
            "2026_SLAM_DE-LA-FONTAINE_Jean-Pierre_0212345681.xlsx",
            "2026_SLAM_LEFÈVRE_Hélène_0212345679.xlsx",
        ]
    );
    assert!(stdout.contains("Grilles écrites : 4"), "{stdout}");
    assert!(stdout.contains("Lignes ignorées : 3"), "{stdout}");
    assert!(
        stdout.contains("ligne 7 (Martin Léa) : numéro de candidat manquant"),
        "{stdout}"
    );
    assert!(
        stdout
            .contains("ligne 9 (Bernard Alice) : numéro de candidat 0212345678 déjà donné ligne 4"),
        "{stdout}"
    );
    assert!(
        stdout.contains("ligne 10 (Petit Zoé) : option inconnue « Réseaux »"),
        "{stdout}"
    );

    let dupont = out.join("2026_SISR_DUPONT_Jeanne_0212345678.xlsx");
    assert_eq!(cell(&dupont, None, 2, 0), "NOM et prénom : DUPONT Jeanne");
    assert_eq!(cell(&dupont, None, 2, 5), "N° candidat : 0212345678");
    assert_eq!(
        cell(&dupont, None, 3, 0),
        "Centre de formation : Lycée Alan Turing"
    );
    assert_eq!(cell(&dupont, None, 3, 6), "☒ SISR");
    // A row without school takes --school.
    let ndiaye = out.join("2026_SISR_N’DIAYE_Moussa_0212345680.xlsx");
    assert_eq!(
        cell(&ndiaye, None, 3, 0),
        "Centre de formation : Lycée par défaut"
    );
    let lefevre = out.join("2026_SLAM_LEFÈVRE_Hélène_0212345679.xlsx");
    assert_eq!(cell(&lefevre, None, 3, 7), "☒ SLAM");
}

#[test]
fn one_workbook_has_one_sheet_per_candidate() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("classe.xlsx");
    grille()
        .args(["vierge", "--roster"])
        .arg(samples().join("rosters/classe-sio2.csv"))
        .args(["--one-workbook", "-o"])
        .arg(&out)
        .assert()
        .code(1)
        .stdout(predicates::str::contains("une feuille par candidat"));
    let book: Xlsx<_> = open_workbook(&out).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "DUPONT Jeanne",
            "LEFÈVRE Hélène",
            "N’DIAYE Moussa",
            "DE LA FONTAINE Jean-Pierre"
        ]
    );
    assert_eq!(
        cell(&out, Some("LEFÈVRE Hélène"), 2, 0),
        "NOM et prénom : LEFÈVRE Hélène"
    );
}

#[test]
fn hostile_rows_get_safe_names_inside_the_output_folder() {
    let dir = tempfile::tempdir().unwrap();
    let roster = dir.path().join("liste.csv");
    std::fs::write(
        &roster,
        "Nom;Prénom;Numéro;Option\n\
         ../../etc/passwd;x;001;SISR\n\
         a/b\\c;d:e;002;SLAM\n\
         CON;Ève;003;\n\
         :*?\"<>|;..;004;SISR\n\
         ../../etc/passwd;x;005;SISR\n\
         Dupont;Jean;../006;SISR\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    grille()
        .args(["blank", "--roster"])
        .arg(&roster)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let names = files(&out);
    assert_eq!(names.len(), 6, "{names:?}");
    for name in &names {
        assert!(name.ends_with(".xlsx"), "{name}");
        assert!(
            !name.contains(['/', '\\', ':', '*', '?', '"', '<', '>', '|']),
            "{name}"
        );
        assert!(!name.contains(".."), "{name}");
        assert!(!name.chars().any(char::is_control), "{name}");
        assert!(name.starts_with("2026_"), "{name}");
    }
    assert!(
        names.contains(&"2026_SISR_ETC-PASSWD_x_001.xlsx".to_string()),
        "{names:?}"
    );
    assert!(
        names.contains(&"2026_SISR_ETC-PASSWD_x_005.xlsx".to_string()),
        "{names:?}"
    );
    assert!(
        names.contains(&"2026_SISR_DUPONT_Jean_006.xlsx".to_string()),
        "{names:?}"
    );
    // Nothing was written outside the output folder.
    assert_eq!(files(dir.path()), ["liste.csv", "out"]);
    assert!(
        names.contains(&"2026_CON_Ève_003.xlsx".to_string()),
        "{names:?}"
    );
}

/// Control characters arrive from spreadsheets (a CSV with them is not taken for text):
/// they never reach a file name nor the grid.
#[test]
fn control_characters_in_an_xlsx_roster_are_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let roster = dir.path().join("liste.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["Nom", "Prénom", "N° candidat"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet
        .write_string(1, 0, "Bell\u{7}/Escape\u{1b}[0m")
        .unwrap();
    sheet.write_string(1, 1, "Tab\tNul").unwrap();
    sheet.write_string(1, 2, "007").unwrap();
    book.save(&roster).unwrap();
    let out = dir.path().join("out");
    grille()
        .args(["blank", "--roster"])
        .arg(&roster)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let names = files(&out);
    assert_eq!(names, ["2026_BELL-ESCAPE-0M_Tab-Nul_007.xlsx"]);
    assert_eq!(
        cell(&out.join(&names[0]), None, 2, 0),
        "NOM et prénom : BELL/ESCAPE[0M Tab Nul"
    );
}

#[test]
fn a_roster_without_header_or_unreadable_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let roster = dir.path().join("liste.csv");
    std::fs::write(&roster, "a;b\nDupont;0212345678\n").unwrap();
    grille()
        .args(["blank", "--roster"])
        .arg(&roster)
        .arg("-o")
        .arg(dir.path().join("out"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("aucune ligne d’en-tête"));
    grille()
        .args(["blank", "--roster"])
        .arg(dir.path().join("absent.csv"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("absent.csv"));
    assert!(!dir.path().join("out").exists());
}

#[test]
fn an_xlsx_roster_works_too() {
    let dir = tempfile::tempdir().unwrap();
    let roster = dir.path().join("liste.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["NOM Prénom", "Num. candidat", "Option"].iter().enumerate() {
        sheet.write_string(3, c as u16, *h).unwrap();
    }
    sheet.write_string(4, 0, "ROUX Camille").unwrap();
    sheet.write_string(4, 1, "0212345690").unwrap();
    sheet.write_string(4, 2, "SLAM").unwrap();
    book.save(&roster).unwrap();
    let out = dir.path().join("eval");
    grille()
        .args(["blank", "--kind", "evaluation", "--roster"])
        .arg(&roster)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    assert_eq!(
        files(&out),
        ["2026_SLAM_ROUX-Camille_0212345690_evaluation.xlsx"]
    );
}

/// LibreOffice opens what grille wrote (no repair) and keeps its texts, as PDF and CSV.
#[test]
fn libreoffice_converts_a_grid_to_pdf_and_csv() {
    let Some(soffice) = soffice() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let grid = dir.path().join("grille.xlsx");
    grille()
        .args([
            "blank",
            "--name",
            "DUPONT Jeanne",
            "--number",
            "0212345678",
            "--option",
            "SISR",
            "-o",
        ])
        .arg(&grid)
        .assert()
        .success();
    let pdf = libreoffice_convert(&soffice, &grid, "pdf", &dir.path().join("pdf"));
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF"), "a PDF");
    // One A4 page, as the ministry's model prints.
    let page = regex::bytes::Regex::new(r"/Type\s*/Page[^s]").unwrap();
    assert_eq!(page.find_iter(&bytes).count(), 1, "one page");

    let text = csv_text(&soffice, &grid, &dir.path().join("csv"));
    for expected in [
        "BTS SERVICES INFORMATIQUES AUX ORGANISATIONS",
        "SESSION 2026",
        "NOM et prénom : DUPONT Jeanne",
        "N° candidat : 0212345678",
        "☒ SISR",
        "▢ SLAM",
        "Gérer le patrimoine informatique",
        "▸Gérer des sauvegardes",
        "Réalisations en milieu professionnel en cours de seconde année",
    ] {
        assert!(text.contains(expected), "{expected} missing in:\n{text}");
    }

    let evaluation = dir.path().join("evaluation.xlsx");
    grille()
        .args(["blank", "--kind", "evaluation", "-o"])
        .arg(&evaluation)
        .assert()
        .success();
    let text = csv_text(&soffice, &evaluation, &dir.path().join("csv"));
    assert!(
        text.contains("B1.3 — Développer la présence en ligne de l'organisation"),
        "{text}"
    );
    assert!(
        text.contains("Indicateurs de performance,Niveau,Commentaire"),
        "{text}"
    );
}
