//! Writes generated sheets (`tests/gen`) to look at them: their cells, the findings and
//! coverage `grille check` must give, and the XLSX file.
//!
//! ```text
//! cargo run --example sheetgen -- list-noisy        # corpus sheets whose name contains it
//! cargo run --example sheetgen -- batch:411         # sheet 411 of the batch benchmark
//! cargo run --example sheetgen -- batch:411 /tmp/x  # written to /tmp/x (default: the temp dir)
//! cargo run --example sheetgen -- adv:7:123         # sheet 123 of the accuracy corpus, seed 7
//! ```

#[path = "../tests/gen/mod.rs"]
mod sheetgen;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(which) = args.next() else {
        eprintln!("usage: sheetgen <name part | batch:N> [output folder]");
        return ExitCode::from(2);
    };
    let dir = args.next().map_or_else(
        || std::env::temp_dir().join("grille-generated"),
        PathBuf::from,
    );
    let replay = which.starts_with("batch:") || which.starts_with("adv:");
    let specs: Vec<sheetgen::Spec> = if let Some(n) = which.strip_prefix("batch:") {
        match n.parse() {
            Ok(i) => vec![sheetgen::batch_spec(i)],
            Err(_) => {
                eprintln!("batch:N needs a number, not {n:?}");
                return ExitCode::from(2);
            }
        }
    } else if let Some(rest) = which.strip_prefix("adv:") {
        // Sheet I of the accuracy corpus of seed S (`examples/accuracy.rs`), as XLSX.
        match rest.split_once(':').map(|(s, i)| (s.parse(), i.parse())) {
            Some((Ok(seed), Ok(i))) => vec![sheetgen::adversarial_spec(seed, i).0],
            _ => {
                eprintln!("adv:S:I needs two numbers, not {rest:?}");
                return ExitCode::from(2);
            }
        }
    } else {
        sheetgen::corpus()
    };
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("{}: {e}", dir.display());
        return ExitCode::from(2);
    }
    let mut shown = 0;
    for spec in &specs {
        let g = sheetgen::generate(spec);
        if !replay && !g.name.contains(&which) {
            continue;
        }
        shown += 1;
        println!("===== {} (exit {})", g.name, g.exit_code());
        for sheet in &g.book.sheets {
            println!("--- sheet {:?} merges {:?}", sheet.name, sheet.merges);
            for ((r, c), cell) in &sheet.cells {
                println!("{:>5} {:?}", sheetgen::a1(*r, *c), cell);
            }
        }
        for e in &g.expected {
            println!("expect {e}");
        }
        println!("coverage {:?} identity {:?}", g.coverage, g.identity);
        println!("written {}", g.write_xlsx(&dir).display());
    }
    if shown == 0 {
        eprintln!("no generated sheet is named like {which:?}");
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
