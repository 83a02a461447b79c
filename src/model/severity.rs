//! How serious a finding is. It sits in the model, not in the rules' catalogue, because
//! templates set it too (the severity of a missing identity field) and templates are read
//! before, and without, the rules.

use serde::{Deserialize, Serialize};

use crate::Lang;

/// How serious a finding is. Errors make `grille check` exit 1; warnings only with `--strict`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Severity::Warning => lang.pick("avertissement", "warning"),
            Severity::Error => lang.pick("erreur", "error"),
        }
    }
}
