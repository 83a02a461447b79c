//! The referential as a formatted workbook (`grille referential convert ID --to xlsx`): one
//! row per competence followed by its items (sub-items indented), wrapped text, frozen
//! header, fitting column widths, print-ready (A4 landscape, fit to one page wide, header
//! row repeated on every page, page numbers), document properties, identical bytes for
//! identical input.
//!
//! Layout (zero-based rows): 0 the referential's title, 1 its source, 2 the header
//! (Compétence | Code | Type | Libellé), then the data. Column A repeats the competence code
//! on every row so that a filter on it keeps a competence's items together.

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, XlsxError,
};

use crate::Lang;
use crate::model::Referential;
use crate::referential::convert::{kind_singular, rows};

/// First data row (zero-based).
pub const FIRST_DATA_ROW: u32 = 3;
const HEADER_ROW: u32 = 2;
/// Width (characters) of the text column, chosen so that the four columns fill an A4
/// landscape page at 100 %.
const TEXT_WIDTH: f64 = 80.0;

/// The workbook's bytes.
pub fn workbook(r: &Referential, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(2026, 1, 1)?;
    let properties = DocProperties::new()
        .set_title(&r.title)
        .set_subject(lang.pick("Référentiel de compétences", "Competency referential"))
        .set_author("grille")
        .set_comment(&r.source)
        .set_keywords(&r.id)
        .set_creation_datetime(&created);
    book.set_properties(&properties);

    let title = Format::new().set_bold().set_font_size(14);
    let source = Format::new().set_italic().set_font_color("#555555");
    let header = Format::new()
        .set_bold()
        .set_font_color("#FFFFFF")
        .set_background_color("#1F4E79")
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap();
    let competence = Format::new()
        .set_bold()
        .set_background_color("#DDEBF7")
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Top)
        .set_text_wrap();
    let item = Format::new()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Top)
        .set_text_wrap();

    let sheet = book.add_worksheet();
    sheet.set_name(lang.pick("Référentiel", "Referential"))?;
    sheet.write_string_with_format(0, 0, &r.title, &title)?;
    if !r.source.is_empty() {
        sheet.write_string_with_format(1, 0, &r.source, &source)?;
    }
    let headings = [
        lang.pick("Compétence", "Competence"),
        lang.pick("Code", "Code"),
        lang.pick("Type", "Kind"),
        lang.pick("Libellé", "Text"),
    ];
    for (col, h) in (0u16..).zip(headings) {
        sheet.write_string_with_format(HEADER_ROW, col, h, &header)?;
    }

    let [a, b, c, _] = headings.map(|h| h.chars().count());
    let mut widths = [a, b, c];
    let mut row = FIRST_DATA_ROW;
    let all = rows(r);
    let competence_label = lang.pick("Compétence", "Competence");
    for c in &r.competences {
        let cells = [c.code.as_str(), c.code.as_str(), competence_label];
        for (col, text) in (0u16..).zip(cells) {
            sheet.write_string_with_format(row, col, text, &competence)?;
        }
        sheet.write_string_with_format(row, 3, c.shown_title(), &competence)?;
        sheet.set_row_height(row, height(c.shown_title(), 0))?;
        widen(&mut widths, &cells);
        row += 1;
        for entry in all.iter().filter(|e| std::ptr::eq(e.competence, c)) {
            let kind = kind_singular(entry.item.kind, lang);
            let cells = [c.code.as_str(), entry.item.code.as_str(), kind];
            for (col, text) in (0u16..).zip(cells) {
                sheet.write_string_with_format(row, col, text, &item)?;
            }
            let indented;
            let text_format = if entry.depth > 0 {
                indented = item.clone().set_indent(depth_u8(entry.depth));
                &indented
            } else {
                &item
            };
            sheet.write_string_with_format(row, 3, entry.item.shown_text(), text_format)?;
            sheet.set_row_height(row, height(entry.item.shown_text(), entry.depth))?;
            widen(&mut widths, &cells);
            row += 1;
        }
    }
    let last_row = row.saturating_sub(1).max(HEADER_ROW);

    for (col, width) in (0u16..).zip(widths) {
        sheet.set_column_width(col, (width + 2) as f64)?;
    }
    sheet.set_column_width(3, TEXT_WIDTH)?;
    sheet.set_freeze_panes(FIRST_DATA_ROW, 0)?;
    sheet.autofilter(HEADER_ROW, 0, last_row, 3)?;

    // Print: A4 landscape, one page wide, header row on every page, page numbers.
    sheet.set_paper_size(9);
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    sheet.set_print_center_horizontally(true);
    sheet.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    sheet.set_header(format!("&L&\"-,Bold\"{}", r.title.replace('&', "&&")));
    sheet.set_footer(lang.pick("&CPage &P / &N", "&CPage &P of &N"));

    book.save_to_buffer()
}

fn widen(widths: &mut [usize; 3], cells: &[&str; 3]) {
    for (w, text) in widths.iter_mut().zip(cells) {
        *w = (*w).max(text.chars().count()).min(40);
    }
}

fn depth_u8(depth: usize) -> u8 {
    u8::try_from(depth.min(10)).unwrap_or(10)
}

/// A row height (points) that shows the whole wrapped text: 15 points a line.
fn height(text: &str, depth: usize) -> f64 {
    let usable = (TEXT_WIDTH - 2.0 - 3.0 * depth as f64).max(20.0) * 1.2;
    let lines = (text.chars().count() as f64 / usable).ceil().max(1.0);
    15.0 * lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::referential::embedded;

    #[test]
    fn bytes_are_identical_across_runs() {
        let r = embedded::get("bts-sio-b1").unwrap();
        let a = workbook(&r, Lang::Fr).unwrap();
        let b = workbook(&r, Lang::Fr).unwrap();
        assert!(a.starts_with(b"PK"));
        assert_eq!(a, b);
    }

    #[test]
    fn long_texts_get_taller_rows() {
        assert_eq!(height("court", 0), 15.0);
        assert!(height(&"x".repeat(300), 0) >= 60.0);
    }
}
