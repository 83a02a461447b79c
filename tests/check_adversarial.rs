//! The adversarial generator of issue 11 (`tests/gen`, `examples/accuracy.rs`): every student
//! family is drawn and really written, expectations stay consistent, and no such sheet makes
//! `grille check` crash or give up.

mod common;
#[path = "gen/mod.rs"]
mod sheetgen;

use std::collections::BTreeSet;

use sheetgen::{Bullet, Families, FileFormat, Generated, HeadingForm, Layout, Spec, Transposed};

/// Every text cell of the grid sheet.
fn texts(g: &Generated) -> Vec<String> {
    let sheet = g
        .book
        .sheets
        .iter()
        .find(|s| s.name == g.grid_sheet)
        .expect("grid sheet");
    sheet
        .cells
        .values()
        .filter_map(|c| match c {
            sheetgen::Cell::Text(t) => Some(t.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn the_corpus_draws_every_family_layout_and_format() {
    let specs: Vec<(Spec, FileFormat)> = (0..2000)
        .map(|i| sheetgen::adversarial_spec(11, i))
        .collect();
    let formats: BTreeSet<FileFormat> = specs.iter().map(|(_, f)| *f).collect();
    assert_eq!(formats.len(), 5, "{formats:?}");
    for layout in Layout::ALL {
        assert!(specs.iter().any(|(s, _)| s.layout == layout));
    }
    let fams: Vec<&Families> = specs.iter().map(|(s, _)| &s.families).collect();
    for bullet in Bullet::ALL {
        assert!(fams.iter().any(|f| f.bullets == bullet), "{bullet:?}");
    }
    for form in HeadingForm::ALL {
        assert!(fams.iter().any(|f| f.heading_form == form), "{form:?}");
    }
    for t in [
        Transposed::ActivitiesColumn,
        Transposed::ActivitiesInHeading,
    ] {
        assert!(
            specs
                .iter()
                .any(|(s, _)| s.layout == Layout::CompetenceRows && s.families.transposed == t),
            "{t:?}"
        );
    }
    let clean = specs.iter().filter(|(s, _)| s.faults.is_empty()).count();
    assert!((400..800).contains(&clean), "{clean} clean sheets");
    assert!(specs.iter().any(|(s, _)| s.families == Families::default()));
    // Deterministic: the same (seed, index), the same sheet.
    let (a, _) = sheetgen::adversarial_spec(11, 77);
    let (b, _) = sheetgen::adversarial_spec(11, 77);
    assert_eq!(
        sheetgen::generate(&a).book.sheets[0].cells,
        sheetgen::generate(&b).book.sheets[0].cells
    );
}

#[test]
fn families_are_written_as_drawn() {
    let mut f = Families::all();
    f.bullets = Bullet::Dash;
    let g = sheetgen::generate(&Spec::clean(5, Layout::CompetenceColumns).with_families(f));
    let t = texts(&g);
    // The activity row: « - » lines ending in a period, no « ▸ ».
    assert!(
        t.iter().any(|s| s.starts_with("- ") && s.contains(".\n- ")),
        "{t:?}"
    );
    assert!(!t.iter().any(|s| s.contains('▸')));
    // Headings in capitals with their code, the super-heading row of codes.
    assert!(
        t.iter()
            .any(|s| s.starts_with("B1.1 - ")
                && s.replace('\n', " ").contains("GÉRER LE PATRIMOINE"))
    );
    assert!(t.iter().any(|s| s == "B1.4"));
    // Titles numbered, some followed by their documents.
    assert!(t.iter().any(|s| {
        ["1. ", "1 - ", "R1 – ", "Réalisation 1 : "]
            .iter()
            .any(|n| s.starts_with(n))
    }));
    // A referential sheet beside the grid.
    assert!(g.book.sheets.iter().any(|s| s.name == "Référentiel B1"));
    // The period over two columns: réalisation rows with a start and an end date side by side.
    let grid = &g
        .book
        .sheets
        .iter()
        .find(|s| s.name != "Référentiel B1")
        .expect("the grid's sheet")
        .cells;
    let is_date = |c: Option<&sheetgen::Cell>| match c {
        Some(sheetgen::Cell::Date(..)) => true,
        Some(sheetgen::Cell::Text(t)) => t.len() <= 10 && t.matches('/').count() == 2,
        _ => false,
    };
    let split_rows = grid
        .keys()
        .filter(|(r, c)| is_date(grid.get(&(*r, *c))) && is_date(grid.get(&(*r, c + 1))))
        .count();
    assert!(
        split_rows >= 3,
        "{split_rows} rows with a start and an end date"
    );
    assert!(g.expected.is_empty(), "{:?}", g.expected);

    // Transposed, activities in the competence cells: marks per competence, not detailed.
    let f = Families {
        transposed: Transposed::ActivitiesInHeading,
        bullets: Bullet::Star,
        ..Families::default()
    };
    let g = sheetgen::generate(&Spec::clean(6, Layout::CompetenceRows).with_families(f));
    assert!(!g.detailed && g.template().is_none());
    assert!(
        texts(&g)
            .iter()
            .any(|s| s.starts_with("Gérer le patrimoine informatique\n* "))
    );
    // With an activities column: activity texts in column B, réalisations from column C.
    let f = Families {
        transposed: Transposed::ActivitiesColumn,
        ..Families::default()
    };
    let g = sheetgen::generate(&Spec::clean(7, Layout::CompetenceRows).with_families(f));
    assert!(g.detailed);
    assert!(
        g.realisations
            .iter()
            .all(|(cell, _)| !cell.starts_with('B'))
    );
}

#[test]
fn expected_competence_sets_agree_with_the_coverage() {
    for i in 0..300 {
        let (spec, _) = sheetgen::adversarial_spec(5, i);
        let g = sheetgen::generate(&spec);
        for (code, n) in &g.coverage {
            let counted = g
                .realisations
                .iter()
                .filter(|(_, comps)| comps.contains(code))
                .count();
            assert_eq!(counted as u32, *n, "{} {code}", g.name);
        }
        let cells: BTreeSet<&String> = g.realisations.iter().map(|(c, _)| c).collect();
        assert_eq!(
            cells.len(),
            g.realisations.len(),
            "{}: one cell each",
            g.name
        );
    }
}

/// No adversarial sheet may crash the binary or be refused: every one gives a JSON report
/// and exit 0 or 1, whatever the reader makes of it.
#[test]
fn no_adversarial_sheet_crashes_or_is_unreadable() {
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for i in 0..40 {
        let (spec, format) = sheetgen::adversarial_spec(21, i);
        let g = sheetgen::generate(&spec);
        let stem = format!("{i:03}-{}", g.name);
        let format = if format == FileFormat::Csv {
            FileFormat::Csv
        } else {
            FileFormat::Xlsx
        };
        sheetgen::write_source(&g, format, dir.path(), &stem);
        paths.push((
            dir.path().join(format!("{stem}.{}", format.extension())),
            g.template(),
        ));
    }
    for (path, template) in &paths {
        let mut cmd = common::grille();
        cmd.args(["check", "--format", "json"]);
        if let Some(t) = template {
            cmd.args(["--template", t]);
        }
        let out = cmd.arg(path).output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{}: exit {:?}\n{}",
            path.display(),
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
        let json: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
        assert!(json["layout"].is_string(), "{}: {json}", path.display());
    }
}
