//! ODS files, read from `content.xml` in one streaming pass.
//!
//! calamine's ODS reader is not used: it builds a dense `Range` per sheet in which repeated
//! rows and columns are expanded (a few bytes of `table:number-rows-repeated` can ask for 100
//! million cells), it gives no merged cells, and it fails on pretty-printed `content.xml`
//! (Gnumeric). This reader keeps only non-empty cells at their absolute positions, charges
//! every repeated copy of a non-empty cell to the cell budget (so a repeat bomb is refused
//! after at most [`MAX_CELLS`](super::limits::MAX_CELLS) cells), lets empty repeats merely
//! advance the position, and reads merges from `table:number-columns-spanned` /
//! `table:number-rows-spanned`.
//!
//! The `content.xml` part is bounded by the container check (declared size, and the zip
//! crate stops at it), so the XML parser's buffer is bounded too.

use std::collections::HashSet;
use std::io::{BufReader, Cursor, Read};

use quick_xml::Reader as XmlReader;
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use zip::ZipArchive;

use super::container::{find, zip_detail};
use super::limits::{CellBudget, MAX_LOADED_PART_BYTES};
use super::{ReadError, Sheet, Value};
use crate::model::{CellPos, CellRange, Date};

/// Reads every sheet (`table:table`) of an ODS file, in order.
pub(crate) fn read(
    file: &str,
    bytes: &[u8],
    budget: &mut CellBudget<'_>,
) -> Result<Vec<Sheet>, ReadError> {
    let corrupt = |detail: String| ReadError::Corrupt {
        file: file.to_string(),
        format: "ODS",
        detail,
    };
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| corrupt(zip_detail(&e)))?;
    if let Ok(manifest) = archive.by_name("META-INF/manifest.xml") {
        let mut text = Vec::new();
        manifest
            .take(MAX_LOADED_PART_BYTES)
            .read_to_end(&mut text)
            .map_err(|e| corrupt(e.to_string()))?;
        if find(&text, b"encryption-data").is_some() {
            return Err(ReadError::Protected {
                file: file.to_string(),
            });
        }
    }
    let content = archive
        .by_name("content.xml")
        .map_err(|e| corrupt(format!("content.xml : {}", zip_detail(&e))))?;
    let mut xml = XmlReader::from_reader(BufReader::new(content));
    let config = xml.config_mut();
    config.check_end_names = false;
    config.check_comments = false;
    config.trim_text(false);
    config.expand_empty_elements = false;
    parse_content(&mut xml, budget).map_err(|e| match e {
        ParseError::Budget(e) => e,
        ParseError::Xml(detail) => corrupt(format!(
            "content.xml, octet {} : {detail}",
            xml.buffer_position()
        )),
    })
}

enum ParseError {
    Xml(String),
    Budget(ReadError),
}

impl From<quick_xml::Error> for ParseError {
    fn from(e: quick_xml::Error) -> Self {
        ParseError::Xml(e.to_string())
    }
}

impl From<ReadError> for ParseError {
    fn from(e: ReadError) -> Self {
        ParseError::Budget(e)
    }
}

/// The cell being read: its attributes, then its text.
#[derive(Default)]
struct CellState {
    repeat: u32,
    col_span: u32,
    row_span: u32,
    value_type: Option<String>,
    calc_value_type: Option<String>,
    value: Option<String>,
    date_value: Option<String>,
    boolean_value: Option<String>,
    string_value: Option<String>,
    text: String,
    paragraphs: u32,
    /// Inside `text:p`/`text:h` (and how deep), where character data is cell text.
    in_paragraph: u32,
    /// Inside an annotation or a drawing, whose text is not the cell's.
    skip_depth: u32,
    /// The last character written was a collapsed space (ODF white-space rules).
    after_space: bool,
}

struct SheetState {
    sheet: Sheet,
    row: u32,
    col: u32,
    row_repeat: u32,
    /// The non-empty cells of the current row (column, value), copied `row_repeat` times.
    row_cells: Vec<(u32, Value)>,
    row_merges: Vec<(u32, u32, u32)>,
}

fn parse_content<R: std::io::BufRead>(
    xml: &mut XmlReader<R>,
    budget: &mut CellBudget<'_>,
) -> Result<Vec<Sheet>, ParseError> {
    let mut sheets = Vec::new();
    let mut hidden_styles: HashSet<String> = HashSet::new();
    let mut style_name: Option<String> = None;
    let mut current: Option<SheetState> = None;
    let mut cell: Option<CellState> = None;
    let mut buf = Vec::with_capacity(4096);
    loop {
        buf.clear();
        let event = xml.read_event_into(&mut buf)?;
        match event {
            Event::Eof => break,
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let name = e.name();
                let name = name.as_ref();
                if let Some(c) = cell.as_mut() {
                    if c.skip_depth > 0 {
                        if !empty {
                            c.skip_depth += 1;
                        }
                        continue;
                    }
                    match name {
                        "office:annotation" | "draw:frame" | "draw:custom-shape" | "draw:g"
                            if !empty =>
                        {
                            c.skip_depth = 1;
                        }
                        "text:p" | "text:h" => {
                            if c.in_paragraph == 0 {
                                if c.paragraphs > 0 {
                                    c.text.push('\n');
                                }
                                c.paragraphs += 1;
                                c.after_space = false;
                            }
                            if !empty {
                                c.in_paragraph += 1;
                            }
                        }
                        "text:s" if c.in_paragraph > 0 => {
                            let n = attr(e, "text:c")?
                                .and_then(|v| v.parse::<usize>().ok())
                                .unwrap_or(1)
                                .min(1024);
                            c.text.extend(std::iter::repeat_n(' ', n));
                            c.after_space = false;
                            if !empty {
                                c.in_paragraph += 1;
                            }
                        }
                        "text:tab" | "text:line-break" if c.in_paragraph > 0 => {
                            c.text.push(if name == "text:tab" { '\t' } else { '\n' });
                            c.after_space = false;
                            if !empty {
                                c.in_paragraph += 1;
                            }
                        }
                        _ if c.in_paragraph > 0 && !empty => c.in_paragraph += 1,
                        _ => {}
                    }
                    continue;
                }
                match name {
                    "style:style" => {
                        style_name = attr(e, "style:name")?;
                    }
                    "style:table-properties" => {
                        if let (Some(style), Some(display)) =
                            (style_name.as_ref(), attr(e, "table:display")?)
                            && display == "false"
                        {
                            hidden_styles.insert(style.clone());
                        }
                    }
                    "table:table" => {
                        let name = attr(e, "table:name")?.unwrap_or_default();
                        let mut sheet = Sheet::new(name);
                        sheet.hidden = attr(e, "table:style-name")?
                            .is_some_and(|s| hidden_styles.contains(&s));
                        let state = SheetState {
                            sheet,
                            row: 0,
                            col: 0,
                            row_repeat: 1,
                            row_cells: Vec::new(),
                            row_merges: Vec::new(),
                        };
                        if empty {
                            sheets.push(state.sheet);
                        } else if let Some(previous) = current.replace(state) {
                            // A table inside a table (not valid ODF): keep the outer one's cells.
                            sheets.push(previous.sheet);
                        }
                    }
                    "table:table-row" => {
                        if let Some(s) = current.as_mut() {
                            s.col = 0;
                            s.row_repeat = repeat(e, "table:number-rows-repeated")?;
                            s.row_cells.clear();
                            s.row_merges.clear();
                            if empty {
                                end_row(s, budget)?;
                            }
                        }
                    }
                    "table:table-cell" | "table:covered-table-cell" if current.is_some() => {
                        let state = start_cell(e)?;
                        if empty {
                            if let Some(s) = current.as_mut() {
                                end_cell(s, state);
                            }
                        } else {
                            cell = Some(state);
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(ref t) => {
                if let Some(c) = cell.as_mut()
                    && c.in_paragraph > 0
                    && c.skip_depth == 0
                {
                    push_collapsed(c, &t.xml10_content());
                }
            }
            Event::CData(ref t) => {
                if let Some(c) = cell.as_mut()
                    && c.in_paragraph > 0
                    && c.skip_depth == 0
                {
                    push_collapsed(c, &t.xml10_content());
                }
            }
            Event::GeneralRef(ref r) => {
                if let Some(c) = cell.as_mut()
                    && c.in_paragraph > 0
                    && c.skip_depth == 0
                {
                    let ch = match r.resolve_char_ref() {
                        Ok(Some(ch)) => Some(ch),
                        _ => match r.xml10_content().as_ref() {
                            "amp" => Some('&'),
                            "lt" => Some('<'),
                            "gt" => Some('>'),
                            "quot" => Some('"'),
                            "apos" => Some('\''),
                            _ => None,
                        },
                    };
                    if let Some(ch) = ch {
                        c.text.push(ch);
                        c.after_space = false;
                    }
                }
            }
            Event::End(ref e) => {
                let name = e.name();
                let name = name.as_ref();
                if let Some(c) = cell.as_mut() {
                    if c.skip_depth > 0 {
                        c.skip_depth -= 1;
                        continue;
                    }
                    if c.in_paragraph > 0 {
                        c.in_paragraph -= 1;
                        continue;
                    }
                    if matches!(name, "table:table-cell" | "table:covered-table-cell")
                        && let (Some(s), Some(state)) = (current.as_mut(), cell.take())
                    {
                        end_cell(s, state);
                    }
                    continue;
                }
                match name {
                    "style:style" => style_name = None,
                    "table:table-row" => {
                        if let Some(s) = current.as_mut() {
                            end_row(s, budget)?;
                        }
                    }
                    "table:table" => {
                        if let Some(s) = current.take() {
                            sheets.push(s.sheet);
                        }
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    if let Some(s) = current.take() {
        sheets.push(s.sheet);
    }
    Ok(sheets)
}

/// Appends character data with ODF's white-space rule: a run of spaces, tabs and line ends
/// counts as one space (real spaces beyond one are written `<text:s/>`).
fn push_collapsed(c: &mut CellState, text: &str) {
    for ch in text.chars() {
        if matches!(ch, ' ' | '\t' | '\n' | '\r') {
            if !c.after_space {
                c.text.push(' ');
                c.after_space = true;
            }
        } else {
            c.text.push(ch);
            c.after_space = false;
        }
    }
}

fn attr(e: &BytesStart<'_>, key: &str) -> Result<Option<String>, ParseError> {
    for a in e.attributes().with_checks(false) {
        let a = a.map_err(|err| ParseError::Xml(err.to_string()))?;
        if a.key.as_ref() == key {
            let value = a.normalized_value(XmlVersion::Implicit1_0)?;
            return Ok(Some(value.into_owned()));
        }
    }
    Ok(None)
}

/// A repeat count: at least 1, at most the size of a sheet.
fn repeat(e: &BytesStart<'_>, key: &str) -> Result<u32, ParseError> {
    Ok(attr(e, key)?
        .and_then(|v| v.trim().parse::<u32>().ok())
        .unwrap_or(1)
        .clamp(1, 1 << 20))
}

fn start_cell(e: &BytesStart<'_>) -> Result<CellState, ParseError> {
    let mut c = CellState {
        repeat: 1,
        col_span: 1,
        row_span: 1,
        ..CellState::default()
    };
    for a in e.attributes().with_checks(false) {
        let a = a.map_err(|err| ParseError::Xml(err.to_string()))?;
        let value = || -> Result<String, ParseError> {
            Ok(a.normalized_value(XmlVersion::Implicit1_0)?.into_owned())
        };
        match a.key.as_ref() {
            "table:number-columns-repeated" => {
                c.repeat = value()?
                    .trim()
                    .parse::<u32>()
                    .unwrap_or(1)
                    .clamp(1, 1 << 14);
            }
            "table:number-columns-spanned" => {
                c.col_span = value()?
                    .trim()
                    .parse::<u32>()
                    .unwrap_or(1)
                    .clamp(1, 1 << 14);
            }
            "table:number-rows-spanned" => {
                c.row_span = value()?
                    .trim()
                    .parse::<u32>()
                    .unwrap_or(1)
                    .clamp(1, 1 << 20);
            }
            "office:value-type" => c.value_type = Some(value()?),
            "calcext:value-type" => c.calc_value_type = Some(value()?),
            "office:value" => c.value = Some(value()?),
            "office:date-value" => c.date_value = Some(value()?),
            "office:boolean-value" => c.boolean_value = Some(value()?),
            "office:string-value" => c.string_value = Some(value()?),
            _ => {}
        }
    }
    Ok(c)
}

/// The value a finished cell holds, `None` when it shows nothing.
fn cell_value(c: &mut CellState) -> Option<Value> {
    let text = std::mem::take(&mut c.text);
    let as_text = |text: String| (!text.is_empty()).then_some(Value::Text(text));
    if c.calc_value_type.as_deref() == Some("error") {
        return Some(Value::Error(text));
    }
    match c.value_type.as_deref() {
        Some("float" | "percentage" | "currency") => {
            match c
                .value
                .as_deref()
                .and_then(|v| v.trim().parse::<f64>().ok())
            {
                Some(n) => Some(Value::Number(n)),
                None => as_text(text),
            }
        }
        Some("date") => match c.date_value.as_deref().and_then(Date::parse_iso) {
            Some(d) => Some(Value::Date(d)),
            None => as_text(text),
        },
        Some("boolean") => match c.boolean_value.as_deref().map(str::trim) {
            Some("true") => Some(Value::Bool(true)),
            Some("false") => Some(Value::Bool(false)),
            _ => as_text(text),
        },
        Some("string") => match c.string_value.take() {
            Some(s) if !s.is_empty() => Some(Value::Text(s)),
            _ => as_text(text),
        },
        // time (a duration such as PT12H30M): the text the sheet shows.
        _ => as_text(text),
    }
}

fn end_cell(s: &mut SheetState, mut c: CellState) {
    let value = cell_value(&mut c);
    if c.col_span > 1 || c.row_span > 1 {
        s.row_merges.push((s.col, c.col_span, c.row_span));
    }
    if let Some(value) = value {
        for i in 0..c.repeat {
            s.row_cells.push((s.col.saturating_add(i), value.clone()));
        }
    }
    s.col = s.col.saturating_add(c.repeat);
}

/// Writes the row's cells (once per repeat) into the sheet, charging each to the budget.
fn end_row(s: &mut SheetState, budget: &mut CellBudget<'_>) -> Result<(), ReadError> {
    let repeat = if s.row_cells.is_empty() && s.row_merges.is_empty() {
        // Empty rows only move down, however many times they repeat.
        s.row = s.row.saturating_add(s.row_repeat);
        s.row_repeat = 1;
        return Ok(());
    } else {
        s.row_repeat
    };
    let per_row = s.row_cells.len() + s.row_merges.len();
    budget.ensure_room(&s.sheet.name, per_row.saturating_mul(repeat as usize))?;
    for r in 0..repeat {
        let row = s.row.saturating_add(r);
        for (col, value) in &s.row_cells {
            budget.put(&mut s.sheet, CellPos::new(row, *col), value.clone())?;
        }
        for (col, col_span, row_span) in &s.row_merges {
            budget.charge(&s.sheet.name, &Value::Bool(false))?;
            s.sheet.merges.push(CellRange::new(
                CellPos::new(row, *col),
                CellPos::new(
                    row.saturating_add(row_span - 1),
                    col.saturating_add(col_span - 1),
                ),
            ));
        }
    }
    s.row_cells.clear();
    s.row_merges.clear();
    s.row = s.row.saturating_add(repeat);
    s.row_repeat = 1;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(body: &str) -> Result<Vec<Sheet>, ParseError> {
        let xml_text = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x" xmlns:style="s">
<office:automatic-styles>
  <style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style>
</office:automatic-styles>
<office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"#
        );
        let mut xml = XmlReader::from_reader(xml_text.as_bytes());
        xml.config_mut().expand_empty_elements = false;
        let mut budget = CellBudget::new("t.ods");
        parse_content(&mut xml, &mut budget)
    }

    fn ok(body: &str) -> Vec<Sheet> {
        match parse(body) {
            Ok(s) => s,
            Err(ParseError::Xml(e)) => panic!("xml: {e}"),
            Err(ParseError::Budget(e)) => panic!("budget: {e}"),
        }
    }

    fn at(sheet: &Sheet, a1: &str) -> Option<Value> {
        sheet.get(CellPos::parse(a1).unwrap()).cloned()
    }

    #[test]
    fn values_positions_and_repeats() {
        let sheets = ok(r#"<table:table table:name="Grille">
  <table:table-row table:number-rows-repeated="4"><table:table-cell table:number-columns-repeated="3"/></table:table-row>
  <table:table-row>
    <table:table-cell table:number-columns-repeated="2"/>
    <table:table-cell office:value-type="string"><text:p>N° candidat</text:p></table:table-cell>
    <table:table-cell office:value-type="string"><text:p>0212345678</text:p></table:table-cell>
    <table:table-cell office:value-type="float" office:value="12.5"><text:p>12,5</text:p></table:table-cell>
    <table:table-cell office:value-type="date" office:date-value="2024-09-04"><text:p>04/09/24</text:p></table:table-cell>
    <table:table-cell office:value-type="boolean" office:boolean-value="true"><text:p>VRAI</text:p></table:table-cell>
  </table:table-row>
  <table:table-row table:number-rows-repeated="2">
    <table:table-cell/><table:table-cell office:value-type="string"><text:p>X</text:p></table:table-cell>
  </table:table-row>
</table:table>
<table:table table:name="Cachée" table:style-name="ta2"><table:table-row><table:table-cell office:value-type="string"><text:p>a &amp; b</text:p></table:table-cell></table:table-row></table:table>"#);
        assert_eq!(sheets.len(), 2);
        let s = &sheets[0];
        assert_eq!(s.name, "Grille");
        assert!(!s.hidden);
        assert!(sheets[1].hidden);
        assert_eq!(at(s, "C5"), Some(Value::Text("N° candidat".into())));
        assert_eq!(at(s, "D5"), Some(Value::Text("0212345678".into())));
        assert_eq!(at(s, "E5"), Some(Value::Number(12.5)));
        assert_eq!(
            at(s, "F5"),
            Some(Value::Date(Date::new(2024, 9, 4).unwrap()))
        );
        assert_eq!(at(s, "G5"), Some(Value::Bool(true)));
        assert_eq!(at(s, "B6"), Some(Value::Text("X".into())));
        assert_eq!(at(s, "B7"), Some(Value::Text("X".into())));
        assert_eq!(s.cells.len(), 7);
        assert_eq!(at(&sheets[1], "A1"), Some(Value::Text("a & b".into())));
    }

    #[test]
    fn text_structure_spaces_paragraphs_and_annotations() {
        let sheets = ok(r#"<table:table table:name="S"><table:table-row>
  <table:table-cell office:value-type="string"><office:annotation><text:p>note</text:p></office:annotation><text:p>Période<text:s text:c="2"/>du</text:p><text:p>au <text:span>31/05</text:span><text:line-break/>fin</text:p></table:table-cell>
  <table:table-cell office:value-type="string"><text:p><text:s/></text:p></table:table-cell>
  <table:table-cell office:value-type="string" calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell>
</table:table-row></table:table>"#);
        let s = &sheets[0];
        assert_eq!(
            at(s, "A1"),
            Some(Value::Text("Période  du\nau 31/05\nfin".into()))
        );
        assert_eq!(at(s, "B1"), Some(Value::Text(" ".into())));
        assert_eq!(at(s, "C1"), Some(Value::Error("#DIV/0!".into())));
    }

    #[test]
    fn pretty_printed_content_is_read() {
        let sheets = ok(r#"
  <table:table table:name="S">
    <table:table-row>
      <table:table-cell office:value-type="string">
        <text:p>B1.1</text:p>
      </table:table-cell>
    </table:table-row>
  </table:table>
"#);
        assert_eq!(at(&sheets[0], "A1"), Some(Value::Text("B1.1".into())));
    }

    #[test]
    fn merges_come_from_spans() {
        let sheets = ok(r#"<table:table table:name="S">
  <table:table-row><table:table-cell/><table:table-cell table:number-columns-spanned="3" table:number-rows-spanned="2" office:value-type="string"><text:p>Titre</text:p></table:table-cell><table:covered-table-cell table:number-columns-repeated="2"/><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>
  <table:table-row><table:table-cell/><table:covered-table-cell table:number-columns-repeated="3"/></table:table-row>
</table:table>"#);
        let s = &sheets[0];
        assert_eq!(
            s.merges,
            vec![CellRange::new(
                CellPos::parse("B1").unwrap(),
                CellPos::parse("D2").unwrap()
            )]
        );
        assert_eq!(at(s, "E1"), Some(Value::Text("x".into())));
    }

    #[test]
    fn a_repeat_bomb_is_refused_not_expanded() {
        let result = parse(
            r#"<table:table table:name="S"><table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="16384" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table>"#,
        );
        match result {
            Err(ParseError::Budget(ReadError::TooLarge { detail, .. })) => {
                assert!(detail.contains("cellules"), "{detail}")
            }
            _ => panic!("expected TooLarge"),
        }
        // Empty repeats cost nothing, and the cell after them sits at the right place.
        let sheets = ok(
            r#"<table:table table:name="S"><table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="16384"/></table:table-row><table:table-row><table:table-cell office:value-type="string"><text:p>fin</text:p></table:table-cell></table:table-row></table:table>"#,
        );
        assert_eq!(sheets[0].cells.len(), 1);
        assert_eq!(at(&sheets[0], "A1048001"), Some(Value::Text("fin".into())));
    }
}
