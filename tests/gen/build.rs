//! Building one sheet: plan the réalisations, lay them out in the chosen layout with its noise,
//! inject the faults, and derive the expected findings and coverage from what was written.

use std::collections::{BTreeMap, BTreeSet};

use super::sheet::{Book, Cell, SheetData};
use super::{BadPeriod, Expected, Fault, Field, Generated, Identity, Layout, Noise, Rng, Spec, a1};

/// The student habits of issue 11 (bullets, heading forms, transposed and list variants, codes
/// as marks…), drawn on top of the noise; kept apart so that this file does not grow.
pub mod families;
use families::Families;

type Pos = (u32, u32);
/// (competence index, activity index).
type Act = (usize, usize);

/// One competence of the embedded referential, with its activities (code, text).
struct Comp {
    code: String,
    title: String,
    acts: Vec<(String, String)>,
}

fn referential() -> Vec<Comp> {
    let r = grille::referential::embedded::get("bts-sio-b1").expect("embedded bts-sio-b1");
    r.competences
        .iter()
        .map(|c| Comp {
            code: c.code.clone(),
            title: c.title.clone(),
            acts: c
                .activities()
                .map(|a| (a.code.clone(), a.text.clone()))
                .collect(),
        })
        .collect()
}

const TITLES: &[&str] = &[
    "Mise en place d’un serveur GLPI pour l’inventaire du parc",
    "Configuration d'un pare-feu pfSense et de ses règles",
    "Déploiement d’un annuaire Active Directory",
    "Développement d’une application de gestion des stages",
    "Création du site vitrine WordPress de l’association",
    "Veille technologique sur la cybersécurité",
    "Mise en place de sauvegardes automatisées avec Veeam",
    "Supervision du réseau avec Zabbix",
    "Traitement de tickets d’assistance au service informatique",
    "Migration de la messagerie vers Exchange Online",
    "Réalisation de tests d’intégration de l’application de réservation",
    "Refonte de la base de données des adhérents",
    "Mise en place d’un VPN site à site",
    "Création d’une API REST pour l’application mobile",
    "Rédaction de la charte informatique de l'entreprise",
    "Déploiement de postes de travail avec WDS",
    "Gestion de projet : organisation de la journée portes ouvertes",
    "Référencement du site de la médiathèque",
    "Portfolio personnel en ligne",
    "Installation d’un serveur web Apache sécurisé (HTTPS)",
    "Paramétrage des habilitations sur le serveur de fichiers",
    "Accompagnement des utilisateurs au nouvel ERP",
    "Application de suivi des frais de déplacement",
    "Virtualisation des serveurs avec Proxmox",
    "Plan de continuité : réplication des données",
    "Mise à jour du site intranet",
];

const NAMES: &[&str] = &[
    "DUPONT Jeanne",
    "MARTIN Camille",
    "LEROY Hugo",
    "NGUYEN Linh",
    "MOREAU Théo",
    "BERNARD Inès",
    "PETIT Lucas",
    "GARCIA Léa",
];

const SCHOOLS: &[&str] = &[
    "Lycée Jean Moulin, Lyon",
    "Lycée Carnot — Dijon",
    "Lycée Léonard de Vinci",
    "CFA de l’informatique, Rennes",
];

const UNKNOWN_HEADINGS: &[&str] = &["Qualité du café", "Colonne à supprimer", "Météo du jour"];

const OUTDATED_HEADINGS: &[&str] = &[
    "A1.1.1 Analyse du cahier des charges d'un service à produire",
    "A1.2.1 Élaboration et présentation d'un dossier de choix de solution technique",
    "A3.2.1 Installation et configuration d'éléments d'infrastructure",
];

const OFFICIAL_PARTS: [&str; 3] = [
    "Réalisation en cours de formation\n\n",
    "Réalisations en milieu professionnel en cours de première année",
    "Réalisations en milieu professionnel en cours de seconde année",
];

const RENAMED_PARTS: [&[&str]; 3] = [
    &[
        "Réalisation en cours de formation (TP/AP/TD)",
        "Réalisations en cours de formation",
        "",
    ],
    &[
        "Réalisations en entreprise",
        "Réalisations en cours de stage de première année",
        "Réalisations en milieu professionnel en cours de première année (code couleur vert)",
    ],
    &[
        "Réalisations personnelles",
        "Réalisations en cours de stage de seconde année",
        "",
    ],
];

/// The competence `Fault::ColourMark` colours instead of marking (B1.3, the rarest).
const COLOURED: usize = 2;

/// A period as planned: valid dates, or a fault.
#[derive(Debug, Clone)]
enum PeriodPlan {
    Valid((u16, u8, u8), (u16, u8, u8)),
    Bad(BadPeriod),
}

/// One réalisation (or untitled row) before it is laid out.
#[derive(Debug, Clone)]
struct Plan {
    title: Option<String>,
    period: PeriodPlan,
    /// The period cell content once rendered (`None`: left empty).
    period_cell: Option<Cell>,
    acts: BTreeSet<Act>,
    /// An invalid mark (competence, activity where detailed, text).
    invalid: Option<(usize, Option<usize>, &'static str)>,
    /// (placed under competence, activity that belongs elsewhere).
    misassigned: Option<(usize, Act)>,
    duplicate: bool,
    /// A competence whose empty mark cell is coloured instead of marked.
    colour: Option<usize>,
}

/// One written mark cell (several for a `list` cell naming several codes).
#[derive(Debug, Clone)]
struct MarkM {
    cell: Pos,
    /// The competence it counts for when valid.
    counts: Option<usize>,
    act: Option<Act>,
    invalid: bool,
    /// Where the candidate put it (for `invalid-mark`'s competence and activity).
    placed: Option<usize>,
    placed_act: Option<Act>,
}

/// One laid-out réalisation row (a column in the transposed layout).
#[derive(Debug, Clone)]
struct RowM {
    titled: bool,
    title_cell: Pos,
    period_cell: Pos,
    period_ok: bool,
    duplicate: bool,
    marks: Vec<MarkM>,
}

/// An expectation not derived from marks (identity, headings, misassignments).
#[derive(Debug, Clone)]
struct Extra {
    kind: &'static str,
    cell: Option<Pos>,
    competence: Option<String>,
    activity: Option<String>,
    error: bool,
}

#[derive(Debug, Default)]
struct Model {
    rows: Vec<RowM>,
    /// Heading cell of each activity (detailed layouts: where `missing-activity` points).
    activity_cells: BTreeMap<Act, Pos>,
    extra: Vec<Extra>,
}

struct Ctx {
    rng: Rng,
    noise: Noise,
    layout: Layout,
    faults: Vec<Fault>,
    comps: Vec<Comp>,
    sheet: SheetData,
    model: Model,
    identity: Identity,
    /// The default mark of this candidate (« X » or « x »).
    mark: &'static str,
    fam: Families,
    /// Column of each competence among the six mark columns (shuffled by a family).
    order: Vec<usize>,
}

/// Generates one sheet from its spec.
pub fn generate(spec: &Spec) -> Generated {
    let mut ctx = Ctx {
        rng: Rng::new(spec.seed),
        noise: spec.noise.clone(),
        layout: spec.layout,
        faults: spec.faults.clone(),
        comps: referential(),
        sheet: SheetData::default(),
        model: Model::default(),
        identity: Identity::default(),
        mark: "X",
        fam: spec.families.clone(),
        order: (0..6).collect(),
    };
    if ctx.layout != Layout::CompetenceColumns {
        ctx.noise.v1 = false;
    }
    if ctx.rng.one_in(3) {
        ctx.mark = "x";
    }
    ctx.setup_families();
    let plans = ctx.plan();
    let grid_sheet = match ctx.layout {
        Layout::CompetenceColumns if ctx.noise.v1 || ctx.has(&Fault::OutdatedModel) => {
            "Tableau de synthèse Épreuve E4"
        }
        Layout::CompetenceColumns => "Tableau de synthèse Épreuve E5",
        Layout::ActivityColumns => "Synthèse détaillée",
        Layout::CompetenceRows => "Tableau de synthèse",
        Layout::List => "Feuil1",
    };
    ctx.sheet = SheetData::new(grid_sheet);
    match ctx.layout {
        Layout::CompetenceColumns => ctx.competence_columns(&plans),
        Layout::ActivityColumns => ctx.activity_columns(&plans),
        Layout::CompetenceRows => ctx.competence_rows(&plans),
        Layout::List => ctx.list(&plans),
    }
    ctx.legend_below();
    ctx.whitespace_cells();
    if ctx.noise.junk_below {
        let r = ctx.sheet.max_row() + 60;
        ctx.sheet.text(
            r,
            0,
            "Document à conserver par le candidat — ne pas modifier",
        );
        ctx.sheet.text(r + 2, 2, "Signature :");
    }
    // Offsets: everything moves, expectations included.
    let (dr, dc) = (ctx.noise.offset_rows, ctx.noise.offset_cols);
    ctx.sheet.shift(dr, dc);
    ctx.model.shift(dr, dc);
    if ctx.noise.logo && dr > 0 {
        ctx.sheet.text(0, dc, "LYCÉE JEAN MOULIN — Section BTS SIO");
    }
    let mut book = Book::default();
    if ctx.noise.instructions_sheet {
        book.sheets.push(instructions());
    }
    book.sheets.push(ctx.sheet.clone());
    ctx.decoy_sheets(&mut book);
    let (expected, coverage, realisations) = ctx.expectations();
    let noise_tag = if spec.noise.v1 {
        "v1"
    } else if format!("{:?}", spec.noise) == format!("{:?}", Noise::none()) {
        "plain"
    } else if format!("{:?}", spec.noise) == format!("{:?}", Noise::all()) {
        "noisy"
    } else {
        "mixed"
    };
    let fault_tag = if spec.faults.is_empty() {
        "clean".to_string()
    } else {
        spec.faults
            .iter()
            .map(Fault::slug)
            .collect::<Vec<_>>()
            .join("+")
    };
    Generated {
        name: format!(
            "{}-{noise_tag}{}-{fault_tag}-{}",
            spec.layout.name(),
            spec.families.tag(),
            spec.seed
        ),
        layout: spec.layout,
        book,
        grid_sheet: grid_sheet.to_string(),
        expected,
        coverage,
        realisations,
        detailed: ctx.detailed(),
        identity: ctx.identity,
        spec: spec.clone(),
    }
}

fn instructions() -> SheetData {
    let mut s = SheetData::new("Consignes");
    s.text(0, 0, "Consignes de remplissage");
    s.text(
        2,
        0,
        "Indiquez pour chaque réalisation sa période, sous la forme JJ/MM/AA au JJ/MM/AA.",
    );
    s.text(
        3,
        0,
        "Cochez d’une croix les compétences mobilisées par chaque réalisation.",
    );
    s.text(
        4,
        0,
        "Ce tableau est à joindre au dossier de l’épreuve, dans l’onglet suivant.",
    );
    s
}

impl Model {
    fn shift(&mut self, dr: u32, dc: u32) {
        let mv = |p: &mut Pos| *p = (p.0 + dr, p.1 + dc);
        for row in &mut self.rows {
            mv(&mut row.title_cell);
            mv(&mut row.period_cell);
            for m in &mut row.marks {
                mv(&mut m.cell);
            }
        }
        for p in self.activity_cells.values_mut() {
            mv(p);
        }
        for e in &mut self.extra {
            if let Some(p) = &mut e.cell {
                mv(p);
            }
        }
    }
}

impl Ctx {
    fn has(&self, f: &Fault) -> bool {
        self.faults.contains(f)
    }

    fn all_acts(&self) -> Vec<Act> {
        self.comps
            .iter()
            .enumerate()
            .flat_map(|(ci, c)| (0..c.acts.len()).map(move |ai| (ci, ai)))
            .collect()
    }

    // ----- planning -------------------------------------------------------------------

    fn plan(&mut self) -> Vec<Plan> {
        let n = if self.has(&Fault::TooFewRealisations) {
            1
        } else {
            self.rng.range(3, 8) as usize
        };
        let mut pool: Vec<&str> = TITLES.to_vec();
        self.rng.shuffle(&mut pool);
        let mut plans: Vec<Plan> = (0..n)
            .map(|i| {
                let period = self.valid_period();
                Plan {
                    title: Some(pool[i].to_string()),
                    period,
                    period_cell: None,
                    acts: BTreeSet::new(),
                    invalid: None,
                    misassigned: None,
                    duplicate: false,
                    colour: None,
                }
            })
            .collect();
        self.decorate_titles(&mut plans);
        // Every activity somewhere, plus a few more: clean sheets cover everything.
        for act in self.all_acts() {
            let k = self.rng.below(n);
            plans[k].acts.insert(act);
            if self.rng.one_in(4) {
                let k = self.rng.below(n);
                plans[k].acts.insert(act);
            }
        }
        for fault in self.faults.clone() {
            match fault {
                Fault::MissingCompetence(c) => {
                    for p in &mut plans {
                        p.acts.retain(|a| a.0 != c);
                    }
                }
                Fault::MissingActivity(c, a) => {
                    for p in &mut plans {
                        p.acts.remove(&(c, a));
                    }
                }
                Fault::InvalidPeriod(bad) => {
                    let k = self.rng.below(n);
                    plans[k].period = PeriodPlan::Bad(bad);
                }
                Fault::InvalidMark(text) => {
                    if self.layout == Layout::List {
                        // A list cell is all or nothing: a réalisation of its own.
                        let period = self.valid_period();
                        let k = self.rng.below(n + 1);
                        plans.insert(
                            k,
                            Plan {
                                title: Some(pool[n + 1].to_string()),
                                period,
                                period_cell: None,
                                acts: BTreeSet::new(),
                                invalid: Some((0, None, text)),
                                misassigned: None,
                                duplicate: false,
                                colour: None,
                            },
                        );
                    } else {
                        self.place_invalid(&mut plans, text);
                    }
                }
                Fault::MisassignedActivity => {
                    // « Déployer un service » (B1.5.2) placed under B1.1.
                    let (placed, act) = (0usize, (4usize, 1usize));
                    let k = if self.layout == Layout::CompetenceColumns {
                        // The cell under B1.1 must be free.
                        let free = plans.iter().position(|p| !p.acts.iter().any(|a| a.0 == 0));
                        match free {
                            Some(k) => k,
                            None => {
                                let moved: Vec<Act> =
                                    plans[0].acts.iter().filter(|a| a.0 == 0).copied().collect();
                                for a in moved {
                                    plans[0].acts.remove(&a);
                                    plans[1 % n].acts.insert(a);
                                }
                                0
                            }
                        }
                    } else {
                        self.rng.below(n)
                    };
                    plans[k].misassigned = Some((placed, act));
                    if self.layout != Layout::CompetenceColumns {
                        // Redundant true marks: the coverage is the same whether the
                        // misplaced activity counts where it belongs or where it sits.
                        plans[k].acts.insert((placed, 4));
                        plans[k].acts.insert((4, 0));
                        if self.layout == Layout::List {
                            plans[k].acts.remove(&act);
                        }
                        if self.layout == Layout::CompetenceRows {
                            for p in &mut plans {
                                if p.acts.contains(&act) {
                                    p.acts.insert((placed, 4));
                                    p.acts.insert((4, 0));
                                    p.misassigned = Some((placed, act));
                                }
                            }
                        }
                    }
                }
                Fault::EmptyTitle => {
                    let period = self.valid_period();
                    let k = self.rng.below(n + 1);
                    let acts = [(1, 0), (3, 1)].into_iter().collect();
                    plans.insert(
                        k.max(1).min(plans.len()),
                        Plan {
                            title: None,
                            period,
                            period_cell: None,
                            acts,
                            invalid: None,
                            misassigned: None,
                            duplicate: false,
                            colour: None,
                        },
                    );
                }
                Fault::DuplicateRealisation => {
                    let k = self.rng.below(n);
                    let original = plans[k].clone();
                    let title = original.title.clone().unwrap_or_default();
                    let twin = self.vary_title(&title);
                    plans.insert(
                        k + 1,
                        Plan {
                            title: Some(twin),
                            acts: BTreeSet::new(),
                            invalid: None,
                            misassigned: None,
                            duplicate: true,
                            colour: None,
                            ..original
                        },
                    );
                }
                Fault::ColourMark => {
                    // B1.3 marked nowhere, its cell coloured on one titled réalisation.
                    for p in &mut plans {
                        p.acts.retain(|a| a.0 != COLOURED);
                    }
                    let titled: Vec<usize> = (0..plans.len())
                        .filter(|k| plans[*k].title.is_some())
                        .collect();
                    let k = titled[self.rng.below(titled.len())];
                    plans[k].colour = Some(COLOURED);
                }
                Fault::MissingField(_)
                | Fault::UnknownColumn
                | Fault::OutdatedReferential
                | Fault::OutdatedModel
                | Fault::TooFewRealisations => {}
            }
        }
        // Periods rendered once, so that a duplicate shares its original's text exactly.
        let mut rendered: Vec<Option<Cell>> = Vec::new();
        for p in &plans {
            rendered.push(self.render_period(&p.period));
        }
        for (i, p) in plans.iter_mut().enumerate() {
            p.period_cell = rendered[i].clone();
        }
        for i in 1..plans.len() {
            if plans[i].duplicate {
                // The twin's period is its original's, valid or not (a fault may have hit
                // either of them).
                plans[i].period_cell = plans[i - 1].period_cell.clone();
                plans[i].period = plans[i - 1].period.clone();
            }
        }
        plans
    }

    /// Puts an invalid mark where the réalisation has no valid one.
    fn place_invalid(&mut self, plans: &mut [Plan], text: &'static str) {
        let detailed = self.detailed();
        let n = plans.len();
        let start = self.rng.below(n);
        for step in 0..n {
            let k = (start + step) % n;
            if plans[k].title.is_none() {
                continue;
            }
            let comps_marked: BTreeSet<usize> = plans[k].acts.iter().map(|a| a.0).collect();
            if detailed {
                let free = self
                    .all_acts()
                    .into_iter()
                    .find(|a| !plans[k].acts.contains(a) && comps_marked.contains(&a.0));
                if let Some((c, a)) = free {
                    plans[k].invalid = Some((c, Some(a), text));
                    return;
                }
            } else if let Some(c) = (0..self.comps.len()).find(|c| !comps_marked.contains(c)) {
                plans[k].invalid = Some((c, None, text));
                return;
            }
        }
        // Every cell taken (a single réalisation marking everything): free one.
        let c = 3;
        let a = if detailed { Some(0) } else { None };
        plans[0]
            .acts
            .retain(|x| if detailed { *x != (c, 0) } else { x.0 != c });
        plans[0].invalid = Some((c, a, text));
    }

    fn valid_period(&mut self) -> PeriodPlan {
        let y = self.rng.range(2023, 2025) as u16;
        let m = self.rng.range(1, 12) as u8;
        let d = self.rng.range(1, 28) as u8;
        let span = self.rng.range(1, 4) as u8;
        let (mut y2, mut m2) = (y, m + span);
        if m2 > 12 {
            m2 -= 12;
            y2 += 1;
        }
        let d2 = self.rng.range(1, 28) as u8;
        PeriodPlan::Valid((y, m, d), (y2, m2, d2))
    }

    fn render_period(&mut self, p: &PeriodPlan) -> Option<Cell> {
        let short = |(y, m, d): (u16, u8, u8)| format!("{d:02}/{m:02}/{:02}", y % 100);
        let long = |(y, m, d): (u16, u8, u8)| format!("{d:02}/{m:02}/{y}");
        match p {
            PeriodPlan::Valid(s, e) => {
                let form = if self.noise.all_period_forms {
                    self.rng.below(9)
                } else {
                    0
                };
                let text = match form {
                    0 => format!("{} au {}", short(*s), short(*e)),
                    1 => format!("{} au {}", long(*s), long(*e)),
                    2 => format!("du {} au {}", long(*s), long(*e)),
                    3 => format!("Du {} au {}", short(*s), short(*e)),
                    4 => format!("{} - {}", short(*s), short(*e)),
                    5 => format!("{} - {}", long(*s), long(*e)),
                    6 => format!("{}\n{}", short(*s), short(*e)),
                    7 => format!("{} au\n{}", short(*s), short(*e)),
                    _ => format!("  {} au  {} ", short(*s), short(*e)),
                };
                Some(Cell::Text(text))
            }
            PeriodPlan::Bad(bad) => match bad {
                BadPeriod::Empty => None,
                BadPeriod::SingleDate => Some(Cell::text("12/10/2024")),
                BadPeriod::SingleDateCell => Some(Cell::Date(2024, 10, 12)),
                BadPeriod::Words => Some(Cell::text("en cours")),
                BadPeriod::Impossible => Some(Cell::text("31/04/24 au 15/05/24")),
                BadPeriod::EndBeforeStart => Some(Cell::text("18/10/24 au 04/09/24")),
            },
        }
    }

    /// The same title as a candidate retypes it: case, spaces, apostrophe, final period.
    fn vary_title(&mut self, title: &str) -> String {
        let mut t = if title.contains('’') {
            title.replace('’', "'")
        } else {
            title.replace('\'', "’")
        };
        match self.rng.below(3) {
            0 => t = t.to_uppercase(),
            1 => t = t.to_lowercase(),
            _ => {}
        }
        t = t.replacen(' ', "  ", 1);
        format!("{t}.")
    }

    // ----- text noise -----------------------------------------------------------------

    /// A heading or label as a candidate's copy shows it.
    fn noisy(&mut self, text: &str) -> String {
        let mut t = if self.noise.straight_apostrophes {
            text.replace('’', "'")
        } else {
            text.replace('\'', "’")
        };
        if self.noise.case_changes && self.rng.one_in(2) {
            t = if self.rng.one_in(2) {
                t.to_uppercase()
            } else {
                t.to_lowercase()
            };
        }
        if self.noise.double_spaces && self.rng.one_in(2) {
            t = replace_nth_space(&t, self.rng.below(4), "  ");
        }
        if self.noise.broken_headings && t.chars().count() > 20 && self.rng.one_in(2) {
            let spaces = t.matches(' ').count();
            t = replace_nth_space(&t, spaces / 2, "\n");
        }
        if self.noise.trailing_periods && self.rng.one_in(2) && !t.ends_with('.') {
            t.push('.');
        }
        if self.noise.invisible_chars && self.rng.one_in(2) {
            t = replace_nth_space(&t, 0, "\u{A0}");
            t.insert(0, '\u{200B}');
        }
        t
    }

    fn comp_heading(&mut self, ci: usize) -> String {
        let title = self.comps[ci].title.clone();
        let mut t = self.noisy(&title);
        if self.noise.code_prefix && self.rng.below(3) > 0 {
            let sep = *self.rng.pick(&[" - ", " ", " : ", " – "]);
            t = format!("{}{sep}{t}", self.comps[ci].code);
        }
        self.restyle_heading(ci, t)
    }

    fn act_heading(&mut self, (ci, ai): Act) -> String {
        let (code, text) = self.comps[ci].acts[ai].clone();
        let t = self.noisy(&text);
        let t = if self.noise.code_prefix && self.rng.one_in(2) {
            format!("{code} {t}")
        } else {
            t
        };
        self.restyle_activity(t)
    }

    fn mark_cell(&mut self) -> Cell {
        if !self.noise.all_mark_forms {
            return Cell::text(self.mark);
        }
        let forms: [Cell; 16] = [
            Cell::text("X"),
            Cell::text("x"),
            Cell::text("✓"),
            Cell::text("✔"),
            Cell::text("☑"),
            Cell::text("☒"),
            Cell::text("oui"),
            Cell::text("Oui"),
            Cell::text("1"),
            Cell::Number(1.0),
            Cell::Bool(true),
            Cell::text(" X "),
            Cell::text("x  "),
            Cell::text("\u{A0}X"),
            Cell::text("X\n"),
            Cell::text(" ✓"),
        ];
        self.rng.pick(&forms).clone()
    }

    // ----- identity -------------------------------------------------------------------

    /// Writes the identity block at `row` (two or three rows) and records what must be read
    /// and which `missing-field` findings are due. Returns the next free row.
    fn identity(&mut self, row: u32) -> u32 {
        let name = self.rng.pick(NAMES).to_string();
        let number = format!("02{:08}", self.rng.next_u64() % 100_000_000);
        let school = self.rng.pick(SCHOOLS).to_string();
        let option = if self.rng.one_in(2) { "SISR" } else { "SLAM" };
        let url = format!(
            "https://portfolio.exemple.invalid/{}",
            name.split(' ').next().unwrap_or("x").to_lowercase()
        );
        let missing = |f: Field, faults: &[Fault]| faults.contains(&Fault::MissingField(f));
        let faults = self.faults.clone();
        let v1 = self.noise.v1;
        // (row, col) of each label.
        let (name_at, number_at, school_at, option_at, url_at) = if v1 {
            ((row, 0), (row + 1, 5), (row + 1, 0), (row, 5), None)
        } else {
            (
                (row, 0),
                (row, 5),
                (row + 1, 0),
                (row + 1, 5),
                Some((row + 2, 0)),
            )
        };
        let fields: [(Field, Pos, &str, String); 3] = [
            (Field::Name, name_at, "NOM et prénom : ", name.clone()),
            (Field::Number, number_at, "N° candidat : ", number.clone()),
            (Field::School, school_at, "Centre de formation : ", school),
        ];
        let mut all: Vec<(Field, Pos, &str, String)> = fields.into_iter().collect();
        if let Some(at) = url_at {
            all.push((Field::PortfolioUrl, at, "Adresse URL du portfolio : ", url));
        }
        for (field, at, label, value) in all {
            let label = self.label(label);
            let value = (!missing(field, &faults)).then_some(value);
            let span_end = if at.1 == 0 { 4 } else { 7 };
            let span_end = if field == Field::PortfolioUrl {
                7
            } else {
                span_end
            };
            match (&value, self.noise.identity_cells) {
                (Some(v), true) => {
                    self.sheet.text(at.0, at.1, label.trim_end());
                    self.sheet.text(at.0, at.1 + 1, v.clone());
                }
                (Some(v), false) => {
                    self.sheet.text(at.0, at.1, format!("{label}{v}"));
                    if self.noise.merges {
                        self.sheet.merge(at.0, at.1, at.0, span_end);
                    }
                }
                (None, _) => {
                    self.sheet.text(at.0, at.1, label.clone());
                    if self.noise.merges && !self.noise.identity_cells {
                        self.sheet.merge(at.0, at.1, at.0, span_end);
                    }
                    self.missing_field(field, Some(at));
                }
            }
        }
        if url_at.is_none() {
            // The v1 model has no portfolio-URL row at all.
            self.missing_field(Field::PortfolioUrl, None);
        }
        // Option.
        let option_missing = missing(Field::Option, &faults);
        let label = self.label("Option :");
        let (sisr, slam) = if option_missing {
            let empty = if self.noise.option_variants && self.rng.one_in(2) {
                "☐"
            } else {
                "▢"
            };
            (format!("{empty} SISR"), format!("{empty} SLAM"))
        } else {
            let variant = if self.noise.option_variants {
                self.rng.below(4)
            } else {
                0
            };
            if variant == 3 {
                // As text, inline: no boxes.
                let long = if option == "SISR" {
                    "SISR – Solutions d’infrastructure, systèmes et réseaux"
                } else {
                    "SLAM – Solutions logicielles et applications métiers"
                };
                let text = if self.rng.one_in(2) { option } else { long };
                self.sheet
                    .text(option_at.0, option_at.1, format!("{label} {text}"));
                if self.noise.merges {
                    self.sheet
                        .merge(option_at.0, option_at.1, option_at.0, option_at.1 + 2);
                }
                self.identity = Identity {
                    name: (!missing(Field::Name, &faults)).then_some(name),
                    number: (!missing(Field::Number, &faults)).then_some(number),
                    option: Some(option.to_string()),
                };
                return if v1 { row + 2 } else { row + 3 };
            }
            let tick = if self.noise.option_variants {
                *self.rng.pick(&["☒", "☑", "▣", "X", "x", "þ"])
            } else {
                "☒"
            };
            let ticked = match (variant, self.noise.option_variants) {
                (1, true) => format!("{tick}  {{}} "),
                (2, true) => format!("\u{200B}{tick}\u{A0}{{}}"),
                _ => format!("{tick} {{}}"),
            };
            let ticked = |o: &str| ticked.replace("{}", o);
            let empty = |o: &str| format!("▢ {o}");
            if option == "SISR" {
                (ticked("SISR"), empty("SLAM"))
            } else {
                (empty("SISR"), ticked("SLAM"))
            }
        };
        self.sheet.text(option_at.0, option_at.1, label.clone());
        self.sheet.text(option_at.0, option_at.1 + 1, sisr);
        self.sheet.text(option_at.0, option_at.1 + 2, slam);
        if option_missing {
            // Where the teacher must look: the boxes (the first one), not the label.
            self.missing_field(Field::Option, Some((option_at.0, option_at.1 + 1)));
        }
        self.identity = Identity {
            name: (!missing(Field::Name, &faults)).then_some(name),
            number: (!missing(Field::Number, &faults)).then_some(number),
            option: (!option_missing).then(|| option.to_string()),
        };
        if v1 { row + 2 } else { row + 3 }
    }

    /// An identity label as typed: case changed, non-breaking space before the colon.
    fn label(&mut self, label: &str) -> String {
        let mut l = label.to_string();
        if self.noise.case_changes && self.rng.one_in(2) {
            l = match self.rng.below(2) {
                0 => l.to_uppercase().replace('É', "E"),
                _ => {
                    let lower = l.to_lowercase();
                    let mut c = lower.chars();
                    c.next()
                        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                        .unwrap_or_default()
                }
            };
        }
        if self.noise.invisible_chars && self.rng.one_in(2) {
            l = l.replacen(" :", "\u{A0}:", 1);
        }
        l
    }

    fn missing_field(&mut self, field: Field, cell: Option<Pos>) {
        self.model.extra.push(Extra {
            kind: "missing-field",
            cell,
            competence: None,
            activity: None,
            error: field.is_error(),
        });
    }

    /// The title rows above the identity of the non-official layouts.
    fn simple_title(&mut self, subtitle: &str) {
        self.sheet
            .text(0, 0, "BTS SERVICES INFORMATIQUES AUX ORGANISATIONS");
        self.sheet.text(0, 6, "SESSION 2026");
        self.sheet.text(1, 0, subtitle.to_string());
        if self.noise.merges {
            self.sheet.merge(0, 0, 0, 5);
            self.sheet.merge(0, 6, 0, 7);
            self.sheet.merge(1, 0, 1, 7);
        }
    }

    /// An unknown or outdated heading asked for by the faults, with its findings.
    fn extra_headings(&mut self) -> Vec<String> {
        let mut out = Vec::new();
        if self.has(&Fault::UnknownColumn) {
            out.push(self.rng.pick(UNKNOWN_HEADINGS).to_string());
        }
        if self.has(&Fault::OutdatedReferential) {
            out.push(self.rng.pick(OUTDATED_HEADINGS).to_string());
        }
        out
    }

    fn heading_findings(&mut self, heading: &str, cell: Pos) {
        self.model.extra.push(Extra {
            kind: "unknown-column",
            cell: Some(cell),
            competence: None,
            activity: None,
            error: false,
        });
        // One `outdated-referential` for the sheet (it follows an older referential); each
        // such heading is also an `unknown-column` at its cell.
        if heading.starts_with('A')
            && !self
                .model
                .extra
                .iter()
                .any(|e| e.kind == "outdated-referential")
        {
            self.model.extra.push(Extra {
                kind: "outdated-referential",
                cell: None,
                competence: None,
                activity: None,
                error: true,
            });
        }
    }

    fn misassigned_finding(&mut self, cell: Pos, act: Act) {
        self.model.extra.push(Extra {
            kind: "misassigned-activity",
            cell: Some(cell),
            competence: Some(self.comps[act.0].code.clone()),
            activity: Some(self.comps[act.0].acts[act.1].0.clone()),
            error: true,
        });
    }

    fn write_period(&mut self, at: Pos, plan: &Plan) {
        if let Some(cell) = &plan.period_cell {
            self.sheet.set(at.0, at.1, cell.clone());
        }
    }

    fn row_model(&self, plan: &Plan, title_cell: Pos, period_cell: Pos) -> RowM {
        RowM {
            titled: plan.title.is_some(),
            title_cell,
            period_cell,
            period_ok: matches!(plan.period, PeriodPlan::Valid(..)),
            duplicate: plan.duplicate,
            marks: Vec::new(),
        }
    }

    fn write_title(&mut self, at: Pos, plan: &Plan) {
        if let Some(t) = &plan.title {
            let t = if self.noise.invisible_chars && self.rng.one_in(3) {
                format!("{t}\u{A0}")
            } else {
                t.clone()
            };
            self.sheet.text(at.0, at.1, t);
        }
    }

    // ----- layouts --------------------------------------------------------------------

    /// The official model (annexe VI-1), v2 or v1.
    fn competence_columns(&mut self, plans: &[Plan]) {
        let v1 = self.noise.v1;
        let merges = self.noise.merges;
        self.sheet
            .text(0, 0, "BTS SERVICES INFORMATIQUES AUX ORGANISATIONS");
        // The old (E4) model is right for its own sessions, up to 2025; handed in for 2026,
        // it is an outdated model, reported at the session cell.
        if self.has(&Fault::OutdatedModel) {
            self.sheet.text(0, 6, "SESSION 2026");
            self.model.extra.push(Extra {
                kind: "outdated-model",
                cell: Some((0, 6)),
                competence: None,
                activity: None,
                error: false,
            });
        } else if v1 {
            self.sheet.text(0, 6, "SESSION 2025");
        } else {
            self.sheet.text(0, 6, "SESSION 2026");
        }
        if merges {
            self.sheet.merge(0, 0, 0, 5);
            self.sheet.merge(0, 6, 0, 7);
        }
        let title = "Tableau de synthèse des réalisations professionnelles ";
        let h = if v1 {
            self.identity(1);
            self.sheet.text(3, 0, title);
            if merges {
                self.sheet.merge(3, 0, 3, 7);
            }
            4
        } else {
            self.sheet.text(1, 0, title);
            if merges {
                self.sheet.merge(1, 0, 1, 7);
            }
            self.identity(2);
            5
        };
        // A column inserted left of a merged super heading (the period's end) shifts it.
        let shift = u32::from(self.split_period());
        let h = self.super_heading(h, 2 + shift, 7 + shift);
        // Header: diagonal corner, period, competences and their activities.
        let corner = format!(
            "Compétences mises en œuvre{}Réalisations professionnelles\n(intitulé et liste des documents et productions associés)",
            "\n".repeat(22)
        );
        self.sheet.text(h, 0, corner);
        self.sheet.diagonal.push((h, 0));
        if self.split_period() {
            let (start, end) = self.split_period_labels();
            self.sheet.text(h, 1, start);
            if let Some(end) = end {
                self.sheet.text(h, 2, end);
            }
            if merges {
                self.sheet.merge(h, 2, h + 1, 2);
            }
        } else {
            self.sheet
                .text(h, 1, "Période (sous la forme du JJ/MM/AA au JJ/MM/AA)");
        }
        if merges {
            self.sheet.merge(h, 0, h + 1, 0);
            self.sheet.merge(h, 1, h + 1, 1);
        }
        for ci in 0..self.comps.len() {
            let heading = self.comp_heading(ci);
            let col = self.comp_col(ci);
            self.sheet.text(h, col, heading);
            let lines = self.activity_list(ci);
            self.sheet.text(h + 1, col, lines);
        }
        for (col, heading) in (8 + self.gap()..).zip(self.extra_headings()) {
            self.sheet.text(h, col, heading.clone());
            if merges {
                self.sheet.merge(h, col, h + 1, col);
            }
            self.heading_findings(&heading, (h, col));
        }
        // Parts: title row, réalisations, blank rows.
        let n = plans.len();
        let cut1 = self.rng.range(0, n as u32) as usize;
        let cut2 = cut1 + self.rng.range(0, (n - cut1) as u32) as usize;
        let parts = [&plans[..cut1], &plans[cut1..cut2], &plans[cut2..]];
        let base = [10u32, 7, 7];
        let mut r = h + 2;
        for (pi, part) in parts.iter().enumerate() {
            let title = if self.noise.renamed_parts && self.rng.one_in(2) {
                self.rng.pick(RENAMED_PARTS[pi]).to_string()
            } else if v1 && pi > 0 {
                [
                    "",
                    "Réalisations en cours de stage de première année",
                    "Réalisations en cours de stage de seconde année",
                ][pi]
                    .to_string()
            } else {
                OFFICIAL_PARTS[pi].to_string()
            };
            if !title.is_empty() {
                self.sheet.text(r, 0, title);
            }
            if merges {
                self.sheet.merge(r, 0, r, 7);
            }
            r += 1;
            if pi == 0 && self.noise.sub_header {
                self.sheet
                    .text(r, 0, "Réalisations en TP – premier semestre");
                if merges {
                    self.sheet.merge(r, 0, r, 7);
                }
                r += 1;
            }
            let blanks = if self.noise.uneven_sections {
                self.rng.range(0, 9)
            } else {
                base[pi].saturating_sub(part.len() as u32)
            };
            let mut blank_left = blanks;
            for plan in part.iter() {
                if self.noise.uneven_sections && blank_left > 0 && self.rng.one_in(3) {
                    r += 1;
                    blank_left -= 1;
                }
                self.competence_columns_row(r, plan);
                r += 1;
            }
            r += blank_left;
        }
    }

    fn competence_columns_row(&mut self, r: u32, plan: &Plan) {
        self.write_title((r, 0), plan);
        if self.split_period() {
            let (start, end) = self.split_period_cells(plan);
            for (col, cell) in [(1, start), (2, end)] {
                if let Some(cell) = cell {
                    self.sheet.set(r, col, cell);
                }
            }
        } else {
            self.write_period((r, 1), plan);
        }
        let mut row = self.row_model(plan, (r, 0), (r, 1));
        let comps: BTreeSet<usize> = plan.acts.iter().map(|a| a.0).collect();
        for ci in comps {
            let col = self.comp_col(ci);
            let own_acts: Vec<Act> = plan.acts.iter().filter(|a| a.0 == ci).copied().collect();
            if let Some((code, act)) = self.code_mark(ci, &own_acts) {
                self.sheet.text(r, col, code);
                row.marks.push(MarkM {
                    cell: (r, col),
                    counts: Some(ci),
                    act,
                    invalid: false,
                    placed: Some(ci),
                    placed_act: None,
                });
            } else if self.noise.activity_code_marks && self.rng.one_in(2) {
                let act = own_acts[self.rng.below(own_acts.len())];
                let code = self.comps[ci].acts[act.1].0.clone();
                self.sheet.text(r, col, code);
                row.marks.push(MarkM {
                    cell: (r, col),
                    counts: Some(ci),
                    act: Some(act),
                    invalid: false,
                    placed: Some(ci),
                    placed_act: None,
                });
            } else {
                let cell = self.mark_cell();
                self.sheet.set(r, col, cell);
                row.marks.push(MarkM {
                    cell: (r, col),
                    counts: Some(ci),
                    act: None,
                    invalid: false,
                    placed: Some(ci),
                    placed_act: None,
                });
            }
        }
        if let Some((ci, _, text)) = plan.invalid {
            let col = self.comp_col(ci);
            self.sheet.text(r, col, text);
            row.marks.push(invalid_mark((r, col), Some(ci), None));
        }
        if let Some(ci) = plan.colour {
            let col = self.comp_col(ci);
            self.sheet.fills.insert((r, col), 0xFF_C000);
            if plan.title.is_some() {
                self.model.extra.push(Extra {
                    kind: "colour-mark",
                    cell: Some((r, col)),
                    competence: Some(self.comps[ci].code.clone()),
                    activity: None,
                    error: true,
                });
            }
        }
        if let Some((placed, act)) = plan.misassigned {
            let col = self.comp_col(placed);
            let code = self.spell_code(&self.comps[act.0].acts[act.1].0.clone());
            self.sheet.text(r, col, code);
            row.marks.push(MarkM {
                cell: (r, col),
                counts: Some(act.0),
                act: Some(act),
                invalid: false,
                placed: Some(placed),
                placed_act: None,
            });
            if plan.title.is_some() {
                self.misassigned_finding((r, col), act);
            }
        }
        self.model.rows.push(row);
    }

    /// One column per activity under merged competence headings.
    fn activity_columns(&mut self, plans: &[Plan]) {
        let merges = self.noise.merges;
        self.simple_title(
            "Tableau de synthèse des réalisations professionnelles (détail des activités)",
        );
        let h = self.identity(2) + 1;
        let h = self.super_heading(h, 2, 1 + self.all_acts().len() as u32);
        self.sheet.text(h, 0, "Réalisations professionnelles");
        self.sheet.text(h, 1, "Période");
        if merges {
            self.sheet.merge(h, 0, h + 1, 0);
            self.sheet.merge(h, 1, h + 1, 1);
        }
        let mut col = 2u32;
        let mut act_col: BTreeMap<Act, u32> = BTreeMap::new();
        for ci in self.column_order() {
            let heading = self.comp_heading(ci);
            let first = col;
            self.sheet.text(h, col, heading.clone());
            for ai in 0..self.comps[ci].acts.len() {
                let text = self.act_heading((ci, ai));
                if self.fam.split_headings {
                    // Each activity column repeats its competence, nothing merged.
                    self.sheet.text(h, col, heading.clone());
                }
                self.sheet.text(h + 1, col, text);
                act_col.insert((ci, ai), col);
                self.model.activity_cells.insert((ci, ai), (h + 1, col));
                col += 1;
            }
            if merges && !self.fam.split_headings {
                self.sheet.merge(h, first, h, col - 1);
            }
        }
        for heading in self.extra_headings() {
            self.sheet.text(h, col, heading.clone());
            if merges {
                self.sheet.merge(h, col, h + 1, col);
            }
            self.heading_findings(&heading, (h, col));
            col += 1;
        }
        let mut r = h + 2;
        for plan in plans {
            if self.noise.uneven_sections && self.rng.one_in(4) {
                r += 1;
            }
            self.write_title((r, 0), plan);
            self.write_period((r, 1), plan);
            let mut row = self.row_model(plan, (r, 0), (r, 1));
            for act in plan.acts.iter().copied() {
                let c = act_col[&act];
                let cell = self.mark_cell();
                self.sheet.set(r, c, cell);
                row.marks.push(activity_mark((r, c), act));
            }
            if let Some((ci, Some(ai), text)) = plan.invalid {
                let c = act_col[&(ci, ai)];
                self.sheet.text(r, c, text);
                row.marks
                    .push(invalid_mark((r, c), Some(ci), Some((ci, ai))));
            }
            self.model.rows.push(row);
            r += 1;
        }
    }

    /// Transposed: competence rows with their activity rows, réalisations as columns.
    fn competence_rows(&mut self, plans: &[Plan]) {
        if self.fam.transposed != families::Transposed::Rows {
            return self.competence_rows_variant(plans);
        }
        self.simple_title("Tableau de synthèse des réalisations professionnelles");
        let h = self.identity(2) + 1;
        self.sheet.text(h, 0, "Compétences \\ Réalisations");
        self.sheet.text(h + 1, 0, "Période");
        let cols: Vec<u32> = (0..plans.len() as u32).map(|j| 1 + j).collect();
        // Rows: each competence heading, then its activities (the misassigned one moved).
        let misassigned = plans.iter().find_map(|p| p.misassigned);
        let mut r = h + 2;
        let mut act_row: BTreeMap<Act, u32> = BTreeMap::new();
        for ci in 0..self.comps.len() {
            if ci + 1 == self.comps.len() {
                // Rows the candidate added inside the grid, before the last competence.
                for heading in self.extra_headings() {
                    self.sheet.text(r, 0, heading.clone());
                    self.heading_findings(&heading, (r, 0));
                    r += 1;
                }
            }
            let heading = self.comp_heading(ci);
            self.sheet.text(r, 0, heading);
            r += 1;
            for ai in 0..self.comps[ci].acts.len() {
                if misassigned.is_some_and(|(_, act)| act == (ci, ai)) {
                    continue;
                }
                let text = self.act_heading((ci, ai));
                let text = if text.starts_with('B') {
                    text
                } else {
                    self.row_bullet(ai, &text)
                };
                self.sheet.text(r, 0, text);
                act_row.insert((ci, ai), r);
                self.model.activity_cells.insert((ci, ai), (r, 0));
                r += 1;
            }
            if let Some((placed, act)) = misassigned
                && placed == ci
            {
                let text = format!("▸ {}", self.noisy(&self.comps[act.0].acts[act.1].1.clone()));
                self.sheet.text(r, 0, text);
                act_row.insert(act, r);
                self.model.activity_cells.insert(act, (r, 0));
                self.misassigned_finding((r, 0), act);
                r += 1;
            }
        }
        for (plan, &c) in plans.iter().zip(&cols) {
            self.write_title((h, c), plan);
            self.write_period((h + 1, c), plan);
            let mut row = self.row_model(plan, (h, c), (h + 1, c));
            for act in plan.acts.iter().copied() {
                let rr = act_row[&act];
                let cell = self.mark_cell();
                self.sheet.set(rr, c, cell);
                row.marks.push(activity_mark((rr, c), act));
            }
            if let Some((ci, Some(ai), text)) = plan.invalid {
                let rr = act_row[&(ci, ai)];
                self.sheet.text(rr, c, text);
                row.marks
                    .push(invalid_mark((rr, c), Some(ci), Some((ci, ai))));
            }
            self.model.rows.push(row);
        }
    }

    /// One row per réalisation, competences named in free text.
    fn list(&mut self, plans: &[Plan]) {
        self.simple_title("Liste des réalisations professionnelles");
        let h = self.identity(2) + 1;
        let title = *self.rng.pick(&[
            "Réalisation",
            "Intitulé de la réalisation",
            "Réalisations professionnelles",
        ]);
        let period = *self
            .rng
            .pick(&["Période", "Période (JJ/MM/AA au JJ/MM/AA)"]);
        let comps = *self.rng.pick(&[
            "Compétences mobilisées",
            "Compétences",
            "Compétences / activités",
        ]);
        self.sheet.text(h, 0, title);
        self.sheet.text(h, 1, period);
        self.sheet.text(h, 2, comps);
        if self.fam.list_headers {
            self.list_headers(h);
        }
        let mut r = h + 1;
        for plan in plans {
            if self.noise.uneven_sections && self.rng.one_in(4) {
                r += 1;
            }
            self.write_title((r, 0), plan);
            self.write_period((r, 1), plan);
            let mut row = self.row_model(plan, (r, 0), (r, 1));
            let cell = (r, 2);
            let text = if let Some((_, _, text)) = plan.invalid {
                row.marks.push(invalid_mark(cell, None, None));
                text.to_string()
            } else if let Some((placed, act)) = plan.misassigned {
                // « B1.1 : <activity title> » lines, one of them misplaced.
                let mut lines = Vec::new();
                for a in plan.acts.iter().copied() {
                    let t = self.noisy_apostrophes(&self.comps[a.0].acts[a.1].1.clone());
                    lines.push(format!("{} : {t}", self.comps[a.0].code));
                    row.marks.push(list_mark(cell, a.0, Some(a)));
                }
                let t = self.noisy_apostrophes(&self.comps[act.0].acts[act.1].1.clone());
                lines.push(format!("{} : {t}", self.comps[placed].code));
                row.marks.push(list_mark(cell, act.0, Some(act)));
                if plan.title.is_some() {
                    self.misassigned_finding(cell, act);
                }
                lines.join("\n")
            } else if self.fam.list_code_titles {
                self.code_title_lines(plan, cell, &mut row)
            } else if self.noise.list_activity_titles {
                let mut lines = Vec::new();
                for a in plan.acts.iter().copied() {
                    lines.push(self.noisy_apostrophes(&self.comps[a.0].acts[a.1].1.clone()));
                    row.marks.push(list_mark(cell, a.0, Some(a)));
                }
                let sep = *self.rng.pick(&["\n", " ; "]);
                lines.join(sep)
            } else {
                let codes: BTreeSet<usize> = plan.acts.iter().map(|a| a.0).collect();
                let mut parts = Vec::new();
                for ci in codes {
                    parts.push(self.comps[ci].code.clone());
                    row.marks.push(list_mark(cell, ci, None));
                }
                let sep = *self.rng.pick(&[", ", " ; ", "\n", ",  "]);
                parts.join(sep)
            };
            if !text.is_empty() {
                self.sheet.text(r, 2, text);
            }
            self.model.rows.push(row);
            r += 1;
        }
    }

    fn noisy_apostrophes(&mut self, text: &str) -> String {
        if self.noise.straight_apostrophes {
            text.replace('’', "'")
        } else {
            text.replace('\'', "’")
        }
    }

    /// Whitespace-only cells in unmarked mark positions (they must read as empty).
    fn whitespace_cells(&mut self) {
        if !self.noise.all_mark_forms || self.layout == Layout::List {
            return;
        }
        let mark_lines: Vec<u32> = match self.layout {
            Layout::CompetenceColumns => (0..6).map(|ci| self.comp_col(ci)).collect(),
            Layout::ActivityColumns => self.model.activity_cells.values().map(|p| p.1).collect(),
            _ => self.model.activity_cells.values().map(|p| p.0).collect(),
        };
        let mut free: Vec<Pos> = Vec::new();
        for row in &self.model.rows {
            for &line in &mark_lines {
                let pos = match self.layout {
                    Layout::CompetenceRows => (line, row.title_cell.1),
                    _ => (row.title_cell.0, line),
                };
                if !self.sheet.cells.contains_key(&pos) {
                    free.push(pos);
                }
            }
        }
        self.rng.shuffle(&mut free);
        for (r, c) in free.into_iter().take(3) {
            let blank = *self.rng.pick(&[" ", "   ", "\u{A0}"]);
            self.sheet.text(r, c, blank);
        }
    }

    // ----- expectations ---------------------------------------------------------------

    #[allow(clippy::type_complexity)]
    fn expectations(
        &self,
    ) -> (
        Vec<Expected>,
        Vec<(String, u32)>,
        Vec<(String, Vec<String>)>,
    ) {
        let code = |ci: usize| self.comps[ci].code.clone();
        let act_code = |(ci, ai): Act| self.comps[ci].acts[ai].0.clone();
        let mut out: Vec<Expected> = self
            .model
            .extra
            .iter()
            .map(|e| Expected {
                kind: e.kind,
                cell: e.cell.map(|(r, c)| a1(r, c)),
                competence: e.competence.clone(),
                activity: e.activity.clone(),
                error: e.error,
            })
            .collect();
        let mut coverage = vec![0u32; self.comps.len()];
        let mut marked: BTreeSet<Act> = BTreeSet::new();
        let mut titled = 0;
        let mut realisations = Vec::new();
        for row in &self.model.rows {
            for m in row.marks.iter().filter(|m| m.invalid) {
                out.push(Expected {
                    kind: "invalid-mark",
                    cell: Some(a1(m.cell.0, m.cell.1)),
                    competence: m.placed.map(code),
                    activity: m.placed_act.map(act_code),
                    error: true,
                });
            }
            if !row.titled {
                if !row.marks.is_empty() {
                    out.push(Expected {
                        kind: "empty-title",
                        cell: Some(a1(row.title_cell.0, row.title_cell.1)),
                        competence: None,
                        activity: None,
                        error: true,
                    });
                }
                continue;
            }
            titled += 1;
            if !row.period_ok {
                out.push(Expected {
                    kind: "invalid-period",
                    cell: Some(a1(row.period_cell.0, row.period_cell.1)),
                    competence: None,
                    activity: None,
                    error: true,
                });
            }
            if row.duplicate {
                out.push(Expected {
                    kind: "duplicate-realisation",
                    cell: Some(a1(row.title_cell.0, row.title_cell.1)),
                    competence: None,
                    activity: None,
                    error: false,
                });
            }
            let counted: BTreeSet<usize> = row
                .marks
                .iter()
                .filter(|m| !m.invalid)
                .filter_map(|m| m.counts)
                .collect();
            realisations.push((
                a1(row.title_cell.0, row.title_cell.1),
                counted.iter().map(|ci| code(*ci)).collect(),
            ));
            for ci in counted {
                coverage[ci] += 1;
            }
            marked.extend(
                row.marks
                    .iter()
                    .filter(|m| !m.invalid)
                    .filter_map(|m| m.act),
            );
        }
        for (ci, n) in coverage.iter().enumerate() {
            if *n == 0 {
                out.push(Expected {
                    kind: "missing-competence",
                    cell: None,
                    competence: Some(code(ci)),
                    activity: None,
                    error: true,
                });
            }
        }
        if self.detailed() {
            for (act, cell) in &self.model.activity_cells {
                if coverage[act.0] > 0 && !marked.contains(act) {
                    out.push(Expected {
                        kind: "missing-activity",
                        cell: Some(a1(cell.0, cell.1)),
                        competence: Some(code(act.0)),
                        activity: Some(act_code(*act)),
                        error: true,
                    });
                }
            }
        }
        if titled < 2 {
            out.push(Expected {
                kind: "too-few-realisations",
                cell: None,
                competence: None,
                activity: None,
                error: false,
            });
        }
        out.sort();
        let coverage = coverage
            .into_iter()
            .enumerate()
            .map(|(ci, n)| (code(ci), n))
            .collect();
        (out, coverage, realisations)
    }
}

/// A valid mark of activity `act`, placed and counted under it.
fn activity_mark(cell: Pos, act: Act) -> MarkM {
    MarkM {
        cell,
        counts: Some(act.0),
        act: Some(act),
        invalid: false,
        placed: Some(act.0),
        placed_act: Some(act),
    }
}

fn invalid_mark(cell: Pos, placed: Option<usize>, placed_act: Option<Act>) -> MarkM {
    MarkM {
        cell,
        counts: None,
        act: None,
        invalid: true,
        placed,
        placed_act,
    }
}

fn list_mark(cell: Pos, ci: usize, act: Option<Act>) -> MarkM {
    MarkM {
        cell,
        counts: Some(ci),
        act,
        invalid: false,
        placed: None,
        placed_act: None,
    }
}

/// Replaces the n-th space (wrapping around) with `with`.
fn replace_nth_space(text: &str, n: usize, with: &str) -> String {
    let spaces: Vec<usize> = text.match_indices(' ').map(|(i, _)| i).collect();
    if spaces.is_empty() {
        return text.to_string();
    }
    let at = spaces[n % spaces.len()];
    format!("{}{with}{}", &text[..at], &text[at + 1..])
}
