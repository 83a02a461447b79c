//! « Bad input never panics and never loses data », as properties.
//!
//! Arbitrary sheets — the official grid's own words at random places, random unicode, numbers,
//! dates, merges, near A1 or at the far edge of what a position can hold — go through the
//! extraction, the rules, the report renderers and the correction; arbitrary and damaged
//! file bytes go through the readers and the check. Nothing may panic (not even a panic a
//! reader catches), every finding points inside the sheet, and a corrected workbook keeps
//! every cell of the candidate's sheet.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::sync::{Once, OnceLock};

use grille::Lang;
use grille::check::{CheckOptions, Checked, check_grid, check_workbook, default_template};
use grille::fix::{FixError, FixOptions, fix, plan};
use grille::grid::extract;
use grille::model::{CellPos, CellRange, Date, Referential};
use grille::report::text::{TextOptions, render};
use grille::template::Template;
use grille::workbook::{Format, Sheet, Value, Workbook, from_bytes};
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------
// Panics caught inside the library (the readers guard calamine with `catch_unwind`) still
// print « panicked » on a user's terminal: count them per thread so a property can refuse them.

thread_local! {
    static PANICS: Cell<usize> = const { Cell::new(0) };
}

fn count_panics() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            PANICS.with(|p| p.set(p.get() + 1));
            default(info);
        }));
    });
}

fn panics() -> usize {
    PANICS.with(Cell::get)
}

// ---------------------------------------------------------------------------------------
// What a check runs against.

fn referential() -> &'static Referential {
    static R: OnceLock<Referential> = OnceLock::new();
    R.get_or_init(|| grille::referential::load("bts-sio-b1").expect("embedded bts-sio-b1"))
}

fn template() -> &'static Template {
    static T: OnceLock<Template> = OnceLock::new();
    T.get_or_init(|| default_template(referential()).expect("official template"))
}

fn options(lang: Lang) -> CheckOptions<'static> {
    CheckOptions {
        referential: referential(),
        template: template(),
        lang,
    }
}

/// Words a real grid holds: the referential's titles and codes, the model's labels, section
/// titles, option boxes, marks, periods, 2011 codes, and the usual oddities around them.
fn vocabulary() -> &'static [String] {
    static V: OnceLock<Vec<String>> = OnceLock::new();
    V.get_or_init(|| {
        let r = referential();
        let mut v: Vec<String> = Vec::new();
        for c in &r.competences {
            v.push(c.title.clone());
            v.push(c.code.clone());
            v.push(format!("{} {}", c.code, c.title));
            v.push(c.title.to_uppercase());
            for item in &c.items {
                v.push(item.text.clone());
                v.push(item.code.clone());
                v.push(format!("▸ {}", item.text));
            }
        }
        for w in [
            "NOM et prénom : ",
            "NOM et prénom : DUPONT Jeanne",
            "Nom et prénom:",
            "N° candidat : ",
            "N° candidat : 0212345678",
            "Centre de formation : Lycée Jean Moulin",
            "Option : ",
            "Option : ▢ SISR ☒ SLAM",
            "☒ SISR",
            "▢ SLAM",
            "☐ SISR",
            "þ SLAM",
            "Adresse URL du portfolio : https://exemple.fr",
            "Adresse URL du portfolio :",
            "SESSION 2026",
            "BTS SERVICES INFORMATIQUES AUX ORGANISATIONS",
            "Tableau de synthèse des réalisations professionnelles",
            "Compétences mises en œuvre",
            "Réalisations professionnelles\n(intitulé et liste des documents et productions associés)",
            "Période (sous la forme du JJ/MM/AA au JJ/MM/AA)",
            "Réalisation en cours de formation",
            "Réalisations en milieu professionnel en cours de première année",
            "Réalisations en milieu professionnel en cours de seconde année",
            "Réalisations personnelles",
            "Mise en place d'un serveur GLPI",
            "Mise en place d’un serveur GLPI.",
            "Déploiement Active Directory",
            "X",
            "x",
            " X ",
            "✓",
            "✔",
            "☑",
            "oui",
            "1",
            "peut-être",
            "B1.6.4",
            "B1.9",
            "B1.1, B1.4",
            "A1.1.1",
            "A5.2.4",
            "C2",
            "04/09/24 au 18/10/24",
            "du 04/09/2024 au 18/10/2024",
            "04/09/24 - 18/10/24",
            "04/09/24\nau 18/10/24",
            "31/04/24 au 02/05/24",
            "18/10/24 au 04/09/24",
            "en cours",
            "04/09/24",
            "99/99/99 au 00/00/00",
            "01/01/0000 au 31/12/9999",
            "Légende : vert = corrigé",
            "Rapport",
            "Contenu d'origine",
            "=SOMME(A1:A3)",
            "+33 6 12 34 56 78",
            "\u{a0}\u{200b}",
            "   ",
            "",
        ] {
            v.push(w.to_string());
        }
        v
    })
}

// ---------------------------------------------------------------------------------------
// Strategies.

fn text() -> impl Strategy<Value = String> {
    let n = vocabulary().len();
    prop_oneof![
        6 => (0..n).prop_map(|i| vocabulary()[i].clone()),
        // A known word with something around it: typos, extra codes, line breaks.
        2 => ((0..n), "\\PC{0,6}", "[ \n’'.:]{0,2}").prop_map(|(i, junk, sep)| {
            format!("{}{sep}{junk}", vocabulary()[i])
        }),
        1 => any::<String>(),
        1 => "[0-9/ .:-]{0,24}",
        1 => "\\PC{300,700}",
    ]
}

fn date() -> impl Strategy<Value = Date> {
    prop_oneof![
        (1900i32..2100, 1u32..=12, 1u32..=31),
        (any::<i32>(), 1u32..=12, 1u32..=28),
    ]
    .prop_filter_map("a real date", |(y, m, d)| Date::new(y, m, d))
}

fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        10 => text().prop_map(Value::Text),
        1 => any::<f64>().prop_map(Value::Number),
        1 => (0u32..100_000).prop_map(|n| Value::Number(f64::from(n))),
        1 => any::<bool>().prop_map(Value::Bool),
        1 => date().prop_map(Value::Date),
        1 => prop_oneof![Just("#DIV/0!"), Just("#N/A"), Just("#REF!")]
            .prop_map(|e| Value::Error(e.into())),
    ]
}

/// Where the grid starts: A1, a few rows/columns in, the last rows and columns XLSX allows,
/// or the end of what a `u32` position holds (a reader that trusts a hostile file).
fn origin() -> impl Strategy<Value = (u32, u32)> {
    prop_oneof![
        3 => Just((0u32, 0u32)),
        3 => (0u32..30, 0u32..8),
        1 => Just((1_048_540u32, 16_350u32)),
        1 => (u32::MAX - 70..=u32::MAX, u32::MAX - 20..=u32::MAX),
        1 => (0u32..20, u32::MAX - 20..=u32::MAX),
    ]
}

/// The official grid's skeleton at an origin: labels, headings, part titles, réalisation
/// rows — so that the extraction reaches its deepest paths — before random cells land on it.
fn skeleton(origin: (u32, u32), rows: u32) -> Vec<((u32, u32), Value)> {
    let r = referential();
    let t = |s: &str| Value::Text(s.to_string());
    let mut cells = vec![
        ((0, 0), t("NOM et prénom : DUPONT Jeanne")),
        ((1, 0), t("N° candidat : ")),
        ((1, 2), Value::Number(212_345_678.0)),
        ((2, 0), t("Option : ")),
        ((2, 1), t("☒ SISR")),
        ((2, 2), t("▢ SLAM")),
        ((3, 0), t("Centre de formation : ")),
        ((5, 0), t("Réalisations professionnelles")),
        ((5, 1), t("Période (sous la forme du JJ/MM/AA au JJ/MM/AA)")),
        ((5, 2), t("Compétences mises en œuvre")),
        ((7, 0), t("Réalisation en cours de formation")),
    ];
    for (i, c) in r.competences.iter().enumerate() {
        cells.push(((6, 2 + i as u32), t(&c.title)));
    }
    for row in 0..rows {
        cells.push(((8 + row, 0), t(&format!("Réalisation {row}"))));
        cells.push(((8 + row, 1), t("04/09/24 au 18/10/24")));
        cells.push(((8 + row, 2 + row % 6), t("X")));
    }
    cells
        .into_iter()
        .map(|((dr, dc), v)| {
            (
                (origin.0.saturating_add(dr), origin.1.saturating_add(dc)),
                v,
            )
        })
        .collect()
}

fn merge(origin: (u32, u32)) -> impl Strategy<Value = CellRange> {
    (0u32..30, 0u32..10, 0u32..4, 0u32..4, any::<bool>()).prop_map(
        move |(dr, dc, h, w, inverted)| {
            let first = CellPos::new(origin.0.saturating_add(dr), origin.1.saturating_add(dc));
            let last = CellPos::new(first.row.saturating_add(h), first.col.saturating_add(w));
            if inverted {
                CellRange::new(last, first)
            } else {
                CellRange::new(first, last)
            }
        },
    )
}

fn sheet_name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Tableau de synthèse".to_string()),
        Just("Feuil1".to_string()),
        Just("Rapport".to_string()),
        Just("Contenu d'origine".to_string()),
        Just("Tableau de synthèse Épreuve E5".to_string()),
        "\\PC{0,40}",
    ]
}

/// An arbitrary sheet: maybe the skeleton, then random cells and merges around an origin,
/// plus a few cells anywhere at all.
fn sheet() -> impl Strategy<Value = Sheet> {
    (origin(), any::<bool>(), 0u32..20).prop_flat_map(|(origin, with_skeleton, rows)| {
        let near = ((0u32..40, 0u32..14), value()).prop_map(move |((dr, dc), v)| {
            (
                (origin.0.saturating_add(dr), origin.1.saturating_add(dc)),
                v,
            )
        });
        let anywhere = (
            (
                prop_oneof![4 => 0u32..1_048_576, 1 => any::<u32>()],
                prop_oneof![4 => 0u32..16_384, 1 => 0u32..20_000],
            ),
            value(),
        );
        (
            sheet_name(),
            any::<bool>(),
            proptest::collection::vec(near, 0..60),
            proptest::collection::vec(anywhere, 0..2),
            proptest::collection::vec(merge(origin), 0..6),
        )
            .prop_map(move |(name, hidden, near, anywhere, merges)| {
                let mut sheet = Sheet::new(name);
                sheet.hidden = hidden;
                let base = if with_skeleton {
                    skeleton(origin, rows)
                } else {
                    Vec::new()
                };
                for ((row, col), v) in base.into_iter().chain(near).chain(anywhere) {
                    sheet.set(CellPos::new(row, col), v);
                }
                sheet.merges = merges;
                sheet
            })
    })
}

fn workbook() -> impl Strategy<Value = Workbook> {
    (sheet(), proptest::option::weighted(0.2, sheet())).prop_map(|(first, second)| {
        let mut sheets = vec![first];
        if let Some(mut s) = second {
            if s.name == sheets[0].name {
                s.name.push('2');
            }
            sheets.push(s);
        }
        Workbook {
            source: "remis/aléatoire.xlsx".into(),
            format: Format::Xlsx,
            sheets,
        }
    })
}

// ---------------------------------------------------------------------------------------
// Properties of a check.

/// The rectangle a sheet's cells and merges cover.
fn bounds(sheet: &Sheet) -> Option<(CellPos, CellPos)> {
    let corners = sheet
        .cells
        .keys()
        .copied()
        .chain(sheet.merges.iter().flat_map(|m| [m.first, m.last]));
    corners.fold(None, |acc, p| match acc {
        None => Some((p, p)),
        Some((lo, hi)) => Some((
            CellPos::new(lo.row.min(p.row), lo.col.min(p.col)),
            CellPos::new(hi.row.max(p.row), hi.col.max(p.col)),
        )),
    })
}

/// Checks a workbook and asserts what every check must satisfy.
fn check_properties(workbook: Workbook, lang: Lang) -> Result<Option<Checked>, TestCaseError> {
    let Some(grid) = extract(&workbook, referential()) else {
        return Ok(None);
    };
    let sheet = workbook
        .sheets
        .iter()
        .find(|s| s.name == grid.sheet)
        .cloned();
    prop_assert!(sheet.is_some(), "the grid names a sheet of the workbook");
    let sheet = sheet.unwrap_or_default();
    let checked = check_grid(workbook, grid, options(lang));
    // A finding about something missing points where it belongs: next to what is there
    // (the cell right of a label, the title cell above a transposed column). Anything further
    // is a position computed wrong (wrapped, or taken from another sheet).
    let (lo, hi) = bounds(&sheet).unwrap_or_default();
    let rows = lo.row.saturating_sub(1)..=hi.row.saturating_add(1);
    let cols = lo.col.saturating_sub(1)..=hi.col.saturating_add(1);
    for f in &checked.report.findings {
        if let Some(cell) = f.cell {
            prop_assert!(
                rows.contains(&cell.row) && cols.contains(&cell.col),
                "{} at {cell:?} outside the sheet {lo:?}..{hi:?}: {}",
                f.kind.name(),
                f.message
            );
        }
        prop_assert!(
            !f.message.trim().is_empty(),
            "{} without message",
            f.kind.name()
        );
        prop_assert_eq!(f.sheet.as_deref(), Some(sheet.name.as_str()));
    }
    for r in &checked.report.realisations {
        prop_assert!(
            sheet.get(r.cell).is_some(),
            "réalisation at an empty cell {:?}",
            r.cell
        );
    }
    let json = grille::report::json::to_line(&checked.report);
    prop_assert!(json.is_ok(), "JSON: {:?}", json.err());
    let text = render(
        &checked.report,
        Some(referential()),
        TextOptions { lang, color: false },
    );
    prop_assert!(text.contains(&checked.report.file));
    Ok(Some(checked))
}

/// Corrects a checked sheet and asserts that nothing is lost: every non-blank cell of the
/// candidate's grid sheet is in « Contenu d'origine » at its original address, or the
/// correction is refused with a typed error because XLSX cannot hold it there.
fn fix_properties(checked: &Checked, lang: Lang) -> Result<(), TestCaseError> {
    let fix_options = FixOptions {
        referential: referential(),
        template: template(),
        lang,
    };
    let planned = plan(checked, template(), referential(), lang);
    for c in &planned.corrections {
        prop_assert!(!c.reason.trim().is_empty());
    }
    let sheet = checked
        .workbook
        .sheets
        .iter()
        .find(|s| s.name == checked.grid.sheet)
        .cloned()
        .unwrap_or_default();
    // Every sheet of the candidate is copied into the corrected workbook.
    let fits = checked.workbook.sheets.iter().all(|s| {
        s.cells.iter().all(|(p, v)| {
            v.is_blank()
                || (p.row < 1_048_576 && p.col < 16_384 && v.display().chars().count() <= 32_767)
        })
    });
    let fixed = match fix(checked, fix_options) {
        Ok(fixed) => fixed,
        Err(e) => {
            prop_assert!(!fits, "refused a sheet XLSX can hold: {}", e.message(lang));
            prop_assert!(
                matches!(
                    e,
                    FixError::Unwritable { .. } | FixError::TooManyRealisations { .. }
                ),
                "refused for a reason of its own: {}",
                e.message(lang)
            );
            return Ok(());
        }
    };
    let read = from_bytes("corrigé.xlsx", &fixed.bytes);
    prop_assert!(
        read.is_ok(),
        "the corrected workbook reads back: {:?}",
        read.err()
    );
    let read = read.map_err(|e| TestCaseError::fail(e.to_string()))?;
    let origin_name = match lang {
        Lang::Fr => "Contenu d'origine",
        Lang::En => "Original content",
    };
    let Some(origin) = read.sheets.iter().find(|s| s.name == origin_name) else {
        return Err(TestCaseError::fail(format!(
            "no « {origin_name} » sheet in {:?}",
            read.sheets.iter().map(|s| &s.name).collect::<Vec<_>>()
        )));
    };
    for (pos, value) in &sheet.cells {
        if value.is_blank() {
            continue;
        }
        let kept = origin.get(*pos);
        prop_assert!(
            kept.is_some_and(|k| same_content(k, value)),
            "{pos} {value:?} kept as {kept:?}"
        );
    }
    Ok(())
}

/// Whether a value read back from the corrected workbook is the candidate's.
fn same_content(kept: &Value, original: &Value) -> bool {
    match (kept, original) {
        (Value::Number(a), Value::Number(b)) => a == b,
        (_, Value::Number(n)) if !n.is_finite() => kept.display() == original.display(),
        (k, o) => k.display() == o.display() || k == o,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Extraction and rules on arbitrary sheets: no panic, findings inside the sheet.
    #[test]
    fn any_sheet_checks_without_panic(book in workbook(), english in any::<bool>()) {
        count_panics();
        let before = panics();
        let lang = if english { Lang::En } else { Lang::Fr };
        check_properties(book, lang)?;
        prop_assert_eq!(panics(), before);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// Correction of arbitrary sheets: no panic, either a typed error or a workbook that
    /// keeps every cell of the candidate.
    #[test]
    fn any_sheet_fixes_without_losing_a_cell(book in workbook(), english in any::<bool>()) {
        count_panics();
        let before = panics();
        let lang = if english { Lang::En } else { Lang::Fr };
        if let Some(checked) = check_properties(book, lang)? {
            fix_properties(&checked, lang)?;
        }
        prop_assert_eq!(panics(), before);
    }
}

// ---------------------------------------------------------------------------------------
// Bytes: arbitrary, and real files damaged.

/// A small official-looking grid written by rust_xlsxwriter.
fn xlsx_bytes() -> &'static [u8] {
    static B: OnceLock<Vec<u8>> = OnceLock::new();
    B.get_or_init(|| {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.set_name("Tableau de synthèse").unwrap();
        for ((r, c), v) in skeleton((0, 0), 6) {
            if (r, c) == (5, 0) {
                // The official model's label spans the two header rows.
                let format = rust_xlsxwriter::Format::new();
                sheet
                    .merge_range(5, 0, 6, 0, &v.display(), &format)
                    .unwrap();
            } else {
                sheet.write_string(r, c as u16, v.display()).unwrap();
            }
        }
        book.save_to_buffer().unwrap()
    })
}

/// The same XLSX with every entry stored uncompressed: damage then lands in the XML itself
/// rather than in the deflate stream.
fn stored_xlsx_bytes() -> &'static [u8] {
    static B: OnceLock<Vec<u8>> = OnceLock::new();
    B.get_or_init(|| restore(xlsx_bytes(), zip::CompressionMethod::Stored))
}

fn restore(bytes: &[u8], method: zip::CompressionMethod) -> Vec<u8> {
    let mut input = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..input.len() {
        let mut entry = input.by_index(i).unwrap();
        let mut content = Vec::new();
        entry.read_to_end(&mut content).unwrap();
        let options = zip::write::SimpleFileOptions::default().compression_method(method);
        out.start_file(entry.name().unwrap().to_string(), options)
            .unwrap();
        out.write_all(&content).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// The same archive with one entry's content damaged and the archive rebuilt around it
/// (checksums right): the damage reaches the XML parsers instead of stopping at the CRC.
fn damage_entry(bytes: &[u8], entry: usize, damages: &[Damage]) -> Vec<u8> {
    let mut input = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let target = entry % input.len();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..input.len() {
        let mut e = input.by_index(i).unwrap();
        let mut content = Vec::new();
        e.read_to_end(&mut content).unwrap();
        if i == target {
            content = apply(&content, damages);
        }
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        out.start_file(e.name().unwrap().to_string(), options)
            .unwrap();
        out.write_all(&content).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// A minimal ODS spreadsheet (stored, so damage lands in content.xml).
fn ods_bytes() -> &'static [u8] {
    static B: OnceLock<Vec<u8>> = OnceLock::new();
    B.get_or_init(|| {
        let mut rows = String::new();
        let mut by_row: BTreeMap<u32, Vec<(u32, String)>> = BTreeMap::new();
        for ((r, c), v) in skeleton((0, 0), 4) {
            by_row.entry(r).or_default().push((c, v.display()));
        }
        let mut next_row = 0;
        for (r, mut cells) in by_row {
            if r > next_row {
                rows.push_str(&format!(
                    "<table:table-row table:number-rows-repeated=\"{}\"><table:table-cell/></table:table-row>",
                    r - next_row
                ));
            }
            cells.sort();
            rows.push_str("<table:table-row>");
            let mut next_col = 0;
            for (c, text) in cells {
                if c > next_col {
                    rows.push_str(&format!(
                        "<table:table-cell table:number-columns-repeated=\"{}\"/>",
                        c - next_col
                    ));
                }
                let escaped = text.replace('&', "&amp;").replace('<', "&lt;");
                rows.push_str(&format!(
                    "<table:table-cell office:value-type=\"string\" table:number-columns-spanned=\"1\"><text:p>{escaped}</text:p></table:table-cell>"
                ));
                next_col = c + 1;
            }
            rows.push_str("</table:table-row>");
            next_row = r + 1;
        }
        let content = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3"><office:body><office:spreadsheet><table:table table:name="Tableau de synthèse">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
        );
        let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
        let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let stored =
            zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        out.start_file("mimetype", stored).unwrap();
        out.write_all(b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
        out.start_file("META-INF/manifest.xml", stored).unwrap();
        out.write_all(manifest.as_bytes()).unwrap();
        out.start_file("content.xml", stored).unwrap();
        out.write_all(content.as_bytes()).unwrap();
        out.finish().unwrap().into_inner()
    })
}

#[test]
fn the_undamaged_files_hold_a_grid() {
    for (name, bytes, realisations) in [
        ("grille.xlsx", xlsx_bytes(), 6),
        ("grille-stockee.xlsx", stored_xlsx_bytes(), 6),
        ("grille.ods", ods_bytes(), 4),
    ] {
        let book = from_bytes(name, bytes).unwrap_or_else(|e| panic!("{e}"));
        let checked = check_workbook(book, options(Lang::Fr)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(checked.report.realisations.len(), realisations, "{name}");
        assert_eq!(
            checked.report.candidate.name.as_deref(),
            Some("DUPONT Jeanne"),
            "{name}"
        );
    }
}

/// One way to damage a file.
#[derive(Debug, Clone)]
enum Damage {
    /// Cut the file at this fraction of its length (per mille).
    Truncate(u16),
    /// Replace the byte at this fraction (per mille) with this one.
    Flip(u16, u8),
    /// Overwrite a run of bytes with one value (a sector of zeros, of 0xFF…).
    Fill(u16, u16, u8),
    /// Put an arbitrary run of bytes in.
    Splice(u16, Vec<u8>),
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        (0u16..1000).prop_map(Damage::Truncate),
        (0u16..1000, any::<u8>()).prop_map(|(at, b)| Damage::Flip(at, b)),
        (
            0u16..1000,
            1u16..400,
            prop_oneof![Just(0u8), Just(0xFF), Just(b'9'), any::<u8>()]
        )
            .prop_map(|(at, n, b)| Damage::Fill(at, n, b)),
        (0u16..1000, proptest::collection::vec(any::<u8>(), 1..40))
            .prop_map(|(at, b)| Damage::Splice(at, b)),
    ]
}

fn apply(bytes: &[u8], damages: &[Damage]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let at = |len: usize, per_mille: u16| len * usize::from(per_mille) / 1000;
    for d in damages {
        let len = out.len();
        match d {
            Damage::Truncate(p) => out.truncate(at(len, *p)),
            Damage::Flip(p, b) => {
                if let Some(x) = out.get_mut(at(len, *p)) {
                    *x = *b;
                }
            }
            Damage::Fill(p, n, b) => {
                let start = at(len, *p);
                let end = (start + usize::from(*n)).min(len);
                out[start..end].fill(*b);
            }
            Damage::Splice(p, b) => {
                let start = at(len, *p);
                out.splice(start..start, b.iter().copied());
            }
        }
    }
    out
}

/// Reads and checks bytes: either a report or a typed error naming the file, never a panic
/// (not even one the reader catches).
fn read_and_check(name: &str, bytes: &[u8]) -> Result<(), TestCaseError> {
    count_panics();
    let before = panics();
    match from_bytes(name, bytes) {
        Ok(book) => {
            prop_assert_eq!(&book.source, name);
            match check_workbook(book, options(Lang::En)) {
                Ok(checked) => {
                    prop_assert_eq!(&checked.report.file, name);
                }
                Err(e) => {
                    prop_assert!(e.message(Lang::Fr).starts_with(name), "{}", e);
                    prop_assert!(e.message(Lang::En).starts_with(name), "{}", e);
                }
            }
        }
        Err(e) => {
            prop_assert!(e.message(Lang::Fr).starts_with(name), "{}", e);
            prop_assert!(e.message(Lang::En).starts_with(name), "{}", e);
        }
    }
    prop_assert_eq!(
        panics(),
        before,
        "a panic was caught while reading {}",
        name
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(
        prefix in prop_oneof![
            Just(Vec::new()),
            Just(b"PK\x03\x04".to_vec()),
            Just(b"PK\x05\x06".to_vec()),
            Just(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec()),
            Just("NOM et prénom ;".as_bytes().to_vec()),
            Just(b"\xEF\xBB\xBF".to_vec()),
        ],
        body in proptest::collection::vec(any::<u8>(), 0..600),
    ) {
        let mut bytes = prefix;
        bytes.extend(body);
        read_and_check("hasard.xlsx", &bytes)?;
    }

    #[test]
    fn damaged_xlsx_never_panics(damages in proptest::collection::vec(damage(), 1..4)) {
        read_and_check("abimé.xlsx", &apply(xlsx_bytes(), &damages))?;
    }

    #[test]
    fn damaged_stored_xlsx_never_panics(damages in proptest::collection::vec(damage(), 1..4)) {
        read_and_check("abimé-stocké.xlsx", &apply(stored_xlsx_bytes(), &damages))?;
    }

    #[test]
    fn damaged_xlsx_parts_never_panic(
        entry in 0usize..64,
        damages in proptest::collection::vec(damage(), 1..4),
    ) {
        read_and_check("partie-abimée.xlsx", &damage_entry(xlsx_bytes(), entry, &damages))?;
    }

    #[test]
    fn damaged_ods_content_never_panics(
        entry in prop_oneof![Just(2usize), 0usize..3],
        damages in proptest::collection::vec(damage(), 1..4),
    ) {
        read_and_check("contenu-abimé.ods", &damage_entry(ods_bytes(), entry, &damages))?;
    }

    #[test]
    fn damaged_ods_never_panics(damages in proptest::collection::vec(damage(), 1..4)) {
        read_and_check("abimé.ods", &apply(ods_bytes(), &damages))?;
    }
}
