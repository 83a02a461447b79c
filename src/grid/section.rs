//! Part titles of the official model (« Réalisation en cours de formation », « Réalisations
//! en milieu professionnel en cours de première année », « … de seconde année ») and the
//! variants candidates make of them (« Réalisations en entreprise », « Réalisations
//! personnelles », « … (code couleur vert) », « en cours de stage de première année »).
//!
//! A réalisation titled « Réalisation de tests de sécurité… » is not a part title: after
//! « Réalisation(s) » a part title goes on with « en », « personnelles », « professionnelles ».

use crate::text::match_key;

/// Words that may follow « Réalisation(s) » in a part title.
const AFTER_REALISATION: &[&str] = &[
    "en",
    "personnelle",
    "personnelles",
    "professionnelle",
    "professionnelles",
    "pro",
    "hors",
    "effectuees",
    "realisees",
    "durant",
    "pendant",
    "au",
    "lors",
];

/// Starts of part titles that do not begin with « Réalisation ».
const OTHER_STARTS: &[&str] = &[
    "en cours de formation",
    "en formation",
    "en milieu professionnel",
    "en entreprise",
    "premiere annee",
    "seconde annee",
    "deuxieme annee",
    "1ere annee",
    "1re annee",
    "2eme annee",
    "2e annee",
    "2nde annee",
    "stage de premiere",
    "stage de seconde",
    "stage de deuxieme",
    "projets personnels",
    "partie",
    "semestre",
    "1er semestre",
    "premier semestre",
    "second semestre",
    "deuxieme semestre",
    "2e semestre",
    "2eme semestre",
    "3e semestre",
    "4e semestre",
];

/// Whether a row's text is a part title; `Some(index)` gives the official part when the
/// wording says it (0 formation, 1 first year, 2 second year).
pub(crate) fn section_of(text: &str) -> Option<Option<usize>> {
    let key = match_key(text);
    let words: Vec<&str> = key.split(' ').collect();
    if words.is_empty() || words.len() > 16 {
        return None;
    }
    let is_section = match words.as_slice() {
        ["realisation", "s", next, ..] => AFTER_REALISATION.contains(next),
        ["realisation" | "realisations", next, ..] => AFTER_REALISATION.contains(next),
        ["realisation" | "realisations"] => true,
        _ => words.len() <= 10 && OTHER_STARTS.iter().any(|s| key.starts_with(s)),
    };
    if !is_section {
        return None;
    }
    let has = |w: &str| words.contains(&w);
    let index = if has("seconde") || has("deuxieme") || has("2eme") || has("2nde") || has("2e") {
        Some(2)
    } else if has("premiere") || has("1ere") || has("1re") {
        Some(1)
    } else if has("formation") {
        Some(0)
    } else {
        None
    };
    Some(index)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn part_titles_and_their_index() {
        let table: &[(&str, Option<Option<usize>>)] = &[
            ("Réalisation en cours de formation\n\n", Some(Some(0))),
            ("Réalisation(s) en cours de formation", Some(Some(0))),
            (
                "Réalisation en cours de formation (TP/AP/TD)",
                Some(Some(0)),
            ),
            (
                "Réalisation en cours de formation (code couleur vert)",
                Some(Some(0)),
            ),
            (
                "Réalisations en milieu professionnel en cours de première année",
                Some(Some(1)),
            ),
            (
                "Réalisations en milieu professionnel en cours de première année (code couleur rouge)",
                Some(Some(1)),
            ),
            (
                "Réalisations en milieu professionnel en cours de seconde année",
                Some(Some(2)),
            ),
            (
                "Réalisations en cours de stage de première année",
                Some(Some(1)),
            ),
            (
                "Réalisations en cours de stage de seconde année",
                Some(Some(2)),
            ),
            ("Réalisations en entreprise", Some(None)),
            ("Réalisations personnelles", Some(None)),
            ("Première année", Some(Some(1))),
            (
                "Réalisation de tests de sécurité en environnement contrôlé",
                None,
            ),
            (
                "Réalisation de tests de connectivité et de performance réseau",
                None,
            ),
            (
                "Réalisations d'une application de gestions de rapport de visite",
                None,
            ),
            ("Réalisation d'un Portfolio en HTML/CSS (code source)", None),
            ("Installation de GLPI", None),
            ("Stage chez Orange : déploiement", None),
            ("Semestre 1", Some(None)),
            ("SEMESTRE 2 :", Some(None)),
            ("1er semestre", Some(None)),
            ("Second semestre (stage compris)", Some(None)),
            ("Semestrialisation des sauvegardes du serveur", None),
        ];
        for (text, expected) in table {
            assert_eq!(section_of(text), *expected, "{text:?}");
        }
    }
}
