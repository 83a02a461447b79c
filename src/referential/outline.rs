//! A readable outline of a referential for the terminal (`grille referential show`):
//! competences, their items grouped by kind, sub-items indented, display forms.

use std::fmt::Write;

use crate::Lang;
use crate::model::{Item, Referential};
use crate::referential::convert::{kind_heading, kinds_of};

/// The outline as text (no colours: the CLI decides how to show it).
///
/// ```
/// let r = grille::referential::embedded::get("bts-sio-b1").unwrap();
/// let text = grille::referential::outline::outline(&r, grille::Lang::Fr);
/// assert!(text.contains("B1.1  Gérer le patrimoine informatique"));
/// assert!(text.contains("      B1.6.I3.1  repérer les techniques"));
/// ```
pub fn outline(r: &Referential, lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} — {}", r.id, r.title);
    if !r.source.is_empty() {
        let _ = writeln!(out, "{}{}", lang.pick("Source : ", "Source: "), r.source);
    }
    let _ = writeln!(out, "{}", summary(r, lang));
    for c in &r.competences {
        let _ = writeln!(out, "\n{}  {}", c.code, c.shown_title());
        for kind in kinds_of(c) {
            let _ = writeln!(out, "  {}", kind_heading(kind, lang));
            for item in c.items_of(kind) {
                write_item(&mut out, item, 2);
            }
        }
    }
    out
}

fn write_item(out: &mut String, item: &Item, depth: usize) {
    let _ = writeln!(
        out,
        "{}{}  {}",
        "  ".repeat(depth),
        item.code,
        item.shown_text()
    );
    for sub in &item.items {
        write_item(out, sub, depth + 1);
    }
}

/// « 6 compétences · Activités : 22 · Indicateurs de performance : 38 ».
pub fn summary(r: &Referential, lang: Lang) -> String {
    let n = r.competences.len();
    let mut parts = vec![match lang {
        Lang::Fr => format!("{n} compétence{}", if n > 1 { "s" } else { "" }),
        Lang::En => format!("{n} competence{}", if n == 1 { "" } else { "s" }),
    }];
    for kind in crate::model::ItemKind::ALL {
        let count: usize = r.competences.iter().map(|c| c.items_of(kind).count()).sum();
        if count > 0 {
            parts.push(format!(
                "{}{}{count}",
                kind_heading(kind, lang),
                lang.pick(" : ", ": ")
            ));
        }
    }
    parts.join(" · ")
}
