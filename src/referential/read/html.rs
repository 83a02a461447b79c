//! A real HTML table (`<table>`, `<tr>`, `<td>`/`<th>`, `<li>` lists, `rowspan`).

use super::{RawCompetence, ReadError};

pub(super) fn parse(
    _text: &str,
    origin: &str,
) -> Result<(Option<String>, Vec<RawCompetence>), ReadError> {
    Err(ReadError::UnknownFormat {
        origin: origin.into(),
    })
}
