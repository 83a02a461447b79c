//! The synthesis grid sheet in a template's layout, blank (`grille blank`) or filled with a
//! candidate's content and annotations (`grille fix`).
//!
//! The layout is the ministry's model (annexe VI-1), cell by cell: diploma and session on
//! row 1, the title on row 2, the identity rows (label and value in the same cell, the
//! option as boxes « ▢ SISR » / « ▢ SLAM »), the two heading rows (diagonal corner cell,
//! rotated period heading, competence titles, activities rotated 90°), then each section: a
//! merged title row and its bordered empty rows. What a template changes (texts, number of
//! rows, detailed activity columns) moves the rows and columns; [`GridMap`] says where
//! every [`GridSpot`] landed.
//!
//! ```
//! use grille::template::Template;
//! use grille::xlsx::grid::{GridFill, GridOptions, GridSpot, grid_workbook};
//!
//! let template = Template::embedded("bts-sio-e5").unwrap();
//! let referential = grille::referential::embedded::get("bts-sio-b1").unwrap();
//! let (bytes, map) = grid_workbook(&template, &referential, &GridFill::default(),
//!                                  &GridOptions::default()).unwrap();
//! assert!(bytes.starts_with(b"PK"));
//! assert_eq!(map.cells[&GridSpot::Title { section: 0, row: 0 }].to_string(), "A9");
//! ```

use std::collections::{BTreeMap, BTreeSet};

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DocProperties, ExcelDateTime, Format, Note,
    ProtectionOptions, Workbook, Worksheet, XlsxError,
};

use crate::Lang;
use crate::model::{CellPos, IdentityKind, Referential};
use crate::template::Template;
use crate::text::match_key;

mod columns;
mod identity;
mod style;

use columns::{MarkColumn, col, groups, height_for, lines_needed, split_column};
use identity::{identity_rows, labelled, session_of, write_option};
use style::{Frame, Role, style};

/// What to write into a grid: identity values, réalisations per section, annotations.
/// `GridFill::default()` is a blank grid.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GridFill {
    /// Identity values (written after their label, in the label's cell). The option is
    /// `SISR`/`SLAM` and ticks its box.
    pub identity: BTreeMap<IdentityKind, String>,
    /// Réalisations of each section of the template, in order; a section gets as many rows as
    /// the template says, or more when there are more réalisations.
    pub sections: Vec<Vec<FilledRow>>,
    /// Highlights and notes on cells of the grid.
    pub annotations: Vec<Annotation>,
}

/// One réalisation row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilledRow {
    pub title: String,
    pub period: String,
    /// Codes of the competences (or activities, in a detailed template) marked `X`.
    pub marks: BTreeSet<String>,
}

/// A place in the grid, independent of where rows end up.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum GridSpot {
    Identity(IdentityKind),
    Title {
        section: usize,
        row: usize,
    },
    Period {
        section: usize,
        row: usize,
    },
    /// The mark cell of a competence (or activity) code on a row.
    Mark {
        section: usize,
        row: usize,
        code: String,
    },
    /// The heading of a competence (or activity) column.
    Heading(String),
}

/// Whether grille corrected a cell or the teacher must check it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CellStatus {
    Corrected,
    ToCheck,
}

/// A highlight and a note on one spot of the grid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotation {
    pub spot: GridSpot,
    pub status: CellStatus,
    pub note: String,
}

/// Where each spot was written, so that reports can link to the cell.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GridMap {
    pub cells: BTreeMap<GridSpot, CellPos>,
    /// Spots of the fill that have no place in this layout (a mark for a code the template
    /// has no column for, an annotation on such a mark): the caller must keep them elsewhere.
    pub unplaced: Vec<GridSpot>,
}

/// The mark written in a mark cell, the only value its drop-down list accepts.
pub const MARK: &str = "X";
/// An option box left empty.
pub const BOX_EMPTY: char = '▢';
/// An option box ticked.
pub const BOX_TICKED: char = '☒';

/// The fixed creation date written in every workbook grille makes: two runs on the same
/// inputs give byte-identical files, so a secretariat can regenerate and compare.
pub const CREATION_DATE: (u16, u8, u8) = (2026, 1, 1);

/// How a grid sheet is written, beyond its template and content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridOptions {
    /// Session year (`2026`); `None`: the fill's session, else the template's default.
    pub session: Option<String>,
    /// Protect the sheet (labels locked, input cells unlocked).
    pub protect: bool,
    /// Password of the protection; `None`: protected without password (anyone can lift it
    /// from the menu, which is what a school usually wants).
    pub password: Option<String>,
    /// Sheet name; `None`: the template's (one workbook per candidate).
    pub sheet_name: Option<String>,
    /// Language of notes and input messages (the grid's own texts come from the template).
    pub lang: Lang,
}

impl Default for GridOptions {
    fn default() -> Self {
        Self {
            session: None,
            protect: true,
            password: None,
            sheet_name: None,
            lang: Lang::Fr,
        }
    }
}

impl GridOptions {
    /// Protects a sheet as these options ask (not at all when `protect` is off), leaving what
    /// `allowed` allows; an empty password counts as none. The synthesis and evaluation grids
    /// are protected alike through it.
    pub(super) fn protect_sheet(&self, ws: &mut Worksheet, allowed: &ProtectionOptions) {
        if !self.protect {
            return;
        }
        if let Some(p) = self.password.as_deref().filter(|p| !p.is_empty()) {
            ws.protect_with_password(p);
        }
        ws.protect_with_options(allowed);
    }
}

// ---------------------------------------------------------------------------------------
// Writing

/// Notes and highlights to put on cells, merged per spot (« à vérifier » wins).
struct Highlights {
    by_spot: BTreeMap<GridSpot, (CellStatus, String)>,
}

impl Highlights {
    fn new(annotations: &[Annotation]) -> Self {
        let mut by_spot: BTreeMap<GridSpot, (CellStatus, String)> = BTreeMap::new();
        for a in annotations {
            by_spot
                .entry(a.spot.clone())
                .and_modify(|(status, note)| {
                    if a.status == CellStatus::ToCheck {
                        *status = CellStatus::ToCheck;
                    }
                    if !a.note.is_empty() {
                        if !note.is_empty() {
                            note.push('\n');
                        }
                        note.push_str(&a.note);
                    }
                })
                .or_insert((a.status, a.note.clone()));
        }
        Self { by_spot }
    }

    fn status(&self, spot: &GridSpot) -> Option<CellStatus> {
        self.by_spot.get(spot).map(|(s, _)| *s)
    }
}

/// Writes text as a string (never a formula), or a formatted blank when empty; the
/// evaluation grid writes its cells through it too, so both keep the same rule.
pub(super) fn put(
    ws: &mut Worksheet,
    row: u32,
    c: u16,
    text: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    if text.is_empty() {
        ws.write_blank(row, c, format)?;
    } else {
        ws.write_string_with_format(row, c, text, format)?;
    }
    Ok(())
}

/// Writes text over a range, merged when it spans more than one cell.
pub(super) fn put_range(
    ws: &mut Worksheet,
    (r0, c0, r1, c1): (u32, u16, u32, u16),
    text: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    if r0 == r1 && c0 == c1 {
        put(ws, r0, c0, text, format)
    } else {
        ws.merge_range(r0, c0, r1, c1, text, format)?;
        Ok(())
    }
}

/// Writes one grid sheet into `workbook` and returns where every spot landed.
///
/// Used blank by `grille blank` and filled by `grille fix`: all text is written with
/// `write_string` (a title starting with `=` stays text), sections grow to hold every
/// réalisation of `fill`, and sections beyond the template's are added at the end under
/// « Autres réalisations » so that nothing is lost.
pub fn write_grid_sheet(
    workbook: &mut Workbook,
    template: &Template,
    referential: &Referential,
    fill: &GridFill,
    options: &GridOptions,
) -> Result<GridMap, XlsxError> {
    let lang = options.lang;
    let groups = groups(template, referential);
    let marks: Vec<&MarkColumn> = groups.iter().flat_map(|g| &g.columns).collect();
    let ncols = 2 + marks.len().max(1);
    let last = ncols - 1;
    let layout = &template.layout;
    let mut widths = vec![layout.title_width, layout.period_width];
    widths.extend(std::iter::repeat_n(
        layout.mark_width_for(template.tracked),
        ncols - 2,
    ));
    let right = split_column(&widths, 0.65, 1);
    let session_col = split_column(&widths, 0.77, right.min(last));
    let highlights = Highlights::new(&fill.annotations);
    let mut map = GridMap::default();
    let mut notes: Vec<(GridSpot, u32, u16)> = Vec::new();

    let ws = workbook.add_worksheet();
    ws.set_name(
        options
            .sheet_name
            .as_deref()
            .unwrap_or(&template.sheet_name),
    )?;
    for (i, w) in widths.iter().enumerate() {
        ws.set_column_width(col(i), *w)?;
    }
    let spot_at = |map: &mut GridMap,
                   notes: &mut Vec<(GridSpot, u32, u16)>,
                   spot: GridSpot,
                   row: u32,
                   c: u16| {
        map.cells
            .insert(spot.clone(), CellPos::new(row, u32::from(c)));
        if highlights.by_spot.contains_key(&spot) {
            notes.push((spot, row, c));
        }
    };

    // Rows 1-2: diploma, session, title.
    let diploma = style(Role::Diploma, Frame::default(), None);
    ws.set_row_height(0, 39.95)?;
    ws.set_row_height(1, 41.1)?;
    if session_col > 0 {
        put_range(
            ws,
            (0, 0, 0, col(session_col - 1)),
            &template.diploma,
            &diploma,
        )?;
    }
    let session_text = template
        .session_label
        .replace("{session}", session_of(template, fill, options));
    let session_spot = GridSpot::Identity(IdentityKind::Session);
    let session_format = style(
        Role::Diploma,
        Frame::default(),
        highlights.status(&session_spot),
    );
    put_range(
        ws,
        (0, col(session_col), 0, col(last)),
        &session_text,
        &session_format,
    )?;
    spot_at(&mut map, &mut notes, session_spot, 0, col(session_col));
    put_range(ws, (1, 0, 1, col(last)), &template.title, &diploma)?;

    // Identity rows.
    let id_rows = identity_rows(template, right.max(1), last);
    let first_id_row = 2u32;
    let header_row = first_id_row + id_rows.len() as u32;
    let id_block = (first_id_row, header_row.saturating_sub(1), 0u16, col(last));
    for (i, fields) in id_rows.iter().enumerate() {
        let row = first_id_row + i as u32;
        ws.set_row_height(row, 39.95)?;
        for &(field, c0, c1) in fields {
            let spot = GridSpot::Identity(field.field);
            let status = highlights.status(&spot);
            let value = fill.identity.get(&field.field).map(String::as_str);
            if field.field == IdentityKind::Option {
                write_option(ws, template, field, value, row, (c0, c1), id_block, status)?;
            } else {
                let frame = Frame::of(id_block, row, row, col(c0), col(c1));
                let format = style(Role::IdentityInput, frame, status);
                put_range(
                    ws,
                    (row, col(c0), row, col(c1)),
                    &labelled(&field.label, value),
                    &format,
                )?;
            }
            spot_at(&mut map, &mut notes, spot, row, col(c0));
        }
    }

    // Heading rows: corner, period, competences and their activities.
    let (h, h2) = (header_row, header_row + 1);
    let head_block = (h, h2, 0u16, col(last));
    let mut heading_height = layout.heading_height;
    for g in &groups {
        let width: f64 = layout.mark_width_for(template.tracked) * g.columns.len() as f64;
        heading_height =
            heading_height.max(height_for(lines_needed(&g.title, width, 12.0, true), 12.0));
    }
    ws.set_row_height(h, heading_height.min(409.0))?;
    ws.set_row_height(h2, layout.activities_height)?;
    let corner_lines = ((heading_height + layout.activities_height) / 15.0).floor() as usize;
    let realisation_lines = lines_needed(
        &template.headers.realisations,
        layout.title_width,
        12.0,
        true,
    ) as usize;
    let competence_lines = lines_needed(
        &template.headers.competences,
        layout.title_width,
        12.0,
        true,
    ) as usize;
    let gap = corner_lines
        .saturating_sub(realisation_lines + competence_lines + 2)
        .max(1);
    let corner = format!(
        "{}{}{}",
        template.headers.competences,
        "\n".repeat(gap),
        template.headers.realisations
    );
    put_range(
        ws,
        (h, 0, h2, 0),
        &corner,
        &style(Role::Corner, Frame::of(head_block, h, h2, 0, 0), None),
    )?;
    put_range(
        ws,
        (h, 1, h2, 1),
        &template.headers.period,
        &style(
            Role::PeriodHeading,
            Frame::of(head_block, h, h2, 1, 1),
            None,
        ),
    )?;
    let mut c = 2usize;
    let mut column_of: BTreeMap<&str, u16> = BTreeMap::new();
    for g in &groups {
        let (c0, c1) = (c, c + g.columns.len() - 1);
        let spot = GridSpot::Heading(g.code.clone());
        let frame = Frame::of(head_block, h, h, col(c0), col(c1));
        let format = style(Role::CompetenceHeading, frame, highlights.status(&spot));
        put_range(ws, (h, col(c0), h, col(c1)), &g.title, &format)?;
        spot_at(&mut map, &mut notes, spot, h, col(c0));
        for (i, m) in g.columns.iter().enumerate() {
            let cc = col(c0 + i);
            let spot = GridSpot::Heading(m.code.clone());
            let detailed = m.code != g.code;
            let status = if detailed {
                highlights.status(&spot)
            } else {
                None
            };
            let format = style(
                Role::Activities,
                Frame::of(head_block, h2, h2, cc, cc),
                status,
            );
            put(ws, h2, cc, &m.subtitle, &format)?;
            if detailed {
                spot_at(&mut map, &mut notes, spot, h2, cc);
            }
            column_of.insert(m.code.as_str(), cc);
        }
        c = c1 + 1;
    }
    // Activity codes marked on a competence grid count for their competence.
    let resolve = |code: &str| -> Option<u16> {
        column_of.get(code).copied().or_else(|| {
            let (competence, _) = referential.activity(code)?;
            column_of.get(competence.code.as_str()).copied()
        })
    };

    // Sections.
    let mut row = h2 + 1;
    let first_section_row = row;
    let nsections = template.sections.len().max(fill.sections.len());
    let other_title = lang.pick("Autres réalisations", "Other réalisations");
    let mut bounds = Vec::new();
    for s in 0..nsections {
        let spec = template.sections.get(s);
        let rows = fill.sections.get(s).map(Vec::as_slice).unwrap_or(&[]);
        let count = (spec.map_or(0, |sp| sp.rows) as usize)
            .max(rows.len())
            .max(1);
        let title = spec.map_or(other_title, |sp| sp.title.as_str());
        bounds.push((row, count, title));
        row += 1 + count as u32;
    }
    let last_row = row - 1;
    let body = (first_section_row, last_row, 0u16, col(last));
    let mark_validation = DataValidation::new()
        .allow_list_strings(&[MARK])?
        .set_error_style(DataValidationErrorStyle::Stop)
        .set_error_title(lang.pick("Marque invalide", "Invalid mark"))?
        .set_error_message(lang.pick(
            "Saisir X pour une compétence mobilisée par la réalisation, ou laisser la case vide.",
            "Type X for a competence the réalisation mobilises, or leave the cell empty.",
        ))?;
    let period_validation = DataValidation::new()
        .allow_any_value()
        .set_input_title(lang.pick("Période", "Period"))?
        .set_input_message(lang.pick(
            "JJ/MM/AA au JJ/MM/AA\n(par exemple 04/09/25 au 18/10/25)",
            "JJ/MM/AA au JJ/MM/AA (day/month/year)\n(for example 04/09/25 au 18/10/25)",
        ))?;
    for (s, &(title_row, count, title)) in bounds.iter().enumerate() {
        ws.set_row_height(title_row, 21.0)?;
        let frame = Frame::of(body, title_row, title_row, 0, col(last));
        put_range(
            ws,
            (title_row, 0, title_row, col(last)),
            title,
            &style(Role::SectionTitle, frame, None),
        )?;
        let rows = fill.sections.get(s).map(Vec::as_slice).unwrap_or(&[]);
        for i in 0..count {
            let r = title_row + 1 + i as u32;
            let content = rows.get(i);
            let title_text = content.map_or("", |c| c.title.as_str());
            let period_text = content.map_or("", |c| c.period.as_str());
            let lines = lines_needed(title_text, layout.title_width, 11.0, true).max(lines_needed(
                period_text,
                layout.period_width,
                10.0,
                false,
            ));
            ws.set_row_height(r, layout.row_height.max(height_for(lines, 11.0)))?;

            let spot = GridSpot::Title { section: s, row: i };
            let f = style(
                Role::Title,
                Frame::of(body, r, r, 0, 0),
                highlights.status(&spot),
            );
            put(ws, r, 0, title_text, &f)?;
            spot_at(&mut map, &mut notes, spot, r, 0);

            let spot = GridSpot::Period { section: s, row: i };
            let f = style(
                Role::Period,
                Frame::of(body, r, r, 1, 1),
                highlights.status(&spot),
            );
            put(ws, r, 1, period_text, &f)?;
            spot_at(&mut map, &mut notes, spot, r, 1);

            let marked: BTreeSet<u16> = content
                .map(|c| {
                    c.marks
                        .iter()
                        .filter_map(|code| match resolve(code) {
                            Some(cc) => Some(cc),
                            None => {
                                map.unplaced.push(GridSpot::Mark {
                                    section: s,
                                    row: i,
                                    code: code.clone(),
                                });
                                None
                            }
                        })
                        .collect()
                })
                .unwrap_or_default();
            for (k, m) in marks.iter().enumerate() {
                let cc = col(2 + k);
                let spot = GridSpot::Mark {
                    section: s,
                    row: i,
                    code: m.code.clone(),
                };
                let f = style(
                    Role::Mark,
                    Frame::of(body, r, r, cc, cc),
                    highlights.status(&spot),
                );
                put(ws, r, cc, if marked.contains(&cc) { MARK } else { "" }, &f)?;
                spot_at(&mut map, &mut notes, spot, r, cc);
            }
        }
        if count > 0 {
            let (r0, r1) = (title_row + 1, title_row + count as u32);
            ws.add_data_validation(r0, 1, r1, 1, &period_validation)?;
            ws.add_data_validation(r0, 2, r1, col(last), &mark_validation)?;
        }
    }

    // Annotations: notes on their cells; those whose spot has no cell are handed back.
    for spot in highlights.by_spot.keys() {
        if !map.cells.contains_key(spot) && !map.unplaced.contains(spot) {
            map.unplaced.push(spot.clone());
        }
    }
    for (spot, r, c) in &notes {
        if let Some((_, text)) = highlights.by_spot.get(spot)
            && !text.trim().is_empty()
        {
            let lines = lines_needed(text, 40.0, 9.0, false);
            let note = Note::new(text.as_str())
                .set_author("grille")
                .add_author_prefix(false)
                .set_width(320)
                .set_height((lines * 16 + 20).min(400));
            ws.insert_note(*r, *c, &note)?;
        }
    }
    let mut print_last = last_row;
    if !highlights.by_spot.is_empty() {
        let legend_row = last_row + 2;
        ws.set_row_height(legend_row, 30.0)?;
        let legend = lang.pick(
            "Cellules en vert : corrigées par grille. Cellules en orange : à vérifier. Le commentaire de chaque cellule dit pourquoi.",
            "Green cells: corrected by grille. Orange cells: to check. Each cell's note says why.",
        );
        put_range(
            ws,
            (legend_row, 0, legend_row, col(last)),
            legend,
            &style(Role::Legend, Frame::default(), None),
        )?;
        print_last = legend_row;
    }

    // View, print and protection, like the ministry's file (A4 portrait, one page wide).
    ws.set_freeze_panes(h2 + 1, 0)?;
    ws.set_zoom(70);
    ws.set_paper_size(9);
    ws.set_portrait();
    ws.set_margins(0.2, 0.2, 0.2, 0.2, 0.3, 0.3);
    ws.set_print_center_horizontally(true);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_area(0, 0, print_last, col(last))?;
    ws.set_repeat_rows(h, h2)?;
    options.protect_sheet(
        ws,
        &ProtectionOptions {
            // Rows may be inserted when a section is full, and resized for long titles.
            insert_rows: true,
            format_rows: true,
            format_columns: true,
            ..ProtectionOptions::new()
        },
    );
    Ok(map)
}

/// One box per option of the template, ticked for the chosen one (« ☒ SISR », « ▢ SLAM »):
/// the synthesis and the evaluation grids show the option alike.
pub(super) fn option_boxes(template: &Template, chosen: Option<&str>) -> Vec<String> {
    let chosen = chosen.map(match_key);
    template
        .options
        .iter()
        .map(|o| {
            let ticked = chosen.as_ref().is_some_and(|k| *k == match_key(o));
            format!("{} {o}", if ticked { BOX_TICKED } else { BOX_EMPTY })
        })
        .collect()
}

/// Document properties with the fixed creation date: title, author (the school), subject
/// (the candidate).
pub fn document_properties(title: &str, author: &str, subject: &str) -> DocProperties {
    let (y, m, d) = CREATION_DATE;
    let mut properties = DocProperties::new()
        .set_title(title)
        .set_subject(subject)
        .set_author(author)
        .set_comment("grille");
    if let Ok(date) = ExcelDateTime::from_ymd(y, m, d) {
        properties = properties.set_creation_datetime(&date);
    }
    properties
}

/// The candidate as document subject: « DUPONT Jeanne — N° 0212345678 ».
pub fn candidate_subject(identity: &BTreeMap<IdentityKind, String>) -> String {
    let name = identity
        .get(&IdentityKind::Name)
        .map(|s| s.trim())
        .unwrap_or("");
    let number = identity
        .get(&IdentityKind::Number)
        .map(|s| s.trim())
        .unwrap_or("");
    match (name.is_empty(), number.is_empty()) {
        (false, false) => format!("{name} — N° {number}"),
        (false, true) => name.to_string(),
        (true, false) => format!("N° {number}"),
        (true, true) => String::new(),
    }
}

/// A whole workbook holding one grid sheet, as bytes, with its properties (title, school
/// as author, candidate as subject) and the fixed creation date.
pub fn grid_workbook(
    template: &Template,
    referential: &Referential,
    fill: &GridFill,
    options: &GridOptions,
) -> Result<(Vec<u8>, GridMap), XlsxError> {
    let mut workbook = Workbook::new();
    let map = write_grid_sheet(&mut workbook, template, referential, fill, options)?;
    let session = session_of(template, fill, options);
    let title = format!(
        "{} — {}",
        template.title.trim(),
        template.session_label.replace("{session}", session)
    );
    let school = fill
        .identity
        .get(&IdentityKind::School)
        .map(|s| s.trim())
        .unwrap_or("");
    workbook.set_properties(&document_properties(
        &title,
        school,
        &candidate_subject(&fill.identity),
    ));
    let bytes = workbook.save_to_buffer()?;
    Ok((bytes, map))
}

#[cfg(test)]
mod tests;
