//! The tab-separated export whose cells hold HTML fragments (seed 003).
//!
//! One header line, then one line per competence: the left cell is `<p>title</p>` followed by
//! a `<ul>` whose `<li>` tags were lost, so the activities run together in one text; the right
//! cell holds one `<p>` per performance indicator, and loose `<i>- …</i>` lines after
//! « … vise à : » that are its sub-items.

use scraper::{ElementRef, Html, Node};

use super::{RawCompetence, RawItem, ReadError};
use crate::model::ItemKind;
use crate::text::clean;

/// Parses the TSV form into raw competences (codes are assigned by the caller).
pub(super) fn parse(
    text: &str,
    origin: &str,
) -> Result<(Option<String>, Vec<RawCompetence>), ReadError> {
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let Some((header_no, header)) = lines.next() else {
        return Err(ReadError::Empty {
            origin: origin.into(),
        });
    };
    let columns = header.split('\t').count();
    if columns < 2 {
        return Err(ReadError::syntax(
            origin,
            header_no + 1,
            "la ligne d’en-tête n’a pas de tabulation",
            "the header line has no tab",
        ));
    }
    let mut competences = Vec::new();
    for (no, line) in lines {
        let cells: Vec<&str> = line.split('\t').collect();
        if cells.len() != columns {
            return Err(ReadError::syntax(
                origin,
                no + 1,
                &format!("{} cellules au lieu de {columns}", cells.len()),
                &format!("{} cells instead of {columns}", cells.len()),
            ));
        }
        let (title, activities) = competence_cell(cells[0]);
        let Some(title) = title else {
            return Err(ReadError::syntax(
                origin,
                no + 1,
                "la première cellule ne contient pas d’intitulé de compétence",
                "the first cell holds no competence title",
            ));
        };
        let mut items: Vec<RawItem> = activities
            .into_iter()
            .map(|t| RawItem::new(ItemKind::Activity, t))
            .collect();
        items.extend(indicator_cell(cells[1]));
        competences.push(RawCompetence {
            code: None,
            title,
            items,
        });
    }
    if competences.is_empty() {
        return Err(ReadError::syntax(
            origin,
            header_no + 1,
            "aucune ligne de compétence après l’en-tête",
            "no competence line after the header",
        ));
    }
    Ok((None, competences))
}

/// The competence title (first `<p>`) and its activities, recovered from the run-together text.
fn competence_cell(html: &str) -> (Option<String>, Vec<String>) {
    let fragment = Html::parse_fragment(html);
    let mut title = None;
    let mut rest = String::new();
    for node in fragment.root_element().descendants() {
        if let Node::Text(t) = node.value() {
            let in_title_p = node
                .ancestors()
                .filter_map(ElementRef::wrap)
                .any(|e| e.value().name() == "p");
            if in_title_p && title.is_none() {
                let t = clean(t);
                if !t.is_empty() {
                    title = Some(t);
                }
            } else if !in_title_p {
                rest.push(' ');
                rest.push_str(t);
            }
        }
    }
    let li: Vec<String> = fragment
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
        .filter(|e| e.value().name() == "li")
        .map(|e| clean(&e.text().collect::<String>()))
        .filter(|t| !t.is_empty())
        .collect();
    let activities = if li.is_empty() {
        split_run_together(&clean(&rest))
    } else {
        li
    };
    (title, activities)
}

/// Splits « Recenser et identifier … Exploiter des référentiels … » into activities: each
/// activity starts with a capitalised infinitive (Recenser, Gérer, Mettre, Évaluer…), which
/// no other capitalised word of such a list is (« site Web »).
///
/// ```text
/// "Planifier les activités Évaluer les indicateurs" → ["Planifier les activités", "Évaluer les indicateurs"]
/// ```
pub(crate) fn split_run_together(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        if starts_activity(word) || out.is_empty() {
            out.push(word.to_string());
        } else if let Some(last) = out.last_mut() {
            last.push(' ');
            last.push_str(word);
        }
    }
    out
}

fn starts_activity(word: &str) -> bool {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if !first.is_uppercase() {
        return false;
    }
    let letters: String = word
        .chars()
        .filter(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase();
    letters.chars().count() >= 4
        && (letters.ends_with("er") || letters.ends_with("ir") || letters.ends_with("re"))
}

/// One performance indicator per `<p>`; loose `<i>- …</i>` lines are sub-items of the last one.
fn indicator_cell(html: &str) -> Vec<RawItem> {
    let fragment = Html::parse_fragment(html);
    let mut items: Vec<RawItem> = Vec::new();
    for element in fragment
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
    {
        match element.value().name() {
            "p" => {
                let text = clean(&element.text().collect::<String>());
                if !text.is_empty() {
                    items.push(RawItem::new(ItemKind::PerformanceIndicator, text));
                }
            }
            "i" | "li"
                if !element
                    .ancestors()
                    .filter_map(ElementRef::wrap)
                    .any(|a| a.value().name() == "p") =>
            {
                let text = clean(&element.text().collect::<String>());
                let Some(stripped) = strip_dash(&text) else {
                    continue;
                };
                match items.last_mut() {
                    Some(parent) => parent
                        .items
                        .push(RawItem::new(ItemKind::PerformanceIndicator, stripped)),
                    None => items.push(RawItem::new(ItemKind::PerformanceIndicator, stripped)),
                }
            }
            _ => {}
        }
    }
    items
}

/// « - repérer … ; » → « repérer … »: the dash and the list punctuation are layout, not wording.
pub(crate) fn strip_dash(text: &str) -> Option<String> {
    let body = text.trim_start_matches(['-', '–', '—', '•']).trim();
    let body = body.trim_end_matches([';', ',', '.']).trim_end();
    // « - . » is punctuation only: no item (found by fuzz/referential_html, an empty item
    // that the model's JSON then refused to read back).
    (!body.is_empty()).then(|| body.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dash_and_punctuation_alone_is_no_item() {
        assert_eq!(strip_dash("- ;"), None);
        assert_eq!(strip_dash("."), None);
        assert_eq!(
            strip_dash("- renforcer ses compétences."),
            Some("renforcer ses compétences".into())
        );
    }

    #[test]
    fn splits_on_capitalised_infinitives_only() {
        let acts = split_run_together(
            "Participer à la valorisation de l'image Référencer les services et mesurer leur visibilité. Participer à l'évolution d'un site Web exploitant les données.",
        );
        assert_eq!(acts.len(), 3, "{acts:?}");
        assert_eq!(
            acts[2],
            "Participer à l'évolution d'un site Web exploitant les données."
        );
    }

    #[test]
    fn dash_lines_lose_list_punctuation() {
        assert_eq!(
            strip_dash("- renforcer ses compétences.").as_deref(),
            Some("renforcer ses compétences")
        );
        assert_eq!(strip_dash("-  "), None);
    }
}
