//! `invalid-period`: a titled réalisation whose period is missing, empty, a single date,
//! words, an impossible date, or ends before it starts. The reason is in the message.

use super::coverage::is_titled;
use super::{FindingKind, finding, quote, title_excerpt};
use crate::Lang;
use crate::grid::{Grid, Period, PeriodProblem};
use crate::model::Referential;
use crate::rules::Finding;
use crate::template::Template;

pub fn apply(grid: &Grid, _: &Referential, _: &Template, lang: Lang) -> Vec<Finding> {
    let mut out: Vec<Finding> = grid
        .realisations
        .iter()
        .filter(|r| is_titled(r))
        .filter_map(|r| {
            let title = title_excerpt(r.title.as_deref().unwrap_or_default(), lang);
            let (cell, message, suggestion) = match &r.period {
                Some(p) => {
                    let Period::Invalid { start, end, reason } = &p.parsed else {
                        return None;
                    };
                    let raw = quote(&crate::text::clean(&p.raw), lang);
                    let why = match (reason, lang) {
                        (PeriodProblem::Empty, Lang::Fr) => "est vide".to_string(),
                        (PeriodProblem::Empty, Lang::En) => "is empty".to_string(),
                        (PeriodProblem::SingleDate, Lang::Fr) => {
                            format!("ne contient qu’une date : {raw}")
                        }
                        (PeriodProblem::SingleDate, Lang::En) => {
                            format!("holds a single date: {raw}")
                        }
                        (PeriodProblem::NotADate, Lang::Fr) => {
                            format!("n’est pas une date : {raw}")
                        }
                        (PeriodProblem::NotADate, Lang::En) => format!("is not a date: {raw}"),
                        (PeriodProblem::ImpossibleDate, Lang::Fr) => {
                            format!("contient une date impossible : {raw}")
                        }
                        (PeriodProblem::ImpossibleDate, Lang::En) => {
                            format!("holds an impossible date: {raw}")
                        }
                        (PeriodProblem::EndBeforeStart, Lang::Fr) => {
                            format!("se termine avant de commencer : {raw}")
                        }
                        (PeriodProblem::EndBeforeStart, Lang::En) => {
                            format!("ends before it starts: {raw}")
                        }
                    };
                    let message = match lang {
                        Lang::Fr => format!("La période de {title} ({}) {why}.", p.cell),
                        Lang::En => format!("The period of {title} ({}) {why}.", p.cell),
                    };
                    let suggestion = match (reason, start, end) {
                        (PeriodProblem::EndBeforeStart, Some(s), Some(e)) => {
                            let swapped = format!("{} au {}", e.short_fr(), s.short_fr());
                            match lang {
                                Lang::Fr => format!(
                                    "Vérifier l’ordre des dates : {}.",
                                    quote(&swapped, lang)
                                ),
                                Lang::En => format!("Check the order of the dates: “{swapped}”."),
                            }
                        }
                        (PeriodProblem::SingleDate, Some(s), None) => {
                            let completed = format!("{} au JJ/MM/AA", s.short_fr());
                            match lang {
                                Lang::Fr => {
                                    format!("Ajouter la date de fin : {}.", quote(&completed, lang))
                                }
                                Lang::En => format!("Add the end date: “{completed}”."),
                            }
                        }
                        _ => general_suggestion(lang),
                    };
                    (p.cell, message, suggestion)
                }
                None => {
                    let message = match lang {
                        Lang::Fr => {
                            format!("La réalisation {title} ({}) n’a pas de période.", r.cell)
                        }
                        Lang::En => format!("The réalisation {title} ({}) has no period.", r.cell),
                    };
                    (r.cell, message, general_suggestion(lang))
                }
            };
            Some(
                finding(grid, FindingKind::InvalidPeriod, message)
                    .at(cell)
                    .suggest(suggestion),
            )
        })
        .collect();
    out.sort_by_key(|f| f.cell);
    out
}

fn general_suggestion(lang: Lang) -> String {
    lang.pick(
        "Écrire la période sous la forme « 04/09/24 au 18/10/24 ».",
        "Write the period as “04/09/24 au 18/10/24”.",
    )
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::grid::PeriodCell;
    use crate::model::CellPos;

    #[test]
    fn valid_periods_give_nothing() {
        assert!(apply(&full_grid(), &referential(), &template(), Lang::Fr).is_empty());
    }

    #[test]
    fn each_reason_is_in_the_message() {
        let mut g = full_grid();
        let set = |g: &mut crate::grid::Grid, i: usize, raw: &str, parsed: Period| {
            let row = g.realisations[i].cell.row;
            g.realisations[i].period = Some(PeriodCell {
                cell: CellPos::new(row, 2),
                raw: raw.into(),
                parsed,
            });
        };
        set(&mut g, 0, "en cours", bad(PeriodProblem::NotADate));
        set(
            &mut g,
            1,
            "18/10/24 au 04/09/24",
            Period::Invalid {
                start: Some(date(18, 10, 2024)),
                end: Some(date(4, 9, 2024)),
                reason: PeriodProblem::EndBeforeStart,
            },
        );
        g.realisations[2].period = None;
        // An untitled row's period is not checked.
        g.realisations.push(realisation(
            12,
            None,
            Some(("", bad(PeriodProblem::Empty))),
            vec![],
        ));
        let found = apply(&g, &referential(), &template(), Lang::Fr);
        assert_eq!(
            cells(&found),
            [Some("C9".into()), Some("C10".into()), Some("A11".into())]
        );
        assert_eq!(
            found[0].message,
            "La période de « Mise en place d’un serveur GLPI » (C9) n’est pas une date : « en cours »."
        );
        assert!(found[1].message.contains("se termine avant de commencer"));
        assert_eq!(
            found[1].suggestion.as_deref(),
            Some("Vérifier l’ordre des dates : « 04/09/24 au 18/10/24 ».")
        );
        assert_eq!(
            found[2].message,
            "La réalisation « Sauvegardes du lycée » (A11) n’a pas de période."
        );
    }

    #[test]
    fn english_reason() {
        let mut g = full_grid();
        g.realisations[0].period.as_mut().unwrap().parsed = bad(PeriodProblem::Empty);
        let found = apply(&g, &referential(), &template(), Lang::En);
        assert_eq!(
            found[0].message,
            "The period of “Mise en place d'un serveur GLPI” (C9) is empty."
        );
    }
}
