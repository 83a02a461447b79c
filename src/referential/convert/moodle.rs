//! Moodle's competency framework CSV (Site administration › Competencies › Import competency
//! framework, `admin/tool/lpimportcsv`).
//!
//! The importer reads 14 columns by position: Parent ID number, ID number, Short name,
//! Description, Description format, Scale values, Scale configuration, Rule type, Rule
//! outcome, Rule config, Cross-referenced competency ID numbers, Exported ID, Is framework,
//! Taxonomy. Exactly one row is the framework (Is framework = 1): it carries the scale (values
//! comma-joined, and its configuration as JSON: which value is the default, which are
//! proficient) and the taxonomy (one term per depth).
//!
//! Tree: Moodle attaches rows whose Parent ID number is EMPTY to the framework (its exporter
//! writes them so; a row pointing at the framework's ID number would be dropped), so
//! competences have an empty parent; items name their competence's code; sub-items their
//! item's code.
//!
//! What becomes a Moodle competency: competences (depth 1), their activities, performance
//! indicators and development indicators (depth 2, what is done and how it is judged, so
//! what a teacher rates), and sub-items (depth 3). Essential components and professional
//! situations describe the context of a competence rather than something rated: they are
//! listed in the competence's description.
//!
//! Short names are limited to 100 characters in Moodle's database: longer texts are cut
//! (on a word, with « … ») and the full text is always in the description.

use super::{guard_formula, kind_heading};
use crate::Lang;
use crate::model::{Competence, Item, ItemKind, Referential};

/// The importer's column names (tool_lpimportcsv language strings), in order.
pub const HEADER: [&str; 14] = [
    "Parent ID number",
    "ID number",
    "Short name",
    "Description",
    "Description format",
    "Scale values",
    "Scale configuration",
    "Rule type (optional)",
    "Rule outcome (optional)",
    "Rule config (optional)",
    "Cross-referenced competency ID numbers",
    "Exported ID (optional)",
    "Is framework",
    "Taxonomy",
];

/// Moodle's FORMAT_HTML.
const FORMAT_HTML: &str = "1";

/// Moodle's limit on short names and ID numbers.
const MAX_NAME: usize = 100;

/// The item kinds that become Moodle competencies (the others go to the description).
pub fn becomes_competency(kind: ItemKind) -> bool {
    matches!(
        kind,
        ItemKind::Activity | ItemKind::PerformanceIndicator | ItemKind::DevelopmentIndicator
    )
}

/// The rating scale: « Non acquis » by default, « Acquis » proficient.
fn scale(lang: Lang) -> (String, String) {
    let values = lang.pick(
        "Non acquis,En cours d’acquisition,Acquis",
        "Not yet competent,In progress,Competent",
    );
    // The importer replaces scaleid with the id of the scale it finds or creates.
    let configuration = r#"[{"scaleid":"0"},{"id":1,"scaledefault":1,"proficient":0},{"id":2,"scaledefault":0,"proficient":0},{"id":3,"scaledefault":0,"proficient":1}]"#;
    (values.to_string(), configuration.to_string())
}

/// One term per depth: competences, items, sub-items.
pub const TAXONOMY: &str = "competency,skill,indicator";

pub fn to_string(r: &Referential, lang: Lang) -> String {
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let mut record = |fields: [String; 14]| {
        // Writing to a Vec cannot fail.
        let _ = writer.write_record(fields);
    };
    record(HEADER.map(String::from));
    let (values, configuration) = scale(lang);
    record([
        String::new(),
        short(&r.id),
        short(&r.title),
        paragraph(&if r.source.is_empty() {
            r.title.clone()
        } else {
            format!("{} — {}", r.title, r.source)
        }),
        FORMAT_HTML.into(),
        values,
        configuration,
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        "1".into(),
        TAXONOMY.into(),
    ]);
    for c in &r.competences {
        record(competency_row(
            "",
            &c.code,
            c.shown_title(),
            competence_description(c, lang),
        ));
        for item in c.items.iter().filter(|i| becomes_competency(i.kind)) {
            item_rows(&mut record, &c.code, item);
        }
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

fn item_rows(record: &mut impl FnMut([String; 14]), parent: &str, item: &Item) {
    record(competency_row(
        parent,
        &item.code,
        item.shown_text(),
        paragraph(item.shown_text()),
    ));
    for sub in &item.items {
        item_rows(record, &item.code, sub);
    }
}

fn competency_row(parent: &str, id: &str, name: &str, description: String) -> [String; 14] {
    [
        parent.to_string(),
        id.to_string(),
        guard_formula(&short(name)),
        description,
        FORMAT_HTML.into(),
        // Competencies use the framework's scale.
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
    ]
}

/// The competence's title, then its components and situations as lists.
fn competence_description(c: &Competence, lang: Lang) -> String {
    let mut html = paragraph(c.shown_title());
    for kind in [ItemKind::Component, ItemKind::Situation] {
        let items: Vec<&Item> = c.items_of(kind).collect();
        if items.is_empty() {
            continue;
        }
        html.push_str(&format!(
            "<p><strong>{}</strong></p><ul>",
            escape(kind_heading(kind, lang))
        ));
        for item in items {
            html.push_str(&format!("<li>{}</li>", escape(item.shown_text())));
        }
        html.push_str("</ul>");
    }
    html
}

fn paragraph(text: &str) -> String {
    format!("<p>{}</p>", escape(text))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// At most 100 characters, cut on a word with « … ».
pub fn short(text: &str) -> String {
    if text.chars().count() <= MAX_NAME {
        return text.to_string();
    }
    let head: String = text.chars().take(MAX_NAME - 1).collect();
    let cut = match head.rfind(' ') {
        Some(i) if i > MAX_NAME / 2 => head.get(..i).unwrap_or(&head),
        _ => &head,
    };
    format!("{}…", cut.trim_end_matches([' ', ',', ';', ':']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_fit_moodle() {
        let long = "mot ".repeat(40);
        let s = short(&long);
        assert!(s.chars().count() <= 100, "{s}");
        assert!(s.ends_with("mot…"));
        assert_eq!(short("Gérer"), "Gérer");
    }
}
