//! The HtmlTable referential reader on arbitrary text. Invariants beyond « no panic »: every code
//! is unique, and a referential read converts to the model's JSON, which reads back to the
//! same competences.
#![no_main]

use grille::Lang;
use grille::referential::convert::{Target, convert};
use grille::referential::{SourceFormat, parse_str, parse_str_as};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Ok(r) = parse_str_as(&text, "fuzz.html", SourceFormat::HtmlTable) else {
        return;
    };
    let mut codes: Vec<&str> = r.competences.iter().map(|c| c.code.as_str()).collect();
    codes.sort_unstable();
    let before = codes.len();
    codes.dedup();
    assert_eq!(before, codes.len(), "competence codes are unique");
    let json = convert(&r, Target::Json, Lang::Fr).expect("JSON conversion");
    let json = String::from_utf8(json).expect("JSON is UTF-8");
    let back = parse_str(&json, "fuzz.json").expect("the model's JSON reads back");
    assert_eq!(back.competences, r.competences);
});
