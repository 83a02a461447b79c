//! Tests of the grid sheet: layout cell by cell, text never a formula, identical bytes.

use super::*;

fn official() -> (Template, Referential) {
    (
        Template::embedded("bts-sio-e5").unwrap(),
        crate::referential::embedded::get("bts-sio-b1").unwrap(),
    )
}

#[test]
fn official_layout_lands_where_the_ministry_puts_it() {
    let (t, r) = official();
    let (_, map) = grid_workbook(&t, &r, &GridFill::default(), &GridOptions::default()).unwrap();
    let at = |spot: GridSpot| map.cells[&spot].to_string();
    assert_eq!(at(GridSpot::Identity(IdentityKind::Session)), "G1");
    assert_eq!(at(GridSpot::Identity(IdentityKind::Name)), "A3");
    assert_eq!(at(GridSpot::Identity(IdentityKind::Number)), "F3");
    assert_eq!(at(GridSpot::Identity(IdentityKind::School)), "A4");
    assert_eq!(at(GridSpot::Identity(IdentityKind::Option)), "F4");
    assert_eq!(at(GridSpot::Identity(IdentityKind::PortfolioUrl)), "A5");
    assert_eq!(at(GridSpot::Heading("B1.1".into())), "C6");
    assert_eq!(at(GridSpot::Heading("B1.6".into())), "H6");
    assert_eq!(at(GridSpot::Title { section: 0, row: 0 }), "A9");
    assert_eq!(at(GridSpot::Title { section: 1, row: 0 }), "A20");
    assert_eq!(at(GridSpot::Period { section: 2, row: 6 }), "B34");
    assert_eq!(
        at(GridSpot::Mark {
            section: 2,
            row: 6,
            code: "B1.6".into()
        }),
        "H34"
    );
    assert!(map.unplaced.is_empty());
}

#[test]
fn sections_grow_and_unknown_codes_are_handed_back() {
    let (t, r) = official();
    let row = |title: &str, marks: &[&str]| FilledRow {
        title: title.into(),
        period: "01/09/25 au 30/09/25".into(),
        marks: marks.iter().map(|m| m.to_string()).collect(),
    };
    let fill = GridFill {
        sections: vec![
            (0..12).map(|i| row(&format!("R{i}"), &["B1.1"])).collect(),
            vec![row("=HYPERLINK(\"x\")", &["B1.1.5", "Z9"])],
            vec![],
            vec![row("Hors modèle", &[])],
        ],
        ..GridFill::default()
    };
    let (_, map) = grid_workbook(&t, &r, &fill, &GridOptions::default()).unwrap();
    // 12 rows in part 1 push part 2 down by two rows.
    assert_eq!(
        map.cells[&GridSpot::Title { section: 1, row: 0 }].to_string(),
        "A22"
    );
    assert_eq!(
        map.cells[&GridSpot::Title { section: 3, row: 0 }].to_string(),
        "A38"
    );
    assert_eq!(
        map.unplaced,
        vec![GridSpot::Mark {
            section: 1,
            row: 0,
            code: "Z9".into()
        }]
    );
}

#[test]
fn filled_content_and_annotations_are_written_as_text_colours_and_notes() {
    use calamine::{Data, Reader, Xlsx};
    let (t, r) = official();
    let mut fill = GridFill::default();
    fill.identity
        .insert(IdentityKind::Name, "DUPONT Jeanne".into());
    fill.identity.insert(IdentityKind::Option, "SISR".into());
    fill.sections = vec![vec![FilledRow {
        title: "=1+1 Serveur GLPI".into(),
        period: "04/09/25 au 18/10/25".into(),
        marks: ["B1.1".to_string(), "B1.5.2".to_string()].into(),
    }]];
    fill.annotations = vec![
        Annotation {
            spot: GridSpot::Period { section: 0, row: 0 },
            status: CellStatus::Corrected,
            note: "Période réécrite sous la forme JJ/MM/AA au JJ/MM/AA.".into(),
        },
        Annotation {
            spot: GridSpot::Mark {
                section: 0,
                row: 0,
                code: "B1.3".into(),
            },
            status: CellStatus::ToCheck,
            note: "Marque illisible « ? » retirée.".into(),
        },
    ];
    let (bytes, map) = grid_workbook(&t, &r, &fill, &GridOptions::default()).unwrap();
    assert!(map.unplaced.is_empty());
    let mut book = Xlsx::new(std::io::Cursor::new(bytes.clone())).unwrap();
    let range = book.worksheet_range(&t.sheet_name).unwrap();
    let text = |row: u32, col: u32| match range.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        _ => String::new(),
    };
    assert_eq!(
        text(8, 0),
        "=1+1 Serveur GLPI",
        "a title stays text, never a formula"
    );
    assert_eq!(text(8, 1), "04/09/25 au 18/10/25");
    assert_eq!(text(8, 2), "X"); // B1.1
    assert_eq!(text(8, 6), "X"); // B1.5 through its activity B1.5.2
    assert_eq!(text(8, 3), "");
    assert_eq!(text(3, 6), "☒ SISR");
    let part = |name: &str| crate::xlsx::part(&bytes, name);
    let comments = part("xl/comments1.xml");
    assert!(comments.contains(r#"<comment ref="B9""#), "{comments}");
    assert!(comments.contains("Période réécrite"), "{comments}");
    assert!(comments.contains(r#"<comment ref="E9""#), "{comments}");
    let styles = part("xl/styles.xml");
    assert!(
        styles.contains("FFC6EFCE") && styles.contains("FFFFD599"),
        "two highlight colours"
    );
    let sheet = part("xl/worksheets/sheet1.xml");
    assert!(
        sheet.contains("Cellules en vert : corrigées par grille")
            || part("xl/sharedStrings.xml").contains("Cellules en vert")
    );
}

#[test]
fn detailed_template_has_one_column_per_activity() {
    let t = Template::embedded("bts-sio-e5-activites").unwrap();
    let r = crate::referential::embedded::get("bts-sio-b1").unwrap();
    let (_, map) = grid_workbook(&t, &r, &GridFill::default(), &GridOptions::default()).unwrap();
    assert_eq!(
        map.cells[&GridSpot::Heading("B1.1".into())].to_string(),
        "C6"
    );
    assert_eq!(
        map.cells[&GridSpot::Heading("B1.1.1".into())].to_string(),
        "C7"
    );
    assert_eq!(
        map.cells[&GridSpot::Heading("B1.2".into())].to_string(),
        "I6"
    );
    assert_eq!(
        map.cells[&GridSpot::Heading("B1.6.4".into())].to_string(),
        "X7"
    );
}

#[test]
fn split_follows_the_official_columns() {
    let widths = [70.43, 10.86, 30.71, 30.71, 30.71, 30.71, 30.71, 30.71];
    assert_eq!(split_column(&widths, 0.65, 1), 5); // F
    assert_eq!(split_column(&widths, 0.77, 5), 6); // G
}

#[test]
fn labels_keep_their_space() {
    assert_eq!(
        labelled("NOM et prénom : ", Some(" DUPONT Jeanne ")),
        "NOM et prénom : DUPONT Jeanne"
    );
    assert_eq!(
        labelled("Centre de formation :", Some("Lycée")),
        "Centre de formation : Lycée"
    );
    assert_eq!(labelled("Option : ", Some("  ")), "Option : ");
}
