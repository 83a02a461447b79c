//! Finding the grid in a sheet and extracting what the candidate wrote.
//!
//! [`Grid`] is what every later stage works on: the rules compute findings from it, and
//! `grille fix` moves its content into the official layout. Positions are absolute
//! [`CellPos`]; nothing here knows about calamine's relative ranges.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{CellPos, Date, IdentityKind};
use crate::workbook::Fill;

mod cells;
mod classify;
mod columns;
mod extract;
pub mod heading;
mod heading_index;
mod identity;
mod lines;
mod list;
pub mod mark;
pub mod markers;
mod notes;
pub mod own_output;
pub mod period;
mod scan;
mod section;
mod split_period;
mod transposed;

pub use extract::{extract, extract_sheet};
pub use period::{format_official, parse_period};

/// The most réalisations a synthesis grid may hold (the official model has 24; the largest real
/// grids about 50). Extraction stops one past it, and `check` refuses such a sheet as not a
/// synthesis grid: reading on would make memory grow with the sheet, not with the grid.
pub const MAX_REALISATIONS: usize = 2_000;

/// The four layouts a grid may come in (design.md, « Layouts a grid may come in »).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Layout {
    /// The official model: one column per competence.
    CompetenceColumns,
    /// One column per activity, grouped under merged competence headings.
    ActivityColumns,
    /// Transposed: competences (with their activities) as rows, réalisations as columns.
    CompetenceRows,
    /// One row per réalisation and a free-text column naming competences or activities.
    List,
}

impl Layout {
    /// The stable name used in reports (`competence-columns`).
    pub fn name(self) -> &'static str {
        match self {
            Layout::CompetenceColumns => "competence-columns",
            Layout::ActivityColumns => "activity-columns",
            Layout::CompetenceRows => "competence-rows",
            Layout::List => "list",
        }
    }

    /// The layout named as reports name it (`competence-columns`).
    pub fn from_name(name: &str) -> Option<Self> {
        [
            Layout::CompetenceColumns,
            Layout::ActivityColumns,
            Layout::CompetenceRows,
            Layout::List,
        ]
        .into_iter()
        .find(|l| l.name() == name)
    }

    /// Words for teachers, where reports for programs use [`Layout::name`].
    ///
    /// ```
    /// use grille::{Lang, grid::Layout};
    /// assert_eq!(Layout::List.label(Lang::Fr), "liste de réalisations");
    /// ```
    pub fn label(self, lang: crate::Lang) -> &'static str {
        match self {
            Layout::CompetenceColumns => lang.pick(
                "une colonne par compétence (modèle officiel)",
                "one column per competence (official model)",
            ),
            Layout::ActivityColumns => {
                lang.pick("une colonne par activité", "one column per activity")
            }
            Layout::CompetenceRows => lang.pick(
                "transposée (compétences en lignes)",
                "transposed (competences as rows)",
            ),
            Layout::List => lang.pick("liste de réalisations", "list of réalisations"),
        }
    }
}

/// The words for a layout name found in a report; an unknown name is shown as it is.
pub fn layout_label(name: &str, lang: crate::Lang) -> &str {
    Layout::from_name(name).map_or(name, |l| l.label(lang))
}

/// Everything read from the sheet that holds the grid.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    pub sheet: String,
    pub layout: Layout,
    pub identity: Vec<IdentityField>,
    /// Competence, activity or unknown headings (row headings in the transposed layout).
    pub headings: Vec<Heading>,
    pub realisations: Vec<Realisation>,
    /// Every cell the extraction understood (labels, headings, section titles, réalisation
    /// cells). Any other non-empty cell has no place in the official layout and must be kept
    /// elsewhere by `grille fix`.
    pub consumed: BTreeSet<CellPos>,
    /// The mark columns (mark rows in the transposed layout) and where a mark in each is
    /// placed, in sheet order; empty for a `list`, whose marks are named in one cell.
    pub mark_lines: Vec<MarkLine>,
    /// The sheet's solid cell fills (XLSX/XLSM only, see [`Sheet::fills`]): a colour is never
    /// a mark, but a cell coloured instead of marked must be told.
    ///
    /// [`Sheet::fills`]: crate::workbook::Sheet::fills
    pub fills: BTreeMap<CellPos, Fill>,
}

/// A column of mark cells (a row in the transposed layout).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkLine {
    /// The column (the row in the transposed layout), absolute, zero-based.
    pub index: u32,
    /// Where a mark of this line is placed (as [`Mark::placed`]).
    pub placed: Target,
}

impl Grid {
    /// Every mark cell of a réalisation, blank ones included, with where a mark there is
    /// placed: the cells of its row under the mark columns (of its column beside the mark
    /// rows in the transposed layout). None for a `list`.
    pub fn mark_cells<'g>(
        &'g self,
        realisation: &Realisation,
    ) -> impl Iterator<Item = (CellPos, &'g Target)> + 'g {
        let at = realisation.cell;
        let transposed = self.layout == Layout::CompetenceRows;
        self.mark_lines.iter().map(move |line| {
            let cell = if transposed {
                CellPos::new(line.index, at.col)
            } else {
                CellPos::new(at.row, line.index)
            };
            (cell, &line.placed)
        })
    }

    /// A cell's solid fill colour, `None` when it has none.
    pub fn fill(&self, pos: CellPos) -> Option<Fill> {
        self.fills.get(&pos).copied()
    }

    /// The mark cells of titled réalisations that hold nothing but are filled with a colour,
    /// as (réalisation index, cell, where a mark there is placed), in réalisation order: the
    /// candidate most likely coloured them instead of writing X. Such a colour never counts
    /// (`colour-mark`); `grille fix` leaves the cell empty, to check.
    ///
    /// Not such a cell: one filled like its row's title cell (rows coloured as a whole, part
    /// by part), in a colour the grid also gives to cells holding a mark (the candidate
    /// highlights the X cells, and an emptied one keeps its colour), or in grille's own
    /// highlights of a corrected grid.
    pub fn coloured_blanks(&self) -> Vec<(usize, CellPos, &Target)> {
        if self.fills.is_empty() {
            return Vec::new();
        }
        let mark_colours: BTreeSet<Fill> = self
            .realisations
            .iter()
            .flat_map(|r| &r.marks)
            .filter_map(|m| self.fill(m.cell))
            .collect();
        let mut found = Vec::new();
        for (i, r) in self.realisations.iter().enumerate() {
            if r.title.is_none() {
                continue;
            }
            let title_fill = self.fill(r.cell);
            for (cell, placed) in self.mark_cells(r) {
                let Some(fill) = self.fill(cell) else {
                    continue;
                };
                if Some(fill) != title_fill
                    && !mark_colours.contains(&fill)
                    && !markers::is_highlight(fill)
                    && !r.marks.iter().any(|m| m.cell == cell)
                {
                    found.push((i, cell, placed));
                }
            }
        }
        found
    }
}

/// An identity field: where its label was found, what was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentityField {
    pub kind: IdentityKind,
    /// The cell holding the value (the label's own cell when the value follows it inline).
    pub cell: CellPos,
    /// The whole cell text as written.
    pub raw: String,
    /// The value once the label is removed (`SISR`/`SLAM` for the option); `None` when empty.
    pub value: Option<String>,
}

/// What a heading refers to in the referential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Competence(String),
    Activity(String),
    /// A code or heading of an older referential (2011: `A1.1.1`).
    Outdated(String),
    Unknown,
}

/// A column heading (a row heading in the transposed layout).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub cell: CellPos,
    pub text: String,
    pub target: Target,
    /// For an activity heading: the competence heading it is grouped under, if any.
    pub under: Option<String>,
    /// For an unknown heading: the closest official text.
    pub suggestion: Option<String>,
}

/// One réalisation row (a column in the transposed layout).
#[derive(Debug, Clone, PartialEq)]
pub struct Realisation {
    /// The title cell (where the title is, or would be).
    pub cell: CellPos,
    /// `None` when the title cell is empty.
    pub title: Option<String>,
    /// The part of the grid it sits in, if any: 0 « en cours de formation », 1 « première
    /// année », 2 « seconde année » as the part title says; a renamed part (« Réalisations
    /// personnelles ») takes the index after the previous part.
    pub section: Option<usize>,
    pub period: Option<PeriodCell>,
    pub marks: Vec<Mark>,
}

/// A period cell and how it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodCell {
    pub cell: CellPos,
    /// As written (a date cell as JJ/MM/AAAA).
    pub raw: String,
    pub parsed: Period,
}

impl PeriodCell {
    /// The period cell of a réalisation that left it empty (the layout has a period column
    /// or row): an invalid period reported at that cell, where it must be written.
    pub fn empty(cell: CellPos) -> Self {
        Self {
            cell,
            raw: String::new(),
            parsed: Period::Invalid {
                start: None,
                end: None,
                reason: PeriodProblem::Empty,
            },
        }
    }
}

/// The result of reading a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Period {
    Valid {
        start: Date,
        end: Date,
    },
    /// Empty, a single date, words, an impossible date, an end before its start…
    Invalid {
        start: Option<Date>,
        end: Option<Date>,
        reason: PeriodProblem,
    },
}

/// Why a period is not valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodProblem {
    Empty,
    SingleDate,
    NotADate,
    ImpossibleDate,
    EndBeforeStart,
}

/// One non-blank mark cell (or one code named in a `list` cell).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub cell: CellPos,
    pub raw: String,
    /// Where the candidate placed it: the heading's target (competence or activity column,
    /// competence row, or the competence a `list` cell names it next to).
    pub placed: Target,
    pub value: MarkValue,
}

/// What a mark cell means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarkValue {
    /// `X`, `✓`, `oui`, `1`, TRUE…
    Yes,
    /// An activity code or title (« B1.6.4 »): a mark for the competence it belongs to.
    Activity(String),
    /// A competence code named in a `list` cell (« B1.1 »).
    Competence(String),
    /// Anything else: never counts.
    Invalid,
}
