//! Tests of what all readers share: code splitting, code assignment, sniffing.

use super::*;
use crate::referential::parse_str;

#[test]
fn split_code_reads_the_sources_own_codes() {
    assert_eq!(
        split_code("Compétence 2 : Collaborer Avec Les Acteurs"),
        (Some("C2".into()), "Collaborer Avec Les Acteurs".into())
    );
    assert_eq!(
        split_code("Compétence 3 – Assurer la veille"),
        (Some("C3".into()), "Assurer la veille".into())
    );
    assert_eq!(
        split_code("compétence n°4. Sécurité"),
        (Some("C4".into()), "Sécurité".into())
    );
    assert_eq!(
        split_code("B1.1 Gérer le patrimoine informatique"),
        (
            Some("B1.1".into()),
            "Gérer le patrimoine informatique".into()
        )
    );
    assert_eq!(
        split_code("B1.2 - Répondre aux incidents"),
        (Some("B1.2".into()), "Répondre aux incidents".into())
    );
    assert_eq!(split_code("C1"), (Some("C1".into()), String::new()));
    assert_eq!(
        split_code("Gérer le patrimoine"),
        (None, "Gérer le patrimoine".into())
    );
    assert_eq!(
        split_code("B2B et e-commerce"),
        (None, "B2B et e-commerce".into())
    );
    assert_eq!(split_code("Compétences"), (None, "Compétences".into()));
}

#[test]
fn repeated_source_codes_stay_unique() {
    let raw = |code: Option<&str>| RawCompetence {
        code: code.map(String::from),
        title: "t".into(),
        items: vec![RawItem::new(ItemKind::Component, "a")],
    };
    let c = assign_codes(vec![raw(Some("C2")), raw(Some("C2")), raw(None)]);
    let codes: Vec<&str> = c.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(codes, ["C2", "C2-2", "C3"]);
    assert_eq!(c[1].items[0].code, "C2-2.CE1");

    // A competence code that is another competence's activity code, either way round.
    let act = |code: Option<&str>| RawCompetence {
        code: code.map(String::from),
        title: "t".into(),
        items: vec![RawItem::new(ItemKind::Activity, "a")],
    };
    let c = assign_codes(vec![act(Some("C1")), act(Some("C1.1"))]);
    let codes: Vec<&str> = c.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(codes, ["C1", "C2"]);
    let c = assign_codes(vec![act(Some("C1.1")), act(Some("C1"))]);
    let codes: Vec<&str> = c.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(codes, ["C1.1", "C2"]);
}

#[test]
fn sniffing_and_empty_or_binary_texts() {
    assert_eq!(sniff("\u{feff}{\"id\":1}"), Some(SourceFormat::Json));
    assert_eq!(sniff("<p>x</p><table>"), Some(SourceFormat::HtmlTable));
    assert_eq!(sniff("a\tb\n"), Some(SourceFormat::Tsv));
    assert_eq!(sniff("# T\n## C\n"), Some(SourceFormat::Markdown));
    assert_eq!(sniff("juste du texte"), None);
    assert!(matches!(
        parse_str(" \n", "e.txt"),
        Err(ReadError::Empty { .. })
    ));
    assert!(matches!(
        parse_str("ab\0cd", "b.bin"),
        Err(ReadError::Binary { offset: 2, .. })
    ));
}

#[test]
fn english_messages_translate_the_location() {
    let err = ReadError::at(
        "f.html",
        "tableau 1, ligne 3".into(),
        "x",
        "1 cell instead of 2",
    );
    assert_eq!(
        err.message(crate::Lang::En),
        "f.html, table 1, line 3: 1 cell instead of 2"
    );
}
