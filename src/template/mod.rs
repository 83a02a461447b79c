//! Grid templates: the layout of a synthesis grid (titles, identity fields, tracked level,
//! sections and their empty rows, rules), described in a TOML file of `templates/`.
//!
//! A school copies a template, edits it and passes it with `--template FILE`; the official
//! ones are compiled into the binary.

use serde::{Deserialize, Serialize};

use crate::model::{GridRules, IdentityKind};
use crate::rules::Severity;

/// Which level of the referential a grid tracks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Tracked {
    /// One mark column per competence (`competence-columns`, the official model).
    Competences,
    /// One mark column per activity, grouped under competence headings (`activity-columns`).
    Activities,
}

/// A grid layout, as read from a template file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    /// Stable identifier (`bts-sio-e5`).
    pub id: String,
    /// What the template is for, shown by `grille blank --help` and in errors.
    #[serde(default)]
    pub description: String,
    /// The referential the grid is made for (`bts-sio-b1`).
    pub referential: String,
    pub tracked: Tracked,
    /// Sheet name (« Tableau de synthèse Épreuve E5 »).
    pub sheet_name: String,
    /// Top-left title (« BTS SERVICES INFORMATIQUES AUX ORGANISATIONS »).
    pub diploma: String,
    /// Session cell, `{session}` replaced by the year (« SESSION {session} »).
    pub session_label: String,
    /// « Tableau de synthèse des réalisations professionnelles ».
    pub title: String,
    /// Identity fields, in sheet order.
    pub identity: Vec<IdentityFieldSpec>,
    /// Texts of the diagonal corner cell and of the period heading.
    pub headers: HeaderTexts,
    /// The parts of the grid, each a title row followed by empty rows.
    pub sections: Vec<SectionSpec>,
    /// Overrides the referential's grid rules when present.
    #[serde(default)]
    pub rules: Option<GridRules>,
    /// Levels of the jury's evaluation grid (`grille blank --kind evaluation`).
    #[serde(default = "default_levels")]
    pub levels: Vec<Level>,
}

/// One identity field of the template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdentityFieldSpec {
    pub field: IdentityKind,
    /// The label, value typed after it in the same cell (« NOM et prénom : »).
    pub label: String,
    /// Severity of a `missing-field` when empty; `None` when the field is optional.
    #[serde(default)]
    pub required: Option<Severity>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeaderTexts {
    /// « Compétences mises en œuvre » (top right of the diagonal cell).
    pub competences: String,
    /// « Réalisations professionnelles (intitulé et liste des documents et productions associés) ».
    pub realisations: String,
    /// « Période (sous la forme du JJ/MM/AA au JJ/MM/AA) ».
    pub period: String,
}

/// A part of the grid: a merged title row, then `rows` empty bordered rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionSpec {
    pub title: String,
    pub rows: u32,
}

/// A level of the evaluation grid (`TI` « très insuffisant »…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level {
    pub code: String,
    pub label: String,
}

fn default_levels() -> Vec<Level> {
    [("TI", "très insuffisant"), ("I", "insuffisant"), ("S", "satisfaisant"), ("TS", "très satisfaisant")]
        .into_iter()
        .map(|(code, label)| Level { code: code.into(), label: label.into() })
        .collect()
}
