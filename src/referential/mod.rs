//! Referentials: reading them in every published form, the embedded ones, and converting the
//! model to the formats teachers' platforms use.

pub mod casing;
pub mod convert;
pub mod embedded;
mod load;
pub mod outline;
pub mod read;

pub use load::{load, parse_str, parse_str_as, read_file};
pub use read::{ReadError, SourceFormat, sniff};
