//! Every real grid of `../shared/realworld/` (skipped when absent) is found, read as the
//! official competence-columns layout, with the coverage its author marked.

mod common;

use std::collections::BTreeSet;

use grille::grid::{Grid, Layout, MarkValue, Period, Target, extract};
use grille::model::IdentityKind;
use grille::referential::embedded;

fn grid_of(name: &str) -> Option<Grid> {
    let dir = common::realworld()?;
    let path = dir.join(name);
    if !path.exists() {
        return None;
    }
    let workbook = grille::workbook::open(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
    let referential = embedded::get("bts-sio-b1").expect("embedded referential");
    Some(extract(&workbook, &referential).unwrap_or_else(|| panic!("{name}: no grid found")))
}

/// Competences with at least one Yes mark on a titled réalisation.
fn marked(grid: &Grid) -> BTreeSet<String> {
    grid.realisations
        .iter()
        .filter(|r| r.title.is_some())
        .flat_map(|r| r.marks.iter())
        .filter(|m| m.value == MarkValue::Yes)
        .filter_map(|m| match &m.placed {
            Target::Competence(c) => Some(c.clone()),
            _ => None,
        })
        .collect()
}

fn all_competences() -> BTreeSet<String> {
    (1..=6).map(|i| format!("B1.{i}")).collect()
}

fn identity(grid: &Grid, kind: IdentityKind) -> Option<String> {
    grid.identity
        .iter()
        .find(|f| f.kind == kind)
        .and_then(|f| f.value.clone())
}

#[test]
fn every_file_is_the_official_layout_with_its_marked_coverage() {
    let Some(dir) = common::realworld() else {
        return;
    };
    let never_marked: &[(&str, &[&str])] = &[
        ("rw-01.xlsx", &["B1.3", "B1.4", "B1.6"]),
        ("rw-06.xlsx", &["B1.1"]),
        ("rw-08.xlsx", &["B1.3"]),
        ("rw-16.xlsx", &["B1.4"]),
        ("rw-21.xlsx", &["B1.6"]),
        ("rw-31.xlsx", &["B1.6"]),
    ];
    // Files with no marks at all (or no réalisation: the blank template).
    let unmarked = [
        "rw-12.xlsx",
        "rw-13.xlsx",
        "rw-23.xlsx",
        "rw-24.xlsx",
        "rw-25.xlsx",
        "rw-27.xlsx",
        "rw-28.xlsx",
        "rw-30.xlsx",
        "rw-32.xlsx",
        "rw-35.xlsx",
        "rw-36.xlsx",
        "rw-39.xlsx",
    ];
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("realworld dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("rw-"))
        .collect();
    names.sort();
    assert!(names.len() >= 20);
    for name in &names {
        let grid = grid_of(name).expect("file listed");
        assert_eq!(grid.layout, Layout::CompetenceColumns, "{name}");
        let competences: Vec<&Target> = grid
            .headings
            .iter()
            .map(|h| &h.target)
            .filter(|t| matches!(t, Target::Competence(_)))
            .collect();
        assert_eq!(competences.len(), 6, "{name}: {:?}", grid.headings);
        assert!(
            grid.headings.iter().all(|h| h.target != Target::Unknown),
            "{name}: {:?}",
            grid.headings
        );
        let marked = marked(&grid);
        if let Some((_, missing)) = never_marked.iter().find(|(n, _)| n == name) {
            let expected: BTreeSet<String> = all_competences()
                .into_iter()
                .filter(|c| !missing.contains(&c.as_str()))
                .collect();
            assert_eq!(marked, expected, "{name}");
        } else if unmarked.contains(&name.as_str()) {
            // Some of these hold marks nonetheless (checked below where they matter).
        } else {
            assert_eq!(marked, all_competences(), "{name}");
        }
        // No part title was taken for a réalisation.
        for r in &grid.realisations {
            let title = r.title.clone().unwrap_or_default().to_lowercase();
            assert!(
                !title.starts_with("réalisations en milieu professionnel"),
                "{name}: {title}"
            );
        }
    }
}

#[test]
fn files_without_marks_have_none() {
    let Some(grid) = grid_of("rw-12.xlsx") else {
        return;
    };
    assert!(grid.realisations.iter().all(|r| r.marks.is_empty()));
    // « Réalisation de tests… » are réalisations, not part titles.
    let titles: Vec<String> = grid
        .realisations
        .iter()
        .filter_map(|r| r.title.clone())
        .collect();
    assert_eq!(
        titles
            .iter()
            .filter(|t| t.starts_with("Réalisation de tests"))
            .count(),
        2,
        "{titles:?}"
    );
    assert_eq!(titles.len(), 17, "{titles:?}");
    let by_cell: Vec<String> = grid
        .realisations
        .iter()
        .map(|r| r.cell.to_string())
        .collect();
    assert_eq!(by_cell.first().map(String::as_str), Some("A9"));
    assert!(!by_cell.contains(&"A18".to_string()));
}

#[test]
fn official_file_cells_and_identity() {
    let Some(grid) = grid_of("rw-01.xlsx") else {
        return;
    };
    assert_eq!(
        identity(&grid, IdentityKind::Name).as_deref(),
        Some("MARTIN Camille")
    );
    assert_eq!(
        identity(&grid, IdentityKind::Number).as_deref(),
        Some("01000000001")
    );
    assert_eq!(
        identity(&grid, IdentityKind::School).as_deref(),
        Some("CCI-Campus")
    );
    assert_eq!(
        identity(&grid, IdentityKind::Session).as_deref(),
        Some("2023")
    );
    let option = grid
        .identity
        .iter()
        .find(|f| f.kind == IdentityKind::Option)
        .expect("option");
    assert_eq!(option.value, None);
    let first = &grid.realisations[0];
    assert_eq!(first.cell.to_string(), "A9");
    assert_eq!(first.section, Some(0));
    let period = first.period.as_ref().expect("period");
    assert_eq!(period.cell.to_string(), "B9");
    assert!(matches!(period.parsed, Period::Valid { .. }));
    assert_eq!(first.marks.len(), 1);
    assert_eq!(first.marks[0].cell.to_string(), "D9");
    assert_eq!(first.marks[0].placed, Target::Competence("B1.2".into()));
    // Parts renamed « Réalisations en entreprise » (A18), « Réalisations personnelles » (A26).
    assert!(
        grid.realisations
            .iter()
            .all(|r| r.cell.row != 17 && r.cell.row != 25)
    );
    let a19 = grid
        .realisations
        .iter()
        .find(|r| r.cell.to_string() == "A19")
        .expect("A19");
    assert_eq!(a19.section, Some(1));
    for a1 in ["A3", "F3", "A6", "B6", "C6", "H7", "A8", "A18", "A26", "D9"] {
        assert!(
            grid.consumed
                .contains(&grille::model::CellPos::parse(a1).unwrap()),
            "{a1}"
        );
    }
}

#[test]
fn anomalies_of_the_collection() {
    if common::realworld().is_none() {
        return;
    }
    let option = |name: &str| grid_of(name).and_then(|g| identity(&g, IdentityKind::Option));
    assert_eq!(option("rw-02.xlsx").as_deref(), Some("SISR"));
    assert_eq!(option("rw-08.xlsx").as_deref(), Some("SISR"));
    assert_eq!(option("rw-16.xlsx").as_deref(), Some("SLAM"));
    assert_eq!(option("rw-17.xlsx").as_deref(), Some("SLAM"));
    assert_eq!(option("rw-27.xlsx").as_deref(), Some("SISR"));
    assert_eq!(option("rw-36.xlsx").as_deref(), Some("SISR"));
    assert_eq!(option("rw-05.xlsx"), None);
    // rw-02: whitespace-only cells are no marks; « NOM ET PRENOM ».
    let g = grid_of("rw-02.xlsx").expect("rw-02");
    assert_eq!(
        identity(&g, IdentityKind::Name).as_deref(),
        Some("BERNARD Lucas")
    );
    assert!(
        g.realisations
            .iter()
            .flat_map(|r| &r.marks)
            .all(|m| m.value == MarkValue::Yes)
    );
    // rw-11 row without title but with a mark: empty title kept.
    assert!(
        g.realisations
            .iter()
            .any(|r| r.title.is_none() && !r.marks.is_empty())
    );
    // rw-21: v1 layout, portfolio moved under the grid, not a réalisation.
    let g = grid_of("rw-21.xlsx").expect("rw-21");
    let url = g
        .identity
        .iter()
        .find(|f| f.kind == IdentityKind::PortfolioUrl)
        .expect("url");
    assert_eq!(url.cell.to_string(), "A23");
    assert!(g.realisations.iter().all(|r| r.cell.to_string() != "A23"));
    assert_eq!(g.realisations[0].cell.to_string(), "A8");
    // rw-14 (ODS, v1): header row 5.
    let g = grid_of("rw-14.ods").expect("rw-14");
    assert!(
        g.headings
            .iter()
            .all(|h| h.cell.row == 4 || h.cell.row == 5)
    );
    assert_eq!(
        identity(&g, IdentityKind::Name).as_deref(),
        Some("Simon Emma")
    );
    // rw-30: SESSION 2024/2025; rw-36: 2023-2024.
    let g = grid_of("rw-30.xlsx").expect("rw-30");
    assert_eq!(
        identity(&g, IdentityKind::Session).as_deref(),
        Some("2024/2025")
    );
    assert_eq!(
        g.realisations.iter().filter(|r| r.title.is_some()).count(),
        24
    );
}
