//! `missing-field`: a required identity field is empty or absent.
//!
//! The required fields and their severity come from the template's `identity` list. Option
//! boxes with none ticked (« ☐ SISR ☐ SLAM ») count as empty.

use super::{FindingKind, finding, quote};
use crate::Lang;
use crate::grid::{Grid, IdentityField};
use crate::model::{IdentityKind, Referential};
use crate::rules::Finding;
use crate::template::Template;
use crate::text::is_blank;

pub fn apply(grid: &Grid, _: &Referential, template: &Template, lang: Lang) -> Vec<Finding> {
    let mut out: Vec<Finding> = template
        .identity
        .iter()
        .filter_map(|spec| {
            let severity = spec.required?;
            let field = grid.identity.iter().find(|f| f.kind == spec.field);
            if field.is_some_and(|f| !is_empty(f)) {
                return None;
            }
            let label = spec.field.label(lang);
            let message = match (field, lang) {
                (Some(f), Lang::Fr) => format!(
                    "Le champ {} est vide ({}).",
                    quote(label, lang),
                    f.cell
                ),
                (Some(f), Lang::En) => format!("The field “{label}” is empty ({}).", f.cell),
                (None, Lang::Fr) => format!(
                    "Le champ {} est absent de la feuille.",
                    quote(label, lang)
                ),
                (None, Lang::En) => format!("The field “{label}” is missing from the sheet."),
            };
            let written_label = spec.label.trim();
            let suggestion = match (spec.field, lang) {
                (IdentityKind::Option, Lang::Fr) => {
                    "Cocher la case de l’option : ☒ SISR ou ☒ SLAM.".to_string()
                }
                (IdentityKind::Option, Lang::En) => {
                    "Tick the option's box: ☒ SISR or ☒ SLAM.".to_string()
                }
                (_, Lang::Fr) if field.is_some() => format!(
                    "Écrire la valeur après {}, dans la même cellule.",
                    quote(written_label, lang)
                ),
                (_, Lang::En) if field.is_some() => {
                    format!("Write the value after “{written_label}”, in the same cell.")
                }
                (_, Lang::Fr) => format!(
                    "Ajouter la ligne {} suivie de la valeur, comme sur le modèle officiel.",
                    quote(written_label, lang)
                ),
                (_, Lang::En) => format!(
                    "Add the line “{written_label}” followed by the value, as on the official model."
                ),
            };
            let mut f = finding(grid, FindingKind::MissingField, message)
                .severity(severity)
                .suggest(suggestion);
            if let Some(field) = field {
                f = f.at(field.cell);
            }
            Some(f)
        })
        .collect();
    out.sort_by_key(|f| (f.cell.is_none(), f.cell));
    out
}

/// Whether a field holds nothing: no value, a blank one, or option boxes none of which is
/// ticked (an extraction that kept « ☐ SISR ☐ SLAM » as the value).
fn is_empty(field: &IdentityField) -> bool {
    let Some(value) = field.value.as_deref() else {
        return true;
    };
    if is_blank(value) {
        return true;
    }
    if field.kind == IdentityKind::Option {
        let unticked = value.contains(['☐', '▢']);
        let ticked = value.contains(['☒', '☑', '▣', 'þ']);
        return unticked && !ticked;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::rules::Severity;

    #[test]
    fn complete_identity_gives_nothing() {
        assert!(apply(&full_grid(), &referential(), &template(), Lang::Fr).is_empty());
    }

    #[test]
    fn option_with_no_box_ticked_is_an_error_at_its_cell() {
        let mut g = full_grid();
        g.identity[3] = identity(IdentityKind::Option, 4, None);
        g.identity[3].raw = "Option : ☐ SISR ☐ SLAM".into();
        let found = apply(&g, &referential(), &template(), Lang::Fr);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].kind, FindingKind::MissingField);
        assert_eq!(found[0].severity, Severity::Error);
        assert_eq!(cells(&found), [Some("A5".to_string())]);
        assert_eq!(found[0].message, "Le champ « Option » est vide (A5).");
        assert!(found[0].suggestion.as_deref().unwrap().contains("☒ SISR"));
        // Unticked boxes kept as the value are empty too.
        g.identity[3].value = Some("☐ SISR ☐ SLAM".into());
        assert_eq!(apply(&g, &referential(), &template(), Lang::Fr).len(), 1);
        g.identity[3].value = Some("☐ SISR þ SLAM".into());
        assert!(apply(&g, &referential(), &template(), Lang::Fr).is_empty());
    }

    #[test]
    fn severity_follows_the_template_and_absent_fields_have_no_cell() {
        let mut g = full_grid();
        g.identity.retain(|f| f.kind != IdentityKind::PortfolioUrl);
        g.identity[0].value = Some("  ".into());
        let found = apply(&g, &referential(), &template(), Lang::Fr);
        assert_eq!(cells(&found), [Some("A2".to_string()), None]);
        assert_eq!(found[0].severity, Severity::Error);
        assert_eq!(found[1].severity, Severity::Warning);
        assert_eq!(
            found[1].message,
            "Le champ « Adresse URL du portfolio » est absent de la feuille."
        );
        // A template that does not require the field says nothing about it.
        let mut t = template();
        t.identity.iter_mut().for_each(|s| s.required = None);
        assert!(apply(&g, &referential(), &t, Lang::Fr).is_empty());
    }

    #[test]
    fn english_messages() {
        let mut g = full_grid();
        g.identity[1].value = None;
        let found = apply(&g, &referential(), &template(), Lang::En);
        assert_eq!(
            found[0].message,
            "The field “Candidate number” is empty (A3)."
        );
    }
}
