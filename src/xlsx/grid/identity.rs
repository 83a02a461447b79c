//! The identity block of the grid: fields laid out in rows (full or half width), each label
//! and value in one cell, and the option as boxes with a drop-down.

use rust_xlsxwriter::{DataValidation, Worksheet, XlsxError};

use super::columns::col;
use super::style::{Frame, Role, style};
use super::{BOX_EMPTY, BOX_TICKED, CellStatus, GridFill, GridOptions, option_boxes, put_range};
use crate::model::IdentityKind;
use crate::template::{FieldWidth, IdentityFieldSpec, Template};
use crate::text::match_key;

/// A label and its value in one cell, as the ministry's model expects (« NOM et prénom :
/// DUPONT Jeanne »).
pub(super) fn labelled(label: &str, value: Option<&str>) -> String {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => label.to_string(),
        Some(v) if label.ends_with(char::is_whitespace) => format!("{label}{v}"),
        Some(v) => format!("{label} {v}"),
    }
}

/// The session text: options first, then the fill's, then the template's default.
pub(super) fn session_of<'a>(
    template: &'a Template,
    fill: &'a GridFill,
    options: &'a GridOptions,
) -> &'a str {
    options
        .session
        .as_deref()
        .or(fill
            .identity
            .get(&IdentityKind::Session)
            .map(String::as_str))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| template.session())
}

/// Identity fields laid out in rows: (field, first column, last column) per row.
pub(super) fn identity_rows(
    template: &Template,
    right: usize,
    last: usize,
) -> Vec<Vec<(&IdentityFieldSpec, usize, usize)>> {
    let mut rows = Vec::new();
    let mut pending: Option<&IdentityFieldSpec> = None;
    for field in template
        .identity
        .iter()
        .filter(|f| f.field != IdentityKind::Session)
    {
        match field.width() {
            FieldWidth::Full => {
                if let Some(p) = pending.take() {
                    rows.push(vec![(p, 0, last)]);
                }
                rows.push(vec![(field, 0, last)]);
            }
            FieldWidth::Half => match pending.take() {
                None => pending = Some(field),
                Some(p) => rows.push(vec![(p, 0, right - 1), (field, right, last)]),
            },
        }
    }
    if let Some(p) = pending {
        rows.push(vec![(p, 0, last)]);
    }
    rows
}

/// The option field: its label, then one box per option (« ▢ SISR », the chosen one ☒),
/// each with a drop-down offering the box empty or ticked.
#[allow(clippy::too_many_arguments)]
pub(super) fn write_option(
    ws: &mut Worksheet,
    template: &Template,
    field: &IdentityFieldSpec,
    value: Option<&str>,
    row: u32,
    (c0, c1): (usize, usize),
    block: (u32, u32, u16, u16),
    status: Option<CellStatus>,
) -> Result<(), XlsxError> {
    let chosen = value.map(match_key);
    let known = chosen
        .as_ref()
        .is_some_and(|k| template.options.iter().any(|o| match_key(o) == *k));
    let boxes = option_boxes(template, value);
    // An unknown value is kept after the label rather than lost.
    let label = if known {
        field.label.clone()
    } else {
        labelled(&field.label, value)
    };
    let span = c1 - c0 + 1;
    let k = boxes.len();
    if k == 0 || span < k + 1 {
        let text = format!("{} {}", label.trim_end(), boxes.join("   "));
        let format = style(
            Role::IdentityInput,
            Frame::of(block, row, row, col(c0), col(c1)),
            status,
        );
        return put_range(ws, (row, col(c0), row, col(c1)), text.trim_end(), &format);
    }
    let per_box = span / (k + 1);
    let label_end = c1 - per_box * k;
    let format = style(
        Role::Identity,
        Frame::of(block, row, row, col(c0), col(label_end)),
        status,
    );
    put_range(ws, (row, col(c0), row, col(label_end)), &label, &format)?;
    for (i, (text, option)) in boxes.iter().zip(&template.options).enumerate() {
        let b0 = label_end + 1 + i * per_box;
        let b1 = b0 + per_box - 1;
        let format = style(
            Role::OptionBox,
            Frame::of(block, row, row, col(b0), col(b1)),
            status,
        );
        put_range(ws, (row, col(b0), row, col(b1)), text, &format)?;
        let choices = [
            format!("{BOX_EMPTY} {option}"),
            format!("{BOX_TICKED} {option}"),
        ];
        if let Ok(validation) = DataValidation::new().allow_list_strings(&choices) {
            ws.add_data_validation(row, col(b0), row, col(b1), &validation)?;
        }
    }
    Ok(())
}
