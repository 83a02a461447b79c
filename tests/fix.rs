//! `grille fix` through the real binary, on workbooks built here with rust_xlsxwriter in the
//! official layout and in the list and competence-rows layouts.

mod common;

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx};
use common::{grille, libreoffice_convert, soffice};
use rust_xlsxwriter::Workbook;

const COMPETENCES: [(&str, &str); 6] = [
    ("B1.1", "Gérer le patrimoine informatique"),
    (
        "B1.2",
        "Répondre aux incidents et aux demandes d'assistance et d'évolution",
    ),
    ("B1.3", "Développer la présence en ligne de l'organisation"),
    ("B1.4", "Travailler en mode projet"),
    (
        "B1.5",
        "Mettre à disposition des utilisateurs un service informatique",
    ),
    ("B1.6", "Organiser son développement professionnel"),
];

const SHEET: &str = "Tableau de synthèse Épreuve E5";

/// Finding kinds `grille fix` cannot settle: it never invents a competence, a name, a period.
const NOT_CORRECTABLE: [&str; 7] = [
    "missing-competence",
    "missing-activity",
    "missing-field",
    "invalid-period",
    "empty-title",
    "duplicate-realisation",
    "too-few-realisations",
];

/// One réalisation of a test grid: title, period, and the raw mark text per competence.
struct Row<'a> {
    title: &'a str,
    period: &'a str,
    marks: &'a [(&'a str, &'a str)],
}

/// The ministry's v2 layout (rows as in `rw-23.xlsx`), parts at rows 8/19/27.
fn official(path: &Path, option: &str, rows: &[Row<'_>], extra: &[(u32, u16, &str)]) {
    official_in(SHEET, path, option, rows, extra);
}

/// The same layout on a sheet of another name (« Tableau de synthèse Épreuve E4 »).
fn official_in(
    sheet: &str,
    path: &Path,
    option: &str,
    rows: &[Row<'_>],
    extra: &[(u32, u16, &str)],
) {
    official_filled(sheet, path, option, rows, extra, &[]);
}

/// The same layout with some cells filled with a solid colour (row, column, 0xRRGGBB).
fn official_filled(
    sheet: &str,
    path: &Path,
    option: &str,
    rows: &[Row<'_>],
    extra: &[(u32, u16, &str)],
    fills: &[(u32, u16, u32)],
) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(sheet).unwrap();
    ws.write_string(0, 0, "BTS SERVICES INFORMATIQUES AUX ORGANISATIONS")
        .unwrap();
    ws.write_string(0, 6, "SESSION 2026").unwrap();
    ws.write_string(
        1,
        0,
        "Tableau de synthèse des réalisations professionnelles ",
    )
    .unwrap();
    ws.write_string(2, 0, "NOM et prénom : DUPONT Jeanne")
        .unwrap();
    ws.write_string(2, 5, "N° candidat : 0212345678").unwrap();
    ws.write_string(3, 0, "Centre de formation : Lycée Exemple")
        .unwrap();
    ws.write_string(3, 5, "Option :").unwrap();
    ws.write_string(3, 6, if option == "SISR" { "☒ SISR" } else { option })
        .unwrap();
    ws.write_string(3, 7, "▢ SLAM").unwrap();
    ws.write_string(
        4,
        0,
        "Adresse URL du portfolio : https://portfolio.exemple.invalid/1",
    )
    .unwrap();
    ws.write_string(
        5,
        0,
        "Compétences mises en œuvre\n\n\nRéalisations professionnelles\n(intitulé et liste des documents et productions associés)",
    )
    .unwrap();
    ws.write_string(5, 1, "Période (sous la forme du JJ/MM/AA au JJ/MM/AA)")
        .unwrap();
    for (i, (_, title)) in COMPETENCES.iter().enumerate() {
        ws.write_string(5, 2 + i as u16, *title).unwrap();
    }
    let parts = [
        (7u32, "Réalisation en cours de formation", 10u32),
        (
            18,
            "Réalisations en milieu professionnel en cours de première année",
            7,
        ),
        (
            26,
            "Réalisations en milieu professionnel en cours de seconde année",
            7,
        ),
    ];
    for (row, title, _) in parts {
        ws.write_string(row, 0, title).unwrap();
    }
    let slots: Vec<u32> = parts
        .iter()
        .flat_map(|(row, _, n)| (row + 1..=row + n).collect::<Vec<_>>())
        .collect();
    for (r, slot) in rows.iter().zip(slots) {
        ws.write_string(slot, 0, r.title).unwrap();
        if !r.period.is_empty() {
            ws.write_string(slot, 1, r.period).unwrap();
        }
        for (code, raw) in r.marks {
            let i = COMPETENCES.iter().position(|(c, _)| c == code).unwrap();
            ws.write_string(slot, 2 + i as u16, *raw).unwrap();
        }
    }
    for (row, col, text) in extra {
        ws.write_string(*row, *col, *text).unwrap();
    }
    for (row, col, rgb) in fills {
        let fill = rust_xlsxwriter::Format::new().set_background_color(*rgb);
        ws.set_cell_format(*row, *col, &fill).unwrap();
    }
    wb.save(path).unwrap();
}

/// A complete grid, as candidates really fill it: marks x/✓, periods in other forms, the
/// option ticked with an X.
fn edited_official(path: &Path) {
    official(
        path,
        "x SISR",
        &[
            Row {
                title: "Mise en place d'un serveur GLPI",
                period: "04/09/2024 - 18/10/2024",
                marks: &[("B1.1", "x"), ("B1.2", "X"), ("B1.4", " ✓ ")],
            },
            Row {
                title: "Site vitrine de l'association",
                period: "du 06/01/25 au 14/02/25",
                marks: &[("B1.3", "X"), ("B1.5", "oui"), ("B1.6", "X")],
            },
            Row {
                title: "Veille sur les sauvegardes",
                period: "03/03/25 au 28/03/25",
                marks: &[("B1.6", "X"), ("B1.1", "X")],
            },
        ],
        &[
            (40, 10, "Note perso : penser au portfolio"),
            (41, 9, "=HYPERLINK(\"http://x\";\"y\")"),
        ],
    );
}

/// One row per réalisation and a free-text list of codes.
fn list_layout(path: &Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Synthèse").unwrap();
    ws.write_string(0, 0, "NOM et prénom : MARTIN Camille")
        .unwrap();
    ws.write_string(1, 0, "N° candidat : 0299999999").unwrap();
    ws.write_string(2, 0, "Option : ☒ SLAM").unwrap();
    ws.write_string(4, 0, "Réalisation").unwrap();
    ws.write_string(4, 1, "Période").unwrap();
    ws.write_string(4, 2, "Compétences").unwrap();
    let rows = [
        (
            "Application de gestion des stages",
            "04/09/24 au 18/10/24",
            "B1.1, B1.2, B1.4",
        ),
        (
            "Site de l'entreprise",
            "06/01/25 au 14/02/25",
            "B1.3, B1.5, B1.6",
        ),
    ];
    for (i, (t, p, c)) in rows.iter().enumerate() {
        let r = 5 + i as u32;
        ws.write_string(r, 0, *t).unwrap();
        ws.write_string(r, 1, *p).unwrap();
        ws.write_string(r, 2, *c).unwrap();
    }
    wb.save(path).unwrap();
}

/// Transposed: competences as rows, réalisations as columns.
fn competence_rows(path: &Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Synthèse").unwrap();
    ws.write_string(0, 0, "NOM et prénom : BERNARD Léa")
        .unwrap();
    ws.write_string(1, 0, "N° candidat : 0211111111").unwrap();
    ws.write_string(2, 0, "Option : ☒ SISR").unwrap();
    ws.write_string(4, 0, "Compétences").unwrap();
    ws.write_string(4, 1, "Serveur de fichiers").unwrap();
    ws.write_string(4, 2, "Portail intranet").unwrap();
    ws.write_string(5, 0, "Période").unwrap();
    ws.write_string(5, 1, "04/09/24 au 18/10/24").unwrap();
    ws.write_string(5, 2, "06/01/25 au 14/02/25").unwrap();
    for (i, (_, title)) in COMPETENCES.iter().enumerate() {
        let r = 6 + i as u32;
        ws.write_string(r, 0, *title).unwrap();
        ws.write_string(r, 1 + (i % 2) as u16, "X").unwrap();
    }
    wb.save(path).unwrap();
}

/// Every cell of every sheet, read back with calamine at absolute positions.
fn read_all(path: &Path) -> BTreeMap<String, BTreeMap<(u32, u32), Data>> {
    let mut wb: Xlsx<_> = calamine::open_workbook(path).unwrap();
    let mut out = BTreeMap::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).unwrap();
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let cells = range
            .cells()
            .filter(|(_, _, d)| !matches!(d, Data::Empty))
            .map(|(r, c, d)| ((r0 + r as u32, c0 + c as u32), d.clone()))
            .collect();
        out.insert(name, cells);
    }
    out
}

fn part(path: &Path, prefix: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(std::fs::read(path).unwrap())).unwrap();
    let mut all = String::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        if f.name().is_ok_and(|n| n.starts_with(prefix)) {
            f.read_to_string(&mut all).unwrap();
        }
    }
    all
}

fn findings(path: &Path) -> Vec<String> {
    let out = grille()
        .args(["check", "--format", "json"])
        .arg(path)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let json: serde_json::Value = serde_json::from_str(text.lines().next().unwrap_or("{}"))
        .unwrap_or_else(|e| panic!("check JSON of {}: {e}\n{text}", path.display()));
    json["findings"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| f["kind"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn fixed_path(input: &Path) -> PathBuf {
    let stem = input.file_stem().unwrap().to_string_lossy();
    input.with_file_name(format!("{stem}-corrige.xlsx"))
}

#[test]
fn fixes_an_edited_official_grid() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("dupont.xlsx");
    edited_official(&input);
    let before = std::fs::read(&input).unwrap();
    let assert = grille().arg("fix").arg(&input).assert();
    let out = assert.get_output();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("Grille corrigée écrite")
            && stdout.contains(
                "1 marque écrite « x » ou avec des espaces, normalisée en X, sans surlignage"
            ),
        "{stdout}"
    );
    assert_eq!(
        std::fs::read(&input).unwrap(),
        before,
        "the input is never modified"
    );

    let output = fixed_path(&input);
    let sheets = read_all(&output);
    let names: Vec<&str> = sheets.keys().map(String::as_str).collect();
    assert!(
        names.contains(&SHEET)
            && names.contains(&"Rapport")
            && names.contains(&"Contenu d'origine"),
        "{names:?}"
    );
    let grid = &sheets[SHEET];
    let texts: Vec<String> = grid.values().map(|d| d.to_string()).collect();
    assert!(
        texts.iter().any(|t| t == "04/09/24 au 18/10/24"),
        "{texts:?}"
    );
    assert!(
        texts.iter().any(|t| t == "06/01/25 au 14/02/25"),
        "{texts:?}"
    );
    assert!(
        !texts
            .iter()
            .any(|t| t.trim() == "x" || t.trim() == "✓" || t == "oui"),
        "{texts:?}"
    );
    assert_eq!(texts.iter().filter(|t| *t == "X").count(), 8, "{texts:?}");
    assert!(texts.iter().any(|t| t.contains("☒ SISR")), "{texts:?}");
    // Junk below the grid is kept at its original address.
    let origin = &sheets["Contenu d'origine"];
    assert_eq!(
        origin.get(&(40, 10)),
        Some(&Data::String("Note perso : penser au portfolio".into()))
    );
    assert_eq!(
        origin.get(&(41, 9)),
        Some(&Data::String("=HYPERLINK(\"http://x\";\"y\")".into()))
    );

    // Notes carry the original values; the highlighted cells use the fills.
    let comments = part(&output, "xl/comments");
    assert!(
        comments.contains("04/09/2024 - 18/10/2024") && comments.contains("x SISR"),
        "{comments}"
    );
    let styles = part(&output, "xl/styles.xml");
    assert!(styles.contains("FFC6EFCE"), "corrected fill in styles");

    let after = findings(&output);
    assert!(
        after.iter().all(|k| NOT_CORRECTABLE.contains(&k.as_str())),
        "{after:?}"
    );
}

#[test]
fn an_older_model_comes_out_as_the_current_one_with_a_note_at_the_session() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("e4.xlsx");
    let e4 = "Tableau de synthèse Épreuve E4";
    let marks: &[(&str, &str)] = &[("B1.1", "X"), ("B1.2", "X"), ("B1.3", "X")];
    let more: &[(&str, &str)] = &[("B1.4", "X"), ("B1.5", "X"), ("B1.6", "X")];
    official_in(
        e4,
        &input,
        "☒ SISR",
        &[
            Row {
                title: "Serveur de fichiers",
                period: "04/09/24 au 18/10/24",
                marks,
            },
            Row {
                title: "Portail intranet",
                period: "06/01/25 au 14/02/25",
                marks: more,
            },
        ],
        &[],
    );
    assert_eq!(
        findings(&input),
        ["outdated-model"],
        "the E4 sheet for 2026"
    );
    let out = grille().arg("fix").arg(&input).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.lines().any(|l| l.trim_start().starts_with("G1")
            && l.contains("ancien modèle")
            && l.contains(e4)),
        "{stdout}"
    );
    let output = fixed_path(&input);
    let sheets = read_all(&output);
    assert!(
        sheets.contains_key(SHEET) && !sheets.contains_key(e4),
        "{:?}",
        sheets.keys()
    );
    assert_eq!(sheets[SHEET][&(0, 6)].to_string(), "SESSION 2026");
    let comments = part(&output, "xl/comments");
    assert!(
        comments.contains(e4) && comments.contains(SHEET),
        "{comments}"
    );
    assert_eq!(findings(&output), Vec::<String>::new());
}

#[test]
fn what_cannot_be_corrected_is_highlighted_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("incomplet.xlsx");
    official(
        &input,
        "▢ SISR",
        &[
            Row {
                title: "Serveur GLPI",
                period: "En cours",
                marks: &[("B1.1", "X"), ("B1.2", "X")],
            },
            Row {
                title: "Site",
                period: "31/04/25 au 02/05/25",
                marks: &[("B1.4", "X")],
            },
        ],
        &[],
    );
    let out = grille().arg("fix").arg(&input).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("À vérifier") && stdout.contains("B1.3"),
        "{stdout}"
    );
    let output = fixed_path(&input);
    let grid = &read_all(&output)[SHEET];
    let texts: Vec<String> = grid.values().map(|d| d.to_string()).collect();
    assert!(
        texts.iter().any(|t| t == "En cours"),
        "kept as written: {texts:?}"
    );
    let comments = part(&output, "xl/comments");
    assert!(
        comments.contains("En cours") && comments.contains("B1.3"),
        "{comments}"
    );
    let after = findings(&output);
    assert!(after.iter().any(|k| k == "missing-competence"), "{after:?}");
    assert!(
        after.iter().all(|k| NOT_CORRECTABLE.contains(&k.as_str())),
        "{after:?}"
    );
}

#[test]
fn a_cell_coloured_instead_of_marked_stays_empty_highlighted_with_its_note() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("couleurs.xlsx");
    official_filled(
        SHEET,
        &input,
        "SISR",
        &[
            Row {
                title: "Serveur GLPI",
                period: "04/09/24 au 18/10/24",
                marks: &[
                    ("B1.1", "X"),
                    ("B1.2", "X"),
                    ("B1.4", "X"),
                    ("B1.5", "X"),
                    ("B1.6", "X"),
                ],
            },
            Row {
                title: "Site vitrine du club",
                period: "04/11/24 au 20/12/24",
                marks: &[("B1.2", "X")],
            },
        ],
        &[],
        // E10: B1.3 of « Site vitrine du club », green and empty.
        &[(9, 4, 0x92_D050)],
    );
    let before = findings(&input);
    assert!(
        before.iter().any(|k| k == "colour-mark")
            && before.iter().any(|k| k == "missing-competence"),
        "{before:?}"
    );
    let out = grille().arg("fix").arg(&input).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    let output = fixed_path(&input);
    // Nothing invented: B1.3 of that réalisation is still empty, and still not covered.
    let grid = &read_all(&output)[SHEET];
    assert_eq!(
        grid.get(&(9, 0)).map(|d| d.to_string()).as_deref(),
        Some("Site vitrine du club")
    );
    assert_eq!(grid.get(&(9, 4)), None, "{grid:?}");
    // Highlighted « to check » (orange), with a note saying why.
    let book = grille::workbook::open(&output).unwrap();
    let sheet = book.sheets.iter().find(|s| s.name == SHEET).unwrap();
    assert_eq!(
        sheet.fill(grille::model::CellPos::new(9, 4)),
        grille::workbook::Fill::rgb(0xFF_D599)
    );
    let comments = part(&output, "xl/comments");
    assert!(
        comments.contains("E10 était colorée mais vide")
            && comments.contains("une couleur ne compte pas comme marque"),
        "{comments}"
    );
    // grille's own highlight is no colour mark: only the missing competence remains.
    let after = findings(&output);
    assert!(!after.iter().any(|k| k == "colour-mark"), "{after:?}");
    assert!(after.iter().any(|k| k == "missing-competence"), "{after:?}");
}

#[test]
fn list_and_competence_rows_layouts_come_out_official() {
    for (name, build) in [
        ("liste", list_layout as fn(&Path)),
        ("transpose", competence_rows),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join(format!("{name}.xlsx"));
        build(&input);
        let out = grille().arg("corriger").arg(&input).output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.code() != Some(2),
            "{name}: {stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let output = fixed_path(&input);
        let sheets = read_all(&output);
        let grid = sheets
            .get(SHEET)
            .unwrap_or_else(|| panic!("{name}: {:?}", sheets.keys()));
        let texts: Vec<String> = grid.values().map(|d| d.to_string()).collect();
        assert_eq!(
            texts.iter().filter(|t| *t == "X").count(),
            6,
            "{name}: {texts:?}"
        );
        let after = findings(&output);
        assert!(
            after.iter().all(|k| NOT_CORRECTABLE.contains(&k.as_str())),
            "{name}: {after:?}"
        );
        assert_eq!(
            read_all(&output)["Rapport"]
                .values()
                .filter(|d| **d == Data::String("Couverture des compétences".into()))
                .count(),
            1
        );
    }
}

#[test]
fn fixing_a_fixed_file_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("dupont.xlsx");
    edited_official(&input);
    grille().arg("fix").arg(&input).assert().code(0);
    let first = fixed_path(&input);
    let out = grille().arg("fix").arg(&first).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Rien n’a été corrigé"));
    let second = fixed_path(&first);
    let (a, b) = (read_all(&first), read_all(&second));
    // The colour legend is only written under a grid that has highlighted cells.
    let content = |cells: &BTreeMap<(u32, u32), Data>| {
        let mut cells = cells.clone();
        cells.retain(|_, d| !d.to_string().starts_with("Cellules en vert"));
        cells
    };
    assert_eq!(content(&a[SHEET]), content(&b[SHEET]), "same grid content");
    assert_eq!(
        a["Contenu d'origine"], b["Contenu d'origine"],
        "the candidate's original is carried over"
    );
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "no sheet piles up"
    );
}

#[test]
fn identical_runs_give_identical_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("dupont.xlsx");
    edited_official(&input);
    let (one, two) = (dir.path().join("un.xlsx"), dir.path().join("deux.xlsx"));
    grille()
        .arg("fix")
        .arg(&input)
        .arg("-o")
        .arg(&one)
        .assert()
        .code(0);
    grille()
        .arg("fix")
        .arg(&input)
        .arg("-o")
        .arg(&two)
        .assert()
        .code(0);
    assert_eq!(std::fs::read(one).unwrap(), std::fs::read(two).unwrap());
}

#[test]
fn formula_like_text_comes_back_as_the_same_text() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("injection.xlsx");
    let hostile = [
        "=HYPERLINK(\"http://x\";\"y\")",
        "+33 6 12 34 56 78",
        "@SUM(A1)",
        "-1+2",
    ];
    let rows: Vec<Row<'_>> = hostile
        .iter()
        .map(|t| Row {
            title: t,
            period: "04/09/24 au 18/10/24",
            marks: &[("B1.1", "X")],
        })
        .collect();
    official(&input, "☒ SISR", &rows, &[(50, 2, "=1+1"), (51, 3, "@cmd")]);
    let out = grille().arg("fix").arg(&input).output().unwrap();
    assert_ne!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let output = fixed_path(&input);
    let sheets = read_all(&output);
    for text in hostile {
        assert!(
            sheets[SHEET]
                .values()
                .any(|d| *d == Data::String(text.into())),
            "{text} in the grid as text"
        );
    }
    assert_eq!(
        sheets["Contenu d'origine"].get(&(50, 2)),
        Some(&Data::String("=1+1".into()))
    );
    assert_eq!(
        sheets["Contenu d'origine"].get(&(51, 3)),
        Some(&Data::String("@cmd".into()))
    );
    let xml = part(&output, "xl/worksheets/");
    assert!(
        !xml.contains("<f>") && !xml.contains("<f "),
        "no formula element"
    );
}

#[test]
fn never_writes_over_the_input_and_leaves_nothing_half_written() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("dupont.xlsx");
    edited_official(&input);
    let before = std::fs::read(&input).unwrap();
    let listing = |d: &Path| {
        let mut v: Vec<String> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };

    // -o naming the input, even through another spelling, even with --force.
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    let other_spelling = sub.join("..").join("dupont.xlsx");
    let out = grille()
        .arg("fix")
        .arg(&input)
        .arg("-o")
        .arg(&other_spelling)
        .arg("--force")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("entrée"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(std::fs::read(&input).unwrap(), before);

    // An existing output is kept unless --force.
    let target = dir.path().join("sortie.xlsx");
    std::fs::write(&target, b"ancien").unwrap();
    let out = grille()
        .arg("fix")
        .arg(&input)
        .arg("-o")
        .arg(&target)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    assert_eq!(std::fs::read(&target).unwrap(), b"ancien");
    grille()
        .arg("fix")
        .arg(&input)
        .arg("-o")
        .arg(&target)
        .arg("--force")
        .assert()
        .code(0);
    assert_ne!(std::fs::read(&target).unwrap(), b"ancien");

    // A folder that cannot be written: failure half-way, nothing left behind.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let locked = dir.path().join("verrouille");
        std::fs::create_dir(&locked).unwrap();
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
        let probe = locked.join("probe");
        let root = std::fs::write(&probe, b"").is_ok(); // root ignores permissions
        if !root {
            let out = grille()
                .arg("fix")
                .arg(&input)
                .arg("-o")
                .arg(locked.join("x.xlsx"))
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(2));
            assert!(listing(&locked).is_empty(), "{:?}", listing(&locked));
        }
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    assert_eq!(std::fs::read(&input).unwrap(), before);
    assert!(
        !listing(dir.path()).iter().any(|n| n.ends_with(".tmp")),
        "{:?}",
        listing(dir.path())
    );

    // Unreadable input: exit 2, nothing written.
    let bad = dir.path().join("pas-un-classeur.xlsx");
    std::fs::write(&bad, b"not a workbook").unwrap();
    grille().arg("fix").arg(&bad).assert().code(2);
    assert!(!fixed_path(&bad).exists());
}

#[test]
fn the_fixed_file_opens_in_libreoffice() {
    let Some(soffice) = soffice() else { return };
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("dupont.xlsx");
    edited_official(&input);
    grille().arg("fix").arg(&input).assert().code(0);
    let output = fixed_path(&input);
    let pdf = libreoffice_convert(&soffice, &output, "pdf", &dir.path().join("pdf"));
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
    // CSV of every sheet (the shared helper expects one sheet: LibreOffice names the CSV of a
    // multi-sheet workbook `<stem>-<Sheet>.csv`).
    let csv_dir = dir.path().join("csv");
    let profile = dir.path().join("lo-profile");
    let status = std::process::Command::new(&soffice)
        .args([
            "--headless",
            "--norestore",
            "--nologo",
            "--nolockcheck",
            "--nodefault",
        ])
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
            "--outdir",
        ])
        .arg(&csv_dir)
        .arg(&output)
        .output()
        .unwrap();
    let mut csvs: BTreeMap<String, String> = BTreeMap::new();
    for entry in std::fs::read_dir(&csv_dir).unwrap_or_else(|e| panic!("{e}: {status:?}")) {
        let path = entry.unwrap().path();
        csvs.insert(
            path.file_name().unwrap().to_string_lossy().into_owned(),
            std::fs::read_to_string(&path).unwrap(),
        );
    }
    let grid = csvs
        .iter()
        .find(|(name, _)| name.contains("Tableau de synthèse"))
        .map(|(_, text)| text.clone())
        .unwrap_or_else(|| panic!("{:?}", csvs.keys()));
    assert!(
        grid.contains("Mise en place d'un serveur GLPI") && grid.contains("04/09/24 au 18/10/24"),
        "{grid}"
    );
    let origin = csvs
        .iter()
        .find(|(name, _)| name.contains("Contenu d'origine"))
        .map(|(_, text)| text.clone())
        .unwrap_or_else(|| panic!("{:?}", csvs.keys()));
    assert!(
        origin.contains("=HYPERLINK(\"\"http://x\"\";\"\"y\"\")"),
        "{origin}"
    );
    assert!(
        csvs.keys().any(|n| n.contains("Rapport")),
        "{:?}",
        csvs.keys()
    );
}

mod property {
    use super::*;
    use proptest::prelude::*;

    fn cell_text() -> impl Strategy<Value = String> {
        prop_oneof![
            "[=+@-][A-Z(\"0-9;., ]{1,20}",
            "[a-zA-Zéèàçœ’«» 0-9]{1,30}",
            "\\PC{1,12}",
        ]
        .prop_filter("visible text", |s| !s.trim().is_empty())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

        /// Whatever the candidate adds, every non-empty cell of their sheet is in the output.
        #[test]
        fn every_input_cell_is_kept(extra in proptest::collection::vec((8u32..60, 0u16..14, cell_text()), 1..25)) {
            let dir = tempfile::tempdir().unwrap();
            let input = dir.path().join("aleatoire.xlsx");
            let extra: Vec<(u32, u16, &str)> = extra.iter().map(|(r, c, t)| (*r, *c, t.as_str())).collect();
            official(
                &input,
                "☒ SLAM",
                &[Row { title: "Serveur", period: "04/09/24 au 18/10/24", marks: &[("B1.1", "x")] }],
                &extra,
            );
            let out = grille().arg("fix").arg(&input).output().unwrap();
            prop_assert_ne!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
            let original = read_all(&input);
            let fixed = read_all(&fixed_path(&input));
            let origin = &fixed["Contenu d'origine"];
            for ((r, c), value) in &original[SHEET] {
                if value.to_string().trim().is_empty() { continue; }
                prop_assert_eq!(origin.get(&(*r, *c)), Some(value), "cell ({}, {})", r, c);
            }
        }
    }
}

/// The real grids of `../shared/realworld/` (skipped when absent): every fixed file is checked
/// on its corrected grid and shows only what grille cannot invent, and fixing it again
/// corrects nothing.
#[test]
fn real_grids_fix_to_what_cannot_be_invented() {
    let Some(dir) = common::realworld() else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !matches!(ext, "xlsx" | "ods") {
            continue;
        }
        seen += 1;
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let first = out.path().join(format!("{name}.xlsx"));
        let run = grille()
            .arg("fix")
            .arg(&path)
            .arg("-o")
            .arg(&first)
            .output()
            .unwrap();
        assert_ne!(
            run.status.code(),
            Some(2),
            "{name}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        let json = grille()
            .args(["check", "--format", "json"])
            .arg(&first)
            .output()
            .unwrap();
        let report: serde_json::Value =
            serde_json::from_slice(json.stdout.split(|b| *b == b'\n').next().unwrap()).unwrap();
        assert_eq!(
            report["sheet"], SHEET,
            "{name}: the corrected grid is the one checked"
        );
        for f in report["findings"].as_array().unwrap() {
            let kind = f["kind"].as_str().unwrap();
            assert!(
                NOT_CORRECTABLE.contains(&kind),
                "{name}: {kind} {}",
                f["message"]
            );
        }
        let second = out.path().join(format!("{name}-2.xlsx"));
        let again = grille()
            .arg("fix")
            .arg(&first)
            .arg("-o")
            .arg(&second)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&again.stdout);
        assert!(stdout.contains("Rien n’a été corrigé"), "{name}: {stdout}");
        assert_eq!(
            again.status.code(),
            run.status.code(),
            "{name}: same exit status"
        );
    }
    assert!(seen > 20, "{seen} real grids");
}

#[test]
fn speaks_english_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("dupont.xlsx");
    edited_official(&input);
    let out = grille()
        .args(["--lang", "en", "fix"])
        .arg(&input)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("Corrected grid written") && stdout.contains("normalized to X"),
        "{stdout}"
    );
    let sheets = read_all(&fixed_path(&input));
    assert!(
        sheets.contains_key("Report") && sheets.contains_key("Original content"),
        "{:?}",
        sheets.keys()
    );
    assert!(part(&fixed_path(&input), "xl/comments").contains("Corrected by grille"));
}
