//! The « Rapport » sheet of a corrected workbook (`grille fix`): the findings of the check
//! with links to their cells, what grille corrected and what it left to check, coverage before
//! and after, and a legend of its colours; printed A4 landscape with rows tall enough for
//! their messages. Kept apart from `fixed.rs`, which assembles the whole workbook.

use rust_xlsxwriter::{Color, Format, FormatAlign, Url, Worksheet, XlsxError};

use crate::Lang;
use crate::fix::FixPlan;
use crate::grid::layout_label;
use crate::grid::markers::{FILL_CORRECTED, FILL_TO_CHECK, report_title};
use crate::model::{CellPos, Referential};
use crate::report::Report;
use crate::xlsx::grid::{GridMap, GridSpot};
use crate::xlsx::page::{PageSetup, RowHeights, Swatch, legend};

/// The report sheet: findings with links, corrections, what is left to check, coverage.
#[allow(clippy::too_many_arguments)]
pub(super) fn write_report(
    sheet: &mut Worksheet,
    report: &Report,
    plan: &FixPlan,
    map: &GridMap,
    grid_name: &str,
    origin_name: &str,
    referential: &Referential,
    lang: Lang,
) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xD9D9D9))
        .set_text_wrap();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let corrected = wrap
        .clone()
        .set_background_color(Color::RGB(FILL_CORRECTED));
    let to_check = wrap.clone().set_background_color(Color::RGB(FILL_TO_CHECK));
    let mut heights = RowHeights::new();
    for (c, w) in [14.0, 9.0, 22.0, 12.0, 12.0, 60.0, 45.0, 14.0]
        .into_iter()
        .enumerate()
    {
        heights.set_width(sheet, c as u16, w)?;
    }

    sheet.write_string_with_format(0, 0, report_title(lang), &bold)?;
    let facts = [
        (lang.pick("Fichier", "File"), report.file.clone()),
        (
            lang.pick("Feuille", "Sheet"),
            report.sheet.clone().unwrap_or_default(),
        ),
        (
            lang.pick("Disposition", "Layout"),
            report
                .layout
                .as_deref()
                .map_or_else(String::new, |l| layout_label(l, lang).to_string()),
        ),
        (
            lang.pick("Référentiel", "Referential"),
            report.referential.clone(),
        ),
    ];
    let mut row = 1u32;
    for (label, value) in facts {
        sheet.write_string_with_format(row, 0, label, &bold)?;
        sheet.write_string(row, 1, value)?;
        row += 1;
    }

    // Findings of the check, each with its cell in the corrected grid.
    let heads = [
        lang.pick("Gravité", "Severity"),
        lang.pick("Code", "Code"),
        lang.pick("Constat", "Kind"),
        lang.pick("Cellule d’origine", "Original cell"),
        lang.pick("Cellule corrigée", "Corrected cell"),
        lang.pick("Message", "Message"),
        lang.pick("Suggestion", "Suggestion"),
        lang.pick("Après correction", "After correction"),
    ];
    row = table_head(
        sheet,
        row,
        lang.pick("Constats de la vérification", "Findings of the check"),
        &heads,
        (&bold, &header),
        &mut heights,
    )?;
    if report.findings.is_empty() {
        sheet.write_string(row, 0, lang.pick("Aucun constat.", "No finding."))?;
        row += 1;
    }
    for f in &report.findings {
        let resolved = plan.resolves(f);
        let fmt = if resolved { &corrected } else { &to_check };
        sheet.write_string_with_format(row, 0, f.severity.label(lang), fmt)?;
        sheet.write_string_with_format(row, 1, f.code, fmt)?;
        sheet.write_string_with_format(row, 2, f.kind.name(), fmt)?;
        if let Some(cell) = f.cell {
            sheet.write_string_with_format(row, 3, cell.to_string(), fmt)?;
        }
        let spot = f
            .cell
            .and_then(|c| plan.placed.get(&c))
            .or_else(|| {
                plan.remaining
                    .iter()
                    .find(|r| r.kind == f.kind && r.origin.is_some() && r.origin == f.cell)
                    .and_then(|r| r.spot.as_ref())
            })
            .cloned()
            .or_else(|| f.competence.clone().map(GridSpot::Heading));
        match (spot.and_then(|s| map.cells.get(&s)), f.cell) {
            (Some(target), _) => link(sheet, row, 4, grid_name, *target)?,
            (None, Some(origin)) => link(sheet, row, 4, origin_name, origin)?,
            (None, None) => {}
        }
        let suggestion = f.suggestion.as_deref().unwrap_or("");
        heights.text(row, 2, f.kind.name(), 11.0);
        heights.text(row, 5, &f.message, 11.0);
        heights.text(row, 6, suggestion, 11.0);
        sheet.write_string_with_format(row, 5, &f.message, fmt)?;
        sheet.write_string_with_format(row, 6, suggestion, fmt)?;
        let status = if resolved {
            lang.pick("corrigé", "corrected")
        } else {
            lang.pick("à vérifier", "to check")
        };
        sheet.write_string_with_format(row, 7, status, fmt)?;
        row += 1;
    }

    // What grille changed, and what it left to the teacher.
    let heads = [
        lang.pick("Statut", "Status"),
        "",
        lang.pick("Constat", "Kind"),
        lang.pick("Cellule d’origine", "Original cell"),
        lang.pick("Cellule corrigée", "Corrected cell"),
        lang.pick("Détail", "Detail"),
    ];
    row = table_head(
        sheet,
        row,
        lang.pick(
            "Corrections et points à vérifier",
            "Corrections and points to check",
        ),
        &heads,
        (&bold, &header),
        &mut heights,
    )?;
    for c in &plan.corrections {
        sheet.write_string_with_format(row, 0, lang.pick("corrigé", "corrected"), &corrected)?;
        if let Some(origin) = c.origin {
            link(sheet, row, 3, origin_name, origin)?;
        }
        if let Some(target) = map.cells.get(&c.spot) {
            link(sheet, row, 4, grid_name, *target)?;
        }
        let detail = match lang {
            Lang::Fr => format!("« {} » : {}", c.original, c.reason),
            Lang::En => format!("“{}”: {}", c.original, c.reason),
        };
        heights.text(row, 5, &detail, 11.0);
        sheet.write_string_with_format(row, 5, detail, &corrected)?;
        row += 1;
    }
    for r in &plan.remaining {
        let severity = r.severity.label(lang);
        sheet.write_string_with_format(
            row,
            0,
            format!("{} ({severity})", lang.pick("à vérifier", "to check")),
            &to_check,
        )?;
        sheet.write_string_with_format(row, 2, r.kind.name(), &to_check)?;
        if let Some(origin) = r.origin {
            link(sheet, row, 3, origin_name, origin)?;
        }
        if let Some(target) = r.spot.as_ref().and_then(|s| map.cells.get(s)) {
            link(sheet, row, 4, grid_name, *target)?;
        }
        heights.text(row, 2, r.kind.name(), 11.0);
        heights.text(row, 5, &r.message, 11.0);
        sheet.write_string_with_format(row, 5, &r.message, &to_check)?;
        row += 1;
    }
    if let Some(note) = crate::fix::normalised_note(plan.normalised, lang) {
        sheet.write_string(row, 0, lang.pick("normalisé", "normalized"))?;
        sheet.write_string(row, 5, note)?;
        row += 1;
    }
    if plan.corrections.is_empty() && plan.remaining.is_empty() && plan.normalised == 0 {
        sheet.write_string(row, 0, lang.pick("Rien à corriger.", "Nothing to correct."))?;
        row += 1;
    }

    // Coverage, before and after correction.
    let heads = [
        lang.pick("Compétence", "Competence"),
        "",
        lang.pick("Intitulé", "Title"),
        lang.pick("Avant", "Before"),
        lang.pick("Après correction", "After correction"),
    ];
    row = table_head(
        sheet,
        row,
        lang.pick("Couverture des compétences", "Competence coverage"),
        &heads,
        (&bold, &header),
        &mut heights,
    )?;
    for c in &referential.competences {
        let after = plan
            .coverage
            .iter()
            .find(|(code, _)| *code == c.code)
            .map_or(0, |(_, n)| *n);
        let fmt = if after == 0 { &to_check } else { &wrap };
        sheet.write_string_with_format(row, 0, &c.code, fmt)?;
        heights.text(row, 2, c.shown_title(), 11.0);
        sheet.write_string_with_format(row, 2, c.shown_title(), fmt)?;
        sheet.write_number_with_format(
            row,
            3,
            f64::from(report.coverage.get(&c.code).unwrap_or(0)),
            fmt,
        )?;
        sheet.write_number_with_format(row, 4, f64::from(after), fmt)?;
        row += 1;
    }
    let end = report_legend(sheet, row + 1, lang)?;
    heights.apply(sheet)?;
    PageSetup {
        landscape: true,
        header_rows: None,
        last: (end, 7),
    }
    .apply(sheet, lang)
}

/// The colours of « Rapport », explained under its tables; gives the last row written.
fn report_legend(sheet: &mut Worksheet, row: u32, lang: Lang) -> Result<u32, XlsxError> {
    let next = legend(
        sheet,
        row,
        0,
        lang.pick("Légende", "Legend"),
        &[
            Swatch {
                fill: FILL_CORRECTED,
                meaning: lang.pick(
                    "corrigé par grille (vérifiez la correction)",
                    "corrected by grille (check the correction)",
                ),
            },
            Swatch {
                fill: FILL_TO_CHECK,
                meaning: lang.pick(
                    "à vérifier par l’enseignant, ou compétence non couverte",
                    "for the teacher to check, or competence not covered",
                ),
            },
        ],
    )?;
    Ok(next - 1)
}

/// Starts a table of the « Rapport » sheet after `row`: a blank row, its title in bold, then
/// its column heads; gives the row of its first line. The three tables (findings,
/// corrections, coverage) are laid out alike this way.
fn table_head(
    sheet: &mut Worksheet,
    row: u32,
    title: &str,
    heads: &[&str],
    (bold, header): (&Format, &Format),
    heights: &mut RowHeights,
) -> Result<u32, XlsxError> {
    sheet.write_string_with_format(row + 1, 0, title, bold)?;
    for (c, h) in heads.iter().enumerate() {
        heights.text(row + 2, c as u16, h, 11.0);
        sheet.write_string_with_format(row + 2, c as u16, *h, header)?;
    }
    Ok(row + 3)
}

/// An internal hyperlink to a cell of another sheet of the workbook.
fn link(
    sheet: &mut Worksheet,
    row: u32,
    column: u16,
    target_sheet: &str,
    target: CellPos,
) -> Result<(), XlsxError> {
    let quoted = target_sheet.replace('\'', "''");
    let url = Url::new(format!("internal:'{quoted}'!{target}")).set_text(target.to_string());
    let format = Format::new()
        .set_font_color(Color::RGB(0x0563C1))
        .set_underline(rust_xlsxwriter::FormatUnderline::Single)
        .set_align(FormatAlign::Top);
    sheet.write_url_with_format(row, column, url, &format)?;
    Ok(())
}
