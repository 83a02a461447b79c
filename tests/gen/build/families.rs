//! The families of issue 11: how students really retype the model, drawn at random from a
//! seed on top of the [`Noise`](super::Noise). None of them changes what a correct reader
//! must report — except the transposed grid whose activities sit inside the competence cells,
//! which is no longer detailed (marks per competence, no `missing-activity`), and codes
//! written as marks, which count for the competence they belong to.
//!
//! Every family is off by default and draws nothing from the sheet's random stream when off,
//! so that the seeds of the existing tests still give the same sheets.

use std::collections::{BTreeMap, BTreeSet};

use super::{
    Act, Book, Cell, Ctx, Fault, Layout, MarkM, PeriodPlan, Plan, Rng, RowM, SheetData,
    activity_mark, invalid_mark, list_mark,
};

/// How the lines of an activity list are bulleted (the model's « ▸ », or retyped).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Bullet {
    #[default]
    Triangle,
    None,
    Dash,
    EnDash,
    Star,
    Round,
    Numbered,
    /// « B1.1.1 Recenser… ».
    Code,
    /// « B1.1.1 - Recenser… ».
    CodeDash,
}

impl Bullet {
    pub const ALL: [Bullet; 9] = [
        Bullet::Triangle,
        Bullet::None,
        Bullet::Dash,
        Bullet::EnDash,
        Bullet::Star,
        Bullet::Round,
        Bullet::Numbered,
        Bullet::Code,
        Bullet::CodeDash,
    ];

    fn prefix(self, index: usize, code: &str) -> String {
        match self {
            Bullet::Triangle => "▸".into(),
            Bullet::None => String::new(),
            Bullet::Dash => "- ".into(),
            Bullet::EnDash => "– ".into(),
            Bullet::Star => "* ".into(),
            Bullet::Round => "• ".into(),
            Bullet::Numbered => format!("{}. ", index + 1),
            Bullet::Code => format!("{code} "),
            Bullet::CodeDash => format!("{code} - "),
        }
    }
}

/// How a competence heading is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HeadingForm {
    /// As the noise leaves it (the model's title, maybe « B1.1 - » before it).
    #[default]
    AsNoise,
    /// « B1.1 Gérer le patrimoine informatique ».
    CodeSpace,
    /// « B1.1 - Gérer… ».
    CodeDash,
    /// « B1.1 : Gérer… ».
    CodeColon,
    /// « Compétence B1.1 » alone.
    CompetenceCode,
    /// « B1.1 » on one line, the title on the next.
    CodeAbove,
}

impl HeadingForm {
    pub const ALL: [HeadingForm; 6] = [
        HeadingForm::AsNoise,
        HeadingForm::CodeSpace,
        HeadingForm::CodeDash,
        HeadingForm::CodeColon,
        HeadingForm::CompetenceCode,
        HeadingForm::CodeAbove,
    ];
}

/// Where the transposed layout puts its activities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Transposed {
    /// Activity rows under each competence row, in the same column.
    #[default]
    Rows,
    /// Activity rows, their text in a column of their own beside the competences.
    ActivitiesColumn,
    /// The activities listed inside each competence's cell; marks per competence.
    ActivitiesInHeading,
}

/// The student habits to draw (see the module doc). `Families::default()` is none of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Families {
    /// Bullets of the activity lines (official model's activity row, transposed rows).
    pub bullets: Bullet,
    /// The activity list on one line instead of one line per activity.
    pub one_line: bool,
    /// A period after each activity line.
    pub activity_periods: bool,
    pub heading_form: HeadingForm,
    /// Headings in capitals.
    pub upper_headings: bool,
    /// Line breaks between any words of a heading.
    pub line_breaks: bool,
    /// A row above the headings (« Compétences du bloc 1 », or each competence's code).
    pub super_heading: bool,
    /// Heading cells split instead of merged (activity columns repeat their competence).
    pub split_headings: bool,
    pub transposed: Transposed,
    /// `list`: headers in capitals or other words.
    pub list_headers: bool,
    /// `list`: « B1.1 Gérer le patrimoine… » / « B1.1.1 Recenser… » lines.
    pub list_code_titles: bool,
    /// (official model) Competence, activity or bloc codes as marks, in every spelling.
    pub code_marks: bool,
    /// Competence columns in another order.
    pub shuffled_columns: bool,
    /// A sheet copying the referential (codes and titles, no marks) beside the grid.
    pub referential_sheet: bool,
    /// Titles followed by a line listing the documents produced.
    pub documents_in_titles: bool,
    /// Titles numbered « 1. », « R2 – »…
    pub numbered_titles: bool,
    /// (official model) A blank column between the period and the competences.
    pub gap_column: bool,
    /// (official model) The period over two columns, start and end (« Du » | « Au »,
    /// « Date de début » | « Date de fin », the end unlabelled), as date cells or text.
    pub split_period: bool,
    /// A legend line just below the grid (« Légende : X = compétence mobilisée »).
    pub legend: bool,
}

impl Families {
    /// A random mix for this layout and these faults (a transposed grid with activities in
    /// its competence cells is not drawn when a fault needs activity rows).
    pub fn random(rng: &mut Rng, layout: Layout, faults: &[Fault]) -> Self {
        let bullets = if rng.one_in(4) {
            Bullet::Triangle
        } else {
            *rng.pick(&Bullet::ALL)
        };
        let heading_form = if rng.one_in(2) {
            HeadingForm::AsNoise
        } else {
            *rng.pick(&HeadingForm::ALL)
        };
        let mut f = Families {
            bullets,
            one_line: rng.one_in(4),
            activity_periods: rng.one_in(3),
            heading_form,
            upper_headings: rng.one_in(4),
            line_breaks: rng.one_in(3),
            super_heading: rng.one_in(4),
            split_headings: rng.one_in(4),
            transposed: *rng.pick(&[
                Transposed::Rows,
                Transposed::ActivitiesColumn,
                Transposed::ActivitiesInHeading,
            ]),
            list_headers: rng.one_in(2),
            list_code_titles: rng.one_in(3),
            code_marks: rng.one_in(3),
            shuffled_columns: rng.one_in(4),
            referential_sheet: rng.one_in(5),
            documents_in_titles: rng.one_in(5),
            numbered_titles: rng.one_in(5),
            gap_column: rng.one_in(6),
            legend: rng.one_in(5),
            // Drawn aside, without advancing the sheet's stream: a sheet that does not draw
            // it is the sheet its seed gave before this family was added.
            split_period: Rng::new(rng.0.rotate_left(23) ^ 0x5b11_7fe0_0d0c_ab1e).one_in(6),
        };
        let needs_rows = faults
            .iter()
            .any(|f| matches!(f, Fault::MissingActivity(..) | Fault::MisassignedActivity));
        if layout != Layout::CompetenceRows {
            f.transposed = Transposed::Rows;
        } else if needs_rows && f.transposed == Transposed::ActivitiesInHeading {
            f.transposed = Transposed::ActivitiesColumn;
        }
        f
    }

    /// Every family at once (for the tests that must see each).
    pub fn all() -> Self {
        Families {
            bullets: Bullet::Dash,
            one_line: false,
            activity_periods: true,
            heading_form: HeadingForm::CodeDash,
            upper_headings: true,
            line_breaks: true,
            super_heading: true,
            split_headings: true,
            transposed: Transposed::ActivitiesColumn,
            list_headers: true,
            list_code_titles: true,
            code_marks: true,
            shuffled_columns: true,
            referential_sheet: true,
            documents_in_titles: true,
            numbered_titles: true,
            gap_column: true,
            legend: true,
            split_period: true,
        }
    }

    /// A file-name tag: empty when no family is drawn.
    pub fn tag(&self) -> &'static str {
        if *self == Families::default() {
            ""
        } else {
            "-adv"
        }
    }
}

const SUPER_HEADINGS: &[&str] = &[
    "Compétences du bloc 1",
    "BLOC 1 – Support et mise à disposition de services informatiques",
    "Compétences mises en œuvre",
];

const DOCUMENTS: &[&str] = &[
    "Documents : compte rendu, schéma réseau",
    "(procédure d’installation, captures d’écran)",
    "Productions : dépôt Git, documentation technique",
];

const NUMBERING: &[&str] = &["{}. ", "{} - ", "R{} – ", "Réalisation {} : "];

impl Ctx {
    /// Draws what the families need before anything is laid out (the column order).
    pub(super) fn setup_families(&mut self) {
        if self.fam.shuffled_columns
            && matches!(
                self.layout,
                Layout::CompetenceColumns | Layout::ActivityColumns
            )
        {
            let mut order = std::mem::take(&mut self.order);
            self.rng.shuffle(&mut order);
            self.order = order;
        }
    }

    /// Whether marks are per activity (see `Generated::detailed`).
    pub(super) fn detailed(&self) -> bool {
        self.layout.detailed()
            && !(self.layout == Layout::CompetenceRows
                && self.fam.transposed == Transposed::ActivitiesInHeading)
    }

    /// The competences in the order of their columns.
    pub(super) fn column_order(&self) -> Vec<usize> {
        self.order.clone()
    }

    /// The mark column of a competence on the official model.
    pub(super) fn comp_col(&self, ci: usize) -> u32 {
        2 + self.gap() + self.order.iter().position(|&c| c == ci).unwrap_or(ci) as u32
    }

    /// The columns between the period and the competences (official model): the period's
    /// end column, a blank column.
    pub(super) fn gap(&self) -> u32 {
        if self.layout != Layout::CompetenceColumns {
            return 0;
        }
        u32::from(self.fam.gap_column) + u32::from(self.fam.split_period)
    }

    /// Whether the period is written over two columns (official model).
    pub(super) fn split_period(&self) -> bool {
        self.fam.split_period && self.layout == Layout::CompetenceColumns
    }

    /// The labels of the start and end columns of a split period (`None`: unlabelled end).
    pub(super) fn split_period_labels(&self) -> (&'static str, Option<&'static str>) {
        // Drawn aside, as the family itself: the rest of the sheet is the one its seed gives
        // without the family, columns shifted.
        let mut side = Rng::new(self.rng.0.rotate_left(41) ^ 0x1abe_15d0_a0f1_5e75);
        *side.pick(&[
            ("Du", Some("Au")),
            ("Date de début", Some("Date de fin")),
            ("Début", Some("Fin")),
            ("Période : du", Some("au")),
            ("Période (sous la forme du JJ/MM/AA au JJ/MM/AA)", None),
        ])
    }

    /// The start and end cells of a split period, as the candidate fills them: date cells or
    /// text (the form follows from the dates, so that a réalisation written twice is written
    /// the same way); a faulty period split where it has two parts (an impossible date, an
    /// end before the start), in the start cell otherwise.
    pub(super) fn split_period_cells(&self, plan: &Plan) -> (Option<Cell>, Option<Cell>) {
        let cell = |form: u32, (y, m, d): (u16, u8, u8)| match form {
            0 => Cell::Date(y, m, d),
            1 => Cell::Text(format!("{d:02}/{m:02}/{y}")),
            _ => Cell::Text(format!("{d:02}/{m:02}/{:02}", y % 100)),
        };
        match (&plan.period, &plan.period_cell) {
            (PeriodPlan::Valid(start, end), _) => {
                let form = (u32::from(start.0) + u32::from(start.1) + u32::from(start.2)) % 3;
                (Some(cell(form, *start)), Some(cell(form, *end)))
            }
            (PeriodPlan::Bad(_), Some(Cell::Text(t))) => match t.split_once(" au ") {
                Some((a, b)) => (Some(Cell::text(a)), Some(Cell::text(b))),
                None => (Some(Cell::Text(t.clone())), None),
            },
            (PeriodPlan::Bad(_), other) => (other.clone(), None),
        }
    }

    /// A legend two rows below the grid, in the title column (row layouts).
    pub(super) fn legend_below(&mut self) {
        if !self.fam.legend || self.layout == Layout::CompetenceRows {
            return;
        }
        let text = *self.rng.pick(&[
            "Légende : X = compétence mobilisée",
            "Cocher d’une croix (X) chaque compétence mise en œuvre.",
            "* une réalisation par ligne",
        ]);
        let r = self.sheet.max_row() + 2;
        self.sheet.text(r, 0, text);
    }

    pub(super) fn decorate_titles(&mut self, plans: &mut [Plan]) {
        if self.fam.numbered_titles {
            let form = *self.rng.pick(NUMBERING);
            for (i, p) in plans.iter_mut().enumerate() {
                if let Some(t) = &mut p.title {
                    *t = format!("{}{t}", form.replace("{}", &(i + 1).to_string()));
                }
            }
        }
        if self.fam.documents_in_titles {
            for p in plans.iter_mut() {
                if self.rng.one_in(2)
                    && let Some(t) = &mut p.title
                {
                    let docs = *self.rng.pick(DOCUMENTS);
                    *t = format!("{t}\n{docs}");
                }
            }
        }
    }

    /// A competence heading (already noisy) in the family's form, case and line breaks.
    pub(super) fn restyle_heading(&mut self, ci: usize, heading: String) -> String {
        let code = self.comps[ci].code.clone();
        let mut t = match self.fam.heading_form {
            HeadingForm::AsNoise => heading,
            form => {
                let title = self.comps[ci].title.clone();
                let title = self.noisy(&title);
                match form {
                    HeadingForm::CodeSpace => format!("{code} {title}"),
                    HeadingForm::CodeDash => format!("{code} - {title}"),
                    HeadingForm::CodeColon => format!("{code} : {title}"),
                    HeadingForm::CompetenceCode => format!("Compétence {code}"),
                    _ => format!("{code}\n{title}"),
                }
            }
        };
        if self.fam.upper_headings {
            t = t.to_uppercase();
        }
        self.break_lines(t)
    }

    /// An activity heading in the family's case and line breaks.
    pub(super) fn restyle_activity(&mut self, text: String) -> String {
        let t = if self.fam.upper_headings {
            text.to_uppercase()
        } else {
            text
        };
        self.break_lines(t)
    }

    /// Breaks a text at one or two random spaces (none when the family is off).
    fn break_lines(&mut self, text: String) -> String {
        if !self.fam.line_breaks {
            return text;
        }
        let mut t = text;
        for _ in 0..self.rng.range(1, 2) {
            let spaces: Vec<usize> = t.match_indices(' ').map(|(i, _)| i).collect();
            if spaces.is_empty() {
                break;
            }
            let at = spaces[self.rng.below(spaces.len())];
            t.replace_range(at..at + 1, "\n");
        }
        t
    }

    /// One activity line as the family writes it.
    fn activity_line(&mut self, ci: usize, ai: usize) -> String {
        let (code, text) = self.comps[ci].acts[ai].clone();
        let mut t = self.noisy(&text);
        if self.fam.activity_periods && !t.ends_with('.') {
            t.push('.');
        }
        format!("{}{t}", self.fam.bullets.prefix(ai, &code))
    }

    /// The activity row's cell of a competence on the official model (« ▸… » lines).
    pub(super) fn activity_list(&mut self, ci: usize) -> String {
        let lines: Vec<String> = (0..self.comps[ci].acts.len())
            .map(|ai| self.activity_line(ci, ai))
            .collect();
        let sep = match (self.fam.one_line, self.fam.bullets) {
            (false, _) => "\n",
            (true, Bullet::None) => "; ",
            (true, _) => " ",
        };
        lines.join(sep)
    }

    /// A transposed activity row's text (the heading, noisy, without a code prefix).
    pub(super) fn row_bullet(&mut self, ai: usize, text: &str) -> String {
        if self.fam == Families::default() {
            return format!("▸ {text}");
        }
        let mut t = text.to_string();
        if self.fam.activity_periods && !t.ends_with('.') {
            t.push('.');
        }
        let prefix = match self.fam.bullets {
            Bullet::Triangle => "▸ ".to_string(),
            // The code forms need the code: numbered instead (a code-prefixed heading is
            // written by the noise's own code prefix).
            Bullet::Code | Bullet::CodeDash => Bullet::Numbered.prefix(ai, ""),
            b => b.prefix(ai, ""),
        };
        format!("{prefix}{t}")
    }

    /// A row above the headings, from `first` to `last` column; returns the heading row.
    pub(super) fn super_heading(&mut self, h: u32, first: u32, last: u32) -> u32 {
        if !self.fam.super_heading {
            return h;
        }
        if self.fam.split_headings && self.layout == Layout::CompetenceColumns {
            for ci in 0..self.comps.len() {
                let col = self.comp_col(ci);
                self.sheet.text(h, col, self.comps[ci].code.clone());
            }
        } else {
            let text = *self.rng.pick(SUPER_HEADINGS);
            self.sheet.text(h, first, text);
            if self.noise.merges {
                self.sheet.merge(h, first, h, last);
            }
        }
        h + 1
    }

    /// A competence-columns mark written as a code, when the family draws one: an activity
    /// code of this competence, its own code, or the bloc's, in any spelling.
    pub(super) fn code_mark(
        &mut self,
        ci: usize,
        own_acts: &[Act],
    ) -> Option<(String, Option<Act>)> {
        if !self.fam.code_marks || self.layout != Layout::CompetenceColumns || self.rng.one_in(2) {
            return None;
        }
        Some(match self.rng.below(5) {
            0 | 1 => {
                let act = own_acts[self.rng.below(own_acts.len())];
                let code = self.comps[ci].acts[act.1].0.clone();
                (self.spell_code(&code), Some(act))
            }
            2 | 3 => {
                let code = self.comps[ci].code.clone();
                (self.spell_code(&code), None)
            }
            _ => ("B1".to_string(), None),
        })
    }

    /// A code as students type it: « B1.2.1 », « B.1.2.1 », « B1-2-1 », « B 1-2-1 »,
    /// « b1.2.1 » (unchanged when the family is off).
    pub(super) fn spell_code(&mut self, code: &str) -> String {
        if !self.fam.code_marks {
            return code.to_string();
        }
        let digits: Vec<&str> = code.trim_start_matches('B').split('.').collect();
        match self.rng.below(5) {
            0 => code.to_string(),
            1 => format!("B.{}", digits.join(".")),
            2 => format!("B{}", digits.join("-")),
            3 => format!("B {}", digits.join("-")),
            _ => code.to_lowercase(),
        }
    }

    /// `list`: the header row in capitals or other words.
    pub(super) fn list_headers(&mut self, h: u32) {
        let title = *self.rng.pick(&[
            "RÉALISATION PROFESSIONNELLE",
            "Réalisation professionnelle",
            "Intitulé",
            "Projet",
            "RÉALISATIONS",
        ]);
        let period = *self
            .rng
            .pick(&["PÉRIODE", "Dates", "Période de réalisation"]);
        let comps = *self.rng.pick(&[
            "COMPÉTENCES MOBILISÉES",
            "Compétence(s)",
            "Compétences travaillées",
            "Compétences du bloc 1",
            "Activités / compétences",
        ]);
        self.sheet.text(h, 0, title);
        self.sheet.text(h, 1, period);
        self.sheet.text(h, 2, comps);
    }

    /// `list`: one « code + title » line per competence (or activity) named.
    pub(super) fn code_title_lines(
        &mut self,
        plan: &Plan,
        cell: (u32, u32),
        row: &mut RowM,
    ) -> String {
        let sep = *self.rng.pick(&[" ", " - ", " : ", " – "]);
        let mut lines = Vec::new();
        if self.noise.list_activity_titles {
            for a in plan.acts.iter().copied() {
                let (code, text) = self.comps[a.0].acts[a.1].clone();
                lines.push(format!("{code}{sep}{}", self.noisy_apostrophes(&text)));
                row.marks.push(list_mark(cell, a.0, Some(a)));
            }
        } else {
            let comps: BTreeSet<usize> = plan.acts.iter().map(|a| a.0).collect();
            for ci in comps {
                let (code, title) = (self.comps[ci].code.clone(), self.comps[ci].title.clone());
                lines.push(format!("{code}{sep}{}", self.noisy_apostrophes(&title)));
                row.marks.push(list_mark(cell, ci, None));
            }
        }
        lines.join(if self.rng.one_in(4) { " ; " } else { "\n" })
    }

    /// Sheets a student leaves beside the grid: a copy of the referential.
    pub(super) fn decoy_sheets(&mut self, book: &mut Book) {
        if !self.fam.referential_sheet {
            return;
        }
        let mut s = SheetData::new("Référentiel B1");
        s.text(0, 0, "Code");
        s.text(0, 1, "Compétence / activité");
        let mut r = 1;
        for c in &self.comps {
            s.text(r, 0, c.code.clone());
            s.text(r, 1, c.title.clone());
            r += 1;
            for (code, text) in &c.acts {
                s.text(r, 0, code.clone());
                s.text(r, 1, text.clone());
                r += 1;
            }
        }
        if self.rng.one_in(2) {
            book.sheets.push(s);
        } else {
            book.sheets.insert(0, s);
        }
    }

    /// The transposed layout with an activities column, or with the activities inside the
    /// competence cells (marks per competence).
    pub(super) fn competence_rows_variant(&mut self, plans: &[Plan]) {
        self.simple_title("Tableau de synthèse des réalisations professionnelles");
        let h = self.identity(2) + 1;
        let in_heading = self.fam.transposed == Transposed::ActivitiesInHeading;
        let first = if in_heading { 1 } else { 2 };
        self.sheet.text(h, 0, "Compétences \\ Réalisations");
        if !in_heading {
            let label = *self.rng.pick(&["Activités", "Activités du référentiel"]);
            self.sheet.text(h, 1, label);
        }
        self.sheet.text(h + 1, 0, "Période");
        let cols: Vec<u32> = (0..plans.len() as u32).map(|j| first + j).collect();
        let misassigned = plans.iter().find_map(|p| p.misassigned);
        let mut r = h + 2;
        let mut act_row: BTreeMap<Act, u32> = BTreeMap::new();
        let mut comp_row: BTreeMap<usize, u32> = BTreeMap::new();
        for ci in 0..self.comps.len() {
            if ci + 1 == self.comps.len() {
                for heading in self.extra_headings() {
                    self.sheet.text(r, 0, heading.clone());
                    self.heading_findings(&heading, (r, 0));
                    r += 1;
                }
            }
            let heading = self.comp_heading(ci);
            if in_heading {
                let list = self.activity_list(ci);
                self.sheet.text(r, 0, format!("{heading}\n{list}"));
                comp_row.insert(ci, r);
                r += 1;
                continue;
            }
            self.sheet.text(r, 0, heading);
            if self.noise.merges {
                self.sheet.merge(r, 0, r, 1);
            }
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
                self.sheet.text(r, 1, text);
                act_row.insert((ci, ai), r);
                self.model.activity_cells.insert((ci, ai), (r, 1));
                r += 1;
            }
            if let Some((placed, act)) = misassigned
                && placed == ci
            {
                let text = self.noisy(&self.comps[act.0].acts[act.1].1.clone());
                let text = self.row_bullet(0, &text);
                self.sheet.text(r, 1, text);
                act_row.insert(act, r);
                self.model.activity_cells.insert(act, (r, 1));
                self.misassigned_finding((r, 1), act);
                r += 1;
            }
        }
        for (plan, &c) in plans.iter().zip(&cols) {
            self.write_title((h, c), plan);
            self.write_period((h + 1, c), plan);
            let mut row = self.row_model(plan, (h, c), (h + 1, c));
            if in_heading {
                let comps: BTreeSet<usize> = plan.acts.iter().map(|a| a.0).collect();
                for ci in comps {
                    let rr = comp_row[&ci];
                    let cell = self.mark_cell();
                    self.sheet.set(rr, c, cell);
                    row.marks.push(MarkM {
                        cell: (rr, c),
                        counts: Some(ci),
                        act: None,
                        invalid: false,
                        placed: Some(ci),
                        placed_act: None,
                    });
                }
                if let Some((ci, _, text)) = plan.invalid {
                    let rr = comp_row[&ci];
                    self.sheet.text(rr, c, text);
                    row.marks.push(invalid_mark((rr, c), Some(ci), None));
                }
            } else {
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
            }
            self.model.rows.push(row);
        }
    }
}
