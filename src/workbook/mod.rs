//! Spreadsheets as grille reads them: every format (XLSX, XLSM, XLSB, XLS, ODS, CSV) becomes a
//! [`Workbook`] of [`Sheet`]s whose cells sit at absolute, zero-based [`CellPos`]itions.
//!
//! The format is chosen by content, never trusted from the extension; ZIP containers are
//! pre-scanned against decompression bombs before any parser sees them.

use std::collections::BTreeMap;
use std::io::Read;
use std::panic::{AssertUnwindSafe, catch_unwind};

use crate::model::{CellPos, CellRange, Date};

mod container;
mod csv;
pub mod limits;
mod ods;
mod ooxml;
mod xls;

use limits::{CellBudget, MAX_CSV_BYTES, MAX_FILE_BYTES, mib, too_large};

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

/// A cell's solid fill colour, as an opaque key: two cells filled with the same colour
/// compare equal, whatever way the file named it (theme colour, indexed palette or RGB, which
/// the reader resolves to one RGB value).
///
/// A fill is never a mark (design.md lists the text marks); grille only reads it to tell a
/// candidate who coloured a cell instead of writing X.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fill(u32);

impl Fill {
    /// The fill of a colour given as `0xRRGGBB` (any alpha byte is ignored); `None` for white,
    /// which looks like no fill at all.
    ///
    /// ```
    /// use grille::workbook::Fill;
    /// assert_eq!(Fill::rgb(0xFF_FF00), Fill::rgb(0xFFFF_FF00));
    /// assert!(Fill::rgb(0xFF_FF00).is_some());
    /// assert_eq!(Fill::rgb(0xFF_FFFF), None);
    /// ```
    pub const fn rgb(rgb: u32) -> Option<Self> {
        let rgb = rgb & 0xFF_FFFF;
        if rgb == 0xFF_FFFF {
            None
        } else {
            Some(Self(rgb))
        }
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
    /// The cells (empty or not) filled with a solid colour other than white.
    ///
    /// Read from XLSX and XLSM files only; the other formats (XLSB, XLS, ODS, CSV) leave it
    /// empty. At most [`limits::MAX_FILLS`] fills are kept over a workbook: past it, further
    /// fills are ignored (a fill is only ever a hint, never a mark).
    pub fills: BTreeMap<CellPos, Fill>,
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
    /// Saturates at `u32::MAX`: a hostile file may place a cell at the last position.
    pub fn extent(&self) -> (u32, u32) {
        let rows = self
            .cells
            .keys()
            .next_back()
            .map_or(0, |p| p.row.saturating_add(1));
        let cols = self
            .cells
            .keys()
            .map(|p| p.col.saturating_add(1))
            .max()
            .unwrap_or(0);
        (rows, cols)
    }

    pub fn set(&mut self, pos: CellPos, value: Value) {
        self.cells.insert(pos, value);
    }

    /// The cell's solid fill colour, `None` when it has none (or white).
    pub fn fill(&self, pos: CellPos) -> Option<Fill> {
        self.fills.get(&pos).copied()
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
    /// Shown in the user's language (`input::io_reason`), never the system's « os error 2 ».
    #[error("{file} : impossible de lire le fichier ({})", crate::input::io_reason(.source, crate::Lang::Fr))]
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
    TooLarge {
        file: String,
        /// Why, in French.
        detail: String,
        /// Why, in English.
        detail_en: String,
    },
    #[error("{file} : le classeur ne contient aucune feuille")]
    NoSheet { file: String },
}

impl ReadError {
    pub fn message(&self, lang: crate::Lang) -> String {
        use crate::Lang;
        match (self, lang) {
            (_, Lang::Fr) => self.to_string(),
            (ReadError::Io { file, source }, Lang::En) => {
                format!(
                    "{file}: cannot read the file ({})",
                    crate::input::io_reason(source, Lang::En)
                )
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
            (
                ReadError::TooLarge {
                    file, detail_en, ..
                },
                Lang::En,
            ) => {
                format!("{file}: file refused, {detail_en}")
            }
            (ReadError::NoSheet { file }, Lang::En) => format!("{file}: the workbook has no sheet"),
        }
    }
}

/// Reads a spreadsheet file, its format recognised by content.
///
/// Files over [`limits::MAX_FILE_BYTES`] are refused before they are read.
pub fn open(path: &std::path::Path) -> Result<Workbook, ReadError> {
    let file = path.display().to_string();
    let io = |source| ReadError::Io {
        file: file.clone(),
        source,
    };
    // Only a regular file: a FIFO would block `open`, a device would never end.
    let mut handle = crate::input::open_regular(path).map_err(io)?;
    let declared = handle.metadata().map_err(io)?.len();
    if declared > MAX_FILE_BYTES {
        // Quote the limit of the format the file has (a text file is a CSV, 8 MiB).
        let mut head = [0u8; 8];
        let n = handle.read(&mut head).unwrap_or(0);
        return Err(file_too_large_for(&file, declared, &head[..n]));
    }
    // The size can change between the two calls (or lie, for a device): never read past
    // the limit.
    let mut bytes = Vec::with_capacity(declared as usize);
    handle
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    from_bytes(&file, &bytes)
}

/// Reads a spreadsheet held in memory (a ZIP entry of a batch); `name` names it in messages
/// and, for a CSV file, gives the sheet its name (the file stem).
///
/// The format is found by content (see [`detect`]); the extension of `name` is ignored.
///
/// ```
/// use grille::model::CellPos;
/// use grille::workbook::{from_bytes, ReadError, Value};
/// let book = from_bytes("notes.csv", "Nom;N° candidat\nDUPONT;0612\n".as_bytes()).unwrap();
/// let sheet = &book.sheets[0];
/// assert_eq!(sheet.name, "notes");
/// assert_eq!(sheet.get(CellPos::parse("B2").unwrap()), Some(&Value::Text("0612".into())));
/// assert!(matches!(from_bytes("vide.xlsx", b""), Err(ReadError::Empty { .. })));
/// ```
pub fn from_bytes(name: &str, bytes: &[u8]) -> Result<Workbook, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty { file: name.into() });
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(file_too_large_for(name, bytes.len() as u64, bytes));
    }
    // calamine indexes into records a hostile file controls; a panic there must not take
    // the whole batch down (the file is reported damaged instead).
    match catch_unwind(AssertUnwindSafe(|| read_any(name, bytes))) {
        Ok(result) => result,
        Err(_) => Err(ReadError::Corrupt {
            file: name.into(),
            format: guess_format_name(bytes),
            detail: "contenu incohérent, la lecture a échoué".into(),
        }),
    }
}

/// The format of these bytes as grille will read them, `None` when they are no spreadsheet.
///
/// ```
/// use grille::workbook::{detect, Format};
/// assert_eq!(detect(b"a;b\n1;2\n"), Some(Format::Csv));
/// assert_eq!(detect(b"\x00\x01\x02"), None);
/// ```
pub fn detect(bytes: &[u8]) -> Option<Format> {
    if bytes.starts_with(ZIP_MAGIC) {
        container::inspect("", bytes)
            .ok()
            .map(container::ZipKind::format)
    } else if bytes.starts_with(CFB_MAGIC) {
        match xls::inspect("", bytes).ok()? {
            xls::CfbKind::Xls(_) => Some(Format::Xls),
            _ => None,
        }
    } else {
        csv::decode(bytes).map(|_| Format::Csv)
    }
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const CFB_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

fn read_any(name: &str, bytes: &[u8]) -> Result<Workbook, ReadError> {
    let mut budget = CellBudget::new(name);
    let (format, sheets) = if bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(b"PK\x05\x06") {
        let kind = container::inspect(name, bytes)?;
        let sheets = match kind {
            container::ZipKind::Xlsx => ooxml::read_xlsx(name, bytes, &mut budget)?,
            container::ZipKind::Xlsb => ooxml::read_xlsb(name, bytes, &mut budget)?,
            container::ZipKind::Ods => ods::read(name, bytes, &mut budget)?,
        };
        (kind.format(), sheets)
    } else if bytes.starts_with(CFB_MAGIC) {
        match xls::inspect(name, bytes)? {
            xls::CfbKind::Xls(stream) => (
                Format::Xls,
                xls::read_xls(name, bytes, &stream, &mut budget)?,
            ),
            xls::CfbKind::Encrypted => {
                return Err(ReadError::Protected { file: name.into() });
            }
            xls::CfbKind::Other => return Err(ReadError::NotASpreadsheet { file: name.into() }),
        }
    } else {
        if bytes.len() as u64 > MAX_CSV_BYTES {
            return Err(csv_too_large(name, bytes.len() as u64));
        }
        let Some(text) = csv::decode(bytes) else {
            return Err(ReadError::NotASpreadsheet { file: name.into() });
        };
        if text.trim().is_empty() {
            return Err(ReadError::Empty { file: name.into() });
        }
        let sheet = csv::read(name, &text, &csv_sheet_name(name), &mut budget)?;
        (Format::Csv, vec![sheet])
    };
    if sheets.is_empty() {
        return Err(ReadError::NoSheet { file: name.into() });
    }
    Ok(Workbook {
        source: name.to_string(),
        format,
        sheets,
    })
}

/// A CSV file's only sheet is named after the file, as spreadsheet programs do.
fn csv_sheet_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let stem = match base.rfind('.') {
        Some(dot) if dot > 0 => &base[..dot],
        _ => base,
    };
    if stem.is_empty() { "Feuille1" } else { stem }.to_string()
}

fn guess_format_name(bytes: &[u8]) -> &'static str {
    if bytes.starts_with(ZIP_MAGIC) {
        container::guess_zip_format(bytes)
    } else if bytes.starts_with(CFB_MAGIC) {
        "XLS"
    } else {
        "CSV"
    }
}

/// The refusal of a file over its format's size limit: a file that is neither a ZIP nor a
/// CFB container is read as CSV, whose limit is lower, and every message quotes that one.
fn file_too_large_for(file: &str, size: u64, head: &[u8]) -> ReadError {
    let container = head.starts_with(b"PK") || head.starts_with(CFB_MAGIC);
    // Text: no NUL byte, or a UTF-16 byte order mark (Excel's « Texte Unicode »).
    let text = !head.contains(&0) || head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF");
    if container || !text {
        file_too_large(file, size)
    } else {
        csv_too_large(file, size)
    }
}

fn csv_too_large(file: &str, size: u64) -> ReadError {
    too_large(
        file,
        format!(
            "fichier texte de {} Mo (limite {} Mo pour un CSV)",
            mib(size),
            mib(MAX_CSV_BYTES)
        ),
        format!(
            "text file of {} MB (limit {} MB for a CSV)",
            mib(size),
            mib(MAX_CSV_BYTES)
        ),
    )
}

fn file_too_large(file: &str, size: u64) -> ReadError {
    too_large(
        file,
        format!(
            "il pèse {} Mo (limite {} Mo) ; une grille pèse moins de 2 Mo",
            mib(size),
            mib(MAX_FILE_BYTES)
        ),
        format!(
            "it weighs {} MB (limit {} MB); a grid weighs under 2 MB",
            mib(size),
            mib(MAX_FILE_BYTES)
        ),
    )
}

#[cfg(test)]
mod extent_tests {
    use super::*;

    #[test]
    fn extent_saturates_at_the_last_position() {
        let mut sheet = Sheet::new("s");
        assert_eq!(sheet.extent(), (0, 0));
        sheet.set(CellPos::new(2, 3), Value::Text("x".into()));
        assert_eq!(sheet.extent(), (3, 4));
        sheet.set(CellPos::new(u32::MAX, u32::MAX), Value::Text("y".into()));
        assert_eq!(sheet.extent(), (u32::MAX, u32::MAX));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_sheets_are_named_after_the_file_stem() {
        assert_eq!(csv_sheet_name("dossier/grille DUPONT.csv"), "grille DUPONT");
        assert_eq!(csv_sheet_name("C:\\x\\notes.v2.csv"), "notes.v2");
        assert_eq!(csv_sheet_name(".csv"), ".csv");
        assert_eq!(csv_sheet_name(""), "Feuille1");
    }

    #[test]
    fn format_is_found_by_content() {
        assert_eq!(detect(b"a,b\n"), Some(Format::Csv));
        assert_eq!(detect(b"PK\x03\x04 not really a zip"), None);
        assert_eq!(detect(&[0u8; 64]), None);
    }

    #[test]
    fn empty_and_blank_files_are_empty() {
        assert!(matches!(
            from_bytes("a.xlsx", b""),
            Err(ReadError::Empty { .. })
        ));
        assert!(matches!(
            from_bytes("a.csv", b" \r\n\n"),
            Err(ReadError::Empty { .. })
        ));
    }

    #[test]
    fn truncated_zip_is_corrupt_and_names_its_format() {
        let err = from_bytes("a.xlsx", b"PK\x03\x04\x14\x00\x00\x00xl/workbook.xml").unwrap_err();
        match err {
            ReadError::Corrupt { format, .. } => assert_eq!(format, "XLSX"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn too_large_messages_exist_in_both_languages() {
        let err = file_too_large("big.xlsx", 40 * 1024 * 1024);
        assert!(err.to_string().contains("40 Mo"), "{err}");
        assert!(
            err.message(crate::Lang::En).contains("40 MB"),
            "{}",
            err.message(crate::Lang::En)
        );
    }
}
