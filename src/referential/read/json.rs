//! The model's own JSON (design.md, « Model as JSON »): taken as written, then checked (codes
//! present and unique, titles present) so that a hand-edited file is refused with the place
//! at fault rather than breaking a check later.

use std::collections::HashSet;

use super::ReadError;
use crate::model::{Item, Referential};

pub(super) fn parse(text: &str, origin: &str) -> Result<Referential, ReadError> {
    let referential: Referential = serde_json::from_str(text).map_err(|e| {
        let (fr, en) = explain(&e);
        ReadError::at(
            origin,
            format!("ligne {}, colonne {}", e.line(), e.column()),
            &fr,
            &en,
        )
    })?;
    validate(&referential, origin)?;
    Ok(referential)
}

/// serde_json's message, in French, without its « at line … column … » tail (the location is
/// given apart).
fn explain(e: &serde_json::Error) -> (String, String) {
    use serde_json::error::Category;
    let full = e.to_string();
    let detail = match full.rfind(" at line ") {
        Some(i) => full.get(..i).unwrap_or(&full).to_string(),
        None => full,
    };
    let quoted = |s: &str| -> Vec<String> {
        s.split('`')
            .enumerate()
            .filter(|(i, _)| i % 2 == 1)
            .map(|(_, p)| p.to_string())
            .collect()
    };
    match e.classify() {
        Category::Eof => (
            "JSON incomplet : le fichier s’arrête avant la fin de l’objet".into(),
            "incomplete JSON: the file ends before the object does".into(),
        ),
        Category::Syntax => (
            format!("JSON mal formé ({detail})"),
            format!("malformed JSON ({detail})"),
        ),
        Category::Io => (
            format!("lecture impossible ({detail})"),
            format!("cannot read ({detail})"),
        ),
        Category::Data => {
            let names = quoted(&detail);
            if detail.starts_with("missing field") {
                let field = names.first().cloned().unwrap_or_default();
                (
                    format!(
                        "champ obligatoire « {field} » absent (le JSON ne suit pas le modèle de référentiel de grille)"
                    ),
                    format!(
                        "required field « {field} » missing (the JSON does not follow grille's referential model)"
                    ),
                )
            } else if detail.starts_with("unknown variant") {
                let value = names.first().cloned().unwrap_or_default();
                let expected = names.get(1..).unwrap_or_default().join(", ");
                (
                    format!("valeur « {value} » inconnue (attendu : {expected})"),
                    format!("unknown value « {value} » (expected: {expected})"),
                )
            } else if let Some(rest) = detail.strip_prefix("invalid type: ") {
                (
                    format!("type de valeur invalide ({rest})"),
                    format!("invalid value type ({rest})"),
                )
            } else {
                (
                    format!("le JSON ne suit pas le modèle de référentiel ({detail})"),
                    format!("the JSON does not follow the referential model ({detail})"),
                )
            }
        }
    }
}

/// Titles present, codes present and unique across competences and items.
fn validate(r: &Referential, origin: &str) -> Result<(), ReadError> {
    if r.competences.is_empty() {
        return Err(ReadError::at(
            origin,
            "champ « competences »".into(),
            "le référentiel ne contient aucune compétence",
            "the referential holds no competence",
        ));
    }
    let mut codes: HashSet<&str> = HashSet::new();
    for (i, c) in r.competences.iter().enumerate() {
        let place = format!("compétence {} (« {} »)", i + 1, c.code);
        if c.code.trim().is_empty() {
            return Err(ReadError::at(
                origin,
                format!("compétence {}", i + 1),
                "code vide",
                "empty code",
            ));
        }
        if c.title.trim().is_empty() {
            return Err(ReadError::at(origin, place, "intitulé vide", "empty title"));
        }
        if !codes.insert(&c.code) {
            return Err(ReadError::at(
                origin,
                place,
                "code déjà utilisé par une autre compétence",
                "code already used by another competence",
            ));
        }
        validate_items(&c.items, &place, origin, &mut codes)?;
    }
    Ok(())
}

fn validate_items<'a>(
    items: &'a [Item],
    parent: &str,
    origin: &str,
    codes: &mut HashSet<&'a str>,
) -> Result<(), ReadError> {
    for (j, item) in items.iter().enumerate() {
        let place = format!("{parent}, élément {} (« {} »)", j + 1, item.code);
        if item.code.trim().is_empty() {
            return Err(ReadError::at(
                origin,
                format!("{parent}, élément {}", j + 1),
                "code vide",
                "empty code",
            ));
        }
        if item.text.trim().is_empty() {
            return Err(ReadError::at(origin, place, "texte vide", "empty text"));
        }
        if !codes.insert(&item.code) {
            return Err(ReadError::at(
                origin,
                place,
                "code déjà utilisé ailleurs dans le référentiel",
                "code already used elsewhere in the referential",
            ));
        }
        validate_items(&item.items, &place, origin, codes)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_french_with_line_and_column() {
        let err = parse("{\"id\": \"x\",\n \"title\": 3}", "r.json").unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("r.json, ligne 2, colonne"), "{msg}");
        assert!(msg.contains("type de valeur invalide"), "{msg}");
        let err = parse("{\"id\": \"x\", \"title\": \"t\"}", "r.json").unwrap_err();
        assert!(
            err.to_string()
                .contains("champ obligatoire « competences » absent"),
            "{err}"
        );
        let err = parse("{\"id\": ", "r.json").unwrap_err();
        assert!(err.to_string().contains("JSON incomplet"), "{err}");
        let bad_kind = r#"{"id":"x","title":"t","competences":[{"code":"C1","title":"T","items":[{"kind":"truc","code":"C1.1","text":"a"}]}]}"#;
        let err = parse(bad_kind, "r.json").unwrap_err();
        assert!(
            err.to_string()
                .contains("valeur « truc » inconnue (attendu : activity"),
            "{err}"
        );
    }

    #[test]
    fn duplicate_codes_are_refused_with_their_place() {
        let dup = r#"{"id":"x","title":"t","competences":[{"code":"C1","title":"T","items":[
            {"kind":"activity","code":"C1.1","text":"a"},{"kind":"activity","code":"C1.1","text":"b"}]}]}"#;
        let err = parse(dup, "r.json").unwrap_err();
        assert_eq!(
            err.to_string(),
            "r.json, compétence 1 (« C1 »), élément 2 (« C1.1 ») : code déjà utilisé ailleurs dans le référentiel"
        );
    }
}
