//! `outdated-referential`: the sheet follows an older referential (2011 codes such as
//! A1.1.1). One finding for the whole sheet; each such heading is also an `unknown-column` at
//! its cell.

use super::{FindingKind, finding, quote};
use crate::Lang;
use crate::grid::{Grid, Target};
use crate::model::Referential;
use crate::rules::Finding;
use crate::template::Template;

pub fn apply(grid: &Grid, referential: &Referential, _: &Template, lang: Lang) -> Vec<Finding> {
    let mut outdated: Vec<(&crate::model::CellPos, &str)> = grid
        .headings
        .iter()
        .filter_map(|h| match &h.target {
            Target::Outdated(code) => Some((&h.cell, code.as_str())),
            _ => None,
        })
        .collect();
    if outdated.is_empty() {
        return Vec::new();
    }
    outdated.sort();
    let count = outdated.len();
    let examples: Vec<String> = outdated
        .iter()
        .take(3)
        .map(|(cell, code)| format!("{} ({cell})", quote(code, lang)))
        .collect();
    let examples = examples.join(", ");
    let message = match lang {
        Lang::Fr => format!(
            "La feuille suit un ancien référentiel : {count} intitulé{} de compétence n’appartien{} pas à {} ({examples}).",
            if count > 1 { "s" } else { "" },
            if count > 1 { "nent" } else { "t" },
            referential.id
        ),
        Lang::En => format!(
            "The sheet follows an older referential: {count} competence heading{} do{} not belong to {} ({examples}).",
            if count > 1 { "s" } else { "" },
            if count > 1 { "" } else { "es" },
            referential.id
        ),
    };
    let suggestion = lang.pick(
        "Reprendre le modèle officiel en vigueur (grille blank) ; grille fix reporte ce qui peut l’être.",
        "Use the current official model (grille blank); grille fix carries over what it can.",
    );
    vec![finding(grid, FindingKind::OutdatedReferential, message).suggest(suggestion)]
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::rules::Severity;

    #[test]
    fn current_headings_give_nothing() {
        assert!(apply(&full_grid(), &referential(), &template(), Lang::Fr).is_empty());
    }

    #[test]
    fn one_sheet_wide_finding_however_many_old_headings() {
        let mut g = full_grid();
        for (i, code) in ["A1.1.1", "A1.1.2", "A1.2.1", "A5.1.1"].iter().enumerate() {
            g.headings.push(heading(
                5,
                3 + i as u32,
                Target::Outdated((*code).into()),
                code,
            ));
        }
        let found = apply(&g, &referential(), &template(), Lang::Fr);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].kind, FindingKind::OutdatedReferential);
        assert_eq!(found[0].severity, Severity::Error);
        assert_eq!(found[0].cell, None);
        assert_eq!(
            found[0].message,
            "La feuille suit un ancien référentiel : 4 intitulés de compétence n’appartiennent pas à bts-sio-b1 (« A1.1.1 » (D6), « A1.1.2 » (E6), « A1.2.1 » (F6))."
        );
        // And each heading is also an unknown column, at its cell.
        let all = crate::rules::check(&g, &referential(), &template(), Lang::Fr);
        let unknown = all
            .iter()
            .filter(|f| f.kind == FindingKind::UnknownColumn)
            .count();
        assert_eq!(unknown, 4);
    }
}
