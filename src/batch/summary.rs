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

mod writer;

use rust_xlsxwriter::{
    Chart, ChartType, Color, Format, FormatAlign, FormatBorder, Worksheet, XlsxError,
};

use crate::Lang;
use crate::batch::{BatchItem, BatchResult};
use crate::grid::markers::{origin_sheet_name, report_sheet_name};
use crate::model::{CellPos, Referential};
use crate::report::Report;
use crate::rules::Finding;

use crate::xlsx::page::{DEFAULT_ROW_HEIGHT, PageSetup, RowHeights};
pub use writer::SummaryWriter;

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

/// Builds `synthese.xlsx` in memory, from a batch kept whole (`serve`); the CLI writes it as
/// the batch goes with [`SummaryWriter`].
pub fn summary_workbook(
    result: &BatchResult,
    referential: &Referential,
    lang: Lang,
) -> Result<Vec<u8>, XlsxError> {
    let mut writer = SummaryWriter::new(referential, lang, None)?;
    for item in &result.items {
        writer.push(item)?;
    }
    writer.finish_to_buffer(&result.notes)
}

/// A new sheet of the summary, named, with its column titles on the first row: every sheet
/// starts this way.
fn headed_sheet(
    mut sheet: Worksheet,
    name: &str,
    titles: &[&str],
    format: &Format,
) -> Result<Worksheet, XlsxError> {
    sheet.set_name(name)?;
    for (col, title) in titles.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *title, format)?;
    }
    Ok(sheet)
}

/// « Couverture », from the counts of the whole batch: `covering[c]` readable files cover
/// competence `c`, out of `readable`.
fn coverage_sheet(
    covering: &[usize],
    readable: usize,
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
    let mut sheet = headed_sheet(Worksheet::new(), name, &titles, &formats.header)?;
    let mut heights = RowHeights::new();
    for (col, (width, title)) in [12.0, 50.0, 14.0, 10.0].iter().zip(titles).enumerate() {
        heights.set_width(&mut sheet, col as u16, fit_title(*width, title))?;
        heights.text(0, col as u16, title, 11.0);
    }
    for (i, competence) in referential.competences.iter().enumerate() {
        let row = (i + 1) as u32;
        let covering = covering.get(i).copied().unwrap_or(0);
        sheet.write_string_with_format(row, 0, &competence.code, &formats.number)?;
        let title = competence.display.as_deref().unwrap_or(&competence.title);
        heights.text(row, 1, title, 11.0);
        sheet.write_string_with_format(row, 1, cell_text(title), &formats.wrap)?;
        sheet.write_number_with_format(row, 2, covering as f64, &formats.number)?;
        sheet.write_number_with_format(row, 3, readable as f64, &formats.number)?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::names::file_name;
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
