//! Hostile and oversized files: every one is refused (or read) with bounded memory.
//!
//! Memory is measured in a child process (this same test binary, re-run on one test with
//! `GRILLE_READ_CHILD` naming the file to read), whose peak resident size (`VmHWM`) must
//! stay under 200 MB. The inputs are built by the parent, so building them does not count.

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use grille::workbook::{self, ReadError};
use rust_xlsxwriter::Workbook as XlWorkbook;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

const MB: u64 = 1024 * 1024;
const MEMORY_BOUND_MB: u64 = 200;

/// Not a test of its own: the child side of [`read_in_child`] (does nothing otherwise).
#[test]
fn child_reader() {
    let Some(path) = std::env::var_os("GRILLE_READ_CHILD") else {
        return;
    };
    let outcome = match workbook::open(Path::new(&path)) {
        Ok(book) => format!(
            "ok sheets={} cells={}",
            book.sheets.len(),
            book.sheets.iter().map(|s| s.cells.len()).sum::<usize>()
        ),
        Err(e) => format!("err {}", e.message(grille::Lang::En)),
    };
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let peak_kb = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .unwrap_or(0);
    println!("OUTCOME={outcome}");
    println!("PEAK_KB={peak_kb}");
}

/// Reads `path` in a fresh process: what happened, and the peak memory in MB.
fn read_in_child(path: &Path) -> (String, u64) {
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["child_reader", "--exact", "--nocapture", "--test-threads=1"])
        .env("GRILLE_READ_CHILD", path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "child failed: {stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let outcome = stdout
        .lines()
        .find_map(|l| l.split_once("OUTCOME=").map(|(_, v)| v))
        .unwrap_or_else(|| panic!("no outcome in {stdout}"))
        .to_string();
    let peak_kb: u64 = stdout
        .lines()
        .find_map(|l| l.split_once("PEAK_KB=").map(|(_, v)| v))
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no peak in {stdout}"));
    (outcome, peak_kb / 1024)
}

fn write_temp(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn small_xlsx() -> Vec<u8> {
    let mut book = XlWorkbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "Tableau de synthèse").unwrap();
    book.save_to_buffer().unwrap()
}

/// A copy of `xlsx` whose first sheet part is replaced by `zeros` bytes of zeros, deflated
/// (about 1 MB per GB). The zeros are streamed through the writer, never held in memory.
fn with_zero_sheet(xlsx: &[u8], zeros: u64) -> Vec<u8> {
    let mut source = ZipArchive::new(Cursor::new(xlsx)).unwrap();
    let mut out = ZipWriter::new(Cursor::new(Vec::new()));
    let chunk = vec![0u8; MB as usize];
    for i in 0..source.len() {
        let entry = source.by_index_raw(i).unwrap();
        if entry.name().unwrap() == "xl/worksheets/sheet1.xml" {
            drop(entry);
            let options = SimpleFileOptions::default()
                .compression_method(CompressionMethod::Deflated)
                .compression_level(Some(9));
            out.start_file("xl/worksheets/sheet1.xml", options).unwrap();
            let mut left = zeros;
            while left > 0 {
                let n = left.min(MB);
                out.write_all(&chunk[..n as usize]).unwrap();
                left -= n;
            }
        } else {
            out.raw_copy_file(entry).unwrap();
        }
    }
    out.finish().unwrap().into_inner()
}

/// Rewrites the uncompressed size that the local header and the central directory declare
/// for `name` (a lying header).
fn declare_size(zip: &mut [u8], name: &str, size: u32) {
    let mut patched = 0;
    let mut i = 0;
    while i + 46 < zip.len() {
        let sig = &zip[i..i + 4];
        let (size_at, name_len_at, name_at) = if sig == b"PK\x03\x04" {
            (22, 26, 30)
        } else if sig == b"PK\x01\x02" {
            (24, 28, 46)
        } else {
            i += 1;
            continue;
        };
        let len = u16::from_le_bytes([zip[i + name_len_at], zip[i + name_len_at + 1]]) as usize;
        if zip.get(i + name_at..i + name_at + len) == Some(name.as_bytes()) {
            zip[i + size_at..i + size_at + 4].copy_from_slice(&size.to_le_bytes());
            patched += 1;
        }
        i += 4;
    }
    assert_eq!(patched, 2, "local header and central directory patched");
}

/// One shared bomb (building it streams 1.1 GB of zeros through deflate: done once).
fn bomb() -> &'static [u8] {
    static BOMB: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    BOMB.get_or_init(|| with_zero_sheet(&small_xlsx(), 1100 * MB))
}

#[test]
fn zip_bomb_is_refused_before_inflating() {
    let bytes = bomb();
    assert!(
        bytes.len() < 3 * MB as usize,
        "the bomb is small: {}",
        bytes.len()
    );
    let err = workbook::from_bytes("bombe.xlsx", bytes).unwrap_err();
    match &err {
        ReadError::TooLarge { detail, .. } => {
            assert!(detail.contains("xl/worksheets/sheet1.xml"), "{detail}");
            assert!(detail.contains("1100 Mo (limite 32 Mo)"), "{detail}");
        }
        other => panic!("expected TooLarge, got {other:?}"),
    }
    assert!(
        err.to_string().starts_with("bombe.xlsx : fichier refusé, "),
        "{err}"
    );

    let dir = tempfile::tempdir().unwrap();
    let (outcome, peak) = read_in_child(&write_temp(&dir, "bombe.xlsx", bytes));
    assert!(
        outcome.contains("bombe.xlsx: file refused, part"),
        "{outcome}"
    );
    println!("peak memory: {peak} MB");
    assert!(peak < MEMORY_BOUND_MB, "peak {peak} MB");
}

#[test]
fn a_lying_size_in_the_zip_header_does_not_inflate_past_it() {
    // The central directory says 20 KB; the part really inflates to 1.1 GB.
    let mut bytes = bomb().to_vec();
    declare_size(&mut bytes, "xl/worksheets/sheet1.xml", 20_000);
    let err = workbook::from_bytes("menteur.xlsx", &bytes).unwrap_err();
    assert!(
        matches!(err, ReadError::Corrupt { format: "XLSX", .. }),
        "{err:?}"
    );
    let dir = tempfile::tempdir().unwrap();
    let (outcome, peak) = read_in_child(&write_temp(&dir, "menteur.xlsx", &bytes));
    assert!(
        outcome.contains("menteur.xlsx: damaged or truncated XLSX"),
        "{outcome}"
    );
    println!("peak memory: {peak} MB");
    assert!(peak < MEMORY_BOUND_MB, "peak {peak} MB");
}

#[test]
fn a_sheet_of_200000_rows_is_read_within_bounds() {
    let mut book = XlWorkbook::new();
    let sheet = book.add_worksheet();
    for row in 0..200_000u32 {
        sheet.write_string(row, 0, format!("R{row}")).unwrap();
        sheet.write_string(row, 1, "X").unwrap();
    }
    let bytes = book.save_to_buffer().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (outcome, peak) = read_in_child(&write_temp(&dir, "long.xlsx", &bytes));
    assert_eq!(outcome, "ok sheets=1 cells=400000");
    println!("peak memory: {peak} MB");
    assert!(peak < MEMORY_BOUND_MB, "peak {peak} MB");
}

#[test]
fn a_csv_of_too_many_cells_is_refused_clearly() {
    // 600,000 one-letter fields in 2.4 MB.
    let line = "x;".repeat(1000) + "\n";
    let text = line.repeat(600);
    let dir = tempfile::tempdir().unwrap();
    let (outcome, peak) = read_in_child(&write_temp(&dir, "enorme.csv", text.as_bytes()));
    assert!(
        outcome.ends_with(
            "enorme.csv: file refused, more than 500,000 filled cells (sheet “enorme”); a grid has fewer than 60,000"
        ),
        "{outcome}"
    );
    println!("peak memory: {peak} MB");
    assert!(peak < MEMORY_BOUND_MB, "peak {peak} MB");
}

#[test]
fn an_oversized_file_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gros.xlsx");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(40 * MB).unwrap();
    let err = workbook::open(&path).unwrap_err();
    assert_eq!(
        err.to_string(),
        "gros.xlsx : fichier refusé, il pèse 40 Mo (limite 32 Mo) ; une grille pèse moins de 2 Mo"
            .replace("gros.xlsx", &path.display().to_string())
    );
}

/// An XLS whose two cells sit at A1 and IV65536: calamine would allocate 16 million cells.
#[test]
fn an_xls_spanning_the_whole_sheet_is_refused() {
    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut out = typ.to_le_bytes().to_vec();
        out.extend((data.len() as u16).to_le_bytes());
        out.extend(data);
        out
    }
    fn number(row: u16, col: u16) -> Vec<u8> {
        let mut data = row.to_le_bytes().to_vec();
        data.extend(col.to_le_bytes());
        data.extend([0u8; 10]);
        record(0x0203, &data)
    }
    let bof = record(0x0809, &[0, 6, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    let eof = record(0x000A, &[]);
    let name = [0u8, 0, 1, 0, b'S'];
    let sheet_pos = (bof.len() + 4 + 4 + name.len() + eof.len()) as u32;
    let mut bound = sheet_pos.to_le_bytes().to_vec();
    bound.extend(name);
    let mut stream = bof.clone();
    stream.extend(record(0x0085, &bound));
    stream.extend(&eof);
    stream.extend(&bof);
    stream.extend(number(0, 0));
    stream.extend(number(65535, 255));
    stream.extend(&eof);
    let mut cfb = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
    cfb.create_stream("/Workbook")
        .unwrap()
        .write_all(&stream)
        .unwrap();
    cfb.flush().unwrap();
    let bytes = cfb.into_inner().into_inner();
    let err = workbook::from_bytes("plein.xls", &bytes).unwrap_err();
    match &err {
        ReadError::TooLarge { detail_en, .. } => {
            assert!(detail_en.contains("16,777,216 cells"), "{detail_en}")
        }
        other => panic!("expected TooLarge, got {other:?}"),
    }
}

#[test]
fn the_bomb_really_inflates_to_more_than_a_gigabyte() {
    // Guards the test itself: the bomb is what it claims to be (streamed, never stored).
    let mut archive = ZipArchive::new(Cursor::new(bomb())).unwrap();
    let entry = archive.by_name("xl/worksheets/sheet1.xml").unwrap();
    assert_eq!(entry.size(), 1100 * MB);
    let mut sink = [0u8; 1 << 16];
    let mut total = 0u64;
    let mut reader = entry.take(64 * MB);
    loop {
        let n = reader.read(&mut sink).unwrap();
        if n == 0 {
            break;
        }
        total += n as u64;
    }
    assert_eq!(total, 64 * MB, "inflates beyond 64 MB");
}
