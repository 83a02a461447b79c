//! `grille check` on the real, anonymized grids of `../shared/realworld/` (skipped when the
//! folder is absent): every file reads, is recognised as the official model, and gives the
//! coverage its author marked. Expectations are read from the files themselves with calamine
//! (an independent reading) and cross-checked against the folder's README.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, open_workbook_auto};
use serde_json::Value;

const CODES: [&str; 6] = ["B1.1", "B1.2", "B1.3", "B1.4", "B1.5", "B1.6"];

/// Competences the README says a file never marks (every other file covers all six).
fn readme_missing(file: &str) -> &'static [&'static str] {
    match file {
        "rw-01.xlsx" => &["B1.3", "B1.4", "B1.6"],
        "rw-06.xlsx" => &["B1.1"],
        "rw-08.xlsx" => &["B1.3"],
        "rw-16.xlsx" => &["B1.4"],
        "rw-21.xlsx" => &["B1.6"],
        "rw-31.xlsx" => &["B1.6"],
        "rw-12.xlsx" | "rw-13.xlsx" | "rw-23.xlsx" => &CODES,
        _ => &[],
    }
}

fn files() -> Option<Vec<PathBuf>> {
    let dir = common::realworld()?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("xlsx" | "ods")))
        .collect();
    files.sort();
    Some(files)
}

fn name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => format!("{i}"),
        Data::Bool(b) => format!("{b}"),
        Data::DateTimeIso(s) => s.clone(),
        Data::DateTime(dt) => format!("{}", dt.as_f64()),
        _ => String::new(),
    }
}

/// Trims, folds non-breaking and zero-width spaces.
fn clean(s: &str) -> String {
    s.replace(['\u{a0}', '\u{200b}'], " ").trim().to_string()
}

fn is_yes_mark(s: &str) -> bool {
    matches!(
        clean(s).to_lowercase().as_str(),
        "x" | "✓" | "✔" | "☑" | "☒" | "oui" | "1" | "true"
    )
}

/// What an independent reading of the official layout finds in a file.
#[derive(Debug)]
struct Reading {
    sheet: String,
    /// Competence code → number of titled rows with a yes-mark in its column.
    coverage: BTreeMap<&'static str, u32>,
    /// Cells (A1) of the period column holding each text.
    periods: BTreeMap<String, String>,
}

fn a1(row: u32, col: u32) -> String {
    let mut name = String::new();
    let mut c = col + 1;
    while c > 0 {
        name.insert(0, (b'A' + ((c - 1) % 26) as u8) as char);
        c = (c - 1) / 26;
    }
    format!("{name}{}", row + 1)
}

fn read(path: &Path) -> Reading {
    let mut wb = open_workbook_auto(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    for sheet in wb.sheet_names() {
        let Ok(range) = wb.worksheet_range(&sheet) else {
            continue;
        };
        let (Some((r0, c0)), Some((r1, c1))) = (range.start(), range.end()) else {
            continue;
        };
        // The period heading (« Période (sous la forme… ») anchors the header: the corner
        // cell is sometimes emptied.
        let anchor = (r0..=r1)
            .flat_map(|r| (c0..=c1).map(move |c| (r, c)))
            .find(|&p| {
                p.1 > 0
                    && range
                        .get_value(p)
                        .is_some_and(|d| clean(&text(d)).starts_with("Période (sous la forme"))
            });
        let Some((hr, pc)) = anchor else { continue };
        let hc = pc - 1;
        let mut coverage: BTreeMap<&str, u32> = CODES.iter().map(|c| (*c, 0)).collect();
        let mut periods = BTreeMap::new();
        for r in hr + 2..=r1 {
            let cell = |c: u32| range.get_value((r, c)).map(text).unwrap_or_default();
            if clean(&cell(hc)).is_empty() {
                continue;
            }
            let period = clean(&cell(hc + 1));
            if !period.is_empty() {
                periods.insert(period, a1(r, hc + 1));
            }
            for (i, code) in CODES.iter().enumerate() {
                if is_yes_mark(&cell(hc + 2 + i as u32)) {
                    *coverage.get_mut(code).unwrap() += 1;
                }
            }
        }
        return Reading {
            sheet,
            coverage,
            periods,
        };
    }
    panic!("{}: no official header found", path.display());
}

/// The JSON report of one file, and the exit status.
fn check(path: &Path) -> (i32, Value) {
    let out = common::grille()
        .args(["check", "--format", "json"])
        .arg(path)
        .output()
        .unwrap();
    let code = out.status.code().unwrap_or(-1);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let json = stdout
        .lines()
        .find(|l| l.starts_with('{'))
        .and_then(|l| serde_json::from_str(l).ok())
        .unwrap_or(Value::Null);
    assert!(
        code == 0 || code == 1,
        "{}: exit {code}, stderr: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    (code, json)
}

fn findings<'a>(json: &'a Value, kind: &str) -> Vec<&'a Value> {
    json["findings"]
        .as_array()
        .map(|a| a.iter().filter(|f| f["kind"] == kind).collect())
        .unwrap_or_default()
}

/// The independent reading agrees with the README (so it can be trusted as the oracle).
#[test]
fn the_independent_reading_agrees_with_the_readme() {
    let Some(files) = files() else { return };
    assert!(
        files.len() >= 20,
        "expected the 26 real grids, found {}",
        files.len()
    );
    for path in files {
        let reading = read(&path);
        let unmarked: Vec<&str> = reading
            .coverage
            .iter()
            .filter(|(_, n)| **n == 0)
            .map(|(c, _)| *c)
            .collect();
        assert_eq!(unmarked, readme_missing(&name(&path)), "{}", name(&path));
    }
}

#[test]
fn every_real_grid_is_read_as_the_official_model_with_its_marked_coverage() {
    let Some(files) = files() else { return };
    let mut problems = Vec::new();
    for path in &files {
        let reading = read(path);
        let (code, json) = check(path);
        let file = name(path);
        if json["layout"] != "competence-columns" {
            problems.push(format!("{file}: layout {}", json["layout"]));
        }
        if json["sheet"] != reading.sheet.as_str() {
            problems.push(format!(
                "{file}: sheet {} instead of {:?}",
                json["sheet"], reading.sheet
            ));
        }
        let coverage: BTreeMap<String, u64> = json["coverage"]
            .as_object()
            .map(|o| {
                o.iter()
                    .map(|(k, v)| (k.clone(), v.as_u64().unwrap_or(0)))
                    .collect()
            })
            .unwrap_or_default();
        let want: BTreeMap<String, u64> = reading
            .coverage
            .iter()
            .map(|(k, v)| (k.to_string(), u64::from(*v)))
            .collect();
        if coverage != want {
            problems.push(format!("{file}: coverage {coverage:?} instead of {want:?}"));
        }
        let missing: BTreeSet<String> = findings(&json, "missing-competence")
            .iter()
            .filter_map(|f| f["competence"].as_str().map(str::to_string))
            .collect();
        let want_missing: BTreeSet<String> = readme_missing(&file)
            .iter()
            .map(|c| c.to_string())
            .collect();
        if missing != want_missing {
            problems.push(format!(
                "{file}: missing-competence {missing:?} instead of {want_missing:?}"
            ));
        }
        if !want_missing.is_empty() && code != 1 {
            problems.push(format!("{file}: exit {code} despite missing competences"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn report(file: &str) -> Option<Value> {
    let dir = common::realworld()?;
    Some(check(&dir.join(file)).1)
}

#[test]
fn option_boxes_are_read_in_every_form_students_used() {
    for (file, option) in [
        ("rw-27.xlsx", "SISR"), // ▣ SISR
        ("rw-36.xlsx", "SISR"), // þ SISR (Wingdings box)
        ("rw-02.xlsx", "SISR"), // « X SISR  »
        ("rw-16.xlsx", "SLAM"), // « ☑ SLAM »
    ] {
        let Some(json) = report(file) else { return };
        assert_eq!(json["candidate"]["option"], option, "{file}");
        let about_option = findings(&json, "missing-field")
            .iter()
            .any(|f| f["message"].as_str().is_some_and(|m| m.contains("Option")));
        assert!(!about_option, "{file}: option reported missing");
    }
}

#[test]
fn empty_identity_fields_are_missing_fields() {
    // rw-01: both option boxes left ▢.
    let Some(json) = report("rw-01.xlsx") else {
        return;
    };
    assert_eq!(json["candidate"]["option"], Value::Null);
    assert!(
        findings(&json, "missing-field")
            .iter()
            .any(|f| f["severity"] == "error"
                && f["message"]
                    .as_str()
                    .is_some_and(|m| m.to_lowercase().contains("option"))),
        "rw-01: no missing-field for the option: {:#}",
        json["findings"]
    );
    // rw-31: identity left blank.
    let Some(json) = report("rw-31.xlsx") else {
        return;
    };
    assert_eq!(json["candidate"]["name"], Value::Null);
    assert_eq!(json["candidate"]["number"], Value::Null);
    let errors = findings(&json, "missing-field")
        .into_iter()
        .filter(|f| f["severity"] == "error")
        .count();
    assert!(
        errors >= 2,
        "rw-31: name and number missing, got {errors} missing-field errors"
    );
    // A filled identity is read.
    let Some(json) = report("rw-27.xlsx") else {
        return;
    };
    assert!(
        json["candidate"]["name"]
            .as_str()
            .is_some_and(|n| !n.is_empty())
    );
    assert!(
        json["candidate"]["number"]
            .as_str()
            .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()))
    );
}

#[test]
fn words_and_typos_in_periods_are_invalid_periods_at_their_cell() {
    let Some(dir) = common::realworld() else {
        return;
    };
    let path = dir.join("rw-05.xlsx");
    let reading = read(&path);
    let (_, json) = check(&path);
    let reported: BTreeSet<String> = findings(&json, "invalid-period")
        .iter()
        .filter_map(|f| f["cell"].as_str().map(str::to_string))
        .collect();
    for text in ["En cours", "O7/08/2024"] {
        let cell = reading
            .periods
            .iter()
            .find(|(t, _)| t.contains(text))
            .map(|(_, c)| c.clone())
            .unwrap_or_else(|| panic!("rw-05: no period « {text} » in the file"));
        assert!(
            reported.contains(&cell),
            "rw-05: « {text} » at {cell} not reported; invalid-period at {reported:?}"
        );
    }
    // A well-formed period of the same file is not reported.
    let good = reading
        .periods
        .iter()
        .find(|(t, _)| t.len() >= 20 && t.matches('/').count() == 4 && !t.contains('O'))
        .map(|(_, c)| c.clone());
    if let Some(cell) = good {
        assert!(
            !reported.contains(&cell),
            "rw-05: valid period at {cell} reported"
        );
    }
}

#[test]
fn e4_sheets_handed_in_for_session_2026_are_outdated_models_at_the_session_cell() {
    // The README: rw-12, rw-13 and rw-21 use the E4 sheet (sessions 2021–2025) for
    // « SESSION 2026 ». rw-30 (« SESSION 2024/2025 ») and rw-36 (« 2023-2024 ») are E4 sheets
    // of their own sessions, and the E5 sheets with « SESSION 2025 » are not older models.
    let outdated = ["rw-12.xlsx", "rw-13.xlsx", "rw-21.xlsx"];
    let Some(files) = files() else { return };
    for path in &files {
        let file = name(path);
        let (_, json) = check(path);
        let found = findings(&json, "outdated-model");
        if outdated.contains(&file.as_str()) {
            assert_eq!(found.len(), 1, "{file}: {:#}", json["findings"]);
            assert_eq!(found[0]["severity"], "warning", "{file}");
            assert_eq!(found[0]["code"], "C303", "{file}");
            // The session cell, found independently: the cell that reads « SESSION 2026 ».
            let workbook_sheet = found[0]["sheet"].as_str().unwrap();
            assert!(workbook_sheet.contains("E4"), "{file}: {workbook_sheet}");
            let mut book = open_workbook_auto(path).unwrap();
            let range = book.worksheet_range(workbook_sheet).unwrap();
            let (r0, c0) = range.start().unwrap();
            let session_cell = range
                .cells()
                .find(|(_, _, d)| clean(&text(d)).to_uppercase() == "SESSION 2026")
                .map(|(r, c, _)| a1(r as u32 + r0, c as u32 + c0));
            assert_eq!(found[0]["cell"].as_str(), session_cell.as_deref(), "{file}");
        } else {
            assert!(found.is_empty(), "{file}: {found:#?}");
        }
    }
}

/// Every real grid marks with text; some colour their rows by part (rw-08), one highlights its
/// X cells and keeps the colour on a row it emptied and hid (rw-17): none is a `colour-mark`.
#[test]
fn no_real_grid_is_taken_for_colour_marks() {
    let Some(files) = files() else { return };
    let mut problems = Vec::new();
    for path in &files {
        let (_, json) = check(path);
        for f in findings(&json, "colour-mark") {
            problems.push(format!("{}: colour-mark at {}", name(path), f["cell"]));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
