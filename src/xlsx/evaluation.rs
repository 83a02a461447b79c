//! The jury's evaluation grid (`grille blank --kind evaluation`): for each competence, its
//! performance indicators (sub-items indented under their parent), a level column with a
//! drop-down of the template's levels (TI / I / S / TS by default, explained in a legend) and
//! a comment column; the candidate's identity on top; print-ready on A4 portrait.
//!
//! ```
//! use grille::template::Template;
//! use grille::xlsx::evaluation::evaluation_workbook;
//! use grille::xlsx::grid::GridOptions;
//!
//! let template = Template::embedded("bts-sio-e5").unwrap();
//! let referential = grille::referential::embedded::get("bts-sio-b1").unwrap();
//! let (bytes, levels) = evaluation_workbook(&template, &referential, &Default::default(),
//!                                           &GridOptions::default()).unwrap();
//! assert!(bytes.starts_with(b"PK"));
//! assert_eq!(levels["B1.1.I1"].to_string(), "B9");
//! ```

use std::collections::BTreeMap;

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, Format, FormatAlign, FormatBorder,
    ProtectionOptions, Workbook, XlsxError,
};

use super::grid::{
    GridOptions, candidate_subject, document_properties, option_boxes, put, put_range,
};
use crate::model::{CellPos, Competence, IdentityKind, Item, ItemKind, Referential};
use crate::template::Template;

const FONT: &str = "Arial";
const BORDER: u32 = 0x49_45_29;
const HEAD_FILL: u32 = 0xD9_D9_D9;
const COMPETENCE_FILL: u32 = 0xF2_F2_F2;
const WIDTHS: [f64; 3] = [72.0, 11.0, 48.0];

/// The items the jury judges a competence on: its performance indicators, else (other
/// referentials) its development indicators, its activities, its components.
pub fn judged_items(competence: &Competence) -> (ItemKind, Vec<&Item>) {
    for kind in [
        ItemKind::PerformanceIndicator,
        ItemKind::DevelopmentIndicator,
        ItemKind::Activity,
        ItemKind::Component,
    ] {
        let items: Vec<&Item> = competence.items_of(kind).collect();
        if !items.is_empty() {
            return (kind, items);
        }
    }
    (ItemKind::PerformanceIndicator, Vec::new())
}

fn base() -> Format {
    Format::new()
        .set_font_name(FONT)
        .set_font_size(10)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap()
}

fn boxed(f: Format) -> Format {
    f.set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(BORDER))
}

/// Lines a text takes in a column (generous estimate so nothing is cut).
fn lines(text: &str, width: f64, points: f64) -> u32 {
    let per_line = ((width - 2.0) / (points / 11.0 * 1.1)).max(1.0);
    text.split('\n')
        .map(|l| (l.chars().count() as f64 / per_line).ceil().max(1.0) as u32)
        .sum()
}

fn height(text: &str, width: f64, points: f64) -> f64 {
    (f64::from(lines(text, width, points)) * points * 1.3 + 6.0).clamp(18.0, 409.0)
}

/// The label of an identity field in this template (its own wording when it has one).
fn label(template: &Template, kind: IdentityKind, lang: crate::Lang) -> String {
    template
        .identity
        .iter()
        .find(|f| f.field == kind)
        .map(|f| f.label.clone())
        .unwrap_or_else(|| format!("{} : ", kind.label(lang)))
}

fn with_value(label: &str, value: Option<&String>) -> String {
    match value.map(|v| v.trim()).filter(|v| !v.is_empty()) {
        Some(v) if label.ends_with(' ') => format!("{label}{v}"),
        Some(v) => format!("{label} {v}"),
        None => label.to_string(),
    }
}

/// Writes the evaluation sheet; returns the level cell of every judged item, by item code.
pub fn write_evaluation_sheet(
    workbook: &mut Workbook,
    template: &Template,
    referential: &Referential,
    identity: &BTreeMap<IdentityKind, String>,
    options: &GridOptions,
) -> Result<BTreeMap<String, CellPos>, XlsxError> {
    let lang = options.lang;
    let ws = workbook.add_worksheet();
    let default_name = lang.pick("Grille d’évaluation", "Evaluation grid");
    ws.set_name(options.sheet_name.as_deref().unwrap_or(default_name))?;
    for (i, w) in WIDTHS.iter().enumerate() {
        ws.set_column_width(i as u16, *w)?;
    }
    let title_f = base()
        .set_bold()
        .set_font_size(14)
        .set_align(FormatAlign::Center);
    let identity_f = boxed(base().set_bold().set_font_size(11));
    let input_f = boxed(base()).set_unlocked();
    let legend_f = base().set_italic().set_font_size(9);

    // Title rows.
    let session = options
        .session
        .as_deref()
        .or(identity.get(&IdentityKind::Session).map(String::as_str))
        .unwrap_or_else(|| template.session());
    ws.set_row_height(0, 24.0)?;
    put_range(ws, (0, 0, 0, 1), &template.diploma, &title_f)?;
    put(
        ws,
        0,
        2,
        &template.session_label.replace("{session}", session),
        &title_f,
    )?;
    let title = template.evaluation_title.clone().unwrap_or_else(|| {
        lang.pick(
            "Grille d’évaluation des compétences",
            "Competence evaluation grid",
        )
        .to_string()
    });
    ws.set_row_height(1, 24.0)?;
    put_range(ws, (1, 0, 1, 2), &title, &title_f)?;

    // Identity.
    let option_text = {
        let chosen = identity.get(&IdentityKind::Option).map(String::as_str);
        let boxes = option_boxes(template, chosen);
        format!(
            "{} {}",
            label(template, IdentityKind::Option, lang).trim_end(),
            boxes.join("   ")
        )
    };
    let rows = [
        (
            with_value(
                &label(template, IdentityKind::Name, lang),
                identity.get(&IdentityKind::Name),
            ),
            with_value(
                &label(template, IdentityKind::Number, lang),
                identity.get(&IdentityKind::Number),
            ),
        ),
        (
            with_value(
                &label(template, IdentityKind::School, lang),
                identity.get(&IdentityKind::School),
            ),
            option_text,
        ),
    ];
    for (i, (left, right)) in rows.iter().enumerate() {
        let r = 2 + i as u32;
        ws.set_row_height(r, 24.0)?;
        put_range(ws, (r, 0, r, 1), left, &identity_f.clone().set_unlocked())?;
        put(ws, r, 2, right, &identity_f.clone().set_unlocked())?;
    }
    let legend = format!(
        "{} {}",
        lang.pick("Niveaux :", "Levels:"),
        template
            .levels
            .iter()
            .map(|l| format!("{} = {}", l.code, l.label))
            .collect::<Vec<_>>()
            .join(" · ")
    );
    ws.set_row_height(4, height(&legend, WIDTHS.iter().sum(), 9.0))?;
    put_range(ws, (4, 0, 4, 2), &legend, &legend_f)?;

    // Column headings.
    let header_row = 6u32;
    let head_f = boxed(
        base()
            .set_bold()
            .set_font_size(11)
            .set_align(FormatAlign::Center),
    )
    .set_background_color(Color::RGB(HEAD_FILL));
    ws.set_row_height(header_row, 22.0)?;
    let mut first_kind = None;
    let mut row = header_row + 1;
    let codes: Vec<&str> = template.levels.iter().map(|l| l.code.trim()).collect();
    let level_validation = DataValidation::new()
        .allow_list_strings(&codes)?
        .set_error_style(DataValidationErrorStyle::Stop)
        .set_error_title(lang.pick("Niveau invalide", "Invalid level"))?
        .set_error_message(format!(
            "{} {}",
            lang.pick(
                "Choisir un niveau dans la liste :",
                "Choose a level from the list:"
            ),
            codes.join(", ")
        ))?;
    let competence_f = boxed(base().set_bold().set_font_size(11))
        .set_background_color(Color::RGB(COMPETENCE_FILL));
    let item_f = boxed(base());
    let parent_f = boxed(base().set_italic());
    let level_f = boxed(
        base()
            .set_bold()
            .set_font_size(12)
            .set_align(FormatAlign::Center),
    )
    .set_unlocked();
    let mut levels = BTreeMap::new();
    for competence in &referential.competences {
        let (kind, items) = judged_items(competence);
        first_kind.get_or_insert(kind);
        let heading = format!("{} — {}", competence.code, competence.shown_title());
        ws.set_row_height(row, height(&heading, WIDTHS.iter().sum(), 11.0))?;
        put_range(ws, (row, 0, row, 2), &heading, &competence_f)?;
        row += 1;
        let mut judged: Vec<(&Item, u8)> = Vec::new();
        for item in items {
            judged.push((item, 0));
            judged.extend(item.items.iter().map(|sub| (sub, 1)));
        }
        if judged.is_empty() {
            // Nothing listed: the competence is judged as a whole.
            ws.set_row_height(row, 30.0)?;
            put(
                ws,
                row,
                0,
                lang.pick(
                    "(appréciation globale de la compétence)",
                    "(the competence as a whole)",
                ),
                &item_f,
            )?;
            put(ws, row, 1, "", &level_f)?;
            put(ws, row, 2, "", &input_f)?;
            ws.add_data_validation(row, 1, row, 1, &level_validation)?;
            levels.insert(competence.code.clone(), CellPos::new(row, 1));
            row += 1;
            continue;
        }
        for (item, depth) in judged {
            let is_parent = !item.items.is_empty();
            let text = if depth > 0 {
                format!("– {}", item.shown_text())
            } else {
                item.shown_text().to_string()
            };
            ws.set_row_height(
                row,
                height(&text, WIDTHS[0] - 4.0 * f64::from(depth), 10.0).max(30.0),
            )?;
            let f = if is_parent { &parent_f } else { &item_f };
            put(ws, row, 0, &text, &f.clone().set_indent(depth * 2))?;
            if is_parent {
                // A heading of its sub-items (« La veille est régulière et vise à : »).
                put(ws, row, 1, "", &parent_f)?;
                put(ws, row, 2, "", &parent_f)?;
            } else {
                put(ws, row, 1, "", &level_f)?;
                put(ws, row, 2, "", &input_f)?;
                ws.add_data_validation(row, 1, row, 1, &level_validation)?;
                levels.insert(item.code.clone(), CellPos::new(row, 1));
            }
            row += 1;
        }
    }
    let kind = first_kind.unwrap_or(ItemKind::PerformanceIndicator);
    let headings = [
        lang.pick(kind.label_fr(), kind.label_en()),
        lang.pick("Niveau", "Level"),
        lang.pick("Commentaire", "Comment"),
    ];
    for (c, text) in headings.iter().enumerate() {
        put(ws, header_row, c as u16, text, &head_f)?;
    }

    // Overall appreciation and signatures.
    row += 1;
    let overall = lang.pick(
        "Appréciation globale du jury :",
        "Jury’s overall appreciation:",
    );
    ws.set_row_height(row, 90.0)?;
    let overall_f = boxed(base().set_bold().set_align(FormatAlign::Top)).set_unlocked();
    put_range(ws, (row, 0, row, 2), overall, &overall_f)?;
    row += 1;
    ws.set_row_height(row, 60.0)?;
    let sign = lang.pick(
        "Date, noms et signatures des membres du jury :",
        "Date, names and signatures of the jury:",
    );
    put_range(ws, (row, 0, row, 2), sign, &overall_f)?;

    ws.set_freeze_panes(header_row + 1, 0)?;
    ws.set_paper_size(9);
    ws.set_portrait();
    ws.set_margins(0.4, 0.4, 0.4, 0.4, 0.3, 0.3);
    ws.set_print_center_horizontally(true);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_area(0, 0, row, 2)?;
    ws.set_repeat_rows(header_row, header_row)?;
    ws.set_footer("&C&P / &N");
    options.protect_sheet(
        ws,
        &ProtectionOptions {
            format_rows: true,
            format_columns: true,
            ..ProtectionOptions::new()
        },
    );
    Ok(levels)
}

/// A workbook holding one evaluation sheet, as bytes, with fixed document properties.
pub fn evaluation_workbook(
    template: &Template,
    referential: &Referential,
    identity: &BTreeMap<IdentityKind, String>,
    options: &GridOptions,
) -> Result<(Vec<u8>, BTreeMap<String, CellPos>), XlsxError> {
    let mut workbook = Workbook::new();
    let levels = write_evaluation_sheet(&mut workbook, template, referential, identity, options)?;
    let title = template.evaluation_title.clone().unwrap_or_else(|| {
        options
            .lang
            .pick(
                "Grille d’évaluation des compétences",
                "Competence evaluation grid",
            )
            .to_string()
    });
    let school = identity
        .get(&IdentityKind::School)
        .map(|s| s.trim())
        .unwrap_or("");
    workbook.set_properties(&document_properties(
        &title,
        school,
        &candidate_subject(identity),
    ));
    Ok((workbook.save_to_buffer()?, levels))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_leaf_indicator_gets_a_level_cell() {
        let template = Template::embedded("bts-sio-e5").unwrap();
        let referential = crate::referential::embedded::get("bts-sio-b1").unwrap();
        let (_, levels) = evaluation_workbook(
            &template,
            &referential,
            &BTreeMap::new(),
            &GridOptions::default(),
        )
        .unwrap();
        let leaves: usize = referential
            .competences
            .iter()
            .flat_map(|c| c.items_of(ItemKind::PerformanceIndicator))
            .map(|i| if i.items.is_empty() { 1 } else { i.items.len() })
            .sum();
        assert_eq!(levels.len(), leaves);
        // Rows grow downwards in referential order.
        assert!(levels["B1.1.I1"].row < levels["B1.6.I1"].row);
    }

    #[test]
    fn a_competence_without_items_is_judged_as_a_whole() {
        let template = Template::embedded("bts-sio-e5").unwrap();
        let mut referential = crate::referential::embedded::get("bts-sio-b1").unwrap();
        referential.competences.truncate(1);
        referential.competences[0].items.clear();
        let (_, levels) = evaluation_workbook(
            &template,
            &referential,
            &BTreeMap::new(),
            &GridOptions::default(),
        )
        .unwrap();
        assert_eq!(levels.keys().collect::<Vec<_>>(), ["B1.1"]);
    }
}
