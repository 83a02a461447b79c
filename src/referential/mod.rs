//! Referentials: reading them in every published form, the embedded ones, and converting the
//! model to the formats teachers' platforms use.

pub mod convert;
pub mod embedded;
pub mod read;

pub use read::{ReadError, SourceFormat, load, parse_str, read_file};
