//! The normalized model every part of grille works on: referentials, cell positions, dates.
//!
//! Readers turn each published form of a referential into [`Referential`]; checks, writers and
//! converters only ever see this model, so adding a new source format never touches them.

mod date;
mod identity;
mod position;
mod referential;
mod severity;

pub use date::{Date, days_in_month};
pub use identity::IdentityKind;
pub use position::{CellPos, CellRange, column_name};
pub use referential::{Competence, GridRules, Item, ItemKind, Referential};
pub use severity::Severity;
