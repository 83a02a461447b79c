//! What one cell of an HTML referential holds: its lines and lists (nested lists kept as
//! sub-items), read into a competence's title and activities, or into indicators.

use scraper::{ElementRef, Node};

use super::super::{RawItem, split_code, split_run_together, strip_dash};
use crate::model::ItemKind;
use crate::text::clean;

/// What a cell holds, in order: lines of text (a `<p>`, text between `<br>`) and lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Block {
    Line(String),
    List(Vec<Entry>),
}

/// A list item: its own text and the items of the lists nested in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Entry {
    pub(super) text: String,
    pub(super) children: Vec<Entry>,
}

pub(super) fn blocks(element: ElementRef) -> Vec<Block> {
    let mut out = Vec::new();
    let mut line = String::new();
    walk(element, &mut out, &mut line, 0);
    flush(&mut out, &mut line);
    out
}

/// Deeply nested markup is cut off rather than overflowing the stack.
const MAX_DEPTH: usize = 64;

fn walk(element: ElementRef, out: &mut Vec<Block>, line: &mut String, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    for child in element.children() {
        match child.value() {
            Node::Text(t) => line.push_str(t),
            Node::Element(e) => {
                let Some(child) = ElementRef::wrap(child) else {
                    continue;
                };
                match e.name() {
                    "br" => flush(out, line),
                    "ul" | "ol" => {
                        flush(out, line);
                        list(child, out, depth + 1);
                    }
                    "li" => {
                        flush(out, line);
                        let entry = entry(child, depth + 1);
                        push_entry(out, entry);
                    }
                    "script" | "style" | "template" | "head" | "noscript" => {}
                    name if is_block(name) => {
                        flush(out, line);
                        walk(child, out, line, depth + 1);
                        flush(out, line);
                    }
                    _ => walk(child, out, line, depth + 1),
                }
            }
            _ => {}
        }
    }
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "blockquote"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "dl"
            | "dt"
            | "dd"
            | "table"
            | "tr"
            | "td"
            | "th"
            | "pre"
            | "hr"
    )
}

fn flush(out: &mut Vec<Block>, line: &mut String) {
    let text = clean(line);
    if !text.is_empty() {
        out.push(Block::Line(text));
    }
    line.clear();
}

fn push_entry(out: &mut Vec<Block>, entry: Entry) {
    if entry.text.is_empty() && entry.children.is_empty() {
        return;
    }
    match out.last_mut() {
        Some(Block::List(entries)) => entries.push(entry),
        _ => out.push(Block::List(vec![entry])),
    }
}

/// A `<ul>`/`<ol>`: `<li>` are entries; loose text in the list is an entry too; a block
/// (`<p>`) inside a list that was never closed ends it (broken HTML exported by editors).
fn list(element: ElementRef, out: &mut Vec<Block>, depth: usize) {
    out.push(Block::List(Vec::new()));
    let mut loose = String::new();
    for child in element.children() {
        match child.value() {
            Node::Text(t) => loose.push_str(t),
            Node::Element(e) => {
                let Some(child) = ElementRef::wrap(child) else {
                    continue;
                };
                match e.name() {
                    "li" => {
                        flush_loose(out, &mut loose);
                        push_entry(out, entry(child, depth + 1));
                    }
                    "ul" | "ol" => {
                        // A list directly in a list: sub-items of the previous entry.
                        flush_loose(out, &mut loose);
                        let mut nested = Vec::new();
                        list(child, &mut nested, depth + 1);
                        let children = nested.into_iter().flat_map(|b| match b {
                            Block::List(entries) => entries,
                            Block::Line(text) => vec![Entry {
                                text,
                                children: Vec::new(),
                            }],
                        });
                        if let Some(Block::List(entries)) = out.last_mut() {
                            match entries.last_mut() {
                                Some(last) => last.children.extend(children),
                                None => entries.extend(children),
                            }
                        }
                    }
                    name if is_block(name) => {
                        flush_loose(out, &mut loose);
                        let mut line = String::new();
                        walk(child, out, &mut line, depth + 1);
                        flush(out, &mut line);
                    }
                    "br" => flush_loose(out, &mut loose),
                    _ => {
                        let mut inner = String::new();
                        let mut nested = Vec::new();
                        walk(child, &mut nested, &mut inner, depth + 1);
                        loose.push_str(&inner);
                        for b in nested {
                            if let Block::Line(t) = b {
                                loose.push(' ');
                                loose.push_str(&t);
                            }
                        }
                        flush_loose(out, &mut loose);
                    }
                }
            }
            _ => {}
        }
    }
    flush_loose(out, &mut loose);
    if matches!(out.last(), Some(Block::List(e)) if e.is_empty()) {
        out.pop();
    }
}

fn flush_loose(out: &mut Vec<Block>, loose: &mut String) {
    let text = clean(loose);
    loose.clear();
    if !text.is_empty() {
        push_entry(
            out,
            Entry {
                text,
                children: Vec::new(),
            },
        );
    }
}

/// A `<li>`: its text outside nested lists, and the nested lists' entries as children.
fn entry(li: ElementRef, depth: usize) -> Entry {
    let mut inner = Vec::new();
    let mut line = String::new();
    walk(li, &mut inner, &mut line, depth);
    flush(&mut inner, &mut line);
    let mut texts = Vec::new();
    let mut children = Vec::new();
    for b in inner {
        match b {
            Block::Line(t) => texts.push(t),
            Block::List(entries) => children.extend(entries),
        }
    }
    Entry {
        text: texts.join(" "),
        children,
    }
}

/// The title (first line; a line that is only a code joins the next) and the activities.
pub(super) fn competence_cell(blocks: Vec<Block>) -> (Option<String>, Vec<RawItem>) {
    let mut blocks = blocks.into_iter().peekable();
    let mut title: Option<String> = None;
    if let Some(Block::Line(first)) = blocks.peek().cloned() {
        blocks.next();
        let mut first = first;
        let (code, rest) = split_code(&first);
        if code.is_some()
            && rest.is_empty()
            && let Some(Block::Line(next)) = blocks.peek().cloned()
        {
            blocks.next();
            first = format!("{first} {next}");
        }
        title = Some(first);
    }
    let rest: Vec<Block> = blocks.collect();
    let lines: Vec<&String> = rest
        .iter()
        .filter_map(|b| match b {
            Block::Line(t) => Some(t),
            Block::List(_) => None,
        })
        .collect();
    let has_list = rest.iter().any(|b| matches!(b, Block::List(_)));
    // One run-together line and no list: the `<li>` tags were lost (as in the TSV export).
    if !has_list && lines.len() == 1 {
        let activities = lines
            .first()
            .map(|l| split_run_together(l))
            .unwrap_or_default()
            .into_iter()
            .map(|t| RawItem::new(ItemKind::Activity, t))
            .collect();
        return (title, activities);
    }
    (title, activity_entries(rest))
}

/// Every line and list entry is an activity; nested entries are its sub-items.
pub(super) fn activity_entries(blocks: Vec<Block>) -> Vec<RawItem> {
    let mut items = Vec::new();
    for b in blocks {
        match b {
            Block::Line(t) => {
                let text = undash(&t);
                if !text.is_empty() {
                    items.push(RawItem::new(ItemKind::Activity, text));
                }
            }
            Block::List(entries) => items.extend(
                entries
                    .into_iter()
                    .filter_map(|e| entry_item(e, ItemKind::Activity)),
            ),
        }
    }
    items
}

/// One indicator per line or list entry. A list right after an indicator that ends with « : »
/// and dashed lines after it are its sub-items, as are a list entry's nested entries.
pub(super) fn indicators(blocks: Vec<Block>) -> Vec<RawItem> {
    let kind = ItemKind::PerformanceIndicator;
    let mut items: Vec<RawItem> = Vec::new();
    for b in blocks {
        let introduces = |items: &Vec<RawItem>| {
            items
                .last()
                .is_some_and(|l| l.text.trim_end().ends_with(':') || !l.items.is_empty())
        };
        match b {
            Block::Line(t) => {
                let dashed = t.starts_with(['-', '–', '—', '•']);
                if dashed && introduces(&items) {
                    if let (Some(last), Some(sub)) = (items.last_mut(), strip_dash(&t)) {
                        last.items.push(RawItem::new(kind, sub));
                    }
                } else {
                    let text = undash(&t);
                    if !text.is_empty() {
                        items.push(RawItem::new(kind, text));
                    }
                }
            }
            Block::List(entries) => {
                let subs = items
                    .last()
                    .is_some_and(|l| l.text.trim_end().ends_with(':') && l.items.is_empty());
                if subs {
                    if let Some(last) = items.last_mut() {
                        last.items
                            .extend(entries.into_iter().filter_map(|e| sub_item(e, kind)));
                    }
                } else {
                    items.extend(entries.into_iter().filter_map(|e| entry_item(e, kind)));
                }
            }
        }
    }
    items
}

fn entry_item(entry: Entry, kind: ItemKind) -> Option<RawItem> {
    let text = undash(&entry.text);
    if text.is_empty() {
        return None;
    }
    let mut item = RawItem::new(kind, text);
    item.items = entry
        .children
        .into_iter()
        .filter_map(|e| sub_item(e, kind))
        .collect();
    Some(item)
}

/// Sub-items lose their dash and list punctuation (« - renforcer ses compétences. »), as in
/// the TSV reader, so that both forms give the same words.
fn sub_item(entry: Entry, kind: ItemKind) -> Option<RawItem> {
    let text = strip_dash(&entry.text)?;
    let mut item = RawItem::new(kind, text);
    item.items = entry
        .children
        .into_iter()
        .filter_map(|e| sub_item(e, kind))
        .collect();
    Some(item)
}

/// « - Gérer des sauvegardes » → « Gérer des sauvegardes »: a leading dash is layout.
fn undash(text: &str) -> String {
    text.trim_start_matches(['-', '–', '—', '•'])
        .trim_start()
        .to_string()
}

/// Items of one kind together, in source order (a competence over several rows may list
/// activities, indicators, then more indicators).
pub(super) fn group_by_kind(items: &mut [RawItem]) {
    let mut order: Vec<ItemKind> = Vec::new();
    for item in items.iter() {
        if !order.contains(&item.kind) {
            order.push(item.kind);
        }
    }
    items.sort_by_key(|i| order.iter().position(|k| *k == i.kind));
}
