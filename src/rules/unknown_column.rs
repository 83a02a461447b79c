//! `unknown-column`: a heading that matches nothing in the referential (a row heading in the
//! transposed layout). A heading of an older referential (`Target::Outdated`) is one too, at
//! its cell; `outdated-referential` adds one finding for the whole sheet.

use strsim::normalized_levenshtein;

use super::{FindingKind, finding, quote};
use crate::Lang;
use crate::grid::{Grid, Heading, Target};
use crate::model::Referential;
use crate::rules::Finding;
use crate::template::Template;
use crate::text::match_key;

/// Below this similarity, the closest official text is no help as a suggestion.
const MIN_SIMILARITY: f64 = 0.5;

pub fn apply(grid: &Grid, referential: &Referential, _: &Template, lang: Lang) -> Vec<Finding> {
    let mut headings: Vec<&Heading> = grid
        .headings
        .iter()
        .filter(|h| matches!(h.target, Target::Unknown | Target::Outdated(_)))
        .collect();
    headings.sort_by_key(|h| h.cell);
    headings
        .into_iter()
        .map(|h| {
            let text = quote(&h.text, lang);
            let message = match (&h.target, lang) {
                (Target::Outdated(code), Lang::Fr) => format!(
                    "L’intitulé {text} ({}) vient d’un ancien référentiel ({code}) et ne correspond à rien dans {}.",
                    h.cell, referential.id
                ),
                (Target::Outdated(code), Lang::En) => format!(
                    "The heading {text} ({}) comes from an older referential ({code}) and matches nothing in {}.",
                    h.cell, referential.id
                ),
                (_, Lang::Fr) => format!(
                    "L’intitulé {text} ({}) ne correspond à rien dans {} : ses marques ne comptent pour aucune compétence.",
                    h.cell, referential.id
                ),
                (_, Lang::En) => format!(
                    "The heading {text} ({}) matches nothing in {}: its marks count for no competence.",
                    h.cell, referential.id
                ),
            };
            let closest = h
                .suggestion
                .clone()
                .or_else(|| closest_official_text(&h.text, referential));
            let suggestion = match (closest, lang) {
                (Some(s), Lang::Fr) => format!("Remplacer l’intitulé par {}.", quote(&s, lang)),
                (Some(s), Lang::En) => format!("Replace the heading with “{s}”."),
                (None, Lang::Fr) => {
                    "Reprendre le texte officiel d’une compétence du référentiel, ou supprimer la colonne.".to_string()
                }
                (None, Lang::En) => {
                    "Use the official text of a competence of the referential, or remove the column.".to_string()
                }
            };
            finding(grid, FindingKind::UnknownColumn, message)
                .at(h.cell)
                .suggest(suggestion)
        })
        .collect()
}

/// The competence heading (« B1.4 Travailler en mode projet ») or activity text closest to
/// `text`, when it is close enough to help.
pub(crate) fn closest_official_text(text: &str, referential: &Referential) -> Option<String> {
    let key = match_key(text);
    if key.is_empty() {
        return None;
    }
    let mut candidates: Vec<(String, String)> = Vec::new();
    for c in &referential.competences {
        let shown = format!("{} {}", c.code, c.shown_title());
        candidates.push((match_key(c.shown_title()), shown.clone()));
        candidates.push((match_key(&shown), shown));
        for a in c.activities() {
            candidates.push((match_key(a.shown_text()), a.shown_text().to_string()));
        }
    }
    candidates
        .into_iter()
        .map(|(k, shown)| (normalized_levenshtein(&key, &k), shown))
        .filter(|(score, _)| *score >= MIN_SIMILARITY)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, shown)| shown)
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::rules::Severity;

    #[test]
    fn known_headings_give_nothing() {
        assert!(apply(&full_grid(), &referential(), &template(), Lang::Fr).is_empty());
    }

    #[test]
    fn unknown_and_outdated_headings_are_reported_at_their_cell() {
        let mut g = full_grid();
        let mut typo = heading(6, 10, Target::Unknown, "Travailer en mode projt");
        typo.cell = pos("K7");
        g.headings.push(typo);
        let mut given = heading(6, 9, Target::Unknown, "Compétence X");
        given.suggestion = Some("B1.2 Répondre aux incidents".into());
        g.headings.push(given);
        g.headings.push(heading(
            5,
            3,
            Target::Outdated("A1.1.1".into()),
            "A1.1.1 Analyse du cahier des charges d'un service à produire",
        ));
        let found = apply(&g, &referential(), &template(), Lang::Fr);
        assert_eq!(
            cells(&found),
            [Some("D6".into()), Some("J7".into()), Some("K7".into())]
        );
        assert!(
            found
                .iter()
                .all(|f| f.kind == FindingKind::UnknownColumn && f.severity == Severity::Warning)
        );
        assert!(
            found[0].message.contains("ancien référentiel (A1.1.1)"),
            "{}",
            found[0].message
        );
        assert_eq!(
            found[1].suggestion.as_deref(),
            Some("Remplacer l’intitulé par « B1.2 Répondre aux incidents ».")
        );
        assert_eq!(
            found[2].suggestion.as_deref(),
            Some("Remplacer l’intitulé par « B1.4 Travailler en mode projet ».")
        );
    }

    #[test]
    fn nothing_close_gives_a_general_suggestion() {
        assert_eq!(closest_official_text("Gastronomie", &referential()), None);
        assert_eq!(closest_official_text("  ", &referential()), None);
    }
}
