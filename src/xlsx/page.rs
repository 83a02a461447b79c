//! Print setup and row heights shared by the sheets grille writes.
//!
//! Why this exists: rust_xlsxwriter does not size rows to their wrapped text, and neither
//! LibreOffice nor Excel grows a row when they open a file, so a wrapped message printed in a
//! row of the default height overlaps its neighbours. Every writer therefore records the
//! wrapped text it puts in each row ([`RowHeights`]) and sets the height it needs; and every
//! sheet gets an explicit A4 page ([`PageSetup`]) instead of the spreadsheet's default paper
//! (US Letter in LibreOffice's default profile).

use std::collections::BTreeMap;

use rust_xlsxwriter::{Color, Format, FormatBorder, Worksheet, XlsxError};

use crate::Lang;

/// Excel's paper code for A4.
pub const A4: u8 = 9;
/// Excel's tallest row, in points.
pub const MAX_ROW_HEIGHT: f64 = 409.0;
/// The default row height (Calibri 11), in points.
pub const DEFAULT_ROW_HEIGHT: f64 = 15.0;
/// The default column width, in characters.
pub const DEFAULT_COLUMN_WIDTH: f64 = 8.43;

/// How a sheet is printed: A4, its orientation, one page wide, its header rows on every page,
/// its print area, margins and page numbers.
#[derive(Debug, Clone, Copy)]
pub struct PageSetup {
    pub landscape: bool,
    /// First and last rows repeated at the top of every page (the column titles).
    pub header_rows: Option<(u32, u32)>,
    /// Last row and column printed (the print area starts at A1).
    pub last: (u32, u16),
}

impl PageSetup {
    /// A landscape page with the first row repeated (a table with column titles).
    pub fn table(last_row: u32, last_col: u16) -> Self {
        Self {
            landscape: true,
            header_rows: Some((0, 0)),
            last: (last_row, last_col),
        }
    }

    /// Applies the setup to `sheet`, with « Page 1 / 3 » in the footer.
    pub fn apply(&self, sheet: &mut Worksheet, lang: Lang) -> Result<(), XlsxError> {
        sheet.set_paper_size(A4);
        if self.landscape {
            sheet.set_landscape();
        } else {
            sheet.set_portrait();
        }
        sheet.set_margins(0.4, 0.4, 0.5, 0.5, 0.3, 0.3);
        // One page wide, as many pages tall as needed.
        sheet.set_print_fit_to_pages(1, 0);
        sheet.set_print_area(0, 0, self.last.0, self.last.1)?;
        if let Some((first, last)) = self.header_rows {
            sheet.set_repeat_rows(first, last)?;
        }
        sheet.set_footer(lang.pick("&CPage &P / &N", "&CPage &P of &N"));
        Ok(())
    }
}

/// The row heights a sheet needs for the wrapped text written in it.
///
/// Column widths are given first (in characters, as `set_column_width`); each wrapped text
/// is then noted with its row and column, and [`RowHeights::apply`] sets every row that needs
/// more than the default height.
#[derive(Debug, Clone, Default)]
pub struct RowHeights {
    widths: BTreeMap<u16, f64>,
    /// Lines × font size needed per row, in points.
    needed: BTreeMap<u32, f64>,
}

impl RowHeights {
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets a column's width on the sheet and remembers it for the heights.
    pub fn set_width(
        &mut self,
        sheet: &mut Worksheet,
        col: u16,
        width: f64,
    ) -> Result<(), XlsxError> {
        sheet.set_column_width(col, width)?;
        self.widths.insert(col, width);
        Ok(())
    }

    /// The width of a column (characters).
    pub fn width(&self, col: u16) -> f64 {
        self.widths
            .get(&col)
            .copied()
            .unwrap_or(DEFAULT_COLUMN_WIDTH)
    }

    /// Notes wrapped text at `points` (font size) in one cell.
    pub fn text(&mut self, row: u32, col: u16, text: &str, points: f64) {
        self.span(row, col, col, text, points);
    }

    /// Notes wrapped text at `points` in a cell merged across `first..=last` columns.
    pub fn span(&mut self, row: u32, first: u16, last: u16, text: &str, points: f64) {
        let width: f64 = (first..=last).map(|c| self.width(c)).sum();
        // One line of the default font fits the default row.
        if points <= 11.0 && wrapped_lines(text, width, points) <= 1 {
            return;
        }
        let height = text_height(text, width, points);
        let entry = self.needed.entry(row).or_insert(0.0);
        *entry = entry.max(height);
    }

    /// Notes wrapped text in a cell merged over `rows` rows from `first_row`: the rows below
    /// the first keep the default height, the first takes what the text needs beyond them.
    pub fn block(&mut self, first_row: u32, rows: u32, cols: (u16, u16), text: &str, points: f64) {
        if rows <= 1 {
            return self.span(first_row, cols.0, cols.1, text, points);
        }
        let width: f64 = (cols.0..=cols.1).map(|c| self.width(c)).sum();
        let below = f64::from(rows - 1) * DEFAULT_ROW_HEIGHT;
        let height = text_height(text, width, points) - below;
        let entry = self.needed.entry(first_row).or_insert(0.0);
        *entry = entry.max(height);
    }

    /// The height noted for a row, if its text needs more than the default.
    pub fn height(&self, row: u32) -> Option<f64> {
        self.needed
            .get(&row)
            .copied()
            .filter(|h| *h > DEFAULT_ROW_HEIGHT)
    }

    /// Sets the height of one row if its text needs more than the default, and forgets it: a
    /// sheet written row by row (constant memory) sets each row before the next one, and keeps
    /// nothing per row.
    pub fn apply_row(&mut self, sheet: &mut Worksheet, row: u32) -> Result<(), XlsxError> {
        if let Some(height) = self.needed.remove(&row)
            && height > DEFAULT_ROW_HEIGHT
            && row < 1_048_576
        {
            sheet.set_row_height(row, height.min(MAX_ROW_HEIGHT))?;
        }
        Ok(())
    }

    /// Sets every row whose text needs more than the default height.
    pub fn apply(&self, sheet: &mut Worksheet) -> Result<(), XlsxError> {
        for (row, height) in &self.needed {
            if *height > DEFAULT_ROW_HEIGHT && *row < 1_048_576 {
                sheet.set_row_height(*row, height.min(MAX_ROW_HEIGHT))?;
            }
        }
        Ok(())
    }
}

/// One colour of a legend and what it means.
pub struct Swatch<'a> {
    pub fill: u32,
    pub meaning: &'a str,
}

/// Writes a legend from `row`: its title in bold, then one line per colour, a cell filled
/// with it in `col` and its meaning beside it (left unwrapped: it runs over the empty cells on
/// its right). Gives the row after the legend. Every colour a sheet uses is explained this
/// way, on the sheet itself, so that a printed page can be read alone.
pub fn legend(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    title: &str,
    swatches: &[Swatch<'_>],
) -> Result<u32, XlsxError> {
    let bold = Format::new().set_bold();
    sheet.write_string_with_format(row, col, title, &bold)?;
    let mut row = row + 1;
    for swatch in swatches {
        let fill = Format::new()
            .set_background_color(Color::RGB(swatch.fill))
            .set_border(FormatBorder::Thin);
        sheet.write_blank(row, col, &fill)?;
        sheet.write_string(row, col + 1, swatch.meaning)?;
        row += 1;
    }
    Ok(row)
}

/// Lines `text` takes once wrapped in a column `width` characters wide at `points`: words
/// are laid greedily as LibreOffice and Excel do, a word longer than a line is cut. The
/// estimate errs on the wide side (a character of text is counted wider than the digit the
/// column width is measured in) so that a row never cuts its text.
///
/// ```
/// use grille::xlsx::page::wrapped_lines;
/// assert_eq!(wrapped_lines("court", 20.0, 11.0), 1);
/// assert_eq!(wrapped_lines("un deux trois quatre cinq six sept", 10.0, 11.0), 5);
/// assert_eq!(wrapped_lines("a\nb\n\nc", 20.0, 11.0), 4);
/// ```
pub fn wrapped_lines(text: &str, width: f64, points: f64) -> u32 {
    let per_char = points / 11.0 * 1.1;
    // The epsilon keeps 11 / 1.1 at 10, not 9.999….
    let capacity = ((width - 1.0).max(1.0) / per_char + 1e-9).floor().max(1.0) as usize;
    let mut lines = 0u32;
    for paragraph in text.split('\n') {
        let mut line = 0usize;
        let mut count = 1u32;
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let n = word.chars().count();
            let needed = if line == 0 { n } else { line + 1 + n };
            if needed <= capacity {
                line = needed;
            } else if line == 0 {
                // A word wider than the column is cut across lines.
                count += ((n - 1) / capacity) as u32;
                line = (n - 1) % capacity + 1;
            } else {
                count += 1 + ((n - 1) / capacity) as u32;
                line = (n - 1) % capacity + 1;
            }
        }
        lines = lines.saturating_add(count);
    }
    lines.max(1)
}

/// The row height (points) that shows `text` wrapped in `width` characters at `points`.
///
/// ```
/// use grille::xlsx::page::text_height;
/// assert!(text_height("court", 20.0, 11.0) <= 20.0);
/// assert!(text_height(&"mot ".repeat(100), 20.0, 11.0) > 200.0);
/// ```
pub fn text_height(text: &str, width: f64, points: f64) -> f64 {
    (f64::from(wrapped_lines(text, width, points)) * points * 1.3 + 4.0).min(MAX_ROW_HEIGHT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_words_are_cut_and_short_ones_laid_greedily() {
        // Capacity at 11 pt in 12 characters: 10.
        assert_eq!(wrapped_lines(&"x".repeat(25), 12.0, 11.0), 3);
        assert_eq!(wrapped_lines("aaaa bbbb cccc", 12.0, 11.0), 2);
        assert_eq!(wrapped_lines("", 12.0, 11.0), 1);
        // A smaller font holds more per line.
        assert!(
            wrapped_lines(&"mot ".repeat(30), 30.0, 9.0)
                < wrapped_lines(&"mot ".repeat(30), 30.0, 11.0)
        );
    }

    #[test]
    fn rows_take_the_tallest_of_their_cells() {
        let mut heights = RowHeights::new();
        heights.widths.insert(0, 10.0);
        heights.widths.insert(1, 40.0);
        heights.text(3, 0, "court", 11.0);
        assert_eq!(heights.height(3), None, "one line keeps the default height");
        heights.text(3, 1, &"mot ".repeat(40), 11.0);
        heights.text(3, 0, "x", 11.0);
        let tall = heights.height(3).unwrap();
        assert!(tall > 60.0, "{tall}");
        // A merged cell shares the width of its columns.
        heights.span(5, 0, 1, &"mot ".repeat(40), 11.0);
        assert!(heights.height(5).unwrap() < tall);
    }
}
