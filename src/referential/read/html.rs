//! A real HTML table, such as a referential copied from a web page: `<table>` with
//! `<tr>`/`<td>`/`<th>`, `rowspan`/`colspan`, `<li>` lists, `<p>` paragraphs.
//!
//! The table's header row (in `<thead>`, all `<th>`, or headings such as « Compétences »,
//! « Indicateurs de performance ») gives each column its role. A competence cell holds the
//! title (optionally with its code, « B1.1 Gérer le patrimoine informatique ») then the
//! activities as `<li>`; an indicator cell holds one indicator per `<p>` or `<li>`, and a
//! nested list (or a list right after an indicator ending with « : ») holds its sub-items.
//! A competence cell with `rowspan` covers several rows whose indicators all belong to it.
//! Rows that are one cell spanning the whole table (`colspan`) are section titles.

use std::collections::HashMap;

use scraper::{ElementRef, Html};

use super::{RawCompetence, RawItem, ReadError, split_code};
use crate::text::{clean, match_key};

mod cells;

use cells::{activity_entries, blocks, competence_cell, group_by_kind, indicators};

/// Bounds on spans: a page may say `rowspan="100000"`, which must not allocate that much.
const MAX_COLSPAN: usize = 50;
const MAX_ROWSPAN: usize = 10_000;

pub(super) fn parse(
    text: &str,
    origin: &str,
) -> Result<(Option<String>, Vec<RawCompetence>), ReadError> {
    let document = Html::parse_document(text);
    let root = document.root_element();
    let tables: Vec<ElementRef> = root
        .descendants()
        .filter_map(ElementRef::wrap)
        .filter(|e| e.value().name() == "table")
        .collect();
    if tables.is_empty() {
        return Err(ReadError::at(
            origin,
            "document HTML".into(),
            "aucun tableau (<table>) dans le document : un référentiel HTML doit présenter les compétences dans un tableau",
            "no table (<table>) in the document: an HTML referential must list the competences in a table",
        ));
    }
    let grids: Vec<Grid> = tables
        .iter()
        .enumerate()
        .map(|(i, t)| Grid::build(*t, i + 1))
        .collect();

    // The tables whose header names a competence column; else the first table with two
    // columns or more (a referential copied without its header), else the first one.
    let with_header: Vec<&Grid> = grids
        .iter()
        .filter(|g| g.header.is_some_and(|h| g.header_has_competence(h)))
        .collect();
    let chosen: Vec<&Grid> = if with_header.is_empty() {
        let first = grids
            .iter()
            .find(|g| g.width() >= 2)
            .or_else(|| grids.first());
        first.into_iter().collect()
    } else {
        with_header
    };

    let mut competences = Vec::new();
    for grid in chosen {
        competences.extend(grid.competences(origin)?);
    }
    if competences.is_empty() {
        return Err(ReadError::at(
            origin,
            "tableau 1".into(),
            "le tableau ne contient aucune ligne de compétence",
            "the table holds no competence row",
        ));
    }
    Ok((page_title(root), competences))
}

/// The page's `<h1>`, else its `<title>`.
fn page_title(root: ElementRef) -> Option<String> {
    let find = |name: &str| {
        root.descendants()
            .filter_map(ElementRef::wrap)
            .find(|e| e.value().name() == name)
            .map(|e| clean(&e.text().collect::<String>()))
            .filter(|t| !t.is_empty())
    };
    find("h1").or_else(|| find("title"))
}

/// One slot of the table's grid: the cell that covers it, and whether this is where that
/// cell starts (a `rowspan` cell covers the slots below it as continuations).
#[derive(Clone, Copy)]
struct Slot {
    cell: usize,
    origin_row: bool,
}

struct Row {
    /// 1-based rank of the `<tr>` in its table (for messages).
    number: usize,
    in_thead: bool,
    slots: Vec<Slot>,
    /// Cells that start on this row, in order.
    cells: Vec<usize>,
}

struct Grid<'a> {
    number: usize,
    cells: Vec<ElementRef<'a>>,
    rows: Vec<Row>,
    /// Index in `rows` of the header row, if one was found.
    header: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Competence,
    Activities,
    Indicators,
    Code,
    Ignored,
}

impl<'a> Grid<'a> {
    /// Lays the table's cells out on a grid, expanding `rowspan` and `colspan`.
    fn build(table: ElementRef<'a>, number: usize) -> Self {
        let mut cells = Vec::new();
        let mut rows = Vec::new();
        // Per column: the cell spanning down into the next rows, and how many rows are left.
        let mut carry: Vec<Option<(usize, usize)>> = Vec::new();
        let trs = table
            .descendants()
            .filter_map(ElementRef::wrap)
            .filter(|e| e.value().name() == "tr" && belongs_to(*e, table));
        for (r, tr) in trs.enumerate() {
            let in_thead = tr
                .ancestors()
                .filter_map(ElementRef::wrap)
                .take_while(|a| a.id() != table.id())
                .any(|a| a.value().name() == "thead");
            let mut slots: Vec<Slot> = Vec::new();
            let mut starts = Vec::new();
            let take_carried = |slots: &mut Vec<Slot>, carry: &mut Vec<Option<(usize, usize)>>| {
                while let Some(Some((cell, left))) = carry.get(slots.len()).copied() {
                    let col = slots.len();
                    slots.push(Slot {
                        cell,
                        origin_row: false,
                    });
                    if let Some(c) = carry.get_mut(col) {
                        *c = (left > 1).then_some((cell, left - 1));
                    }
                }
            };
            for td in tr
                .children()
                .filter_map(ElementRef::wrap)
                .filter(|e| matches!(e.value().name(), "td" | "th"))
            {
                take_carried(&mut slots, &mut carry);
                let id = cells.len();
                cells.push(td);
                starts.push(id);
                let colspan = span(td, "colspan", MAX_COLSPAN);
                let rowspan = span(td, "rowspan", MAX_ROWSPAN);
                for _ in 0..colspan {
                    let col = slots.len();
                    slots.push(Slot {
                        cell: id,
                        origin_row: true,
                    });
                    if carry.len() <= col {
                        carry.resize(col + 1, None);
                    }
                    if let Some(c) = carry.get_mut(col) {
                        *c = (rowspan > 1).then_some((id, rowspan - 1));
                    }
                }
            }
            take_carried(&mut slots, &mut carry);
            if slots.is_empty() {
                continue;
            }
            rows.push(Row {
                number: r + 1,
                in_thead,
                slots,
                cells: starts,
            });
        }
        let mut grid = Grid {
            number,
            cells,
            rows,
            header: None,
        };
        grid.header = grid.find_header();
        grid
    }

    /// The number of columns: the header's, else that of the first row of several cells.
    fn width(&self) -> usize {
        if let Some(h) = self.header.and_then(|h| self.rows.get(h)) {
            return h.slots.len();
        }
        self.rows
            .iter()
            .find(|r| r.cells.len() > 1)
            .or_else(|| self.rows.first())
            .map_or(0, |r| r.slots.len())
    }

    fn text(&self, cell: usize) -> String {
        self.cells
            .get(cell)
            .map(|c| clean(&c.text().collect::<String>()))
            .unwrap_or_default()
    }

    /// A row that is one cell spanning the whole table (« Bloc n° 1 — Support… »).
    fn is_section(&self, row: &Row) -> bool {
        row.slots.len() > 1
            && row.cells.len() == 1
            && row
                .slots
                .iter()
                .all(|s| s.origin_row && Some(&s.cell) == row.cells.first())
    }

    /// The first row that is not a section title, if it is a header: in `<thead>`, all `<th>`,
    /// or short cells naming columns (« Compétences », « Indicateurs de performance »).
    fn find_header(&self) -> Option<usize> {
        let (index, row) = self
            .rows
            .iter()
            .enumerate()
            .find(|(_, r)| !self.is_section(r))?;
        let all_th = row
            .cells
            .iter()
            .all(|c| self.cells.get(*c).is_some_and(|e| e.value().name() == "th"));
        let named = row.cells.iter().all(|c| {
            let text = self.text(*c);
            let has_list = self.cells.get(*c).is_some_and(|e| {
                e.descendants()
                    .filter_map(ElementRef::wrap)
                    .any(|d| d.value().name() == "li")
            });
            !has_list && text.chars().count() <= 80 && role_of_heading(&text) != Role::Ignored
        });
        (row.in_thead || all_th || named).then_some(index)
    }

    fn header_has_competence(&self, header: usize) -> bool {
        self.rows.get(header).is_some_and(|row| {
            row.cells
                .iter()
                .any(|c| role_of_heading(&self.text(*c)) == Role::Competence)
        })
    }

    /// Each column's role, from the header's headings or, without a header, by position.
    fn roles(&self) -> Vec<Role> {
        let width = self.width();
        let Some(header) = self.header.and_then(|h| self.rows.get(h)) else {
            return (0..width)
                .map(|col| match (col, width) {
                    (0, _) => Role::Competence,
                    (c, w) if c + 1 == w => Role::Indicators,
                    _ => Role::Activities,
                })
                .collect();
        };
        let mut roles: Vec<Role> = header
            .slots
            .iter()
            .map(|s| role_of_heading(&self.text(s.cell)))
            .collect();
        if !roles.contains(&Role::Competence)
            && let Some(r) = roles
                .iter_mut()
                .find(|r| matches!(r, Role::Ignored | Role::Activities))
        {
            *r = Role::Competence;
        }
        roles
    }

    /// The competences of this table, rows checked against its width.
    fn competences(&self, origin: &str) -> Result<Vec<RawCompetence>, ReadError> {
        let width = self.width();
        let roles = self.roles();
        let location = |row: &Row| format!("tableau {}, ligne {}", self.number, row.number);
        if !roles.contains(&Role::Competence) {
            let row = self.header.and_then(|h| self.rows.get(h));
            return Err(ReadError::at(
                origin,
                row.map_or_else(|| format!("tableau {}", self.number), location),
                "aucune colonne de compétences dans l’en-tête du tableau",
                "no competence column in the table's header",
            ));
        }
        let mut competences: Vec<RawCompetence> = Vec::new();
        // Which competence a competence cell opened (its rowspan continuations add to it).
        let mut opened: HashMap<usize, usize> = HashMap::new();
        for (index, row) in self.rows.iter().enumerate() {
            if Some(index) == self.header {
                continue;
            }
            if row.slots.len() != width {
                let n = row.slots.len();
                return Err(ReadError::at(
                    origin,
                    location(row),
                    &format!(
                        "{n} cellule{} au lieu de {width}",
                        if n > 1 { "s" } else { "" }
                    ),
                    &format!(
                        "{n} cell{} instead of {width}",
                        if n > 1 { "s" } else { "" }
                    ),
                ));
            }
            if self.is_section(row) {
                continue;
            }
            // Cells of each role that start on this row (a rowspan cell is read once).
            let cells_of = |role: Role| -> Vec<usize> {
                let mut out: Vec<usize> = Vec::new();
                for (slot, r) in row.slots.iter().zip(&roles) {
                    if *r == role && slot.origin_row && !out.contains(&slot.cell) {
                        out.push(slot.cell);
                    }
                }
                out
            };
            let competence_slot = row
                .slots
                .iter()
                .zip(&roles)
                .find(|(_, r)| **r == Role::Competence)
                .map(|(s, _)| *s);
            let Some(competence_slot) = competence_slot else {
                continue;
            };

            let mut items: Vec<RawItem> = Vec::new();
            let mut new_competence: Option<RawCompetence> = None;
            for cell in cells_of(Role::Competence) {
                let blocks = self.cells.get(cell).map(|e| blocks(*e)).unwrap_or_default();
                let (title, activities) = competence_cell(blocks);
                match title {
                    Some(title) if new_competence.is_none() => {
                        let (code, title) = split_code(&title);
                        new_competence = Some(RawCompetence {
                            code,
                            title,
                            items: Vec::new(),
                        });
                    }
                    _ => {}
                }
                items.extend(activities);
            }
            for cell in cells_of(Role::Activities) {
                let blocks = self.cells.get(cell).map(|e| blocks(*e)).unwrap_or_default();
                items.extend(activity_entries(blocks));
            }
            for cell in cells_of(Role::Indicators) {
                let blocks = self.cells.get(cell).map(|e| blocks(*e)).unwrap_or_default();
                items.extend(indicators(blocks));
            }
            let code_text = cells_of(Role::Code)
                .first()
                .map(|c| self.text(*c))
                .filter(|t| !t.is_empty());

            match new_competence {
                Some(mut competence) => {
                    if competence.title.is_empty() {
                        return Err(ReadError::at(
                            origin,
                            location(row),
                            "la cellule de compétence ne donne qu’un code, sans intitulé",
                            "the competence cell gives a code but no title",
                        ));
                    }
                    if let Some(code) = code_text {
                        competence.code = Some(code);
                    }
                    competence.items = items;
                    opened.insert(competence_slot.cell, competences.len());
                    competences.push(competence);
                }
                None => {
                    // A rowspan continuation, or an empty competence cell under a competence:
                    // this row's items belong to the competence above.
                    let target = opened
                        .get(&competence_slot.cell)
                        .copied()
                        .or_else(|| competences.len().checked_sub(1));
                    match target.and_then(|t| competences.get_mut(t)) {
                        Some(c) => c.items.extend(items),
                        None if items.is_empty() => {}
                        None => {
                            return Err(ReadError::at(
                                origin,
                                location(row),
                                "la cellule de compétence est vide (pas d’intitulé)",
                                "the competence cell is empty (no title)",
                            ));
                        }
                    }
                }
            }
        }
        for c in &mut competences {
            group_by_kind(&mut c.items);
        }
        Ok(competences)
    }
}

/// Whether an element belongs to this `<table>` (not to a table nested in one of its cells).
fn belongs_to(e: ElementRef, table: ElementRef) -> bool {
    e.ancestors()
        .filter_map(ElementRef::wrap)
        .find(|a| a.value().name() == "table")
        .is_some_and(|a| a.id() == table.id())
}

fn span(cell: ElementRef, attr: &str, max: usize) -> usize {
    cell.value()
        .attr(attr)
        .and_then(|v| v.trim().parse::<usize>().ok())
        .map_or(1, |n| n.clamp(1, max))
}

/// A column's role from its heading.
fn role_of_heading(text: &str) -> Role {
    let key = match_key(text);
    let has = |w: &str| key.split(' ').any(|k| k.starts_with(w));
    if has("indicateur") || has("critere") || has("performance") || has("evaluation") {
        Role::Indicators
    } else if has("competence") {
        Role::Competence
    } else if has("activite") || key.contains("savoir faire") || has("tache") {
        Role::Activities
    } else if matches!(key.as_str(), "code" | "codes" | "n" | "ref" | "reference") {
        Role::Code
    } else {
        Role::Ignored
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ItemKind;

    fn parse_ok(html: &str) -> Vec<RawCompetence> {
        parse(html, "t.html").unwrap().1
    }

    #[test]
    fn header_roles_lists_and_nested_sub_items() {
        let c = parse_ok(
            "<table><tr><th>Compétences</th><th>Indicateurs de performance</th></tr>
             <tr><td><p>B1.6 Organiser</p><ul><li>Mettre en place</li><li>Gérer</li></ul></td>
                 <td><p>La veille vise à :</p><ul><li>- repérer ;</li><li>renforcer.</li></ul>
                     <ul><li>Autre<ul><li>sous</li></ul></li></ul></td></tr></table>",
        );
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].code.as_deref(), Some("B1.6"));
        assert_eq!(c[0].title, "Organiser");
        let texts: Vec<&str> = c[0].items.iter().map(|i| i.text.as_str()).collect();
        assert_eq!(
            texts,
            ["Mettre en place", "Gérer", "La veille vise à :", "Autre"]
        );
        let veille: Vec<&str> = c[0].items[2]
            .items
            .iter()
            .map(|i| i.text.as_str())
            .collect();
        assert_eq!(veille, ["repérer", "renforcer"]);
        assert_eq!(c[0].items[3].items[0].text, "sous");
    }

    #[test]
    fn rowspan_continues_the_competence_and_colspan_rows_are_sections() {
        let c = parse_ok(
            "<table><thead><tr><th>Compétence</th><th>Critères</th></tr></thead>
             <tr><th colspan=2>Bloc 1</th></tr>
             <tr><td rowspan=2>Gérer<ul><li>A</li></ul></td><td>I1</td></tr>
             <tr><td>I2</td></tr>
             <tr><td>Travailler<br>Planifier</td><td><p>I3</p></td></tr></table>",
        );
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].items.len(), 3);
        assert_eq!(c[0].items[2].text, "I2");
        assert_eq!(c[1].items[0].kind, ItemKind::Activity);
        assert_eq!(c[1].items[0].text, "Planifier");
    }

    #[test]
    fn wrong_cell_count_names_table_and_row() {
        let err = parse(
            "<table><tr><th>Compétences</th><th>Indicateurs</th></tr>
             <tr><td>A</td><td>B</td></tr><tr><td>Seule</td></tr></table>",
            "x.html",
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.html, tableau 1, ligne 3 : 1 cellule au lieu de 2"
        );
    }

    #[test]
    fn no_table_is_a_clear_error() {
        let err = parse("<html><body><p>Rien</p></body></html>", "x.html").unwrap_err();
        assert!(err.to_string().contains("aucun tableau"), "{err}");
    }

    #[test]
    fn headerless_table_reads_by_position_and_huge_spans_are_bounded() {
        let c = parse_ok(
            "<table><tr><td rowspan=999999999>C1 Gérer<ul><li>A</li></ul></td><td>I</td></tr></table>",
        );
        assert_eq!(c[0].code.as_deref(), Some("C1"));
        assert_eq!(c[0].items[1].kind, ItemKind::PerformanceIndicator);
    }
}
