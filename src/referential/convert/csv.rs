//! One row per item (sub-items included, right after their parent): competence code,
//! competence title, kind, item code, text. Titles and texts are the display forms (the
//! source's wording unless it capitalises every word). Cells that a spreadsheet would take
//! for a formula get a leading `'`.

use super::{guard_formula, rows};
use crate::model::Referential;

/// The header line's stable names.
pub const HEADER: [&str; 5] = [
    "competence_code",
    "competence_title",
    "kind",
    "item_code",
    "text",
];

pub fn to_string(r: &Referential) -> String {
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    // Writing to a Vec cannot fail.
    let _ = writer.write_record(HEADER);
    for row in rows(r) {
        let _ = writer.write_record([
            guard_formula(&row.competence.code),
            guard_formula(row.competence.shown_title()),
            row.item.kind.as_str().to_string(),
            guard_formula(&row.item.code),
            guard_formula(row.item.shown_text()),
        ]);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Competence, Item, ItemKind};

    #[test]
    fn formulas_are_guarded_and_sub_items_listed() {
        let mut item = Item::new(ItemKind::PerformanceIndicator, "C1.I1", "=HYPERLINK(\"x\")");
        item.items.push(Item::new(
            ItemKind::PerformanceIndicator,
            "C1.I1.1",
            "@sous",
        ));
        let r = Referential {
            id: "x".into(),
            title: "X".into(),
            source: String::new(),
            competences: vec![Competence {
                code: "C1".into(),
                title: "+Titre".into(),
                display: None,
                items: vec![item],
            }],
            rules: Default::default(),
        };
        let csv = to_string(&r);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(
            lines[0],
            "competence_code,competence_title,kind,item_code,text"
        );
        assert_eq!(
            lines[1],
            "C1,'+Titre,performance-indicator,C1.I1,\"'=HYPERLINK(\"\"x\"\")\""
        );
        assert_eq!(lines[2], "C1,'+Titre,performance-indicator,C1.I1.1,'@sous");
    }
}
