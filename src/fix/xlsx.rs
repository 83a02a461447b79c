//! The corrected workbook of `grille fix`: the grid in the template's layout (highlights and
//! notes on every changed cell), a « Rapport » sheet (findings with links to their cells,
//! corrections, coverage), and « Contenu d'origine », the candidate's grid sheet reproduced
//! cell for cell at its original addresses — plus every other non-empty sheet of the
//! candidate's workbook. Nothing the candidate wrote is lost.
//!
//! Text is always written with `write_string`: a cell « =HYPERLINK(…) » stays that text.

use std::collections::BTreeSet;

use crate::output::names::SheetNames;

use rust_xlsxwriter::{Color, ExcelDateTime, Format, Note, Workbook, Worksheet, XlsxError};

use crate::Lang;
use crate::check::Checked;
use crate::fix::{FixOptions, FixPlan};
use crate::grid::markers::{
    FILL_TO_CHECK, is_legend, origin_sheet_name, report_sheet_name, report_title,
};
use crate::model::CellPos;
use crate::workbook::{Sheet, Value};
use crate::xlsx::grid::{
    GridMap, GridOptions, candidate_subject, document_properties, write_grid_sheet,
};
use crate::xlsx::page::{PageSetup, RowHeights};

/// Longest note written (a note repeats an original value that is also kept in full in
/// « Contenu d'origine »; Excel refuses notes over 32 kB).
const MAX_NOTE_CHARS: usize = 4000;

/// Most notes written on « Contenu d'origine »: past them, cells without a place are still
/// highlighted, without a note of their own. A log of 200 000 lines pasted under the grid
/// would otherwise take gigabytes of memory to write (each note is a VML shape).
const MAX_NOTES: usize = 1000;

/// Writes the whole corrected workbook and returns its bytes (identical for identical inputs)
/// and where each spot of the grid landed.
pub fn write(
    checked: &Checked,
    plan: &mut FixPlan,
    options: FixOptions<'_>,
) -> Result<(Vec<u8>, GridMap), XlsxError> {
    let lang = options.lang;
    let mut workbook = Workbook::new();
    workbook.set_properties(&document_properties(
        options.template.title.trim(),
        "grille",
        &candidate_subject(&plan.fill.identity),
    ));
    let map = grid_sheet(&mut workbook, plan, options)?;
    let grid_name = options.template.sheet_name.clone();

    let mut names = SheetNames::default();
    names.reserve(&grid_name);
    let report_name = names.claim(report_sheet_name(lang));
    let sources = sources(checked, plan);
    let origin_name = names.claim(origin_sheet_name(lang));

    let report = workbook.add_worksheet();
    report.set_name(&report_name)?;
    super::fixed_report::write_report(
        report,
        &checked.report,
        plan,
        &map,
        &grid_name,
        &origin_name,
        options.referential,
        lang,
    )?;

    let mut first = true;
    for source in &sources {
        let name = if first {
            origin_name.clone()
        } else {
            names.claim(&source.sheet.name)
        };
        first = false;
        let sheet = workbook.add_worksheet();
        sheet.set_name(&name)?;
        write_copy(sheet, source, &checked.grid.consumed, plan, lang)?;
    }
    Ok((workbook.save_to_buffer()?, map))
}

/// The corrected grid itself, in the template's layout; spots the layout has no cell for send
/// their original cells back to « Contenu d'origine » (highlighted, with a note).
fn grid_sheet(
    workbook: &mut Workbook,
    plan: &mut FixPlan,
    options: FixOptions<'_>,
) -> Result<GridMap, XlsxError> {
    let grid_options = GridOptions {
        session: None,
        protect: true,
        password: None,
        sheet_name: None,
        lang: options.lang,
    };
    let map = write_grid_sheet(
        workbook,
        options.template,
        options.referential,
        &plan.fill,
        &grid_options,
    )?;
    let lost: Vec<CellPos> = plan
        .placed
        .iter()
        .filter(|(_, spot)| map.unplaced.contains(spot))
        .map(|(cell, _)| *cell)
        .collect();
    for cell in lost {
        plan.placed.remove(&cell);
        plan.unplaced.insert(
            cell,
            options
                .lang
                .pick(
                    "Le modèle de grille n’a pas de colonne pour ce contenu : conservé ici.",
                    "The grid template has no column for this content: kept here.",
                )
                .to_string(),
        );
    }
    Ok(map)
}

/// A sheet of the candidate's workbook copied into the output.
struct Source<'a> {
    sheet: &'a Sheet,
    /// Whether cells without a place in the corrected grid are highlighted (the grid sheet).
    is_grid: bool,
}

/// The candidate's sheets to keep, the grid sheet first (it becomes « Contenu d'origine »).
///
/// A workbook grille already corrected is recognised by its own report sheet: that report is
/// regenerated rather than copied, and when its grid sheet holds nothing without a place, the
/// earlier « Contenu d'origine » (the candidate's original) is carried over as is — so fixing a
/// fixed file does not pile up copies.
fn sources<'a>(checked: &'a Checked, plan: &FixPlan) -> Vec<Source<'a>> {
    let sheets = &checked.workbook.sheets;
    let grid = sheets.iter().find(|s| s.name == checked.grid.sheet);
    let is_ours = |s: &Sheet| {
        [Lang::Fr, Lang::En].iter().any(|l| {
            s.name == report_sheet_name(*l)
                && s.text(CellPos::new(0, 0)).as_deref() == Some(report_title(*l))
        })
    };
    let old_origin = sheets
        .iter()
        .find(|s| s.name == origin_sheet_name(Lang::Fr) || s.name == origin_sheet_name(Lang::En));
    let refixing = sheets.iter().any(is_ours) && old_origin.is_some();
    let grid_fully_placed = grid.is_some_and(|g| {
        g.cells
            .iter()
            .all(|(pos, v)| !without_place(*pos, v, &checked.grid.consumed, plan))
    });
    let mut out = Vec::new();
    match (refixing && grid_fully_placed, grid, old_origin) {
        (true, _, Some(origin)) => out.push(Source {
            sheet: origin,
            is_grid: false,
        }),
        (_, Some(g), _) => out.push(Source {
            sheet: g,
            is_grid: true,
        }),
        _ => {}
    }
    for s in sheets {
        let already = out.iter().any(|o| std::ptr::eq(o.sheet, s));
        let skip = already
            || Some(s.name.as_str()) == grid.map(|g| g.name.as_str())
            || (refixing && is_ours(s))
            || s.cells.values().all(Value::is_blank);
        if !skip {
            out.push(Source {
                sheet: s,
                is_grid: false,
            });
        }
    }
    out
}

/// Whether a non-blank cell of the candidate's grid sheet found no place in the corrected
/// grid (grille's own colour legend, on a file it already corrected, is written anew).
fn without_place(
    pos: CellPos,
    value: &Value,
    consumed: &BTreeSet<CellPos>,
    plan: &FixPlan,
) -> bool {
    if value.is_blank() || value.as_text().is_some_and(is_legend) {
        return false;
    }
    plan.unplaced.contains_key(&pos)
        || (!consumed.contains(&pos) && !plan.placed.contains_key(&pos))
}

/// Copies a sheet cell for cell at the same addresses; on the grid sheet, cells without a
/// place in the corrected grid are highlighted and carry a note saying why.
fn write_copy(
    sheet: &mut Worksheet,
    source: &Source<'_>,
    consumed: &BTreeSet<CellPos>,
    plan: &FixPlan,
    lang: Lang,
) -> Result<(), XlsxError> {
    let highlight = Format::new()
        .set_background_color(Color::RGB(FILL_TO_CHECK))
        .set_text_wrap();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let date_highlight = date.clone().set_background_color(Color::RGB(FILL_TO_CHECK));
    let wrap = Format::new().set_text_wrap();
    let generic = lang.pick(
        "Sans place dans la grille officielle : conservé ici à son adresse d’origine.",
        "No place in the official grid: kept here at its original address.",
    );
    // Not `Sheet::extent`: one past the last column overflows for a cell in the last column a
    // position holds, and such a cell must reach the typed « too far » error below.
    let last_col = source.sheet.cells.keys().map(|p| p.col).max();
    let mut heights = RowHeights::new();
    for c in last_col.map_or(0..0, |last| 0..last.min(63) + 1) {
        heights.set_width(sheet, col(CellPos::new(0, c))?, 18.0)?;
    }
    let merges = super::merges::merges_to_copy(source.sheet);
    let in_merge = |pos: &CellPos| merges.values().any(|r| r.contains(*pos) && r.first != *pos);
    let mut notes = 0;
    for (pos, value) in &source.sheet.cells {
        // A blank cell under a merge copied whole is covered by it.
        if value.is_blank() && in_merge(pos) {
            continue;
        }
        // A whitespace-only cell is no content (`Value::is_blank`): past what XLSX holds it
        // is left out, where any other cell refuses the correction (`fix::FixError`).
        if value.is_blank() && (pos.row >= 1_048_576 || pos.col >= 16_384) {
            continue;
        }
        let (row, column) = (pos.row, col(*pos)?);
        let flagged = source.is_grid && without_place(*pos, value, consumed, plan);
        let text_format = if flagged { &highlight } else { &wrap };
        match value {
            Value::Number(n) if n.is_finite() => {
                if flagged {
                    sheet.write_number_with_format(row, column, *n, &highlight)?;
                } else {
                    sheet.write_number(row, column, *n)?;
                }
            }
            Value::Bool(b) => {
                if flagged {
                    sheet.write_boolean_with_format(row, column, *b, &highlight)?;
                } else {
                    sheet.write_boolean(row, column, *b)?;
                }
            }
            Value::Date(d) => match excel_date(*d) {
                Some(dt) => {
                    let f = if flagged { &date_highlight } else { &date };
                    sheet.write_datetime_with_format(row, column, &dt, f)?;
                }
                None => {
                    sheet.write_string_with_format(row, column, value.display(), text_format)?;
                }
            },
            // Text (and error values, numbers that cannot be stored) as text, never a formula.
            other => {
                let text = other.display();
                let merged = merges.get(pos).filter(|r| {
                    let (r1, c1) = (r.last.row, r.last.col as u16);
                    sheet
                        .merge_range(row, column, r1, c1, &text, text_format)
                        .is_ok()
                });
                match merged {
                    Some(r) => heights.block(
                        row,
                        r.last.row - row + 1,
                        (column, r.last.col as u16),
                        &text,
                        11.0,
                    ),
                    None => {
                        heights.text(row, column, &text, 11.0);
                        sheet.write_string_with_format(row, column, text, text_format)?;
                    }
                }
            }
        }
        if flagged && notes < MAX_NOTES {
            let why = plan.unplaced.get(pos).map_or(generic, String::as_str);
            sheet.insert_note(row, column, &note(why))?;
            notes += 1;
        }
    }
    heights.apply(sheet)?;
    let last = source
        .sheet
        .cells
        .keys()
        .filter(|p| p.row < 1_048_576 && p.col < 16_384)
        .fold((0u32, 0u16), |(r, c), p| {
            (r.max(p.row), c.max(p.col as u16))
        });
    PageSetup {
        landscape: true,
        header_rows: None,
        last,
    }
    .apply(sheet, lang)
}

fn excel_date(d: crate::model::Date) -> Option<ExcelDateTime> {
    let year = u16::try_from(d.year)
        .ok()
        .filter(|y| (1900..=9999).contains(y))?;
    ExcelDateTime::from_ymd(year, u8::try_from(d.month).ok()?, u8::try_from(d.day).ok()?).ok()
}

fn col(pos: CellPos) -> Result<u16, XlsxError> {
    u16::try_from(pos.col).map_err(|_| XlsxError::RowColumnLimitError)
}

/// A note signed « grille », cut to a size every spreadsheet accepts.
pub fn note(text: &str) -> Note {
    let text: String = if text.chars().count() > MAX_NOTE_CHARS {
        let mut t: String = text.chars().take(MAX_NOTE_CHARS).collect();
        t.push('…');
        t
    } else {
        text.to_string()
    };
    Note::new(text)
        .set_author("grille")
        .add_author_prefix(false)
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Read};

    use calamine::{Data, Reader, Xlsx};

    use super::*;
    use crate::fix::plan::tests::{checked, official_grid, p, referential, template};
    use crate::fix::{FixOptions, fix};
    use crate::model::Referential;
    use crate::xlsx::part;

    /// Text a spreadsheet could take for a formula if it were not written as a string.
    const FORMULA_LIKE: [&str; 4] = [
        "=HYPERLINK(\"http://x\";\"y\")",
        "+33 6 12 34 56 78",
        "@SUM(A1)",
        "-1+2",
    ];

    fn options<'a>(r: &'a Referential, t: &'a crate::template::Template) -> FixOptions<'a> {
        FixOptions {
            referential: r,
            template: t,
            lang: Lang::Fr,
        }
    }

    fn candidate() -> Checked {
        let mut c = checked(official_grid());
        let sheet = &mut c.workbook.sheets[0];
        for (i, text) in FORMULA_LIKE.iter().enumerate() {
            sheet.set(CellPos::new(40 + i as u32, 1), Value::Text((*text).into()));
        }
        sheet.set(p("C9"), Value::Text("X".into()));
        sheet.set(p("J50"), Value::Number(12.5));
        sheet.set(
            p("K50"),
            Value::Date(crate::model::Date::new(2024, 9, 4).unwrap()),
        );
        sheet.set(p("L50"), Value::Bool(true));
        c.grid.consumed.insert(p("A1"));
        let mut notes = crate::workbook::Sheet::new("Notes perso");
        notes.set(p("B2"), Value::Text("=1+1".into()));
        c.workbook.sheets.push(notes);
        c.workbook.sheets.push(crate::workbook::Sheet::new("Vide"));
        c
    }

    #[test]
    fn keeps_every_cell_as_text_never_a_formula() {
        let (r, t) = (referential(), template());
        let c = candidate();
        let fixed = fix(&c, options(&r, &t)).unwrap();
        let mut wb: Xlsx<_> =
            calamine::open_workbook_from_rs(Cursor::new(fixed.bytes.clone())).unwrap();
        assert_eq!(
            wb.sheet_names(),
            [
                t.sheet_name.as_str(),
                "Rapport",
                "Contenu d'origine",
                "Notes perso"
            ],
            "empty sheets are not copied"
        );
        let origin = wb.worksheet_range("Contenu d'origine").unwrap();
        for (i, text) in FORMULA_LIKE.iter().enumerate() {
            assert_eq!(
                origin.get_value((40 + i as u32, 1)),
                Some(&Data::String((*text).into()))
            );
        }
        assert_eq!(origin.get_value((49, 9)), Some(&Data::Float(12.5)));
        assert!(matches!(
            origin.get_value((49, 10)),
            Some(Data::DateTime(_))
        ));
        assert_eq!(origin.get_value((49, 11)), Some(&Data::Bool(true)));
        assert_eq!(origin.get_value((0, 0)), Some(&Data::String("BTS".into())));
        let other = wb.worksheet_range("Notes perso").unwrap();
        assert_eq!(other.get_value((1, 1)), Some(&Data::String("=1+1".into())));
        for sheet in 1..=4 {
            let xml = part(&fixed.bytes, &format!("xl/worksheets/sheet{sheet}.xml"));
            assert!(
                !xml.contains("<f>") && !xml.contains("<f "),
                "formula in sheet{sheet}"
            );
        }
    }

    /// A sheet of thousands of réalisations is refused before anything is written.
    #[test]
    fn too_many_realisations_are_refused() {
        let (r, t) = (referential(), template());
        let mut c = candidate();
        let one = c.grid.realisations[0].clone();
        c.grid.realisations = vec![one; crate::fix::MAX_FIX_REALISATIONS + 1];
        let err = fix(&c, options(&r, &t)).map(|_| ()).unwrap_err();
        assert!(
            err.to_string().starts_with(
                "la grille compte 501 réalisations ; grille n’en corrige pas plus de 500"
            ),
            "{err}"
        );
        assert!(
            err.message(Lang::En)
                .starts_with("the grid has 501 réalisations")
        );
        c.grid.realisations.pop();
        assert!(fix(&c, options(&r, &t)).is_ok());
    }

    /// A cell XLSX cannot hold (a hostile file's position) is refused with a typed error
    /// rather than dropped — never a panic, never a silent loss.
    #[test]
    fn a_cell_past_what_xlsx_holds_is_a_typed_error() {
        let (r, t) = (referential(), template());
        for far in [
            CellPos::new(3, u32::MAX),
            CellPos::new(u32::MAX, 2),
            CellPos::new(1_048_576, 0),
        ] {
            let mut c = candidate();
            c.workbook.sheets[0].set(far, Value::Text("loin".into()));
            let err = fix(&c, options(&r, &t)).map(|_| ()).unwrap_err();
            assert_eq!(
                err.to_string(),
                format!(
                    "feuille « Tableau de synthèse Épreuve E5 », cellule {far} : au-delà des 1 048 576 lignes \
                     et 16 384 colonnes d’un classeur XLSX ; la correction est refusée pour ne pas la perdre"
                )
            );
            assert!(err.message(Lang::En).starts_with(&format!(
                "sheet “Tableau de synthèse Épreuve E5”, cell {far}: beyond the 1,048,576 rows"
            )));
        }
        // Blank cells are not content: far away, they do not refuse anything.
        let mut c = candidate();
        c.workbook.sheets[0].set(CellPos::new(u32::MAX, 3), Value::Text(" ".into()));
        assert!(fix(&c, options(&r, &t)).is_ok());
        // A text longer than a cell holds (an ODS or CSV file can have one).
        let mut c = candidate();
        c.workbook.sheets[1].set(p("C3"), Value::Text("é".repeat(40_000)));
        let err = fix(&c, options(&r, &t)).map(|_| ()).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("feuille « Notes perso », cellule C3 : texte de 40000 caractères"),
            "{err}"
        );
    }

    #[test]
    fn cells_without_a_place_are_highlighted_with_a_note() {
        let (r, t) = (referential(), template());
        let fixed = fix(&candidate(), options(&r, &t)).unwrap();
        // The formula-looking junk (B41…) has no place; A1 (consumed) and C9 (placed) do.
        let comments: Vec<String> = (1..=3)
            .filter_map(|i| {
                let mut zip = zip::ZipArchive::new(Cursor::new(fixed.bytes.clone())).ok()?;
                let mut text = String::new();
                zip.by_name(&format!("xl/comments{i}.xml"))
                    .ok()?
                    .read_to_string(&mut text)
                    .ok()?;
                Some(text)
            })
            .collect();
        let origin_comments = comments
            .iter()
            .find(|c| c.contains("ref=\"B41\""))
            .expect("a note on B41 of « Contenu d'origine »");
        assert!(origin_comments.contains("Sans place dans la grille officielle"));
        assert!(!origin_comments.contains("ref=\"A1\"") && !origin_comments.contains("ref=\"C9\""));
        assert!(
            part(&fixed.bytes, "xl/styles.xml").contains("FFFFD599"),
            "to-check fill"
        );
    }

    #[test]
    fn report_links_to_the_corrected_cells() {
        let (r, t) = (referential(), template());
        let mut c = candidate();
        c.report.findings.push(
            crate::rules::Finding::new(
                crate::rules::FindingKind::InvalidMark,
                "« peut-être » n’est pas une marque",
            )
            .at(p("F9")),
        );
        c.grid.realisations[0].marks.push(crate::grid::Mark {
            cell: p("F9"),
            raw: "peut-être".into(),
            placed: crate::grid::Target::Competence("B1.4".into()),
            value: crate::grid::MarkValue::Invalid,
        });
        let fixed = fix(&c, options(&r, &t)).unwrap();
        let rels = part(&fixed.bytes, "xl/worksheets/sheet2.xml");
        assert!(
            rels.contains("location=\"'Contenu d''origine'!F9\""),
            "{rels}"
        );
        assert!(
            rels.contains(&format!("location=\"'{}'!", t.sheet_name)),
            "{rels}"
        );
        let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(fixed.bytes)).unwrap();
        let report = wb.worksheet_range("Rapport").unwrap();
        let texts: Vec<String> = report.cells().map(|(_, _, d)| d.to_string()).collect();
        assert!(texts.iter().any(|t| t == "invalid-mark"));
        assert!(texts.iter().any(|t| t == "Couverture des compétences"));
    }

    #[test]
    fn identical_inputs_give_identical_bytes() {
        let (r, t) = (referential(), template());
        let c = candidate();
        let one = fix(&c, options(&r, &t)).unwrap().bytes;
        let two = fix(&c, options(&r, &t)).unwrap().bytes;
        assert_eq!(one, two);
    }
}
