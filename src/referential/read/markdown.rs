//! The Markdown form (seed 000).

use super::{RawCompetence, ReadError};

pub(super) fn parse(
    _text: &str,
    origin: &str,
) -> Result<(Option<String>, Vec<RawCompetence>), ReadError> {
    Err(ReadError::UnknownFormat {
        origin: origin.into(),
    })
}
