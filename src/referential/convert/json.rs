//! The model's JSON, pretty-printed (design.md, « Model as JSON »). Reading it back gives an
//! equal model.

use crate::model::Referential;

/// Pretty JSON with a final line break.
pub fn to_string(r: &Referential) -> String {
    // Serializing plain structs of strings and vectors cannot fail.
    let mut json = serde_json::to_string_pretty(r).unwrap_or_default();
    json.push('\n');
    json
}

#[cfg(test)]
mod tests {
    use crate::referential::{embedded, parse_str};

    #[test]
    fn round_trip_is_exact() {
        for r in embedded::all() {
            let json = super::to_string(r);
            let back = parse_str(&json, "r.json").unwrap();
            assert_eq!(&back, r);
        }
    }
}
