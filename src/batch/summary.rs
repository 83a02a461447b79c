//! The class summary of a batch (`synthese.xlsx`), for the teacher and the exam office:
//!
//! - « Candidats »: one row per file (candidate, number, option, file, corrected grid, layout,
//!   verdict, errors, warnings, then one column per competence with its count, coloured as a
//!   heatmap by a 3-colour scale), filters and a frozen header;
//! - « Constats »: every finding, its file linked to the corrected grid at the finding's cell;
//! - « Couverture »: how many candidates cover each competence, as a table and a column chart;
//! - « Fichiers illisibles » and « Fichiers ignorés ».
//!
//! Text from the sheets is written with `write_string` (never a formula), and the document
//! date is fixed so that two runs give identical bytes.

use rust_xlsxwriter::{
    Chart, ChartType, Color, ConditionalFormat3ColorScale, ConditionalFormatType, DocProperties,
    ExcelDateTime, Format, FormatAlign, FormatBorder, Url, Workbook, Worksheet, XlsxError,
};

use crate::Lang;
use crate::batch::{BatchItem, BatchResult};
use crate::grid::layout_label;
use crate::grid::markers::{origin_sheet_name, report_sheet_name};
use crate::model::{CellPos, Referential};
use crate::output::names::file_name;
use crate::report::Report;
use crate::rules::{Finding, Severity};
use crate::xlsx::page::{DEFAULT_ROW_HEIGHT, PageSetup, RowHeights, Swatch, legend};

/// Excel's limit on the characters of a cell.
const MAX_CELL_CHARS: usize = 32_000;
/// Excel's limit on hyperlinks per worksheet (65,530); beyond, files are plain text.
const MAX_LINKS: usize = 65_000;
/// Findings listed at most (Excel has 1,048,576 rows).
const MAX_FINDING_ROWS: usize = 1_000_000;

/// The coverage chart, in pixels: as wide as the table beside it, short enough to share a
/// portrait page with a table of a dozen competences.
const CHART_WIDTH: u32 = 620;
const CHART_HEIGHT: u32 = 340;
/// Height of a portrait A4 page inside the margins, in points (297 mm less 0.5 in twice, and
/// the repeated header row).
const PRINTABLE_HEIGHT: f64 = 841.9 - 72.0 - 30.0;

/// Columns of « Candidats » before the competences.
const FIXED_COLUMNS: u16 = 10;

/// Fills of the summary, each explained by a legend on its sheet.
const VALID_FILL: u32 = 0xC6EFCE;
const ERRORS_FILL: u32 = 0xFFEB9C;
const UNREADABLE_FILL: u32 = 0xFFC7CE;
const HEAT_NONE: u32 = 0xF8696B;
const HEAT_ONE: u32 = 0xFFEB84;
const HEAT_TWO: u32 = 0x63BE7B;

/// A column wide enough for its title's longest word, so that a wrapped title never breaks
/// inside a word (« Avertissements »).
fn fit_title(width: f64, title: &str) -> f64 {
    let longest = title
        .split_whitespace()
        .map(|w| w.chars().count())
        .max()
        .unwrap_or(0);
    // Bold text is wider than the digits a column width counts.
    width.max(longest as f64 * 1.15 + 2.0)
}

/// Sheet names, in the workbook's language.
pub fn sheet_names(lang: Lang) -> [&'static str; 5] {
    [
        lang.pick("Candidats", "Candidates"),
        lang.pick("Constats", "Findings"),
        lang.pick("Couverture", "Coverage"),
        lang.pick("Fichiers illisibles", "Unreadable files"),
        lang.pick("Fichiers ignorés", "Skipped files"),
    ]
}

/// Text as a cell can hold it (Excel refuses more than 32,767 characters).
fn cell_text(s: &str) -> String {
    if s.chars().count() <= MAX_CELL_CHARS {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(MAX_CELL_CHARS).collect();
        t.push('…');
        t
    }
}

/// The link to a corrected grid, at a cell of one of its sheets when given:
/// `corriges/Jeanne DUPONT - Tableau.xlsx#'Tableau de synthèse'!D12`.
///
/// ```
/// use grille::model::CellPos;
/// use grille::batch::summary::corrected_link;
/// assert_eq!(
///     corrected_link("a.xlsx", Some(("L'été", CellPos::new(11, 3)))),
///     "file:///corriges/a.xlsx#'L''été'!D12"
/// );
/// assert_eq!(corrected_link("a.xlsx", None), "file:///corriges/a.xlsx");
/// ```
pub fn corrected_link(name: &str, at: Option<(&str, CellPos)>) -> String {
    let base = format!("file:///{}/{name}", super::CORRECTED_DIR);
    match at {
        Some((sheet, cell)) => format!("{base}#'{}'!{cell}", sheet.replace('\'', "''")),
        None => base,
    }
}

/// Where a finding is seen in the corrected workbook: a cell of the candidate's grid sheet
/// is at the same address in « Contenu d'origine » (the grid as handed in, reproduced cell for
/// cell); a cell of another sheet is on its copy; a finding about the whole sheet is listed in
/// « Rapport ».
fn anchor(report: &Report, finding: &Finding, lang: Lang) -> (String, CellPos) {
    match (finding.cell, finding.sheet.as_deref()) {
        (Some(cell), Some(sheet)) if Some(sheet) == report.sheet.as_deref() => {
            (origin_sheet_name(lang).to_string(), cell)
        }
        (Some(cell), Some(sheet)) => (sheet.to_string(), cell),
        _ => (report_sheet_name(lang).to_string(), CellPos::new(0, 0)),
    }
}

struct Formats {
    header: Format,
    valid: Format,
    errors: Format,
    unreadable: Format,
    link_wrap: Format,
    wrap: Format,
    /// Numbers, aligned at the top as the wrapped text beside them.
    number: Format,
}

/// Every cell of a row aligned at its top, so that a row made taller by one wrapped cell
/// still reads as one line.
fn top() -> Format {
    Format::new().set_align(FormatAlign::Top)
}

impl Formats {
    fn new() -> Self {
        let header = Format::new()
            .set_bold()
            .set_text_wrap()
            .set_background_color(Color::RGB(0xD9E1F2))
            .set_border_bottom(FormatBorder::Thin);
        Self {
            header,
            valid: top().set_background_color(Color::RGB(VALID_FILL)),
            errors: top().set_background_color(Color::RGB(ERRORS_FILL)),
            unreadable: top().set_background_color(Color::RGB(UNREADABLE_FILL)),
            number: top(),
            link_wrap: Format::new()
                .set_font_color(Color::RGB(0x0563C1))
                .set_underline(rust_xlsxwriter::FormatUnderline::Single)
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
        }
    }
}

/// The verdict shown for a file.
pub fn verdict(item: &BatchItem, lang: Lang) -> &'static str {
    if crate::batch::submissions::is_missing(item) {
        return lang.pick("aucun tableau remis", "no grid handed in");
    }
    match &item.outcome {
        Err(_) => lang.pick("illisible", "unreadable"),
        Ok(r) if r.errors() > 0 => lang.pick("à corriger", "to correct"),
        Ok(_) => lang.pick("valide", "valid"),
    }
}

/// Builds `synthese.xlsx` in memory.
pub fn summary_workbook(
    result: &BatchResult,
    referential: &Referential,
    lang: Lang,
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let properties = DocProperties::new()
        .set_title(lang.pick(
            "Synthèse des tableaux de synthèse",
            "Summary of the synthesis grids",
        ))
        .set_author("grille")
        .set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?);
    workbook.set_properties(&properties);
    let formats = Formats::new();
    let names = sheet_names(lang);

    workbook.push_worksheet(candidates_sheet(
        result,
        referential,
        lang,
        &formats,
        names[0],
    )?);
    workbook.push_worksheet(findings_sheet(result, lang, &formats, names[1])?);
    workbook.push_worksheet(coverage_sheet(
        result,
        referential,
        lang,
        &formats,
        names[2],
    )?);
    workbook.push_worksheet(unreadable_sheet(result, lang, &formats, names[3])?);
    workbook.push_worksheet(notes_sheet(result, lang, &formats, names[4])?);
    workbook.save_to_buffer()
}

/// A new sheet of the summary, named, with its column titles on the first row: every sheet
/// starts this way.
fn headed_sheet(name: &str, titles: &[&str], format: &Format) -> Result<Worksheet, XlsxError> {
    let mut sheet = Worksheet::new();
    sheet.set_name(name)?;
    for (col, title) in titles.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *title, format)?;
    }
    Ok(sheet)
}

fn candidates_sheet(
    result: &BatchResult,
    referential: &Referential,
    lang: Lang,
    formats: &Formats,
    name: &str,
) -> Result<Worksheet, XlsxError> {
    let titles = [
        lang.pick("Candidat", "Candidate"),
        lang.pick("N° candidat", "Candidate number"),
        "Option",
        lang.pick("Fichier", "File"),
        lang.pick("Grille corrigée", "Corrected grid"),
        lang.pick("Disposition", "Layout"),
        "Verdict",
        lang.pick("Erreurs", "Errors"),
        lang.pick("Avertissements", "Warnings"),
        lang.pick("Réalisations", "Réalisations"),
    ];
    let mut sheet = headed_sheet(name, &titles, &formats.header)?;
    for (i, competence) in referential.competences.iter().enumerate() {
        sheet.write_string_with_format(
            0,
            FIXED_COLUMNS + i as u16,
            &competence.code,
            &formats.header,
        )?;
    }
    let widths = [24.0, 12.0, 8.0, 26.0, 30.0, 24.0, 11.0, 8.0, 10.0, 11.0];
    let mut heights = RowHeights::new();
    for (col, (width, title)) in widths.iter().zip(titles).enumerate() {
        heights.set_width(&mut sheet, col as u16, fit_title(*width, title))?;
    }
    for (c, competence) in referential.competences.iter().enumerate() {
        heights.set_width(
            &mut sheet,
            FIXED_COLUMNS + c as u16,
            fit_title(7.0, &competence.code),
        )?;
    }
    for (col, title) in titles.iter().enumerate() {
        heights.text(0, col as u16, title, 11.0);
    }
    let mut links = 0usize;
    for (i, item) in result.items.iter().enumerate() {
        let row = (i + 1) as u32;
        let report = item.report();
        let mut wrapped = |sheet: &mut Worksheet, col: u16, text: &str| {
            heights.text(row, col, text, 11.0);
            sheet
                .write_string_with_format(row, col, cell_text(text), &formats.wrap)
                .map(|_| ())
        };
        if let Some(name) = item.candidate_name() {
            wrapped(&mut sheet, 0, name)?;
        }
        if let Some(number) = &report.candidate.number {
            wrapped(&mut sheet, 1, number)?;
        }
        if let Some(option) = &report.candidate.option {
            wrapped(&mut sheet, 2, option)?;
        }
        wrapped(&mut sheet, 3, file_name(&item.file))?;
        if let Some(layout) = &report.layout {
            wrapped(&mut sheet, 5, layout_label(layout, lang))?;
        }
        if let Some(corrected) = &item.corrected {
            heights.text(row, 4, &corrected.name, 11.0);
            if links < MAX_LINKS {
                let url = Url::new(corrected_link(&corrected.name, None)).set_text(&corrected.name);
                sheet.write_url_with_format(row, 4, url, &formats.link_wrap)?;
                links += 1;
            } else {
                sheet.write_string_with_format(row, 4, &corrected.name, &formats.wrap)?;
            }
        }
        let verdict_format = match &item.outcome {
            _ if crate::batch::submissions::is_missing(item) => &formats.unreadable,
            Err(_) => &formats.unreadable,
            Ok(r) if r.errors() > 0 => &formats.errors,
            Ok(_) => &formats.valid,
        };
        sheet.write_string_with_format(row, 6, verdict(item, lang), verdict_format)?;
        if let Ok(report) = &item.outcome {
            let number = &formats.number;
            sheet.write_number_with_format(row, 7, report.errors() as f64, number)?;
            sheet.write_number_with_format(row, 8, report.warnings() as f64, number)?;
            sheet.write_number_with_format(row, 9, item.realisations as f64, number)?;
            for (c, competence) in referential.competences.iter().enumerate() {
                let count = report.coverage.get(&competence.code).unwrap_or(0);
                sheet.write_number_with_format(
                    row,
                    FIXED_COLUMNS + c as u16,
                    f64::from(count),
                    number,
                )?;
            }
        }
    }
    let last_row = result.items.len() as u32;
    let last_col = FIXED_COLUMNS + referential.competences.len().max(1) as u16 - 1;
    if !referential.competences.is_empty() && last_row > 0 {
        // 0 red, 1 amber, 2 and more green: the jury wants every competence at least once,
        // and schools like two réalisations per competence.
        let heatmap = ConditionalFormat3ColorScale::new()
            .set_minimum(ConditionalFormatType::Number, 0)
            .set_midpoint(ConditionalFormatType::Number, 1)
            .set_maximum(ConditionalFormatType::Number, 2)
            .set_minimum_color(Color::RGB(HEAT_NONE))
            .set_midpoint_color(Color::RGB(HEAT_ONE))
            .set_maximum_color(Color::RGB(HEAT_TWO));
        sheet.add_conditional_format(1, FIXED_COLUMNS, last_row, last_col, &heatmap)?;
    }
    sheet.autofilter(0, 0, last_row, last_col)?;
    sheet.set_freeze_panes(1, 1)?;
    let next = legend(
        &mut sheet,
        last_row + 2,
        0,
        lang.pick("Légende — Verdict", "Legend — Verdict"),
        &[
            Swatch {
                fill: VALID_FILL,
                meaning: lang.pick("valide : aucune erreur", "valid: no error"),
            },
            Swatch {
                fill: ERRORS_FILL,
                meaning: lang.pick(
                    "à corriger : au moins une erreur (voir « Constats »)",
                    "to correct: at least one error (see “Findings”)",
                ),
            },
            Swatch {
                fill: UNREADABLE_FILL,
                meaning: lang.pick(
                    "illisible (voir « Fichiers illisibles ») ou aucun tableau remis : à redemander",
                    "unreadable (see “Unreadable files”) or no grid handed in: ask again",
                ),
            },
        ],
    )?;
    let next = legend(
        &mut sheet,
        next + 1,
        0,
        lang.pick(
            "Légende — Colonnes des compétences (réalisations qui la mobilisent)",
            "Legend — Competence columns (réalisations using it)",
        ),
        &[
            Swatch {
                fill: HEAT_NONE,
                meaning: lang.pick("0 : compétence non couverte", "0: competence not covered"),
            },
            Swatch {
                fill: HEAT_ONE,
                meaning: lang.pick("1 réalisation", "1 réalisation"),
            },
            Swatch {
                fill: HEAT_TWO,
                meaning: lang.pick("2 réalisations ou plus", "2 réalisations or more"),
            },
        ],
    )?;
    heights.apply(&mut sheet)?;
    // Printed for the exam office: landscape, one page wide, header row on every page.
    PageSetup::table(next - 1, last_col.max(FIXED_COLUMNS - 1)).apply(&mut sheet, lang)?;
    Ok(sheet)
}

fn findings_sheet(
    result: &BatchResult,
    lang: Lang,
    formats: &Formats,
    name: &str,
) -> Result<Worksheet, XlsxError> {
    let titles = [
        lang.pick("Fichier", "File"),
        lang.pick("Candidat", "Candidate"),
        lang.pick("Feuille", "Sheet"),
        lang.pick("Cellule", "Cell"),
        lang.pick("Type", "Kind"),
        "Code",
        lang.pick("Gravité", "Severity"),
        "Message",
        "Suggestion",
    ];
    let mut sheet = headed_sheet(name, &titles, &formats.header)?;
    let mut heights = RowHeights::new();
    for (col, (width, title)) in [24.0, 20.0, 16.0, 8.0, 18.0, 7.0, 14.0, 55.0, 45.0]
        .iter()
        .zip(titles)
        .enumerate()
    {
        heights.set_width(&mut sheet, col as u16, fit_title(*width, title))?;
    }
    let mut row = 0u32;
    let mut links = 0usize;
    let total: usize = result.items.iter().map(|i| i.report().findings.len()).sum();
    'items: for item in &result.items {
        for finding in &item.report().findings {
            if row as usize >= MAX_FINDING_ROWS {
                break 'items;
            }
            row += 1;
            let file = cell_text(file_name(&item.file));
            heights.text(row, 0, &file, 11.0);
            match &item.corrected {
                Some(corrected) if links < MAX_LINKS => {
                    let (sheet_name, cell) = anchor(item.report(), finding, lang);
                    let url = Url::new(corrected_link(&corrected.name, Some((&sheet_name, cell))))
                        .set_text(&file);
                    sheet.write_url_with_format(row, 0, url, &formats.link_wrap)?;
                    links += 1;
                }
                _ => {
                    sheet.write_string_with_format(row, 0, &file, &formats.wrap)?;
                }
            }
            let mut wrapped = |sheet: &mut Worksheet, col: u16, text: &str| {
                heights.text(row, col, text, 11.0);
                sheet
                    .write_string_with_format(row, col, cell_text(text), &formats.wrap)
                    .map(|_| ())
            };
            if let Some(name) = item.candidate_name() {
                wrapped(&mut sheet, 1, name)?;
            }
            if let Some(s) = &finding.sheet {
                wrapped(&mut sheet, 2, s)?;
            }
            if let Some(cell) = finding.cell {
                wrapped(&mut sheet, 3, &cell.to_string())?;
            }
            wrapped(&mut sheet, 4, finding.kind.name())?;
            wrapped(&mut sheet, 5, finding.code)?;
            wrapped(&mut sheet, 7, &finding.message)?;
            if let Some(s) = &finding.suggestion {
                wrapped(&mut sheet, 8, s)?;
            }
            let format = match finding.severity {
                Severity::Error => &formats.errors,
                Severity::Warning => &formats.number,
            };
            sheet.write_string_with_format(row, 6, finding.severity.label(lang), format)?;
        }
    }
    if total > row as usize {
        row += 1;
        let more = total - (row as usize - 1);
        sheet.write_string(
            row,
            0,
            match lang {
                Lang::Fr => format!("… {more} autres constats, voir rapport.jsonl"),
                Lang::En => format!("… {more} more findings, see rapport.jsonl"),
            },
        )?;
    }
    let last_col = titles.len() as u16 - 1;
    sheet.autofilter(0, 0, row, last_col)?;
    sheet.set_freeze_panes(1, 0)?;
    let next = legend(
        &mut sheet,
        row + 2,
        0,
        lang.pick("Légende — Gravité", "Legend — Severity"),
        &[Swatch {
            fill: ERRORS_FILL,
            meaning: lang.pick(
                "erreur : à corriger avant l’épreuve",
                "error: to correct before the exam",
            ),
        }],
    )?;
    heights.apply(&mut sheet)?;
    PageSetup::table(next - 1, last_col).apply(&mut sheet, lang)?;
    Ok(sheet)
}

fn coverage_sheet(
    result: &BatchResult,
    referential: &Referential,
    lang: Lang,
    formats: &Formats,
    name: &str,
) -> Result<Worksheet, XlsxError> {
    let titles = [
        lang.pick("Compétence", "Competence"),
        lang.pick("Intitulé", "Title"),
        lang.pick("Candidats qui la couvrent", "Candidates covering it"),
        lang.pick("Fichiers lus", "Files read"),
    ];
    let mut sheet = headed_sheet(name, &titles, &formats.header)?;
    let mut heights = RowHeights::new();
    for (col, (width, title)) in [12.0, 50.0, 14.0, 10.0].iter().zip(titles).enumerate() {
        heights.set_width(&mut sheet, col as u16, fit_title(*width, title))?;
        heights.text(0, col as u16, title, 11.0);
    }
    let readable: Vec<_> = result
        .items
        .iter()
        .filter_map(|i| i.outcome.as_ref().ok())
        .collect();
    for (i, competence) in referential.competences.iter().enumerate() {
        let row = (i + 1) as u32;
        let covering = readable
            .iter()
            .filter(|r| r.coverage.get(&competence.code).unwrap_or(0) > 0)
            .count();
        sheet.write_string_with_format(row, 0, &competence.code, &formats.number)?;
        let title = competence.display.as_deref().unwrap_or(&competence.title);
        heights.text(row, 1, title, 11.0);
        sheet.write_string_with_format(row, 1, cell_text(title), &formats.wrap)?;
        sheet.write_number_with_format(row, 2, covering as f64, &formats.number)?;
        sheet.write_number_with_format(row, 3, readable.len() as f64, &formats.number)?;
    }
    heights.apply(&mut sheet)?;
    let n = referential.competences.len() as u32;
    // Portrait: the table and its chart, as wide as the table, one page wide.
    let mut setup = PageSetup {
        landscape: false,
        header_rows: Some((0, 0)),
        last: (n, 3),
    };
    if n > 0 {
        let mut chart = Chart::new(ChartType::Column);
        chart
            .add_series()
            .set_categories((name, 1, 0, n, 0))
            .set_values((name, 1, 2, n, 2))
            .set_name(titles[2]);
        chart.title().set_name(lang.pick(
            "Candidats qui couvrent chaque compétence",
            "Candidates covering each competence",
        ));
        chart.legend().set_hidden();
        chart.y_axis().set_min(0);
        chart.set_width(CHART_WIDTH).set_height(CHART_HEIGHT);
        let chart_row = n + 2;
        sheet.insert_chart(chart_row, 0, &chart)?;
        // The chart covers about this many default rows; the print area takes them in.
        let chart_rows = (f64::from(CHART_HEIGHT) * 0.75 / DEFAULT_ROW_HEIGHT).ceil() as u32 + 1;
        setup.last = (chart_row + chart_rows, 3);
        // A chart is never cut across two pages: when the table leaves no room for it on the
        // page, the chart starts the next one.
        let table: f64 = (0..=n)
            .map(|r| heights.height(r).unwrap_or(DEFAULT_ROW_HEIGHT))
            .sum();
        let on_first_page = PRINTABLE_HEIGHT - table % PRINTABLE_HEIGHT;
        if on_first_page < f64::from(CHART_HEIGHT) * 0.75 + 2.0 * DEFAULT_ROW_HEIGHT {
            sheet.set_page_breaks(&[chart_row])?;
        }
    }
    setup.apply(&mut sheet, lang)?;
    Ok(sheet)
}

fn unreadable_sheet(
    result: &BatchResult,
    lang: Lang,
    formats: &Formats,
    name: &str,
) -> Result<Worksheet, XlsxError> {
    let rows = result.items.iter().filter_map(|item| {
        let reason = &item.outcome.as_ref().err()?.reason;
        Some((item.file.as_str(), reason.as_str()))
    });
    let headers = [lang.pick("Fichier", "File"), lang.pick("Raison", "Reason")];
    file_table(name, headers, [40.0, 80.0], rows, lang, formats)
}

fn notes_sheet(
    result: &BatchResult,
    lang: Lang,
    formats: &Formats,
    name: &str,
) -> Result<Worksheet, XlsxError> {
    let rows = (result.notes.iter()).map(|note| (note.file.as_str(), note.reason_text(lang)));
    let headers = [lang.pick("Fichier", "File"), lang.pick("Note", "Note")];
    file_table(name, headers, [60.0, 60.0], rows, lang, formats)
}

/// A sheet of two wrapped columns, a file and what is said of it (« Fichiers illisibles »,
/// « Fichiers ignorés »), rows as tall as their text, printable.
fn file_table<'a>(
    name: &str,
    headers: [&str; 2],
    widths: [f64; 2],
    rows: impl Iterator<Item = (&'a str, &'a str)>,
    lang: Lang,
    formats: &Formats,
) -> Result<Worksheet, XlsxError> {
    let mut sheet = headed_sheet(name, &headers, &formats.header)?;
    let mut heights = RowHeights::new();
    heights.set_width(&mut sheet, 0, widths[0])?;
    heights.set_width(&mut sheet, 1, widths[1])?;
    let mut last = 0u32;
    for (file, text) in rows.take(MAX_FINDING_ROWS - 1) {
        let row = last + 1;
        heights.text(row, 0, file, 11.0);
        heights.text(row, 1, text, 11.0);
        sheet.write_string_with_format(row, 0, cell_text(file), &formats.wrap)?;
        sheet.write_string_with_format(row, 1, cell_text(text), &formats.wrap)?;
        last = row;
    }
    sheet.set_freeze_panes(1, 0)?;
    heights.apply(&mut sheet)?;
    PageSetup::table(last, 1).apply(&mut sheet, lang)?;
    Ok(sheet)
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader, Xlsx};
    use std::io::Cursor;

    fn read(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
        Xlsx::new(Cursor::new(bytes.to_vec())).unwrap()
    }

    #[test]
    fn one_row_per_file_with_the_reports_counts() {
        let result = crate::batch::tests::fake_batch(2);
        let referential = crate::referential::embedded::get("bts-sio-b1").unwrap();
        let bytes = summary_workbook(&result, &referential, Lang::Fr).unwrap();
        assert_eq!(
            bytes,
            summary_workbook(&result, &referential, Lang::Fr).unwrap()
        );
        let mut book = read(&bytes);
        assert_eq!(book.sheet_names(), sheet_names(Lang::Fr));
        let candidates = book.worksheet_range("Candidats").unwrap();
        // The table, then a blank row and the legends.
        let rows: Vec<_> = candidates
            .rows()
            .take_while(|r| r.iter().any(|c| *c != Data::Empty))
            .collect();
        assert_eq!(rows.len(), 1 + result.items.len());
        let texts: Vec<String> = candidates.cells().map(|(_, _, d)| d.to_string()).collect();
        assert!(
            texts.iter().any(|t| t == "0 : compétence non couverte"),
            "{texts:?}"
        );
        assert_eq!(rows[0][10], Data::String("B1.1".into()));
        for (row, item) in rows.iter().skip(1).zip(&result.items) {
            assert_eq!(row[3], Data::String(file_name(&item.file).into()));
            assert_eq!(row[6], Data::String(verdict(item, Lang::Fr).into()));
            match &item.outcome {
                Ok(report) => {
                    assert_eq!(row[7], Data::Float(report.errors() as f64));
                    assert_eq!(row[8], Data::Float(report.warnings() as f64));
                    for (c, (code, n)) in report.coverage.0.iter().enumerate() {
                        assert_eq!(row[10 + c], Data::Float(f64::from(*n)), "{code}");
                    }
                }
                Err(_) => assert_eq!(row[7], Data::Empty),
            }
        }
        // The candidate's name comes from the sheet.
        assert_eq!(rows[3][0], Data::String("Zoé".into()));

        let findings = book.worksheet_range("Constats").unwrap();
        let total: usize = result.items.iter().map(|i| i.report().findings.len()).sum();
        let listed = findings
            .rows()
            .take_while(|r| r.iter().any(|c| *c != Data::Empty))
            .count();
        assert_eq!(listed, 1 + total);

        let coverage = book.worksheet_range("Couverture").unwrap();
        // B1.1 is named by the four readable sheets, B1.3 by two.
        assert_eq!(coverage.get_value((1, 2)), Some(&Data::Float(4.0)));
        assert_eq!(coverage.get_value((3, 2)), Some(&Data::Float(2.0)));

        let unreadable = book.worksheet_range("Fichiers illisibles").unwrap();
        assert_eq!(unreadable.rows().count(), 1 + result.unreadable());
    }

    #[test]
    fn findings_link_to_the_corrected_grid_at_their_cell() {
        let result = crate::batch::tests::fake_batch(1);
        let referential = crate::referential::embedded::get("bts-sio-b1").unwrap();
        let bytes = summary_workbook(&result, &referential, Lang::Fr).unwrap();
        let sheet = crate::xlsx::part(&bytes, "xl/worksheets/sheet2.xml");
        // A cell of the grid sheet is seen where the candidate wrote it, in « Contenu d'origine »;
        // a finding about the whole sheet, in « Rapport ».
        assert!(
            sheet.contains("location=\"'Contenu d''origine'!D12\""),
            "{sheet}"
        );
        assert!(sheet.contains("location=\"'Rapport'!A1\""), "{sheet}");
        let rels = crate::xlsx::part(&bytes, "xl/worksheets/_rels/sheet2.xml.rels");
        assert!(
            rels.contains("Target=\"corriges/a%20-%20slow.xlsx\""),
            "{rels}"
        );
        assert!(rels.contains("TargetMode=\"External\""), "{rels}");
    }

    #[test]
    fn oversized_text_is_cut_to_what_a_cell_holds() {
        let long = "x".repeat(40_000);
        assert_eq!(cell_text(&long).chars().count(), MAX_CELL_CHARS + 1);
        assert_eq!(cell_text("court"), "court");
    }
}
