//! Tests of the correction plan (and fixtures the corrected-workbook writer's tests share).

use super::identity::option_is_canonical;
use super::*;
use crate::grid::{Heading, IdentityField, Layout, Mark, MarkValue, Realisation};
use crate::model::Date;
use crate::report::{Candidate, Coverage, Report};
use crate::workbook::{Format, Sheet, Workbook};

pub(crate) fn referential() -> Referential {
    crate::referential::embedded::get("bts-sio-b1").expect("embedded referential")
}

pub(crate) fn template() -> Template {
    Template::embedded("bts-sio-e5").expect("embedded template")
}

pub(crate) fn p(a1: &str) -> CellPos {
    CellPos::parse(a1).expect("valid A1")
}

pub(crate) fn heading(a1: &str, text: &str, target: Target) -> Heading {
    Heading {
        cell: p(a1),
        text: text.into(),
        target,
        under: None,
        suggestion: None,
    }
}

fn mark(a1: &str, raw: &str, placed: Target, value: MarkValue) -> Mark {
    Mark {
        cell: p(a1),
        raw: raw.into(),
        placed,
        value,
    }
}

pub(crate) fn yes(a1: &str, raw: &str, competence: &str) -> Mark {
    mark(
        a1,
        raw,
        Target::Competence(competence.into()),
        MarkValue::Yes,
    )
}

fn period(a1: &str, raw: &str, parsed: Period) -> Option<PeriodCell> {
    Some(PeriodCell {
        cell: p(a1),
        raw: raw.into(),
        parsed,
    })
}

fn valid(d1: (i32, u32, u32), d2: (i32, u32, u32)) -> Period {
    Period::Valid {
        start: Date::new(d1.0, d1.1, d1.2).unwrap(),
        end: Date::new(d2.0, d2.1, d2.2).unwrap(),
    }
}

fn realisation(
    row: u32,
    title: Option<&str>,
    section: Option<usize>,
    marks: Vec<Mark>,
) -> Realisation {
    Realisation {
        cell: CellPos::new(row, 0),
        title: title.map(str::to_string),
        section,
        period: period(
            &format!("B{}", row + 1),
            "04/09/24 au 18/10/24",
            valid((2024, 9, 4), (2024, 10, 18)),
        ),
        marks,
    }
}

fn identity(kind: IdentityKind, a1: &str, raw: &str, value: Option<&str>) -> IdentityField {
    IdentityField {
        kind,
        cell: p(a1),
        raw: raw.into(),
        value: value.map(str::to_string),
    }
}

/// A grid in the official layout that needs no correction.
pub(crate) fn official_grid() -> Grid {
    let codes = ["B1.1", "B1.2", "B1.3", "B1.4", "B1.5", "B1.6"];
    let r = referential();
    Grid {
        sheet: "Tableau de synthèse Épreuve E5".into(),
        layout: Layout::CompetenceColumns,
        identity: vec![
            identity(
                IdentityKind::Name,
                "A3",
                "NOM et prénom : DUPONT Jeanne",
                Some("DUPONT Jeanne"),
            ),
            identity(
                IdentityKind::Number,
                "F3",
                "N° candidat : 0212345678",
                Some("0212345678"),
            ),
            identity(
                IdentityKind::School,
                "A4",
                "Centre de formation : Lycée",
                Some("Lycée"),
            ),
            identity(IdentityKind::Option, "G4", "☒ SISR", Some("SISR")),
            identity(
                IdentityKind::PortfolioUrl,
                "A5",
                "Adresse URL du portfolio : https://x.invalid",
                Some("https://x.invalid"),
            ),
        ],
        headings: codes
            .iter()
            .enumerate()
            .map(|(i, c)| Heading {
                cell: CellPos::new(5, 2 + i as u32),
                text: r.competence(c).unwrap().title.clone(),
                target: Target::Competence((*c).into()),
                under: None,
                suggestion: None,
            })
            .collect(),
        realisations: vec![
            realisation(
                8,
                Some("Serveur GLPI"),
                Some(0),
                vec![
                    yes("C9", "X", "B1.1"),
                    yes("D9", "X", "B1.2"),
                    yes("E9", "X", "B1.3"),
                ],
            ),
            realisation(
                19,
                Some("Site vitrine"),
                Some(1),
                vec![
                    yes("F20", "X", "B1.4"),
                    yes("G20", "X", "B1.5"),
                    yes("H20", "X", "B1.6"),
                ],
            ),
        ],
        consumed: BTreeSet::new(),
        mark_lines: codes
            .iter()
            .enumerate()
            .map(|(i, code)| crate::grid::MarkLine {
                index: 2 + i as u32,
                placed: Target::Competence((*code).into()),
            })
            .collect(),
        fills: Default::default(),
    }
}

pub(crate) fn checked(grid: Grid) -> Checked {
    let mut sheet = Sheet::new(grid.sheet.clone());
    sheet.set(p("A1"), crate::workbook::Value::Text("BTS".into()));
    Checked {
        report: Report {
            file: "dupont.xlsx".into(),
            sheet: Some(grid.sheet.clone()),
            referential: "bts-sio-b1".into(),
            layout: Some(grid.layout.name().into()),
            candidate: Candidate::default(),
            realisations: Vec::new(),
            coverage: Coverage::default(),
            findings: Vec::new(),
        },
        grid,
        workbook: Workbook {
            source: "dupont.xlsx".into(),
            format: Format::Xlsx,
            sheets: vec![sheet],
        },
    }
}

pub(crate) fn run(grid: Grid) -> FixPlan {
    plan(&checked(grid), &template(), &referential(), Lang::Fr)
}

fn annotation<'a>(plan: &'a FixPlan, spot: &GridSpot) -> &'a Annotation {
    plan.fill
        .annotations
        .iter()
        .find(|a| &a.spot == spot)
        .unwrap_or_else(|| panic!("no annotation on {spot:?}: {:#?}", plan.fill.annotations))
}

fn mark_spot(section: usize, row: usize, code: &str) -> GridSpot {
    GridSpot::Mark {
        section,
        row,
        code: code.into(),
    }
}

#[test]
fn an_official_grid_needs_no_correction() {
    let plan = run(official_grid());
    assert_eq!(plan.corrections, vec![], "{:#?}", plan.corrections);
    assert_eq!(plan.remaining, vec![], "{:#?}", plan.remaining);
    assert!(plan.fill.annotations.is_empty());
    assert_eq!(plan.fill.sections.len(), 3);
    assert_eq!(plan.fill.sections[0][0].title, "Serveur GLPI");
    assert_eq!(plan.fill.sections[0][0].period, "04/09/24 au 18/10/24");
    assert_eq!(
        plan.fill.sections[1][0].marks.iter().collect::<Vec<_>>(),
        ["B1.4", "B1.5", "B1.6"]
    );
    assert_eq!(
        plan.fill
            .identity
            .get(&IdentityKind::Option)
            .map(String::as_str),
        Some("SISR")
    );
    assert!(!plan.has_remaining_errors());
    assert_eq!(plan.placed.get(&p("C9")), Some(&mark_spot(0, 0, "B1.1")));
}

#[test]
fn marks_are_normalized_to_x_with_the_original_in_the_note() {
    let mut grid = official_grid();
    grid.realisations[0].marks[0] = yes("C9", " ✓ ", "B1.1");
    let plan = run(grid);
    assert!(plan.fill.sections[0][0].marks.contains("B1.1"));
    let a = annotation(&plan, &mark_spot(0, 0, "B1.1"));
    assert_eq!(a.status, CellStatus::Corrected);
    assert!(
        a.note.contains("«  ✓  »")
            && a.note.contains("C9")
            && a.note.contains("marque « ✓ » normalisée en X"),
        "{}",
        a.note
    );
}

#[test]
fn a_misassigned_activity_counts_under_its_true_competence() {
    let mut grid = official_grid();
    grid.realisations[0].marks.push(mark(
        "D9",
        "B1.6.4",
        Target::Competence("B1.2".into()),
        MarkValue::Activity("B1.6.4".into()),
    ));
    grid.realisations[1].marks.pop(); // B1.6 only through the misassigned activity
    let plan = run(grid);
    assert!(plan.fill.sections[0][0].marks.contains("B1.6"));
    let a = annotation(&plan, &mark_spot(0, 0, "B1.6"));
    assert_eq!(a.status, CellStatus::Corrected);
    assert!(
        a.note.contains("B1.2") && a.note.contains("appartient à B1.6"),
        "{}",
        a.note
    );
    assert_eq!(
        plan.coverage.iter().find(|(c, _)| c == "B1.6").map(|x| x.1),
        Some(1)
    );
    assert!(
        !plan
            .remaining
            .iter()
            .any(|r| r.kind == FindingKind::MissingCompetence)
    );
}

#[test]
fn periods_are_rewritten_when_read_and_kept_when_not() {
    let mut grid = official_grid();
    grid.realisations[0].period = period(
        "B9",
        "du 4/9/2024 - 18/10/2024",
        valid((2024, 9, 4), (2024, 10, 18)),
    );
    grid.realisations[1].period = period(
        "B20",
        "En cours",
        Period::Invalid {
            start: None,
            end: None,
            reason: PeriodProblem::NotADate,
        },
    );
    let plan = run(grid);
    assert_eq!(plan.fill.sections[0][0].period, "04/09/24 au 18/10/24");
    let a = annotation(&plan, &GridSpot::Period { section: 0, row: 0 });
    assert_eq!(a.status, CellStatus::Corrected);
    assert!(a.note.contains("du 4/9/2024 - 18/10/2024"), "{}", a.note);
    assert_eq!(plan.fill.sections[1][0].period, "En cours");
    let b = annotation(&plan, &GridSpot::Period { section: 1, row: 0 });
    assert_eq!(b.status, CellStatus::ToCheck);
    assert!(b.note.contains("« En cours » illisible"), "{}", b.note);
    assert!(plan.has_remaining_errors());
}

#[test]
fn what_cannot_be_corrected_is_not_invented() {
    let mut grid = official_grid();
    grid.identity.retain(|f| f.kind != IdentityKind::Name);
    grid.realisations[1].marks.clear(); // B1.4, B1.5, B1.6 now missing
    grid.realisations.push(realisation(
        10,
        None,
        Some(0),
        vec![yes("C11", "X", "B1.4")],
    ));
    let plan = run(grid);
    assert!(!plan.fill.identity.contains_key(&IdentityKind::Name));
    let name = annotation(&plan, &GridSpot::Identity(IdentityKind::Name));
    assert_eq!(name.status, CellStatus::ToCheck);
    assert!(name.note.contains("NOM et prénom"), "{}", name.note);
    let title = annotation(&plan, &GridSpot::Title { section: 0, row: 1 });
    assert_eq!(title.status, CellStatus::ToCheck);
    assert_eq!(plan.fill.sections[0][1].title, "");
    // The untitled row's mark does not count: B1.4 is still missing.
    let missing: Vec<_> = plan
        .remaining
        .iter()
        .filter(|r| r.kind == FindingKind::MissingCompetence)
        .filter_map(|r| r.spot.clone())
        .collect();
    assert_eq!(
        missing,
        ["B1.4", "B1.5", "B1.6"].map(|c| GridSpot::Heading(c.into()))
    );
    assert_eq!(
        annotation(&plan, &GridSpot::Heading("B1.5".into())).status,
        CellStatus::ToCheck
    );
}

#[test]
fn sections_unknown_go_first_and_overflow_goes_last() {
    let mut grid = official_grid();
    grid.realisations[0].section = None;
    grid.realisations[1].section = Some(9);
    for i in 0..12 {
        grid.realisations
            .push(realisation(40 + i, Some(&format!("R{i}")), Some(0), vec![]));
    }
    let plan = run(grid);
    assert_eq!(
        plan.fill.sections[0].len(),
        13,
        "more rows than the template's 10"
    );
    assert_eq!(plan.fill.sections[0][0].title, "Serveur GLPI");
    assert_eq!(plan.fill.sections[2][0].title, "Site vitrine");
}

#[test]
fn list_and_activity_columns_become_competence_marks() {
    let mut grid = official_grid();
    grid.layout = Layout::List;
    grid.realisations[0].marks = vec![
        mark(
            "C9",
            "B1.1, B1.2.1",
            Target::Unknown,
            MarkValue::Competence("B1.1".into()),
        ),
        mark(
            "C9",
            "B1.1, B1.2.1",
            Target::Unknown,
            MarkValue::Activity("B1.2.1".into()),
        ),
        mark(
            "C9",
            "B1.1, B1.2.1",
            Target::Unknown,
            MarkValue::Competence("B1.3".into()),
        ),
    ];
    let plan = run(grid);
    assert_eq!(
        plan.fill.sections[0][0].marks.iter().collect::<Vec<_>>(),
        ["B1.1", "B1.2", "B1.3"]
    );
    let a = annotation(&plan, &mark_spot(0, 0, "B1.2"));
    assert!(a.note.contains("liste « B1.1, B1.2.1 »"), "{}", a.note);

    let mut grid = official_grid();
    grid.layout = Layout::ActivityColumns;
    grid.realisations[0].marks = vec![
        mark("C9", "X", Target::Activity("B1.1.1".into()), MarkValue::Yes),
        mark("D9", "x", Target::Activity("B1.1.5".into()), MarkValue::Yes),
        yes("E9", "X", "B1.2"),
        yes("F9", "X", "B1.3"),
    ];
    let plan = run(grid);
    assert_eq!(
        plan.fill.sections[0][0].marks.iter().collect::<Vec<_>>(),
        ["B1.1", "B1.2", "B1.3"]
    );
    let a = annotation(&plan, &mark_spot(0, 0, "B1.1"));
    assert!(
        a.note.contains("B1.1.1") && a.note.contains("B1.1.5"),
        "{}",
        a.note
    );
    assert_eq!(plan.placed.get(&p("D9")), Some(&mark_spot(0, 0, "B1.1")));
}

#[test]
fn outdated_headings_map_only_when_certain() {
    let mut grid = official_grid();
    grid.headings.push(heading(
        "I6",
        "A1.3.4 Déploiement d'un service",
        Target::Outdated("A1.3.4".into()),
    ));
    grid.headings.push(heading(
        "J6",
        "A1.1.1 Analyse du cahier des charges",
        Target::Outdated("A1.1.1".into()),
    ));
    grid.realisations[1].marks = vec![
        yes("F20", "X", "B1.4"),
        yes("H20", "X", "B1.6"),
        mark(
            "I20",
            "X",
            Target::Outdated("A1.3.4".into()),
            MarkValue::Yes,
        ),
        mark(
            "J20",
            "X",
            Target::Outdated("A1.1.1".into()),
            MarkValue::Yes,
        ),
    ];
    let plan = run(grid);
    assert!(plan.fill.sections[1][0].marks.contains("B1.5"));
    assert_eq!(
        plan.placed.get(&p("I6")),
        Some(&GridSpot::Heading("B1.5".into()))
    );
    assert!(plan.unplaced.contains_key(&p("J6")) && plan.unplaced.contains_key(&p("J20")));
    assert!(!plan.placed.contains_key(&p("J20")));
    let title = annotation(&plan, &GridSpot::Title { section: 1, row: 0 });
    assert_eq!(title.status, CellStatus::ToCheck);
    assert!(
        plan.remaining
            .iter()
            .any(|r| r.kind == FindingKind::OutdatedReferential && r.origin == Some(p("J6")))
    );
}

#[test]
fn coloured_blank_marks_stay_empty_and_are_flagged_to_check() {
    let mut grid = official_grid();
    let row = grid
        .realisations
        .iter()
        .position(|r| r.title.as_deref() == Some("Site vitrine"))
        .expect("row 20");
    let red = crate::workbook::Fill::rgb(0xFF_0000).unwrap();
    let blue = crate::workbook::Fill::rgb(0x00_70C0).unwrap();
    // C20 (B1.1) coloured and empty; F20 coloured too but holding X.
    grid.fills.insert(p("C20"), red);
    grid.fills.insert(p("F20"), blue);
    let section = grid.realisations[row].section.unwrap();
    let index = grid.realisations[..row]
        .iter()
        .filter(|r| r.section == Some(section))
        .count();
    let plan = run(grid);
    let remaining: Vec<_> = plan
        .remaining
        .iter()
        .filter(|r| r.kind == FindingKind::ColourMark)
        .collect();
    assert_eq!(remaining.len(), 1, "{remaining:#?}");
    assert_eq!(remaining[0].origin, Some(p("C20")));
    let spot = mark_spot(section, index, "B1.1");
    assert_eq!(remaining[0].spot.as_ref(), Some(&spot));
    let filled = &plan.fill.sections[section][index];
    assert!(!filled.marks.contains("B1.1"), "{:?}", filled.marks);
    let note = annotation(&plan, &spot);
    assert_eq!(note.status, CellStatus::ToCheck);
    assert!(
        note.note.contains("C20 était colorée mais vide")
            && note.note.contains("une couleur ne compte pas comme marque"),
        "{}",
        note.note
    );
    assert!(plan.has_remaining_errors());
}

#[test]
fn invalid_marks_are_not_carried_over_but_flagged() {
    let mut grid = official_grid();
    grid.realisations[0].marks.push(mark(
        "F9",
        "peut-être",
        Target::Competence("B1.4".into()),
        MarkValue::Invalid,
    ));
    let plan = run(grid);
    assert!(!plan.fill.sections[0][0].marks.contains("B1.4"));
    assert_eq!(
        annotation(&plan, &mark_spot(0, 0, "B1.4")).status,
        CellStatus::ToCheck
    );
    assert!(
        plan.unplaced
            .get(&p("F9"))
            .is_some_and(|n| n.contains("peut-être"))
    );
}

#[test]
fn identity_is_moved_into_official_form_and_option_box_ticked() {
    let mut grid = official_grid();
    grid.identity[0] = identity(
        IdentityKind::Name,
        "B3",
        "DUPONT Jeanne",
        Some("DUPONT Jeanne"),
    );
    grid.identity[3] = identity(IdentityKind::Option, "G4", "x SISR ", Some("SISR"));
    let plan = run(grid);
    let a = annotation(&plan, &GridSpot::Identity(IdentityKind::Name));
    assert_eq!(a.status, CellStatus::Corrected);
    assert!(a.note.contains("B3"));
    let o = annotation(&plan, &GridSpot::Identity(IdentityKind::Option));
    assert!(o.note.contains("« x SISR  »"), "{}", o.note);
    assert!(option_is_canonical("Option : ☒ SISR ☐ SLAM", "SISR"));
    assert!(!option_is_canonical("☒ SISR ☒ SLAM", "SISR"));
    assert!(!option_is_canonical("☐ SISR", "SISR"));
    assert!(option_is_canonical("▢ SISR ☒ SLAM", "SLAM"));
    assert!(option_is_canonical("☒ SLAM", "SLAM"));
    assert!(!option_is_canonical("▣ SISR", "SISR"));
    assert!(!option_is_canonical("X SLAM", "SLAM"));
}

#[test]
fn notes_follow_the_language() {
    let mut grid = official_grid();
    grid.realisations[0].marks[0] = yes("C9", "✓", "B1.1");
    let plan = plan(&checked(grid), &template(), &referential(), Lang::En);
    let a = annotation(&plan, &mark_spot(0, 0, "B1.1"));
    assert!(
        a.note.starts_with("Corrected by grille") && a.note.contains("normalized to X"),
        "{}",
        a.note
    );
}

/// `x` and ` x ` become « X » silently: counted once, neither listed nor highlighted.
#[test]
fn case_and_spaces_of_a_mark_are_normalised_silently() {
    let mut grid = official_grid();
    grid.realisations[0].marks[0] = yes("C9", "x", "B1.1");
    grid.realisations[0].marks[1] = yes("D9", " x ", "B1.2");
    let plan = run(grid);
    assert_eq!(plan.normalised, 2);
    assert!(plan.corrections.is_empty(), "{:?}", plan.corrections);
    assert!(plan.fill.sections[0][0].marks.contains("B1.1"));
    assert!(
        !plan
            .fill
            .annotations
            .iter()
            .any(|a| a.spot == mark_spot(0, 0, "B1.1") || a.spot == mark_spot(0, 0, "B1.2"))
    );
}

/// A mark grille rewrote on a row without a title does not count: it is to check, never
/// shown as corrected.
#[test]
fn a_corrected_mark_on_an_untitled_row_is_to_check() {
    let mut grid = official_grid();
    grid.realisations.push(realisation(
        10,
        None,
        Some(0),
        vec![yes("C11", "✓", "B1.4")],
    ));
    let plan = run(grid);
    let row = plan.fill.sections[0].len() - 1;
    let a = annotation(&plan, &mark_spot(0, row, "B1.4"));
    assert_eq!(a.status, CellStatus::ToCheck);
    assert!(a.note.contains("pas d’intitulé"), "{}", a.note);
}
