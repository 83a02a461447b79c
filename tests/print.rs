//! Every kind of workbook grille writes, printed to PDF by LibreOffice headless: the page
//! count, A4 paper in the orientation chosen for each sheet, and — from the XLSX XML — rows
//! tall enough for the wrapped text in them (LibreOffice and Excel never grow a row on open).

mod common;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{grille, libreoffice_convert, samples, soffice};
use regex::Regex;

/// Paper of one PDF page, rounded to the point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Paper {
    A4Portrait,
    A4Landscape,
    Other(i64, i64),
}
use Paper::{A4Landscape as L, A4Portrait as P};

/// The paper of every page of a PDF, by `pdfinfo` (poppler-utils).
fn pages(pdf: &Path) -> Vec<Paper> {
    let out = Command::new("pdfinfo")
        .args(["-f", "1", "-l", "9999"])
        .arg(pdf)
        .output()
        .expect("pdfinfo (poppler-utils) is needed by this test");
    let text = String::from_utf8_lossy(&out.stdout);
    let size = Regex::new(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts").unwrap();
    size.captures_iter(&text)
        .map(|c| {
            let w = c[1].parse::<f64>().unwrap().round() as i64;
            let h = c[2].parse::<f64>().unwrap().round() as i64;
            match (w, h) {
                (595, 842) => P,
                (842, 595) => L,
                other => Paper::Other(other.0, other.1),
            }
        })
        .collect()
}

/// The parts of an XLSX file by name.
fn parts(xlsx: &Path) -> BTreeMap<String, String> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(xlsx).unwrap()).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        if name.ends_with(".xml") {
            let mut text = String::new();
            entry.read_to_string(&mut text).unwrap();
            out.insert(name, text);
        }
    }
    out
}

fn attr(tag: &str, name: &str) -> Option<String> {
    Regex::new(&format!(r#"\b{name}="([^"]*)""#))
        .unwrap()
        .captures(tag)
        .map(|c| c[1].to_string())
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Zero-based column of an A1 reference's letters.
fn column(a1: &str) -> u32 {
    a1.chars()
        .take_while(char::is_ascii_alphabetic)
        .fold(0, |n, c| n * 26 + (c as u32 - 'A' as u32 + 1))
        - 1
}

fn row_of(a1: &str) -> u32 {
    a1.trim_start_matches(|c: char| c.is_ascii_alphabetic())
        .parse::<u32>()
        .unwrap()
        - 1
}

/// The fewest lines a text can take wrapped in `width` characters at `points`: a character
/// of text counted a little narrower than the digit a column width is measured in (the
/// writers' own estimate is wider still). An independent, lenient bound: a row shorter than
/// this cuts its text for sure.
fn fewest_lines(text: &str, width: f64, points: f64) -> u32 {
    let per_line = (width * 1.25 * 11.0 / points).max(1.0);
    text.split('\n')
        .map(|l| ((l.chars().count() as f64) / per_line).ceil().max(1.0) as u32)
        .sum()
}

/// Checks every sheet of `xlsx`: each cell with wrapped text that needs more than one line
/// sits in a row whose height (`ht`) is set and holds those lines. Gives the number of such
/// cells checked, so that a test can tell it looked at something.
fn assert_rows_hold_their_text(xlsx: &Path) -> usize {
    let parts = parts(xlsx);
    let shared: Vec<String> = parts
        .get("xl/sharedStrings.xml")
        .map(|x| {
            Regex::new(r"(?s)<si>(.*?)</si>")
                .unwrap()
                .captures_iter(x)
                .map(|si| {
                    Regex::new(r"(?s)<t[^>]*>(.*?)</t>")
                        .unwrap()
                        .captures_iter(&si[1])
                        .map(|t| unescape(&t[1]))
                        .collect::<String>()
                })
                .collect()
        })
        .unwrap_or_default();
    let styles = &parts["xl/styles.xml"];
    let fonts: Vec<f64> = {
        let block = Regex::new(r"(?s)<fonts[^>]*>(.*?)</fonts>")
            .unwrap()
            .captures(styles)
            .unwrap()[1]
            .to_string();
        Regex::new(r"(?s)<font>(.*?)</font>|<font/>")
            .unwrap()
            .captures_iter(&block)
            .map(|f| {
                f.get(1)
                    .and_then(|inner| attr(inner.as_str().split("<sz").nth(1)?, "val"))
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(11.0)
            })
            .collect()
    };
    // Per cell style: (wraps, font size).
    let xfs: Vec<(bool, f64)> = {
        let block = Regex::new(r"(?s)<cellXfs[^>]*>(.*?)</cellXfs>")
            .unwrap()
            .captures(styles)
            .unwrap()[1]
            .to_string();
        Regex::new(r"(?s)<xf\b([^>]*?)(?:/>|>(.*?)</xf>)")
            .unwrap()
            .captures_iter(&block)
            .map(|x| {
                let font = attr(&x[1], "fontId")
                    .and_then(|f| f.parse::<usize>().ok())
                    .and_then(|f| fonts.get(f).copied())
                    .unwrap_or(11.0);
                let wraps = x
                    .get(2)
                    .is_some_and(|inner| inner.as_str().contains("wrapText=\"1\""));
                (wraps, font)
            })
            .collect()
    };
    let col_re = Regex::new(r"<col\b[^>]*>").unwrap();
    let merge_re = Regex::new(r#"<mergeCell ref="([A-Z]+\d+):([A-Z]+\d+)""#).unwrap();
    let row_re = Regex::new(r#"(?s)<row\b([^>]*?)(?:/>|>(.*?)</row>)"#).unwrap();
    let cell_re = Regex::new(r#"(?s)<c\b([^>]*?)(?:/>|>(.*?)</c>)"#).unwrap();
    let value_re = Regex::new(r"<v>(\d+)</v>").unwrap();
    let t_re = Regex::new(r"(?s)<t[^>]*>(.*?)</t>").unwrap();
    let mut checked = 0;
    for (name, xml) in parts
        .iter()
        .filter(|(n, _)| n.starts_with("xl/worksheets/sheet"))
    {
        let mut widths = BTreeMap::new();
        for col in col_re.find_iter(xml) {
            let tag = col.as_str();
            let (min, max) = (attr(tag, "min").unwrap(), attr(tag, "max").unwrap());
            let width: f64 = attr(tag, "width").unwrap().parse().unwrap();
            for c in min.parse::<u32>().unwrap()..=max.parse::<u32>().unwrap().min(1000) {
                // The XML width includes about 0.71 of padding over the characters shown.
                widths.insert(c - 1, width - 0.71);
            }
        }
        let width = |c: u32| widths.get(&c).copied().unwrap_or(8.43);
        let merges: Vec<(u32, u32, u32)> = merge_re
            .captures_iter(xml)
            .filter(|m| row_of(&m[1]) == row_of(&m[2]))
            .map(|m| (row_of(&m[1]), column(&m[1]), column(&m[2])))
            .collect();
        let tall_merges: Vec<(u32, u32)> = merge_re
            .captures_iter(xml)
            .filter(|m| row_of(&m[1]) != row_of(&m[2]))
            .map(|m| (row_of(&m[1]), column(&m[1])))
            .collect();
        for row in row_re.captures_iter(xml) {
            let Some(cells) = row.get(2) else { continue };
            let ht: Option<f64> = attr(&row[1], "ht").and_then(|h| h.parse().ok());
            for cell in cell_re.captures_iter(cells.as_str()) {
                let tag = &cell[1];
                let Some(style) = attr(tag, "s").and_then(|s| s.parse::<usize>().ok()) else {
                    continue;
                };
                let (wraps, points) = xfs.get(style).copied().unwrap_or((false, 11.0));
                // Rotated or vertically merged headings have heights of their own.
                if !wraps || xfs.is_empty() {
                    continue;
                }
                let a1 = attr(tag, "r").unwrap();
                let (r, c) = (row_of(&a1), column(&a1));
                if tall_merges.contains(&(r, c)) {
                    continue;
                }
                let text = match (attr(tag, "t").as_deref(), cell.get(2)) {
                    (Some("s"), Some(inner)) => {
                        let v = value_re.captures(inner.as_str());
                        v.map(|v| shared[v[1].parse::<usize>().unwrap()].clone())
                            .unwrap_or_default()
                    }
                    // Sheets written row by row (the class summary's growing sheets) hold
                    // their strings inline.
                    (Some("inlineStr"), Some(inner)) => t_re
                        .captures_iter(inner.as_str())
                        .map(|t| unescape(&t[1]))
                        .collect::<String>(),
                    _ => continue,
                };
                let span = merges
                    .iter()
                    .find(|(mr, mc, _)| *mr == r && *mc == c)
                    .map_or(width(c), |(_, first, last)| {
                        (*first..=*last).map(width).sum()
                    });
                let lines = fewest_lines(&text, span, points);
                if lines <= 1 {
                    continue;
                }
                checked += 1;
                let needed = f64::from(lines) * points * 1.2;
                let ht = ht.unwrap_or_else(|| {
                    panic!("{}: {name} {a1} wraps over {lines} lines in a row of the default height: {text:?}", xlsx.display())
                });
                assert!(
                    ht + 0.01 >= needed.min(409.0),
                    "{}: {name} {a1} needs {needed:.0} pt for {lines} lines, its row has {ht}: {text:?}",
                    xlsx.display()
                );
            }
        }
    }
    checked
}

/// Prints `xlsx` to PDF and gives the paper of its pages.
fn print(xlsx: &Path, dir: &Path) -> Option<Vec<Paper>> {
    let soffice = soffice()?;
    let pdf = libreoffice_convert(&soffice, xlsx, "pdf", &dir.join("pdf"));
    Some(pages(&pdf))
}

fn run(args: &[&str], expect: i32) {
    let out = grille().args(args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(expect),
        "grille {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn sample(name: &str) -> PathBuf {
    samples().join("sheets").join(name)
}

#[test]
fn class_summary_prints_one_a4_page_per_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sortie");
    // 07 is damaged on purpose: the batch exits 2 for it, and still writes the summary.
    run(
        &["batch", path(&samples().join("sheets")), "-o", path(&out)],
        2,
    );
    let summary = out.join("synthese.xlsx");
    assert!(assert_rows_hold_their_text(&summary) > 10);
    if let Some(pages) = print(&summary, dir.path()) {
        // Candidats, Constats (landscape), Couverture with its chart (portrait, chart on the
        // same page), Fichiers illisibles, Fichiers ignorés (landscape).
        assert_eq!(pages, [L, L, P, L, L]);
    }
}

#[test]
fn corrected_grid_prints_the_grid_the_report_and_the_original() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("corrige.xlsx");
    run(
        &[
            "fix",
            path(&sample("02-modele-officiel-a-reprendre.xlsx")),
            "-o",
            path(&out),
        ],
        1,
    );
    assert!(assert_rows_hold_their_text(&out) > 10);
    if let Some(pages) = print(&out, dir.path()) {
        // The grid on one portrait page; « Rapport » on two landscape pages; « Contenu
        // d'origine » on two.
        assert_eq!(pages, [P, L, L, L, L]);
    }
}

#[test]
fn blank_grid_prints_on_one_portrait_page() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("vierge.xlsx");
    run(&["blank", "--name", "DUPONT Jeanne", "-o", path(&out)], 0);
    assert!(assert_rows_hold_their_text(&out) > 0);
    if let Some(pages) = print(&out, dir.path()) {
        assert_eq!(pages, [P]);
    }
}

#[test]
fn jury_evaluation_grid_prints_in_portrait() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("evaluation.xlsx");
    run(&["blank", "--kind", "evaluation", "-o", path(&out)], 0);
    assert!(assert_rows_hold_their_text(&out) > 0);
    if let Some(pages) = print(&out, dir.path()) {
        assert_eq!(pages, [P, P]);
    }
}

#[test]
fn referential_export_prints_in_landscape() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("referentiel.xlsx");
    run(
        &[
            "referential",
            "convert",
            "bts-sio-b1",
            "--to",
            "xlsx",
            "-o",
            path(&out),
        ],
        0,
    );
    assert!(assert_rows_hold_their_text(&out) > 0);
    if let Some(pages) = print(&out, dir.path()) {
        assert_eq!(pages, [L, L, L]);
    }
}

/// The check itself must be able to fail: a row of the default height holding a long
/// wrapped text is caught.
#[test]
#[should_panic(expected = "in a row of the default height")]
fn a_wrapped_text_in_a_short_row_is_caught() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("court.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let wrap = rust_xlsxwriter::Format::new().set_text_wrap();
    sheet
        .write_string_with_format(0, 0, "mot ".repeat(60), &wrap)
        .unwrap();
    book.save(&file).unwrap();
    assert_rows_hold_their_text(&file);
}
