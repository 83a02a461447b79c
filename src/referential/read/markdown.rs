//! The Markdown form (seed 000):
//!
//! ```text
//! # Le référentiel de compétences
//! [TOC]
//! ## Compétence 1 : Fournir Les Services Liés Au Système D’information
//! ### Composantes Essentielles
//!  - En Assurant Le Maintien En Conditions Opérationnelles.
//! ### Indicateurs De Développement Associés
//!  1. Analyser Les Besoins Du Métier.
//! ### Situations Professionnelles Associées
//!  - Production Quotidienne,
//! ```
//!
//! Competence headings give the code (« Compétence 2 » → `C2`, « B1.3 … » → `B1.3`, no number
//! → by rank); the level below names the kind of the items that follow. List punctuation that
//! is layout (a trailing comma, « ... ») is dropped; the words are kept as written.

use super::{RawCompetence, RawItem, ReadError, split_code};
use crate::model::ItemKind;
use crate::text::{clean, match_key};

pub(super) fn parse(
    text: &str,
    origin: &str,
) -> Result<(Option<String>, Vec<RawCompetence>), ReadError> {
    let lines: Vec<&str> = text.lines().collect();
    let competence_level = competence_level(&lines);
    let mut reader = Reader {
        origin,
        title: None,
        competences: Vec::new(),
        section: None,
        stack: Vec::new(),
        item_open: false,
        previous_blank: true,
        first_orphan: None,
    };
    let mut fence: Option<&str> = None;
    for (index, raw) in lines.iter().enumerate() {
        let no = index + 1;
        let trimmed = raw.trim();
        if let Some(marker) = fence {
            if trimmed.starts_with(marker) {
                fence = None;
            }
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(trimmed.get(..3).unwrap_or("```"));
            reader.close_items();
            continue;
        }
        reader.line(raw, no, competence_level)?;
    }
    if reader.competences.is_empty() {
        let (line, fr, en) = match reader.first_orphan {
            Some(line) => (
                line,
                "liste trouvée avant tout titre de compétence ; aucun titre de compétence (« ## Compétence 1 : … ») dans le document",
                "list found before any competence heading; no competence heading (“## Compétence 1 : …”) in the document",
            ),
            None => (
                lines.len().max(1),
                "aucun titre de compétence (« ## Compétence 1 : … ») dans le document",
                "no competence heading (“## Compétence 1 : …”) in the document",
            ),
        };
        return Err(ReadError::syntax(origin, line, fr, en));
    }
    Ok((reader.title, reader.competences))
}

/// The heading level of competences: that of the first « Compétence N » heading, else 2.
fn competence_level(lines: &[&str]) -> usize {
    lines
        .iter()
        .filter_map(|l| heading(l))
        .find(|(_, text)| {
            let key = match_key(text);
            key.starts_with("competence ") && split_code(text).0.is_some()
        })
        .map_or(2, |(level, _)| level)
}

/// `## Titre ##` → (2, « Titre »).
fn heading(line: &str) -> Option<(usize, String)> {
    let trimmed = line.trim_start();
    if line.len() - trimmed.len() > 3 {
        return None;
    }
    let level = trimmed.chars().take_while(|c| *c == '#').count();
    if level == 0 || level > 6 {
        return None;
    }
    let rest = trimmed.get(level..)?;
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    let text = rest.trim().trim_end_matches('#').trim_end();
    Some((level, inline(text)))
}

/// `  - text`, `1. text`, `2) text` → (indent, text).
fn list_item(line: &str) -> Option<(usize, &str)> {
    let indent: usize = line
        .chars()
        .take_while(|c| c.is_whitespace())
        .map(|c| if c == '\t' { 4 } else { 1 })
        .sum();
    let rest = line.trim_start();
    let after_marker = if let Some(r) = rest.strip_prefix(['-', '*', '+']) {
        r
    } else {
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 || digits > 3 {
            return None;
        }
        rest.get(digits..)?.strip_prefix(['.', ')'])?
    };
    if !after_marker.starts_with([' ', '\t']) && !after_marker.is_empty() {
        return None;
    }
    Some((indent, after_marker.trim()))
}

/// Markdown inline markup off: `**gras**`, `_it_`, `` `code` ``, `[texte](url)`.
fn inline(text: &str) -> String {
    static LINK: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let link = LINK.get_or_init(|| regex::Regex::new(r"\[([^\]]*)\]\([^)]*\)").expect("static"));
    let text = link.replace_all(text, "$1");
    let text = text.replace("**", "").replace("__", "").replace('`', "");
    clean(&text)
}

/// The item's words without list layout: a trailing comma, « ... » or « … » goes.
///
/// ```text
/// "Réponse À Une Demande Client/utilisateur/fournisseur..." → "Réponse À Une Demande Client/utilisateur/fournisseur"
/// ```
fn tidy(text: &str) -> String {
    let mut t = inline(text);
    loop {
        let before = t.len();
        for suffix in ["...", "…", ","] {
            if let Some(s) = t.strip_suffix(suffix) {
                t = s.trim_end().to_string();
            }
        }
        if t.len() == before {
            return t;
        }
    }
}

/// The kind of the items under a section heading (« Composantes Essentielles »…).
fn section_kind(heading: &str) -> Option<ItemKind> {
    let key = match_key(heading);
    let has = |w: &str| key.split(' ').any(|k| k.starts_with(w));
    if has("composante") || (has("essential") && has("component")) {
        Some(ItemKind::Component)
    } else if (has("indicateur") || has("indicator"))
        && (has("developpement") || has("development"))
    {
        Some(ItemKind::DevelopmentIndicator)
    } else if has("indicateur") || has("indicator") || has("critere") || has("performance") {
        Some(ItemKind::PerformanceIndicator)
    } else if has("situation") {
        Some(ItemKind::Situation)
    } else if has("activite") || has("activit") || key.contains("savoir faire") {
        Some(ItemKind::Activity)
    } else {
        None
    }
}

struct Reader<'a> {
    origin: &'a str,
    title: Option<String>,
    competences: Vec<RawCompetence>,
    /// Kind of the items of the current section.
    section: Option<ItemKind>,
    /// Indents of the open list items, outermost first (depth = position).
    stack: Vec<usize>,
    /// Whether the last line added to an item (a continuation line may extend it).
    item_open: bool,
    previous_blank: bool,
    /// A list item met before any competence heading (named in the error if none follows).
    first_orphan: Option<usize>,
}

impl Reader<'_> {
    fn close_items(&mut self) {
        self.stack.clear();
        self.item_open = false;
    }

    fn line(&mut self, raw: &str, no: usize, competence_level: usize) -> Result<(), ReadError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            self.previous_blank = true;
            return Ok(());
        }
        let previous_blank = std::mem::replace(&mut self.previous_blank, false);
        if is_marker(trimmed) {
            return Ok(());
        }
        if let Some((level, text)) = heading(raw) {
            self.close_items();
            return self.heading(level, text, no, competence_level);
        }
        if let Some((indent, text)) = list_item(raw) {
            return self.item(indent, text, no);
        }
        // A line under a list item continues it (lazily, or indented after a blank line).
        let indented = raw.starts_with([' ', '\t']);
        if self.item_open && (!previous_blank || indented) {
            let depth = self.stack.len().saturating_sub(1);
            if let Some(item) = self.item_at(depth) {
                let joined = format!("{} {}", item.text, trimmed);
                item.text = tidy(&joined);
            }
            return Ok(());
        }
        // A paragraph in a section is an item of its own; elsewhere it is prose (ignored).
        if self.section.is_some() && !self.competences.is_empty() {
            self.close_items();
            return self.item(0, trimmed, no);
        }
        Ok(())
    }

    fn heading(
        &mut self,
        level: usize,
        text: String,
        no: usize,
        competence_level: usize,
    ) -> Result<(), ReadError> {
        if level < competence_level {
            if self.title.is_none() && self.competences.is_empty() && !text.is_empty() {
                self.title = Some(text);
            }
            self.section = None;
            return Ok(());
        }
        if level == competence_level {
            let (code, title) = split_code(&text);
            if title.is_empty() {
                return Err(ReadError::syntax(
                    self.origin,
                    no,
                    "titre de compétence sans intitulé",
                    "competence heading without a title",
                ));
            }
            self.competences.push(RawCompetence {
                code,
                title,
                items: Vec::new(),
            });
            self.section = None;
            return Ok(());
        }
        if self.competences.is_empty() {
            // A section before any competence: an introduction, not part of the model.
            self.section = None;
            return Ok(());
        }
        match section_kind(&text) {
            Some(kind) => {
                self.section = Some(kind);
                Ok(())
            }
            None => Err(ReadError::syntax(
                self.origin,
                no,
                &format!(
                    "section « {text} » inconnue (attendu : Activités, Indicateurs de performance, Composantes essentielles, Indicateurs de développement associés, Situations professionnelles associées)"
                ),
                &format!(
                    "unknown section “{text}” (expected: Activités, Indicateurs de performance, Composantes essentielles, Indicateurs de développement associés, Situations professionnelles associées)"
                ),
            )),
        }
    }

    fn item(&mut self, indent: usize, text: &str, no: usize) -> Result<(), ReadError> {
        if self.competences.is_empty() {
            self.first_orphan.get_or_insert(no);
            return Ok(());
        }
        let text = tidy(text);
        if text.is_empty() {
            return Ok(());
        }
        // Items straight under a competence heading are what the candidate does.
        let kind = self.section.unwrap_or(ItemKind::Activity);
        while self.stack.last().is_some_and(|top| indent <= *top) {
            self.stack.pop();
        }
        let depth = self.stack.len();
        // Finding the parent walks the open levels: bounded, so reading stays linear.
        if depth >= super::limits::MAX_LIST_DEPTH {
            return Err(super::limits::list_too_deep(self.origin, no));
        }
        let item = RawItem::new(kind, text);
        let pushed = if depth == 0 {
            match self.competences.last_mut() {
                Some(c) => {
                    c.items.push(item);
                    true
                }
                None => false,
            }
        } else {
            match self.item_at(depth - 1) {
                Some(parent) => {
                    parent.items.push(item);
                    true
                }
                None => false,
            }
        };
        if pushed {
            self.stack.push(indent);
            self.item_open = true;
        }
        Ok(())
    }

    /// The last item at this depth of the current competence (0 = top level).
    fn item_at(&mut self, depth: usize) -> Option<&mut RawItem> {
        let competence = self.competences.last_mut()?;
        let mut item = competence.items.last_mut()?;
        for _ in 0..depth {
            item = item.items.last_mut()?;
        }
        Some(item)
    }
}

/// Table-of-contents markers and HTML comments carry no content.
fn is_marker(line: &str) -> bool {
    let key = line.to_ascii_lowercase();
    matches!(
        key.as_str(),
        "[toc]" | "[[_toc_]]" | "[[toc]]" | "---" | "***"
    ) || (line.starts_with("<!--") && line.ends_with("-->"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_drops_layout_punctuation_only() {
        assert_eq!(tidy("Production Quotidienne,"), "Production Quotidienne");
        assert_eq!(tidy("Documentation..."), "Documentation");
        assert_eq!(tidy("Intégration …"), "Intégration");
        assert_eq!(tidy("Audit."), "Audit.");
        assert_eq!(tidy("**Gras** et [lien](http://x)"), "Gras et lien");
    }

    #[test]
    fn variants_of_competence_headings() {
        let (_, c) = parse(
            "## Compétence 2 – Collaborer\n- a\n## Sans numéro\n### Situations\n- b,\n  - sous-b\n",
            "v.md",
        )
        .unwrap();
        assert_eq!(c[0].code.as_deref(), Some("C2"));
        assert_eq!(c[0].title, "Collaborer");
        assert_eq!(c[0].items[0].kind, ItemKind::Activity);
        assert_eq!(c[1].code, None);
        assert_eq!(c[1].items[0].text, "b");
        assert_eq!(c[1].items[0].items[0].text, "sous-b");
    }

    #[test]
    fn continuation_lines_join_their_item() {
        let (_, c) = parse(
            "## C1 Titre\n### Composantes\n- début\n  suite,\n- autre\n",
            "v.md",
        )
        .unwrap();
        assert_eq!(c[0].items[0].text, "début suite");
        assert_eq!(c[0].items.len(), 2);
    }

    #[test]
    fn errors_name_the_line() {
        let err = parse("# Titre\n\n- un point\n", "v.md").unwrap_err();
        assert!(
            err.to_string().starts_with("v.md, ligne 3 : liste trouvée"),
            "{err}"
        );
        let err = parse("# Titre\ntexte\n", "v.md").unwrap_err();
        assert!(
            err.to_string().starts_with("v.md, ligne 2 : aucun titre"),
            "{err}"
        );
        let err = parse("## C1 T\n### Bizarre\n", "v.md").unwrap_err();
        assert!(
            err.to_string()
                .contains("ligne 2 : section « Bizarre » inconnue"),
            "{err}"
        );
    }
}
