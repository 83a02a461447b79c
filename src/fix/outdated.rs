//! The 2011 BTS SIO headings (activities `A1.1.1` … `A5.2.4`) that map to exactly one of
//! today's bloc 1 competences.
//!
//! Only activities whose wording survives, almost word for word, as an activity of a current
//! competence are listed: there the move is certain. Every other 2011 heading (processes
//! `P1`…`P5`, infrastructure and software activities of blocs 2 and 3, analysis activities
//! split between several competences) is left to the teacher: `grille fix` never guesses.
//!
//! ```
//! use grille::fix::outdated::current_competence;
//! assert_eq!(current_competence("bts-sio-b1", "A1.3.4 Déploiement d'un service"), Some("B1.5"));
//! assert_eq!(current_competence("bts-sio-b1", "A1.1.1 Analyse du cahier des charges"), None);
//! assert_eq!(current_competence("lp-assr", "A1.3.4"), None);
//! ```

use std::sync::OnceLock;

use regex::Regex;

/// 2011 activity code → current competence, with the current activity it became.
const CERTAIN: &[(&str, &str)] = &[
    // « Définition des niveaux d'habilitation associés à un service » → B1.1.3.
    ("A1.2.5", "B1.1"),
    // « Test d'intégration et d'acceptation d'un service » → B1.5.1.
    ("A1.3.1", "B1.5"),
    // « Définition des éléments nécessaires à la continuité d'un service » → B1.1.4.
    ("A1.3.2", "B1.1"),
    // « Accompagnement de la mise en place d'un nouveau service » → B1.5.3.
    ("A1.3.3", "B1.5"),
    // « Déploiement d'un service » → B1.5.2.
    ("A1.3.4", "B1.5"),
    // « Participation à un projet » → B1.4.
    ("A1.4.1", "B1.4"),
    // « Évaluation des indicateurs de suivi d'un projet et justification des écarts » → B1.4.3.
    ("A1.4.2", "B1.4"),
    // « Suivi et résolution d'incidents » → B1.2.
    ("A2.2.1", "B1.2"),
    // « Suivi et réponse à des demandes d'assistance » → B1.2.1.
    ("A2.2.2", "B1.2"),
    // « Exploitation des référentiels, normes et standards adoptés par le prestataire
    // informatique » → B1.1.2, same words.
    ("A5.2.1", "B1.1"),
    // « Veille technologique » → B1.6.2.
    ("A5.2.2", "B1.6"),
    // « Repérage des compléments de formation ou d'auto-formation » → B1.6.
    ("A5.2.3", "B1.6"),
];

fn code_pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)\bA\s*([1-5])\s*\.\s*(\d)\s*\.\s*(\d)\b").expect("valid regex")
    })
}

/// The current competence a 2011 heading certainly maps to, for the referential it applies to
/// (`bts-sio-b1` only); `None` when the mapping is not certain.
pub fn current_competence(referential: &str, heading: &str) -> Option<&'static str> {
    if !referential.eq_ignore_ascii_case("bts-sio-b1") {
        return None;
    }
    let mut codes = code_pattern().captures_iter(heading).map(|c| {
        format!(
            "A{}.{}.{}",
            c.get(1).map_or("", |m| m.as_str()),
            c.get(2).map_or("", |m| m.as_str()),
            c.get(3).map_or("", |m| m.as_str())
        )
    });
    let first = codes.next()?;
    let target = CERTAIN.iter().find(|(old, _)| *old == first)?.1;
    // A heading naming several 2011 activities is certain only if they all agree.
    for other in codes {
        if CERTAIN.iter().find(|(old, _)| *old == other).map(|p| p.1) != Some(target) {
            return None;
        }
    }
    Some(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn certain_codes_map_and_others_do_not() {
        assert_eq!(current_competence("bts-sio-b1", "A5.2.2"), Some("B1.6"));
        assert_eq!(
            current_competence("BTS-SIO-B1", "a 2.2.1 Suivi"),
            Some("B1.2")
        );
        assert_eq!(
            current_competence("bts-sio-b1", "A3.1.1 Infrastructure"),
            None
        );
        assert_eq!(
            current_competence("bts-sio-b1", "P1 Production de services"),
            None
        );
        assert_eq!(
            current_competence("bts-sio-b1", "A1.3.4 / A1.3.1"),
            Some("B1.5")
        );
        assert_eq!(current_competence("bts-sio-b1", "A1.3.4 / A2.2.1"), None);
    }
}
