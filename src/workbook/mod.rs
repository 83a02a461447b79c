//! Spreadsheets as grille reads them: every format (XLSX, XLSM, XLSB, XLS, ODS, CSV) becomes a
//! [`Workbook`] of [`Sheet`]s whose cells sit at absolute, zero-based [`CellPos`]itions.
//!
//! The format is chosen by content, never trusted from the extension; ZIP containers are
//! pre-scanned against decompression bombs before any parser sees them.

use std::collections::BTreeMap;

use crate::model::{CellPos, CellRange, Date};

/// A cell's value, as the spreadsheet stored it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Number(f64),
    Bool(bool),
    /// A cell the spreadsheet knows is a date (date number format, ODS date value).
    Date(Date),
    /// An error value (`#DIV/0!`), kept as its display text.
    Error(String),
}

impl Value {
    /// The text a person sees in the cell (numbers without a useless `.0`, dates as JJ/MM/AAAA).
    pub fn display(&self) -> String {
        match self {
            Value::Text(s) => s.clone(),
            Value::Number(n) => format_number(*n),
            Value::Bool(b) => if *b { "VRAI" } else { "FAUX" }.to_string(),
            Value::Date(d) => format!("{:02}/{:02}/{:04}", d.day, d.month, d.year),
            Value::Error(e) => e.clone(),
        }
    }

    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }

    /// Whether the cell shows nothing (empty or whitespace-only text).
    pub fn is_blank(&self) -> bool {
        matches!(self, Value::Text(s) if crate::text::is_blank(s))
    }
}

/// Integers without a decimal point (a candidate number typed as a number), others as is.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// One sheet: its non-empty cells by absolute position, and its merged ranges.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sheet {
    pub name: String,
    pub hidden: bool,
    /// Non-empty cells only, in row-major order (a sheet with a used range to AB1007 stays small).
    pub cells: BTreeMap<CellPos, Value>,
    pub merges: Vec<CellRange>,
}

impl Sheet {
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }

    pub fn get(&self, pos: CellPos) -> Option<&Value> {
        self.cells.get(&pos)
    }

    /// The cell's text as a person sees it, `None` when the cell is empty.
    pub fn text(&self, pos: CellPos) -> Option<String> {
        self.get(pos).map(Value::display)
    }

    /// Non-empty cells of one row, in column order.
    pub fn row(&self, row: u32) -> impl Iterator<Item = (CellPos, &Value)> {
        self.cells
            .range(CellPos::new(row, 0)..=CellPos::new(row, u32::MAX))
            .map(|(p, v)| (*p, v))
    }

    /// The merged range that covers this cell, if any.
    pub fn merge_at(&self, pos: CellPos) -> Option<CellRange> {
        self.merges.iter().copied().find(|m| m.contains(pos))
    }

    /// One past the last used row and column (0 for an empty sheet).
    pub fn extent(&self) -> (u32, u32) {
        let rows = self.cells.keys().next_back().map_or(0, |p| p.row + 1);
        let cols = self.cells.keys().map(|p| p.col + 1).max().unwrap_or(0);
        (rows, cols)
    }

    pub fn set(&mut self, pos: CellPos, value: Value) {
        self.cells.insert(pos, value);
    }
}

/// The formats grille recognises by content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Xlsx,
    Xlsb,
    Xls,
    Ods,
    Csv,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Xlsx => "XLSX",
            Format::Xlsb => "XLSB",
            Format::Xls => "XLS",
            Format::Ods => "ODS",
            Format::Csv => "CSV",
        }
    }
}

/// A whole spreadsheet file, read.
#[derive(Debug, Clone, PartialEq)]
pub struct Workbook {
    /// The file as the user named it (or its path inside an archive), for messages.
    pub source: String,
    pub format: Format,
    pub sheets: Vec<Sheet>,
}

/// A spreadsheet that could not be read. Every variant names the file.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{file} : impossible de lire le fichier ({source})")]
    Io {
        file: String,
        source: std::io::Error,
    },
    #[error("{file} : le fichier est vide")]
    Empty { file: String },
    #[error("{file} : ce n’est pas un classeur (XLSX, XLSM, XLS, ODS ou CSV attendu)")]
    NotASpreadsheet { file: String },
    #[error(
        "{file} : le classeur est protégé par un mot de passe ; demander une version sans mot de passe"
    )]
    Protected { file: String },
    #[error("{file} : fichier {format} endommagé ou tronqué ({detail})")]
    Corrupt {
        file: String,
        format: &'static str,
        detail: String,
    },
    #[error("{file} : fichier refusé, {detail}")]
    TooLarge { file: String, detail: String },
    #[error("{file} : le classeur ne contient aucune feuille")]
    NoSheet { file: String },
}

impl ReadError {
    pub fn message(&self, lang: crate::Lang) -> String {
        use crate::Lang;
        match (self, lang) {
            (_, Lang::Fr) => self.to_string(),
            (ReadError::Io { file, source }, Lang::En) => {
                format!("{file}: cannot read the file ({source})")
            }
            (ReadError::Empty { file }, Lang::En) => format!("{file}: the file is empty"),
            (ReadError::NotASpreadsheet { file }, Lang::En) => {
                format!("{file}: not a workbook (XLSX, XLSM, XLS, ODS or CSV expected)")
            }
            (ReadError::Protected { file }, Lang::En) => format!(
                "{file}: the workbook is password-protected; ask for a version without password"
            ),
            (
                ReadError::Corrupt {
                    file,
                    format,
                    detail,
                },
                Lang::En,
            ) => format!("{file}: damaged or truncated {format} file ({detail})"),
            (ReadError::TooLarge { file, detail }, Lang::En) => {
                format!("{file}: file refused, {detail}")
            }
            (ReadError::NoSheet { file }, Lang::En) => format!("{file}: the workbook has no sheet"),
        }
    }
}

/// Reads a spreadsheet file, its format recognised by content.
pub fn open(path: &std::path::Path) -> Result<Workbook, ReadError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| ReadError::Io {
        file: file.clone(),
        source,
    })?;
    from_bytes(&file, &bytes)
}

/// Reads a spreadsheet held in memory (a ZIP entry of a batch); `name` names it in messages.
pub fn from_bytes(name: &str, _bytes: &[u8]) -> Result<Workbook, ReadError> {
    // Replaced by the real readers (sniffing, bomb guard, calamine, CSV).
    Err(ReadError::NotASpreadsheet { file: name.into() })
}
