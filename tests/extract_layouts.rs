//! Extraction on sheets built in memory: the four layouts, and the noise real grids carry
//! (offset start, logo rows, blank column, v1 model, renamed or deleted parts, junk far below,
//! several sheets).

use grille::grid::{Grid, Layout, MarkValue, Period, Target, extract, extract_sheet};
use grille::model::{CellPos, CellRange, Date, IdentityKind, Referential};
use grille::referential::embedded;
use grille::workbook::{Format, Sheet, Value, Workbook};

fn sio() -> Referential {
    embedded::get("bts-sio-b1").expect("embedded referential")
}

fn at(a1: &str) -> CellPos {
    CellPos::parse(a1).expect("A1 notation")
}

fn put(sheet: &mut Sheet, a1: &str, text: &str) {
    sheet.set(at(a1), Value::Text(text.into()));
}

const TITLES: [&str; 6] = [
    "Gérer le patrimoine informatique",
    "Répondre aux incidents et aux demandes d’assistance et d’évolution",
    "Développer la présence en ligne de l’organisation",
    "Travailler en mode projet",
    "Mettre à disposition des utilisateurs un service informatique",
    "Organiser son développement professionnel",
];

/// Column letters shifted by `dc` columns (« A » + 1 → « B »).
fn col(letter: char, dc: u32) -> String {
    grille::model::column_name(letter as u32 - 'A' as u32 + dc)
}

/// The official v2 model, shifted by `dr` rows and `dc` columns; `v1` drops the URL row.
fn official(dr: u32, dc: u32, v1: bool) -> Sheet {
    let mut s = Sheet::new("Tableau de synthèse Épreuve E5");
    let r = |n: u32| n + dr;
    let c = |l: char| col(l, dc);
    let mut row = 1;
    put(
        &mut s,
        &format!("{}{}", c('A'), r(row)),
        "BTS SERVICES INFORMATIQUES AUX ORGANISATIONS",
    );
    put(&mut s, &format!("{}{}", c('G'), r(row)), "SESSION 2026");
    row += 1;
    put(
        &mut s,
        &format!("{}{}", c('A'), r(row)),
        "Tableau de synthèse des réalisations professionnelles ",
    );
    row += 1;
    put(
        &mut s,
        &format!("{}{}", c('A'), r(row)),
        "NOM et prénom : DUPONT Jeanne",
    );
    put(
        &mut s,
        &format!("{}{}", c('F'), r(row)),
        "N° candidat : 0212345678",
    );
    row += 1;
    put(
        &mut s,
        &format!("{}{}", c('A'), r(row)),
        "Centre de formation : Lycée Turgot",
    );
    put(&mut s, &format!("{}{}", c('F'), r(row)), "Option :");
    put(&mut s, &format!("{}{}", c('G'), r(row)), "☒ SISR");
    put(&mut s, &format!("{}{}", c('H'), r(row)), "▢ SLAM");
    if !v1 {
        row += 1;
        put(
            &mut s,
            &format!("{}{}", c('A'), r(row)),
            "Adresse URL du portfolio : https://p.invalid/1",
        );
    }
    row += 1;
    let header = r(row);
    put(
        &mut s,
        &format!("{}{}", c('A'), header),
        "Compétences mises en œuvre\n\n\n\nRéalisations professionnelles\n(intitulé et liste des documents et productions associés)",
    );
    s.merges.push(CellRange::new(
        at(&format!("{}{}", c('A'), header)),
        at(&format!("{}{}", c('A'), header + 1)),
    ));
    put(
        &mut s,
        &format!("{}{}", c('B'), header),
        "Période (sous la forme du JJ/MM/AA au JJ/MM/AA)",
    );
    for (i, title) in TITLES.iter().enumerate() {
        let letter = (b'C' + i as u8) as char;
        put(&mut s, &format!("{}{}", c(letter), header), title);
    }
    put(
        &mut s,
        &format!("{}{}", c('C'), header + 1),
        "▸Recenser et identifier les ressources numériques \n▸Gérer des sauvegardes",
    );
    put(
        &mut s,
        &format!("{}{}", c('D'), header + 1),
        "▸Collecter, suivre et orienter des demandes \n▸Traiter des demandes concernant les applications",
    );
    let body = header + 2;
    put(
        &mut s,
        &format!("{}{}", c('A'), body),
        "Réalisation en cours de formation\n\n",
    );
    put(&mut s, &format!("{}{}", c('A'), body + 1), "Serveur GLPI");
    put(
        &mut s,
        &format!("{}{}", c('B'), body + 1),
        "04/09/24 au 18/10/24",
    );
    put(&mut s, &format!("{}{}", c('C'), body + 1), "X");
    put(&mut s, &format!("{}{}", c('D'), body + 1), " x ");
    put(&mut s, &format!("{}{}", c('E'), body + 1), "   ");
    put(
        &mut s,
        &format!("{}{}", c('A'), body + 2),
        "Réalisation de tests de sécurité",
    );
    put(&mut s, &format!("{}{}", c('B'), body + 2), "En cours");
    put(&mut s, &format!("{}{}", c('H'), body + 2), "B1.6.4");
    put(&mut s, &format!("{}{}", c('F'), body + 2), "peut-être");
    // Part titles renamed; a blank row between.
    put(
        &mut s,
        &format!("{}{}", c('A'), body + 4),
        "Réalisations en entreprise",
    );
    put(
        &mut s,
        &format!("{}{}", c('B'), body + 5),
        "01/02/2025 - 28/02/2025",
    );
    put(&mut s, &format!("{}{}", c('G'), body + 5), "✓");
    put(
        &mut s,
        &format!("{}{}", c('A'), body + 6),
        "Réalisations en milieu professionnel en cours de seconde année (code couleur bleu)",
    );
    put(
        &mut s,
        &format!("{}{}", c('A'), body + 7),
        "Supervision Zabbix",
    );
    s.set(
        at(&format!("{}{}", c('B'), body + 7)),
        Value::Date(Date::new(2025, 10, 1).expect("date")),
    );
    put(&mut s, &format!("{}{}", c('E'), body + 7), "oui");
    // Junk far below.
    put(&mut s, &format!("{}{}", c('A'), body + 200), "brouillon");
    s
}

fn cell_of(grid: &Grid, kind: IdentityKind) -> String {
    grid.identity
        .iter()
        .find(|f| f.kind == kind)
        .map(|f| f.cell.to_string())
        .unwrap_or_default()
}

fn value_of(grid: &Grid, kind: IdentityKind) -> Option<String> {
    grid.identity
        .iter()
        .find(|f| f.kind == kind)
        .and_then(|f| f.value.clone())
}

/// Checks the official grid shifted by (dr, dc), v1 or v2.
fn check_official(dr: u32, dc: u32, v1: bool) {
    let r = sio();
    let sheet = official(dr, dc, v1);
    let grid = extract_sheet(&sheet, &r).expect("grid found");
    let c = |l: char| col(l, dc);
    let header = if v1 { 5 } else { 6 } + dr;
    let body = header + 2;
    let label = format!("dr={dr} dc={dc} v1={v1}");
    assert_eq!(grid.layout, Layout::CompetenceColumns, "{label}");
    let headings: Vec<(String, Target)> = grid
        .headings
        .iter()
        .map(|h| (h.cell.to_string(), h.target.clone()))
        .collect();
    assert_eq!(headings.len(), 6, "{label}: {headings:?}");
    assert_eq!(
        headings[0],
        (
            format!("{}{}", c('C'), header),
            Target::Competence("B1.1".into())
        )
    );
    assert_eq!(
        headings[5],
        (
            format!("{}{}", c('H'), header),
            Target::Competence("B1.6".into())
        )
    );

    assert_eq!(
        value_of(&grid, IdentityKind::Name).as_deref(),
        Some("DUPONT Jeanne"),
        "{label}"
    );
    assert_eq!(
        value_of(&grid, IdentityKind::Number).as_deref(),
        Some("0212345678")
    );
    assert_eq!(
        value_of(&grid, IdentityKind::Option).as_deref(),
        Some("SISR")
    );
    assert_eq!(
        cell_of(&grid, IdentityKind::Option),
        format!("{}{}", c('G'), 4 + dr)
    );
    assert_eq!(
        value_of(&grid, IdentityKind::Session).as_deref(),
        Some("2026")
    );
    assert_eq!(
        value_of(&grid, IdentityKind::PortfolioUrl).is_some(),
        !v1,
        "{label}: the v1 model has no URL row"
    );

    let rows: Vec<String> = grid
        .realisations
        .iter()
        .map(|r| r.cell.to_string())
        .collect();
    assert_eq!(
        rows,
        vec![
            format!("{}{}", c('A'), body + 1),
            format!("{}{}", c('A'), body + 2),
            format!("{}{}", c('A'), body + 5),
            format!("{}{}", c('A'), body + 7),
        ],
        "{label}"
    );
    let first = &grid.realisations[0];
    assert_eq!(first.title.as_deref(), Some("Serveur GLPI"));
    assert_eq!(first.section, Some(0));
    let period = first.period.as_ref().expect("period");
    assert_eq!(period.cell.to_string(), format!("{}{}", c('B'), body + 1));
    assert!(matches!(period.parsed, Period::Valid { .. }));
    let marks: Vec<(String, Target, MarkValue)> = first
        .marks
        .iter()
        .map(|m| (m.cell.to_string(), m.placed.clone(), m.value.clone()))
        .collect();
    assert_eq!(
        marks,
        vec![
            (
                format!("{}{}", c('C'), body + 1),
                Target::Competence("B1.1".into()),
                MarkValue::Yes
            ),
            (
                format!("{}{}", c('D'), body + 1),
                Target::Competence("B1.2".into()),
                MarkValue::Yes
            ),
        ],
        "{label}: the whitespace-only cell is no mark"
    );
    // « Réalisation de tests… » is a réalisation, with an activity code and an invalid mark.
    let second = &grid.realisations[1];
    assert_eq!(
        second.title.as_deref(),
        Some("Réalisation de tests de sécurité")
    );
    assert!(matches!(
        second.period.as_ref().map(|p| &p.parsed),
        Some(Period::Invalid { .. })
    ));
    let values: Vec<&MarkValue> = second.marks.iter().map(|m| &m.value).collect();
    assert_eq!(
        values,
        vec![&MarkValue::Invalid, &MarkValue::Activity("B1.6.4".into())]
    );
    // A row with marks and no title: title None, in the renamed part.
    let third = &grid.realisations[2];
    assert_eq!(third.title, None);
    assert_eq!(third.section, Some(1));
    assert_eq!(third.marks[0].placed, Target::Competence("B1.5".into()));
    let fourth = &grid.realisations[3];
    assert_eq!(fourth.section, Some(2));
    assert_eq!(
        fourth.period.as_ref().map(|p| p.raw.as_str()),
        Some("01/10/2025")
    );
    // Understood cells; the junk far below is not.
    for a1 in [
        format!("{}{}", c('A'), header),
        format!("{}{}", c('B'), header),
        format!("{}{}", c('D'), header + 1),
        format!("{}{}", c('A'), body),
        format!("{}{}", c('A'), body + 4),
        format!("{}{}", c('F'), body + 2),
        format!("{}{}", c('A'), 1 + dr),
    ] {
        assert!(grid.consumed.contains(&at(&a1)), "{label}: {a1}");
    }
    assert!(
        !grid
            .consumed
            .contains(&at(&format!("{}{}", c('A'), body + 200)))
    );
    assert!(
        !grid
            .consumed
            .contains(&at(&format!("{}{}", c('E'), body + 1)))
    );
}

#[test]
fn official_model_anywhere_on_the_sheet() {
    check_official(0, 0, false);
    check_official(0, 0, true);
    // Logo rows above, a blank column on the left.
    check_official(4, 1, false);
    check_official(3, 2, true);
}

#[test]
fn headings_broken_with_typos_prefixes_and_unknown_columns() {
    let r = sio();
    let mut s = Sheet::new("Feuil1");
    put(&mut s, "A1", "Réalisation");
    put(&mut s, "B1", "Dates");
    put(&mut s, "C1", "B1.1 - Gérer le patrimoine\ninformatique");
    put(
        &mut s,
        "D1",
        "B1.2 : RÉPONDRE AUX INCIDENTS ET AUX DEMANDES D'ASSISTANCE ET D'ÉVOLUTION.",
    );
    put(&mut s, "E1", "B1.3");
    put(&mut s, "F1", "Travailer en mode  projet");
    put(
        &mut s,
        "G1",
        "\u{200b}Mettre à disposition des utilisateurs un service informatique ",
    );
    put(&mut s, "H1", "Organiser son développement professionnel");
    put(&mut s, "I1", "Cybersécurité");
    put(&mut s, "A2", "Site vitrine");
    put(&mut s, "B2", "du 01/09/2024 au 30/09/2024");
    put(&mut s, "F2", "X");
    put(&mut s, "I2", "X");
    let grid = extract_sheet(&s, &r).expect("grid");
    assert_eq!(grid.layout, Layout::CompetenceColumns);
    let targets: Vec<Target> = grid.headings.iter().map(|h| h.target.clone()).collect();
    let expected: Vec<Target> = (1..=6)
        .map(|i| Target::Competence(format!("B1.{i}")))
        .chain([Target::Unknown])
        .collect();
    assert_eq!(targets, expected);
    let unknown = &grid.headings[6];
    assert_eq!(unknown.cell.to_string(), "I1");
    assert!(unknown.suggestion.is_some());
    let marks = &grid.realisations[0].marks;
    assert_eq!(marks[0].placed, Target::Competence("B1.4".into()));
    assert_eq!(marks[1].placed, Target::Unknown);
    assert_eq!(
        grid.realisations[0]
            .period
            .as_ref()
            .map(|p| p.cell.to_string())
            .as_deref(),
        Some("B2")
    );
}

#[test]
fn outdated_referential_headings() {
    let r = sio();
    let mut s = Sheet::new("Synthèse");
    put(&mut s, "A3", "Réalisations");
    put(&mut s, "B3", "A1.1.1");
    put(&mut s, "C3", "A1.2.2");
    put(&mut s, "D3", "Gestion du patrimoine informatique");
    put(&mut s, "A4", "Projet AP1");
    put(&mut s, "B4", "X");
    let grid = extract_sheet(&s, &r).expect("grid");
    let targets: Vec<Target> = grid.headings.iter().map(|h| h.target.clone()).collect();
    assert_eq!(
        targets,
        vec![
            Target::Outdated("A1.1.1".into()),
            Target::Outdated("A1.2.2".into()),
            Target::Outdated("Gestion du patrimoine informatique".into()),
        ]
    );
    assert_eq!(
        grid.realisations[0].marks[0].placed,
        Target::Outdated("A1.1.1".into())
    );
}

fn activity_sheet() -> Sheet {
    let mut s = Sheet::new("Grille détaillée");
    put(&mut s, "A2", "NOM et prénom : MARTIN Camille");
    put(&mut s, "C4", "Gérer le patrimoine informatique");
    s.merges.push(CellRange::new(at("C4"), at("D4")));
    put(
        &mut s,
        "E4",
        "Répondre aux incidents et aux demandes d’assistance et d’évolution",
    );
    s.merges.push(CellRange::new(at("E4"), at("F4")));
    put(&mut s, "A5", "Réalisation");
    put(&mut s, "B5", "Période");
    put(
        &mut s,
        "C5",
        "B1.1.1 Recenser et identifier les ressources numériques",
    );
    put(&mut s, "D5", "Gérer des sauvegardes");
    put(&mut s, "E5", "Collecter, suivre et orienter des demandes");
    // Misplaced: a B1.1 activity under the B1.2 heading.
    put(
        &mut s,
        "F5",
        "Vérifier le respect des règles d’utilisation des ressources numériques",
    );
    put(&mut s, "A6", "Sauvegardes Veeam");
    put(&mut s, "B6", "01/10/24 au 15/10/24");
    put(&mut s, "D6", "X");
    put(&mut s, "F6", "x");
    s
}

#[test]
fn activity_columns_under_merged_competences() {
    let r = sio();
    let s = activity_sheet();
    let grid = extract_sheet(&s, &r).expect("grid");
    assert_eq!(grid.layout, Layout::ActivityColumns);
    let d5 = grid
        .headings
        .iter()
        .find(|h| h.cell == at("D5"))
        .expect("D5");
    assert_eq!(d5.target, Target::Activity("B1.1.5".into()));
    assert_eq!(d5.under.as_deref(), Some("B1.1"));
    let f5 = grid
        .headings
        .iter()
        .find(|h| h.cell == at("F5"))
        .expect("F5");
    assert_eq!(f5.under.as_deref(), Some("B1.2"));
    let marks = &grid.realisations[0].marks;
    assert_eq!(marks[0].cell.to_string(), "D6");
    assert_eq!(marks[0].placed, Target::Activity("B1.1.5".into()));
    assert_eq!(marks[0].value, MarkValue::Yes);
    assert_eq!(marks[1].placed, Target::Competence("B1.2".into()));
    assert_eq!(marks[1].value, MarkValue::Activity("B1.1.6".into()));
    assert_eq!(grid.realisations[0].cell.to_string(), "A6");
}

fn transposed_sheet() -> Sheet {
    let mut s = Sheet::new("Synthèse");
    put(
        &mut s,
        "A1",
        "Tableau de synthèse des réalisations professionnelles",
    );
    put(&mut s, "A3", "Réalisations");
    put(&mut s, "C3", "Serveur GLPI");
    put(&mut s, "D3", "Site WordPress");
    put(&mut s, "E3", "Veille");
    put(&mut s, "A4", "Période");
    put(&mut s, "C4", "04/09/24 au 18/10/24");
    put(&mut s, "D4", "2024-2025");
    put(&mut s, "E4", "depuis le 02/02/2024");
    for (i, title) in TITLES.iter().enumerate() {
        put(&mut s, &format!("A{}", 5 + i * 2), title);
    }
    // An activity row under the wrong competence (B1.3 activity under B1.1).
    put(
        &mut s,
        "B6",
        "Référencer les services en ligne de l’organisation et mesurer leur visibilité",
    );
    put(&mut s, "B7", "Collecter, suivre et orienter des demandes");
    put(&mut s, "C5", "X");
    put(&mut s, "D6", "X");
    put(&mut s, "E15", "x");
    put(&mut s, "C7", "X");
    s
}

#[test]
fn competence_rows_transposed() {
    let r = sio();
    let s = transposed_sheet();
    let grid = extract_sheet(&s, &r).expect("grid");
    assert_eq!(grid.layout, Layout::CompetenceRows);
    let cells: Vec<String> = grid
        .realisations
        .iter()
        .map(|r| r.cell.to_string())
        .collect();
    assert_eq!(cells, vec!["C3", "D3", "E3"]);
    assert_eq!(grid.realisations[0].title.as_deref(), Some("Serveur GLPI"));
    assert_eq!(
        grid.realisations[1]
            .period
            .as_ref()
            .map(|p| p.cell.to_string())
            .as_deref(),
        Some("D4")
    );
    let first: Vec<(String, Target, MarkValue)> = grid.realisations[0]
        .marks
        .iter()
        .map(|m| (m.cell.to_string(), m.placed.clone(), m.value.clone()))
        .collect();
    assert_eq!(
        first,
        vec![
            (
                "C5".into(),
                Target::Competence("B1.1".into()),
                MarkValue::Yes
            ),
            (
                "C7".into(),
                Target::Activity("B1.2.1".into()),
                MarkValue::Yes
            ),
        ]
    );
    // Misassigned: placed at B1.1 (the competence row above), meaning activity B1.3.2.
    let misplaced = &grid.realisations[1].marks[0];
    assert_eq!(misplaced.cell.to_string(), "D6");
    assert_eq!(misplaced.placed, Target::Competence("B1.1".into()));
    assert_eq!(misplaced.value, MarkValue::Activity("B1.3.2".into()));
    assert_eq!(
        grid.realisations[2].marks[0].placed,
        Target::Competence("B1.6".into())
    );
    let b6 = grid
        .headings
        .iter()
        .find(|h| h.cell == at("B6"))
        .expect("B6");
    assert_eq!(b6.under.as_deref(), Some("B1.1"));
}

fn list_sheet() -> Sheet {
    let mut s = Sheet::new("Mes réalisations");
    put(&mut s, "A1", "NOM et prénom : DUPONT Jeanne");
    put(&mut s, "B1", "Option : SLAM");
    put(&mut s, "A3", "Intitulé");
    put(&mut s, "B3", "Période");
    put(&mut s, "C3", "Compétences mobilisées");
    put(&mut s, "A4", "Serveur GLPI");
    put(&mut s, "B4", "04/09/24 au 18/10/24");
    put(&mut s, "C4", "B1.1, B1.4");
    put(&mut s, "A5", "Sauvegardes");
    put(&mut s, "B5", "2024");
    put(&mut s, "C5", "B1.2 : Gérer des sauvegardes");
    put(&mut s, "A6", "Veille");
    put(
        &mut s,
        "C6",
        "Mettre en œuvre des outils et stratégies de veille informationnelle ; B1.6.4",
    );
    s
}

#[test]
fn list_layout_with_free_text() {
    let r = sio();
    let s = list_sheet();
    let grid = extract_sheet(&s, &r).expect("grid");
    assert_eq!(grid.layout, Layout::List);
    assert_eq!(
        value_of(&grid, IdentityKind::Option).as_deref(),
        Some("SLAM")
    );
    let cells: Vec<String> = grid
        .realisations
        .iter()
        .map(|r| r.cell.to_string())
        .collect();
    assert_eq!(cells, vec!["A4", "A5", "A6"]);
    let first: Vec<(String, MarkValue)> = grid.realisations[0]
        .marks
        .iter()
        .map(|m| (m.cell.to_string(), m.value.clone()))
        .collect();
    assert_eq!(
        first,
        vec![
            ("C4".into(), MarkValue::Competence("B1.1".into())),
            ("C4".into(), MarkValue::Competence("B1.4".into()))
        ]
    );
    let misassigned = &grid.realisations[1].marks[0];
    assert_eq!(misassigned.placed, Target::Competence("B1.2".into()));
    assert_eq!(misassigned.value, MarkValue::Activity("B1.1.5".into()));
    let veille: Vec<(&Target, &MarkValue)> = grid.realisations[2]
        .marks
        .iter()
        .map(|m| (&m.placed, &m.value))
        .collect();
    assert_eq!(
        veille,
        vec![
            (
                &Target::Competence("B1.6".into()),
                &MarkValue::Activity("B1.6.2".into())
            ),
            (
                &Target::Competence("B1.6".into()),
                &MarkValue::Activity("B1.6.4".into())
            ),
        ]
    );
    assert!(grid.consumed.contains(&at("C3")));
    assert_eq!(
        grid.realisations[0]
            .period
            .as_ref()
            .map(|p| p.cell.to_string())
            .as_deref(),
        Some("B4")
    );
}

#[test]
fn workbook_picks_the_grid_sheet() {
    let r = sio();
    let mut instructions = Sheet::new("Consignes");
    put(
        &mut instructions,
        "A1",
        "Remplir une ligne par réalisation. Cocher les compétences :",
    );
    put(&mut instructions, "A2", "Gérer le patrimoine informatique");
    put(&mut instructions, "B2", "Travailler en mode projet");
    let mut hidden = official(0, 0, false);
    hidden.name = "Ancienne".into();
    hidden.hidden = true;
    let grid_sheet = official(2, 0, false);
    let workbook = Workbook {
        source: "dupont.xlsx".into(),
        format: Format::Xlsx,
        sheets: vec![instructions, hidden, grid_sheet],
    };
    let grid = extract(&workbook, &r).expect("grid");
    assert_eq!(grid.sheet, "Tableau de synthèse Épreuve E5");
    assert_eq!(grid.realisations[0].cell.to_string(), "A11");
    let empty = Workbook {
        source: "vide.xlsx".into(),
        format: Format::Xlsx,
        sheets: vec![Sheet::new("Feuil1")],
    };
    assert!(extract(&empty, &r).is_none());
}

#[test]
fn large_sparse_sheet_stays_fast_and_bounded() {
    let r = sio();
    let mut s = official(0, 0, false);
    // A used range to AB1007 and thousands of junk rows far below.
    for row in 200..5000 {
        put(&mut s, &format!("AB{row}"), "0");
    }
    let grid = extract_sheet(&s, &r).expect("grid");
    assert_eq!(grid.realisations.len(), 4);
}

/// The sheet moved by (`dr`, `dc`): every cell and merge.
fn shifted(sheet: &Sheet, dr: u32, dc: u32) -> Sheet {
    let at = |p: CellPos| CellPos::new(p.row + dr, p.col + dc);
    let mut out = Sheet::new(sheet.name.clone());
    for (p, v) in &sheet.cells {
        out.set(at(*p), v.clone());
    }
    out.merges = sheet
        .merges
        .iter()
        .map(|m| CellRange::new(at(m.first), at(m.last)))
        .collect();
    out
}

/// A grid's positions moved back by (`dr`, `dc`).
fn unshifted(grid: &Grid, dr: u32, dc: u32) -> Grid {
    let back = |p: CellPos| CellPos::new(p.row - dr, p.col - dc);
    let mut g = grid.clone();
    for f in &mut g.identity {
        f.cell = back(f.cell);
    }
    for h in &mut g.headings {
        h.cell = back(h.cell);
    }
    for r in &mut g.realisations {
        r.cell = back(r.cell);
        if let Some(p) = &mut r.period {
            p.cell = back(p.cell);
        }
        for m in &mut r.marks {
            m.cell = back(m.cell);
        }
    }
    g.consumed = g.consumed.iter().map(|p| back(*p)).collect();
    // Mark columns move with the columns; mark rows (transposed) with the rows.
    let by = if g.layout == grille::grid::Layout::CompetenceRows {
        dr
    } else {
        dc
    };
    for line in &mut g.mark_lines {
        line.index -= by;
    }
    g.fills = g.fills.iter().map(|(p, f)| (back(*p), *f)).collect();
    g
}

/// Positions come from the file: a hostile one puts the grid in the last rows and columns a
/// position can hold. Every layout reads the same there as at A1 — no overflow, nothing
/// wrapped back to row 1.
#[test]
fn every_layout_reads_the_same_at_the_far_edge_of_positions() {
    let r = sio();
    for sheet in [
        official(0, 0, false),
        official(0, 0, true),
        activity_sheet(),
        transposed_sheet(),
        list_sheet(),
    ] {
        let near = extract_sheet(&sheet, &r).expect("grid near A1");
        let (rows, cols) = sheet.extent();
        for (dr, dc) in [
            (u32::MAX - rows + 1, 0),
            (0, u32::MAX - cols + 1),
            (u32::MAX - rows + 1, u32::MAX - cols + 1),
            (1_048_576 - rows, 16_384 - cols),
        ] {
            let far = shifted(&sheet, dr, dc);
            let grid = extract_sheet(&far, &r)
                .unwrap_or_else(|| panic!("{}: no grid at +{dr}+{dc}", sheet.name));
            assert_eq!(
                unshifted(&grid, dr, dc),
                near,
                "{} at +{dr}+{dc}",
                sheet.name
            );
        }
    }
}

/// Headings four billion rows (or columns) apart: the readers walk the cells the sheet holds,
/// not every row or column number in between (this would not finish otherwise).
#[test]
fn headings_far_apart_do_not_walk_the_gap() {
    let r = sio();
    // Transposed: competence rows at the top and at the bottom of the position space.
    let mut s = Sheet::new("Synthèse");
    put(&mut s, "A1", "Réalisations");
    put(&mut s, "C1", "Serveur GLPI");
    put(&mut s, "A2", TITLES[0]);
    put(&mut s, "C2", "X");
    s.set(CellPos::new(u32::MAX - 1, 0), Value::Text(TITLES[1].into()));
    s.set(CellPos::new(u32::MAX, 0), Value::Text(TITLES[2].into()));
    let grid = extract_sheet(&s, &r).expect("grid");
    assert_eq!(grid.layout, Layout::CompetenceRows);
    assert_eq!(grid.realisations.len(), 1);
    // Columns: the titles in column A, headings in the last columns a position holds, and no
    // period label (the period column is searched between the two).
    let mut s = Sheet::new("Feuil1");
    put(&mut s, "A1", "Réalisation");
    for (i, title) in TITLES.iter().enumerate() {
        s.set(
            CellPos::new(0, u32::MAX - 5 + i as u32),
            Value::Text((*title).into()),
        );
    }
    put(&mut s, "A2", "Serveur GLPI");
    put(&mut s, "B2", "04/09/24 au 18/10/24");
    s.set(CellPos::new(1, u32::MAX - 5), Value::Text("X".into()));
    let grid = extract_sheet(&s, &r).expect("grid");
    assert_eq!(grid.layout, Layout::CompetenceColumns);
    assert_eq!(grid.realisations.len(), 1);
    assert_eq!(
        grid.realisations[0].period.as_ref().map(|p| p.cell),
        Some(at("B2"))
    );
}
