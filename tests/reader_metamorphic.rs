//! Metamorphic tests on the real grids of `../shared/realworld/` (skipped when absent): each
//! grid is edited the way students edit the model — activity bullets retyped « - », « • » or
//! removed, headings in capitals or prefixed by their code, straight apostrophes, `x` for
//! `X`, rows inserted above the grid, a blank column on the left — and must read exactly as
//! the unedited grid: same layout, réalisations, competence sets, coverage and findings (cells
//! compared once the shift of the edit is undone).
//!
//! Both the reference and the edited copies are rewritten here with rust_xlsxwriter from what
//! calamine reads (values and merges), into a temporary folder: what is compared is the
//! edit alone, never the rewriting.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx, open_workbook};
use grille::grid::Target;
use grille::grid::heading::HeadingMatcher;
use rust_xlsxwriter::{Format, Workbook};
use serde_json::Value;

#[derive(Clone)]
struct SheetData {
    name: String,
    cells: BTreeMap<(u32, u32), Data>,
    merges: Vec<(u32, u32, u32, u32)>,
}

fn load(path: &Path) -> Vec<SheetData> {
    let mut book: Xlsx<_> = open_workbook(path).expect("readable real grid");
    let names = book.sheet_names();
    let mut out = Vec::new();
    for name in names {
        let Ok(range) = book.worksheet_range(&name) else {
            continue;
        };
        let mut cells = BTreeMap::new();
        for (row, col, value) in range.used_cells() {
            // calamine's range starts at its first used cell: positions made absolute.
            let (r0, c0) = range.start().unwrap_or((0, 0));
            if !matches!(value, Data::Empty | Data::Error(_)) {
                cells.insert((r0 + row as u32, c0 + col as u32), value.clone());
            }
        }
        let merges = book
            .merge_cells_by_sheet_name(&name)
            .map(|m| {
                m.iter()
                    .map(|d| (d.start.0, d.start.1, d.end.0, d.end.1))
                    .collect()
            })
            .unwrap_or_default();
        out.push(SheetData {
            name,
            cells,
            merges,
        });
    }
    out
}

fn save(sheets: &[SheetData], path: &Path) {
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let plain = Format::new();
    for s in sheets {
        let ws = book.add_worksheet();
        ws.set_name(&s.name).unwrap();
        for &(r0, c0, r1, c1) in &s.merges {
            if (r0, c0) == (r1, c1) {
                continue;
            }
            let text = match s.cells.get(&(r0, c0)) {
                Some(Data::String(t)) => t.clone(),
                Some(other) if !matches!(other, Data::Empty) => other.to_string(),
                _ => String::new(),
            };
            ws.merge_range(r0, c0 as u16, r1, c1 as u16, &text, &plain)
                .unwrap();
        }
        for (&(r, c), v) in &s.cells {
            let merged_first = s
                .merges
                .iter()
                .any(|&(r0, c0, r1, c1)| (r0, c0) == (r, c) && (r1, c1) != (r, c));
            if merged_first {
                continue;
            }
            let c = c as u16;
            match v {
                Data::String(t) => ws.write_string(r, c, t).map(|_| ()),
                Data::Float(f) => ws.write_number(r, c, *f).map(|_| ()),
                Data::Int(i) => ws.write_number(r, c, *i as f64).map(|_| ()),
                Data::Bool(b) => ws.write_boolean(r, c, *b).map(|_| ()),
                Data::DateTime(d) => ws
                    .write_number_with_format(r, c, d.as_f64(), &date)
                    .map(|_| ()),
                Data::DateTimeIso(t) | Data::DurationIso(t) => ws.write_string(r, c, t).map(|_| ()),
                Data::Empty | Data::Error(_) => Ok(()),
            }
            .unwrap();
        }
    }
    book.save(path).unwrap();
}

/// An edit of every sheet, and the shift (rows, columns) it moves the grid by.
struct Edit {
    name: &'static str,
    shift: (u32, u32),
    apply: fn(&mut SheetData),
}

fn map_text(s: &mut SheetData, f: impl Fn(&str) -> Option<String>) {
    for v in s.cells.values_mut() {
        if let Data::String(t) = v
            && let Some(new) = f(t)
        {
            *t = new;
        }
    }
}

fn retype_bullets(s: &mut SheetData, bullet: &str) {
    map_text(s, |t| {
        t.contains(['▸', '►'])
            .then(|| t.replace(['▸', '►'], bullet))
    });
}

/// The competence a heading cell names (not a code alone, not a mark).
fn competence_heading(matcher: &HeadingMatcher<'_>, text: &str) -> Option<String> {
    if text.trim().len() < 12 {
        return None;
    }
    match matcher.exact(text) {
        Some(Target::Competence(c)) => Some(c),
        _ => None,
    }
}

fn edit_headings(s: &mut SheetData, f: fn(&str, &str) -> String) {
    let r = grille::referential::embedded::get("bts-sio-b1").unwrap();
    let m = HeadingMatcher::new(&r);
    map_text(s, |t| competence_heading(&m, t).map(|code| f(&code, t)));
}

/// A long heading's first line shortened to its first half (three words at least), the lines
/// after it kept: « Répondre aux incidents et aux demandes… » → « Répondre aux incidents et ».
/// Students shorten the long titles; the short ones (« Travailler en mode projet ») stay.
fn cut_short(t: &str) -> String {
    let (first, rest) = t.split_once('\n').unwrap_or((t, ""));
    let words: Vec<&str> = first.split_whitespace().collect();
    if words.len() <= 6 {
        return t.to_string();
    }
    let keep = words.len().div_ceil(2).max(3).min(words.len());
    let short = words[..keep].join(" ");
    if rest.is_empty() {
        short
    } else {
        format!("{short}\n{rest}")
    }
}

fn shift(s: &mut SheetData, dr: u32, dc: u32) {
    s.cells = std::mem::take(&mut s.cells)
        .into_iter()
        .map(|((r, c), v)| ((r + dr, c + dc), v))
        .collect();
    for m in &mut s.merges {
        *m = (m.0 + dr, m.1 + dc, m.2 + dr, m.3 + dc);
    }
}

const EDITS: &[Edit] = &[
    Edit {
        name: "bullets « - »",
        shift: (0, 0),
        apply: |s| retype_bullets(s, "- "),
    },
    Edit {
        name: "bullets « • »",
        shift: (0, 0),
        apply: |s| retype_bullets(s, "• "),
    },
    Edit {
        name: "bullets removed",
        shift: (0, 0),
        apply: |s| retype_bullets(s, ""),
    },
    Edit {
        name: "headings in capitals",
        shift: (0, 0),
        apply: |s| edit_headings(s, |_, t| t.to_uppercase()),
    },
    Edit {
        name: "headings prefixed « B1.1 »",
        shift: (0, 0),
        apply: |s| edit_headings(s, |code, t| format!("{code} {}", t.trim_start())),
    },
    Edit {
        name: "long headings cut short at a word",
        shift: (0, 0),
        apply: |s| edit_headings(s, |_, t| cut_short(t)),
    },
    Edit {
        name: "straight apostrophes",
        shift: (0, 0),
        apply: |s| map_text(s, |t| t.contains('’').then(|| t.replace('’', "'"))),
    },
    Edit {
        name: "x for X",
        shift: (0, 0),
        apply: |s| map_text(s, |t| (t.trim() == "X").then(|| t.replace('X', "x"))),
    },
    Edit {
        name: "rows inserted above",
        shift: (3, 0),
        apply: |s| shift(s, 3, 0),
    },
    Edit {
        name: "blank column on the left",
        shift: (0, 1),
        apply: |s| shift(s, 0, 1),
    },
    Edit {
        name: "all at once",
        shift: (2, 1),
        apply: |s| {
            retype_bullets(s, "");
            edit_headings(s, |code, t| format!("{code} - {}", t.to_uppercase()));
            map_text(s, |t| t.contains('’').then(|| t.replace('’', "'")));
            shift(s, 2, 1);
        },
    },
];

/// « D12 » moved back by the edit's shift.
fn unshift(a1: &str, (dr, dc): (u32, u32)) -> String {
    let letters: String = a1.chars().take_while(char::is_ascii_alphabetic).collect();
    let Ok(row) = a1[letters.len()..].parse::<u32>() else {
        return a1.to_string();
    };
    let col = letters.chars().fold(0u32, |n, c| {
        n * 26 + (c.to_ascii_uppercase() as u32 - 'A' as u32 + 1)
    }) - 1;
    format!(
        "{}{}",
        grille::model::column_name(col.saturating_sub(dc)),
        row.saturating_sub(dr)
    )
}

/// What must not change: a readable summary, cells moved back, apostrophes alike.
fn reading(code: i32, json: &Value, shift: (u32, u32)) -> Vec<String> {
    let s = |v: &Value| v.as_str().unwrap_or("").replace('’', "'");
    let mut out = vec![
        format!("exit {code}"),
        format!("layout {}", s(&json["layout"])),
        format!("coverage {}", json["coverage"]),
    ];
    for r in json["realisations"].as_array().into_iter().flatten() {
        out.push(format!(
            "réalisation {} {:?} {} {}",
            unshift(&s(&r["cell"]), shift),
            s(&r["title"]),
            r["competences"],
            r["activities"]
        ));
    }
    for f in json["findings"].as_array().into_iter().flatten() {
        out.push(format!(
            "finding {} {} {} {} {}",
            s(&f["kind"]),
            s(&f["severity"]),
            unshift(&s(&f["cell"]), shift),
            s(&f["competence"]),
            s(&f["activity"])
        ));
    }
    out
}

fn real_grids() -> Option<Vec<PathBuf>> {
    let dir = common::realworld()?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .collect();
    files.sort();
    Some(files)
}

#[test]
fn real_grids_edited_as_students_do_read_as_the_original() {
    let Some(files) = real_grids() else { return };
    assert!(files.len() >= 20, "{} real grids", files.len());
    let dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    // How many grids each edit changed: an edit that changes nothing proves nothing.
    let mut changed = vec![0usize; EDITS.len()];
    for file in &files {
        let stem = file.file_stem().unwrap().to_string_lossy().to_string();
        let sheets = load(file);
        let reference = dir.path().join(format!("{stem}.xlsx"));
        save(&sheets, &reference);
        let (code, json) = common::check_json(&reference);
        let count = |j: &Value| j["realisations"].as_array().map_or(0, Vec::len);
        let (_, original) = common::check_json(file);
        assert_eq!(
            count(&json),
            count(&original),
            "{stem}: the rewritten reference reads otherwise than the file: {json}"
        );
        let expected = reading(code, &json, (0, 0));
        for (e, edit) in EDITS.iter().enumerate() {
            let mut edited = sheets.clone();
            for s in &mut edited {
                (edit.apply)(s);
            }
            if edited.iter().zip(&sheets).any(|(a, b)| a.cells != b.cells) {
                changed[e] += 1;
            }
            let path = dir.path().join(format!("{stem}-edit.xlsx"));
            save(&edited, &path);
            let (code, json) = common::check_json(&path);
            let got = reading(code, &json, edit.shift);
            if got != expected {
                let missing: Vec<&String> = expected.iter().filter(|l| !got.contains(l)).collect();
                let extra: Vec<&String> = got.iter().filter(|l| !expected.contains(l)).collect();
                failures.push(format!(
                    "{stem} / {}:\n  lost: {missing:?}\n  new:  {extra:?}",
                    edit.name
                ));
            }
        }
    }
    for (edit, n) in EDITS.iter().zip(&changed) {
        assert!(
            *n * 2 >= files.len(),
            "{}: changed {n} grids only",
            edit.name
        );
    }
    assert!(
        failures.is_empty(),
        "{} edited grids read differently:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
