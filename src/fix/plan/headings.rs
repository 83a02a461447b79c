//! The headings of the corrected grid: each competence (or activity) heading of the sheet
//! put at its official column with the official text, and the headings grille cannot place
//! (unknown, or from an older referential) kept in « Contenu d'origine » with a note.
use super::{Builder, outdated};
use crate::Lang;
use crate::grid::{Heading, Target};
use crate::model::CellPos;
use crate::rules::{FindingKind, Severity};
use crate::template::Tracked;
use crate::text::{clean, match_key};
use crate::xlsx::grid::GridSpot;

impl Builder<'_> {
    pub(super) fn headings(&mut self) {
        let grid = self.grid;
        for h in &grid.headings {
            match &h.target {
                Target::Competence(code) => {
                    let Some(c) = self.referential.competence(code) else {
                        self.unknown_heading(h.cell, &h.text, h.suggestion.as_deref());
                        continue;
                    };
                    let spot = GridSpot::Heading(code.clone());
                    self.official_heading(h, code, Some(c.shown_title()), spot);
                }
                Target::Activity(code) => {
                    let Some((c, item)) = self.referential.activity(code) else {
                        self.unknown_heading(h.cell, &h.text, h.suggestion.as_deref());
                        continue;
                    };
                    let code_in_grid = match self.template.tracked {
                        Tracked::Activities => code.clone(),
                        Tracked::Competences => c.code.clone(),
                    };
                    let spot = GridSpot::Heading(code_in_grid);
                    // A competences grid shows the competence's heading, not the activity's.
                    let official =
                        (self.template.tracked == Tracked::Activities).then(|| item.shown_text());
                    self.official_heading(h, code, official, spot);
                }
                Target::Outdated(old) => {
                    match outdated::current_competence(&self.referential.id, old)
                        .or_else(|| outdated::current_competence(&self.referential.id, &h.text))
                        .filter(|c| self.referential.competence(c).is_some())
                    {
                        Some(code) if self.template.tracked == Tracked::Competences => {
                            let spot = GridSpot::Heading(code.to_string());
                            let reason = match self.lang {
                                Lang::Fr => format!(
                                    "intitulé de l’ancien référentiel (2011) ; correspondance certaine avec {code}, marques reportées sur {code}"
                                ),
                                Lang::En => format!(
                                    "heading of the former referential (2011); certain match with {code}, marks carried over to {code}"
                                ),
                            };
                            self.correct(spot.clone(), Some(h.cell), &h.text, reason);
                            self.place(h.cell, spot);
                        }
                        _ => {
                            let message = match self.lang {
                                Lang::Fr => format!(
                                    "Intitulé « {} » de l’ancien référentiel (2011) sans correspondance certaine avec une compétence actuelle : ses marques ne sont pas reportées, à reprendre par l’enseignant.",
                                    clean(&h.text)
                                ),
                                Lang::En => format!(
                                    "Heading “{}” of the former referential (2011) with no certain match among current competences: its marks are not carried over, the teacher must decide.",
                                    clean(&h.text)
                                ),
                            };
                            self.leave(
                                FindingKind::OutdatedReferential,
                                Severity::Error,
                                None,
                                h.cell,
                                message,
                            );
                        }
                    }
                }
                Target::Unknown => self.unknown_heading(h.cell, &h.text, h.suggestion.as_deref()),
            }
        }
    }

    /// A heading of the referential put at its spot in the official grid, with a correction
    /// when it does not already show `official`, the text of `code` it stands for (`None`:
    /// its text is not checked).
    fn official_heading(
        &mut self,
        h: &Heading,
        code: &str,
        official: Option<&str>,
        spot: GridSpot,
    ) {
        if official.is_some_and(|o| !heading_matches(&h.text, code, o)) {
            let reason = match self.lang {
                Lang::Fr => format!("intitulé remplacé par le texte officiel de {code}"),
                Lang::En => format!("heading replaced by the official text of {code}"),
            };
            self.correct(spot.clone(), Some(h.cell), &h.text, reason);
        }
        self.place(h.cell, spot);
    }

    fn unknown_heading(&mut self, cell: CellPos, text: &str, suggestion: Option<&str>) {
        let mut message = match self.lang {
            Lang::Fr => format!(
                "Intitulé « {} » : ne correspond à aucune compétence du référentiel, sans place dans la grille officielle.",
                clean(text)
            ),
            Lang::En => format!(
                "Heading “{}”: matches no competence of the referential, no place in the official grid.",
                clean(text)
            ),
        };
        if let Some(s) = suggestion {
            message.push_str(&match self.lang {
                Lang::Fr => format!(" Texte officiel le plus proche : « {s} »."),
                Lang::En => format!(" Closest official text: “{s}”."),
            });
        }
        self.leave(
            FindingKind::UnknownColumn,
            Severity::Warning,
            None,
            cell,
            message,
        );
    }
}

/// Whether a heading already shows the official text (its code, its title, or both; case,
/// accents, punctuation and the activities printed below it do not matter).
fn heading_matches(text: &str, code: &str, official: &str) -> bool {
    let key = match_key(text);
    let official = match_key(official);
    !official.is_empty() && key.contains(&official) || key == match_key(code)
}
