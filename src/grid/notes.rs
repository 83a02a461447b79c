//! Notes under the grid: « Légende : X = compétence mobilisée », « * une réalisation par
//! ligne ». Such a line sits in the title column below the last réalisation, with no period
//! and no mark: read as a réalisation it would raise an empty period and change the count.
//! Only a line that says it is a note is one — a title left without period or marks is a
//! réalisation to complete, and is told so.

use super::Realisation;
use crate::text::match_key;

/// Words that open a note, never a réalisation title (match keys).
const OPENINGS: &[&str] = &[
    "legende",
    "nb ",
    "n b ",
    "note ",
    "notes ",
    "remarque",
    "attention",
    "cocher ",
    "cochez ",
    "indiquer ",
    "indiquez ",
    "une realisation par ligne",
];

/// Whether a text reads as a note about how to fill the grid.
pub(crate) fn is_note(text: &str) -> bool {
    let t = text.trim_start();
    if t.starts_with(['*', '※']) {
        return true;
    }
    let key = format!("{} ", match_key(t));
    OPENINGS.iter().any(|w| key.starts_with(w))
        || key.contains("competence mobilisee")
        || key.contains("competences mobilisees")
}

/// Drops the notes trailing the grid: from the last réalisation up, the title-only rows
/// (no mark, nothing in the period cell) that read as notes. Returns the cells dropped, for
/// them to stay unconsumed (`grille fix` keeps them).
pub(crate) fn drop_trailing_notes(
    realisations: &mut Vec<Realisation>,
) -> Vec<crate::model::CellPos> {
    let mut dropped = Vec::new();
    while let Some(last) = realisations.last() {
        let blank_period = last.period.as_ref().is_none_or(|p| p.raw.trim().is_empty());
        let note =
            last.marks.is_empty() && blank_period && last.title.as_deref().is_some_and(is_note);
        if !note {
            break;
        }
        dropped.push(last.cell);
        realisations.pop();
    }
    dropped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_are_told_from_titles() {
        for note in [
            "Légende : X = compétence mobilisée",
            "Cocher d’une croix (X) chaque compétence mise en œuvre.",
            "* une réalisation par ligne",
            "NB : une réalisation par ligne",
            "Remarque : voir le portfolio",
        ] {
            assert!(is_note(note), "{note:?}");
        }
        for title in [
            "Mise en place d’un serveur GLPI",
            "Notation des fournisseurs (application web)",
            "Veille technologique",
            "Cochonnet : site du club de pétanque",
        ] {
            assert!(!is_note(title), "{title:?}");
        }
    }
}
