//! Writes generated sheets (`tests/gen`) to look at them: their cells, the findings and
//! coverage `grille check` must give, and the XLSX file.
//!
//! ```text
//! cargo run --example sheetgen -- list-noisy        # corpus sheets whose name contains it
//! cargo run --example sheetgen -- batch:411         # sheet 411 of the batch benchmark
//! cargo run --example sheetgen -- batch:411 /tmp/x  # written to /tmp/x (default: the temp dir)
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
    let specs: Vec<sheetgen::Spec> = match which.strip_prefix("batch:") {
        Some(n) => match n.parse() {
            Ok(i) => vec![sheetgen::batch_spec(i)],
            Err(_) => {
                eprintln!("batch:N needs a number, not {n:?}");
                return ExitCode::from(2);
            }
        },
        None => sheetgen::corpus(),
    };
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("{}: {e}", dir.display());
        return ExitCode::from(2);
    }
    let mut shown = 0;
    for spec in &specs {
        let g = sheetgen::generate(spec);
        if !which.starts_with("batch:") && !g.name.contains(&which) {
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
