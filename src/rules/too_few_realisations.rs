//! `too-few-realisations`: fewer titled réalisations than the rules require
//! (`min_realisations`; an error only when `min_realisations_is_error`).

use super::coverage::is_titled;
use super::{FindingKind, Severity, finding};
use crate::Lang;
use crate::grid::Grid;
use crate::model::Referential;
use crate::rules::Finding;
use crate::template::Template;

pub fn apply(
    grid: &Grid,
    referential: &Referential,
    template: &Template,
    lang: Lang,
) -> Vec<Finding> {
    let rules = template.rules_for(referential);
    let min = rules.min_realisations as usize;
    let count = grid.realisations.iter().filter(|r| is_titled(r)).count();
    if count >= min {
        return Vec::new();
    }
    let message = match lang {
        Lang::Fr => format!(
            "La grille compte {count} réalisation{s} titrée{s} ; il en faut au moins {min}.",
            s = if count > 1 { "s" } else { "" }
        ),
        Lang::En => format!(
            "The grid has {count} titled réalisation{}; at least {min} are required.",
            if count == 1 { "" } else { "s" }
        ),
    };
    let missing = min - count;
    let suggestion = match lang {
        Lang::Fr => format!(
            "Ajouter {missing} réalisation{s}, chacune avec son intitulé et sa période.",
            s = if missing > 1 { "s" } else { "" }
        ),
        Lang::En => format!(
            "Add {missing} réalisation{}, each with its title and period.",
            if missing > 1 { "s" } else { "" }
        ),
    };
    let severity = if rules.min_realisations_is_error {
        Severity::Error
    } else {
        Severity::Warning
    };
    vec![
        finding(grid, FindingKind::TooFewRealisations, message)
            .severity(severity)
            .suggest(suggestion),
    ]
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::model::GridRules;

    #[test]
    fn enough_realisations_give_nothing() {
        assert!(apply(&full_grid(), &referential(), &template(), Lang::Fr).is_empty());
    }

    #[test]
    fn untitled_rows_do_not_count_and_severity_follows_the_rules() {
        let mut g = full_grid();
        g.realisations.truncate(1);
        g.realisations
            .push(realisation(9, None, None, vec![yes_at(9, "B1.4")]));
        let found = apply(&g, &referential(), &template(), Lang::Fr);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].cell, None);
        assert_eq!(found[0].severity, Severity::Warning);
        assert_eq!(
            found[0].message,
            "La grille compte 1 réalisation titrée ; il en faut au moins 2."
        );
        let strict = template_with(GridRules {
            min_realisations: 4,
            min_realisations_is_error: true,
            ..GridRules::default()
        });
        let found = apply(&full_grid(), &referential(), &strict, Lang::En);
        assert_eq!(found[0].severity, Severity::Error);
        assert_eq!(
            found[0].message,
            "The grid has 3 titled réalisations; at least 4 are required."
        );
        let none = template_with(GridRules {
            min_realisations: 0,
            ..GridRules::default()
        });
        g.realisations.clear();
        assert!(apply(&g, &referential(), &none, Lang::Fr).is_empty());
    }
}
