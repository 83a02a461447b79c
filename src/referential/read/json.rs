//! The model's own JSON (design.md, « Model as JSON »).

use super::ReadError;
use crate::model::Referential;

pub(super) fn parse(text: &str, origin: &str) -> Result<Referential, ReadError> {
    serde_json::from_str(text).map_err(|e| {
        ReadError::at(
            origin,
            format!("ligne {}, colonne {}", e.line(), e.column()),
            &e.to_string(),
            &e.to_string(),
        )
    })
}
