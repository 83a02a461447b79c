//! Reading spreadsheets of every format into `grille::workbook::Workbook`: positions, values,
//! merges, hidden sheets, format sniffing by content, and the errors of bad files.

mod common;

use grille::model::{CellPos, CellRange, Date};
use grille::workbook::{self, Format, ReadError, Sheet, Value, Workbook};
use rust_xlsxwriter::{Format as XlFormat, Workbook as XlWorkbook};

fn pos(a1: &str) -> CellPos {
    CellPos::parse(a1).unwrap()
}

fn text(sheet: &Sheet, a1: &str) -> Option<String> {
    sheet.text(pos(a1))
}

/// A realistic little grid that starts at C5, with a merged title, a date, a candidate number
/// typed as text with its leading zero, a number, and a hidden second sheet.
fn sample_xlsx() -> Vec<u8> {
    let mut book = XlWorkbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Tableau de synthèse").unwrap();
    let date = XlFormat::new().set_num_format("dd/mm/yyyy");
    sheet
        .merge_range(4, 2, 4, 5, "Tableau de synthèse", &XlFormat::new())
        .unwrap();
    sheet.write_string(5, 2, "N° candidat").unwrap();
    sheet.write_string(5, 3, "0212345678").unwrap();
    sheet.write_string(6, 2, "Période").unwrap();
    sheet
        .write_number_with_format(6, 3, 45539.0, &date)
        .unwrap();
    sheet.write_number(7, 3, 12.5).unwrap();
    sheet.write_boolean(7, 4, true).unwrap();
    sheet.write_string(8, 4, "   ").unwrap();
    sheet.write_string(9, 5, "X").unwrap();
    let hidden = book.add_worksheet();
    hidden.set_name("Listes").unwrap();
    hidden.write_string(0, 0, "SISR").unwrap();
    hidden.set_hidden(true);
    book.save_to_buffer().unwrap()
}

fn check_sample(book: &Workbook, merges_expected: bool) {
    let names: Vec<&str> = book.sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Tableau de synthèse", "Listes"]);
    let s = &book.sheets[0];
    assert!(!s.hidden);
    assert!(book.sheets[1].hidden, "second sheet is hidden");
    // Absolute positions: the first used cell is C5, not A1.
    assert_eq!(text(s, "C5").as_deref(), Some("Tableau de synthèse"));
    assert_eq!(s.get(pos("A1")), None);
    assert_eq!(text(s, "C6").as_deref(), Some("N° candidat"));
    assert_eq!(s.get(pos("D6")), Some(&Value::Text("0212345678".into())));
    assert_eq!(
        s.get(pos("D7")),
        Some(&Value::Date(Date::new(2024, 9, 4).unwrap()))
    );
    assert_eq!(s.get(pos("D8")), Some(&Value::Number(12.5)));
    if book.format != Format::Ods {
        // TODO(ods reader): calamine turns ODS booleans into numbers.
        assert_eq!(
            s.get(pos("E8")),
            Some(&Value::Bool(true)),
            "{:?}",
            book.format
        );
    }
    assert_eq!(text(s, "F10").as_deref(), Some("X"));
    assert_eq!(s.extent(), (10, 6));
    if merges_expected {
        assert_eq!(s.merges, vec![CellRange::new(pos("C5"), pos("F5"))]);
        assert_eq!(
            s.merge_at(pos("E5")),
            Some(CellRange::new(pos("C5"), pos("F5")))
        );
    }
    assert_eq!(text(&book.sheets[1], "A1").as_deref(), Some("SISR"));
}

fn scratch() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn xlsx_cells_sit_at_absolute_positions_with_their_types() {
    let book = workbook::from_bytes("grille.xlsx", &sample_xlsx()).unwrap();
    assert_eq!(book.format, Format::Xlsx);
    assert_eq!(book.source, "grille.xlsx");
    check_sample(&book, true);
    // Whitespace-only text is kept (the rules treat it as blank).
    let s = &book.sheets[0];
    assert_eq!(s.get(pos("E9")), Some(&Value::Text("   ".into())));
    assert!(s.get(pos("E9")).unwrap().is_blank());
}

#[test]
fn open_reads_a_file_by_path() {
    let dir = scratch();
    let path = dir.path().join("grille.xlsx");
    std::fs::write(&path, sample_xlsx()).unwrap();
    let book = workbook::open(&path).unwrap();
    check_sample(&book, true);
    assert_eq!(book.source, path.display().to_string());
}

#[test]
fn content_wins_over_the_extension() {
    // An XLSX named .csv is read as XLSX.
    let book = workbook::from_bytes("grille.csv", &sample_xlsx()).unwrap();
    assert_eq!(book.format, Format::Xlsx);
    check_sample(&book, true);
    // A CSV named .xlsx is read as CSV.
    let book = workbook::from_bytes("grille.xlsx", b"Nom;Option\nDUPONT;SISR\n").unwrap();
    assert_eq!(book.format, Format::Csv);
    assert_eq!(book.sheets[0].name, "grille");
    assert_eq!(text(&book.sheets[0], "B2").as_deref(), Some("SISR"));
}

#[test]
fn csv_in_utf8_and_windows_1252_with_either_separator() {
    let utf8 =
        "\u{feff}Compétence,Réalisation,N° candidat\nB1.1,\"Mise en place, d’un serveur\",0612\n";
    let book = workbook::from_bytes("classe/grille-utf8.csv", utf8.as_bytes()).unwrap();
    let s = &book.sheets[0];
    assert_eq!(book.format, Format::Csv);
    assert_eq!(s.name, "grille-utf8");
    assert_eq!(text(s, "A1").as_deref(), Some("Compétence"));
    assert_eq!(
        text(s, "B2").as_deref(),
        Some("Mise en place, d’un serveur")
    );
    assert_eq!(s.get(pos("C2")), Some(&Value::Text("0612".into())));

    let cp1252 = b"Comp\xe9tence;R\xe9alisation;P\xe9riode\r\nB1.1;X;04/09/2024\r\n";
    let book = workbook::from_bytes("grille-1252.csv", cp1252).unwrap();
    let s = &book.sheets[0];
    assert_eq!(text(s, "A1").as_deref(), Some("Compétence"));
    assert_eq!(text(s, "C1").as_deref(), Some("Période"));
    assert_eq!(text(s, "C2").as_deref(), Some("04/09/2024"));
}

#[test]
fn truncated_xlsx_is_corrupt() {
    let bytes = sample_xlsx();
    let err = workbook::from_bytes("grille.xlsx", &bytes[..bytes.len() / 2]).unwrap_err();
    match &err {
        ReadError::Corrupt { format, file, .. } => {
            assert_eq!(*format, "XLSX");
            assert_eq!(file, "grille.xlsx");
        }
        other => panic!("expected Corrupt, got {other:?}"),
    }
    assert!(
        err.to_string()
            .starts_with("grille.xlsx : fichier XLSX endommagé ou tronqué"),
        "{err}"
    );
}

#[test]
fn random_bytes_are_not_a_spreadsheet() {
    // A deterministic pseudo-random sequence (xorshift).
    let mut x: u32 = 0x9E37_79B9;
    let bytes: Vec<u8> = (0..4096)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as u8
        })
        .collect();
    let err = workbook::from_bytes("photo.xlsx", &bytes).unwrap_err();
    assert!(matches!(err, ReadError::NotASpreadsheet { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "photo.xlsx : ce n’est pas un classeur (XLSX, XLSM, XLS, ODS ou CSV attendu)"
    );
}

#[test]
fn empty_file_is_empty() {
    let dir = scratch();
    let path = dir.path().join("vide.xlsx");
    std::fs::write(&path, b"").unwrap();
    let err = workbook::open(&path).unwrap_err();
    assert!(matches!(err, ReadError::Empty { .. }), "{err:?}");
    assert!(err.to_string().ends_with("le fichier est vide"));
}

#[test]
fn missing_file_is_an_io_error_naming_it() {
    let err = workbook::open(std::path::Path::new("/nonexistent/grille.xlsx")).unwrap_err();
    assert!(matches!(err, ReadError::Io { .. }), "{err:?}");
    assert!(err.to_string().starts_with("/nonexistent/grille.xlsx : "));
}

/// An OOXML file encrypted with a password is a CFB container with an `EncryptedPackage`
/// stream (and `EncryptionInfo`), which is what Excel writes.
fn encrypted_ooxml() -> Vec<u8> {
    use std::io::Write;
    let mut cfb = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    cfb.create_stream("/EncryptionInfo")
        .unwrap()
        .write_all(&[4, 0, 4, 0, 0x40, 0, 0, 0])
        .unwrap();
    cfb.create_stream("/EncryptedPackage")
        .unwrap()
        .write_all(&[0x5A; 5000])
        .unwrap();
    cfb.flush().unwrap();
    cfb.into_inner().into_inner()
}

#[test]
fn password_protected_ooxml_says_it_is_protected() {
    let err = workbook::from_bytes("grille.xlsx", &encrypted_ooxml()).unwrap_err();
    assert!(matches!(err, ReadError::Protected { .. }), "{err:?}");
    assert!(
        err.to_string().contains("protégé par un mot de passe"),
        "{err}"
    );
    assert!(err.message(grille::Lang::En).contains("password-protected"));
}

#[test]
fn a_word_document_in_cfb_is_not_a_spreadsheet() {
    use std::io::Write;
    let mut cfb = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    cfb.create_stream("/WordDocument")
        .unwrap()
        .write_all(&[1; 600])
        .unwrap();
    cfb.flush().unwrap();
    let bytes = cfb.into_inner().into_inner();
    let err = workbook::from_bytes("lettre.xls", &bytes).unwrap_err();
    assert!(matches!(err, ReadError::NotASpreadsheet { .. }), "{err:?}");
}

#[test]
fn libreoffice_ods_and_xls_read_like_the_xlsx() {
    let Some(soffice) = common::soffice() else {
        return;
    };
    let dir = scratch();
    let input = dir.path().join("grille.xlsx");
    std::fs::write(&input, sample_xlsx()).unwrap();
    for (to, format) in [("ods", Format::Ods), ("xls", Format::Xls)] {
        let out = common::libreoffice_convert(&soffice, &input, to, &dir.path().join(to));
        let book = workbook::open(&out).unwrap();
        assert_eq!(book.format, format, "{to}");
        // XLS keeps merges; the ODS reader reads them from content.xml.
        check_sample(&book, true);
    }
}

/// The 26 real grids of `../shared/realworld/` all read, with the sheet names their README
/// gives (first column of its table: « sheet / session »).
#[test]
fn realworld_grids_all_read() {
    let Some(dir) = common::realworld() else {
        return;
    };
    let readme = std::fs::read_to_string(dir.join("README.md")).unwrap();
    let mut checked = 0;
    for line in readme.lines() {
        let Some(rest) = line.strip_prefix("| `rw-") else {
            continue;
        };
        let mut cols = rest.split(" | ");
        let file = format!("rw-{}", cols.next().unwrap().trim_end_matches('`'));
        let sheet_name = cols.next().unwrap().rsplit_once(" / ").unwrap().0.trim();
        let book = workbook::open(&dir.join(&file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(
            book.sheets.iter().any(|s| s.name == sheet_name),
            "{file}: no sheet « {sheet_name} » in {:?}",
            book.sheets.iter().map(|s| &s.name).collect::<Vec<_>>()
        );
        let sheet = book.sheets.iter().find(|s| s.name == sheet_name).unwrap();
        assert!(
            sheet.cells.len() > 20,
            "{file}: only {} cells",
            sheet.cells.len()
        );
        checked += 1;
    }
    assert_eq!(checked, 26, "every file of the README was checked");
}
