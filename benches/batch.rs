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
//!
//! `--process 1000,5000` also runs the whole `grille batch -o` process (release binary) at
//! those sizes, every output written, with `--no-fix` and with corrected grids: its time per
//! sheet must not grow with the batch (a cost per pair of files once made 5,000 sheets take
//! three minutes), and its peak memory is what a secretariat's machine sees. Sizes above the
//! corpus are hard-linked copies of it in subfolders.

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
    if let Some(sizes) = arg(&args, "--process") {
        let sizes: Vec<usize> = sizes
            .split(',')
            .filter_map(|s| s.trim().parse().ok())
            .collect();
        let repeat = repeat.parse().unwrap_or(5);
        whole_process(&corpus, &sizes, &jobs, repeat);
    }
}

/// The whole `grille batch DIR -o OUT` process at each size, `--no-fix` and with corrected
/// grids: best wall time of `repeat`, per sheet, and the highest peak memory seen.
fn whole_process(corpus: &Path, sizes: &[usize], jobs: &str, repeat: usize) {
    let grille = Path::new(env!("CARGO_BIN_EXE_grille"));
    println!();
    println!(
        "whole process: {} batch DIR -o OUT --jobs {jobs}",
        grille.display()
    );
    println!(
        "{:>6}  {:<16}  {:>10}  {:>14}  {:>10}",
        "sheets", "outputs", "best (s)", "per sheet (ms)", "VmHWM (MB)"
    );
    for &n in sizes {
        let class = class_of(corpus, n);
        for (label, extra) in [("--no-fix", Some("--no-fix")), ("corrected grids", None)] {
            let mut best = f64::INFINITY;
            let mut peak = 0.0_f64;
            for _ in 0..repeat.max(1) {
                let out = tempfile::tempdir().expect("output folder");
                let mut command = Command::new(grille);
                command
                    .arg("batch")
                    .arg(&class)
                    .arg("-o")
                    .arg(out.path().join("sortie"))
                    .args(["--jobs", jobs])
                    .args(extra)
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::null());
                let start = Instant::now();
                let mut child = command.spawn().expect("run grille");
                // VmHWM only grows: the last reading before the process ends is its peak
                // (to within the polling interval).
                let mut hwm = 0.0_f64;
                let status = loop {
                    if let Some(status) = child.try_wait().expect("wait for grille") {
                        break status;
                    }
                    if let Some(mb) = vm_hwm_mb_of(&format!("/proc/{}/status", child.id())) {
                        hwm = hwm.max(mb);
                    }
                    std::thread::sleep(std::time::Duration::from_millis(2));
                };
                best = best.min(start.elapsed().as_secs_f64());
                peak = peak.max(hwm);
                // 1: findings in the class (the corpus has faults on purpose).
                assert!(
                    matches!(status.code(), Some(0 | 1)),
                    "grille batch failed on {}: {status}",
                    class.display()
                );
            }
            println!(
                "{n:>6}  {label:<16}  {best:>10.3}  {:>14.3}  {peak:>10.1}",
                best * 1000.0 / n as f64
            );
        }
    }
}

/// A folder of `n` sheets of the corpus, hard-linked (copied where links are refused), in
/// subfolders `copie-1`, `copie-2`… of the corpus's size; made once.
fn class_of(corpus: &Path, n: usize) -> PathBuf {
    let root = corpus.with_file_name(format!("class-{n}"));
    let done = root.join(".complete");
    if done.exists() {
        return root;
    }
    let _ = std::fs::remove_dir_all(&root);
    let mut sheets: Vec<PathBuf> = std::fs::read_dir(corpus)
        .expect("corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    sheets.sort();
    for i in 0..n {
        let copy = root.join(format!("copie-{}", i / sheets.len() + 1));
        std::fs::create_dir_all(&copy).expect("class folder");
        let from = &sheets[i % sheets.len()];
        let to = copy.join(file_name(from));
        if std::fs::hard_link(from, &to).is_err() {
            std::fs::copy(from, &to).expect("copy a sheet");
        }
    }
    std::fs::write(&done, b"").expect("mark the class complete");
    root
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
    vm_hwm_mb_of("/proc/self/status")
}

/// Peak resident memory of the process whose `/proc/…/status` this is, in MB (Linux).
fn vm_hwm_mb_of(status: &str) -> Option<f64> {
    let status = std::fs::read_to_string(status).ok()?;
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
