//! A referential: competences, their items, and the rules a grid must follow.
//!
//! The JSON form of these types is a contract (`shared/design.md`, « Model as JSON »): fields
//! may be added, never renamed.

use serde::{Deserialize, Serialize};

/// The official description of a diploma's competences (`bts-sio-b1`, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Referential {
    /// Stable identifier used on the command line (`--referential bts-sio-b1`).
    pub id: String,
    pub title: String,
    /// Where the referential comes from (document, circular, URL).
    #[serde(default)]
    pub source: String,
    pub competences: Vec<Competence>,
    /// What a synthesis grid of this referential must satisfy.
    #[serde(default, skip_serializing_if = "GridRules::is_default")]
    pub rules: GridRules,
}

/// A competence: a code (`B1.1`), its title, and its items in source order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Competence {
    pub code: String,
    /// The source's wording, exactly (trimmed, whitespace folded).
    pub title: String,
    /// The form shown to users when the source's casing is unusable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
    /// One flat list in source order; each item says its kind.
    #[serde(default)]
    pub items: Vec<Item>,
}

/// One item of a competence: an activity, an indicator, a component, a situation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub kind: ItemKind,
    pub code: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
    /// Sub-items (« La veille est régulière et vise à : » and its three dashes).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<Item>,
}

/// The kinds of items seen in published referentials (design.md, « Vocabulary »).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ItemKind {
    /// What the candidate does (« Gérer des sauvegardes »).
    Activity,
    /// How the jury judges it (*indicateurs de performance*).
    PerformanceIndicator,
    /// *Composantes essentielles*.
    Component,
    /// *Indicateurs de développement associés*.
    DevelopmentIndicator,
    /// *Situations professionnelles associées*.
    Situation,
}

impl ItemKind {
    pub const ALL: [ItemKind; 5] = [
        ItemKind::Activity,
        ItemKind::PerformanceIndicator,
        ItemKind::Component,
        ItemKind::DevelopmentIndicator,
        ItemKind::Situation,
    ];

    /// The stable kebab-case name used in JSON and CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Activity => "activity",
            ItemKind::PerformanceIndicator => "performance-indicator",
            ItemKind::Component => "component",
            ItemKind::DevelopmentIndicator => "development-indicator",
            ItemKind::Situation => "situation",
        }
    }

    /// The French heading of this kind, as referentials print it.
    pub fn label_fr(self) -> &'static str {
        match self {
            ItemKind::Activity => "Activités",
            ItemKind::PerformanceIndicator => "Indicateurs de performance",
            ItemKind::Component => "Composantes essentielles",
            ItemKind::DevelopmentIndicator => "Indicateurs de développement associés",
            ItemKind::Situation => "Situations professionnelles associées",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            ItemKind::Activity => "Activities",
            ItemKind::PerformanceIndicator => "Performance indicators",
            ItemKind::Component => "Essential components",
            ItemKind::DevelopmentIndicator => "Development indicators",
            ItemKind::Situation => "Professional situations",
        }
    }
}

/// Rules a synthesis grid must follow for this referential. They come from the referential
/// (or a template overriding them), never from the checking code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct GridRules {
    /// Every competence must be mobilised by at least one réalisation (the official rule).
    pub every_competence: bool,
    /// In detailed grids, every activity must be marked at least once.
    pub every_activity: bool,
    /// Minimum number of titled réalisations (0 = no minimum).
    pub min_realisations: u32,
    /// Whether too few réalisations is an error (`true`) or a warning (school convention).
    pub min_realisations_is_error: bool,
}

impl Default for GridRules {
    fn default() -> Self {
        Self {
            every_competence: true,
            every_activity: true,
            min_realisations: 2,
            min_realisations_is_error: false,
        }
    }
}

impl GridRules {
    fn is_default(&self) -> bool {
        self == &Self::default()
    }
}

impl Referential {
    /// The competence with this code, if any (`B1.3`).
    pub fn competence(&self, code: &str) -> Option<&Competence> {
        self.competences.iter().find(|c| c.code == code)
    }

    /// The activity with this code and the competence it belongs to (`B1.1.5`).
    pub fn activity(&self, code: &str) -> Option<(&Competence, &Item)> {
        self.competences
            .iter()
            .find_map(|c| c.activities().find(|a| a.code == code).map(|a| (c, a)))
    }

    /// Whether any competence lists activities (grids may then be detailed).
    pub fn has_activities(&self) -> bool {
        self.competences
            .iter()
            .any(|c| c.activities().next().is_some())
    }
}

impl Competence {
    /// The text shown to users: `display` when the source's casing is unusable, else `title`.
    pub fn shown_title(&self) -> &str {
        self.display.as_deref().unwrap_or(&self.title)
    }

    /// Items of one kind, in source order.
    pub fn items_of(&self, kind: ItemKind) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(move |i| i.kind == kind)
    }

    pub fn activities(&self) -> impl Iterator<Item = &Item> {
        self.items_of(ItemKind::Activity)
    }
}

impl Item {
    pub fn new(kind: ItemKind, code: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            kind,
            code: code.into(),
            text: text.into(),
            display: None,
            items: Vec::new(),
        }
    }

    /// The text shown to users: `display` when set, else the source's `text`.
    pub fn shown_text(&self) -> &str {
        self.display.as_deref().unwrap_or(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_kind_serializes_kebab_case() {
        let json = serde_json::to_string(&ItemKind::PerformanceIndicator).unwrap();
        assert_eq!(json, "\"performance-indicator\"");
        for kind in ItemKind::ALL {
            assert_eq!(
                serde_json::to_string(&kind).unwrap(),
                format!("\"{}\"", kind.as_str())
            );
        }
    }

    #[test]
    fn fields_added_later_are_ignored_but_required_ones_are_not() {
        // design.md: fields may be added to the model JSON, never renamed.
        let ok = serde_json::from_str::<Referential>(
            r#"{"id":"x","title":"t","competences":[],"extra":1}"#,
        );
        assert!(ok.is_ok());
        let missing = serde_json::from_str::<Referential>(r#"{"title":"t","competences":[]}"#);
        assert!(missing.is_err());
    }
}
