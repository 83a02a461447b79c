//! The identity fields a synthesis grid carries.

use serde::{Deserialize, Serialize};

/// One identity field of a grid (design.md, « Grid »).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IdentityKind {
    /// « NOM et prénom ».
    Name,
    /// « N° candidat ».
    Number,
    /// « Centre de formation ».
    School,
    /// « Option » (SISR or SLAM), often as boxes « ☒ SISR ☐ SLAM ».
    Option,
    /// « Adresse URL du portfolio ».
    PortfolioUrl,
    /// « SESSION 2026 ».
    Session,
}

impl IdentityKind {
    pub const ALL: [IdentityKind; 6] = [
        IdentityKind::Name,
        IdentityKind::Number,
        IdentityKind::School,
        IdentityKind::Option,
        IdentityKind::PortfolioUrl,
        IdentityKind::Session,
    ];

    /// The official label of the field.
    pub fn label(self, lang: crate::Lang) -> &'static str {
        match self {
            IdentityKind::Name => lang.pick("NOM et prénom", "Name"),
            IdentityKind::Number => lang.pick("N° candidat", "Candidate number"),
            IdentityKind::School => lang.pick("Centre de formation", "School"),
            IdentityKind::Option => lang.pick("Option", "Option"),
            IdentityKind::PortfolioUrl => lang.pick("Adresse URL du portfolio", "Portfolio URL"),
            IdentityKind::Session => lang.pick("Session", "Session"),
        }
    }
}
