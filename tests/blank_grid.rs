//! `grille blank`: the grid read back with calamine (every label, heading and activity in its
//! cell, merged ranges), the XML parts (protection, unlocked cells, drop-down lists), templates
//! (E4, detailed, a school's copy, invalid ones), byte-identical runs, the evaluation grid.

mod common;

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::grille;
use grille::text::match_key;

/// Cells and merges of the first sheet, read with calamine (absolute positions).
struct Read_ {
    sheet: String,
    range: calamine::Range<Data>,
    merges: BTreeSet<String>,
}

fn a1(row: u32, col: u32) -> String {
    grille::model::CellPos::new(row, col).to_string()
}

fn read(path: &Path) -> Read_ {
    let mut book: Xlsx<_> = open_workbook(path).expect("calamine opens the grid");
    let sheet = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&sheet).expect("sheet");
    // calamine's merged regions (`merge_cells_by_sheet_name`, formerly `load_merged_regions`).
    let merges = book
        .merge_cells_by_sheet_name(&sheet)
        .expect("merges")
        .iter()
        .map(|d| format!("{}:{}", a1(d.start.0, d.start.1), a1(d.end.0, d.end.1)))
        .collect();
    Read_ {
        sheet,
        range,
        merges,
    }
}

impl Read_ {
    fn text(&self, cell: &str) -> String {
        let pos = grille::model::CellPos::parse(cell).unwrap();
        match self.range.get_value((pos.row, pos.col)) {
            Some(Data::String(s)) => s.clone(),
            Some(Data::Empty) | None => String::new(),
            Some(other) => panic!("{cell}: not text: {other:?}"),
        }
    }
}

fn zip_part(path: &Path, name: &str) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut part = zip.by_name(name).unwrap();
    let mut text = String::new();
    part.read_to_string(&mut text).unwrap();
    text
}

fn blank(dir: &Path, name: &str, args: &[&str]) -> PathBuf {
    let out = dir.join(name);
    grille()
        .arg("blank")
        .args(args)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    out
}

fn referential() -> grille::model::Referential {
    grille::referential::embedded::get("bts-sio-b1").unwrap()
}

#[test]
fn blank_grid_has_the_official_layout_cell_by_cell() {
    let dir = tempfile::tempdir().unwrap();
    let g = read(&blank(dir.path(), "g.xlsx", &[]));
    assert_eq!(g.sheet, "Tableau de synthèse Épreuve E5");
    for (cell, text) in [
        ("A1", "BTS SERVICES INFORMATIQUES AUX ORGANISATIONS"),
        ("G1", "SESSION 2026"),
        (
            "A2",
            "Tableau de synthèse des réalisations professionnelles",
        ),
        ("A3", "NOM et prénom : "),
        ("F3", "N° candidat : "),
        ("A4", "Centre de formation : "),
        ("F4", "Option : "),
        ("G4", "▢ SISR"),
        ("H4", "▢ SLAM"),
        ("A5", "Adresse URL du portfolio : "),
        ("B6", "Période (sous la forme du JJ/MM/AA au JJ/MM/AA)"),
        ("A8", "Réalisation en cours de formation"),
        (
            "A19",
            "Réalisations en milieu professionnel en cours de première année",
        ),
        (
            "A27",
            "Réalisations en milieu professionnel en cours de seconde année",
        ),
    ] {
        assert_eq!(g.text(cell), text, "{cell}");
    }
    let corner = g.text("A6");
    assert!(
        corner.starts_with("Compétences mises en œuvre\n\n"),
        "{corner:?}"
    );
    assert!(corner.ends_with(
        "Réalisations professionnelles\n(intitulé et liste des documents et productions associés)"
    ));
    // Competence titles on row 6, their activities one « ▸ » line each on row 7.
    for (i, c) in referential().competences.iter().enumerate() {
        let column = char::from(b'C' + i as u8);
        assert_eq!(g.text(&format!("{column}6")), c.title);
        let lines: Vec<String> = c.activities().map(|a| format!("▸{}", a.text)).collect();
        assert_eq!(g.text(&format!("{column}7")), lines.join("\n"));
    }
    // Réalisation rows are empty: 10 / 7 / 7.
    for row in (9..=18).chain(20..=26).chain(28..=34) {
        for column in 'A'..='H' {
            assert_eq!(g.text(&format!("{column}{row}")), "", "{column}{row}");
        }
    }
    assert_eq!(
        g.range.end().map(|(r, _)| r),
        Some(26),
        "no text below the last part title (A27)"
    );
    let expected: BTreeSet<String> = [
        "A1:F1", "G1:H1", "A2:H2", "A3:E3", "F3:H3", "A4:E4", "A5:H5", "A6:A7", "B6:B7", "A8:H8",
        "A19:H19", "A27:H27",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_eq!(g.merges, expected);
}

/// The ministry's blank file (rw-23, session 2022, sheet E4): same merges, same texts once
/// apostrophes and trailing spaces are set aside.
#[test]
fn e4_template_matches_the_ministry_blank_file() {
    let Some(realworld) = common::realworld() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let ours = read(&blank(
        dir.path(),
        "e4.xlsx",
        &["--template", "bts-sio-e4", "--session", "2022"],
    ));
    let official = read(&realworld.join("rw-23.xlsx"));
    assert_eq!(ours.sheet, official.sheet);
    assert_eq!(ours.merges, official.merges);
    for row in 1..=34 {
        for column in 'A'..='H' {
            let cell = format!("{column}{row}");
            assert_eq!(
                match_key(&ours.text(&cell)),
                match_key(&official.text(&cell)),
                "{cell}"
            );
        }
    }
    // Column widths and the activities' row height are the official ones.
    let sheet = zip_part(&dir.path().join("e4.xlsx"), "xl/worksheets/sheet1.xml");
    assert!(
        sheet.contains(r#"<row r="7" spans="1:8" ht="324.75" customHeight="1">"#),
        "row 7 height"
    );
    assert!(sheet.contains(r#"<pageSetup paperSize="9" fitToHeight="0" orientation="portrait""#));
}

#[test]
fn identity_values_follow_their_labels_and_the_chosen_box_is_ticked() {
    let dir = tempfile::tempdir().unwrap();
    let out = blank(
        dir.path(),
        "g.xlsx",
        &[
            "--name",
            "DUPONT Jeanne",
            "--number",
            "0212345678",
            "--option",
            "slam",
            "--school",
            "Lycée Alan Turing",
            "--session",
            "2027",
        ],
    );
    let g = read(&out);
    assert_eq!(g.text("A3"), "NOM et prénom : DUPONT Jeanne");
    assert_eq!(g.text("F3"), "N° candidat : 0212345678");
    assert_eq!(g.text("A4"), "Centre de formation : Lycée Alan Turing");
    assert_eq!(g.text("G4"), "▢ SISR");
    assert_eq!(g.text("H4"), "☒ SLAM");
    assert_eq!(g.text("G1"), "SESSION 2027");
    let core = zip_part(&out, "docProps/core.xml");
    assert!(
        core.contains("<dc:creator>Lycée Alan Turing</dc:creator>"),
        "{core}"
    );
    assert!(
        core.contains("<dc:subject>DUPONT Jeanne — N° 0212345678</dc:subject>"),
        "{core}"
    );
    assert!(
        core.contains("2026-01-01T00:00:00Z"),
        "fixed creation date: {core}"
    );
}

#[test]
fn two_runs_give_byte_identical_files() {
    let dir = tempfile::tempdir().unwrap();
    for kind in ["grid", "evaluation"] {
        let args = [
            "--kind",
            kind,
            "--name",
            "DUPONT Jeanne",
            "--number",
            "0212345678",
        ];
        let a = blank(dir.path(), &format!("{kind}-a.xlsx"), &args);
        std::thread::sleep(std::time::Duration::from_millis(1100));
        let b = blank(dir.path(), &format!("{kind}-b.xlsx"), &args);
        assert_eq!(
            std::fs::read(a).unwrap(),
            std::fs::read(b).unwrap(),
            "{kind}"
        );
    }
}

#[test]
fn sheet_is_protected_with_unlocked_inputs_and_drop_downs() {
    let dir = tempfile::tempdir().unwrap();
    let out = blank(dir.path(), "g.xlsx", &[]);
    let sheet = zip_part(&out, "xl/worksheets/sheet1.xml");
    let styles = zip_part(&out, "xl/styles.xml");
    assert!(sheet.contains("<sheetProtection "), "protected");
    assert!(!sheet.contains("password="), "no password by default");
    assert!(
        styles.contains(r#"<protection locked="0"/>"#),
        "unlocked input styles"
    );
    // Marks: a list « X » on every réalisation row of every section, errors stop the input.
    assert!(sheet.contains(r#"<dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1" errorTitle="Marque invalide""#), "{sheet}");
    assert!(
        sheet.contains(r#"sqref="C9:H18"><formula1>"X"</formula1>"#),
        "{sheet}"
    );
    assert!(
        sheet.contains(r#"sqref="C28:H34"><formula1>"X"</formula1>"#),
        "{sheet}"
    );
    // Periods: an input hint.
    assert!(
        sheet.contains(r#"promptTitle="Période" prompt="JJ/MM/AA au JJ/MM/AA"#),
        "{sheet}"
    );
    assert!(sheet.contains(r#"sqref="B9:B18""#));
    // Option boxes: empty or ticked.
    assert!(
        sheet.contains("<formula1>\"▢ SISR,☒ SISR\"</formula1>"),
        "{sheet}"
    );
    // Frozen below the heading rows; header rows repeated when printed on several pages.
    assert!(
        sheet.contains(
            r#"<pane ySplit="7" topLeftCell="A8" activePane="bottomLeft" state="frozen"/>"#
        ),
        "{sheet}"
    );
    let workbook = zip_part(&out, "xl/workbook.xml");
    assert!(workbook.contains("_xlnm.Print_Titles"), "{workbook}");
    assert!(workbook.contains("$6:$7"), "{workbook}");
    assert!(workbook.contains("_xlnm.Print_Area"), "{workbook}");

    // Label cells keep the default (locked) style: the title cell's style is not unlocked.
    let with_password = blank(dir.path(), "p.xlsx", &["--password", "jury"]);
    assert!(zip_part(&with_password, "xl/worksheets/sheet1.xml").contains("password="));
    let open = blank(dir.path(), "o.xlsx", &["--no-protection"]);
    assert!(!zip_part(&open, "xl/worksheets/sheet1.xml").contains("<sheetProtection"));
}

#[test]
fn detailed_template_groups_activity_columns_under_competences() {
    let dir = tempfile::tempdir().unwrap();
    let g = read(&blank(
        dir.path(),
        "d.xlsx",
        &["--template", "bts-sio-e5-activites"],
    ));
    let r = referential();
    assert_eq!(g.text("C6"), r.competences[0].title);
    assert!(
        g.merges.contains("C6:H6"),
        "B1.1 over its 6 activities: {:?}",
        g.merges
    );
    assert!(g.merges.contains("I6:K6"), "B1.2 over its 3 activities");
    let activities: Vec<&str> = r
        .competences
        .iter()
        .flat_map(|c| c.activities())
        .map(|a| a.text.as_str())
        .collect();
    assert_eq!(activities.len(), 22);
    for (i, text) in activities.iter().enumerate() {
        let column = grille::model::column_name(2 + i as u32);
        assert_eq!(g.text(&format!("{column}7")), *text);
    }
    assert!(g.merges.contains("A1:R1") || g.merges.iter().any(|m| m.starts_with("A1:")));
    assert!(g.merges.contains("A8:X8"), "{:?}", g.merges);
}

#[test]
fn a_school_template_is_used_and_a_broken_one_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let official = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/bts-sio-e5.toml"),
    )
    .unwrap();
    let ours = official
        .replace("id = \"bts-sio-e5\"", "id = \"lycee-turing\"")
        .replace("rows = 10", "rows = 3")
        .replace(
            "Réalisation en cours de formation",
            "Projets en cours de formation",
        );
    let path = dir.path().join("lycee-turing.toml");
    std::fs::write(&path, ours).unwrap();
    let g = read(&blank(
        dir.path(),
        "t.xlsx",
        &["--template", path.to_str().unwrap()],
    ));
    assert_eq!(g.text("A8"), "Projets en cours de formation");
    assert_eq!(
        g.text("A12"),
        "Réalisations en milieu professionnel en cours de première année"
    );

    let broken = dir.path().join("casse.toml");
    let without_sections: String = official.split("[[sections]]").next().unwrap().to_string()
        + "[rules]\nmin_realisations = 2\n";
    std::fs::write(&broken, without_sections).unwrap();
    let out = grille()
        .args(["blank", "--template"])
        .arg(&broken)
        .arg("-o")
        .arg(dir.path().join("x.xlsx"))
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(stderr.contains("casse.toml"), "{stderr}");
    assert!(stderr.contains("aucune partie"), "{stderr}");
    assert!(!dir.path().join("x.xlsx").exists());

    let unknown = dir.path().join("inconnu.toml");
    std::fs::write(
        &unknown,
        official.replace("referential = \"bts-sio-b1\"", "referential = \"bts-xyz\""),
    )
    .unwrap();
    let out = grille()
        .args(["blank", "--template"])
        .arg(&unknown)
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        stderr.contains("inconnu.toml") && stderr.contains("bts-xyz"),
        "{stderr}"
    );
}

#[test]
fn refuses_to_overwrite_without_force_and_bad_options_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let out = blank(dir.path(), "g.xlsx", &[]);
    let before = std::fs::read(&out).unwrap();
    grille()
        .arg("blank")
        .arg("-o")
        .arg(&out)
        .arg("--session")
        .arg("2030")
        .assert()
        .code(2);
    assert_eq!(std::fs::read(&out).unwrap(), before);
    grille()
        .arg("blank")
        .arg("-o")
        .arg(&out)
        .arg("--force")
        .assert()
        .success();
    grille()
        .args(["blank", "--option", "RESEAU", "-o"])
        .arg(dir.path().join("y.xlsx"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("option inconnue « RESEAU »"));
}

#[test]
fn evaluation_grid_lists_indicators_with_a_level_drop_down() {
    let dir = tempfile::tempdir().unwrap();
    let out = blank(
        dir.path(),
        "e.xlsx",
        &[
            "--kind",
            "evaluation",
            "--name",
            "DUPONT Jeanne",
            "--number",
            "0212345678",
            "--option",
            "SISR",
        ],
    );
    let g = read(&out);
    assert_eq!(g.sheet, "Grille d’évaluation");
    assert_eq!(g.text("A2"), "Grille d’évaluation des compétences");
    assert_eq!(g.text("A3"), "NOM et prénom : DUPONT Jeanne");
    assert_eq!(g.text("C3"), "N° candidat : 0212345678");
    assert_eq!(g.text("C4"), "Option : ☒ SISR   ▢ SLAM");
    assert_eq!(
        g.text("A5"),
        "Niveaux : TI = très insuffisant · I = insuffisant · S = satisfaisant · TS = très satisfaisant"
    );
    assert_eq!(g.text("A7"), "Indicateurs de performance");
    assert_eq!(g.text("B7"), "Niveau");
    assert_eq!(g.text("C7"), "Commentaire");
    // Every competence heading and every indicator text, in referential order.
    let texts: Vec<String> = (0..=g.range.end().unwrap().0)
        .map(|r| g.text(&format!("A{}", r + 1)))
        .collect();
    let mut at = 0;
    for c in referential().competences {
        let heading = format!("{} — {}", c.code, c.title);
        at += texts[at..]
            .iter()
            .position(|t| *t == heading)
            .unwrap_or_else(|| panic!("{heading}"));
        for item in c.items_of(grille::model::ItemKind::PerformanceIndicator) {
            at += texts[at..]
                .iter()
                .position(|t| *t == item.text)
                .unwrap_or_else(|| panic!("{}", item.text));
            for sub in &item.items {
                assert!(
                    texts[at..].contains(&format!("– {}", sub.text)),
                    "{}",
                    sub.text
                );
            }
        }
    }
    let sheet = zip_part(&out, "xl/worksheets/sheet1.xml");
    assert!(
        sheet.contains("<formula1>\"TI,I,S,TS\"</formula1>"),
        "{sheet}"
    );
    assert!(sheet.contains("<sheetProtection "));
}

/// `grille check` on a blank grid whose identity is filled reports only what a blank grid
/// cannot have: réalisations (too few, hence every competence missing) and the portfolio
/// URL, which only the candidate knows. Nothing about the layout itself.
#[test]
fn check_on_a_blank_grid_reports_only_the_absence_of_realisations() {
    let dir = tempfile::tempdir().unwrap();
    for template in ["bts-sio-e5", "bts-sio-e4", "bts-sio-e5-activites"] {
        let out = blank(
            dir.path(),
            &format!("{template}.xlsx"),
            &[
                "--template",
                template,
                "--name",
                "DUPONT Jeanne",
                "--number",
                "0212345678",
                "--option",
                "SISR",
                "--school",
                "Lycée Alan Turing",
            ],
        );
        let assert = grille()
            .args(["check", "--format", "json"])
            .arg(&out)
            .assert()
            .code(1);
        let report: serde_json::Value =
            serde_json::from_slice(&assert.get_output().stdout).expect("one JSON report");
        assert_eq!(report["candidate"]["name"], "DUPONT Jeanne", "{template}");
        assert_eq!(report["candidate"]["number"], "0212345678", "{template}");
        assert_eq!(report["candidate"]["option"], "SISR", "{template}");
        assert_eq!(report["realisations"].as_array().map(Vec::len), Some(0));
        let expected_layout = if template.ends_with("activites") {
            "activity-columns"
        } else {
            "competence-columns"
        };
        assert_eq!(report["layout"], expected_layout, "{template}");
        let mut missing = Vec::new();
        for finding in report["findings"].as_array().unwrap() {
            match finding["kind"].as_str().unwrap() {
                "too-few-realisations" => {}
                "missing-competence" => {
                    missing.push(finding["competence"].as_str().unwrap().to_string())
                }
                "missing-field" => assert_eq!(finding["cell"], "A5", "{template}: {finding}"),
                other => panic!("{template}: unexpected {other}: {finding}"),
            }
        }
        assert_eq!(
            missing,
            ["B1.1", "B1.2", "B1.3", "B1.4", "B1.5", "B1.6"],
            "{template}"
        );
    }
}

#[test]
fn an_older_model_for_a_later_session_is_written_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let run = |session: &str, lang: &str| {
        let out = grille()
            .args([
                "--lang",
                lang,
                "blank",
                "--template",
                "bts-sio-e4",
                "--session",
                session,
            ])
            .arg("-o")
            .arg(dir.path().join(format!("e4-{session}-{lang}.xlsx")))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{session}");
        assert!(
            dir.path()
                .join(format!("e4-{session}-{lang}.xlsx"))
                .exists()
        );
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    assert_eq!(
        run("2026", "fr").trim_end(),
        "grille : attention : le modèle bts-sio-e4 n’est plus celui de la session 2026, le \
         modèle officiel est bts-sio-e5 (--template bts-sio-e5) ; les grilles sont écrites \
         quand même."
    );
    assert!(run("2026", "en").starts_with("grille: warning: the template bts-sio-e4"));
    assert_eq!(run("2025", "fr"), "", "E4 is the model of 2025");
}
