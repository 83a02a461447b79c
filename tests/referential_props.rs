//! No reader panics, whatever it is fed: arbitrary text to every reader, text built from the
//! constructs each reader looks for, and arbitrary bytes through the file reader. What a reader
//! accepts converts to every format and round trips through JSON.

use grille::Lang;
use grille::referential::convert::{Target, convert};
use grille::referential::{SourceFormat, parse_str, parse_str_as, read_file};
use proptest::prelude::*;

const FORMATS: [SourceFormat; 4] = [
    SourceFormat::Json,
    SourceFormat::HtmlTable,
    SourceFormat::Tsv,
    SourceFormat::Markdown,
];

/// Whatever a reader accepted must convert, and its JSON must read back equal.
fn accepted_is_usable(r: &grille::model::Referential) {
    for target in Target::ALL {
        if target != Target::Xlsx {
            convert(r, target, Lang::Fr).unwrap();
        }
    }
    let json = grille::referential::convert::json::to_string(r);
    let back = parse_str_as(&json, "back.json", SourceFormat::Json).unwrap();
    assert_eq!(&back, r);
}

fn check_all_readers(text: &str) {
    for format in FORMATS {
        if let Ok(r) = parse_str_as(text, "prop.txt", format) {
            accepted_is_usable(&r);
        }
    }
    if let Ok(r) = parse_str(text, "prop.txt") {
        accepted_is_usable(&r);
    }
}

fn html_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<table>".to_string()),
        Just("</table>".to_string()),
        Just("<thead>".to_string()),
        Just("<tr>".to_string()),
        Just("</tr>".to_string()),
        Just("<th>Compétences</th>".to_string()),
        Just("<th>Indicateurs de performance</th>".to_string()),
        Just("<td>".to_string()),
        Just("</td>".to_string()),
        Just("<td rowspan=\"3\">".to_string()),
        Just("<td colspan=\"2\">".to_string()),
        Just("<th colspan=\"0\">".to_string()),
        Just("<td rowspan=\"-1\">".to_string()),
        Just("<ul>".to_string()),
        Just("</ul>".to_string()),
        Just("<ol><li>".to_string()),
        Just("<li>".to_string()),
        Just("</li>".to_string()),
        Just("<p>".to_string()),
        Just("</p>".to_string()),
        Just("<br>".to_string()),
        Just("B1.1 ".to_string()),
        Just("Compétence 2 : ".to_string()),
        Just("vise à :".to_string()),
        Just("- ".to_string()),
        "[A-Za-zéÉ’' ]{0,12}",
    ]
}

fn markdown_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("# Titre\n".to_string()),
        Just("[TOC]\n".to_string()),
        Just("## Compétence 1 : Fournir Les Services\n".to_string()),
        Just("## Compétence 1 : Fournir Les Services\n".to_string()),
        Just("## C3\n".to_string()),
        Just("## C1.1 Gérer\n".to_string()),
        Just("## C1 Faire\n".to_string()),
        Just("## \n".to_string()),
        Just("### Composantes Essentielles\n".to_string()),
        Just("### Indicateurs De Développement Associés\n".to_string()),
        Just("### Situations Professionnelles Associées\n".to_string()),
        Just("### Autre\n".to_string()),
        Just(" - En Assurant Le Maintien,\n".to_string()),
        Just("   - Sous Élément...\n".to_string()),
        Just(" 1. Analyser Les Besoins Du Si.\n".to_string()),
        Just("```\n".to_string()),
        Just("\n".to_string()),
        Just("\t- tab\n".to_string()),
        "[A-Za-zé ,.…]{0,15}\n",
    ]
}

fn tsv_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Compétences\tIndicateurs\n".to_string()),
        Just("<p>Gérer</p> <ul> Recenser les ressources Gérer des sauvegardes\t".to_string()),
        Just("<p><i>Le recensement est exhaustif.</i></p>".to_string()),
        Just("<p><i>La veille vise à :</i></p> <ul> <i>- repérer ;</i>".to_string()),
        Just("\t".to_string()),
        Just("\n".to_string()),
        "[A-Za-zé<>/ ]{0,15}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        check_all_readers(&text);
    }

    #[test]
    fn html_like_text_never_panics(pieces in prop::collection::vec(html_piece(), 0..60)) {
        check_all_readers(&pieces.concat());
    }

    #[test]
    fn markdown_like_text_never_panics(pieces in prop::collection::vec(markdown_piece(), 0..40)) {
        check_all_readers(&pieces.concat());
    }

    #[test]
    fn tsv_like_text_never_panics(pieces in prop::collection::vec(tsv_piece(), 0..30)) {
        check_all_readers(&pieces.concat());
    }

    #[test]
    fn json_like_text_never_panics(
        id in "[a-z]{0,5}",
        code in "[A-Z0-9.]{0,4}",
        kind in prop_oneof![Just("activity"), Just("situation"), Just("truc")],
        text in "\\PC{0,20}",
    ) {
        let json = format!(
            r#"{{"id":"{id}","title":"T","competences":[{{"code":"{code}","title":"x","items":[{{"kind":"{kind}","code":"{code}.1","text":{}}}]}}]}}"#,
            serde_json::to_string(&text).unwrap()
        );
        check_all_readers(&json);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_through_the_file_reader_never_panic(
        bytes in prop::collection::vec(any::<u8>(), 0..300)
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("octets.bin");
        std::fs::write(&path, &bytes).unwrap();
        if let Ok(r) = read_file(&path) {
            accepted_is_usable(&r);
        }
    }
}
