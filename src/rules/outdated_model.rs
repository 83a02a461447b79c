//! `outdated-model`: the sheet is an older official model than the one of its session
//! (« Tableau de synthèse Épreuve E4 », the model of sessions 2021 to 2025, handed in for
//! session 2026). The template says which models it replaces (`[[replaces]]`); the session
//! is the year the candidate wrote (« SESSION 2026 »). Without a session, nothing is said:
//! an E4 sheet is right for 2025.

use super::{FindingKind, finding, quote};
use crate::Lang;
use crate::grid::Grid;
use crate::model::{IdentityKind, Referential};
use crate::rules::Finding;
use crate::template::{Template, session_year};

pub fn apply(
    grid: &Grid,
    _referential: &Referential,
    template: &Template,
    lang: Lang,
) -> Vec<Finding> {
    let Some(session) = grid
        .identity
        .iter()
        .find(|f| f.kind == IdentityKind::Session)
    else {
        return Vec::new();
    };
    let Some(value) = session.value.as_deref() else {
        return Vec::new();
    };
    let Some(old) = template
        .replaces
        .iter()
        .find(|old| old.outdates(&grid.sheet, value))
    else {
        return Vec::new();
    };
    let year = session_year(value).unwrap_or_default();
    let (sheet_name, old_name, current) = (
        quote(&grid.sheet, lang),
        quote(&old.sheet_name, lang),
        quote(&template.sheet_name, lang),
    );
    let last = old.last_session;
    let (message, suggestion) = match lang {
        Lang::Fr => (
            format!(
                "La feuille {sheet_name} suit l’ancien modèle {old_name} (sessions jusqu’à {last}), \
                 alors que la session est {year}."
            ),
            format!(
                "Reporter les réalisations dans le modèle officiel {current} : `grille fix` le fait."
            ),
        ),
        Lang::En => (
            format!(
                "The sheet {sheet_name} follows the old model {old_name} (sessions up to {last}), \
                 while the session is {year}."
            ),
            format!(
                "Copy the réalisations into the official model {current}: `grille fix` does it."
            ),
        ),
    };
    vec![
        finding(grid, FindingKind::OutdatedModel, message)
            .at(session.cell)
            .suggest(suggestion),
    ]
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::grid::IdentityField;

    fn with_session(sheet: &str, session: Option<&str>) -> Grid {
        let mut g = full_grid();
        g.sheet = sheet.into();
        g.identity.retain(|f| f.kind != IdentityKind::Session);
        g.identity.push(IdentityField {
            kind: IdentityKind::Session,
            cell: pos("G1"),
            raw: format!("SESSION {}", session.unwrap_or("")),
            value: session.map(String::from),
        });
        g
    }

    fn kinds(g: &Grid) -> Vec<(FindingKind, String)> {
        apply(g, &referential(), &template(), Lang::Fr)
            .into_iter()
            .map(|f| (f.kind, f.cell.map(|c| c.to_string()).unwrap_or_default()))
            .collect()
    }

    #[test]
    fn an_e4_sheet_for_session_2026_is_outdated_at_the_session_cell() {
        let g = with_session("Tableau de synthèse Épreuve E4", Some("2026"));
        let found = apply(&g, &referential(), &template(), Lang::Fr);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].kind, FindingKind::OutdatedModel);
        assert_eq!(found[0].cell, Some(pos("G1")));
        assert_eq!(
            found[0].message,
            "La feuille « Tableau de synthèse Épreuve E4 » suit l’ancien modèle « Épreuve E4 » \
             (sessions jusqu’à 2025), alors que la session est 2026."
        );
        assert_eq!(
            found[0].suggestion.as_deref(),
            Some(
                "Reporter les réalisations dans le modèle officiel « Tableau de synthèse Épreuve E5 » : \
                 `grille fix` le fait."
            )
        );
        // LibreOffice's sheet names, school years.
        let g = with_session("Tableau_de_synthèse_Epreuve_E4", Some("2025/2026"));
        assert_eq!(kinds(&g), [(FindingKind::OutdatedModel, "G1".into())]);
    }

    #[test]
    fn the_right_model_for_its_session_or_no_session_gives_nothing() {
        for (sheet, session) in [
            ("Tableau de synthèse Épreuve E4", Some("2025")),
            ("Tableau de synthèse Épreuve E4", Some("2024-2025")),
            ("Tableau de synthèse Épreuve E4", None),
            ("Tableau de synthèse Épreuve E4", Some("prochaine")),
            ("Tableau de synthèse Épreuve E5", Some("2026")),
            ("Tableau de synthèse Épreuve E41", Some("2026")),
            ("Feuil1", Some("2027")),
        ] {
            assert!(
                kinds(&with_session(sheet, session)).is_empty(),
                "{sheet} {session:?}"
            );
        }
        // A template that replaces nothing (the E4 one itself) never reports it.
        let e4 = Template::embedded("bts-sio-e4").expect("embedded bts-sio-e4");
        let g = with_session("Tableau de synthèse Épreuve E4", Some("2026"));
        assert!(apply(&g, &referential(), &e4, Lang::Fr).is_empty());
    }
}
