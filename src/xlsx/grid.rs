//! The synthesis grid sheet in a template's layout, blank (`grille blank`) or filled with a
//! candidate's content and annotations (`grille fix`).

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{CellPos, IdentityKind};

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
}
