//! The columns of the official grid: the mark columns grouped under their competence, how
//! the sheet's width is shared, and the row heights that fit the headings' text.

use crate::model::Referential;
use crate::template::{Template, Tracked};

/// One mark column: the code it tracks and the text under the competence heading.
#[derive(Debug, Clone)]
pub(super) struct MarkColumn {
    pub(super) code: String,
    /// Activities as « ▸ » lines (competence grid) or the activity's text (detailed grid).
    pub(super) subtitle: String,
}

/// A competence heading over one or more mark columns.
#[derive(Debug, Clone)]
pub(super) struct Group {
    pub(super) code: String,
    pub(super) title: String,
    pub(super) columns: Vec<MarkColumn>,
}

pub(super) fn groups(template: &Template, referential: &Referential) -> Vec<Group> {
    referential
        .competences
        .iter()
        .map(|c| {
            let columns = match template.tracked {
                Tracked::Competences => vec![MarkColumn {
                    code: c.code.clone(),
                    subtitle: c
                        .activities()
                        .map(|a| format!("▸{}", a.shown_text()))
                        .collect::<Vec<_>>()
                        .join("\n"),
                }],
                Tracked::Activities => {
                    let columns: Vec<MarkColumn> = c
                        .activities()
                        .map(|a| MarkColumn {
                            code: a.code.clone(),
                            subtitle: a.shown_text().to_string(),
                        })
                        .collect();
                    if columns.is_empty() {
                        // A competence without activities keeps one column of its own.
                        vec![MarkColumn {
                            code: c.code.clone(),
                            subtitle: String::new(),
                        }]
                    } else {
                        columns
                    }
                }
            };
            Group {
                code: c.code.clone(),
                title: c.shown_title().to_string(),
                columns,
            }
        })
        .collect()
}

/// The first column of the right-hand part that takes about `fraction` of the total width
/// from the left: the column boundary nearest to it (the ministry's model puts « N°
/// candidat » at F, two thirds across, and the session at G).
pub(super) fn split_column(widths: &[f64], fraction: f64, min: usize) -> usize {
    let total: f64 = widths.iter().sum();
    let target = total * fraction;
    let mut best = (f64::MAX, widths.len().saturating_sub(1));
    let mut x = 0.0;
    for (i, w) in widths.iter().enumerate() {
        x += w;
        let boundary = i + 1;
        if boundary < min || boundary >= widths.len() {
            continue;
        }
        let distance = (x - target).abs();
        if distance < best.0 {
            best = (distance, boundary);
        }
    }
    best.1.max(min.min(widths.len().saturating_sub(1)))
}

/// Lines a text takes in a column of `width` characters at `points` (an estimate on the
/// wide side, so that row heights never cut text).
pub(super) fn lines_needed(text: &str, width: f64, points: f64, bold: bool) -> u32 {
    let per_char = points / 11.0 * if bold { 1.15 } else { 1.05 };
    let per_line = ((width - 1.0).max(1.0) / per_char).floor().max(1.0);
    text.split('\n')
        .map(|line| {
            let n = line.chars().count() as f64;
            (n / per_line).ceil().max(1.0) as u32
        })
        .sum()
}

/// Row height (points) for `lines` lines at `points`, capped at Excel's maximum.
pub(super) fn height_for(lines: u32, points: f64) -> f64 {
    (f64::from(lines) * points * 1.3 + 6.0).min(409.0)
}

pub(super) fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}
