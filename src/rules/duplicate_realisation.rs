//! `duplicate-realisation`: same title — ignoring case, spaces, apostrophe style and a
//! trailing period — and same period as an earlier réalisation; reported at the later one.

use std::collections::HashMap;

use super::coverage::is_titled;
use super::{FindingKind, finding, title_excerpt};
use crate::Lang;
use crate::grid::{Grid, Period, PeriodCell};
use crate::model::{CellPos, Date, Referential};
use crate::rules::Finding;
use crate::template::Template;
use crate::text::clean;

pub fn apply(grid: &Grid, _: &Referential, _: &Template, lang: Lang) -> Vec<Finding> {
    let mut titled: Vec<_> = grid.realisations.iter().filter(|r| is_titled(r)).collect();
    titled.sort_by_key(|r| r.cell);
    let mut seen: HashMap<(String, PeriodKey), CellPos> = HashMap::new();
    let mut out = Vec::new();
    for r in titled {
        let title = r.title.as_deref().unwrap_or_default();
        let key = (title_key(title), period_key(r.period.as_ref()));
        match seen.get(&key) {
            Some(first) => {
                let no_period = matches!(&key.1, PeriodKey::None)
                    || matches!(&key.1, PeriodKey::Text(t) if t.is_empty());
                let title = title_excerpt(title, lang);
                let message = match (lang, no_period) {
                    (Lang::Fr, false) => format!(
                        "La réalisation {title} ({}) reprend celle de {first}, avec la même période.",
                        r.cell
                    ),
                    (Lang::Fr, true) => format!(
                        "La réalisation {title} ({}) reprend celle de {first}, sans période non plus.",
                        r.cell
                    ),
                    (Lang::En, false) => format!(
                        "The réalisation {title} ({}) repeats the one in {first}, with the same period.",
                        r.cell
                    ),
                    (Lang::En, true) => format!(
                        "The réalisation {title} ({}) repeats the one in {first}, with no period either.",
                        r.cell
                    ),
                };
                let suggestion = lang.pick(
                    "Supprimer le doublon ou préciser ce qui distingue les deux réalisations.",
                    "Remove the duplicate or say what distinguishes the two réalisations.",
                );
                out.push(
                    finding(grid, FindingKind::DuplicateRealisation, message)
                        .at(r.cell)
                        .suggest(suggestion),
                );
            }
            None => {
                seen.insert(key, r.cell);
            }
        }
    }
    out
}

/// Lower case, whitespace folded, one apostrophe style, no trailing period.
fn title_key(title: &str) -> String {
    let folded: String = clean(title)
        .chars()
        .map(|c| match c {
            '’' | '‘' | 'ʼ' | '`' | '´' => '\'',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect();
    folded
        .trim_end_matches(|c: char| c == '.' || c.is_whitespace())
        .to_string()
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum PeriodKey {
    None,
    Dates(Date, Date),
    Text(String),
}

/// Two periods are the same when they give the same dates, else when they read the same.
fn period_key(period: Option<&PeriodCell>) -> PeriodKey {
    match period {
        None => PeriodKey::None,
        Some(PeriodCell {
            parsed: Period::Valid { start, end },
            ..
        }) => PeriodKey::Dates(*start, *end),
        Some(p) => PeriodKey::Text(clean(&p.raw).to_lowercase()),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;

    #[test]
    fn distinct_realisations_give_nothing() {
        assert!(apply(&full_grid(), &referential(), &template(), Lang::Fr).is_empty());
    }

    #[test]
    fn same_title_modulo_apostrophe_case_spaces_and_period_is_reported_at_the_later_one() {
        let mut g = full_grid();
        let first = g.realisations[0].clone();
        let mut copy = first.clone();
        copy.cell = pos("A14");
        copy.title = Some("  MISE en place  d’un serveur GLPI. ".into());
        if let Some(p) = copy.period.as_mut() {
            // Same dates, written differently.
            p.raw = "04/09/2024 au 18/10/2024".into();
        }
        g.realisations.push(copy.clone());
        let found = apply(&g, &referential(), &template(), Lang::Fr);
        assert_eq!(cells(&found), [Some("A14".into())]);
        assert_eq!(
            found[0].message,
            "La réalisation « MISE en place d’un serveur GLPI. » (A14) reprend celle de A9, avec la même période."
        );
        // Another period: not a duplicate.
        let mut other = copy;
        other.period = Some(crate::grid::PeriodCell {
            cell: pos("C15"),
            raw: "01/03/25 au 30/03/25".into(),
            parsed: valid(date(1, 3, 2025), date(30, 3, 2025)),
        });
        g.realisations.pop();
        g.realisations.push(other);
        assert!(apply(&g, &referential(), &template(), Lang::Fr).is_empty());
    }

    #[test]
    fn without_period_either() {
        let mut g = full_grid();
        g.realisations[2].title = g.realisations[1].title.clone();
        g.realisations[1].period = None;
        g.realisations[2].period = None;
        let found = apply(&g, &referential(), &template(), Lang::Fr);
        assert_eq!(
            found[0].message,
            "La réalisation « Déploiement de postes » (A11) reprend celle de A10, sans période non plus."
        );
    }

    #[test]
    fn words_in_the_title_still_matter() {
        assert_ne!(title_key("Serveur GLPI"), title_key("Serveur GLPI 2"));
        assert_eq!(title_key("L'atelier."), title_key("l’atelier"));
    }
}
