//! Where `grille check` stands against the cost of reading: `cargo bench --bench check`.
//!
//! On the same 200 generated `.xlsx` sheets (a class as `tests/gen::batch_spec` hands it in:
//! the four layouts, random noise, faults), best of `--repeat` runs (5 by default), per sheet:
//! - (a) calamine alone reading every cell of every sheet, one core: the floor;
//! - (b) `grille::check::report_file` in this process, one core;
//! - (c) the whole `grille check --format json` process over all the files (the release
//!   binary, spawned), with `--jobs 1` and with every core;
//! - (d) the peer a teacher would write: `benches/openpyxl_peer.py` (openpyxl reading every
//!   cell and looking for the six competence headings), when Python is there; openpyxl is
//!   installed with pip into `target/bench-check/venv` on the first run. Measured twice: the
//!   workbook opened as a script usually opens it (`load_workbook(path)`), and in openpyxl's
//!   fastest mode (`read_only=True`), the strongest peer it can give.
//!
//! Options after `--`: `--repeat N`, `--no-peer`, `--corpus` (print the corpus folder and
//! stop: for `perf`, `valgrind` or `hyperfine` on the same files).
//!
//! Wall-clock times on a shared machine are noisy: best of N is the figure to read, and
//! before/after comparisons of grille's own code are better made with instruction counts
//! (`valgrind --tool=callgrind`).

#[path = "../tests/gen/mod.rs"]
mod sheetgen;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use calamine::{Data, Reader, open_workbook_auto};
use grille::Lang;
use grille::check::{CheckOptions, report_file};
use grille::template::Template;

/// Bump when the corpus changes, so that a stale cache is not reused.
const CORPUS_VERSION: &str = "v1";
const SHEETS: usize = 200;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let repeat: usize = args
        .iter()
        .position(|a| a == "--repeat")
        .and_then(|i| args.get(i + 1)?.parse().ok())
        .unwrap_or(5)
        .max(1);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-check");
    let files = corpus(&root.join(CORPUS_VERSION));
    if args.iter().any(|a| a == "--corpus") {
        println!("{}", root.join(CORPUS_VERSION).join("sheets").display());
        return;
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "grille check benchmark — {SHEETS} generated .xlsx sheets, best of {repeat}, {cores} cores available, {}",
        cpu_model()
    );
    let n = files.len() as f64;
    let show = |label: &str, secs: f64, floor: f64| {
        println!(
            "{label:<44} {:>9.3} s  {:>8.3} ms/sheet  {:>6.2} × floor",
            secs,
            secs * 1000.0 / n,
            secs / floor
        );
    };

    let floor = best(repeat, || read_every_cell(&files));
    show("(a) calamine, every cell, 1 core", floor, floor);

    let referential = grille::referential::embedded::get("bts-sio-b1").expect("referential");
    let template = Template::default_for("bts-sio-b1").expect("official template");
    let options = CheckOptions {
        referential: &referential,
        template: &template,
        lang: Lang::Fr,
    };
    let in_process = best(repeat, || {
        for path in &files {
            // Unreadable or gridless sheets are results too; the time is what matters.
            let _ = black_box(report_file(black_box(path), options));
        }
    });
    show("(b) check in process, 1 core", in_process, floor);

    let binary = Path::new(env!("CARGO_BIN_EXE_grille"));
    let one = best(repeat, || run_grille(binary, &files, Some(1)));
    show("(c) grille check process, --jobs 1", one, floor);
    let all = best(repeat, || run_grille(binary, &files, None));
    show(
        &format!("(c) grille check process, {cores} cores"),
        all,
        floor,
    );

    if args.iter().any(|a| a == "--no-peer") {
        return;
    }
    match peer_python(&root) {
        Some(python) => {
            let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/openpyxl_peer.py");
            // The peer is slow: best of 3 at most.
            let usual = best(repeat.min(3), || run_peer(&python, &script, &files, false));
            show("(d) openpyxl peer, load_workbook(path)", usual, floor);
            let fastest = best(repeat.min(3), || run_peer(&python, &script, &files, true));
            show("(d) openpyxl peer, read_only=True", fastest, floor);
            println!(
                "grille check: {:.2} × the floor on 1 core, {:.2} × on {cores}; \
                 faster than openpyxl as usually opened {:.0} × (1 core), {:.0} × ({cores}); \
                 than its read-only mode {:.0} × (1 core), {:.0} × ({cores})",
                one / floor,
                all / floor,
                usual / one,
                usual / all,
                fastest / one,
                fastest / all,
            );
        }
        None => println!("(d) openpyxl peer: Python or pip unavailable, skipped"),
    }
}

/// The fastest of `repeat` runs, in seconds.
fn best(repeat: usize, mut f: impl FnMut()) -> f64 {
    (0..repeat)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

/// The floor: open every file with calamine and touch every cell of every sheet.
fn read_every_cell(files: &[PathBuf]) {
    for path in files {
        let mut workbook = open_workbook_auto(path).expect("generated sheet");
        for name in workbook.sheet_names() {
            let range = workbook.worksheet_range(&name).expect("sheet");
            for cell in range.used_cells() {
                if let (_, _, Data::String(s)) = cell {
                    black_box(s.len());
                }
                black_box(cell);
            }
        }
    }
}

fn run_grille(binary: &Path, files: &[PathBuf], jobs: Option<usize>) {
    let mut command = Command::new(binary);
    command.args(["check", "--format", "json"]);
    if let Some(jobs) = jobs {
        command.args(["--jobs", &jobs.to_string()]);
    }
    let status = command
        .args(files)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("run grille");
    // 0, 1 (findings) and 2 (a damaged sheet) are all answers.
    assert!(status.code().is_some_and(|c| c <= 2), "grille: {status}");
}

fn run_peer(python: &Path, script: &Path, files: &[PathBuf], read_only: bool) {
    let mut command = Command::new(python);
    command.arg(script);
    if read_only {
        command.arg("--read-only");
    }
    let status = command
        .args(files)
        .stdout(Stdio::null())
        .status()
        .expect("run the openpyxl peer");
    assert!(status.success(), "openpyxl peer: {status}");
}

/// A Python with openpyxl: the system's if it has it, else a venv made once under `root`.
fn peer_python(root: &Path) -> Option<PathBuf> {
    let has_openpyxl = |python: &Path| {
        Command::new(python)
            .args(["-c", "import openpyxl"])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    let system = PathBuf::from("python3");
    if has_openpyxl(&system) {
        return Some(system);
    }
    let venv = root.join("venv");
    let python = venv.join("bin/python");
    if !has_openpyxl(&python) {
        eprintln!("installing openpyxl into {} (once)…", venv.display());
        let made = Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .status()
            .is_ok_and(|s| s.success());
        let installed = made
            && Command::new(&python)
                .args(["-m", "pip", "install", "--quiet", "openpyxl"])
                .status()
                .is_ok_and(|s| s.success());
        if !installed {
            return None;
        }
    }
    has_openpyxl(&python).then_some(python)
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into())
}

/// The 200 sheets, generated once into `dir/sheets` (numbered, so that they sort as made).
fn corpus(dir: &Path) -> Vec<PathBuf> {
    let sheets = dir.join("sheets");
    if !dir.join(".complete").exists() {
        let _ = std::fs::remove_dir_all(dir);
        std::fs::create_dir_all(&sheets).expect("corpus folder");
        for i in 0..SHEETS {
            let generated = sheetgen::generate(&sheetgen::batch_spec(i));
            let path = generated.write_xlsx(&sheets);
            let name = path.file_name().expect("file name").to_string_lossy();
            std::fs::rename(&path, sheets.join(format!("{i:04}-{name}"))).expect("rename");
        }
        std::fs::write(dir.join(".complete"), b"").expect("mark corpus complete");
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&sheets)
        .expect("corpus folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    files
}
