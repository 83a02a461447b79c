//! Checking a sheet: read the workbook, find the grid, extract it, apply the rules, report.
//!
//! This is the one entry point `grille check`, `grille fix` and `grille batch` share.

use crate::Lang;
use crate::grid::{Grid, extract};
use crate::model::Referential;
use crate::report::Report;
use crate::template::Template;

use crate::workbook::{ReadError, Workbook};

/// What checking one file gives: the report, and what `fix` needs to rebuild the grid.
#[derive(Debug, Clone)]
pub struct Checked {
    pub report: Report,
    pub grid: Grid,
    pub workbook: Workbook,
}

/// What a check runs against.
#[derive(Debug, Clone, Copy)]
pub struct CheckOptions<'a> {
    pub referential: &'a Referential,
    pub template: &'a Template,
    pub lang: Lang,
}

/// Why a file could not be checked at all (exit status 2; `unreadable-file` in a batch).
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error("{file} : aucune grille de synthèse trouvée (feuilles lues : {sheets})")]
    NoGrid { file: String, sheets: String },
    /// One of grille's own outputs (summary, evaluation grid, referential export).
    #[error(
        "{file} : ce fichier est une synthèse produite par grille, pas un tableau de candidat ({})",
        .output.describe(Lang::Fr)
    )]
    OwnOutput {
        file: String,
        output: crate::grid::own_output::OwnOutput,
    },
    #[error(
        "{file} : la feuille « {sheet} » compte plus de {limit} réalisations : ce n’est pas un tableau de synthèse (le modèle officiel en prévoit 24)"
    )]
    TooManyRealisations {
        file: String,
        sheet: String,
        limit: usize,
    },
}

impl CheckError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            // The system's reason in the user's language (the reader keeps the raw error).
            (CheckError::Read(ReadError::Io { file, source }), _) => {
                let reason = crate::input::io_reason(source, lang);
                match lang {
                    Lang::Fr => format!("{file} : impossible de lire le fichier ({reason})"),
                    Lang::En => format!("{file}: cannot read the file ({reason})"),
                }
            }
            // The reader's detail is French (or the ZIP library's English): an English
            // message names the damage without it.
            (CheckError::Read(ReadError::Corrupt { file, format, .. }), Lang::En) => {
                format!("{file}: damaged or truncated {format} file")
            }
            (CheckError::Read(e), _) => e.message(lang),
            (CheckError::NoGrid { .. } | CheckError::OwnOutput { .. }, Lang::Fr) => {
                self.to_string()
            }
            (CheckError::OwnOutput { file, output }, Lang::En) => format!(
                "{file}: this file is a summary grille wrote, not a candidate’s grid ({})",
                output.describe(Lang::En)
            ),
            (CheckError::NoGrid { file, sheets }, Lang::En) => {
                let sheets = sheets.replace("« ", "“").replace(" »", "”");
                format!("{file}: no synthesis grid found (sheets read: {sheets})")
            }
            (CheckError::TooManyRealisations { .. }, Lang::Fr) => self.to_string(),
            (CheckError::TooManyRealisations { file, sheet, limit }, Lang::En) => format!(
                "{file}: sheet “{sheet}” holds more than {limit} réalisations: not a synthesis grid (the official model has 24)"
            ),
        }
    }
}

/// Checks a workbook already read: finds and extracts the grid, applies the rules, reports.
///
/// No grid in any sheet is [`CheckError::NoGrid`], naming the file and the sheets read.
pub fn check_workbook(
    workbook: Workbook,
    options: CheckOptions<'_>,
) -> Result<Checked, CheckError> {
    let grid = extract_grid(&workbook, options.referential)?;
    Ok(check_grid(workbook, grid, options))
}

/// The grid of a workbook, or why there is none to check.
fn extract_grid(workbook: &Workbook, referential: &Referential) -> Result<Grid, CheckError> {
    if let Some(output) = crate::grid::own_output::recognise(workbook) {
        return Err(CheckError::OwnOutput {
            file: workbook.source.clone(),
            output,
        });
    }
    let grid = extract(workbook, referential).ok_or_else(|| no_grid(workbook))?;
    if grid.realisations.len() > crate::grid::MAX_REALISATIONS {
        return Err(CheckError::TooManyRealisations {
            file: workbook.source.clone(),
            sheet: grid.sheet,
            limit: crate::grid::MAX_REALISATIONS,
        });
    }
    Ok(grid)
}

/// No grid in any sheet: names the file and the sheets read.
fn no_grid(workbook: &Workbook) -> CheckError {
    CheckError::NoGrid {
        file: workbook.source.clone(),
        sheets: workbook
            .sheets
            .iter()
            .map(|s| format!("« {} »", s.name))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// Applies the rules to a grid already extracted from `workbook` and builds the report
/// (`Report.file` is the workbook's source name).
pub fn check_grid(workbook: Workbook, grid: Grid, options: CheckOptions<'_>) -> Checked {
    let findings = crate::rules::check(&grid, options.referential, options.template, options.lang);
    let report = Report::build(&workbook.source, &grid, options.referential, findings);
    Checked {
        report,
        grid,
        workbook,
    }
}

/// The template a check uses when none is given: the referential's official one, else a
/// generic one (the official layout, rules taken from the referential, and only the
/// candidate's name required — other diplomas have no SISR/SLAM option).
pub fn default_template(referential: &Referential) -> Option<Template> {
    if let Some(t) = Template::default_for(&referential.id) {
        return Some(t);
    }
    let mut t = Template::embedded("bts-sio-e5")?;
    t.id = format!("{}-generic", referential.id);
    t.description = format!("Grille générique pour {}", referential.id);
    t.referential = referential.id.clone();
    t.rules = None;
    for spec in &mut t.identity {
        spec.required = match spec.field {
            crate::model::IdentityKind::Name => Some(crate::rules::Severity::Error),
            _ => None,
        };
    }
    Some(t)
}

/// Reads and checks one file.
pub fn check_file(
    path: &std::path::Path,
    options: CheckOptions<'_>,
) -> Result<Checked, CheckError> {
    let workbook = crate::workbook::open(path)?;
    check_workbook(workbook, options)
}

/// Reads and checks one file for its report alone (`grille check`): the workbook is dropped
/// once the grid is extracted and the grid once the report is built, so a sheet of 200 000
/// réalisations never holds the workbook, the grid, the findings and the report at once.
pub fn report_file(
    path: &std::path::Path,
    options: CheckOptions<'_>,
) -> Result<Report, CheckError> {
    let workbook = crate::workbook::open(path)?;
    let grid = extract_grid(&workbook, options.referential)?;
    let source = workbook.source.clone();
    drop(workbook);
    let findings = crate::rules::check(&grid, options.referential, options.template, options.lang);
    Ok(Report::build(&source, &grid, options.referential, findings))
}

/// Reads and checks a file held in memory (a ZIP entry); `name` names it in the report.
pub fn check_bytes(
    name: &str,
    bytes: &[u8],
    options: CheckOptions<'_>,
) -> Result<Checked, CheckError> {
    let workbook = crate::workbook::from_bytes(name, bytes)?;
    check_workbook(workbook, options)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;
    use crate::workbook::{Format, Sheet};

    fn workbook(sheets: &[&str]) -> Workbook {
        Workbook {
            source: "remis/dupont.xlsx".into(),
            format: Format::Xlsx,
            sheets: sheets.iter().map(|s| Sheet::new(*s)).collect(),
        }
    }

    #[test]
    fn a_grid_is_checked_and_reported_under_the_given_name() {
        let (r, t) = (referential(), template());
        let options = CheckOptions {
            referential: &r,
            template: &t,
            lang: Lang::Fr,
        };
        let checked = check_grid(workbook(&[SHEET]), full_grid(), options);
        assert_eq!(checked.report.file, "remis/dupont.xlsx");
        assert_eq!(checked.report.layout.as_deref(), Some("competence-columns"));
        assert_eq!(
            checked.report.candidate.number.as_deref(),
            Some("0212345678")
        );
        assert_eq!(checked.report.realisations.len(), 3);
        assert!(checked.report.findings.is_empty());
    }

    #[test]
    fn no_grid_names_the_file_and_the_sheets() {
        let (r, t) = (referential(), template());
        let options = CheckOptions {
            referential: &r,
            template: &t,
            lang: Lang::Fr,
        };
        let err = check_workbook(workbook(&["Consignes", "Feuil2"]), options).unwrap_err();
        assert_eq!(
            err.to_string(),
            "remis/dupont.xlsx : aucune grille de synthèse trouvée (feuilles lues : « Consignes », « Feuil2 »)"
        );
        assert_eq!(
            err.message(Lang::En),
            "remis/dupont.xlsx: no synthesis grid found (sheets read: “Consignes”, “Feuil2”)"
        );
    }

    #[test]
    fn unreadable_files_say_why_in_the_users_language() {
        let (r, t) = (referential(), template());
        let dir = std::env::temp_dir();
        for (path, fr, en) in [
            (
                dir.join("grille-absent-9d1c.xlsx"),
                "impossible de lire le fichier (fichier introuvable)",
                "cannot read the file (file not found)",
            ),
            (
                dir.clone(),
                "impossible de lire le fichier (c’est un dossier, pas un fichier)",
                "cannot read the file (it is a folder, not a file)",
            ),
        ] {
            let options = CheckOptions {
                referential: &r,
                template: &t,
                lang: Lang::Fr,
            };
            let err = check_file(&path, options).unwrap_err();
            let name = path.display().to_string();
            assert_eq!(err.message(Lang::Fr), format!("{name} : {fr}"));
            assert_eq!(err.message(Lang::En), format!("{name}: {en}"));
        }
    }

    #[test]
    fn a_damaged_file_in_english_has_no_french_detail() {
        let err = CheckError::Read(ReadError::Corrupt {
            file: "dupont.xlsx".into(),
            format: "XLSX",
            detail: "archive ZIP illisible, sans doute incomplète".into(),
        });
        assert_eq!(
            err.message(Lang::En),
            "dupont.xlsx: damaged or truncated XLSX file"
        );
        assert!(err.message(Lang::Fr).contains("sans doute incomplète"));
    }

    #[test]
    fn default_templates() {
        let b1 = referential();
        assert_eq!(
            default_template(&b1).map(|t| t.id),
            Some("bts-sio-e5".into())
        );
        let mut lp = b1.clone();
        lp.id = "lp-assr".into();
        lp.rules.every_activity = false;
        let t = default_template(&lp).unwrap();
        assert_eq!(t.referential, "lp-assr");
        assert_eq!(t.rules_for(&lp), lp.rules);
        let required: Vec<_> = t.identity.iter().filter(|s| s.required.is_some()).collect();
        assert_eq!(required.len(), 1);
    }
}
