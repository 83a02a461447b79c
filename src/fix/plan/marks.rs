//! One mark of a réalisation carried to the corrected grid: what it stands for in the
//! referential (a competence, an activity, misassigned or from an older referential), then
//! the column it lands in at the template's grain, with the reason when it moved.
use super::{Builder, outdated};
use crate::Lang;
use crate::grid::{Layout, MarkValue, Target};
use crate::rules::{FindingKind, Severity};
use crate::template::Tracked;
use crate::text::clean;
use crate::xlsx::grid::{FilledRow, GridSpot};

impl Builder<'_> {
    pub(super) fn mark(
        &mut self,
        m: &crate::grid::Mark,
        section: usize,
        row: usize,
        filled: &mut FilledRow,
    ) {
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
        } else if raw != "X"
            && matches!(m.value, MarkValue::Yes)
            && reasons.is_empty()
            && is_cosmetic(&m.raw)
        {
            self.plan.normalised += 1;
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
}

/// Whether a mark differs from « X » only by its case or spaces.
fn is_cosmetic(raw: &str) -> bool {
    raw.trim().eq_ignore_ascii_case("x")
}

enum Resolved {
    Competence(String),
    Activity(String),
}
