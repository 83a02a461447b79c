//! Generator of realistic BTS SIO bloc 1 synthesis sheets, with the findings and coverage
//! `grille check` must report for each.
//!
//! Shared by the integration tests (`tests/check_generated.rs`) and the benchmark
//! (`benches/check.rs`): include it with `#[path = "gen/mod.rs"] mod sheetgen;`. It only uses
//! `grille`, `rust_xlsxwriter`, `encoding_rs` and std, so that benches (which lack the test
//! dev-dependencies) can use it too.
//!
//! A sheet is described by a [`Spec`] (seed, [`Layout`], [`Noise`], injected [`Fault`]s) and
//! [`generate`]d into a [`Generated`]: the cells of every sheet of the workbook, the expected
//! findings (kind, cell in A1 notation, competence, activity) and the expected coverage. The
//! expectations are derived from a model of what was written (which cell holds which mark,
//! which réalisation has which period) rather than typed by hand, so that every noise and fault
//! combination gets exact expectations.
//!
//! ```ignore
//! let g = sheetgen::generate(&sheetgen::Spec::clean(7, sheetgen::Layout::List));
//! let path = g.write_xlsx(dir);
//! assert!(g.expected.is_empty());
//! ```
#![allow(dead_code)]

mod adversarial;
mod build;
mod sheet;

#[allow(unused_imports)]
pub use adversarial::{FileFormat, adversarial_spec, as_handed_in, write_source};
#[allow(unused_imports)]
pub use build::families::{Bullet, Families, HeadingForm, Transposed};
pub use build::generate;
#[allow(unused_imports)]
pub use sheet::{Book, Cell, SheetData};

/// A tiny deterministic PRNG (SplitMix64): the same seed always gives the same sheet.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.below((hi - lo + 1) as usize) as u32
    }

    /// True once in `n` times.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// The four layouts of design.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Layout {
    CompetenceColumns,
    ActivityColumns,
    CompetenceRows,
    List,
}

impl Layout {
    pub const ALL: [Layout; 4] = [
        Layout::CompetenceColumns,
        Layout::ActivityColumns,
        Layout::CompetenceRows,
        Layout::List,
    ];

    /// The stable name the report uses.
    pub fn name(self) -> &'static str {
        match self {
            Layout::CompetenceColumns => "competence-columns",
            Layout::ActivityColumns => "activity-columns",
            Layout::CompetenceRows => "competence-rows",
            Layout::List => "list",
        }
    }

    /// Whether marks are given per activity (`missing-activity` applies).
    pub fn detailed(self) -> bool {
        matches!(self, Layout::ActivityColumns | Layout::CompetenceRows)
    }
}

/// The disorder real sheets come with. Every flag keeps the sheet *clean*: none of them may
/// change what `grille check` reports (except `v1`, whose missing portfolio-URL row is a
/// `missing-field` warning, recorded as expected).
#[derive(Debug, Clone, Default)]
pub struct Noise {
    /// Blank (or logo) rows above the grid.
    pub offset_rows: u32,
    /// A school name in the rows above, as a logo would leave.
    pub logo: bool,
    /// Blank columns on the left.
    pub offset_cols: u32,
    /// Merged cells (titles, identity, diagonal header, competence headings, part titles).
    pub merges: bool,
    /// Heading text broken over lines.
    pub broken_headings: bool,
    /// Straight apostrophes (') instead of the model's typographic ones (’).
    pub straight_apostrophes: bool,
    pub double_spaces: bool,
    /// Headings and labels upper- or lower-cased.
    pub case_changes: bool,
    pub trailing_periods: bool,
    /// « B1.1 - » before competence headings, « B1.1.1 » before activity headings.
    pub code_prefix: bool,
    /// Zero-width and non-breaking spaces in headings, titles and labels.
    pub invisible_chars: bool,
    /// Identity given as a label cell and a value cell (else inline « NOM et prénom : X »).
    pub identity_cells: bool,
    /// The older model: no portfolio-URL row, header one row higher (competence-columns).
    pub v1: bool,
    /// Blank rows inserted (or deleted) in each part (competence-columns).
    pub uneven_sections: bool,
    /// Part titles renamed or emptied (competence-columns).
    pub renamed_parts: bool,
    /// A sub-header row inside a part (competence-columns).
    pub sub_header: bool,
    /// Junk text far below the grid.
    pub junk_below: bool,
    /// An instructions sheet before the grid sheet.
    pub instructions_sheet: bool,
    /// Marks in every accepted form (X x ✓ ✔ ☑ ☒ oui 1 TRUE, with spaces).
    pub all_mark_forms: bool,
    /// Periods in every accepted form.
    pub all_period_forms: bool,
    /// Option given as text / long text instead of boxes, or with every tick glyph.
    pub option_variants: bool,
    /// `list`: activity titles rather than competence codes.
    pub list_activity_titles: bool,
    /// Valid activity codes as marks under their own competence (« B1.6.4 » under B1.6).
    pub activity_code_marks: bool,
}

impl Noise {
    /// The plainest sheet: the official model as the ministry ships it, filled in.
    pub fn none() -> Self {
        Noise {
            merges: true,
            ..Noise::default()
        }
    }

    /// Every kind of noise at once (except `v1` and `activity_code_marks`, which change
    /// expectations and are exercised on their own).
    pub fn all() -> Self {
        Noise {
            offset_rows: 3,
            logo: true,
            offset_cols: 1,
            merges: true,
            broken_headings: true,
            straight_apostrophes: true,
            double_spaces: true,
            case_changes: true,
            trailing_periods: true,
            code_prefix: true,
            invisible_chars: true,
            identity_cells: true,
            v1: false,
            uneven_sections: true,
            renamed_parts: true,
            sub_header: true,
            junk_below: true,
            instructions_sheet: true,
            all_mark_forms: true,
            all_period_forms: true,
            option_variants: true,
            list_activity_titles: false,
            activity_code_marks: false,
        }
    }

    /// A random mix of noise, drawn from the seed.
    pub fn random(rng: &mut Rng) -> Self {
        let mut b = || rng.one_in(2);
        let mut n = Noise {
            offset_rows: 0,
            logo: b(),
            offset_cols: 0,
            merges: b(),
            broken_headings: b(),
            straight_apostrophes: b(),
            double_spaces: b(),
            case_changes: b(),
            trailing_periods: b(),
            code_prefix: b(),
            invisible_chars: b(),
            identity_cells: b(),
            v1: false,
            uneven_sections: b(),
            renamed_parts: b(),
            sub_header: b(),
            junk_below: b(),
            instructions_sheet: b(),
            all_mark_forms: b(),
            all_period_forms: b(),
            option_variants: b(),
            list_activity_titles: b(),
            activity_code_marks: false,
        };
        n.offset_rows = rng.range(0, 4);
        n.offset_cols = rng.range(0, 1);
        n
    }
}

/// The identity fields a fault can leave empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
    Number,
    School,
    /// Option boxes present, none ticked.
    Option,
    PortfolioUrl,
}

impl Field {
    pub const ALL: [Field; 5] = [
        Field::Name,
        Field::Number,
        Field::School,
        Field::Option,
        Field::PortfolioUrl,
    ];

    /// Errors for name, number and option; warnings for school and URL (design.md).
    pub fn is_error(self) -> bool {
        matches!(self, Field::Name | Field::Number | Field::Option)
    }
}

/// How a period can be wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadPeriod {
    Empty,
    SingleDate,
    /// A single real date cell.
    SingleDateCell,
    Words,
    /// 31/04/24.
    Impossible,
    EndBeforeStart,
}

impl BadPeriod {
    pub const ALL: [BadPeriod; 6] = [
        BadPeriod::Empty,
        BadPeriod::SingleDate,
        BadPeriod::SingleDateCell,
        BadPeriod::Words,
        BadPeriod::Impossible,
        BadPeriod::EndBeforeStart,
    ];
}

/// One fault injected into an otherwise clean sheet; each records the findings it must cause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    MissingField(Field),
    /// No mark at all for this competence (index 0..6).
    MissingCompetence(usize),
    /// (detailed layouts) This activity (competence index, activity index) never marked.
    MissingActivity(usize, usize),
    /// An activity placed under a competence it does not belong to.
    MisassignedActivity,
    /// A column (row, transposed) with a nonsense heading.
    UnknownColumn,
    /// A 2011-referential heading (« A1.1.1 Analyse du cahier des charges… »).
    OutdatedReferential,
    /// A mark cell holding this text (« peut-être », « ? »).
    InvalidMark(&'static str),
    InvalidPeriod(BadPeriod),
    /// Marks on a row without title.
    EmptyTitle,
    /// Only one réalisation.
    TooFewRealisations,
    /// The same réalisation twice (title differing in case, spaces, apostrophe, final period).
    DuplicateRealisation,
    /// (official layout) The E4 model of sessions 2021–2025 handed in for session 2026.
    OutdatedModel,
    /// (official layout) B1.3 never marked: one réalisation's empty B1.3 cell is coloured
    /// instead, as one real candidate in 39 does. The colour does not count (`colour-mark`
    /// at the cell, and `missing-competence`). Fills are read from XLSX only: the same sheet
    /// converted to ODS or XLS gives the `missing-competence` alone ([`Generated::without_fills`]).
    ColourMark,
}

impl Fault {
    /// Whether this fault can be injected in this layout.
    pub fn applies_to(&self, layout: Layout) -> bool {
        match self {
            Fault::MissingActivity(..) => layout.detailed(),
            Fault::MisassignedActivity => matches!(
                layout,
                Layout::List | Layout::CompetenceRows | Layout::CompetenceColumns
            ),
            Fault::UnknownColumn | Fault::OutdatedReferential => layout != Layout::List,
            Fault::OutdatedModel | Fault::ColourMark => layout == Layout::CompetenceColumns,
            _ => true,
        }
    }

    /// A short name for file names and messages.
    pub fn slug(&self) -> String {
        match self {
            Fault::MissingField(f) => format!("missing-field-{f:?}").to_lowercase(),
            Fault::MissingCompetence(c) => format!("missing-competence-{}", c + 1),
            Fault::MissingActivity(c, a) => format!("missing-activity-{}-{}", c + 1, a + 1),
            Fault::MisassignedActivity => "misassigned-activity".into(),
            Fault::UnknownColumn => "unknown-column".into(),
            Fault::OutdatedReferential => "outdated-referential".into(),
            Fault::InvalidMark(m) => {
                format!("invalid-mark-{}", if *m == "?" { "q" } else { "word" })
            }
            Fault::InvalidPeriod(p) => format!("invalid-period-{p:?}").to_lowercase(),
            Fault::EmptyTitle => "empty-title".into(),
            Fault::TooFewRealisations => "too-few-realisations".into(),
            Fault::DuplicateRealisation => "duplicate-realisation".into(),
            Fault::OutdatedModel => "outdated-model".into(),
            Fault::ColourMark => "colour-mark".into(),
        }
    }

    /// Every fault kind once, with its variants (each field, each bad period, both marks).
    pub fn catalogue() -> Vec<Fault> {
        let mut all: Vec<Fault> = Field::ALL.iter().map(|f| Fault::MissingField(*f)).collect();
        all.extend([
            Fault::MissingCompetence(2),
            Fault::MissingActivity(0, 4),
            Fault::MisassignedActivity,
            Fault::UnknownColumn,
            Fault::OutdatedReferential,
            Fault::InvalidMark("peut-être"),
            Fault::InvalidMark("?"),
        ]);
        all.extend(BadPeriod::ALL.iter().map(|p| Fault::InvalidPeriod(*p)));
        all.extend([
            Fault::EmptyTitle,
            Fault::TooFewRealisations,
            Fault::DuplicateRealisation,
            Fault::OutdatedModel,
            Fault::ColourMark,
        ]);
        all
    }
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct Spec {
    pub seed: u64,
    pub layout: Layout,
    pub noise: Noise,
    pub faults: Vec<Fault>,
    /// The student habits of issue 11 (none by default: old seeds give the same sheets).
    pub families: Families,
}

impl Spec {
    /// A clean sheet with no noise.
    pub fn clean(seed: u64, layout: Layout) -> Self {
        Spec {
            seed,
            layout,
            noise: Noise::none(),
            faults: Vec::new(),
            families: Families::default(),
        }
    }

    pub fn with_noise(mut self, noise: Noise) -> Self {
        self.noise = noise;
        self
    }

    pub fn with_fault(mut self, fault: Fault) -> Self {
        self.faults.push(fault);
        self
    }

    pub fn with_families(mut self, families: Families) -> Self {
        self.families = families;
        self
    }
}

/// One finding the check must report.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Expected {
    pub kind: &'static str,
    /// A1 notation, `None` for the whole sheet.
    pub cell: Option<String>,
    pub competence: Option<String>,
    pub activity: Option<String>,
    pub error: bool,
}

impl std::fmt::Display for Expected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} @{} comp={} act={}",
            self.kind,
            self.cell.as_deref().unwrap_or("-"),
            self.competence.as_deref().unwrap_or("-"),
            self.activity.as_deref().unwrap_or("-")
        )
    }
}

/// The identity the sheet states (what `candidate` must read).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Identity {
    pub name: Option<String>,
    pub number: Option<String>,
    pub option: Option<String>,
}

/// A generated workbook and what checking it must give.
#[derive(Debug, Clone)]
pub struct Generated {
    /// A file stem naming the case (`competence-columns-noisy-duplicate-realisation-17`).
    pub name: String,
    pub layout: Layout,
    pub book: Book,
    /// Name of the sheet holding the grid.
    pub grid_sheet: String,
    pub expected: Vec<Expected>,
    /// Each titled réalisation: its title cell (A1) and the competences it validly counts
    /// for, in referential order.
    pub realisations: Vec<(String, Vec<String>)>,
    /// Whether marks are given per activity (`missing-activity` applies): the detailed
    /// layouts, except a transposed grid whose activities sit inside the competence cells.
    pub detailed: bool,
    /// Competence code → number of réalisations that validly mobilise it, referential order.
    pub coverage: Vec<(String, u32)>,
    pub identity: Identity,
    /// What it was generated from.
    pub spec: Spec,
}

impl Generated {
    /// The template to check with (`--template`): detailed layouts use the official
    /// activity-level model, whose rules ask for every activity (`missing-activity`); the
    /// others the default (`bts-sio-e5`).
    pub fn template(&self) -> Option<&'static str> {
        self.detailed.then_some("bts-sio-e5-activites")
    }

    /// The exit status `grille check` must give (1 when any error, else 0).
    pub fn exit_code(&self) -> i32 {
        i32::from(self.expected.iter().any(|e| e.error))
    }

    /// What the same sheet must give in a format that keeps no cell fills (ODS, XLS, CSV as
    /// grille reads them): the same, without `colour-mark` findings.
    pub fn without_fills(&self) -> Generated {
        let mut g = self.clone();
        g.expected.retain(|e| e.kind != "colour-mark");
        g
    }

    /// Writes the workbook as `dir/<name>.xlsx` and returns the path.
    pub fn write_xlsx(&self, dir: &std::path::Path) -> std::path::PathBuf {
        let path = dir.join(format!("{}.xlsx", self.name));
        sheet::write_xlsx(&self.book, &path);
        path
    }

    /// Writes the grid sheet as `dir/<name>.csv` (`;`-separated), in UTF-8 or Windows-1252.
    pub fn write_csv(&self, dir: &std::path::Path, windows_1252: bool) -> std::path::PathBuf {
        let path = dir.join(format!("{}.csv", self.name));
        let grid = self
            .book
            .sheets
            .iter()
            .find(|s| s.name == self.grid_sheet)
            .expect("grid sheet");
        sheet::write_csv(grid, &path, windows_1252);
        path
    }
}

/// A1 notation of a zero-based (row, column).
pub fn a1(row: u32, col: u32) -> String {
    let mut name = String::new();
    let mut c = col + 1;
    while c > 0 {
        let rem = (c - 1) % 26;
        name.insert(0, (b'A' + rem as u8) as char);
        c = (c - 1) / 26;
    }
    format!("{name}{}", row + 1)
}

/// A corpus of sheets covering every layout, noise and fault: the clean sheets of every
/// layout (plain, fully noisy, random noise), the v1 model, and each fault of the catalogue in
/// every layout it applies to, on plain and on noisy sheets.
pub fn corpus() -> Vec<Spec> {
    let mut specs = Vec::new();
    let mut seed = 1000u64;
    let mut next = || {
        seed += 1;
        seed
    };
    for layout in Layout::ALL {
        specs.push(Spec::clean(next(), layout));
        specs.push(Spec::clean(next(), layout).with_noise(Noise::all()));
        let s = next();
        specs.push(Spec::clean(s, layout).with_noise(Noise::random(&mut Rng::new(s))));
        if layout == Layout::List {
            let mut n = Noise::all();
            n.list_activity_titles = true;
            specs.push(Spec::clean(next(), layout).with_noise(n));
        }
        if layout == Layout::CompetenceColumns {
            let mut n = Noise::none();
            n.v1 = true;
            specs.push(Spec::clean(next(), layout).with_noise(n));
            let mut n = Noise::all();
            n.v1 = true;
            specs.push(Spec::clean(next(), layout).with_noise(n));
            let mut n = Noise::none();
            n.activity_code_marks = true;
            specs.push(Spec::clean(next(), layout).with_noise(n));
        }
        for (i, fault) in Fault::catalogue().into_iter().enumerate() {
            if !fault.applies_to(layout) {
                continue;
            }
            let s = next();
            let noise = if i % 2 == 0 {
                Noise::none()
            } else {
                Noise::random(&mut Rng::new(s))
            };
            specs.push(
                Spec::clean(s, layout)
                    .with_noise(noise)
                    .with_fault(fault.clone()),
            );
            let s = next();
            let mut noise = Noise::all();
            noise.list_activity_titles = i % 3 == 0;
            specs.push(Spec::clean(s, layout).with_noise(noise).with_fault(fault));
        }
    }
    specs
}

/// Sheet `i` of the batch benchmark's corpus (`benches/batch.rs`): seed `50_000 + i`, the
/// layouts in turn, random noise, and one fault of the catalogue on two sheets in three, as
/// a real class would hand in. Shared so that regression tests replay exactly the sheets the
/// benchmark found wrong.
pub fn batch_spec(i: usize) -> Spec {
    let seed = 50_000 + i as u64;
    let mut rng = Rng::new(seed);
    let layout = Layout::ALL[i % Layout::ALL.len()];
    let mut spec = Spec::clean(seed, layout).with_noise(Noise::random(&mut rng));
    if !i.is_multiple_of(3) {
        // The catalogue as it was when the benchmark's sheets were drawn: a fault added later
        // must not change which sheet seed `50_000 + i` is (BATCH_REGRESSIONS replays them).
        let catalogue: Vec<Fault> = Fault::catalogue()
            .into_iter()
            .filter(|f| *f != Fault::ColourMark)
            .collect();
        let fault = catalogue[rng.below(catalogue.len())].clone();
        if fault.applies_to(layout) {
            spec = spec.with_fault(fault);
        }
    }
    spec
}
