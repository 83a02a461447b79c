//! Rosters of candidates (CSV, XLSX, ODS) for `grille blank --roster`.
//!
//! A roster is whatever the secretariat exported: a header row somewhere near the top
//! (« Nom », « Prénom », « N° candidat », « Option », « Établissement », « E-mail »… in any
//! case or accent style), then one row per candidate. Rows that cannot make a grid (no name,
//! no number, a number already seen, an option the template does not offer) are reported
//! with their row number and skipped; the others are produced.
//!
//! ```
//! use grille::model::CellPos;
//! use grille::roster::parse_sheet;
//! use grille::workbook::{Sheet, Value};
//!
//! let mut sheet = Sheet::new("classe");
//! for (col, text) in ["NOM", "Prénom", "N° candidat", "Option"].iter().enumerate() {
//!     sheet.set(CellPos::new(0, col as u32), Value::Text(text.to_string()));
//! }
//! for (col, text) in ["Dupont", "Jeanne", "0212345678", "sisr"].iter().enumerate() {
//!     sheet.set(CellPos::new(1, col as u32), Value::Text(text.to_string()));
//! }
//! let roster = parse_sheet(&sheet, &["SISR".into(), "SLAM".into()]).unwrap();
//! assert_eq!(roster.candidates[0].full_name(), "DUPONT Jeanne");
//! assert_eq!(roster.candidates[0].option.as_deref(), Some("SISR"));
//! ```

pub mod limits;
pub mod names;

use std::collections::BTreeMap;
use std::path::Path;

use crate::Lang;
use crate::model::{CellPos, IdentityKind};
use crate::text::{clean, match_key};
use crate::workbook::{ReadError, Sheet, Value};

/// One candidate of the roster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Row in the sheet, 1-based as the user sees it.
    pub row: u32,
    /// Family name as typed (or the whole « NOM Prénom » when the roster has one column).
    pub name: String,
    /// First name; empty when the roster gives the name in one column.
    pub first_name: String,
    pub number: String,
    /// One of the template's options, spelled as the template spells it; `None` when empty.
    pub option: Option<String>,
    pub school: Option<String>,
    pub email: Option<String>,
}

impl Candidate {
    /// « DUPONT Jeanne »: the family name in capitals, then the first name, as the
    /// ministry's model asks (« NOM et prénom »).
    pub fn full_name(&self) -> String {
        let name = self.name.to_uppercase();
        if self.first_name.is_empty() {
            // One-column names are kept as typed: the family name cannot be told apart.
            self.name.clone()
        } else {
            format!("{name} {}", self.first_name)
        }
    }

    /// The identity fields of the candidate's grid.
    pub fn identity(&self) -> BTreeMap<IdentityKind, String> {
        let mut identity = BTreeMap::new();
        identity.insert(IdentityKind::Name, self.full_name());
        identity.insert(IdentityKind::Number, self.number.clone());
        if let Some(o) = &self.option {
            identity.insert(IdentityKind::Option, o.clone());
        }
        if let Some(s) = &self.school {
            identity.insert(IdentityKind::School, s.clone());
        }
        identity
    }
}

/// Why a roster row was skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    MissingName,
    MissingNumber,
    /// The same candidate number as an earlier row (1-based row number).
    DuplicateNumber {
        number: String,
        first_row: u32,
    },
    UnknownOption {
        value: String,
        known: Vec<String>,
    },
}

/// A row that produced no grid, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Row in the sheet, 1-based.
    pub row: u32,
    /// What identifies the row for a person (name or number), possibly empty.
    pub who: String,
    pub reason: SkipReason,
}

impl Skipped {
    /// « ligne 6 (Martin Léa) : numéro de candidat manquant ».
    pub fn message(&self, lang: Lang) -> String {
        let reason = match (&self.reason, lang) {
            (SkipReason::MissingName, Lang::Fr) => "nom manquant".to_string(),
            (SkipReason::MissingName, Lang::En) => "missing name".to_string(),
            (SkipReason::MissingNumber, Lang::Fr) => "numéro de candidat manquant".to_string(),
            (SkipReason::MissingNumber, Lang::En) => "missing candidate number".to_string(),
            (SkipReason::DuplicateNumber { number, first_row }, Lang::Fr) => {
                format!("numéro de candidat {number} déjà donné ligne {first_row}")
            }
            (SkipReason::DuplicateNumber { number, first_row }, Lang::En) => {
                format!("candidate number {number} already given on row {first_row}")
            }
            (SkipReason::UnknownOption { value, known }, Lang::Fr) => {
                format!(
                    "option inconnue « {value} » (attendu : {})",
                    known.join(" ou ")
                )
            }
            (SkipReason::UnknownOption { value, known }, Lang::En) => {
                format!(
                    "unknown option “{value}” (expected: {})",
                    known.join(" or ")
                )
            }
        };
        let (row, sep) = lang.pick(("ligne", " : "), ("row", ": "));
        if self.who.is_empty() {
            format!("{row} {}{sep}{reason}", self.row)
        } else {
            format!("{row} {} ({}){sep}{reason}", self.row, self.who)
        }
    }
}

/// A roster, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Roster {
    pub sheet: String,
    /// The header row, 1-based.
    pub header_row: u32,
    pub candidates: Vec<Candidate>,
    pub skipped: Vec<Skipped>,
}

/// A roster that could not be used at all.
#[derive(Debug, thiserror::Error)]
pub enum RosterError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error(transparent)]
    Limit(#[from] limits::LimitError),
    #[error(
        "{file} : aucune ligne d’en-tête reconnue (il faut au moins une colonne « Nom » et une colonne « N° candidat » dans les {HEADER_SCAN} premières lignes ; facultatives : « Prénom », « Option », « Établissement », « E-mail »)"
    )]
    NoHeader { file: String },
    /// A synthesis grid (a candidate's, or one grille wrote) given where a roster is expected:
    /// its « NOM et prénom » and « N° candidat » labels would otherwise pass for a header.
    #[error(
        "{file} : ce fichier est un tableau de synthèse, pas une liste de candidats ; la liste attendue a une ligne d’en-tête avec au moins les colonnes « Nom » et « N° candidat » (facultatives : « Prénom », « Option », « Établissement », « E-mail »)"
    )]
    IsAGrid { file: String },
}

impl RosterError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (RosterError::Read(e), _) => e.message(lang),
            (RosterError::Limit(e), _) => e.message(lang),
            (_, Lang::Fr) => self.to_string(),
            (RosterError::NoHeader { file }, Lang::En) => format!(
                "{file}: no header row found (a “Nom” column and a “N° candidat” column are needed in the first {HEADER_SCAN} rows; optional: “Prénom”, “Option”, “Établissement”, “E-mail”)"
            ),
            (RosterError::IsAGrid { file }, Lang::En) => format!(
                "{file}: this file is a synthesis grid, not a list of candidates; the list expected has a header row with at least the columns “Nom” and “N° candidat” (optional: “Prénom”, “Option”, “Établissement”, “E-mail”)"
            ),
        }
    }
}

/// How many rows are searched for the header (titles, blank lines, a logo may come first).
pub const HEADER_SCAN: u32 = 30;

/// What a roster column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Column {
    Name,
    FirstName,
    /// « NOM et prénom » in one column.
    FullName,
    Number,
    Option,
    School,
    Email,
}

/// What a heading names, tolerantly: case, accents, punctuation and small words ignored.
///
/// ```
/// use grille::roster::{Column, classify_heading};
/// assert_eq!(classify_heading("N° candidat"), Some(Column::Number));
/// assert_eq!(classify_heading("Num. candidat"), Some(Column::Number));
/// assert_eq!(classify_heading("PRÉNOM"), Some(Column::FirstName));
/// assert_eq!(classify_heading("Nom et prénom"), Some(Column::FullName));
/// assert_eq!(classify_heading("Nom de l’établissement"), Some(Column::School));
/// assert_eq!(classify_heading("Remarques"), None);
/// ```
pub fn classify_heading(heading: &str) -> Option<Column> {
    let key = match_key(heading);
    let words: Vec<&str> = key.split(' ').filter(|w| !w.is_empty()).collect();
    let has = |w: &[&str]| words.iter().any(|x| w.contains(x));
    if words.is_empty() {
        return None;
    }
    if has(&["mail", "email", "courriel", "electronique"]) {
        return Some(Column::Email);
    }
    if has(&["etablissement", "centre", "ecole", "lycee", "school", "uai"]) {
        return Some(Column::School);
    }
    if has(&["option", "options", "specialite", "parcours"]) {
        return Some(Column::Option);
    }
    let first = has(&["prenom", "prenoms", "firstname", "first", "given"]);
    let name = has(&["nom", "noms", "name", "lastname", "surname", "patronyme"]);
    match (name, first) {
        (true, true) if !has(&["first", "given", "firstname"]) || words.len() > 2 => {
            return Some(Column::FullName);
        }
        (_, true) => return Some(Column::FirstName),
        (true, false) => return Some(Column::Name),
        _ => {}
    }
    if has(&[
        "numero",
        "num",
        "n",
        "no",
        "nr",
        "code",
        "id",
        "identifiant",
        "matricule",
        "inscription",
        "number",
    ]) {
        return Some(Column::Number);
    }
    None
}

/// The header row and the column of each kind (the first one when two match).
fn find_header(sheet: &Sheet) -> Option<(u32, BTreeMap<Column, u32>)> {
    let (rows, _) = sheet.extent();
    for row in 0..rows.min(HEADER_SCAN) {
        let mut columns = BTreeMap::new();
        for (pos, value) in sheet.row(row) {
            if let Some(kind) = value.as_text().and_then(classify_heading) {
                columns.entry(kind).or_insert(pos.col);
            }
        }
        let named = columns.contains_key(&Column::Name) || columns.contains_key(&Column::FullName);
        if named && columns.contains_key(&Column::Number) {
            return Some((row, columns));
        }
    }
    None
}

/// A cell's text for a roster: cleaned, control characters removed.
fn field(sheet: &Sheet, row: u32, col: Option<u32>) -> String {
    let Some(col) = col else {
        return String::new();
    };
    let text = sheet
        .get(CellPos::new(row, col))
        .map(Value::display)
        .unwrap_or_default();
    clean(
        &text
            .chars()
            .filter(|c| !c.is_control() || c.is_whitespace())
            .collect::<String>(),
    )
}

/// The template's spelling of an option given in any case (« sisr », « Option SLAM »).
fn canonical_option(value: &str, known: &[String]) -> Option<String> {
    let key = match_key(value);
    if let Some(o) = known.iter().find(|o| match_key(o) == key) {
        return Some(o.clone());
    }
    let words: Vec<&str> = key.split(' ').collect();
    let mut found = known
        .iter()
        .filter(|o| words.contains(&match_key(o).as_str()));
    match (found.next(), found.next()) {
        (Some(o), None) => Some(o.clone()),
        _ => None,
    }
}

/// Reads the roster on one sheet; `options` are the template's (`SISR`, `SLAM`).
pub fn parse_sheet(sheet: &Sheet, options: &[String]) -> Result<Roster, RosterError> {
    let (header, columns) = find_header(sheet).ok_or_else(|| RosterError::NoHeader {
        file: sheet.name.clone(),
    })?;
    let at = |kind| columns.get(&kind).copied();
    let (rows, _) = sheet.extent();
    let mut candidates = Vec::new();
    let mut skipped = Vec::new();
    let mut numbers: BTreeMap<String, u32> = BTreeMap::new();
    for row in header + 1..rows {
        let full = at(Column::FullName).is_some() && at(Column::Name).is_none();
        let name = field(sheet, row, at(Column::Name).or(at(Column::FullName)));
        let first_name = if full {
            String::new()
        } else {
            field(sheet, row, at(Column::FirstName))
        };
        let number: String = field(sheet, row, at(Column::Number))
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let option = field(sheet, row, at(Column::Option));
        let school = field(sheet, row, at(Column::School));
        let email = field(sheet, row, at(Column::Email));
        if [&name, &first_name, &number, &option, &school, &email]
            .iter()
            .all(|s| s.is_empty())
        {
            continue;
        }
        let line = row + 1;
        let who = [name.as_str(), first_name.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        let who = if who.is_empty() { number.clone() } else { who };
        let skip = |reason| Skipped {
            row: line,
            who: who.clone(),
            reason,
        };
        if name.is_empty() {
            skipped.push(skip(SkipReason::MissingName));
            continue;
        }
        if number.is_empty() {
            skipped.push(skip(SkipReason::MissingNumber));
            continue;
        }
        let option = if option.is_empty() {
            None
        } else {
            match canonical_option(&option, options) {
                Some(o) => Some(o),
                None => {
                    skipped.push(skip(SkipReason::UnknownOption {
                        value: option,
                        known: options.to_vec(),
                    }));
                    continue;
                }
            }
        };
        let key = number.to_uppercase();
        if let Some(&first_row) = numbers.get(&key) {
            skipped.push(skip(SkipReason::DuplicateNumber { number, first_row }));
            continue;
        }
        numbers.insert(key, line);
        candidates.push(Candidate {
            row: line,
            name,
            first_name,
            number,
            option,
            school: Some(school).filter(|s| !s.is_empty()),
            email: Some(email).filter(|s| !s.is_empty()),
        });
    }
    Ok(Roster {
        sheet: sheet.name.clone(),
        header_row: header + 1,
        candidates,
        skipped,
    })
}

/// Reads a roster file as [`read_roster`] does, refusing the sheets that hold a synthesis
/// grid of `referential`: a grid has « NOM et prénom » and « N° candidat » labels that pass
/// for a roster's header, and would give a grid per réalisation row. A sheet is a grid when
/// grille's own grid reader finds competence headings of the referential in it — evidence a
/// list of names never has.
pub fn read_roster_for(
    path: &Path,
    options: &[String],
    referential: &crate::model::Referential,
) -> Result<Roster, RosterError> {
    let workbook = crate::workbook::open(path)?;
    let mut grids = 0;
    for sheet in workbook.sheets.iter().filter(|s| !s.hidden) {
        let known_headings = crate::grid::extract_sheet(sheet, referential).map_or(0, |g| {
            g.headings
                .iter()
                .filter(|h| !matches!(h.target, crate::grid::Target::Unknown))
                .count()
        });
        if known_headings >= 2 {
            grids += 1;
            continue;
        }
        if let Ok(roster) = parse_sheet(sheet, options) {
            limits::check_roster(&path.display().to_string(), roster.candidates.len())?;
            return Ok(roster);
        }
    }
    let file = path.display().to_string();
    Err(if grids > 0 {
        RosterError::IsAGrid { file }
    } else {
        RosterError::NoHeader { file }
    })
}

/// Reads a roster file (CSV, XLSX, ODS… through [`crate::workbook::open`]): the first
/// visible sheet that has a header row.
pub fn read_roster(path: &Path, options: &[String]) -> Result<Roster, RosterError> {
    let workbook = crate::workbook::open(path)?;
    for sheet in workbook.sheets.iter().filter(|s| !s.hidden) {
        if let Ok(roster) = parse_sheet(sheet, options) {
            limits::check_roster(&path.display().to_string(), roster.candidates.len())?;
            return Ok(roster);
        }
    }
    Err(RosterError::NoHeader {
        file: path.display().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(rows: &[&[&str]]) -> Sheet {
        let mut s = Sheet::new("Feuil1");
        for (r, cells) in rows.iter().enumerate() {
            for (c, text) in cells.iter().enumerate() {
                if !text.is_empty() {
                    s.set(
                        CellPos::new(r as u32, c as u32),
                        Value::Text(text.to_string()),
                    );
                }
            }
        }
        s
    }

    fn options() -> Vec<String> {
        vec!["SISR".into(), "SLAM".into()]
    }

    #[test]
    fn header_may_come_after_titles_and_rows_are_checked() {
        let s = sheet(&[
            &["Liste des candidats BTS SIO — session 2026"],
            &[],
            &[
                "Num. candidat",
                "NOM",
                "Prénom",
                "Option",
                "Établissement",
                "Courriel",
            ],
            &[
                "0212345678",
                "Dupont",
                "Jeanne",
                "sisr",
                "Lycée Turing",
                "j.d@exemple.invalid",
            ],
            &["", "Martin", "Léa", "SLAM", "", ""],
            &["0212345679", "", "Paul", "SLAM", "", ""],
            &["0212345678", "Durand", "Luc", "SLAM", "", ""],
            &["0212345680", "Petit", "Zoé", "Réseaux", "", ""],
            &[],
            &["0212345681", "Leroy", "Emma", "", "", ""],
        ]);
        let roster = parse_sheet(&s, &options()).unwrap();
        assert_eq!(roster.header_row, 3);
        let names: Vec<_> = roster.candidates.iter().map(Candidate::full_name).collect();
        assert_eq!(names, ["DUPONT Jeanne", "LEROY Emma"]);
        assert_eq!(roster.candidates[0].school.as_deref(), Some("Lycée Turing"));
        assert_eq!(
            roster.candidates[0].email.as_deref(),
            Some("j.d@exemple.invalid")
        );
        assert_eq!(roster.candidates[1].option, None);
        assert_eq!(roster.candidates[1].row, 10);
        let skipped: Vec<_> = roster
            .skipped
            .iter()
            .map(|s| (s.row, s.reason.clone()))
            .collect();
        assert_eq!(
            skipped,
            [
                (5, SkipReason::MissingNumber),
                (6, SkipReason::MissingName),
                (
                    7,
                    SkipReason::DuplicateNumber {
                        number: "0212345678".into(),
                        first_row: 4
                    }
                ),
                (
                    8,
                    SkipReason::UnknownOption {
                        value: "Réseaux".into(),
                        known: options()
                    }
                ),
            ]
        );
        assert_eq!(
            roster.skipped[0].message(Lang::Fr),
            "ligne 5 (Martin Léa) : numéro de candidat manquant"
        );
        assert_eq!(
            roster.skipped[2].message(Lang::En),
            "row 7 (Durand Luc): candidate number 0212345678 already given on row 4"
        );
    }

    #[test]
    fn one_column_names_numbers_as_numbers_and_control_characters() {
        let mut s = sheet(&[&["NOM et prénom", "Numéro", "Option"]]);
        s.set(CellPos::new(1, 0), Value::Text("Bernard\u{7} Alice".into()));
        s.set(CellPos::new(1, 1), Value::Number(212345678.0));
        s.set(CellPos::new(1, 2), Value::Text("Option SLAM".into()));
        let roster = parse_sheet(&s, &options()).unwrap();
        let c = &roster.candidates[0];
        assert_eq!(c.full_name(), "Bernard Alice");
        assert_eq!(c.number, "212345678");
        assert_eq!(c.option.as_deref(), Some("SLAM"));
    }

    #[test]
    fn a_sheet_without_header_is_an_error() {
        let s = sheet(&[&["a", "b"], &["Dupont", "0212345678"]]);
        let err = parse_sheet(&s, &options()).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("Feuil1 : aucune ligne d’en-tête"),
            "{err}"
        );
    }

    #[test]
    fn headings_are_matched_tolerantly() {
        for (heading, kind) in [
            ("Nom", Column::Name),
            ("NOM", Column::Name),
            ("Nom de famille", Column::Name),
            ("Prénom", Column::FirstName),
            ("First name", Column::FirstName),
            ("N° candidat", Column::Number),
            ("Numéro", Column::Number),
            ("Numéro de candidat", Column::Number),
            ("Option", Column::Option),
            ("Établissement", Column::School),
            ("Centre de formation", Column::School),
            ("E-mail", Column::Email),
            ("NOM Prénom", Column::FullName),
        ] {
            assert_eq!(classify_heading(heading), Some(kind), "{heading}");
        }
    }
}
