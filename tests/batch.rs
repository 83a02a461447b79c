//! `grille batch` through the real binary: a class folder and a Moodle « Télécharger tous les
//! travaux remis » archive built here, with the hostile and broken files a real session brings
//! (a corrupt file, a password-protected one, names in NFD, `onlinetext.html`, a zip-slip
//! entry, an absolute entry, a symbolic link, a nested ZIP bomb).

mod common;
#[path = "gen/mod.rs"]
mod sheetgen;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx};
use common::{grille, libreoffice_convert, soffice};
use serde_json::Value;
use sheetgen::{Fault, Field, Layout, Spec};

/// A generated sheet's bytes.
fn sheet(spec: &Spec) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let path = sheetgen::generate(spec).write_xlsx(dir.path());
    std::fs::read(path).unwrap()
}

/// A complete, valid official grid (findings: none).
fn valid_sheet(seed: u64) -> Vec<u8> {
    sheet(&Spec::clean(seed, Layout::CompetenceColumns))
}

/// A sheet with one missing competence (an error) in another layout.
fn faulty_sheet(seed: u64) -> Vec<u8> {
    sheet(&Spec::clean(seed, Layout::List).with_fault(Fault::MissingCompetence(2)))
}

/// A sheet without the candidate's name (the Moodle folder names them).
fn nameless_sheet(seed: u64) -> Vec<u8> {
    sheet(
        &Spec::clean(seed, Layout::CompetenceColumns).with_fault(Fault::MissingField(Field::Name)),
    )
}

/// A password-protected workbook as Excel writes it: a CFB container with an
/// `EncryptedPackage` stream.
fn protected_workbook() -> Vec<u8> {
    let mut cfb = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
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

/// Bits packed LSB first, as deflate wants them.
#[derive(Default)]
struct Bits {
    acc: u64,
    n: u32,
    out: Vec<u8>,
}

impl Bits {
    fn put(&mut self, value: u64, bits: u32) {
        self.acc |= value << self.n;
        self.n += bits;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }

    fn finish(mut self) -> Vec<u8> {
        if self.n > 0 {
            self.out.push(self.acc as u8);
        }
        self.out
    }
}

/// A raw deflate stream of `1 + 258 * matches` zeros, written by hand (one fixed-Huffman
/// block: a literal 0, then « copy 258 bytes from distance 1 » over and over, 13 bits each),
/// so that gigabytes cost megabytes and no time to build.
fn deflate_zeros(matches: u64) -> Vec<u8> {
    let mut bits = Bits::default();
    bits.put(1, 1); // BFINAL
    bits.put(1, 2); // BTYPE = 01, fixed Huffman codes
    bits.put(0x0C, 8); // literal 0 (code 00110000, sent most significant bit first)
    // Length symbol 285 (258 bytes): code 11000101 reversed; distance code 0: five zero bits.
    for _ in 0..matches {
        bits.put(0xA3, 13);
    }
    bits.put(0, 7); // end of block
    bits.finish()
}

/// CRC-32 (IEEE) of `len` zero bytes, bit by bit (only used on small lengths).
fn crc32_zeros(len: usize) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for _ in 0..len {
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A ZIP of deflated entries whose sizes and CRC are whatever the caller declares.
fn lying_zip(entries: &[(&str, &[u8], u32, u32)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data, crc, declared) in entries {
        let offset = out.len() as u32;
        let header = |sig: u32, central: bool| {
            let mut h = Vec::new();
            h.extend(sig.to_le_bytes());
            if central {
                h.extend(20u16.to_le_bytes()); // made by
            }
            h.extend(20u16.to_le_bytes()); // needed
            h.extend(0u16.to_le_bytes()); // flags
            h.extend(8u16.to_le_bytes()); // deflate
            h.extend(0u16.to_le_bytes()); // time
            h.extend(0x21u16.to_le_bytes()); // date 1980-01-01
            h.extend(crc.to_le_bytes());
            h.extend((data.len() as u32).to_le_bytes());
            h.extend(declared.to_le_bytes());
            h.extend((name.len() as u16).to_le_bytes());
            h.extend(0u16.to_le_bytes()); // extra
            if central {
                h.extend(0u16.to_le_bytes()); // comment
                h.extend(0u16.to_le_bytes()); // disk
                h.extend(0u16.to_le_bytes()); // internal attributes
                h.extend(0u32.to_le_bytes()); // external attributes
                h.extend(offset.to_le_bytes());
            }
            h.extend(name.as_bytes());
            h
        };
        out.extend(header(0x0403_4b50, false));
        out.extend(*data);
        central.extend(header(0x0201_4b50, true));
    }
    let cd_offset = out.len() as u32;
    out.extend(&central);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]);
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((central.len() as u32).to_le_bytes());
    out.extend(cd_offset.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

/// The nested bomb: a ZIP holding two entries that inflate to about 2 GB of zeros, one
/// declaring 1 kB, the other declaring its (too large) size honestly.
fn nested_bomb() -> Vec<u8> {
    let matches = 2_000_000_000 / 258;
    let zeros = deflate_zeros(matches);
    lying_zip(&[
        ("petit.xlsx", &zeros, crc32_zeros(1024), 1024),
        ("grand.xlsx", &zeros, 0, (1 + 258 * matches) as u32),
    ])
}

const JEANNE: &str = "Jeanne DUPONT_1234567_assignsubmission_file_/Tableau de synthèse.xlsx";
/// Élodie in NFD, without the folder level, as macOS archives write it.
const ELODIE_NFD: &str =
    "E\u{301}lodie MARTIN_7654321_assignsubmission_file_Tableau E\u{301}5.xlsx";
const ELODIE_NFC: &str = "Élodie MARTIN_7654321_assignsubmission_file_Tableau É5.xlsx";

/// The Moodle archive: two good sheets, the online text, a protected and a corrupt file, and
/// hostile entries.
fn moodle_zip() -> Vec<u8> {
    use zip::write::SimpleFileOptions;
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let deflated = SimpleFileOptions::default();
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut add = |name: &str, bytes: &[u8], options: SimpleFileOptions| {
        w.start_file(name, options).unwrap();
        w.write_all(bytes).unwrap();
    };
    add(JEANNE, &nameless_sheet(11), deflated);
    add(ELODIE_NFD, &faulty_sheet(12), deflated);
    add(
        "Jeanne DUPONT_1234567_assignsubmission_onlinetext_/onlinetext.html",
        b"<p>Bonjour, voici mon tableau.</p>",
        deflated,
    );
    add(
        "Paul DURAND_111_assignsubmission_file_/protégé.xlsx",
        &protected_workbook(),
        deflated,
    );
    add(
        "Luc PETIT_222_assignsubmission_file_/corrompu.xlsx",
        b"PK\x03\x04 ceci n'est pas un classeur",
        deflated,
    );
    add("../evil.xlsx", &valid_sheet(13), deflated);
    add("/tmp/grille-absolu.xlsx", &valid_sheet(14), deflated);
    add("bombe.zip", &nested_bomb(), stored);
    w.add_symlink("lien.xlsx", "/etc/passwd", deflated).unwrap();
    w.finish().unwrap().into_inner()
}

/// The class folder: nested folders, an NFD file name, a note and a corrupt sheet.
fn class_folder(root: &Path) {
    let write = |rel: &str, bytes: &[u8]| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    };
    write("classe/sisr/dupont.xlsx", &valid_sheet(1));
    write("classe/slam/Me\u{301}lanie.xlsx", &faulty_sheet(2));
    write("classe/slam/consignes.txt", b"Rendre avant vendredi");
    write("classe/illisible.xlsx", b"\x00\x01 pas un classeur");
    write("remis.zip", &moodle_zip());
}

/// Every file under `dir`, relative, except those under `except`.
fn tree(dir: &Path, except: &Path) -> BTreeSet<PathBuf> {
    let mut out = BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries {
            let p = e.unwrap().path();
            if p.starts_with(except) {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(p.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    out
}

fn run_batch(root: &Path, out: &str, jobs: &str) -> (i32, String) {
    let assert = grille()
        .current_dir(root)
        .args(["batch", "classe", "remis.zip", "-o", out, "--jobs", jobs])
        .assert();
    let output = assert.get_output();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

fn lines(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn unreadable(line: &Value) -> bool {
    line["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["kind"] == "unreadable-file")
}

fn count(line: &Value, severity: &str) -> usize {
    line["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == severity)
        .count()
}

#[test]
fn a_class_folder_and_a_moodle_archive_in_one_batch() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("session");
    std::fs::create_dir_all(&root).unwrap();
    class_folder(&root);
    let before = tree(dir.path(), &root.join("out"));

    let (code, stdout) = run_batch(&root, "out", "2");
    assert_eq!(code, 2, "an unreadable file gives exit status 2\n{stdout}");
    let out = root.join("out");

    // Nothing was written outside the output folder, and no entry was extracted.
    assert_eq!(tree(dir.path(), &out), before);
    assert!(!Path::new("/tmp/grille-absolu.xlsx").exists());

    // One line per file, in input order then path order.
    let lines = lines(&out.join("rapport.jsonl"));
    let files: Vec<&str> = lines.iter().map(|l| l["file"].as_str().unwrap()).collect();
    let z = |entry: &str| format!("remis.zip/{entry}");
    let expected: Vec<String> = vec![
        "classe/illisible.xlsx".into(),
        "classe/sisr/dupont.xlsx".into(),
        "classe/slam/Mélanie.xlsx".into(),
        // Names sorted byte-wise: « . » before « / », « É » after the letters.
        z("../evil.xlsx"),
        z("/tmp/grille-absolu.xlsx"),
        z(JEANNE),
        z("Luc PETIT_222_assignsubmission_file_/corrompu.xlsx"),
        z("Paul DURAND_111_assignsubmission_file_/protégé.xlsx"),
        z("bombe.zip/grand.xlsx"),
        z("bombe.zip/petit.xlsx"),
        z("lien.xlsx"),
        z(ELODIE_NFC),
    ];
    assert_eq!(files, expected);

    let good = [
        "classe/sisr/dupont.xlsx",
        "classe/slam/Mélanie.xlsx",
        &z(JEANNE),
        &z(ELODIE_NFC),
    ];
    let mut corrected = BTreeSet::new();
    for line in &lines {
        let file = line["file"].as_str().unwrap();
        // design.md's fields are all there, for every file.
        for field in [
            "sheet",
            "referential",
            "layout",
            "candidate",
            "realisations",
            "coverage",
            "findings",
        ] {
            assert!(line.get(field).is_some(), "{field} missing for {file}");
        }
        if good.contains(&file) {
            assert!(!unreadable(line), "{file} should be readable: {line}");
            assert_eq!(line["coverage"].as_object().unwrap().len(), 6, "{file}");
        } else {
            assert!(unreadable(line), "{file} should be unreadable: {line}");
            assert_eq!(line["findings"].as_array().unwrap().len(), 1, "{file}");
        }
    }
    for entry in std::fs::read_dir(out.join("corriges")).unwrap() {
        corrected.insert(entry.unwrap().file_name().to_string_lossy().into_owned());
    }
    assert_eq!(
        corrected,
        BTreeSet::from([
            "Jeanne DUPONT - Tableau de synthèse.xlsx".to_string(),
            "Élodie MARTIN - Tableau É5.xlsx".to_string(),
            "sisr - dupont.xlsx".to_string(),
            "slam - Mélanie.xlsx".to_string(),
        ])
    );
    // Every corrected grid is a workbook our reader and LibreOffice open.
    for name in &corrected {
        let bytes = std::fs::read(out.join("corriges").join(name)).unwrap();
        grille::workbook::from_bytes(name, &bytes).unwrap();
    }

    // The Moodle submission is recorded, and names the candidate whose sheet lacks a name.
    let jeanne = lines
        .iter()
        .find(|l| l["file"] == z(JEANNE).as_str())
        .unwrap();
    assert_eq!(jeanne["submission"]["name"], "Jeanne DUPONT");
    assert_eq!(jeanne["candidate"]["name"], Value::Null);
    let hostile = lines
        .iter()
        .find(|l| l["file"] == z("../evil.xlsx").as_str())
        .unwrap();
    assert!(
        hostile["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("sort de l’archive"),
        "{hostile}"
    );
    let protected = lines
        .iter()
        .find(|l| l["file"].as_str().unwrap().contains("protégé"))
        .unwrap();
    assert!(
        protected["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("mot de passe"),
        "{protected}"
    );

    // The closing summary says what happened, in French.
    assert!(stdout.contains("12 tableaux vérifiés"), "{stdout}");
    assert!(stdout.contains("8 illisibles"), "{stdout}");
    assert!(stdout.contains("onlinetext.html"), "{stdout}");
    assert!(stdout.contains("consignes.txt"), "{stdout}");
    assert!(stdout.contains("synthese.xlsx"), "{stdout}");

    check_summary(&out, &lines, jeanne);

    let lo = soffice().map(|soffice| {
        libreoffice_convert(
            &soffice,
            &out.join("synthese.xlsx"),
            "pdf",
            &dir.path().join("pdf"),
        )
    });
    if let Some(pdf) = lo {
        assert!(std::fs::metadata(pdf).unwrap().len() > 1000);
    }
}

/// The summary workbook, read back: one row per file, counts equal to the reports.
fn check_summary(out: &Path, lines: &[Value], jeanne: &Value) {
    let mut book: Xlsx<_> = calamine::open_workbook(out.join("synthese.xlsx")).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "Candidats",
            "Constats",
            "Couverture",
            "Fichiers illisibles",
            "Fichiers ignorés"
        ]
    );
    let range = book.worksheet_range("Candidats").unwrap();
    // The table ends at the first empty row: the colour legends follow it.
    let rows: Vec<_> = range
        .rows()
        .take_while(|r| r.iter().any(|c| *c != Data::Empty))
        .collect();
    let header: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("{name} in {header:?}"))
    };
    assert_eq!(rows.len() - 1, lines.len());
    // « Fichier » shows the file's own name (the full path is in rapport.jsonl).
    let by_file: BTreeMap<String, &Value> = lines
        .iter()
        .map(|l| {
            let path = l["file"].as_str().unwrap();
            (grille::output::names::file_name(path).to_string(), l)
        })
        .collect();
    assert_eq!(by_file.len(), lines.len(), "file names are unique here");
    for row in &rows[1..] {
        let file = row[col("Fichier")].to_string();
        let line = by_file[&file];
        if unreadable(line) {
            assert_eq!(row[col("Verdict")], Data::String("illisible".into()));
            continue;
        }
        assert_eq!(
            row[col("Erreurs")],
            Data::Float(count(line, "error") as f64),
            "{file}"
        );
        assert_eq!(
            row[col("Avertissements")],
            Data::Float(count(line, "warning") as f64),
            "{file}"
        );
        for (code, n) in line["coverage"].as_object().unwrap() {
            assert_eq!(
                row[col(code)],
                Data::Float(n.as_f64().unwrap()),
                "{file} {code}"
            );
        }
        let verdict = if count(line, "error") == 0 {
            "valide"
        } else {
            "à corriger"
        };
        assert_eq!(row[col("Verdict")], Data::String(verdict.into()), "{file}");
        if line == jeanne {
            assert_eq!(row[col("Candidat")], Data::String("Jeanne DUPONT".into()));
        }
    }
    let findings = book.worksheet_range("Constats").unwrap();
    let total: usize = lines
        .iter()
        .map(|l| l["findings"].as_array().unwrap().len())
        .sum();
    let listed = findings
        .rows()
        .take_while(|r| r.iter().any(|c| *c != Data::Empty))
        .count();
    assert_eq!(listed - 1, total);
    let unreadable_rows = book.worksheet_range("Fichiers illisibles").unwrap();
    assert_eq!(
        unreadable_rows.rows().count() - 1,
        lines.iter().filter(|l| unreadable(l)).count()
    );
}

#[test]
fn same_outputs_whatever_the_number_of_threads() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    class_folder(root);
    let (one, _) = run_batch(root, "un", "1");
    let (two, _) = run_batch(root, "deux", "2");
    assert_eq!(one, two);
    for file in ["rapport.jsonl", "synthese.xlsx"] {
        let a = std::fs::read(root.join("un").join(file)).unwrap();
        let b = std::fs::read(root.join("deux").join(file)).unwrap();
        assert!(a == b, "{file} differs between --jobs 1 and --jobs 2");
    }
    let names = |d: &str| tree(&root.join(d).join("corriges"), Path::new("/none"));
    assert_eq!(names("un"), names("deux"));
    for name in names("un") {
        let a = std::fs::read(root.join("un/corriges").join(&name)).unwrap();
        let b = std::fs::read(root.join("deux/corriges").join(&name)).unwrap();
        assert!(a == b, "{} differs", name.display());
    }
}

#[test]
fn a_second_run_needs_force_and_never_overwrites_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("classe")).unwrap();
    std::fs::write(root.join("classe/dupont.xlsx"), valid_sheet(3)).unwrap();
    grille()
        .current_dir(root)
        .args(["lot", "classe", "-o", "out", "--quiet"])
        .assert()
        .code(0)
        .stdout("");
    let first = std::fs::read(root.join("out/synthese.xlsx")).unwrap();
    grille()
        .current_dir(root)
        .args(["batch", "classe", "-o", "out"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--force"));
    grille()
        .current_dir(root)
        .args(["batch", "classe", "-o", "out", "--force", "--quiet"])
        .assert()
        .code(0);
    assert_eq!(
        std::fs::read(root.join("out/synthese.xlsx")).unwrap(),
        first
    );

    // An output folder inside the input folder is not read back as input.
    grille()
        .current_dir(root)
        .args(["batch", "classe", "-o", "classe/out", "--quiet"])
        .assert()
        .code(0);
    let again = grille()
        .current_dir(root)
        .args(["batch", "classe", "-o", "classe/out", "--force"])
        .assert()
        .code(0);
    let stdout = String::from_utf8_lossy(&again.get_output().stdout).into_owned();
    assert!(stdout.contains("1 tableau vérifié"), "{stdout}");

    // A candidate's sheet named like an output is never overwritten, even with --force.
    std::fs::write(root.join("classe/synthese.xlsx"), valid_sheet(4)).unwrap();
    grille()
        .current_dir(root)
        .args(["batch", "classe", "-o", "classe", "--force", "--quiet"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("entrée de la commande"));
    assert_eq!(
        std::fs::read(root.join("classe/synthese.xlsx")).unwrap(),
        valid_sheet(4)
    );
}

#[test]
fn usage_errors_exit_2_with_a_french_message() {
    let dir = tempfile::tempdir().unwrap();
    grille()
        .current_dir(dir.path())
        .args(["batch", "vide", "-o", "out"])
        .assert()
        .code(2);
    std::fs::create_dir(dir.path().join("vide")).unwrap();
    grille()
        .current_dir(dir.path())
        .args(["batch", "vide", "-o", "out"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("aucun classeur"));
    grille()
        .args(["batch", "--help"])
        .assert()
        .code(0)
        .stdout(predicates::str::contains("Exemples"));
}

#[test]
fn the_hand_made_deflate_stream_inflates_to_zeros() {
    // Sanity of the bomb builder: a small stream, declared honestly, reads back as zeros.
    let zeros = deflate_zeros(1000);
    let len = 1 + 258 * 1000;
    let zip = lying_zip(&[("z.bin", &zeros, crc32_zeros(len), len as u32)]);
    let mut archive = zip::ZipArchive::new(Cursor::new(zip)).unwrap();
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut archive.by_index(0).unwrap(), &mut bytes).unwrap();
    assert_eq!(bytes.len(), len);
    assert!(bytes.iter().all(|b| *b == 0));
}

/// Runs `grille` with these arguments on a pseudo-terminal (util-linux `script`, in every
/// Debian), returning what the terminal showed; `None` where `script` is missing.
fn on_a_terminal(dir: &Path, args: &str) -> Option<(i32, String)> {
    let bin = assert_cmd::cargo::cargo_bin("grille");
    let line = format!("'{}' {args}", bin.display());
    let out = std::process::Command::new("script")
        .current_dir(dir)
        .env("TERM", "xterm")
        .env("NO_COLOR", "1")
        .args(["-qec", &line, "/dev/null"])
        .output()
        .ok()?;
    Some((
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    ))
}

#[test]
fn a_progress_bar_on_a_terminal_only() {
    let dir = tempfile::tempdir().unwrap();
    let class = dir.path().join("classe");
    std::fs::create_dir(&class).unwrap();
    for seed in 0..5 {
        std::fs::write(class.join(format!("{seed}.xlsx")), valid_sheet(900 + seed)).unwrap();
    }
    let Some((code, screen)) = on_a_terminal(dir.path(), "batch classe -o sortie --jobs 1") else {
        eprintln!("no `script` here: the terminal is not tested");
        return;
    };
    assert_eq!(code, 0, "{screen}");
    // The bar counts up to the last file, then is cleared before the summary.
    assert!(screen.contains(" 5/5 "), "{screen}");
    assert!(screen.contains("\r\x1b[2K"), "{screen}");
    let summary = screen.find("5 tableaux vérifiés").expect("summary");
    assert!(screen.rfind(" 5/5 ").unwrap() < summary, "{screen}");

    // --quiet: neither bar nor summary, even on a terminal.
    let (code, screen) =
        on_a_terminal(dir.path(), "batch classe -o sortie2 --quiet").expect("script ran before");
    assert_eq!(code, 0, "{screen}");
    assert!(
        !screen.contains("5/5") && !screen.contains("tableaux"),
        "{screen:?}"
    );

    // Not a terminal: the summary alone, no control characters.
    let out = grille()
        .current_dir(dir.path())
        .args(["batch", "classe", "-o", "sortie3"])
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(stdout.contains("5 tableaux vérifiés"), "{stdout}");
    assert!(
        !stdout.contains('\r') && !stderr.contains('\r') && !stderr.contains("5/5"),
        "{stdout:?} {stderr:?}"
    );
}
