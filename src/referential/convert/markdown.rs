//! A readable Markdown outline that grille's Markdown reader reads back into the same
//! competences and items: `# title`, `## CODE : title`, `### kind`, `- item`, sub-items
//! indented. The source's wording is written (not the display form), so that reading it back
//! computes the same display forms.

use std::fmt::Write;

use super::{kind_heading, kinds_of};
use crate::Lang;
use crate::model::{Item, ItemKind, Referential};

pub fn to_string(r: &Referential, lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", r.title);
    if !r.source.is_empty() {
        let _ = writeln!(out, "{} : {}\n", lang.pick("Source", "Source"), r.source);
    }
    for c in &r.competences {
        let _ = writeln!(out, "## {} : {}\n", c.code, c.title);
        for kind in kinds_of(c) {
            let _ = writeln!(out, "### {}\n", kind_heading(kind, lang));
            let items: Vec<&Item> = c.items_of(kind).collect();
            for (i, item) in items.iter().enumerate() {
                write_item(
                    &mut out,
                    item,
                    0,
                    (kind == ItemKind::DevelopmentIndicator).then_some(i + 1),
                );
            }
            out.push('\n');
        }
    }
    out
}

/// `- text` (or `1. text`), sub-items indented under the item's text.
fn write_item(out: &mut String, item: &Item, indent: usize, number: Option<usize>) {
    let marker = number.map_or_else(|| "-".to_string(), |n| format!("{n}."));
    let _ = writeln!(out, "{}{marker} {}", " ".repeat(indent), item.text);
    for sub in &item.items {
        write_item(out, sub, indent + marker.len() + 1, None);
    }
}

#[cfg(test)]
mod tests {
    use crate::Lang;
    use crate::referential::{embedded, parse_str};

    #[test]
    fn markdown_reads_back_to_the_same_competences() {
        for lang in [Lang::Fr, Lang::En] {
            for r in embedded::all() {
                let md = super::to_string(r, lang);
                let back = parse_str(&md, "r.md").unwrap();
                assert_eq!(back.competences, r.competences, "{}\n{md}", r.id);
            }
        }
    }
}
