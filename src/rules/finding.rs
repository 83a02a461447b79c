//! What every rule returns: a [`Finding`] (one thing a check found, tied to a cell where there
//! is one) and the [`Coverage`] of the competences. They belong to the catalogue rather than to
//! its renderers, so that the rules never import `report`; `report` re-exports both.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::{FindingKind, Severity};
use crate::model::CellPos;

/// Competence code → count, serialized as a JSON object that keeps referential order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Coverage(pub Vec<(String, u32)>);

impl Coverage {
    pub fn get(&self, code: &str) -> Option<u32> {
        self.0.iter().find(|(c, _)| c == code).map(|(_, n)| *n)
    }
}

impl Serialize for Coverage {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (code, count) in &self.0 {
            map.serialize_entry(code, count)?;
        }
        map.end()
    }
}

/// One thing a check found, tied to a cell where there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub kind: FindingKind,
    /// The short code of the kind (`C101`).
    pub code: &'static str,
    pub severity: Severity,
    pub sheet: Option<String>,
    /// A1 notation on the sheet as the candidate sees it; `null` for the whole sheet.
    pub cell: Option<CellPos>,
    pub competence: Option<String>,
    pub activity: Option<String>,
    pub message: String,
    pub suggestion: Option<String>,
}

impl Finding {
    /// A finding of this kind with its default severity; chain the setters for the rest.
    pub fn new(kind: FindingKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            code: kind.code(),
            severity: kind.default_severity(),
            sheet: None,
            cell: None,
            competence: None,
            activity: None,
            message: message.into(),
            suggestion: None,
        }
    }

    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    pub fn sheet(mut self, sheet: impl Into<String>) -> Self {
        self.sheet = Some(sheet.into());
        self
    }

    pub fn at(mut self, cell: CellPos) -> Self {
        self.cell = Some(cell);
        self
    }

    pub fn competence(mut self, code: impl Into<String>) -> Self {
        self.competence = Some(code.into());
        self
    }

    pub fn activity(mut self, code: impl Into<String>) -> Self {
        self.activity = Some(code.into());
        self
    }

    pub fn suggest(mut self, suggestion: impl Into<String>) -> Self {
        self.suggestion = Some(suggestion.into());
        self
    }
}
