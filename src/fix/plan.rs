//! The correction plan: what goes where in the official layout, what changed and why, and what
//! is left to the teacher. Pure data, computed from a [`Checked`] sheet; the XLSX writer
//! (`fix::xlsx`) only lays it out.
//!
//! The plan never invents: a missing competence, an unreadable period or an empty name stays
//! missing, highlighted « à vérifier » with a note saying what is wrong.

use std::collections::{BTreeMap, BTreeSet};

use crate::Lang;
use crate::check::Checked;
use crate::grid::{Grid, Heading, Layout, MarkValue, Period, PeriodCell, PeriodProblem, Target};
use crate::model::{CellPos, IdentityKind, Referential};
use crate::rules::Finding;
use crate::rules::{FindingKind, Severity};
use crate::template::{Template, Tracked};
use crate::text::{clean, is_blank, match_key};
use crate::xlsx::grid::{Annotation, CellStatus, FilledRow, GridFill, GridSpot};

use super::outdated;

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

    // ----- identity -----

    fn identity(&mut self) {
        let grid = self.grid;
        for field in &grid.identity {
            let spot = GridSpot::Identity(field.kind);
            let Some(value) = field.value.as_deref().map(clean).filter(|v| !v.is_empty()) else {
                continue;
            };
            if field.kind == IdentityKind::Option {
                let known = self
                    .template
                    .options
                    .iter()
                    .find(|o| match_key(o) == match_key(&value))
                    .cloned();
                if let Some(option) = known {
                    if !option_is_canonical(&field.raw, &option) {
                        let reason = match self.lang {
                            Lang::Fr => {
                                format!("option {option} : case cochée ☒ au format officiel")
                            }
                            Lang::En => {
                                format!("option {option}: box ticked ☒ as in the official form")
                            }
                        };
                        self.correct(spot.clone(), Some(field.cell), &field.raw, reason);
                    }
                    self.plan.fill.identity.insert(IdentityKind::Option, option);
                    self.place(field.cell, spot);
                } else {
                    let message = match self.lang {
                        Lang::Fr => format!(
                            "Option « {} » : ni SISR ni SLAM, à cocher par le candidat.",
                            field.raw.trim()
                        ),
                        Lang::En => format!(
                            "Option “{}”: neither SISR nor SLAM, the candidate must tick one.",
                            field.raw.trim()
                        ),
                    };
                    self.leave(
                        FindingKind::MissingField,
                        Severity::Error,
                        Some(spot),
                        field.cell,
                        message,
                    );
                }
                continue;
            }
            if field.kind != IdentityKind::Session {
                let label = self
                    .template
                    .identity
                    .iter()
                    .find(|s| s.field == field.kind)
                    .map(|s| s.label.as_str())
                    .unwrap_or("");
                let official = format!("{label}{value}");
                if match_key(&field.raw) != match_key(&official) {
                    let reason = match self.lang {
                        Lang::Fr => format!(
                            "valeur reportée après le libellé officiel « {} »",
                            label.trim()
                        ),
                        Lang::En => {
                            format!("value moved after the official label “{}”", label.trim())
                        }
                    };
                    self.correct(spot.clone(), Some(field.cell), &field.raw, reason);
                }
            }
            self.plan.fill.identity.insert(field.kind, value);
            self.place(field.cell, spot);
        }
        // Required fields left empty: never invented.
        for spec in &self.template.identity {
            let Some(severity) = spec.required else {
                continue;
            };
            if self.plan.fill.identity.contains_key(&spec.field)
                || self
                    .plan
                    .remaining
                    .iter()
                    .any(|r| r.spot == Some(GridSpot::Identity(spec.field)))
            {
                continue;
            }
            let origin = self
                .grid
                .identity
                .iter()
                .find(|f| f.kind == spec.field)
                .map(|f| f.cell);
            let label = spec.field.label(self.lang);
            let message = match self.lang {
                Lang::Fr => format!(
                    "{label} : champ vide, à compléter par le candidat (grille ne l’invente pas)."
                ),
                Lang::En => format!(
                    "{label}: empty field, the candidate must fill it in (grille never invents it)."
                ),
            };
            self.remain(
                FindingKind::MissingField,
                severity,
                Some(GridSpot::Identity(spec.field)),
                origin,
                message,
            );
        }
    }

    // ----- headings -----

    fn headings(&mut self) {
        let grid = self.grid;
        for h in &grid.headings {
            match &h.target {
                Target::Competence(code) => {
                    let Some(c) = self.referential.competence(code) else {
                        self.unknown_heading(h.cell, &h.text, h.suggestion.as_deref());
                        continue;
                    };
                    let spot = GridSpot::Heading(code.clone());
                    self.official_heading(h, code, Some(c.shown_title()), spot);
                }
                Target::Activity(code) => {
                    let Some((c, item)) = self.referential.activity(code) else {
                        self.unknown_heading(h.cell, &h.text, h.suggestion.as_deref());
                        continue;
                    };
                    let code_in_grid = match self.template.tracked {
                        Tracked::Activities => code.clone(),
                        Tracked::Competences => c.code.clone(),
                    };
                    let spot = GridSpot::Heading(code_in_grid);
                    // A competences grid shows the competence's heading, not the activity's.
                    let official =
                        (self.template.tracked == Tracked::Activities).then(|| item.shown_text());
                    self.official_heading(h, code, official, spot);
                }
                Target::Outdated(old) => {
                    match outdated::current_competence(&self.referential.id, old)
                        .or_else(|| outdated::current_competence(&self.referential.id, &h.text))
                        .filter(|c| self.referential.competence(c).is_some())
                    {
                        Some(code) if self.template.tracked == Tracked::Competences => {
                            let spot = GridSpot::Heading(code.to_string());
                            let reason = match self.lang {
                                Lang::Fr => format!(
                                    "intitulé de l’ancien référentiel (2011) ; correspondance certaine avec {code}, marques reportées sur {code}"
                                ),
                                Lang::En => format!(
                                    "heading of the former referential (2011); certain match with {code}, marks carried over to {code}"
                                ),
                            };
                            self.correct(spot.clone(), Some(h.cell), &h.text, reason);
                            self.place(h.cell, spot);
                        }
                        _ => {
                            let message = match self.lang {
                                Lang::Fr => format!(
                                    "Intitulé « {} » de l’ancien référentiel (2011) sans correspondance certaine avec une compétence actuelle : ses marques ne sont pas reportées, à reprendre par l’enseignant.",
                                    clean(&h.text)
                                ),
                                Lang::En => format!(
                                    "Heading “{}” of the former referential (2011) with no certain match among current competences: its marks are not carried over, the teacher must decide.",
                                    clean(&h.text)
                                ),
                            };
                            self.leave(
                                FindingKind::OutdatedReferential,
                                Severity::Error,
                                None,
                                h.cell,
                                message,
                            );
                        }
                    }
                }
                Target::Unknown => self.unknown_heading(h.cell, &h.text, h.suggestion.as_deref()),
            }
        }
    }

    /// A heading of the referential put at its spot in the official grid, with a correction
    /// when it does not already show `official`, the text of `code` it stands for (`None`:
    /// its text is not checked).
    fn official_heading(
        &mut self,
        h: &Heading,
        code: &str,
        official: Option<&str>,
        spot: GridSpot,
    ) {
        if official.is_some_and(|o| !heading_matches(&h.text, code, o)) {
            let reason = match self.lang {
                Lang::Fr => format!("intitulé remplacé par le texte officiel de {code}"),
                Lang::En => format!("heading replaced by the official text of {code}"),
            };
            self.correct(spot.clone(), Some(h.cell), &h.text, reason);
        }
        self.place(h.cell, spot);
    }

    fn unknown_heading(&mut self, cell: CellPos, text: &str, suggestion: Option<&str>) {
        let mut message = match self.lang {
            Lang::Fr => format!(
                "Intitulé « {} » : ne correspond à aucune compétence du référentiel, sans place dans la grille officielle.",
                clean(text)
            ),
            Lang::En => format!(
                "Heading “{}”: matches no competence of the referential, no place in the official grid.",
                clean(text)
            ),
        };
        if let Some(s) = suggestion {
            message.push_str(&match self.lang {
                Lang::Fr => format!(" Texte officiel le plus proche : « {s} »."),
                Lang::En => format!(" Closest official text: “{s}”."),
            });
        }
        self.leave(
            FindingKind::UnknownColumn,
            Severity::Warning,
            None,
            cell,
            message,
        );
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

    fn mark(&mut self, m: &crate::grid::Mark, section: usize, row: usize, filled: &mut FilledRow) {
        let list = self.grid.layout == Layout::List;
        let raw = m.raw.trim();
        let mut reasons: Vec<String> = Vec::new();
        // What the mark stands for, in referential terms, before the template's grain.
        let resolved: Option<Resolved> = match &m.value {
            MarkValue::Invalid => {
                let placed_code = self.grain_code(&m.placed);
                let message = match self.lang {
                    Lang::Fr => format!(
                        "« {} » n’est pas une marque (X) : non reporté, à vérifier.",
                        clean(&m.raw)
                    ),
                    Lang::En => format!(
                        "“{}” is not a mark (X): not carried over, to check.",
                        clean(&m.raw)
                    ),
                };
                let spot = placed_code.map(|code| GridSpot::Mark { section, row, code });
                self.leave(
                    FindingKind::InvalidMark,
                    Severity::Error,
                    spot,
                    m.cell,
                    message,
                );
                return;
            }
            MarkValue::Yes => match &m.placed {
                Target::Competence(c) => Some(Resolved::Competence(c.clone())),
                Target::Activity(a) => Some(Resolved::Activity(a.clone())),
                Target::Outdated(old) => outdated::current_competence(&self.referential.id, old)
                    .map(|c| {
                        reasons.push(match self.lang {
                            Lang::Fr => format!(
                                "marque sous l’intitulé 2011 « {} », reportée sur {c}",
                                clean(old)
                            ),
                            Lang::En => format!(
                                "mark under the 2011 heading “{}”, carried over to {c}",
                                clean(old)
                            ),
                        });
                        Resolved::Competence(c.to_string())
                    }),
                Target::Unknown => None,
            },
            MarkValue::Activity(a) => Some(Resolved::Activity(a.clone())),
            MarkValue::Competence(c) => Some(Resolved::Competence(c.clone())),
        };
        let Some(resolved) = resolved else {
            let message = match self.lang {
                Lang::Fr => format!(
                    "Marque « {} » sous un intitulé sans place dans la grille officielle : non reportée, à reprendre par l’enseignant.",
                    clean(&m.raw)
                ),
                Lang::En => format!(
                    "Mark “{}” under a heading with no place in the official grid: not carried over, the teacher must decide.",
                    clean(&m.raw)
                ),
            };
            let kind = match m.placed {
                Target::Outdated(_) => FindingKind::OutdatedReferential,
                _ => FindingKind::UnknownColumn,
            };
            let severity = kind.default_severity();
            self.leave(
                kind,
                severity,
                Some(GridSpot::Title { section, row }),
                m.cell,
                message,
            );
            return;
        };

        // Misassigned activity: counted under its true competence.
        if let Resolved::Activity(a) = &resolved {
            let Some((true_c, _)) = self.referential.activity(a) else {
                let message = match self.lang {
                    Lang::Fr => format!(
                        "Activité « {a} » inconnue du référentiel : non reportée, à vérifier."
                    ),
                    Lang::En => format!(
                        "Activity “{a}” unknown to the referential: not carried over, to check."
                    ),
                };
                self.leave(
                    FindingKind::InvalidMark,
                    Severity::Error,
                    Some(GridSpot::Title { section, row }),
                    m.cell,
                    message,
                );
                return;
            };
            let placed_under = match &m.placed {
                Target::Competence(c) => Some(c.clone()),
                Target::Activity(pa) => self.referential.activity(pa).map(|(c, _)| c.code.clone()),
                _ => None,
            };
            if let Some(under) = placed_under.filter(|u| *u != true_c.code) {
                reasons.push(match self.lang {
                    Lang::Fr => format!(
                        "l’activité {a} était placée sous {under} ; elle appartient à {}",
                        true_c.code
                    ),
                    Lang::En => format!(
                        "activity {a} was placed under {under}; it belongs to {}",
                        true_c.code
                    ),
                });
            }
        }

        // The template's grain.
        let code = match (&resolved, self.template.tracked) {
            (Resolved::Competence(c), Tracked::Competences) => c.clone(),
            (Resolved::Activity(a), Tracked::Activities) => a.clone(),
            (Resolved::Activity(a), Tracked::Competences) => {
                let c = self
                    .referential
                    .activity(a)
                    .map(|(c, _)| c.code.clone())
                    .unwrap_or_default();
                if !matches!(m.value, MarkValue::Yes) || !matches!(m.placed, Target::Activity(_)) {
                    // An activity code written in a mark cell or a list.
                    reasons.push(match self.lang {
                        Lang::Fr => format!("activité {a} : marque X sur sa compétence {c}"),
                        Lang::En => format!("activity {a}: mark X on its competence {c}"),
                    });
                } else {
                    reasons.push(match self.lang {
                        Lang::Fr => format!("activité {a} cochée : reportée sur sa compétence {c}"),
                        Lang::En => {
                            format!("activity {a} marked: carried over to its competence {c}")
                        }
                    });
                }
                c
            }
            (Resolved::Competence(c), Tracked::Activities) => {
                let activities: Vec<String> = self
                    .referential
                    .competence(c)
                    .map(|comp| comp.activities().map(|i| i.code.clone()).collect())
                    .unwrap_or_default();
                match activities.as_slice() {
                    [only] => {
                        reasons.push(match self.lang {
                            Lang::Fr => format!(
                                "compétence {c} cochée : reportée sur sa seule activité {only}"
                            ),
                            Lang::En => format!(
                                "competence {c} marked: carried over to its only activity {only}"
                            ),
                        });
                        only.clone()
                    }
                    _ => {
                        let message = match self.lang {
                            Lang::Fr => format!(
                                "Compétence {c} cochée sans préciser l’activité : à détailler par le candidat."
                            ),
                            Lang::En => format!(
                                "Competence {c} marked without naming the activity: the candidate must detail it."
                            ),
                        };
                        self.leave(
                            FindingKind::MissingActivity,
                            Severity::Error,
                            Some(GridSpot::Title { section, row }),
                            m.cell,
                            message,
                        );
                        return;
                    }
                }
            }
        };
        if code.is_empty() {
            return;
        }
        if list {
            reasons.insert(
                0,
                match self.lang {
                    Lang::Fr => format!("reporté depuis la liste « {} »", clean(&m.raw)),
                    Lang::En => format!("carried over from the list “{}”", clean(&m.raw)),
                },
            );
        } else if raw != "X" && matches!(m.value, MarkValue::Yes) {
            reasons.push(match self.lang {
                Lang::Fr => format!("marque « {} » normalisée en X", clean(&m.raw)),
                Lang::En => format!("mark “{}” normalized to X", clean(&m.raw)),
            });
        }
        let spot = GridSpot::Mark {
            section,
            row,
            code: code.clone(),
        };
        filled.marks.insert(code);
        self.place(m.cell, spot.clone());
        if !reasons.is_empty() {
            let reason = reasons.join(" ; ");
            // One note per spot and reason (several activities may land on one competence).
            if !self
                .plan
                .corrections
                .iter()
                .any(|c| c.spot == spot && c.reason == reason && c.original == m.raw)
            {
                self.correct(spot, Some(m.cell), &m.raw, reason);
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

enum Resolved {
    Competence(String),
    Activity(String),
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

/// Whether a heading already shows the official text (its code, its title, or both; case,
/// accents, punctuation and the activities printed below it do not matter).
fn heading_matches(text: &str, code: &str, official: &str) -> bool {
    let key = match_key(text);
    let official = match_key(official);
    !official.is_empty() && key.contains(&official) || key == match_key(code)
}

/// Whether the option cell already shows the official ticked box (« ☒ SISR », possibly after
/// the label and followed by the other, unticked, box).
fn option_is_canonical(raw: &str, option: &str) -> bool {
    let text = clean(raw);
    let text = text
        .strip_prefix("Option")
        .map(|t| t.trim_start_matches([' ', ':']))
        .unwrap_or(&text);
    // Boxes and option names alternate: « ☒ SISR », « ▢ SISR ☒ SLAM »…
    let tokens: Vec<&str> = text.split(' ').filter(|t| !t.is_empty()).collect();
    if tokens.is_empty() || !tokens.len().is_multiple_of(2) {
        return false;
    }
    let mut chosen_ticked = false;
    for pair in tokens.chunks(2) {
        let (mark, name) = (pair[0], pair[1]);
        let ticked = mark == "☒";
        let empty = mark == "▢" || mark == "☐";
        if name == option {
            chosen_ticked = ticked;
            if !ticked {
                return false;
            }
        } else if !empty {
            return false;
        }
    }
    chosen_ticked
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::grid::{Heading, IdentityField, Mark, Realisation};
    use crate::model::Date;
    use crate::report::{Candidate, Coverage, Report};
    use crate::workbook::{Format, Sheet, Workbook};

    pub(crate) fn referential() -> Referential {
        crate::referential::embedded::get("bts-sio-b1").expect("embedded referential")
    }

    pub(crate) fn template() -> Template {
        Template::embedded("bts-sio-e5").expect("embedded template")
    }

    pub(crate) fn p(a1: &str) -> CellPos {
        CellPos::parse(a1).expect("valid A1")
    }

    pub(crate) fn heading(a1: &str, text: &str, target: Target) -> Heading {
        Heading {
            cell: p(a1),
            text: text.into(),
            target,
            under: None,
            suggestion: None,
        }
    }

    fn mark(a1: &str, raw: &str, placed: Target, value: MarkValue) -> Mark {
        Mark {
            cell: p(a1),
            raw: raw.into(),
            placed,
            value,
        }
    }

    pub(crate) fn yes(a1: &str, raw: &str, competence: &str) -> Mark {
        mark(
            a1,
            raw,
            Target::Competence(competence.into()),
            MarkValue::Yes,
        )
    }

    fn period(a1: &str, raw: &str, parsed: Period) -> Option<PeriodCell> {
        Some(PeriodCell {
            cell: p(a1),
            raw: raw.into(),
            parsed,
        })
    }

    fn valid(d1: (i32, u32, u32), d2: (i32, u32, u32)) -> Period {
        Period::Valid {
            start: Date::new(d1.0, d1.1, d1.2).unwrap(),
            end: Date::new(d2.0, d2.1, d2.2).unwrap(),
        }
    }

    fn realisation(
        row: u32,
        title: Option<&str>,
        section: Option<usize>,
        marks: Vec<Mark>,
    ) -> Realisation {
        Realisation {
            cell: CellPos::new(row, 0),
            title: title.map(str::to_string),
            section,
            period: period(
                &format!("B{}", row + 1),
                "04/09/24 au 18/10/24",
                valid((2024, 9, 4), (2024, 10, 18)),
            ),
            marks,
        }
    }

    fn identity(kind: IdentityKind, a1: &str, raw: &str, value: Option<&str>) -> IdentityField {
        IdentityField {
            kind,
            cell: p(a1),
            raw: raw.into(),
            value: value.map(str::to_string),
        }
    }

    /// A grid in the official layout that needs no correction.
    pub(crate) fn official_grid() -> Grid {
        let codes = ["B1.1", "B1.2", "B1.3", "B1.4", "B1.5", "B1.6"];
        let r = referential();
        Grid {
            sheet: "Tableau de synthèse Épreuve E5".into(),
            layout: Layout::CompetenceColumns,
            identity: vec![
                identity(
                    IdentityKind::Name,
                    "A3",
                    "NOM et prénom : DUPONT Jeanne",
                    Some("DUPONT Jeanne"),
                ),
                identity(
                    IdentityKind::Number,
                    "F3",
                    "N° candidat : 0212345678",
                    Some("0212345678"),
                ),
                identity(
                    IdentityKind::School,
                    "A4",
                    "Centre de formation : Lycée",
                    Some("Lycée"),
                ),
                identity(IdentityKind::Option, "G4", "☒ SISR", Some("SISR")),
                identity(
                    IdentityKind::PortfolioUrl,
                    "A5",
                    "Adresse URL du portfolio : https://x.invalid",
                    Some("https://x.invalid"),
                ),
            ],
            headings: codes
                .iter()
                .enumerate()
                .map(|(i, c)| Heading {
                    cell: CellPos::new(5, 2 + i as u32),
                    text: r.competence(c).unwrap().title.clone(),
                    target: Target::Competence((*c).into()),
                    under: None,
                    suggestion: None,
                })
                .collect(),
            realisations: vec![
                realisation(
                    8,
                    Some("Serveur GLPI"),
                    Some(0),
                    vec![
                        yes("C9", "X", "B1.1"),
                        yes("D9", "X", "B1.2"),
                        yes("E9", "X", "B1.3"),
                    ],
                ),
                realisation(
                    19,
                    Some("Site vitrine"),
                    Some(1),
                    vec![
                        yes("F20", "X", "B1.4"),
                        yes("G20", "X", "B1.5"),
                        yes("H20", "X", "B1.6"),
                    ],
                ),
            ],
            consumed: BTreeSet::new(),
            mark_lines: codes
                .iter()
                .enumerate()
                .map(|(i, code)| crate::grid::MarkLine {
                    index: 2 + i as u32,
                    placed: Target::Competence((*code).into()),
                })
                .collect(),
            fills: Default::default(),
        }
    }

    pub(crate) fn checked(grid: Grid) -> Checked {
        let mut sheet = Sheet::new(grid.sheet.clone());
        sheet.set(p("A1"), crate::workbook::Value::Text("BTS".into()));
        Checked {
            report: Report {
                file: "dupont.xlsx".into(),
                sheet: Some(grid.sheet.clone()),
                referential: "bts-sio-b1".into(),
                layout: Some(grid.layout.name().into()),
                candidate: Candidate::default(),
                realisations: Vec::new(),
                coverage: Coverage::default(),
                findings: Vec::new(),
            },
            grid,
            workbook: Workbook {
                source: "dupont.xlsx".into(),
                format: Format::Xlsx,
                sheets: vec![sheet],
            },
        }
    }

    pub(crate) fn run(grid: Grid) -> FixPlan {
        plan(&checked(grid), &template(), &referential(), Lang::Fr)
    }

    fn annotation<'a>(plan: &'a FixPlan, spot: &GridSpot) -> &'a Annotation {
        plan.fill
            .annotations
            .iter()
            .find(|a| &a.spot == spot)
            .unwrap_or_else(|| panic!("no annotation on {spot:?}: {:#?}", plan.fill.annotations))
    }

    fn mark_spot(section: usize, row: usize, code: &str) -> GridSpot {
        GridSpot::Mark {
            section,
            row,
            code: code.into(),
        }
    }

    #[test]
    fn an_official_grid_needs_no_correction() {
        let plan = run(official_grid());
        assert_eq!(plan.corrections, vec![], "{:#?}", plan.corrections);
        assert_eq!(plan.remaining, vec![], "{:#?}", plan.remaining);
        assert!(plan.fill.annotations.is_empty());
        assert_eq!(plan.fill.sections.len(), 3);
        assert_eq!(plan.fill.sections[0][0].title, "Serveur GLPI");
        assert_eq!(plan.fill.sections[0][0].period, "04/09/24 au 18/10/24");
        assert_eq!(
            plan.fill.sections[1][0].marks.iter().collect::<Vec<_>>(),
            ["B1.4", "B1.5", "B1.6"]
        );
        assert_eq!(
            plan.fill
                .identity
                .get(&IdentityKind::Option)
                .map(String::as_str),
            Some("SISR")
        );
        assert!(!plan.has_remaining_errors());
        assert_eq!(plan.placed.get(&p("C9")), Some(&mark_spot(0, 0, "B1.1")));
    }

    #[test]
    fn marks_are_normalized_to_x_with_the_original_in_the_note() {
        let mut grid = official_grid();
        grid.realisations[0].marks[0] = yes("C9", " ✓ ", "B1.1");
        let plan = run(grid);
        assert!(plan.fill.sections[0][0].marks.contains("B1.1"));
        let a = annotation(&plan, &mark_spot(0, 0, "B1.1"));
        assert_eq!(a.status, CellStatus::Corrected);
        assert!(
            a.note.contains("«  ✓  »")
                && a.note.contains("C9")
                && a.note.contains("marque « ✓ » normalisée en X"),
            "{}",
            a.note
        );
    }

    #[test]
    fn a_misassigned_activity_counts_under_its_true_competence() {
        let mut grid = official_grid();
        grid.realisations[0].marks.push(mark(
            "D9",
            "B1.6.4",
            Target::Competence("B1.2".into()),
            MarkValue::Activity("B1.6.4".into()),
        ));
        grid.realisations[1].marks.pop(); // B1.6 only through the misassigned activity
        let plan = run(grid);
        assert!(plan.fill.sections[0][0].marks.contains("B1.6"));
        let a = annotation(&plan, &mark_spot(0, 0, "B1.6"));
        assert_eq!(a.status, CellStatus::Corrected);
        assert!(
            a.note.contains("B1.2") && a.note.contains("appartient à B1.6"),
            "{}",
            a.note
        );
        assert_eq!(
            plan.coverage.iter().find(|(c, _)| c == "B1.6").map(|x| x.1),
            Some(1)
        );
        assert!(
            !plan
                .remaining
                .iter()
                .any(|r| r.kind == FindingKind::MissingCompetence)
        );
    }

    #[test]
    fn periods_are_rewritten_when_read_and_kept_when_not() {
        let mut grid = official_grid();
        grid.realisations[0].period = period(
            "B9",
            "du 4/9/2024 - 18/10/2024",
            valid((2024, 9, 4), (2024, 10, 18)),
        );
        grid.realisations[1].period = period(
            "B20",
            "En cours",
            Period::Invalid {
                start: None,
                end: None,
                reason: PeriodProblem::NotADate,
            },
        );
        let plan = run(grid);
        assert_eq!(plan.fill.sections[0][0].period, "04/09/24 au 18/10/24");
        let a = annotation(&plan, &GridSpot::Period { section: 0, row: 0 });
        assert_eq!(a.status, CellStatus::Corrected);
        assert!(a.note.contains("du 4/9/2024 - 18/10/2024"), "{}", a.note);
        assert_eq!(plan.fill.sections[1][0].period, "En cours");
        let b = annotation(&plan, &GridSpot::Period { section: 1, row: 0 });
        assert_eq!(b.status, CellStatus::ToCheck);
        assert!(b.note.contains("« En cours » illisible"), "{}", b.note);
        assert!(plan.has_remaining_errors());
    }

    #[test]
    fn what_cannot_be_corrected_is_not_invented() {
        let mut grid = official_grid();
        grid.identity.retain(|f| f.kind != IdentityKind::Name);
        grid.realisations[1].marks.clear(); // B1.4, B1.5, B1.6 now missing
        grid.realisations.push(realisation(
            10,
            None,
            Some(0),
            vec![yes("C11", "X", "B1.4")],
        ));
        let plan = run(grid);
        assert!(!plan.fill.identity.contains_key(&IdentityKind::Name));
        let name = annotation(&plan, &GridSpot::Identity(IdentityKind::Name));
        assert_eq!(name.status, CellStatus::ToCheck);
        assert!(name.note.contains("NOM et prénom"), "{}", name.note);
        let title = annotation(&plan, &GridSpot::Title { section: 0, row: 1 });
        assert_eq!(title.status, CellStatus::ToCheck);
        assert_eq!(plan.fill.sections[0][1].title, "");
        // The untitled row's mark does not count: B1.4 is still missing.
        let missing: Vec<_> = plan
            .remaining
            .iter()
            .filter(|r| r.kind == FindingKind::MissingCompetence)
            .filter_map(|r| r.spot.clone())
            .collect();
        assert_eq!(
            missing,
            ["B1.4", "B1.5", "B1.6"].map(|c| GridSpot::Heading(c.into()))
        );
        assert_eq!(
            annotation(&plan, &GridSpot::Heading("B1.5".into())).status,
            CellStatus::ToCheck
        );
    }

    #[test]
    fn sections_unknown_go_first_and_overflow_goes_last() {
        let mut grid = official_grid();
        grid.realisations[0].section = None;
        grid.realisations[1].section = Some(9);
        for i in 0..12 {
            grid.realisations
                .push(realisation(40 + i, Some(&format!("R{i}")), Some(0), vec![]));
        }
        let plan = run(grid);
        assert_eq!(
            plan.fill.sections[0].len(),
            13,
            "more rows than the template's 10"
        );
        assert_eq!(plan.fill.sections[0][0].title, "Serveur GLPI");
        assert_eq!(plan.fill.sections[2][0].title, "Site vitrine");
    }

    #[test]
    fn list_and_activity_columns_become_competence_marks() {
        let mut grid = official_grid();
        grid.layout = Layout::List;
        grid.realisations[0].marks = vec![
            mark(
                "C9",
                "B1.1, B1.2.1",
                Target::Unknown,
                MarkValue::Competence("B1.1".into()),
            ),
            mark(
                "C9",
                "B1.1, B1.2.1",
                Target::Unknown,
                MarkValue::Activity("B1.2.1".into()),
            ),
            mark(
                "C9",
                "B1.1, B1.2.1",
                Target::Unknown,
                MarkValue::Competence("B1.3".into()),
            ),
        ];
        let plan = run(grid);
        assert_eq!(
            plan.fill.sections[0][0].marks.iter().collect::<Vec<_>>(),
            ["B1.1", "B1.2", "B1.3"]
        );
        let a = annotation(&plan, &mark_spot(0, 0, "B1.2"));
        assert!(a.note.contains("liste « B1.1, B1.2.1 »"), "{}", a.note);

        let mut grid = official_grid();
        grid.layout = Layout::ActivityColumns;
        grid.realisations[0].marks = vec![
            mark("C9", "X", Target::Activity("B1.1.1".into()), MarkValue::Yes),
            mark("D9", "x", Target::Activity("B1.1.5".into()), MarkValue::Yes),
            yes("E9", "X", "B1.2"),
            yes("F9", "X", "B1.3"),
        ];
        let plan = run(grid);
        assert_eq!(
            plan.fill.sections[0][0].marks.iter().collect::<Vec<_>>(),
            ["B1.1", "B1.2", "B1.3"]
        );
        let a = annotation(&plan, &mark_spot(0, 0, "B1.1"));
        assert!(
            a.note.contains("B1.1.1") && a.note.contains("B1.1.5"),
            "{}",
            a.note
        );
        assert_eq!(plan.placed.get(&p("D9")), Some(&mark_spot(0, 0, "B1.1")));
    }

    #[test]
    fn outdated_headings_map_only_when_certain() {
        let mut grid = official_grid();
        grid.headings.push(heading(
            "I6",
            "A1.3.4 Déploiement d'un service",
            Target::Outdated("A1.3.4".into()),
        ));
        grid.headings.push(heading(
            "J6",
            "A1.1.1 Analyse du cahier des charges",
            Target::Outdated("A1.1.1".into()),
        ));
        grid.realisations[1].marks = vec![
            yes("F20", "X", "B1.4"),
            yes("H20", "X", "B1.6"),
            mark(
                "I20",
                "X",
                Target::Outdated("A1.3.4".into()),
                MarkValue::Yes,
            ),
            mark(
                "J20",
                "X",
                Target::Outdated("A1.1.1".into()),
                MarkValue::Yes,
            ),
        ];
        let plan = run(grid);
        assert!(plan.fill.sections[1][0].marks.contains("B1.5"));
        assert_eq!(
            plan.placed.get(&p("I6")),
            Some(&GridSpot::Heading("B1.5".into()))
        );
        assert!(plan.unplaced.contains_key(&p("J6")) && plan.unplaced.contains_key(&p("J20")));
        assert!(!plan.placed.contains_key(&p("J20")));
        let title = annotation(&plan, &GridSpot::Title { section: 1, row: 0 });
        assert_eq!(title.status, CellStatus::ToCheck);
        assert!(
            plan.remaining
                .iter()
                .any(|r| r.kind == FindingKind::OutdatedReferential && r.origin == Some(p("J6")))
        );
    }

    #[test]
    fn coloured_blank_marks_stay_empty_and_are_flagged_to_check() {
        let mut grid = official_grid();
        let row = grid
            .realisations
            .iter()
            .position(|r| r.title.as_deref() == Some("Site vitrine"))
            .expect("row 20");
        let red = crate::workbook::Fill::rgb(0xFF_0000).unwrap();
        let blue = crate::workbook::Fill::rgb(0x00_70C0).unwrap();
        // C20 (B1.1) coloured and empty; F20 coloured too but holding X.
        grid.fills.insert(p("C20"), red);
        grid.fills.insert(p("F20"), blue);
        let section = grid.realisations[row].section.unwrap();
        let index = grid.realisations[..row]
            .iter()
            .filter(|r| r.section == Some(section))
            .count();
        let plan = run(grid);
        let remaining: Vec<_> = plan
            .remaining
            .iter()
            .filter(|r| r.kind == FindingKind::ColourMark)
            .collect();
        assert_eq!(remaining.len(), 1, "{remaining:#?}");
        assert_eq!(remaining[0].origin, Some(p("C20")));
        let spot = mark_spot(section, index, "B1.1");
        assert_eq!(remaining[0].spot.as_ref(), Some(&spot));
        let filled = &plan.fill.sections[section][index];
        assert!(!filled.marks.contains("B1.1"), "{:?}", filled.marks);
        let note = annotation(&plan, &spot);
        assert_eq!(note.status, CellStatus::ToCheck);
        assert!(
            note.note.contains("C20 était colorée mais vide")
                && note.note.contains("une couleur ne compte pas comme marque"),
            "{}",
            note.note
        );
        assert!(plan.has_remaining_errors());
    }

    #[test]
    fn invalid_marks_are_not_carried_over_but_flagged() {
        let mut grid = official_grid();
        grid.realisations[0].marks.push(mark(
            "F9",
            "peut-être",
            Target::Competence("B1.4".into()),
            MarkValue::Invalid,
        ));
        let plan = run(grid);
        assert!(!plan.fill.sections[0][0].marks.contains("B1.4"));
        assert_eq!(
            annotation(&plan, &mark_spot(0, 0, "B1.4")).status,
            CellStatus::ToCheck
        );
        assert!(
            plan.unplaced
                .get(&p("F9"))
                .is_some_and(|n| n.contains("peut-être"))
        );
    }

    #[test]
    fn identity_is_moved_into_official_form_and_option_box_ticked() {
        let mut grid = official_grid();
        grid.identity[0] = identity(
            IdentityKind::Name,
            "B3",
            "DUPONT Jeanne",
            Some("DUPONT Jeanne"),
        );
        grid.identity[3] = identity(IdentityKind::Option, "G4", "x SISR ", Some("SISR"));
        let plan = run(grid);
        let a = annotation(&plan, &GridSpot::Identity(IdentityKind::Name));
        assert_eq!(a.status, CellStatus::Corrected);
        assert!(a.note.contains("B3"));
        let o = annotation(&plan, &GridSpot::Identity(IdentityKind::Option));
        assert!(o.note.contains("« x SISR  »"), "{}", o.note);
        assert!(option_is_canonical("Option : ☒ SISR ☐ SLAM", "SISR"));
        assert!(!option_is_canonical("☒ SISR ☒ SLAM", "SISR"));
        assert!(!option_is_canonical("☐ SISR", "SISR"));
        assert!(option_is_canonical("▢ SISR ☒ SLAM", "SLAM"));
        assert!(option_is_canonical("☒ SLAM", "SLAM"));
        assert!(!option_is_canonical("▣ SISR", "SISR"));
        assert!(!option_is_canonical("X SLAM", "SLAM"));
    }

    #[test]
    fn notes_follow_the_language() {
        let mut grid = official_grid();
        grid.realisations[0].marks[0] = yes("C9", "x", "B1.1");
        let plan = plan(&checked(grid), &template(), &referential(), Lang::En);
        let a = annotation(&plan, &mark_spot(0, 0, "B1.1"));
        assert!(
            a.note.starts_with("Corrected by grille") && a.note.contains("normalized to X"),
            "{}",
            a.note
        );
    }
}
