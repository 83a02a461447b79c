//! The correction plan: what goes where in the official layout, what changed and why, and what
//! is left to the teacher. Pure data, computed from a [`Checked`] sheet; the XLSX writer
//! (`fix::xlsx`) only lays it out.
//!
//! The plan never invents: a missing competence, an unreadable period or an empty name stays
//! missing, highlighted « à vérifier » with a note saying what is wrong.

use std::collections::{BTreeMap, BTreeSet};

use crate::Lang;
use crate::check::Checked;
use crate::grid::{Grid, Period, PeriodCell, PeriodProblem, Target};
use crate::model::{CellPos, IdentityKind, Referential};
use crate::rules::Finding;
use crate::rules::{FindingKind, Severity};
use crate::template::{Template, Tracked};
use crate::text::{clean, is_blank};
use crate::xlsx::grid::{Annotation, CellStatus, FilledRow, GridFill, GridSpot};

use super::outdated;

mod headings;
mod identity;
mod marks;

/// What `grille fix` will write, and the account of it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FixPlan {
    /// The content of the corrected grid, annotations included.
    pub fill: GridFill,
    /// Cells of the candidate's grid sheet whose content landed in the corrected grid, and the
    /// spot it landed on (labels and section titles replaced by the official texts are not
    /// listed: they have no spot of their own).
    pub placed: BTreeMap<CellPos, GridSpot>,
    /// Cells of the candidate's grid sheet that found no place in the official layout, with
    /// the reason (a note on that cell in « Contenu d'origine »).
    pub unplaced: BTreeMap<CellPos, String>,
    /// Every cell grille changed, with its original value and the reason.
    pub corrections: Vec<Correction>,
    /// What grille could not correct: the teacher (or the candidate) must act.
    pub remaining: Vec<Remaining>,
    /// Titled réalisations mobilising each competence once corrected, in referential order.
    pub coverage: Vec<(String, u32)>,
    /// Marks rewritten as « X » for their case or spaces only (`x`, ` X `): done silently and
    /// counted once in the report, so that the corrections a teacher must look at stand out.
    pub normalised: usize,
}

/// A cell grille changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    pub spot: GridSpot,
    /// Where the original value was on the candidate's sheet.
    pub origin: Option<CellPos>,
    /// The original value as written (empty when the cell was empty).
    pub original: String,
    /// Why it changed, in the plan's language.
    pub reason: String,
}

/// Something `grille fix` could not correct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remaining {
    pub kind: FindingKind,
    pub severity: Severity,
    /// The cell of the corrected grid it is about, if any.
    pub spot: Option<GridSpot>,
    /// The cell of the candidate's sheet it comes from, if any.
    pub origin: Option<CellPos>,
    pub message: String,
}

impl FixPlan {
    /// Whether errors remain that fix could not correct (`grille fix` exits 1).
    pub fn has_remaining_errors(&self) -> bool {
        self.remaining.iter().any(|r| r.severity == Severity::Error)
    }

    /// Whether a finding of the original check is settled in the corrected grid.
    pub fn resolves(&self, finding: &Finding) -> bool {
        let placed = finding.cell.and_then(|c| self.placed.get(&c));
        match finding.kind {
            // The corrected grid is the template's own model, never one it replaces.
            FindingKind::MisassignedActivity | FindingKind::OutdatedModel => true,
            FindingKind::MissingCompetence => finding
                .competence
                .as_deref()
                .and_then(|c| self.coverage.iter().find(|(code, _)| code == c))
                .is_some_and(|(_, n)| *n > 0),
            FindingKind::UnknownColumn | FindingKind::OutdatedReferential => match finding.cell {
                Some(cell) => placed.is_some() && !self.unplaced.contains_key(&cell),
                None => !self.remaining.iter().any(|r| r.kind == finding.kind),
            },
            FindingKind::MissingActivity => finding.activity.as_deref().is_some_and(|a| {
                self.fill
                    .sections
                    .iter()
                    .flatten()
                    .any(|row| !row.title.trim().is_empty() && row.marks.contains(a))
            }),
            _ => false,
        }
    }
}

/// Builds the plan of a checked sheet against a template and a referential.
pub fn plan(
    checked: &Checked,
    template: &Template,
    referential: &Referential,
    lang: Lang,
) -> FixPlan {
    let mut b = Builder {
        grid: &checked.grid,
        template,
        referential,
        lang,
        plan: FixPlan::default(),
    };
    b.identity();
    b.headings();
    b.realisations();
    b.duplicates(&checked.report.findings);
    b.model(&checked.report.findings);
    b.coverage();
    b.finish()
}

struct Builder<'a> {
    grid: &'a Grid,
    template: &'a Template,
    referential: &'a Referential,
    lang: Lang,
    plan: FixPlan,
}

impl Builder<'_> {
    fn t<'s>(&self, fr: &'s str, en: &'s str) -> &'s str {
        self.lang.pick(fr, en)
    }

    fn correct(&mut self, spot: GridSpot, origin: Option<CellPos>, original: &str, reason: String) {
        self.plan.corrections.push(Correction {
            spot,
            origin,
            original: original.to_string(),
            reason,
        });
    }

    fn remain(
        &mut self,
        kind: FindingKind,
        severity: Severity,
        spot: Option<GridSpot>,
        origin: Option<CellPos>,
        message: String,
    ) {
        self.plan.remaining.push(Remaining {
            kind,
            severity,
            spot,
            origin,
            message,
        });
    }

    /// A cell whose content is not carried over: it is left unplaced and
    /// the same message is kept as a remaining finding at that cell.
    fn leave(
        &mut self,
        kind: FindingKind,
        severity: Severity,
        spot: Option<GridSpot>,
        cell: CellPos,
        message: String,
    ) {
        self.unplace(cell, message.clone());
        self.remain(kind, severity, spot, Some(cell), message);
    }

    fn unplace(&mut self, cell: CellPos, reason: String) {
        self.plan.unplaced.entry(cell).or_insert(reason);
    }

    fn place(&mut self, cell: CellPos, spot: GridSpot) {
        self.plan.placed.entry(cell).or_insert(spot);
    }

    // ----- réalisations -----

    fn realisations(&mut self) {
        let grid = self.grid;
        let sections = self.template.sections.len().max(1);
        self.plan.fill.sections = vec![Vec::new(); sections];
        for (index, r) in grid.realisations.iter().enumerate() {
            let title = r.title.as_deref().filter(|t| !is_blank(t));
            let has_period = r.period.as_ref().is_some_and(|p| !is_blank(&p.raw));
            if title.is_none() && !has_period && r.marks.is_empty() {
                continue;
            }
            let section = match r.section {
                Some(i) if i < sections => i,
                Some(_) => sections - 1,
                None => 0,
            };
            let Some(rows) = self.plan.fill.sections.get(section) else {
                continue;
            };
            let row = rows.len();
            let mut filled = FilledRow::default();

            let title_spot = GridSpot::Title { section, row };
            match title {
                Some(t) => {
                    filled.title = t.trim().to_string();
                    self.place(r.cell, title_spot.clone());
                }
                None => {
                    let message = if r.marks.is_empty() {
                        self.t(
                            "Intitulé de la réalisation manquant : à compléter par le candidat.",
                            "Réalisation title missing: the candidate must fill it in.",
                        )
                    } else {
                        self.t(
                            "Intitulé de la réalisation manquant : ses marques ne comptent pas tant qu’il n’est pas écrit.",
                            "Réalisation title missing: its marks do not count until it is written.",
                        )
                    }
                    .to_string();
                    self.remain(
                        FindingKind::EmptyTitle,
                        Severity::Error,
                        Some(title_spot),
                        Some(r.cell),
                        message,
                    );
                }
            }

            let period_spot = GridSpot::Period { section, row };
            filled.period = self.period(r.period.as_ref(), period_spot, title.is_some());

            for m in &r.marks {
                self.mark(m, section, row, &mut filled);
            }
            self.coloured_blanks(index, section, row);
            if let Some(rows) = self.plan.fill.sections.get_mut(section) {
                rows.push(filled);
            }
        }
    }

    /// Cells coloured instead of marked: left empty (a colour is no mark, and fix does not
    /// guess what it meant), highlighted to check with a note saying why.
    fn coloured_blanks(&mut self, realisation: usize, section: usize, row: usize) {
        let grid = self.grid;
        let blanks = grid.coloured_blanks();
        for (_, cell, placed) in blanks.into_iter().filter(|(i, ..)| *i == realisation) {
            let Some(code) = self.grain_code(placed) else {
                continue;
            };
            let message = match self.lang {
                Lang::Fr => format!(
                    "la cellule d’origine {cell} était colorée mais vide ; une couleur ne compte pas comme marque. Laissée vide : écrire X si la réalisation mobilise {code}."
                ),
                Lang::En => format!(
                    "the original cell {cell} was coloured but empty; a colour does not count as a mark. Left empty: write X if the réalisation mobilises {code}."
                ),
            };
            let spot = GridSpot::Mark { section, row, code };
            self.remain(
                FindingKind::ColourMark,
                Severity::Error,
                Some(spot),
                Some(cell),
                message,
            );
        }
    }

    /// What is said of a réalisation without a period, whether its layout has no period
    /// cell or left it empty.
    fn missing_period(&self) -> String {
        self.t(
            "Période manquante : à compléter sous la forme « JJ/MM/AA au JJ/MM/AA ».",
            "Period missing: to be written as “DD/MM/YY au DD/MM/YY”.",
        )
        .to_string()
    }

    /// The period as the grid shows it: « JJ/MM/AA au JJ/MM/AA » when it could be read, else
    /// as written and highlighted.
    fn period(&mut self, cell: Option<&PeriodCell>, spot: GridSpot, titled: bool) -> String {
        let Some(p) = cell else {
            if titled {
                let message = self.missing_period();
                self.remain(
                    FindingKind::InvalidPeriod,
                    Severity::Error,
                    Some(spot),
                    None,
                    message,
                );
            }
            return String::new();
        };
        self.place(p.cell, spot.clone());
        match &p.parsed {
            Period::Valid { start, end } => {
                let official = format_period(*start, *end);
                if clean(&p.raw) != official {
                    let reason = self
                        .t(
                            "période réécrite au format officiel « JJ/MM/AA au JJ/MM/AA »",
                            "period rewritten in the official “DD/MM/YY au DD/MM/YY” form",
                        )
                        .to_string();
                    self.correct(spot, Some(p.cell), &p.raw, reason);
                }
                official
            }
            Period::Invalid { reason, .. } => {
                let raw = clean(&p.raw);
                let message = match (reason, self.lang) {
                    (PeriodProblem::Empty, _) => self.missing_period(),
                    (PeriodProblem::SingleDate, Lang::Fr) => format!(
                        "Période « {raw} » : une seule date, la date de début ou de fin manque. Laissée telle qu’écrite."
                    ),
                    (PeriodProblem::SingleDate, Lang::En) => format!(
                        "Period “{raw}”: a single date, the start or end date is missing. Left as written."
                    ),
                    (PeriodProblem::NotADate, Lang::Fr) => format!(
                        "Période « {raw} » illisible : à réécrire sous la forme « JJ/MM/AA au JJ/MM/AA ». Laissée telle qu’écrite."
                    ),
                    (PeriodProblem::NotADate, Lang::En) => format!(
                        "Period “{raw}” unreadable: to be rewritten as “DD/MM/YY au DD/MM/YY”. Left as written."
                    ),
                    (PeriodProblem::ImpossibleDate, Lang::Fr) => format!(
                        "Période « {raw} » : date impossible (jour ou mois inexistant). Laissée telle qu’écrite."
                    ),
                    (PeriodProblem::ImpossibleDate, Lang::En) => format!(
                        "Period “{raw}”: impossible date (no such day or month). Left as written."
                    ),
                    (PeriodProblem::EndBeforeStart, Lang::Fr) => format!(
                        "Période « {raw} » : la fin précède le début. Laissée telle qu’écrite."
                    ),
                    (PeriodProblem::EndBeforeStart, Lang::En) => {
                        format!("Period “{raw}”: the end comes before the start. Left as written.")
                    }
                };
                if titled || !raw.is_empty() {
                    self.remain(
                        FindingKind::InvalidPeriod,
                        Severity::Error,
                        Some(spot),
                        Some(p.cell),
                        message,
                    );
                }
                p.raw.trim().to_string()
            }
        }
    }

    /// The code of the grid column a heading target stands for, at the template's grain.
    fn grain_code(&self, target: &Target) -> Option<String> {
        match (target, self.template.tracked) {
            (Target::Competence(c), Tracked::Competences) => Some(c.clone()),
            (Target::Activity(a), Tracked::Activities) => Some(a.clone()),
            (Target::Activity(a), Tracked::Competences) => {
                self.referential.activity(a).map(|(c, _)| c.code.clone())
            }
            _ => None,
        }
    }

    // ----- findings fix does not settle -----

    fn duplicates(&mut self, findings: &[Finding]) {
        for f in findings
            .iter()
            .filter(|f| f.kind == FindingKind::DuplicateRealisation)
        {
            let spot = f.cell.and_then(|c| self.plan.placed.get(&c)).cloned();
            self.remain(f.kind, f.severity, spot, f.cell, f.message.clone());
        }
    }

    /// An older official model (`outdated-model`) is corrected by the template's own: said
    /// on the session cell, whose year made the sheet's model outdated.
    fn model(&mut self, findings: &[Finding]) {
        if !findings
            .iter()
            .any(|f| f.kind == FindingKind::OutdatedModel)
        {
            return;
        }
        let (sheet, current) = (&self.grid.sheet, &self.template.sheet_name);
        let reason = match self.lang {
            Lang::Fr => format!(
                "feuille « {sheet} » d’un ancien modèle, reportée dans le modèle officiel « {current} » de la session"
            ),
            Lang::En => format!(
                "sheet “{sheet}” of an older model, carried over into the session's official model “{current}”"
            ),
        };
        self.correct(
            GridSpot::Identity(IdentityKind::Session),
            None,
            &self.grid.sheet,
            reason,
        );
    }

    fn coverage(&mut self) {
        let rules = self.template.rules_for(self.referential);
        let mut counts: BTreeMap<&str, u32> = BTreeMap::new();
        let mut activities: BTreeSet<String> = BTreeSet::new();
        let mut titled = 0u32;
        for row in self.plan.fill.sections.iter().flatten() {
            if row.title.trim().is_empty() {
                continue;
            }
            titled += 1;
            let mut competences: BTreeSet<&str> = BTreeSet::new();
            for code in &row.marks {
                if let Some(c) = self.referential.competence(code) {
                    competences.insert(c.code.as_str());
                } else if let Some((c, _)) = self.referential.activity(code) {
                    competences.insert(c.code.as_str());
                    activities.insert(code.clone());
                }
            }
            for c in competences {
                *counts.entry(c).or_default() += 1;
            }
        }
        let referential = self.referential;
        self.plan.coverage = referential
            .competences
            .iter()
            .map(|c| {
                (
                    c.code.clone(),
                    counts.get(c.code.as_str()).copied().unwrap_or(0),
                )
            })
            .collect();
        for c in &referential.competences {
            let n = counts.get(c.code.as_str()).copied().unwrap_or(0);
            if n == 0 && rules.every_competence {
                let message = match self.lang {
                    Lang::Fr => format!(
                        "Aucune réalisation ne mobilise {} « {} » : grille ne peut pas l’inventer, à compléter par le candidat.",
                        c.code,
                        c.shown_title()
                    ),
                    Lang::En => format!(
                        "No réalisation mobilises {} “{}”: grille cannot invent it, the candidate must complete the grid.",
                        c.code,
                        c.shown_title()
                    ),
                };
                self.remain(
                    FindingKind::MissingCompetence,
                    Severity::Error,
                    Some(GridSpot::Heading(c.code.clone())),
                    None,
                    message,
                );
            } else if n > 0 && rules.every_activity && self.template.tracked == Tracked::Activities
            {
                for a in c.activities().filter(|a| !activities.contains(&a.code)) {
                    let message = match self.lang {
                        Lang::Fr => format!(
                            "Activité {} « {} » jamais cochée : à compléter par le candidat.",
                            a.code,
                            a.shown_text()
                        ),
                        Lang::En => format!(
                            "Activity {} “{}” never marked: the candidate must complete it.",
                            a.code,
                            a.shown_text()
                        ),
                    };
                    self.remain(
                        FindingKind::MissingActivity,
                        Severity::Error,
                        Some(GridSpot::Heading(a.code.clone())),
                        None,
                        message,
                    );
                }
            }
        }
        if rules.min_realisations > 0 && titled < rules.min_realisations {
            let severity = if rules.min_realisations_is_error {
                Severity::Error
            } else {
                Severity::Warning
            };
            let message = match self.lang {
                Lang::Fr => format!(
                    "{titled} réalisation(s) titrée(s) pour {} attendues.",
                    rules.min_realisations
                ),
                Lang::En => format!(
                    "{titled} titled réalisation(s) where {} are expected.",
                    rules.min_realisations
                ),
            };
            self.remain(
                FindingKind::TooFewRealisations,
                severity,
                None,
                None,
                message,
            );
        }
    }

    /// Turns corrections and remaining problems into one annotation per spot.
    fn finish(mut self) -> FixPlan {
        let mut by_spot: BTreeMap<GridSpot, (CellStatus, Vec<String>)> = BTreeMap::new();
        for c in &self.plan.corrections {
            let origin = c.origin.map(|o| o.to_string()).unwrap_or_default();
            let note = match (self.lang, origin.is_empty()) {
                (Lang::Fr, false) => format!(
                    "Corrigé par grille — valeur d’origine ({origin}) : « {} ». Raison : {}.",
                    c.original, c.reason
                ),
                (Lang::Fr, true) => format!(
                    "Corrigé par grille — valeur d’origine : « {} ». Raison : {}.",
                    c.original, c.reason
                ),
                (Lang::En, false) => format!(
                    "Corrected by grille — original value ({origin}): “{}”. Reason: {}.",
                    c.original, c.reason
                ),
                (Lang::En, true) => format!(
                    "Corrected by grille — original value: “{}”. Reason: {}.",
                    c.original, c.reason
                ),
            };
            let entry = by_spot
                .entry(c.spot.clone())
                .or_insert((CellStatus::Corrected, Vec::new()));
            if !entry.1.contains(&note) {
                entry.1.push(note);
            }
        }
        let prefix = self.lang.pick("À vérifier : ", "To check: ");
        for r in &self.plan.remaining {
            let Some(spot) = &r.spot else { continue };
            let entry = by_spot
                .entry(spot.clone())
                .or_insert((CellStatus::ToCheck, Vec::new()));
            entry.0 = CellStatus::ToCheck;
            let note = format!("{prefix}{}", r.message);
            if !entry.1.contains(&note) {
                entry.1.push(note);
            }
        }
        // A mark on a row without a title does not count: never shown as corrected.
        let untitled = self.t(
            "Ne compte pas tant que la réalisation n’a pas d’intitulé.",
            "Does not count until the réalisation has a title.",
        );
        for (spot, (status, notes)) in &mut by_spot {
            if let GridSpot::Mark { section, row, .. } = spot
                && self
                    .plan
                    .fill
                    .sections
                    .get(*section)
                    .and_then(|rows| rows.get(*row))
                    .is_some_and(|r| r.title.is_empty())
                && *status == CellStatus::Corrected
            {
                *status = CellStatus::ToCheck;
                notes.push(format!("{prefix}{untitled}"));
            }
        }
        self.plan.fill.annotations = by_spot
            .into_iter()
            .map(|(spot, (status, notes))| Annotation {
                spot,
                status,
                note: notes.join("\n"),
            })
            .collect();
        self.plan
    }
}

/// « JJ/MM/AA au JJ/MM/AA », the official form of a period.
///
/// ```
/// use grille::model::Date;
/// let (s, e) = (Date::new(2024, 9, 4).unwrap(), Date::new(2024, 10, 18).unwrap());
/// assert_eq!(grille::fix::format_period(s, e), "04/09/24 au 18/10/24");
/// ```
pub fn format_period(start: crate::model::Date, end: crate::model::Date) -> String {
    format!("{} au {}", start.short_fr(), end.short_fr())
}

#[cfg(test)]
pub(crate) mod tests;
