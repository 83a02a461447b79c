//! The adversarial corpus of issue 11 (`examples/accuracy.rs`): sheet `i` of seed `s` draws
//! a layout, random noise, the student families of [`Families`], zero to two faults and a
//! file format, all from `(s, i)` alone — so one sheet can be replayed
//! (`cargo run --example sheetgen -- adv:S:I`) without generating the others.

use super::build::families::Families;
use super::{BadPeriod, Fault, Field, Generated, Layout, Noise, Rng, Spec, sheet};

/// The five file formats a teacher receives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FileFormat {
    Xlsx,
    Xlsm,
    Xls,
    Ods,
    Csv,
}

impl FileFormat {
    pub const ALL: [FileFormat; 5] = [
        FileFormat::Xlsx,
        FileFormat::Xlsm,
        FileFormat::Xls,
        FileFormat::Ods,
        FileFormat::Csv,
    ];

    pub fn extension(self) -> &'static str {
        match self {
            FileFormat::Xlsx => "xlsx",
            FileFormat::Xlsm => "xlsm",
            FileFormat::Xls => "xls",
            FileFormat::Ods => "ods",
            FileFormat::Csv => "csv",
        }
    }

    /// Formats LibreOffice must convert the XLSX into.
    pub fn needs_conversion(self) -> bool {
        matches!(self, FileFormat::Xlsm | FileFormat::Xls | FileFormat::Ods)
    }

    /// Whether grille reads cell fills from it (`colour-mark`).
    pub fn keeps_fills(self) -> bool {
        matches!(self, FileFormat::Xlsx | FileFormat::Xlsm)
    }
}

const INVALID_MARKS: [&str; 4] = ["peut-être", "?", "à faire", "en partie"];

/// One fault of any kind, its parameters drawn too.
fn any_fault(rng: &mut Rng) -> Fault {
    match rng.below(13) {
        0 => Fault::MissingField(*rng.pick(&Field::ALL)),
        1 => Fault::MissingCompetence(rng.below(6)),
        2 => {
            // B1.x has 4 to 6 activities: the first four exist everywhere.
            Fault::MissingActivity(rng.below(6), rng.below(4))
        }
        3 => Fault::MisassignedActivity,
        4 => Fault::UnknownColumn,
        5 => Fault::OutdatedReferential,
        6 => {
            let mark: &'static str = INVALID_MARKS[rng.below(INVALID_MARKS.len())];
            Fault::InvalidMark(mark)
        }
        7 => Fault::InvalidPeriod(*rng.pick(&BadPeriod::ALL)),
        8 => Fault::EmptyTitle,
        9 => Fault::TooFewRealisations,
        10 => Fault::DuplicateRealisation,
        11 => Fault::OutdatedModel,
        _ => Fault::ColourMark,
    }
}

/// A second fault that combines with any other (its findings are independent).
fn independent_fault(rng: &mut Rng, layout: Layout) -> Fault {
    match rng.below(3) {
        0 => Fault::MissingField(*rng.pick(&Field::ALL)),
        1 => Fault::InvalidPeriod(*rng.pick(&BadPeriod::ALL)),
        _ if layout != Layout::List => Fault::UnknownColumn,
        _ => Fault::MissingField(Field::School),
    }
}

/// Sheet `i` of the corpus of `seed`, and the format to hand it in.
pub fn adversarial_spec(seed: u64, i: usize) -> (Spec, FileFormat) {
    let sheet_seed = seed
        .wrapping_mul(1_000_003)
        .wrapping_add(i as u64)
        .wrapping_add(7_000_000);
    let mut rng = Rng::new(sheet_seed ^ 0xAD5E_75A1);
    let layout = *rng.pick(&Layout::ALL);
    let mut noise = Noise::random(&mut rng);
    if layout == Layout::CompetenceColumns {
        noise.v1 = rng.one_in(6);
        noise.activity_code_marks = rng.one_in(6);
    }
    let mut faults = Vec::new();
    let draw = rng.below(10);
    if draw >= 3 {
        for _ in 0..8 {
            let f = any_fault(&mut rng);
            let clashes = noise.v1 && matches!(f, Fault::OutdatedModel);
            if f.applies_to(layout) && !clashes {
                faults.push(f);
                break;
            }
        }
    }
    if draw == 9 {
        let f = independent_fault(&mut rng, layout);
        if !faults.contains(&f) && f.applies_to(layout) {
            faults.push(f);
        }
    }
    let families = if rng.one_in(6) {
        Families::default()
    } else {
        Families::random(&mut rng, layout, &faults)
    };
    let format = match rng.below(20) {
        0..=5 => FileFormat::Xlsx,
        6..=8 => FileFormat::Xlsm,
        9..=11 => FileFormat::Xls,
        12..=15 => FileFormat::Ods,
        _ => FileFormat::Csv,
    };
    let mut spec = Spec::clean(sheet_seed, layout)
        .with_noise(noise)
        .with_families(families);
    spec.faults = faults;
    (spec, format)
}

/// The expectations of a generated sheet once handed in as `format` (named `stem`): no fills
/// outside XLSX/XLSM, and a CSV file holds the grid sheet alone, named after the file.
pub fn as_handed_in(g: &Generated, format: FileFormat, stem: &str) -> Generated {
    let mut g = if format.keeps_fills() {
        g.clone()
    } else {
        g.without_fills()
    };
    if format == FileFormat::Csv {
        g.grid_sheet = stem.to_string();
        // The older model is told by its sheet's name (« … Épreuve E4 »), which a CSV file
        // does not keep.
        g.expected.retain(|e| e.kind != "outdated-model");
    }
    g
}

/// Writes the sheet for `format`: XLSX (also the source LibreOffice converts for XLSM, XLS
/// and ODS, written as `<stem>.xlsx`), or the grid sheet as a UTF-8 CSV.
pub fn write_source(g: &Generated, format: FileFormat, dir: &std::path::Path, stem: &str) {
    if format == FileFormat::Csv {
        let grid = g
            .book
            .sheets
            .iter()
            .find(|s| s.name == g.grid_sheet)
            .expect("grid sheet");
        sheet::write_csv(grid, &dir.join(format!("{stem}.csv")), false);
    } else {
        sheet::write_xlsx(&g.book, &dir.join(format!("{stem}.xlsx")));
    }
}
