//! The report of one checked sheet, and its renderers (text for people, JSON for programs).
//!
//! [`Report`] serializes to exactly the object of `shared/design.md` (« JSON report »); fields
//! are only ever added.

pub mod json;
pub mod text;

use serde::Serialize;

use crate::model::{CellPos, Date};
use crate::rules::Severity;
pub use crate::rules::{Coverage, Finding};

/// One object per checked file (a batch writes one per line).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The file as the user named it (or its path inside an archive).
    pub file: String,
    /// The sheet that holds the grid (`null` when none was found).
    pub sheet: Option<String>,
    pub referential: String,
    /// `competence-columns`, `activity-columns`, `competence-rows` or `list`.
    pub layout: Option<String>,
    pub candidate: Candidate,
    pub realisations: Vec<RealisationReport>,
    /// Number of réalisations that validly mobilise each competence, in referential order.
    pub coverage: Coverage,
    pub findings: Vec<Finding>,
}

/// Identity fields as read from the sheet; `null` when absent or empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Candidate {
    pub name: Option<String>,
    pub number: Option<String>,
    pub school: Option<String>,
    pub option: Option<String>,
    pub session: Option<String>,
    pub portfolio_url: Option<String>,
}

/// One réalisation as the report shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RealisationReport {
    /// The title cell.
    pub cell: CellPos,
    pub title: String,
    pub period: Option<PeriodReport>,
    /// Competence codes this réalisation validly mobilises (misassigned activities counted
    /// where they belong), in referential order.
    pub competences: Vec<String>,
    /// Activity codes, where the grid is detailed or the list names them.
    pub activities: Vec<String>,
}

/// A period as written, and the dates it was read as (when it could be read).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PeriodReport {
    pub text: String,
    pub start: Option<Date>,
    pub end: Option<Date>,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count()
    }

    pub fn warnings(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
            .count()
    }
}

impl Report {
    /// The report of a grid checked against a referential: candidate, réalisations and
    /// coverage from the grid, and the findings the rules gave.
    ///
    /// `file` is the file as the user named it (or its path inside an archive).
    pub fn build(
        file: &str,
        grid: &crate::grid::Grid,
        referential: &crate::model::Referential,
        findings: Vec<Finding>,
    ) -> Self {
        use crate::rules::coverage::{coverage, is_titled, mobilised};
        let realisations = grid
            .realisations
            .iter()
            .filter(|r| is_titled(r))
            .map(|r| {
                let m = mobilised(r, referential);
                RealisationReport {
                    cell: r.cell,
                    title: crate::text::clean(r.title.as_deref().unwrap_or_default()),
                    period: r.period.as_ref().map(PeriodReport::from),
                    competences: m.competence_codes(referential),
                    activities: m.activity_codes(referential),
                }
            })
            .collect();
        Self {
            file: file.to_string(),
            sheet: Some(grid.sheet.clone()),
            referential: referential.id.clone(),
            layout: Some(grid.layout.name().to_string()),
            candidate: Candidate::from_identity(&grid.identity),
            realisations,
            coverage: coverage(grid, referential),
            findings,
        }
    }

    /// Whether `grille check` must exit 1: any error, or any warning when `strict`.
    pub fn fails(&self, strict: bool) -> bool {
        self.errors() > 0 || (strict && self.warnings() > 0)
    }
}

impl Candidate {
    /// The identity fields as read (the first of each kind; `null` when empty).
    pub fn from_identity(fields: &[crate::grid::IdentityField]) -> Self {
        use crate::model::IdentityKind;
        let value = |kind: IdentityKind| {
            fields
                .iter()
                .filter(|f| f.kind == kind)
                .find_map(|f| f.value.as_deref())
                .map(crate::text::clean)
                .filter(|v| !v.is_empty())
        };
        Self {
            name: value(IdentityKind::Name),
            number: value(IdentityKind::Number),
            school: value(IdentityKind::School),
            option: value(IdentityKind::Option),
            session: value(IdentityKind::Session),
            portfolio_url: value(IdentityKind::PortfolioUrl),
        }
    }
}

impl From<&crate::grid::PeriodCell> for PeriodReport {
    fn from(cell: &crate::grid::PeriodCell) -> Self {
        use crate::grid::Period;
        let (start, end) = match &cell.parsed {
            Period::Valid { start, end } => (Some(*start), Some(*end)),
            Period::Invalid { start, end, .. } => (*start, *end),
        };
        Self {
            text: crate::text::clean(&cell.raw),
            start,
            end,
        }
    }
}
