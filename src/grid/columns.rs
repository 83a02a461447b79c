//! The `competence-columns` (official) and `activity-columns` layouts: a header band of one to
//! three rows (competence titles, their « ▸ » activity lines or one heading per activity), a
//! title column, maybe a period column, then one row per réalisation.

use std::collections::{BTreeMap, BTreeSet};

use super::cells::Row;
use super::mark::read_mark;
use super::period::{looks_like_period, take_period};
use super::scan::{Found, MAX_GAP, Scan, place_under, take_title};
use super::section::section_of;
use super::split_period::{is_period_end_label, period_end_column, take_split_period};
use super::{Heading, Layout, Mark, MarkValue, Realisation, Target};
use crate::model::CellPos;
use crate::text::match_key;
use crate::workbook::Value;

/// Whether a header text names the réalisations column (the diagonal corner cell).
pub(crate) fn is_title_label(key: &str) -> bool {
    key.contains("realisation")
        || key.contains("intitule")
        || key.contains("competences mises en oeuvre")
        || key == "titre"
        || key == "projet"
        || key == "projets"
}

/// Whether a header text names the period column (or its start, « Du », « Début », when the
/// period is written over two columns).
pub(crate) fn is_period_label(key: &str) -> bool {
    key.starts_with("periode")
        || key.starts_with("date")
        || key.starts_with("duree")
        || key == "du"
        || key.starts_with("debut")
}

/// Whether a row's title names a total (« Total », « TOTAL : », « Nombre de réalisations »).
pub(crate) fn is_total_label(key: &str) -> bool {
    matches!(
        key,
        "total" | "totaux" | "sous total" | "nombre" | "nb" | "somme"
    ) || key.starts_with("total ")
        || key.starts_with("nombre de realisations")
        || key.starts_with("nb de realisations")
        || key.starts_with("nombre total")
}

/// A count in a total row: a number, or a number written as text (CSV has no other kind).
pub(crate) fn is_count(value: &Value) -> bool {
    match value {
        Value::Number(_) => true,
        Value::Text(t) => t.trim().parse::<f64>().is_ok(),
        _ => false,
    }
}

fn has_heading(scan: &Scan<'_, '_>, row: u32) -> bool {
    scan.hits.iter().any(|h| h.pos.row == row)
}

fn has_block(scan: &Scan<'_, '_>, row: u32) -> bool {
    scan.blocks.iter().any(|(p, _)| p.row == row)
}

pub(crate) fn read(scan: &Scan<'_, '_>, best_row: u32) -> Option<Found> {
    let cells = &scan.cells;
    // The header band: rows of headings or activity blocks around the best row.
    let mut band_start = best_row;
    while band_start > 0 && best_row - band_start < 2 && has_heading(scan, band_start - 1) {
        band_start -= 1;
    }
    // A row with a réalisation title on the left of the headings is the first réalisation
    // (its activity codes as marks are matches too), not more of the header.
    let first_col = scan
        .hits
        .iter()
        .filter(|h| h.pos.row == best_row)
        .map(|h| h.pos.col)
        .min()?;
    let titled = |row: u32| {
        cells.row(row).iter().any(|(col, value)| {
            *col < first_col
                && matches!(value, Value::Text(t) if {
                    let key = match_key(t);
                    !is_title_label(&key) && !is_period_label(&key) && !is_period_end_label(&key)
                })
        })
    };
    let mut band_end = best_row;
    // Positions are whatever a file says, up to `u32::MAX`: neighbours saturate.
    while band_end - best_row < 2
        && band_end < u32::MAX
        && (has_heading(scan, band_end + 1) || has_block(scan, band_end + 1))
        && !titled(band_end + 1)
    {
        band_end += 1;
    }
    // A period label is no heading, even one close to an activity's words (« Date de fin »).
    let names_period = |pos: CellPos| {
        matches!(cells.get(pos), Some(Value::Text(t)) if {
            let key = match_key(t);
            is_period_label(&key) || is_period_end_label(&key)
        })
    };
    let band_hits: Vec<&super::scan::Hit> = scan
        .hits
        .iter()
        .filter(|h| (band_start..=band_end).contains(&h.pos.row) && !names_period(h.pos))
        .collect();
    let first_heading_col = band_hits.iter().map(|h| h.pos.col).min()?;
    let last_heading_col = band_hits.iter().map(|h| h.pos.col).max()?;
    // Merged header cells (the diagonal corner A6:A7) may reach below the last heading row.
    for m in &cells.sheet.merges {
        if (band_start..=band_end).contains(&m.first.row)
            && m.first.col < first_heading_col
            && m.last.row > band_end
            && m.last.row <= band_end.saturating_add(2)
        {
            band_end = m.last.row;
        }
    }

    let mut consumed = BTreeSet::new();
    // Title and period columns, from their labels in (or just above) the band.
    // Every column a title label names (a super-heading « Compétences mises en œuvre » over
    // a blank column is one too): the one with the most text below is kept.
    let mut title_cols: Vec<u32> = Vec::new();
    let mut period_col = None;
    for r in band_start.saturating_sub(1)..=band_end {
        for (col, value) in cells.row(r) {
            if *col >= first_heading_col {
                continue;
            }
            let Value::Text(t) = value else { continue };
            let key = match_key(t);
            if period_col.is_none() && is_period_label(&key) {
                period_col = Some(*col);
                consumed.insert(CellPos::new(r, *col));
            } else if is_title_label(&key) {
                if !title_cols.contains(col) {
                    title_cols.push(*col);
                }
                consumed.insert(CellPos::new(r, *col));
            }
        }
    }
    let body_rows = || cells.rows.iter().filter(move |r| r.row > band_end).take(60);
    let title_col = match title_cols.as_slice() {
        [] => None,
        [one] => Some(*one),
        several => most_text_column(body_rows(), |c| several.contains(&c)).or(Some(several[0])),
    };
    let title_col = title_col.or_else(|| {
        // The column left of the headings with the most text below them.
        most_text_column(body_rows(), |col| {
            col < first_heading_col && Some(col) != period_col
        })
    })?;
    let period_col = period_col.or_else(|| {
        // An unlabelled column between titles and headings whose cells read as periods.
        // Only columns that hold something: a title in column A and headings in the last
        // column a position holds would otherwise be four billion columns to try.
        let between: BTreeSet<u32> = body_rows()
            .flat_map(|r| r.cells.iter().map(|(c, _)| *c))
            .filter(|c| (title_col.saturating_add(1)..first_heading_col).contains(c))
            .collect();
        between.into_iter().find(|c| {
            let values: Vec<&Value> = body_rows()
                .filter_map(|r| r.cells.iter().find(|(col, _)| col == c).map(|(_, v)| *v))
                .collect();
            let periods = values
                .iter()
                .filter(|v| match v {
                    Value::Text(t) => looks_like_period(t),
                    Value::Date(_) => true,
                    Value::Number(n) => (1900.0..=2100.0).contains(n),
                    _ => false,
                })
                .count();
            !values.is_empty() && periods * 2 >= values.len()
        })
    });

    let period_end_col = period_col.and_then(|start| {
        let (col, label) = period_end_column(
            scan,
            band_start.saturating_sub(1)..=band_end,
            start,
            first_heading_col,
            body_rows(),
        )?;
        consumed.extend(label);
        Some(col)
    });

    // Headings: exact matches, then every other text of the band right of the titles.
    let mut headings: Vec<Heading> = Vec::new();
    for r in band_start..=band_end {
        for (col, value) in cells.row(r) {
            let pos = CellPos::new(r, *col);
            if *col <= title_col
                || Some(*col) == period_col
                || Some(*col) == period_end_col
                || *col > last_heading_col.saturating_add(3)
            {
                continue;
            }
            let Value::Text(text) = value else { continue };
            if scan.blocks.iter().any(|(p, _)| *p == pos) {
                consumed.insert(pos);
                continue;
            }
            let (target, suggestion) = scan.heading_at(pos, text);
            consumed.insert(pos);
            let (title, activities) = super::heading::split_heading(text);
            let shown = if title.is_empty() {
                activities.join(" ")
            } else {
                title
            };
            headings.push(Heading {
                cell: pos,
                text: shown,
                target,
                under: None,
                suggestion,
            });
        }
    }
    // Activities grouped under a competence heading above them (merged or not).
    place_under(
        &mut headings,
        |c, a| c.row < a.row && c.col <= a.col,
        |c| (c.row, c.col),
    );
    let activity_cols: BTreeSet<u32> = headings
        .iter()
        .filter(|h| matches!(h.target, Target::Activity(_)))
        .map(|h| h.cell.col)
        .collect();
    let layout = if activity_cols.len() >= 2 {
        Layout::ActivityColumns
    } else {
        Layout::CompetenceColumns
    };
    // Each mark column takes its lowest heading (the activity under a competence).
    let mut mark_cols: BTreeMap<u32, Placement> = BTreeMap::new();
    let mut lowest: BTreeMap<u32, u32> = BTreeMap::new();
    for h in &headings {
        if lowest.get(&h.cell.col).is_none_or(|r| *r <= h.cell.row) {
            lowest.insert(h.cell.col, h.cell.row);
            mark_cols.insert(h.cell.col, Placement::of(h, scan));
        }
    }
    for (pos, code) in &scan.blocks {
        if (band_start..=band_end).contains(&pos.row) {
            mark_cols.entry(pos.col).or_insert_with(|| Placement {
                placed: Target::Competence(code.clone()),
                misplaced: None,
            });
        }
    }

    let realisations = read_rows(
        scan,
        band_end,
        title_col,
        PeriodCols {
            start: period_col,
            end: period_end_col,
        },
        &mark_cols,
        &mut consumed,
    );
    let mark_lines = mark_cols
        .iter()
        .map(|(col, placement)| super::MarkLine {
            index: *col,
            placed: placement.placed.clone(),
        })
        .collect();
    Some(Found {
        layout,
        headings,
        realisations,
        body_start: band_end.saturating_add(1),
        consumed,
        mark_lines,
    })
}

/// Where marks of a column or row go.
#[derive(Debug, Clone)]
pub(crate) struct Placement {
    pub placed: Target,
    /// An activity heading grouped under a competence it does not belong to: its marks are
    /// placed at that competence and mean the activity (a `misassigned-activity`).
    pub misplaced: Option<String>,
}

impl Placement {
    pub fn of(heading: &Heading, scan: &Scan<'_, '_>) -> Self {
        if let (Target::Activity(code), Some(under)) = (&heading.target, &heading.under)
            && scan.matcher.competence_of(code).as_ref() != Some(under)
        {
            return Self {
                placed: Target::Competence(under.clone()),
                misplaced: Some(code.clone()),
            };
        }
        Self {
            placed: heading.target.clone(),
            misplaced: None,
        }
    }

    /// The mark of a non-blank cell under this heading.
    pub fn mark(&self, cell: CellPos, value: &Value, scan: &Scan<'_, '_>) -> Option<Mark> {
        let mut read = read_mark(value, scan.matcher)?;
        if let (MarkValue::Yes, Some(code)) = (&read, &self.misplaced) {
            read = MarkValue::Activity(code.clone());
        }
        Some(Mark {
            cell,
            raw: value.display(),
            placed: self.placed.clone(),
            value: read,
        })
    }
}

/// Whether a row under the header band repeats it (a sub-header added inside the grid):
/// its mark cells hold the very headings of their columns (« Gérer le patrimoine
/// informatique » over B1.1), and it has no réalisation title. An activity code written as a
/// mark (« B1.2.2 » under B1.2) is a mark, not a heading, and a row with a title in the title
/// column is a réalisation, whatever its cells hold.
fn is_repeated_header(
    scan: &Scan<'_, '_>,
    title: Option<(CellPos, &Value)>,
    marks: &[(CellPos, &Value, &Placement)],
) -> bool {
    let titled = title.is_some_and(|(_, v)| match v {
        Value::Text(t) => !is_title_label(&match_key(t)) || t.len() > 200,
        _ => true,
    });
    if titled {
        return false;
    }
    let repeats = marks
        .iter()
        .filter(|(pos, _, placement)| {
            scan.hit_at(*pos)
                .is_some_and(|target| match (target, &placement.placed) {
                    _ if *target == placement.placed => true,
                    // An activity heading under the competence it was grouped under.
                    (Target::Activity(a), _) => placement.misplaced.as_ref() == Some(a),
                    // A competence title repeated over the first of its activity columns.
                    (Target::Competence(c), Target::Activity(a)) => {
                        scan.matcher.competence_of(a).as_ref() == Some(c)
                    }
                    _ => false,
                })
        })
        .count();
    repeats >= 2 && repeats * 2 >= marks.len()
}

/// The title column when no label names it: of the columns `eligible` allows, the one with
/// the most text in `rows` that does not read as a period (the leftmost on a tie). The column
/// and list layouts guess it alike.
pub(crate) fn most_text_column<'r, 'a: 'r>(
    rows: impl IntoIterator<Item = &'r Row<'a>>,
    eligible: impl Fn(u32) -> bool,
) -> Option<u32> {
    let mut counts: BTreeMap<u32, usize> = BTreeMap::new();
    for r in rows {
        for (col, v) in &r.cells {
            if eligible(*col) && matches!(v, Value::Text(t) if !looks_like_period(t)) {
                *counts.entry(*col).or_default() += 1;
            }
        }
    }
    counts
        .into_iter()
        .max_by_key(|(c, n)| (*n, std::cmp::Reverse(*c)))
        .map(|(c, _)| c)
}

/// Where the periods are: one column, or a start and an end column.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PeriodCols {
    pub start: Option<u32>,
    pub end: Option<u32>,
}

/// Walks the rows under the header band: part titles, blank rows, réalisations; stops at
/// junk far below.
pub(crate) fn read_rows(
    scan: &Scan<'_, '_>,
    header_end: u32,
    title_col: u32,
    period_cols: PeriodCols,
    mark_cols: &BTreeMap<u32, Placement>,
    consumed: &mut BTreeSet<CellPos>,
) -> Vec<Realisation> {
    let period_col = period_cols.start;
    let first_mark_col = mark_cols.keys().next().copied().unwrap_or(u32::MAX);
    let mut out = Vec::new();
    let mut last_row = header_end;
    let mut section: Option<usize> = None;
    for row in scan.cells.rows.iter().filter(|r| r.row > header_end) {
        if row.row > last_row.saturating_add(MAX_GAP) || out.len() > super::MAX_REALISATIONS {
            break;
        }
        let mut title: Option<(CellPos, &Value)> = None;
        let mut left: Option<(CellPos, &Value)> = None;
        let mut period: Option<(CellPos, &Value)> = None;
        let mut period_end: Option<(CellPos, &Value)> = None;
        let mut marks: Vec<(CellPos, &Value, &Placement)> = Vec::new();
        for (col, value) in &row.cells {
            let pos = CellPos::new(row.row, *col);
            if *col == title_col {
                title = Some((pos, value));
            } else if Some(*col) == period_col {
                period = Some((pos, value));
            } else if Some(*col) == period_cols.end {
                period_end = Some((pos, value));
            } else if let Some(target) = mark_cols.get(col) {
                marks.push((pos, value, target));
            } else if *col < first_mark_col && left.is_none() {
                left = Some((pos, value));
            }
        }
        // A part title: text in (or merged from) the title column, nothing else.
        let label = title.or(if title.is_none() && period.is_none() {
            left
        } else {
            None
        });
        if marks.is_empty()
            && period.is_none()
            && period_end.is_none()
            && let Some((pos, Value::Text(t))) = label
            && let Some(index) = section_of(t)
        {
            section = Some(index.unwrap_or_else(|| section.map_or(0, |s| s + 1)));
            consumed.insert(pos);
            last_row = row.row;
            continue;
        }
        // A total row a candidate adds under the grid (« Total », the count of each column):
        // no réalisation, and its counts are no marks. Left unread, `fix` keeps it.
        if period.is_none()
            && period_end.is_none()
            && matches!(label, Some((_, Value::Text(t))) if is_total_label(&match_key(t)))
            && marks.iter().all(|(_, v, _)| is_count(v))
        {
            last_row = row.row;
            continue;
        }
        if is_repeated_header(scan, title, &marks) {
            consumed.extend(marks.iter().map(|(p, _, _)| *p));
            last_row = row.row;
            continue;
        }
        if title.is_none() && period.is_none() && period_end.is_none() && marks.is_empty() {
            continue;
        }
        last_row = row.row;
        let title_pos = CellPos::new(row.row, title_col);
        let title_text = take_title(title, consumed);
        // A period column this row left empty: said at that cell.
        let period_at = period_col.map(|col| CellPos::new(row.row, col));
        let period = match period_end {
            Some(end) => Some(take_split_period(period, end, period_at, consumed)),
            None => take_period(period, period_at, consumed),
        };
        let marks: Vec<Mark> = marks
            .into_iter()
            .filter_map(|(pos, value, placement)| {
                let mark = placement.mark(pos, value, scan)?;
                consumed.insert(pos);
                Some(mark)
            })
            .collect();
        out.push(Realisation {
            cell: title_pos,
            title: title_text.filter(|t| !crate::text::is_blank(t)),
            section,
            period,
            marks,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::grid::{Grid, Layout, MarkValue, extract_sheet};
    use crate::model::CellPos;
    use crate::referential::embedded;
    use crate::workbook::{Sheet, Value};

    const TITLES: [&str; 6] = [
        "Gérer le patrimoine informatique",
        "Répondre aux incidents et aux demandes d’assistance et d’évolution",
        "Développer la présence en ligne de l’organisation",
        "Travailler en mode projet",
        "Mettre à disposition des utilisateurs un service informatique",
        "Organiser son développement professionnel",
    ];

    /// A header row 1 (title, period, the six competences in C..H), then `rows`.
    fn grid(rows: &[(&str, &str)]) -> Grid {
        let mut sheet = Sheet::new("Feuil1");
        let mut put = |a1: &str, text: &str| {
            sheet.set(CellPos::parse(a1).expect("A1"), Value::Text(text.into()));
        };
        put("A1", "Réalisations professionnelles");
        put("B1", "Période");
        for (i, title) in TITLES.iter().enumerate() {
            put(&format!("{}1", (b'C' + i as u8) as char), title);
        }
        for (a1, text) in rows {
            put(a1, text);
        }
        let r = embedded::get("bts-sio-b1").expect("embedded");
        extract_sheet(&sheet, &r).expect("a grid")
    }

    /// A header row 1 (title, `B1`, `C1`, the six competences in D..I), then `rows`.
    fn grid_with_two_period_columns(b1: &str, c1: &str, rows: &[(&str, Value)]) -> Grid {
        let mut sheet = Sheet::new("Feuil1");
        sheet.set(
            CellPos::parse("A1").unwrap(),
            Value::Text("Réalisations".into()),
        );
        for (a1, text) in [("B1", b1), ("C1", c1)] {
            if !text.is_empty() {
                sheet.set(CellPos::parse(a1).unwrap(), Value::Text(text.into()));
            }
        }
        for (i, title) in TITLES.iter().enumerate() {
            let a1 = format!("{}1", (b'D' + i as u8) as char);
            sheet.set(CellPos::parse(&a1).unwrap(), Value::Text((*title).into()));
        }
        for (a1, value) in rows {
            sheet.set(CellPos::parse(a1).unwrap(), value.clone());
        }
        let r = embedded::get("bts-sio-b1").expect("embedded");
        extract_sheet(&sheet, &r).expect("a grid")
    }

    #[test]
    fn a_period_over_two_columns_is_one_period() {
        let date = |y, m, d| Value::Date(crate::model::Date::new(y, m, d).unwrap());
        let text = |t: &str| Value::Text(t.into());
        let rows = [
            ("A2", text("Portfolio personnel en ligne")),
            ("B2", date(2024, 9, 4)),
            ("C2", date(2024, 10, 18)),
            ("D2", text("X")),
            ("A3", text("Veille technologique")),
            ("B3", text("02/10/23")),
            ("C3", text("28/12/23")),
            ("I3", text("X")),
            ("A4", text("Gestion de parc")),
            ("B4", date(2025, 1, 6)),
            ("E4", text("X")),
        ];
        for (b1, c1) in [
            ("Du", "Au"),
            ("Date de début", "Date de fin"),
            ("Période", ""),
        ] {
            let grid = grid_with_two_period_columns(b1, c1, &rows);
            assert_eq!(grid.layout, Layout::CompetenceColumns, "{b1} | {c1}");
            // « Au » is no heading: six headings, all competences.
            assert_eq!(grid.headings.len(), 6, "{b1} | {c1}: {:?}", grid.headings);
            assert!(
                grid.headings
                    .iter()
                    .all(|h| matches!(h.target, crate::grid::Target::Competence(_)))
            );
            let periods: Vec<Option<String>> = grid
                .realisations
                .iter()
                .map(|r| crate::grid::period::format_official(&r.period.as_ref().unwrap().parsed))
                .collect();
            assert_eq!(
                periods,
                [
                    Some("04/09/24 au 18/10/24".to_string()),
                    Some("02/10/23 au 28/12/23".to_string()),
                    // No end date: one date only, said at the start cell.
                    None,
                ],
                "{b1} | {c1}"
            );
            assert_eq!(
                grid.realisations[2]
                    .period
                    .as_ref()
                    .unwrap()
                    .cell
                    .to_string(),
                "B4"
            );
            assert_eq!(grid.realisations[0].marks.len(), 1);
        }
    }

    #[test]
    fn a_total_row_under_the_grid_is_no_realisation() {
        let mut sheet = Sheet::new("Feuil1");
        let text = |t: &str| Value::Text(t.into());
        let mut cells = vec![
            ("A1", text("Réalisations professionnelles")),
            ("B1", text("Période")),
            ("A2", text("Portfolio personnel en ligne")),
            ("B2", text("04/09/24 au 18/10/24")),
            ("C2", text("X")),
            ("A3", text("Veille technologique")),
            ("B3", text("02/10/23 au 28/12/23")),
            ("C3", Value::Number(1.0)),
            ("H3", text("X")),
            ("A5", text("TOTAL :")),
            ("C5", Value::Number(2.0)),
            // As a CSV file holds it.
            ("H5", text("1")),
        ];
        let headings: Vec<String> = (0..6).map(|i| format!("{}1", (b'C' + i) as char)).collect();
        for (a1, title) in headings.iter().zip(TITLES) {
            cells.push((a1.as_str(), text(title)));
        }
        for (a1, value) in cells {
            sheet.set(CellPos::parse(a1).unwrap(), value);
        }
        let r = embedded::get("bts-sio-b1").expect("embedded");
        let grid = extract_sheet(&sheet, &r).expect("a grid");
        let titles: Vec<&str> = grid
            .realisations
            .iter()
            .filter_map(|r| r.title.as_deref())
            .collect();
        assert_eq!(
            titles,
            ["Portfolio personnel en ligne", "Veille technologique"]
        );
        // A réalisation titled like a total is still one when it has a period.
        sheet.set(CellPos::parse("B5").unwrap(), text("01/01/25 au 01/02/25"));
        let grid = extract_sheet(&sheet, &r).expect("a grid");
        assert_eq!(grid.realisations.len(), 3);
    }

    #[test]
    fn a_column_of_dates_beside_whole_periods_is_not_their_end() {
        let text = |t: &str| Value::Text(t.into());
        let grid = grid_with_two_period_columns(
            "Période",
            "",
            &[
                ("A2", text("Portfolio personnel en ligne")),
                ("B2", text("04/09/24 au 18/10/24")),
                ("C2", text("25/10/24")),
                ("D2", text("X")),
                ("A3", text("Veille technologique")),
                ("B3", text("02/10/23 au 28/12/23")),
                ("C3", text("05/01/24")),
                ("E3", text("X")),
            ],
        );
        let raw: Vec<&str> = grid
            .realisations
            .iter()
            .map(|r| r.period.as_ref().unwrap().raw.as_str())
            .collect();
        assert_eq!(raw, ["04/09/24 au 18/10/24", "02/10/23 au 28/12/23"]);
    }

    #[test]
    fn a_super_heading_over_a_blank_column_is_not_the_title_column() {
        let mut sheet = Sheet::new("Feuil1");
        let mut put = |a1: &str, text: &str| {
            sheet.set(CellPos::parse(a1).expect("A1"), Value::Text(text.into()));
        };
        // « Compétences mises en œuvre » over the blank column C, the corner label in A.
        put("C1", "Compétences mises en œuvre");
        put(
            "A2",
            "Compétences mises en œuvre\n\nRéalisations professionnelles",
        );
        put("B2", "Période");
        for (i, title) in TITLES.iter().enumerate() {
            put(&format!("{}2", (b'D' + i as u8) as char), title);
        }
        put("A3", "Site vitrine");
        put("B3", "01/09/24 au 30/09/24");
        put("F3", "X");
        put("A4", "Serveur GLPI");
        put("B4", "01/10/24 au 30/10/24");
        put("D4", "X");
        let r = embedded::get("bts-sio-b1").expect("embedded");
        let g = extract_sheet(&sheet, &r).expect("a grid");
        let titles: Vec<(String, Option<String>)> = g
            .realisations
            .iter()
            .map(|r| (r.cell.to_string(), r.title.clone()))
            .collect();
        assert_eq!(
            titles,
            [
                ("A3".to_string(), Some("Site vitrine".to_string())),
                ("A4".to_string(), Some("Serveur GLPI".to_string()))
            ]
        );
    }

    #[test]
    fn every_mark_cell_of_a_row_is_known_blank_ones_too() {
        let g = grid(&[("A2", "Site vitrine"), ("D2", "X")]);
        let cells: Vec<(String, String)> = g
            .mark_cells(&g.realisations[0])
            .map(|(cell, placed)| {
                let crate::grid::Target::Competence(code) = placed else {
                    panic!("{placed:?}")
                };
                (cell.to_string(), code.clone())
            })
            .collect();
        let expected: Vec<(String, String)> = (0..6u8)
            .map(|i| (format!("{}2", (b'C' + i) as char), format!("B1.{}", i + 1)))
            .collect();
        assert_eq!(cells, expected);
    }

    #[test]
    fn activity_codes_as_marks_are_marks_not_a_repeated_header() {
        let g = grid(&[
            ("A2", "Mise à jour du site intranet"),
            ("B2", "11/07/23 au 03/09/23"),
            ("D2", "B1.2.2"),
            ("H2", "B1.6.3"),
            ("A3", "Portfolio personnel en ligne"),
            ("B3", "21/03/24 au 13/07/24"),
            ("C3", "X"),
            ("D3", "B1.2.1"),
            ("F3", "B1.4.2"),
        ]);
        assert_eq!(g.layout, Layout::CompetenceColumns);
        assert_eq!(g.realisations.len(), 2);
        let values: Vec<&MarkValue> = g.realisations[0].marks.iter().map(|m| &m.value).collect();
        assert_eq!(
            values,
            [
                &MarkValue::Activity("B1.2.2".into()),
                &MarkValue::Activity("B1.6.3".into())
            ]
        );
        assert_eq!(g.realisations[1].marks.len(), 3);
    }

    #[test]
    fn a_repeated_header_row_is_skipped_and_its_cells_understood() {
        let g = grid(&[
            ("A2", "Mise à jour du site intranet"),
            ("B2", "11/07/23 au 03/09/23"),
            ("C2", "X"),
            ("C3", TITLES[0]),
            ("D3", TITLES[1]),
            ("E3", TITLES[2]),
            ("A4", "Portfolio personnel en ligne"),
            ("B4", "21/03/24 au 13/07/24"),
            ("E4", "X"),
        ]);
        let cells: Vec<String> = g.realisations.iter().map(|r| r.cell.to_string()).collect();
        assert_eq!(cells, ["A2", "A4"]);
        assert!(g.consumed.contains(&CellPos::parse("D3").unwrap()));
        // Without a title, two activity codes under their competences are marks of an
        // untitled row (an `empty-title`), not a header.
        let g = grid(&[
            ("A2", "Mise à jour du site intranet"),
            ("C2", "X"),
            ("C3", "B1.1.5"),
            ("D3", "B1.2.2"),
        ]);
        assert_eq!(g.realisations.len(), 2);
        assert_eq!(g.realisations[1].title, None);
        assert_eq!(g.realisations[1].marks.len(), 2);
    }
}
