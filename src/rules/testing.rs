//! Hand-built grids for the rules' unit tests: a clean official grid, and small builders to
//! break it in one precise way.

use std::collections::BTreeSet;

use crate::grid::{
    Grid, Heading, IdentityField, Layout, Mark, MarkLine, MarkValue, Period, PeriodCell,
    PeriodProblem, Realisation, Target,
};
use crate::model::{CellPos, Date, GridRules, IdentityKind, Referential};
use crate::template::Template;

pub const SHEET: &str = "Tableau de synthèse";

pub fn referential() -> Referential {
    crate::referential::embedded::get("bts-sio-b1").expect("embedded bts-sio-b1")
}

/// The official template (every competence, activities not tracked, at least 2 réalisations
/// as a warning).
pub fn template() -> Template {
    Template::embedded("bts-sio-e5").expect("embedded bts-sio-e5")
}

pub fn template_with(rules: GridRules) -> Template {
    let mut t = template();
    t.rules = Some(rules);
    t
}

pub fn comp(code: &str) -> Target {
    Target::Competence(code.into())
}

pub fn act(code: &str) -> Target {
    Target::Activity(code.into())
}

pub fn yes() -> MarkValue {
    MarkValue::Yes
}

pub fn invalid() -> MarkValue {
    MarkValue::Invalid
}

pub fn activity(code: &str) -> MarkValue {
    MarkValue::Activity(code.into())
}

pub fn pos(a1: &str) -> CellPos {
    CellPos::parse(a1).expect("A1 notation")
}

pub fn mark(row: u32, col: u32, placed: Target, value: MarkValue) -> Mark {
    let raw = match &value {
        MarkValue::Yes => "X".to_string(),
        MarkValue::Activity(a) => a.clone(),
        MarkValue::Competence(c) => c.clone(),
        MarkValue::Invalid => "peut-être".to_string(),
    };
    Mark {
        cell: CellPos::new(row, col),
        raw,
        placed,
        value,
    }
}

pub fn heading(row: u32, col: u32, target: Target, text: &str) -> Heading {
    Heading {
        cell: CellPos::new(row, col),
        text: text.into(),
        target,
        under: None,
        suggestion: None,
    }
}

pub fn date(day: u32, month: u32, year: i32) -> Date {
    Date::new(year, month, day).expect("valid date")
}

pub fn valid(start: Date, end: Date) -> Period {
    Period::Valid { start, end }
}

pub fn bad(reason: PeriodProblem) -> Period {
    Period::Invalid {
        start: None,
        end: None,
        reason,
    }
}

/// A réalisation at `row`: title in column A, period in column C, the given marks.
pub fn realisation(
    row: u32,
    title: Option<&str>,
    period: Option<(&str, Period)>,
    marks: Vec<Mark>,
) -> Realisation {
    Realisation {
        cell: CellPos::new(row, 0),
        title: title.map(str::to_string),
        section: Some(0),
        period: period.map(|(raw, parsed)| PeriodCell {
            cell: CellPos::new(row, 2),
            raw: raw.into(),
            parsed,
        }),
        marks,
    }
}

fn sept_oct() -> (&'static str, Period) {
    (
        "04/09/24 au 18/10/24",
        valid(date(4, 9, 2024), date(18, 10, 2024)),
    )
}

/// Competence `index` (0 = B1.1) of the clean grid sits in column D + index.
pub fn competence_col(code: &str) -> u32 {
    3 + code
        .strip_prefix("B1.")
        .and_then(|n| n.parse::<u32>().ok())
        .map_or(0, |n| n - 1)
}

/// A yes mark of the clean grid: row `row`, under competence `code`.
pub fn yes_at(row: u32, code: &str) -> Mark {
    mark(row, competence_col(code), comp(code), yes())
}

pub fn identity(kind: IdentityKind, row: u32, value: Option<&str>) -> IdentityField {
    IdentityField {
        kind,
        cell: CellPos::new(row, 0),
        raw: format!("{} : {}", kind.label(crate::Lang::Fr), value.unwrap_or("")),
        value: value.map(str::to_string),
    }
}

/// A clean official grid: identity in A2…A6, headings B1.1…B1.6 in D7…I7, three titled
/// réalisations in rows 9–11 that together cover every competence.
pub fn full_grid() -> Grid {
    let r = referential();
    let headings = r
        .competences
        .iter()
        .map(|c| heading(6, competence_col(&c.code), comp(&c.code), &c.title))
        .collect();
    Grid {
        sheet: SHEET.into(),
        layout: Layout::CompetenceColumns,
        identity: vec![
            identity(IdentityKind::Name, 1, Some("DUPONT Jeanne")),
            identity(IdentityKind::Number, 2, Some("0212345678")),
            identity(IdentityKind::School, 3, Some("Lycée Camille Claudel")),
            identity(IdentityKind::Option, 4, Some("SISR")),
            identity(IdentityKind::PortfolioUrl, 5, Some("https://jdupont.fr")),
        ],
        headings,
        realisations: vec![
            realisation(
                8,
                Some("Mise en place d'un serveur GLPI"),
                Some(sept_oct()),
                vec![yes_at(8, "B1.1"), yes_at(8, "B1.2"), yes_at(8, "B1.3")],
            ),
            realisation(
                9,
                Some("Déploiement de postes"),
                Some((
                    "04/11/24 au 20/12/24",
                    valid(date(4, 11, 2024), date(20, 12, 2024)),
                )),
                vec![yes_at(9, "B1.4"), yes_at(9, "B1.5"), yes_at(9, "B1.6")],
            ),
            realisation(
                10,
                Some("Sauvegardes du lycée"),
                Some((
                    "06/01/25 au 14/02/25",
                    valid(date(6, 1, 2025), date(14, 2, 2025)),
                )),
                vec![yes_at(10, "B1.1")],
            ),
        ],
        consumed: BTreeSet::new(),
        mark_lines: r
            .competences
            .iter()
            .map(|c| MarkLine {
                index: competence_col(&c.code),
                placed: comp(&c.code),
            })
            .collect(),
        fills: Default::default(),
    }
}

/// The kinds and cells of findings, for compact assertions.
pub fn cells(findings: &[crate::rules::Finding]) -> Vec<Option<String>> {
    findings
        .iter()
        .map(|f| f.cell.map(|c| c.to_string()))
        .collect()
}
