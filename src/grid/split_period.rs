//! A period written over two columns, its start and its end (« Du » | « Au », « Date de
//! début » | « Date de fin », or the end unlabelled), as candidates retype the official
//! model's single « Période » column: found beside the period column and read as one period.

use std::collections::BTreeSet;

use super::cells::Row;
use super::period::parse_period;
use super::scan::Scan;
use super::{Period, PeriodCell, PeriodProblem};
use crate::model::CellPos;
use crate::text::match_key;
use crate::workbook::Value;

/// Whether a header text names the end of a period written over two columns (« Du » | « Au »,
/// « Date de début » | « Date de fin »).
pub(crate) fn is_period_end_label(key: &str) -> bool {
    key == "au"
        || key == "a"
        || key.starts_with("fin")
        || key.starts_with("date de fin")
        || key.starts_with("date fin")
        || key.starts_with("jusqu")
}

/// A cell that holds one date: a date cell, or a text that reads as a single day.
fn is_single_date(value: &Value) -> bool {
    match value {
        Value::Date(_) => true,
        Value::Text(t) => matches!(
            parse_period(t),
            Period::Invalid {
                reason: PeriodProblem::SingleDate,
                ..
            }
        ),
        _ => false,
    }
}

/// The column that holds the end dates of a period written over two columns: right of the
/// period column (which holds single dates) and left of the headings, mostly single dates
/// below, and either unlabelled or labelled as an end (« Au », « Date de fin »). Without it,
/// « Au » reads as an unknown heading, every end date as a mark that is not one, and every
/// period as a single date.
pub(crate) fn period_end_column<'r, 'a: 'r>(
    scan: &Scan<'_, '_>,
    label_rows: std::ops::RangeInclusive<u32>,
    period_col: u32,
    first_heading_col: u32,
    body: impl Iterator<Item = &'r Row<'a>> + Clone,
) -> Option<(u32, Option<CellPos>)> {
    let mostly_single_dates = |col: u32| {
        let values: Vec<&Value> = body
            .clone()
            .filter_map(|r| r.cells.iter().find(|(c, _)| *c == col).map(|(_, v)| *v))
            .collect();
        let dates = values.iter().filter(|v| is_single_date(v)).count();
        dates > 0 && dates * 2 >= values.len()
    };
    if !mostly_single_dates(period_col) {
        return None;
    }
    let candidates: BTreeSet<u32> = body
        .clone()
        .flat_map(|r| r.cells.iter().map(|(c, _)| *c))
        .filter(|c| (period_col.saturating_add(1)..first_heading_col).contains(c))
        .collect();
    candidates.into_iter().find_map(|col| {
        let mut label = None;
        let mut other = false;
        for r in label_rows.clone() {
            let pos = CellPos::new(r, col);
            match scan.cells.get(pos) {
                Some(Value::Text(t)) if is_period_end_label(&match_key(t)) => label = Some(pos),
                Some(_) => other = true,
                None => {}
            }
        }
        // Labelled as something else only (a super-heading above « Au » is fine): a column
        // of its own.
        if (label.is_none() && other) || !mostly_single_dates(col) {
            return None;
        }
        Some((col, label))
    })
}

/// The period of a réalisation written over two cells, its start (maybe empty, said at
/// `at`) and its end: read as « start au end », both cells consumed, reported at the start
/// cell.
pub(crate) fn take_split_period(
    start: Option<(CellPos, &Value)>,
    end: (CellPos, &Value),
    at: Option<CellPos>,
    consumed: &mut BTreeSet<CellPos>,
) -> PeriodCell {
    consumed.insert(end.0);
    let cell = start.map(|(pos, _)| pos).or(at).unwrap_or(end.0);
    let from = start.map(|(pos, value)| {
        consumed.insert(pos);
        value.display()
    });
    let raw = match from {
        Some(from) => format!("{from} au {}", end.1.display()),
        None => format!("au {}", end.1.display()),
    };
    let parsed = parse_period(&raw);
    PeriodCell { cell, raw, parsed }
}
