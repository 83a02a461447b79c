//! Moodle's « Télécharger tous les travaux remis » archives name each submission after its
//! author: `Jeanne DUPONT_1234567_assignsubmission_file_/Tableau de synthèse.xlsx`, or, without
//! the folder level, `Jeanne DUPONT_1234567_assignsubmission_file_Tableau.xlsx`.
//!
//! The name found there stands in for the candidate's name when the sheet lacks it. The number
//! is Moodle's participant id, never the candidate number of the exam.

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

/// Who handed a file in, as the Moodle archive names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Submission {
    /// The full name as Moodle wrote it (« Jeanne DUPONT »).
    pub name: String,
    /// Moodle's participant id (not the candidate number).
    pub participant: String,
}

static COMPONENT: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<name>.+)_(?P<id>[0-9]+)_assign(?:submission|feedback)_[a-z0-9]+_(?P<rest>.*)$",
    )
    .ok()
});

/// A path component split into its submission and what follows the Moodle prefix.
///
/// ```
/// use grille::batch::moodle::split_component;
/// let (who, rest) = split_component("Jeanne DUPONT_1234567_assignsubmission_file_Tableau.xlsx").unwrap();
/// assert_eq!(who.name, "Jeanne DUPONT");
/// assert_eq!(who.participant, "1234567");
/// assert_eq!(rest, "Tableau.xlsx");
/// ```
pub fn split_component(component: &str) -> Option<(Submission, &str)> {
    let caps = COMPONENT.as_ref()?.captures(component)?;
    let name = crate::text::clean(caps.name("name")?.as_str());
    if name.is_empty() {
        return None;
    }
    Some((
        Submission {
            name,
            participant: caps.name("id")?.as_str().to_string(),
        },
        caps.name("rest")?.as_str(),
    ))
}

/// The submission named by the first Moodle-shaped component of a `/`-separated path.
///
/// ```
/// use grille::batch::moodle::submission;
/// let who = submission("Jeanne DUPONT_1234567_assignsubmission_file_/Tableau de synthèse.xlsx");
/// assert_eq!(who.unwrap().name, "Jeanne DUPONT");
/// assert!(submission("classe/dupont.xlsx").is_none());
/// ```
pub fn submission(path: &str) -> Option<Submission> {
    path.split(['/', '\\'])
        .find_map(split_component)
        .map(|(who, _)| who)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_and_flat_forms() {
        let who =
            submission("Élodie MARTIN-LÉGER_42_assignsubmission_file_/sous-dossier/a.ods").unwrap();
        assert_eq!(who.name, "Élodie MARTIN-LÉGER");
        assert_eq!(who.participant, "42");
        let (who, rest) =
            split_component("Jean_Pierre DURAND_7_assignsubmission_file_grille_v2.xlsx").unwrap();
        // The last digits-group before `_assign…` is the id: underscores in names survive.
        assert_eq!(who.name, "Jean_Pierre DURAND");
        assert_eq!(rest, "grille_v2.xlsx");
        let (who, rest) =
            split_component("Jeanne DUPONT_1234567_assignsubmission_onlinetext_").unwrap();
        assert_eq!(who.name, "Jeanne DUPONT");
        assert_eq!(rest, "");
    }

    #[test]
    fn ordinary_names_are_not_submissions() {
        assert!(submission("Tableau de synthèse.xlsx").is_none());
        assert!(submission("DUPONT_1234567.xlsx").is_none());
        assert!(submission("_1_assignsubmission_file_x.xlsx").is_none());
    }
}
