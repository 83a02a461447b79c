//! The rules: each finding kind is computed in one place, from an extracted grid.

mod catalogue;

pub use catalogue::{Explanation, FindingKind, Severity};
