//! How well `grille check` reads sheets nobody here has seen: generates a fresh adversarial
//! corpus (`tests/gen`, every layout, noise, student family of issue 11 and fault, in the
//! five formats), checks each sheet in process and compares with what the sheet must give.
//!
//! ```text
//! cargo run --release --example accuracy -- --seed 7 --n 2000
//! cargo run --release --example accuracy -- --seed 7 --n 300 --formats xlsx,csv --show 5
//! cargo run --release --example accuracy -- --seed 7 --n 2000 --dir /tmp/corpus   # kept, reused
//! cargo run --release --example accuracy -- --seed 7 --exclude legend   # without a family
//! ```
//!
//! Prints precision, recall and F1 per finding kind and per layout, the overall F1, the share
//! of clean sheets that stay silent, the share of réalisations whose competence set is exact,
//! the unreadable sheets, then the families and failures that cost most, with example sheets
//! (replay one with `cargo run --example sheetgen -- adv:SEED:I`). Deterministic for a seed.
//! XLSM, XLS and ODS are converted from XLSX by LibreOffice (`soffice`); without it, those
//! sheets are left out (and counted).

#[path = "../tests/gen/mod.rs"]
mod sheetgen;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use grille::check::{CheckOptions, default_template, report_file};
use grille::template::Template;
use serde_json::Value;
use sheetgen::{FileFormat, Generated, Layout};

struct Args {
    seed: u64,
    n: usize,
    formats: Vec<FileFormat>,
    dir: Option<PathBuf>,
    show: usize,
    jobs: usize,
    /// Sheets carrying a family or noise whose name contains one of these are left out.
    exclude: Vec<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        seed: 1,
        n: 2000,
        formats: FileFormat::ALL.to_vec(),
        dir: None,
        show: 3,
        jobs: 2,
        exclude: Vec::new(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = || it.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--seed" => args.seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--n" => args.n = value()?.parse().map_err(|e| format!("--n: {e}"))?,
            "--show" => args.show = value()?.parse().map_err(|e| format!("--show: {e}"))?,
            "--jobs" => args.jobs = value()?.parse().map_err(|e| format!("--jobs: {e}"))?,
            "--dir" => args.dir = Some(PathBuf::from(value()?)),
            "--exclude" => args.exclude.push(value()?),
            "--formats" => {
                let v = value()?;
                args.formats = v
                    .split(',')
                    .map(|f| {
                        FileFormat::ALL
                            .into_iter()
                            .find(|x| x.extension() == f.trim())
                            .ok_or(format!("unknown format {f:?}"))
                    })
                    .collect::<Result<_, _>>()?;
            }
            _ => return Err(format!("unknown argument {a:?}")),
        }
    }
    args.jobs = args.jobs.max(1);
    Ok(args)
}

/// One sheet of the corpus: what it must give, and the file handed in.
struct Case {
    index: usize,
    generated: Generated,
    format: FileFormat,
    path: PathBuf,
    traits: Vec<String>,
}

/// What checking one file gave.
enum Outcome {
    Report(Value),
    Unreadable(String),
}

/// The families, noise and faults a sheet carries, to tell which cost most.
fn traits(g: &Generated, format: FileFormat) -> Vec<String> {
    let f = &g.spec.families;
    let n = &g.spec.noise;
    let mut t = vec![format!("format {}", format.extension())];
    let mut flag = |on: bool, name: &str| {
        if on {
            t.push(name.to_string());
        }
    };
    let official = g.layout == Layout::CompetenceColumns;
    flag(
        f.bullets != sheetgen::Bullet::Triangle
            && matches!(g.layout, Layout::CompetenceColumns | Layout::CompetenceRows),
        &format!("bullets {:?}", f.bullets),
    );
    flag(f.one_line && official, "activities on one line");
    flag(f.activity_periods, "activity trailing period");
    flag(
        f.heading_form != sheetgen::HeadingForm::AsNoise && g.layout != Layout::List,
        &format!("heading {:?}", f.heading_form),
    );
    flag(
        f.upper_headings && g.layout != Layout::List,
        "headings upper case",
    );
    flag(
        f.line_breaks && g.layout != Layout::List,
        "line breaks in headings",
    );
    flag(
        f.super_heading
            && matches!(
                g.layout,
                Layout::CompetenceColumns | Layout::ActivityColumns
            ),
        "super-heading row",
    );
    flag(
        f.split_headings
            && matches!(
                g.layout,
                Layout::CompetenceColumns | Layout::ActivityColumns
            ),
        "split headings",
    );
    flag(
        g.layout == Layout::CompetenceRows && f.transposed != sheetgen::Transposed::Rows,
        &format!("transposed {:?}", f.transposed),
    );
    flag(
        g.layout == Layout::List && f.list_headers,
        "list other headers",
    );
    flag(
        g.layout == Layout::List && f.list_code_titles,
        "list code+title lines",
    );
    flag(
        g.layout == Layout::List && n.list_activity_titles,
        "list activity titles",
    );
    flag(official && f.code_marks, "codes as marks");
    flag(
        f.shuffled_columns
            && matches!(
                g.layout,
                Layout::CompetenceColumns | Layout::ActivityColumns
            ),
        "shuffled competence columns",
    );
    flag(
        f.referential_sheet && format != FileFormat::Csv,
        "referential sheet",
    );
    flag(f.documents_in_titles, "documents under titles");
    flag(f.numbered_titles, "numbered titles");
    flag(
        official && f.gap_column,
        "blank column before the competences",
    );
    flag(official && f.split_period, "period over two columns");
    flag(
        f.legend && g.layout != Layout::CompetenceRows,
        "legend below the grid",
    );
    flag(n.v1, "v1 model");
    flag(n.activity_code_marks, "activity codes as marks (noise)");
    flag(n.offset_rows > 0, "rows above");
    flag(n.offset_cols > 0, "column on the left");
    flag(n.merges, "merges");
    flag(
        n.instructions_sheet && format != FileFormat::Csv,
        "instructions sheet",
    );
    flag(n.code_prefix, "code prefix (noise)");
    flag(n.broken_headings, "broken headings (noise)");
    flag(n.case_changes, "case changes (noise)");
    flag(n.straight_apostrophes, "straight apostrophes");
    flag(n.all_mark_forms, "every mark form");
    for fault in &g.spec.faults {
        t.push(format!("fault {}", fault.slug()));
    }
    if g.spec.faults.is_empty() {
        t.push("clean".into());
    }
    t
}

fn build_corpus(args: &Args, dir: &Path) -> (Vec<Case>, BTreeMap<FileFormat, usize>) {
    let mut cases = Vec::new();
    let mut left_out = BTreeMap::new();
    let soffice = find_soffice();
    for i in 0..args.n {
        let (spec, mut format) = sheetgen::adversarial_spec(args.seed, i);
        if !args.formats.contains(&format) {
            // Drawn in a format not asked for: handed in as the first one asked for.
            format = args.formats[0];
        }
        if format.needs_conversion() && soffice.is_none() {
            *left_out.entry(format).or_insert(0) += 1;
            continue;
        }
        let g = sheetgen::generate(&spec);
        let stem = format!("{i:04}-{}", g.name);
        let path = dir.join(format!("{stem}.{}", format.extension()));
        if !path.exists() {
            sheetgen::write_source(&g, format, dir, &stem);
        }
        let g = sheetgen::as_handed_in(&g, format, &stem);
        let traits = traits(&g, format);
        cases.push(Case {
            index: i,
            generated: g,
            format,
            path,
            traits,
        });
    }
    if let Some(soffice) = soffice {
        for format in FileFormat::ALL.into_iter().filter(|f| f.needs_conversion()) {
            let todo: Vec<&Case> = cases
                .iter()
                .filter(|c| c.format == format && !c.path.exists())
                .collect();
            for chunk in todo.chunks(100) {
                convert(&soffice, chunk, format, dir);
            }
        }
    }
    (cases, left_out)
}

fn find_soffice() -> Option<PathBuf> {
    let out = Command::new("which").arg("soffice").output().ok()?;
    let path = String::from_utf8_lossy(&out.stdout).trim().to_string();
    (out.status.success() && !path.is_empty()).then(|| PathBuf::from(path))
}

/// Converts the XLSX sources of `cases` into `format` with one LibreOffice call.
fn convert(soffice: &Path, cases: &[&Case], format: FileFormat, dir: &Path) {
    let profile = tempfile::tempdir().expect("profile dir");
    let filter = match format {
        FileFormat::Xlsm => "xlsm:Calc MS Excel 2007 VBA XML",
        FileFormat::Xls => "xls:MS Excel 97",
        _ => "ods",
    };
    let status = Command::new(soffice)
        .args([
            "--headless",
            "--norestore",
            "--nologo",
            "--nolockcheck",
            "--nodefault",
            "--nofirststartwizard",
        ])
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args(["--convert-to", filter, "--outdir"])
        .arg(dir)
        .args(cases.iter().map(|c| c.path.with_extension("xlsx")))
        .output();
    if let Err(e) = status {
        eprintln!("soffice: {e}");
    }
}

fn check_all(cases: &[Case], jobs: usize) -> Vec<Outcome> {
    let referential = grille::referential::load("bts-sio-b1").expect("embedded referential");
    let plain = default_template(&referential).expect("default template");
    let detailed = Template::load("bts-sio-e5-activites").expect("detailed template");
    let mut out: Vec<Option<Outcome>> = (0..cases.len()).map(|_| None).collect();
    let chunk = cases.len().div_ceil(jobs).max(1);
    std::thread::scope(|scope| {
        for (slots, part) in out.chunks_mut(chunk).zip(cases.chunks(chunk)) {
            let (referential, plain, detailed) = (&referential, &plain, &detailed);
            scope.spawn(move || {
                for (slot, case) in slots.iter_mut().zip(part) {
                    let template = if case.generated.template().is_some() {
                        detailed
                    } else {
                        plain
                    };
                    let options = CheckOptions {
                        referential,
                        template,
                        lang: grille::Lang::Fr,
                    };
                    let result = std::panic::catch_unwind(|| report_file(&case.path, options));
                    *slot = Some(match result {
                        Ok(Ok(report)) => {
                            Outcome::Report(serde_json::to_value(&report).expect("report JSON"))
                        }
                        Ok(Err(e)) => Outcome::Unreadable(e.message(grille::Lang::Fr)),
                        Err(_) => Outcome::Unreadable("panic".into()),
                    });
                }
            });
        }
    });
    out.into_iter().map(|o| o.expect("checked")).collect()
}

/// A finding as compared: (kind, cell, competence, activity).
fn key(f: &Value) -> (String, String) {
    let s = |k: &str| f[k].as_str().unwrap_or("-").to_string();
    (
        s("kind"),
        format!(
            "@{} comp={} act={}",
            s("cell"),
            s("competence"),
            s("activity")
        ),
    )
}

#[derive(Default, Clone, Copy)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Counts {
    fn add(&mut self, o: Counts) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
    fn precision(self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    fn recall(self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    fn f1(self) -> f64 {
        ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn_)
    }
}

/// A share, 1 when there is nothing to get right.
fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// How one sheet compares.
#[derive(Default)]
struct Comparison {
    by_kind: BTreeMap<String, Counts>,
    /// (kind, "missed" | "false alarm", detail).
    errors: Vec<(String, &'static str, String)>,
    realisations: usize,
    realisations_exact: usize,
    layout_wrong: bool,
    unreadable: bool,
}

fn compare(g: &Generated, outcome: &Outcome) -> Comparison {
    let mut c = Comparison::default();
    let expected: Vec<(String, String)> = g
        .expected
        .iter()
        .map(|e| {
            let s = e.to_string();
            let (kind, rest) = s.split_once(' ').unwrap_or((&s, ""));
            (kind.to_string(), rest.to_string())
        })
        .collect();
    c.realisations = g.realisations.len();
    let json = match outcome {
        Outcome::Report(v) => v,
        Outcome::Unreadable(reason) => {
            c.unreadable = true;
            for (kind, detail) in expected {
                c.by_kind.entry(kind.clone()).or_default().fn_ += 1;
                c.errors.push((kind, "missed", detail));
            }
            c.errors
                .push(("unreadable".into(), "false alarm", reason.clone()));
            return c;
        }
    };
    c.layout_wrong = json["layout"] != g.layout.name();
    let mut actual: Vec<(String, String)> = json["findings"]
        .as_array()
        .map(|a| a.iter().map(key).collect())
        .unwrap_or_default();
    for e in expected {
        if let Some(at) = actual.iter().position(|a| *a == e) {
            actual.swap_remove(at);
            c.by_kind.entry(e.0).or_default().tp += 1;
        } else {
            c.by_kind.entry(e.0.clone()).or_default().fn_ += 1;
            c.errors.push((e.0, "missed", e.1));
        }
    }
    for a in actual {
        c.by_kind.entry(a.0.clone()).or_default().fp += 1;
        c.errors.push((a.0, "false alarm", a.1));
    }
    let read: BTreeMap<String, BTreeSet<String>> = json["realisations"]
        .as_array()
        .map(|rs| {
            rs.iter()
                .map(|r| {
                    let comps = r["competences"]
                        .as_array()
                        .map(|a| {
                            a.iter()
                                .filter_map(|v| v.as_str().map(str::to_string))
                                .collect()
                        })
                        .unwrap_or_default();
                    (r["cell"].as_str().unwrap_or("").to_string(), comps)
                })
                .collect()
        })
        .unwrap_or_default();
    for (cell, comps) in &g.realisations {
        let want: BTreeSet<String> = comps.iter().cloned().collect();
        if read.get(cell) == Some(&want) {
            c.realisations_exact += 1;
        }
    }
    c
}

fn pct(x: f64) -> String {
    format!("{:.1} %", 100.0 * x)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!(
                "accuracy: {e}\nusage: accuracy [--seed N] [--n N] [--formats xlsx,xlsm,xls,ods,csv] [--dir DIR] [--show K] [--jobs J] [--exclude FAMILY]..."
            );
            return ExitCode::from(2);
        }
    };
    let temp = tempfile::tempdir().expect("temp dir");
    let dir = args
        .dir
        .clone()
        .unwrap_or_else(|| temp.path().to_path_buf());
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("{}: {e}", dir.display());
        return ExitCode::from(2);
    }
    let (mut cases, left_out) = build_corpus(&args, &dir);
    let before = cases.len();
    cases.retain(|c| {
        !c.traits
            .iter()
            .any(|t| args.exclude.iter().any(|x| t.contains(x.as_str())))
    });
    if cases.len() < before {
        println!(
            "{} sheets left out by --exclude {}",
            before - cases.len(),
            args.exclude.join(", ")
        );
    }
    let outcomes = check_all(&cases, args.jobs);

    let mut by_kind: BTreeMap<String, Counts> = BTreeMap::new();
    let mut by_layout: BTreeMap<&str, (Counts, usize, usize, usize)> = BTreeMap::new();
    let mut by_format: BTreeMap<&str, (Counts, usize)> = BTreeMap::new();
    let mut overall = Counts::default();
    let (mut clean, mut clean_silent) = (0, 0);
    let (mut reals, mut reals_exact) = (0, 0);
    let (mut unreadable, mut layout_wrong) = (0, 0);
    let mut by_trait: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut failures: BTreeMap<(String, &str, &'static str), Vec<String>> = BTreeMap::new();
    let mut wrong_sheets = 0;
    for (case, outcome) in cases.iter().zip(&outcomes) {
        let g = &case.generated;
        let c = compare(g, outcome);
        let mut sheet = Counts::default();
        for (kind, k) in &c.by_kind {
            by_kind.entry(kind.clone()).or_default().add(*k);
            sheet.add(*k);
        }
        overall.add(sheet);
        let layout = by_layout.entry(g.layout.name()).or_default();
        layout.0.add(sheet);
        layout.1 += 1;
        let format = by_format.entry(case.format.extension()).or_default();
        format.0.add(sheet);
        format.1 += 1;
        if g.expected.is_empty() {
            clean += 1;
            let silent = matches!(outcome, Outcome::Report(v)
                if v["findings"].as_array().is_some_and(Vec::is_empty));
            clean_silent += usize::from(silent);
            layout.2 += 1;
            layout.3 += usize::from(silent);
        }
        reals += c.realisations;
        reals_exact += c.realisations_exact;
        unreadable += usize::from(c.unreadable);
        layout_wrong += usize::from(c.layout_wrong && !c.unreadable);
        let wrong = !c.errors.is_empty() || c.realisations_exact < c.realisations || c.layout_wrong;
        wrong_sheets += usize::from(wrong);
        for t in &case.traits {
            let e = by_trait.entry(t.clone()).or_default();
            e.0 += 1;
            e.1 += usize::from(wrong);
        }
        for (kind, what, detail) in c.errors {
            failures
                .entry((kind, g.layout.name(), what))
                .or_default()
                .push(format!(
                    "adv:{}:{} {} ({detail})",
                    args.seed,
                    case.index,
                    case.path.file_name().unwrap_or_default().to_string_lossy()
                ));
        }
        if c.realisations_exact < c.realisations && !c.unreadable {
            failures
                .entry((
                    "réalisation competence set".into(),
                    g.layout.name(),
                    "wrong",
                ))
                .or_default()
                .push(format!(
                    "adv:{}:{} {} ({} of {} exact)",
                    args.seed,
                    case.index,
                    case.path.file_name().unwrap_or_default().to_string_lossy(),
                    c.realisations_exact,
                    c.realisations
                ));
        }
    }

    println!(
        "grille accuracy — seed {}, {} sheets generated, {} checked",
        args.seed,
        args.n,
        cases.len()
    );
    for (format, n) in &left_out {
        println!(
            "  {n} {} sheets left out: LibreOffice (soffice) not found",
            format.extension()
        );
    }
    println!();
    println!(
        "{:<20} {:>6} {:>6} {:>5} {:>5} {:>9} {:>7} {:>7} {:>13}",
        "layout", "sheets", "TP", "FP", "FN", "precision", "recall", "F1", "clean silent"
    );
    for (layout, (k, n, cl, si)) in &by_layout {
        println!(
            "{:<20} {:>6} {:>6} {:>5} {:>5} {:>9.3} {:>7.3} {:>7.3} {:>13}",
            layout,
            n,
            k.tp,
            k.fp,
            k.fn_,
            k.precision(),
            k.recall(),
            k.f1(),
            format!("{si}/{cl}")
        );
    }
    println!(
        "{:<20} {:>6} {:>6} {:>5} {:>5} {:>9.3} {:>7.3} {:>7.3}",
        "overall",
        cases.len(),
        overall.tp,
        overall.fp,
        overall.fn_,
        overall.precision(),
        overall.recall(),
        overall.f1()
    );
    println!();
    println!(
        "{:<28} {:>6} {:>5} {:>5} {:>9} {:>7} {:>7}",
        "finding kind", "TP", "FP", "FN", "precision", "recall", "F1"
    );
    for (kind, k) in &by_kind {
        println!(
            "{:<28} {:>6} {:>5} {:>5} {:>9.3} {:>7.3} {:>7.3}",
            kind,
            k.tp,
            k.fp,
            k.fn_,
            k.precision(),
            k.recall(),
            k.f1()
        );
    }
    println!();
    println!("{:<8} {:>6} {:>7}", "format", "sheets", "F1");
    for (format, (k, n)) in &by_format {
        println!("{:<8} {:>6} {:>7.3}", format, n, k.f1());
    }
    println!();
    println!("overall F1: {:.3}", overall.f1());
    println!(
        "clean sheets silent: {clean_silent} / {clean} ({})",
        pct(ratio(clean_silent, clean))
    );
    println!(
        "réalisations with the exact competence set: {reals_exact} / {reals} ({})",
        pct(ratio(reals_exact, reals))
    );
    println!("unreadable sheets: {unreadable}");
    for (case, outcome) in cases.iter().zip(&outcomes) {
        if let Outcome::Unreadable(reason) = outcome {
            println!("          adv:{}:{} {reason}", args.seed, case.index);
        }
    }
    println!("sheets read in another layout: {layout_wrong}");
    println!(
        "sheets not read exactly: {wrong_sheets} / {} ({})",
        cases.len(),
        pct(ratio(wrong_sheets, cases.len()))
    );
    println!();
    println!("families and noise, by share of sheets not read exactly:");
    let mut traits: Vec<_> = by_trait.into_iter().collect();
    traits.sort_by(|a, b| {
        let (ra, rb) = (ratio(a.1.1, a.1.0), ratio(b.1.1, b.1.0));
        rb.total_cmp(&ra).then(a.0.cmp(&b.0))
    });
    for (name, (n, wrong)) in traits.iter().filter(|t| t.1.1 > 0).take(25) {
        println!(
            "  {:>6}  {wrong:>4} / {n:<4}  {name}",
            pct(ratio(*wrong, *n))
        );
    }
    println!();
    println!("top failures (kind, layout): count, examples");
    let mut failures: Vec<_> = failures.into_iter().collect();
    failures.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
    for ((kind, layout, what), examples) in failures.iter().take(20) {
        println!("  {:>4}  {kind} {what} — {layout}", examples.len());
        for e in examples.iter().take(args.show) {
            println!("          {e}");
        }
    }
    ExitCode::SUCCESS
}
