//! Memory through the real binary: checking a 200 000-row sheet and a ZIP bomb stays under
//! 200 MB of peak resident memory; correcting them, and the worst case of 200 000 réalisation
//! rows, stays bounded.
//!
//! The peak is the child's own: GNU time's « Maximum resident set size » when
//! `/usr/bin/time` is installed, else the child's `VmHWM` read from `/proc` while it runs.
//! A memory figure is not a duration: the bound has a wide margin and does not depend on the
//! machine's speed. Linux only (`/proc`); elsewhere the tests return early.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

const BOUND_MB: u64 = 200;
const ROWS: u32 = 200_000;

/// The competence headings of the official grid.
const TITLES: [&str; 6] = [
    "Gérer le patrimoine informatique",
    "Répondre aux incidents et aux demandes d’assistance et d’évolution",
    "Développer la présence en ligne de l’organisation",
    "Travailler en mode projet",
    "Mettre à disposition des utilisateurs un service informatique",
    "Organiser son développement professionnel",
];

fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_grille"))
}

/// Runs the binary and returns its output and peak resident memory in kB.
fn run_measured(args: &[&std::ffi::OsStr]) -> (Output, u64) {
    let gnu_time = Path::new("/usr/bin/time");
    if gnu_time.exists() {
        let out = Command::new(gnu_time)
            .arg("-v")
            .arg(binary())
            .args(args)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        if let Some(kb) = stderr
            .lines()
            .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
            .and_then(|v| v.trim().parse().ok())
        {
            return (out, kb);
        }
    }
    // Poll the child's high-water mark until it exits.
    let mut child = Command::new(binary())
        .args(args)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let status_file = format!("/proc/{}/status", child.id());
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let read_out = std::thread::spawn(move || read_all(stdout));
    let read_err = std::thread::spawn(move || read_all(stderr));
    let mut peak = 0;
    loop {
        if let Ok(status) = std::fs::read_to_string(&status_file)
            && let Some(kb) = status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        {
            peak = peak.max(kb);
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let status = child.wait().unwrap();
    let out = Output {
        status,
        stdout: read_out.join().unwrap(),
        stderr: read_err.join().unwrap(),
    };
    (out, peak)
}

fn read_all(mut r: impl std::io::Read) -> Vec<u8> {
    let mut bytes = Vec::new();
    let _ = r.read_to_end(&mut bytes);
    bytes
}

/// Identity rows and the official headings (row 5), on a sheet named as the model's.
fn grid_header(sheet: &mut rust_xlsxwriter::Worksheet) {
    sheet.set_name("Tableau de synthèse").unwrap();
    sheet
        .write_string(0, 0, "NOM et prénom : DUPONT Jeanne")
        .unwrap();
    sheet
        .write_string(1, 0, "N° candidat : 0212345678")
        .unwrap();
    sheet.write_string(2, 0, "Option : ☒ SISR ▢ SLAM").unwrap();
    sheet
        .write_string(4, 0, "Réalisations professionnelles")
        .unwrap();
    sheet.write_string(4, 1, "Période").unwrap();
    for (i, t) in TITLES.iter().enumerate() {
        sheet.write_string(4, 2 + i as u16, *t).unwrap();
    }
}

/// The official grid's header, then `ROWS` réalisations with a title and a mark each (short
/// titles: the shared strings stay under the reader's 8 MB part limit).
fn big_grid(path: &Path) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    grid_header(sheet);
    for n in 0..ROWS {
        let row = 5 + n;
        sheet.write_string(row, 0, format!("R{n}")).unwrap();
        sheet.write_string(row, 2 + (n % 6) as u16, "X").unwrap();
    }
    book.save(path).unwrap();
}

/// The official grid with six réalisations, then `ROWS` rows of something pasted below it
/// (a log: a number and a line of text per row, right of the grid): junk, not réalisations.
fn grid_with_junk(path: &Path) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    grid_header(sheet);
    for n in 0..6u32 {
        let row = 5 + n;
        sheet
            .write_string(row, 0, format!("Réalisation {n}"))
            .unwrap();
        sheet.write_string(row, 1, "04/09/24 au 18/10/24").unwrap();
        sheet.write_string(row, 2 + n as u16, "X").unwrap();
    }
    for n in 0..ROWS {
        let row = 11 + n;
        sheet.write_number(row, 10, f64::from(n)).unwrap();
        sheet
            .write_string(row, 11, format!("L{}", n % 1000))
            .unwrap();
    }
    book.save(path).unwrap();
}

/// An XLSX whose sheet inflates to 300 MB of repeated rows.
fn zip_bomb(path: &Path) {
    let small = {
        let mut book = rust_xlsxwriter::Workbook::new();
        book.add_worksheet().write_string(0, 0, "x").unwrap();
        book.save_to_buffer().unwrap()
    };
    let mut input = zip::ZipArchive::new(std::io::Cursor::new(small)).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let deflate = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    for i in 0..input.len() {
        let mut entry = input.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        out.start_file(name.as_str(), deflate).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            out.write_all(
                br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
            )
            .unwrap();
            let row = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>Gérer le patrimoine informatique</t></is></c></row>"#.as_bytes();
            let block: Vec<u8> = row
                .iter()
                .copied()
                .cycle()
                .take(row.len() * 10_000)
                .collect();
            for _ in 0..(300 * 1024 * 1024 / block.len()) {
                out.write_all(&block).unwrap();
            }
            out.write_all(b"</sheetData></worksheet>").unwrap();
        } else {
            std::io::copy(&mut entry, &mut out).unwrap();
        }
    }
    out.finish().unwrap();
}

fn linux() -> bool {
    Path::new("/proc/self/status").exists()
}

#[test]
fn a_200_000_row_sheet_is_checked_under_the_bound_and_fixed() {
    if !linux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("journal-colle.xlsx");
    grid_with_junk(&input);
    let (out, kb) = run_measured(&[
        "check".as_ref(),
        input.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(2), "{stderr}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["realisations"].as_array().map(Vec::len), Some(6));
    eprintln!("check of {ROWS} rows: peak {} MB", kb / 1024);
    assert!(kb < BOUND_MB * 1024, "check: peak {} MB", kb / 1024);

    // The correction copies the 400 000 pasted cells to « Contenu d'origine »: more than a
    // check, but bounded (it took 2.9 GB when every such cell carried a note).
    let output = dir.path().join("corrige.xlsx");
    let (out, kb) = run_measured(&[
        "fix".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        output.as_os_str(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(2), "{stderr}");
    assert!(output.exists());
    eprintln!("fix of {ROWS} rows: peak {} MB", kb / 1024);
    assert!(kb < 2 * BOUND_MB * 1024, "fix: peak {} MB", kb / 1024);
}

/// The worst case: 200 000 titled réalisation rows. No synthesis grid has that many
/// (`grid::MAX_REALISATIONS`): `check` and `fix` refuse the sheet with exit status 2, naming
/// it, under the bound (reading all of them took 415 MB, fixing them 5 GB).
#[test]
fn a_grid_of_200_000_realisations_is_refused_under_the_bound() {
    if !linux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("enorme.xlsx");
    big_grid(&input);
    for command in ["check", "fix"] {
        let output = dir.path().join(format!("{command}-sortie.xlsx"));
        let (out, kb) = run_measured(
            &[
                command.as_ref(),
                input.as_os_str(),
                "-o".as_ref(),
                output.as_os_str(),
            ]
            .into_iter()
            .take(if command == "fix" { 4 } else { 2 })
            .collect::<Vec<&std::ffi::OsStr>>(),
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{command}: {stderr}");
        assert!(
            stderr.contains("enorme.xlsx") && stderr.contains("plus de 2000 réalisations"),
            "{command}: {stderr}"
        );
        assert!(!output.exists());
        eprintln!("{command} of {ROWS} réalisations: peak {} MB", kb / 1024);
        assert!(kb < BOUND_MB * 1024, "{command}: peak {} MB", kb / 1024);
    }
}

#[test]
fn a_zip_bomb_is_refused_under_the_bound() {
    if !linux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let bomb = dir.path().join("bombe.xlsx");
    zip_bomb(&bomb);
    assert!(std::fs::metadata(&bomb).unwrap().len() < 4 * 1024 * 1024);
    for command in ["check", "fix"] {
        let (out, kb) = run_measured(&[command.as_ref(), bomb.as_os_str()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{command}: {stderr}");
        assert!(stderr.contains("bombe.xlsx"), "{command}: {stderr}");
        assert!(!stderr.contains("panicked"), "{command}: {stderr}");
        eprintln!("{command} of a ZIP bomb: peak {} MB", kb / 1024);
        assert!(kb < BOUND_MB * 1024, "{command}: peak {} MB", kb / 1024);
    }
    assert!(!dir.path().join("bombe-corrige.xlsx").exists());
}
