//! Speed and memory of `grille batch` on a generated class of 1,000 sheets (mixed layouts,
//! noise and faults; one in five converted to ODS by LibreOffice, once, then cached).
//!
//! Run: `cargo bench --bench batch` (options after `--`: `--sizes 250,1000 --jobs 2
//! --repeat 5`). Checking only: no corrected grids, no outputs written — what is measured is
//! reading, extracting and checking every sheet.
//!
//! Each size runs in a fresh child process, so that its peak memory (VmHWM, from
//! /proc/self/status) is its own: memory that stays flat as the batch grows shows that files
//! are read one at a time per worker and only their reports are kept.

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "../tests/gen/mod.rs"]
mod sheetgen;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use grille::batch::{self, BatchOptions, Limits};

/// Bump when the corpus changes, so that a stale cache is not reused.
const CORPUS_VERSION: &str = "v1";
const CORPUS_SIZE: usize = 1000;

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(dir) = arg(&args, "--child") {
        let n: usize = arg(&args, "--n")
            .and_then(|s| s.parse().ok())
            .unwrap_or(CORPUS_SIZE);
        let jobs: usize = arg(&args, "--jobs")
            .and_then(|s| s.parse().ok())
            .unwrap_or(2);
        let repeat: usize = arg(&args, "--repeat")
            .and_then(|s| s.parse().ok())
            .unwrap_or(5);
        child(Path::new(&dir), n, jobs, repeat);
        return;
    }
    let sizes: Vec<usize> = arg(&args, "--sizes")
        .unwrap_or_else(|| "250,1000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let jobs = arg(&args, "--jobs").unwrap_or_else(|| "2".into());
    let repeat = arg(&args, "--repeat").unwrap_or_else(|| "5".into());
    let corpus = corpus();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "grille batch benchmark — {} cores available, --jobs {jobs}, {}",
        cores,
        cpu_model()
    );
    println!("corpus: {}", corpus.display());
    println!(
        "{:>6}  {:>10}  {:>10}  {:>12}  {:>10}",
        "sheets", "best (s)", "median (s)", "sheets/s", "VmHWM (MB)"
    );
    for n in sizes {
        let out = Command::new(std::env::current_exe().expect("bench binary"))
            .args(["--child", &corpus.display().to_string()])
            .args(["--n", &n.to_string(), "--jobs", &jobs, "--repeat", &repeat])
            .output()
            .expect("run the measuring child");
        let text = String::from_utf8_lossy(&out.stdout);
        if !out.status.success() {
            eprintln!(
                "child failed: {text}{}",
                String::from_utf8_lossy(&out.stderr)
            );
            std::process::exit(1);
        }
        print!("{text}");
    }
}

/// Measures one size in this (fresh) process.
fn child(dir: &Path, n: usize, jobs: usize, repeat: usize) {
    let referential = grille::referential::embedded::get("bts-sio-b1").expect("referential");
    let template = grille::template::Template::default_for("bts-sio-b1").expect("template");
    let mut options = BatchOptions::new(&referential, &template);
    options.fix = false;
    options.jobs = Some(jobs);
    let mut times = Vec::new();
    let mut summary = (0, 0, 0);
    for _ in 0..repeat.max(1) {
        let start = Instant::now();
        let mut collection = batch::input::collect(&[dir.to_path_buf()], &Limits::default(), &[]);
        collection.files.truncate(n);
        let total = collection.files.len();
        let result = batch::run(collection, &options, &|_| {}).expect("batch");
        times.push(start.elapsed().as_secs_f64());
        assert_eq!(result.items.len(), total);
        summary = (result.valid(), result.with_errors(), result.unreadable());
        drop(result);
    }
    times.sort_by(f64::total_cmp);
    let best = times[0];
    let median = times[times.len() / 2];
    println!(
        "{n:>6}  {best:>10.3}  {median:>10.3}  {:>12.0}  {:>10.1}   (valid {}, with errors {}, unreadable {})",
        n as f64 / best,
        vm_hwm_mb().unwrap_or(f64::NAN),
        summary.0,
        summary.1,
        summary.2
    );
}

/// Peak resident memory of this process, in MB (Linux).
fn vm_hwm_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
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

/// The generated class, cached in `target/bench-batch/<version>/` (XLSX, and ODS made by
/// LibreOffice from one sheet in five when it is installed).
fn corpus() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/bench-batch")
        .join(CORPUS_VERSION);
    let done = root.join(".complete");
    if done.exists() {
        return root.join("sheets");
    }
    let sheets = root.join("sheets");
    let staging = root.join("to-ods");
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&sheets).expect("corpus folder");
    std::fs::create_dir_all(&staging).expect("staging folder");
    eprintln!(
        "generating {CORPUS_SIZE} sheets in {} (once)…",
        sheets.display()
    );
    for i in 0..CORPUS_SIZE {
        // Random noise, and one fault on two sheets in three, as a real class would hand in
        // (shared with the regression cases of tests/check_generated.rs).
        let spec = sheetgen::batch_spec(i);
        let generated = sheetgen::generate(&spec);
        let target = if i % 5 == 4 { &staging } else { &sheets };
        let path = generated.write_xlsx(target);
        let numbered = target.join(format!("{i:04}-{}", file_name(&path)));
        std::fs::rename(&path, &numbered).expect("rename");
    }
    convert_to_ods(&staging, &sheets);
    std::fs::write(&done, b"").expect("mark corpus complete");
    sheets
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// One LibreOffice run converts the staged sheets to ODS; without LibreOffice they stay XLSX.
fn convert_to_ods(staging: &Path, sheets: &Path) {
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(staging)
        .expect("staging")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    inputs.sort();
    let profile = staging.with_file_name("lo-profile");
    let status = common::soffice_headless(Path::new("soffice"), &profile)
        .args(["--convert-to", "ods", "--outdir"])
        .arg(sheets)
        .args(&inputs)
        .output();
    // A sheet LibreOffice could not convert stays XLSX.
    let mut ods = 0;
    for p in &inputs {
        if sheets
            .join(p.with_extension("ods").file_name().unwrap_or_default())
            .exists()
        {
            ods += 1;
        } else {
            let _ = std::fs::rename(p, sheets.join(file_name(p)));
        }
    }
    match status {
        Ok(_) => eprintln!("{ods} of {} staged sheets converted to ODS", inputs.len()),
        Err(e) => eprintln!("LibreOffice unavailable ({e}): the ODS share stays XLSX"),
    }
    let _ = std::fs::remove_dir_all(&profile);
    let _ = std::fs::remove_dir_all(staging);
}
