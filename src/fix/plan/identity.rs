//! The identity block of the corrected grid: each field the candidate filled carried to its
//! official cell, the option box ticked the official way, the fields the template requires
//! and the sheet leaves empty told « à vérifier ».
use super::Builder;
use crate::Lang;
use crate::model::IdentityKind;
use crate::rules::{FindingKind, Severity};
use crate::text::{clean, match_key};
use crate::xlsx::grid::GridSpot;

impl Builder<'_> {
    pub(super) fn identity(&mut self) {
        let grid = self.grid;
        for field in &grid.identity {
            let spot = GridSpot::Identity(field.kind);
            let Some(value) = field.value.as_deref().map(clean).filter(|v| !v.is_empty()) else {
                continue;
            };
            if field.kind == IdentityKind::Option {
                let known = self
                    .template
                    .options
                    .iter()
                    .find(|o| match_key(o) == match_key(&value))
                    .cloned();
                if let Some(option) = known {
                    if !option_is_canonical(&field.raw, &option) {
                        let reason = match self.lang {
                            Lang::Fr => {
                                format!("option {option} : case cochée ☒ au format officiel")
                            }
                            Lang::En => {
                                format!("option {option}: box ticked ☒ as in the official form")
                            }
                        };
                        self.correct(spot.clone(), Some(field.cell), &field.raw, reason);
                    }
                    self.plan.fill.identity.insert(IdentityKind::Option, option);
                    self.place(field.cell, spot);
                } else {
                    let message = match self.lang {
                        Lang::Fr => format!(
                            "Option « {} » : ni SISR ni SLAM, à cocher par le candidat.",
                            field.raw.trim()
                        ),
                        Lang::En => format!(
                            "Option “{}”: neither SISR nor SLAM, the candidate must tick one.",
                            field.raw.trim()
                        ),
                    };
                    self.leave(
                        FindingKind::MissingField,
                        Severity::Error,
                        Some(spot),
                        field.cell,
                        message,
                    );
                }
                continue;
            }
            if field.kind != IdentityKind::Session {
                let label = self
                    .template
                    .identity
                    .iter()
                    .find(|s| s.field == field.kind)
                    .map(|s| s.label.as_str())
                    .unwrap_or("");
                let official = format!("{label}{value}");
                if match_key(&field.raw) != match_key(&official) {
                    let reason = match self.lang {
                        Lang::Fr => format!(
                            "valeur reportée après le libellé officiel « {} »",
                            label.trim()
                        ),
                        Lang::En => {
                            format!("value moved after the official label “{}”", label.trim())
                        }
                    };
                    self.correct(spot.clone(), Some(field.cell), &field.raw, reason);
                }
            }
            self.plan.fill.identity.insert(field.kind, value);
            self.place(field.cell, spot);
        }
        // Required fields left empty: never invented.
        for spec in &self.template.identity {
            let Some(severity) = spec.required else {
                continue;
            };
            if self.plan.fill.identity.contains_key(&spec.field)
                || self
                    .plan
                    .remaining
                    .iter()
                    .any(|r| r.spot == Some(GridSpot::Identity(spec.field)))
            {
                continue;
            }
            let origin = self
                .grid
                .identity
                .iter()
                .find(|f| f.kind == spec.field)
                .map(|f| f.cell);
            let label = spec.field.label(self.lang);
            let message = match self.lang {
                Lang::Fr => format!(
                    "{label} : champ vide, à compléter par le candidat (grille ne l’invente pas)."
                ),
                Lang::En => format!(
                    "{label}: empty field, the candidate must fill it in (grille never invents it)."
                ),
            };
            self.remain(
                FindingKind::MissingField,
                severity,
                Some(GridSpot::Identity(spec.field)),
                origin,
                message,
            );
        }
    }
}

/// Whether the option cell already shows the official ticked box (« ☒ SISR », possibly after
/// the label and followed by the other, unticked, box).
pub(super) fn option_is_canonical(raw: &str, option: &str) -> bool {
    let text = clean(raw);
    let text = text
        .strip_prefix("Option")
        .map(|t| t.trim_start_matches([' ', ':']))
        .unwrap_or(&text);
    // Boxes and option names alternate: « ☒ SISR », « ▢ SISR ☒ SLAM »…
    let tokens: Vec<&str> = text.split(' ').filter(|t| !t.is_empty()).collect();
    if tokens.is_empty() || !tokens.len().is_multiple_of(2) {
        return false;
    }
    let mut chosen_ticked = false;
    for pair in tokens.chunks(2) {
        let (mark, name) = (pair[0], pair[1]);
        let ticked = mark == "☒";
        let empty = mark == "▢" || mark == "☐";
        if name == option {
            chosen_ticked = ticked;
            if !ticked {
                return false;
            }
        } else if !empty {
            return false;
        }
    }
    chosen_ticked
}
