//! Converters from the model to the formats teachers' platforms use
//! (`grille referential convert … --to json|markdown|csv|xlsx|moodle|case`).
//!
//! Every converter is a pure function of the model (and the language of labels): the same
//! referential always gives the same bytes.
//!
//! ```
//! use grille::referential::{convert::{convert, Target}, embedded};
//! let r = embedded::get("bts-sio-b1").unwrap();
//! let csv = convert(&r, Target::Csv, grille::Lang::Fr).unwrap();
//! assert!(String::from_utf8(csv).unwrap().contains("B1.1.5,Gérer des sauvegardes"));
//! ```

pub mod case;
pub mod csv;
pub mod json;
pub mod markdown;
pub mod moodle;
pub mod xlsx;

use std::str::FromStr;

use crate::Lang;
use crate::model::{Competence, Item, ItemKind, Referential};

/// The formats a referential converts to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// The model's JSON (design.md, « Model as JSON »).
    Json,
    /// A readable outline that grille's Markdown reader reads back.
    Markdown,
    /// One row per item: competence code, competence title, kind, item code, text.
    Csv,
    /// A formatted, print-ready workbook.
    Xlsx,
    /// Moodle's competency framework import (tool_lpimportcsv).
    Moodle,
    /// A 1EdTech CASE 1.1 package (CFDocument, CFItems, CFAssociations).
    Case,
}

impl Target {
    pub const ALL: [Target; 6] = [
        Target::Json,
        Target::Markdown,
        Target::Csv,
        Target::Xlsx,
        Target::Moodle,
        Target::Case,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Target::Json => "json",
            Target::Markdown => "markdown",
            Target::Csv => "csv",
            Target::Xlsx => "xlsx",
            Target::Moodle => "moodle",
            Target::Case => "case",
        }
    }

    /// The usual file extension of this format.
    pub fn extension(self) -> &'static str {
        match self {
            Target::Json | Target::Case => "json",
            Target::Markdown => "md",
            Target::Csv | Target::Moodle => "csv",
            Target::Xlsx => "xlsx",
        }
    }

    /// Binary formats cannot go to a terminal: they need an output file.
    pub fn is_binary(self) -> bool {
        self == Target::Xlsx
    }
}

impl FromStr for Target {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let key = s.trim().to_ascii_lowercase();
        let key = if key == "md" { "markdown".into() } else { key };
        Target::ALL
            .into_iter()
            .find(|t| t.name() == key)
            .ok_or_else(|| {
                format!(
                    "format inconnu « {s} » (attendu : {})",
                    Target::ALL.map(Target::name).join(", ")
                )
            })
    }
}

/// A referential that could not be converted (only the workbook writer can fail).
#[derive(Debug, thiserror::Error)]
pub enum ConvertError {
    #[error("création du classeur impossible ({0})")]
    Xlsx(String),
}

impl ConvertError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (_, Lang::Fr) => self.to_string(),
            (ConvertError::Xlsx(m), Lang::En) => format!("cannot build the workbook ({m})"),
        }
    }
}

/// Converts a referential to the target format. Labels (kinds, headings) follow `lang`; the
/// referential's own texts are never translated.
pub fn convert(r: &Referential, to: Target, lang: Lang) -> Result<Vec<u8>, ConvertError> {
    Ok(match to {
        Target::Json => json::to_string(r).into_bytes(),
        Target::Markdown => markdown::to_string(r, lang).into_bytes(),
        Target::Csv => csv::to_string(r).into_bytes(),
        Target::Moodle => moodle::to_string(r, lang).into_bytes(),
        Target::Case => case::to_string(r, lang).into_bytes(),
        Target::Xlsx => xlsx::workbook(r, lang).map_err(|e| ConvertError::Xlsx(e.to_string()))?,
    })
}

/// The name of one item of a kind (« Activité », « Indicateur de performance »…).
pub fn kind_singular(kind: ItemKind, lang: Lang) -> &'static str {
    match kind {
        ItemKind::Activity => lang.pick("Activité", "Activity"),
        ItemKind::PerformanceIndicator => {
            lang.pick("Indicateur de performance", "Performance indicator")
        }
        ItemKind::Component => lang.pick("Composante essentielle", "Essential component"),
        ItemKind::DevelopmentIndicator => {
            lang.pick("Indicateur de développement", "Development indicator")
        }
        ItemKind::Situation => lang.pick("Situation professionnelle", "Professional situation"),
    }
}

/// The heading of a kind's list (« Activités »…).
pub fn kind_heading(kind: ItemKind, lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => kind.label_fr(),
        Lang::En => kind.label_en(),
    }
}

/// One item with its competence and its depth (0 for items, 1 for sub-items…), in reading
/// order: the shape of the CSV, the workbook and the outline.
pub struct Row<'a> {
    pub competence: &'a Competence,
    pub item: &'a Item,
    pub depth: usize,
}

/// Every item of the referential, sub-items right after their parent.
pub fn rows(r: &Referential) -> Vec<Row<'_>> {
    fn push<'a>(
        out: &mut Vec<Row<'a>>,
        competence: &'a Competence,
        items: &'a [Item],
        depth: usize,
    ) {
        for item in items {
            out.push(Row {
                competence,
                item,
                depth,
            });
            push(out, competence, &item.items, depth + 1);
        }
    }
    let mut out = Vec::new();
    for c in &r.competences {
        push(&mut out, c, &c.items, 0);
    }
    out
}

/// The kinds a competence uses, in the order they first appear.
pub fn kinds_of(c: &Competence) -> Vec<ItemKind> {
    let mut kinds = Vec::new();
    for item in &c.items {
        if !kinds.contains(&item.kind) {
            kinds.push(item.kind);
        }
    }
    kinds
}

/// Guards a spreadsheet cell against formula injection (OWASP): text starting with
/// `= + - @`, a tab or a carriage return gets a leading `'`.
///
/// ```
/// use grille::referential::convert::guard_formula;
/// assert_eq!(guard_formula("=1+1"), "'=1+1");
/// assert_eq!(guard_formula("Gérer"), "Gérer");
/// ```
pub fn guard_formula(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_parse_by_name() {
        for t in Target::ALL {
            assert_eq!(t.name().parse::<Target>(), Ok(t));
        }
        assert_eq!("MD".parse::<Target>(), Ok(Target::Markdown));
        assert!(
            "pdf"
                .parse::<Target>()
                .unwrap_err()
                .contains("format inconnu")
        );
    }
}
