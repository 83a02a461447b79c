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
    [
        ("TI", "très insuffisant"),
        ("I", "insuffisant"),
        ("S", "satisfaisant"),
        ("TS", "très satisfaisant"),
    ]
    .into_iter()
    .map(|(code, label)| Level {
        code: code.into(),
        label: label.into(),
    })
    .collect()
}

/// A template file that could not be used.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error("{origin} : impossible de lire le modèle ({source})")]
    Io {
        origin: String,
        source: std::io::Error,
    },
    #[error("{origin} : modèle invalide ({message})")]
    Invalid { origin: String, message: String },
    #[error("modèle inconnu « {name} » : ni un modèle intégré ({known}), ni un fichier existant")]
    Unknown { name: String, known: String },
}

impl TemplateError {
    pub fn message(&self, lang: crate::Lang) -> String {
        match (self, lang) {
            (_, crate::Lang::Fr) => self.to_string(),
            (TemplateError::Io { origin, source }, crate::Lang::En) => {
                format!("{origin}: cannot read the template ({source})")
            }
            (TemplateError::Invalid { origin, message }, crate::Lang::En) => {
                format!("{origin}: invalid template ({message})")
            }
            (TemplateError::Unknown { name, known }, crate::Lang::En) => format!(
                "unknown template « {name} »: neither an embedded one ({known}) nor an existing file"
            ),
        }
    }
}

/// Templates compiled into the binary: (id, TOML source).
const EMBEDDED: &[(&str, &str)] = &[(
    "bts-sio-e5",
    include_str!("../../templates/bts-sio-e5.toml"),
)];

impl Template {
    /// Parses a template from its TOML text; `origin` names it in errors.
    pub fn parse(text: &str, origin: &str) -> Result<Self, TemplateError> {
        toml::from_str(text).map_err(|e| TemplateError::Invalid {
            origin: origin.into(),
            message: e.to_string(),
        })
    }

    /// An embedded template by id.
    pub fn embedded(id: &str) -> Option<Self> {
        EMBEDDED
            .iter()
            .find(|(i, _)| i.eq_ignore_ascii_case(id.trim()))
            .and_then(|(i, text)| Self::parse(text, i).ok())
    }

    /// Ids of the embedded templates.
    pub fn embedded_ids() -> Vec<&'static str> {
        EMBEDDED.iter().map(|(i, _)| *i).collect()
    }

    /// An embedded template by id, or else a TOML file by path (`--template ID|FILE`).
    pub fn load(id_or_path: &str) -> Result<Self, TemplateError> {
        if let Some(t) = Self::embedded(id_or_path) {
            return Ok(t);
        }
        let path = std::path::Path::new(id_or_path);
        if !path.exists() {
            return Err(TemplateError::Unknown {
                name: id_or_path.into(),
                known: Self::embedded_ids().join(", "),
            });
        }
        let text = std::fs::read_to_string(path).map_err(|source| TemplateError::Io {
            origin: id_or_path.into(),
            source,
        })?;
        Self::parse(&text, id_or_path)
    }

    /// The default template of a referential (the official grid for `bts-sio-b1`).
    pub fn default_for(referential: &str) -> Option<Self> {
        EMBEDDED
            .iter()
            .filter_map(|(i, _)| Self::embedded(i))
            .find(|t| t.referential == referential)
    }

    /// The grid rules in force: the template's when it sets them, else the referential's.
    pub fn rules_for(&self, referential: &crate::model::Referential) -> GridRules {
        self.rules
            .clone()
            .unwrap_or_else(|| referential.rules.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_templates_parse() {
        for id in Template::embedded_ids() {
            let t = Template::embedded(id).unwrap_or_else(|| panic!("{id} does not parse"));
            assert_eq!(t.id, id);
        }
        let official = Template::default_for("bts-sio-b1").unwrap();
        assert_eq!(
            official.sections.iter().map(|s| s.rows).collect::<Vec<_>>(),
            [10, 7, 7]
        );
        assert_eq!(official.levels.len(), 4);
    }
}
