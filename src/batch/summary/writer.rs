//! `synthese.xlsx` written as the batch goes, one file at a time, in constant memory.
//!
//! Why: a summary built whole in memory keeps every cell, string and hyperlink of every
//! candidate until it is saved, so a session of thousands of sheets grew by kilobytes a
//! sheet. Here the sheets that grow with the batch (« Candidats », « Constats », « Fichiers
//! illisibles ») are rust_xlsxwriter *constant-memory* worksheets: each row goes to a
//! temporary file as soon as the next one starts (its height set first), and what is kept
//! per file is only what the format itself needs at the end (a hyperlink's target). The small
//! sheets that need the whole batch (« Couverture », « Fichiers ignorés ») are written at the
//! end from counts. Constant-memory sheets write their strings inline instead of in the
//! shared-string table: same cells, same formats, a slightly different XML.

use std::path::Path;

use rust_xlsxwriter::{
    ConditionalFormat3ColorScale, ConditionalFormatType, DocProperties, ExcelDateTime, Format, Url,
    Workbook, Worksheet, XlsxError,
};

use super::{
    ERRORS_FILL, FIXED_COLUMNS, Formats, HEAT_NONE, HEAT_ONE, HEAT_TWO, MAX_FINDING_ROWS,
    MAX_LINKS, UNREADABLE_FILL, VALID_FILL, anchor, cell_text, corrected_link, coverage_sheet,
    fit_title, headed_sheet, sheet_names, verdict,
};
use crate::Lang;
use crate::batch::{BatchItem, Note};
use crate::grid::layout_label;
use crate::model::Referential;
use crate::output::names::file_name;
use crate::rules::Severity;
use crate::xlsx::page::{PageSetup, RowHeights, Swatch, legend};

/// One growing sheet: the worksheet, its row heights still to set, the last row written and
/// the hyperlinks it holds.
struct Growing {
    sheet: Worksheet,
    heights: RowHeights,
    row: u32,
    links: usize,
}

impl Growing {
    /// Sets the height of the row just written, before the next one flushes it.
    fn end_row(&mut self) -> Result<(), XlsxError> {
        self.heights.apply_row(&mut self.sheet, self.row)
    }
}

/// Writes a text that may wrap, as a string (never a formula), and notes the height its row
/// needs.
fn write_wrapped(
    sheet: &mut Worksheet,
    heights: &mut RowHeights,
    (row, col): (u32, u16),
    text: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    heights.text(row, col, text, 11.0);
    sheet
        .write_string_with_format(row, col, cell_text(text), format)
        .map(|_| ())
}

/// The class summary, fed one batch item at a time in batch order ([`SummaryWriter::push`]),
/// then saved ([`SummaryWriter::finish`]).
pub struct SummaryWriter<'r> {
    workbook: Workbook,
    referential: &'r Referential,
    lang: Lang,
    formats: Formats,
    candidates: Growing,
    findings: Growing,
    unreadable: Growing,
    /// Findings of the batch, listed or not (beyond [`MAX_FINDING_ROWS`]).
    findings_total: usize,
    /// Per competence, the readable files that cover it; and the readable files.
    covering: Vec<usize>,
    readable: usize,
}

impl<'r> SummaryWriter<'r> {
    /// A summary whose rows go to temporary files in `tempdir` (the system's when `None`).
    pub fn new(
        referential: &'r Referential,
        lang: Lang,
        tempdir: Option<&Path>,
    ) -> Result<Self, XlsxError> {
        let mut workbook = Workbook::new();
        if let Some(dir) = tempdir {
            workbook.set_tempdir(dir)?;
        }
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
        let candidates = candidates_head(&mut workbook, referential, lang, &formats, names[0])?;
        let findings = findings_head(&mut workbook, lang, &formats, names[1])?;
        let unreadable = file_table_head(
            &mut workbook,
            names[3],
            [lang.pick("Fichier", "File"), lang.pick("Raison", "Reason")],
            [40.0, 80.0],
            &formats,
        )?;
        Ok(Self {
            workbook,
            referential,
            lang,
            formats,
            candidates,
            findings,
            unreadable,
            findings_total: 0,
            covering: vec![0; referential.competences.len()],
            readable: 0,
        })
    }

    /// Adds one file of the batch: its row of « Candidats », its findings, its reason when
    /// unreadable.
    pub fn push(&mut self, item: &BatchItem) -> Result<(), XlsxError> {
        self.candidate_row(item)?;
        self.finding_rows(item)?;
        match &item.outcome {
            Ok(report) => {
                self.readable += 1;
                for (c, competence) in self.referential.competences.iter().enumerate() {
                    if report.coverage.get(&competence.code).unwrap_or(0) > 0 {
                        self.covering[c] += 1;
                    }
                }
            }
            Err(unreadable) => {
                let table = &mut self.unreadable;
                if (table.row as usize) < MAX_FINDING_ROWS - 1 {
                    table.row += 1;
                    file_table_row(table, &item.file, &unreadable.reason, &self.formats)?;
                }
            }
        }
        Ok(())
    }

    fn candidate_row(&mut self, item: &BatchItem) -> Result<(), XlsxError> {
        let (lang, formats) = (self.lang, &self.formats);
        let table = &mut self.candidates;
        table.row += 1;
        let row = table.row;
        let report = item.report();
        let Growing {
            sheet,
            heights,
            links,
            ..
        } = table;
        let mut wrapped = |sheet: &mut Worksheet, col: u16, text: &str| {
            write_wrapped(sheet, heights, (row, col), text, &formats.wrap)
        };
        if let Some(name) = item.candidate_name() {
            wrapped(sheet, 0, name)?;
        }
        if let Some(number) = &report.candidate.number {
            wrapped(sheet, 1, number)?;
        }
        if let Some(option) = &report.candidate.option {
            wrapped(sheet, 2, option)?;
        }
        wrapped(sheet, 3, file_name(&item.file))?;
        if let Some(layout) = &report.layout {
            wrapped(sheet, 5, layout_label(layout, lang))?;
        }
        if let Some(corrected) = &item.corrected {
            heights.text(row, 4, &corrected.name, 11.0);
            if *links < MAX_LINKS {
                let url = Url::new(corrected_link(&corrected.name, None)).set_text(&corrected.name);
                sheet.write_url_with_format(row, 4, url, &formats.link_wrap)?;
                *links += 1;
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
            for (c, competence) in self.referential.competences.iter().enumerate() {
                let count = report.coverage.get(&competence.code).unwrap_or(0);
                sheet.write_number_with_format(
                    row,
                    FIXED_COLUMNS + c as u16,
                    f64::from(count),
                    number,
                )?;
            }
        }
        table.end_row()
    }

    fn finding_rows(&mut self, item: &BatchItem) -> Result<(), XlsxError> {
        let (lang, formats) = (self.lang, &self.formats);
        let report = item.report();
        self.findings_total += report.findings.len();
        let table = &mut self.findings;
        for finding in &report.findings {
            if table.row as usize >= MAX_FINDING_ROWS {
                break;
            }
            table.row += 1;
            let row = table.row;
            let Growing {
                sheet,
                heights,
                links,
                ..
            } = table;
            let file = cell_text(file_name(&item.file));
            heights.text(row, 0, &file, 11.0);
            match &item.corrected {
                Some(corrected) if *links < MAX_LINKS => {
                    let (sheet_name, cell) = anchor(report, finding, lang);
                    let url = Url::new(corrected_link(&corrected.name, Some((&sheet_name, cell))))
                        .set_text(&file);
                    sheet.write_url_with_format(row, 0, url, &formats.link_wrap)?;
                    *links += 1;
                }
                _ => {
                    sheet.write_string_with_format(row, 0, &file, &formats.wrap)?;
                }
            }
            let mut wrapped = |sheet: &mut Worksheet, col: u16, text: &str| {
                write_wrapped(sheet, heights, (row, col), text, &formats.wrap)
            };
            if let Some(name) = item.candidate_name() {
                wrapped(sheet, 1, name)?;
            }
            if let Some(s) = &finding.sheet {
                wrapped(sheet, 2, s)?;
            }
            if let Some(cell) = finding.cell {
                wrapped(sheet, 3, &cell.to_string())?;
            }
            wrapped(sheet, 4, finding.kind.name())?;
            wrapped(sheet, 5, finding.code)?;
            wrapped(sheet, 7, &finding.message)?;
            if let Some(s) = &finding.suggestion {
                wrapped(sheet, 8, s)?;
            }
            let format = match finding.severity {
                Severity::Error => &formats.errors,
                Severity::Warning => &formats.number,
            };
            sheet.write_string_with_format(row, 6, finding.severity.label(lang), format)?;
            table.end_row()?;
        }
        Ok(())
    }

    /// Ends every sheet (legends, filters, print setup), adds the coverage and the skipped
    /// files, and gives the workbook, ready to save.
    fn close(mut self, notes: &[Note]) -> Result<Workbook, XlsxError> {
        let names = sheet_names(self.lang);
        let candidates = self.close_candidates()?;
        let findings = self.close_findings()?;
        let unreadable = close_file_table(self.unreadable, self.lang)?;
        let coverage = coverage_sheet(
            &self.covering,
            self.readable,
            self.referential,
            self.lang,
            &self.formats,
            names[2],
        )?;
        let notes = notes_table(
            &mut self.workbook,
            notes,
            names[4],
            self.lang,
            &self.formats,
        )?;
        for sheet in [candidates, findings, coverage, unreadable, notes] {
            self.workbook.push_worksheet(sheet);
        }
        Ok(self.workbook)
    }

    /// The workbook's bytes.
    pub fn finish_to_buffer(self, notes: &[Note]) -> Result<Vec<u8>, XlsxError> {
        self.close(notes)?.save_to_buffer()
    }

    /// The workbook saved at `path` (written there directly, piece by piece).
    pub fn finish_to_path(self, notes: &[Note], path: &Path) -> Result<(), XlsxError> {
        self.close(notes)?.save(path)
    }

    fn close_candidates(&mut self) -> Result<Worksheet, XlsxError> {
        let lang = self.lang;
        let Growing { sheet, row, .. } = &mut self.candidates;
        let mut sheet = std::mem::replace(sheet, Worksheet::new());
        let last_row = *row;
        let last_col = FIXED_COLUMNS + self.referential.competences.len().max(1) as u16 - 1;
        if !self.referential.competences.is_empty() && last_row > 0 {
            // 0 red, 1 amber, 2 and more green: the jury wants every competence at least once,
            // and schools like two réalisations per competence.
            let heatmap = ConditionalFormat3ColorScale::new()
                .set_minimum(ConditionalFormatType::Number, 0)
                .set_midpoint(ConditionalFormatType::Number, 1)
                .set_maximum(ConditionalFormatType::Number, 2)
                .set_minimum_color(rust_xlsxwriter::Color::RGB(HEAT_NONE))
                .set_midpoint_color(rust_xlsxwriter::Color::RGB(HEAT_ONE))
                .set_maximum_color(rust_xlsxwriter::Color::RGB(HEAT_TWO));
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
        // Printed for the exam office: landscape, one page wide, header row on every page.
        PageSetup::table(next - 1, last_col.max(FIXED_COLUMNS - 1)).apply(&mut sheet, lang)?;
        Ok(sheet)
    }

    fn close_findings(&mut self) -> Result<Worksheet, XlsxError> {
        let lang = self.lang;
        let mut sheet = std::mem::replace(&mut self.findings.sheet, Worksheet::new());
        let mut row = self.findings.row;
        if self.findings_total > row as usize {
            row += 1;
            let more = self.findings_total - (row as usize - 1);
            sheet.write_string(
                row,
                0,
                match lang {
                    Lang::Fr => format!("… {more} autres constats, voir rapport.jsonl"),
                    Lang::En => format!("… {more} more findings, see rapport.jsonl"),
                },
            )?;
        }
        let last_col = FINDING_TITLES - 1;
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
        PageSetup::table(next - 1, last_col).apply(&mut sheet, lang)?;
        Ok(sheet)
    }
}

/// Columns of « Constats ».
const FINDING_TITLES: u16 = 9;

fn candidates_head(
    workbook: &mut Workbook,
    referential: &Referential,
    lang: Lang,
    formats: &Formats,
    name: &str,
) -> Result<Growing, XlsxError> {
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
    let mut sheet = headed_sheet(
        workbook.new_worksheet_with_constant_memory()?,
        name,
        &titles,
        &formats.header,
    )?;
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
    let mut table = Growing {
        sheet,
        heights,
        row: 0,
        links: 0,
    };
    table.end_row()?;
    Ok(table)
}

fn findings_head(
    workbook: &mut Workbook,
    lang: Lang,
    formats: &Formats,
    name: &str,
) -> Result<Growing, XlsxError> {
    let titles: [&str; FINDING_TITLES as usize] = [
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
    let mut sheet = headed_sheet(
        workbook.new_worksheet_with_constant_memory()?,
        name,
        &titles,
        &formats.header,
    )?;
    let mut heights = RowHeights::new();
    for (col, (width, title)) in [24.0, 20.0, 16.0, 8.0, 18.0, 7.0, 14.0, 55.0, 45.0]
        .iter()
        .zip(titles)
        .enumerate()
    {
        heights.set_width(&mut sheet, col as u16, fit_title(*width, title))?;
    }
    Ok(Growing {
        sheet,
        heights,
        row: 0,
        links: 0,
    })
}

/// The head of a sheet of two wrapped columns, a file and what is said of it (« Fichiers
/// illisibles », « Fichiers ignorés »), rows as tall as their text, printable.
fn file_table_head(
    workbook: &mut Workbook,
    name: &str,
    headers: [&str; 2],
    widths: [f64; 2],
    formats: &Formats,
) -> Result<Growing, XlsxError> {
    let mut sheet = headed_sheet(
        workbook.new_worksheet_with_constant_memory()?,
        name,
        &headers,
        &formats.header,
    )?;
    let mut heights = RowHeights::new();
    heights.set_width(&mut sheet, 0, widths[0])?;
    heights.set_width(&mut sheet, 1, widths[1])?;
    Ok(Growing {
        sheet,
        heights,
        row: 0,
        links: 0,
    })
}

/// One row of a file table, at `table.row`.
fn file_table_row(
    table: &mut Growing,
    file: &str,
    text: &str,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let row = table.row;
    table.heights.text(row, 0, file, 11.0);
    table.heights.text(row, 1, text, 11.0);
    (table.sheet).write_string_with_format(row, 0, cell_text(file), &formats.wrap)?;
    (table.sheet).write_string_with_format(row, 1, cell_text(text), &formats.wrap)?;
    table.end_row()
}

fn close_file_table(mut table: Growing, lang: Lang) -> Result<Worksheet, XlsxError> {
    table.sheet.set_freeze_panes(1, 0)?;
    PageSetup::table(table.row, 1).apply(&mut table.sheet, lang)?;
    Ok(table.sheet)
}

/// « Fichiers ignorés », known from the start but written at the end (it comes last).
fn notes_table(
    workbook: &mut Workbook,
    notes: &[Note],
    name: &str,
    lang: Lang,
    formats: &Formats,
) -> Result<Worksheet, XlsxError> {
    let headers = [lang.pick("Fichier", "File"), lang.pick("Note", "Note")];
    let mut table = file_table_head(workbook, name, headers, [60.0, 60.0], formats)?;
    for note in notes.iter().take(MAX_FINDING_ROWS - 1) {
        table.row += 1;
        file_table_row(&mut table, &note.file, note.reason_text(lang), formats)?;
    }
    close_file_table(table, lang)
}
