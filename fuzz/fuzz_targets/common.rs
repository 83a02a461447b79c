//! Shared by the sheet targets: real grids from `samples/` as a base, and edits an
//! `arbitrary` input applies to them, so that the fuzzer explores grids that are *almost*
//! the ministry's model (rows inserted, headings changed, marks moved), where the grid
//! reader's decisions are, rather than random cells that are no grid at all.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::OnceLock;

use arbitrary::Arbitrary;
use grille::model::CellPos;
use grille::workbook::{Sheet, Value, Workbook, from_bytes};

const SAMPLES: &[(&str, &[u8])] = &[
    (
        "01.xlsx",
        include_bytes!("../../samples/sheets/01-modele-officiel-conforme.xlsx"),
    ),
    (
        "02.xlsx",
        include_bytes!("../../samples/sheets/02-modele-officiel-a-reprendre.xlsx"),
    ),
    (
        "03.xlsx",
        include_bytes!("../../samples/sheets/03-colonnes-par-activite.xlsx"),
    ),
    (
        "04.xlsx",
        include_bytes!("../../samples/sheets/04-liste-activite-mal-placee.xlsx"),
    ),
    (
        "05.xlsx",
        include_bytes!("../../samples/sheets/05-grille-transposee.xlsx"),
    ),
    (
        "06.csv",
        include_bytes!("../../samples/sheets/06-liste-export-tableur.csv"),
    ),
    (
        "roster.csv",
        include_bytes!("../../samples/rosters/classe-sio2.csv"),
    ),
];

/// The first sheet of every sample, read once.
pub fn bases() -> &'static [Sheet] {
    static BASES: OnceLock<Vec<Sheet>> = OnceLock::new();
    BASES.get_or_init(|| {
        SAMPLES
            .iter()
            .filter_map(|(name, bytes)| from_bytes(name, bytes).ok())
            .filter_map(|book| book.sheets.into_iter().next())
            .collect()
    })
}

/// Words a grid or a roster is made of.
const WORDS: &[&str] = &[
    "X", "x", "✓", "✔", "☑", "☒", "oui", "1", "non", "▢", "☐", "þ", "B1.1", "B1.2", "B1.3",
    "B1.4", "B1.5", "B1.6", "B1.1.1", "B1.6.4", "A1.1.1", "NOM et prénom :", "N° candidat :",
    "Centre de formation :", "Option :", "SISR", "SLAM", "Adresse URL du portfolio :",
    "Réalisations professionnelles", "Période", "Intitulé de la réalisation",
    "Gérer le patrimoine informatique", "Répondre aux incidents et aux demandes d’assistance et d’évolution",
    "Développer la présence en ligne de l’organisation", "Travailler en mode projet",
    "Mettre à disposition des utilisateurs un service informatique",
    "Organiser son développement professionnel", "04/09/24 au 18/10/24",
    "du 01/02/2025 au 31/04/2025", "en cours", "Nom", "Prénom", "N° candidat", "Courriel",
    "", " ", "=1+1", "TABLEAU DE SYNTHÈSE", "Session 2026", "Du", "Au", "Date de début",
    "Date de fin", "04/09/24", "18/10/2024", "Total", "TOTAL :", "Semestre 1", "1er semestre",
];

#[derive(Debug, Arbitrary)]
pub enum Cell {
    Word(u8),
    Text(String),
    Number(f64),
    Bool(bool),
}

impl Cell {
    fn value(&self) -> Option<Value> {
        let v = match self {
            Cell::Word(i) => Value::Text(WORDS[usize::from(*i) % WORDS.len()].to_string()),
            Cell::Text(s) => Value::Text(s.chars().take(200).collect()),
            Cell::Number(n) => Value::Number(*n),
            Cell::Bool(b) => Value::Bool(*b),
        };
        (!v.is_blank()).then_some(v)
    }
}

#[derive(Debug, Arbitrary)]
pub enum Edit {
    Set { row: u8, col: u8, cell: Cell },
    Clear { row: u8, col: u8 },
    InsertRow(u8),
    DeleteRow(u8),
    InsertColumn(u8),
    DeleteColumn(u8),
}

/// A sample sheet and the edits made to it.
#[derive(Debug, Arbitrary)]
pub struct EditedSheet {
    pub base: u8,
    pub edits: Vec<Edit>,
}

fn shift(cells: BTreeMap<CellPos, Value>, f: impl Fn(CellPos) -> Option<CellPos>) -> BTreeMap<CellPos, Value> {
    cells.into_iter().filter_map(|(p, v)| Some((f(p)?, v))).collect()
}

impl EditedSheet {
    /// The edited sheet, in a workbook of one sheet named like an XLSX file.
    pub fn workbook(&self) -> Option<Workbook> {
        let bases = bases();
        if bases.is_empty() {
            return None;
        }
        let mut sheet = bases[usize::from(self.base) % bases.len()].clone();
        // Merges and fills would need shifting too: a base without them keeps edits simple.
        sheet.merges.clear();
        sheet.fills.clear();
        for edit in self.edits.iter().take(64) {
            let cells = std::mem::take(&mut sheet.cells);
            sheet.cells = match *edit {
                Edit::Set { row, col, ref cell } => {
                    let mut cells = cells;
                    let pos = CellPos::new(u32::from(row), u32::from(col) % 40);
                    match cell.value() {
                        Some(v) => cells.insert(pos, v),
                        None => cells.remove(&pos),
                    };
                    cells
                }
                Edit::Clear { row, col } => {
                    let mut cells = cells;
                    cells.remove(&CellPos::new(u32::from(row), u32::from(col) % 40));
                    cells
                }
                Edit::InsertRow(at) => shift(cells, |p| {
                    Some(if p.row >= u32::from(at) { CellPos::new(p.row + 1, p.col) } else { p })
                }),
                Edit::DeleteRow(at) => shift(cells, |p| match p.row.cmp(&u32::from(at)) {
                    std::cmp::Ordering::Less => Some(p),
                    std::cmp::Ordering::Equal => None,
                    std::cmp::Ordering::Greater => Some(CellPos::new(p.row - 1, p.col)),
                }),
                Edit::InsertColumn(at) => shift(cells, |p| {
                    let at = u32::from(at) % 40;
                    Some(if p.col >= at { CellPos::new(p.row, p.col + 1) } else { p })
                }),
                Edit::DeleteColumn(at) => shift(cells, |p| {
                    let at = u32::from(at) % 40;
                    match p.col.cmp(&at) {
                        std::cmp::Ordering::Less => Some(p),
                        std::cmp::Ordering::Equal => None,
                        std::cmp::Ordering::Greater => Some(CellPos::new(p.row, p.col - 1)),
                    }
                }),
            };
        }
        Some(Workbook {
            source: "fuzz.xlsx".into(),
            format: grille::workbook::Format::Xlsx,
            sheets: vec![sheet],
        })
    }
}

/// grille catches the panics calamine raises on some damaged files and reports the file as
/// damaged (`workbook::from_bytes`): that is its designed behaviour, not a crash. libFuzzer's
/// panic hook aborts on every panic, caught or not; this hook only prints. A panic that
/// escapes grille still reaches `fuzz_target!`, which aborts: it is still found.
pub fn tolerate_caught_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(|info| eprintln!("caught panic: {info}")));
    });
}
