//! Readers of referentials, one per published form, chosen by content (not by extension).
//!
//! Each reader returns raw competences (titles and items in source order); this module then
//! assigns the stable codes. Recognising the referentials grille knows (a BTS SIO bloc 1
//! copied from a web page gets the official codes B1.1 …) happens above, in `load`.

mod html;
mod json;
pub mod limits;
mod markdown;
mod tsv;

#[cfg(test)]
mod tests;

use std::collections::HashSet;
use std::path::Path;

use crate::Lang;
use crate::model::{Competence, Item, ItemKind, Referential};

pub(crate) use tsv::{split_run_together, strip_dash};

/// A referential file that could not be read. Every variant names the file and, where there
/// is one, the line or element at fault.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{origin} : impossible de lire le fichier ({})", crate::input::io_reason(.source, Lang::Fr))]
    Io {
        origin: String,
        source: std::io::Error,
    },
    #[error("{origin} : le fichier est vide")]
    Empty { origin: String },
    #[error("{origin} : fichier binaire (octet nul en position {offset}), pas un référentiel")]
    Binary { origin: String, offset: usize },
    #[error(
        "{origin} : format non reconnu (ni Markdown, ni tableau HTML, ni TSV, ni JSON du modèle)"
    )]
    UnknownFormat { origin: String },
    #[error("{origin}, {location} : {message_fr}")]
    Syntax {
        origin: String,
        location: String,
        message_fr: String,
        message_en: String,
    },
    #[error(
        "référentiel inconnu « {name} » : ni un référentiel intégré ({known}), ni un fichier existant"
    )]
    Unknown { name: String, known: String },
    /// Over one of the bounds of [`limits`], which the message names.
    #[error("{origin} : {message_fr}")]
    Limit {
        origin: String,
        message_fr: String,
        message_en: String,
    },
}

impl ReadError {
    /// A syntax error at a line (1-based).
    pub(crate) fn syntax(origin: &str, line: usize, fr: &str, en: &str) -> Self {
        Self::at(origin, format!("ligne {line}"), fr, en)
    }

    /// A syntax error at a described place (« ligne 4 », « tableau 1, ligne 3 »).
    pub(crate) fn at(origin: &str, location: String, fr: &str, en: &str) -> Self {
        Self::Syntax {
            origin: origin.into(),
            location,
            message_fr: fr.into(),
            message_en: en.into(),
        }
    }

    /// The message in the requested language.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (_, Lang::Fr) => self.to_string(),
            (ReadError::Io { origin, source }, Lang::En) => {
                format!(
                    "{origin}: cannot read the file ({})",
                    crate::input::io_reason(source, lang)
                )
            }
            (ReadError::Empty { origin }, Lang::En) => format!("{origin}: the file is empty"),
            (ReadError::Binary { origin, offset }, Lang::En) => {
                format!("{origin}: binary file (NUL byte at offset {offset}), not a referential")
            }
            (ReadError::UnknownFormat { origin }, Lang::En) => format!(
                "{origin}: unknown format (not Markdown, an HTML table, TSV or the model's JSON)"
            ),
            (
                ReadError::Syntax {
                    origin,
                    location,
                    message_en,
                    ..
                },
                Lang::En,
            ) => {
                format!(
                    "{origin}, {}: {message_en}",
                    location
                        .replace("ligne", "line")
                        .replace("colonne", "column")
                        .replace("tableau", "table")
                        .replace("compétence", "competence")
                        .replace("élément", "item")
                        .replace("champ", "field")
                )
            }
            (
                ReadError::Limit {
                    origin, message_en, ..
                },
                Lang::En,
            ) => format!("{origin}: {message_en}"),
            (ReadError::Unknown { name, known }, Lang::En) => format!(
                "unknown referential “{name}”: neither an embedded one ({known}) nor an existing file"
            ),
        }
    }
}

/// The forms a referential is published in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SourceFormat {
    Json,
    HtmlTable,
    Tsv,
    Markdown,
}

/// Recognises the form of a referential from its text.
pub fn sniff(text: &str) -> Option<SourceFormat> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') {
        return Some(SourceFormat::Json);
    }
    let lower = trimmed
        .get(..trimmed.len().min(200_000))
        .unwrap_or(trimmed)
        .to_ascii_lowercase();
    if lower.contains("<table") {
        return Some(SourceFormat::HtmlTable);
    }
    let first_line = trimmed.lines().next().unwrap_or("");
    if first_line.contains('\t') {
        return Some(SourceFormat::Tsv);
    }
    if trimmed.lines().any(|l| l.trim_start().starts_with('#')) {
        return Some(SourceFormat::Markdown);
    }
    if lower.starts_with("<!doctype") || lower.starts_with("<html") || lower.contains("<body") {
        return Some(SourceFormat::HtmlTable);
    }
    None
}

/// A competence as a reader found it, before codes are assigned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawCompetence {
    /// A code the source itself gives (« Compétence 2 » → `C2`, « B1.3 … »).
    pub code: Option<String>,
    pub title: String,
    pub items: Vec<RawItem>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawItem {
    pub kind: ItemKind,
    pub text: String,
    pub display: Option<String>,
    pub items: Vec<RawItem>,
}

impl RawItem {
    pub fn new(kind: ItemKind, text: impl Into<String>) -> Self {
        Self {
            kind,
            text: text.into(),
            display: None,
            items: Vec::new(),
        }
    }
}

/// Empty and binary texts are refused before any reader sees them; the form is sniffed.
pub(super) fn check_text(text: &str, origin: &str) -> Result<SourceFormat, ReadError> {
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        return Err(ReadError::Empty {
            origin: origin.into(),
        });
    }
    if let Some(offset) = text.find('\0') {
        return Err(ReadError::Binary {
            origin: origin.into(),
            offset,
        });
    }
    sniff(text).ok_or_else(|| ReadError::UnknownFormat {
        origin: origin.into(),
    })
}

/// Parses without recognising known referentials (used to build the embedded ones).
pub(crate) fn parse_str_unrecognised(text: &str, origin: &str) -> Result<Referential, ReadError> {
    let format = check_text(text, origin)?;
    parse_unrecognised_as(text, origin, format)
}

pub(super) fn parse_unrecognised_as(
    text: &str,
    origin: &str,
    format: SourceFormat,
) -> Result<Referential, ReadError> {
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        return Err(ReadError::Empty {
            origin: origin.into(),
        });
    }
    let text = text.trim_start_matches('\u{feff}');
    limits::check(text, origin, format)?;
    let (title, raw) = match format {
        SourceFormat::Json => return json::parse(text, origin),
        SourceFormat::HtmlTable => html::parse(text, origin)?,
        SourceFormat::Tsv => tsv::parse(text, origin)?,
        SourceFormat::Markdown => markdown::parse(text, origin)?,
    };
    let stem = Path::new(origin)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("referentiel");
    let mut competences = assign_codes(raw);
    super::casing::apply_display(&mut competences);
    Ok(Referential {
        id: slug(stem),
        title: title.unwrap_or_else(|| stem.to_string()),
        source: origin.to_string(),
        competences,
        rules: Default::default(),
    })
}

/// Codes: the source's own where it gives them, else `C1`, `C2`… by rank; items get their
/// competence's code plus a kind prefix and their rank (see README, « Codes »).
///
/// A code the source repeats (two « Compétence 2 ») falls back to the rank, then to a suffix,
/// so that codes stay unique.
pub(crate) fn assign_codes(raw: Vec<RawCompetence>) -> Vec<Competence> {
    let mut used: HashSet<String> = HashSet::new();
    let mut out = Vec::with_capacity(raw.len());
    for (i, c) in raw.into_iter().enumerate() {
        let by_rank = format!("C{}", i + 1);
        let base = c.code.clone().unwrap_or_else(|| by_rank.clone());
        // The source's code, else the rank, else a suffix: the first whose own code and item
        // codes are all new (« ## C1.1 » after a C1 whose first activity is C1.1).
        let candidates = [base.clone(), by_rank]
            .into_iter()
            .chain((2..).map(|n| format!("{base}-{n}")));
        for code in candidates {
            if used.contains(&code) {
                continue;
            }
            let items = code_items(&code, c.items.clone());
            let mut codes = Vec::new();
            collect_codes(&items, &mut codes);
            if codes.iter().any(|k| used.contains(*k) || *k == code) {
                continue;
            }
            used.insert(code.clone());
            used.extend(codes.into_iter().map(String::from));
            out.push(Competence {
                code,
                title: c.title,
                display: None,
                items,
            });
            break;
        }
    }
    out
}

fn collect_codes<'a>(items: &'a [Item], out: &mut Vec<&'a str>) {
    for item in items {
        out.push(&item.code);
        collect_codes(&item.items, out);
    }
}

/// Item codes from the competence code: activities `B1.1.1` (design.md), the others with a kind
/// letter so that codes never collide: `.I3` indicators (sub-items `.I3.1`), `.CE2`
/// components, `.ID4` development indicators, `.SP1` situations.
pub(crate) fn code_items(competence: &str, items: Vec<RawItem>) -> Vec<Item> {
    let mut ranks = std::collections::HashMap::new();
    items
        .into_iter()
        .map(|raw| {
            let rank = ranks.entry(raw.kind).and_modify(|n| *n += 1).or_insert(1);
            let code = format!("{competence}.{}{rank}", kind_prefix(raw.kind));
            item_with_code(raw, code)
        })
        .collect()
}

fn item_with_code(raw: RawItem, code: String) -> Item {
    let items = raw
        .items
        .into_iter()
        .enumerate()
        .map(|(j, sub)| item_with_code(sub, format!("{code}.{}", j + 1)))
        .collect();
    Item {
        kind: raw.kind,
        code,
        text: raw.text,
        display: raw.display,
        items,
    }
}

/// Back to raw form (codes dropped), to recode items under another competence code.
pub(crate) fn to_raw(item: Item) -> RawItem {
    RawItem {
        kind: item.kind,
        text: item.text,
        display: item.display,
        items: item.items.into_iter().map(to_raw).collect(),
    }
}

/// Splits a source's own code off a competence heading: « Compétence 2 : Collaborer » →
/// (`C2`, « Collaborer »), « B1.1 Gérer le patrimoine » → (`B1.1`, « Gérer le patrimoine »).
/// A heading with no code is returned whole.
pub(crate) fn split_code(heading: &str) -> (Option<String>, String) {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| {
        regex::Regex::new(
            r"^(?:(?i:comp[ée]tence)s?\s*(?:(?i:n)\s*[°ºo.]?\s*)?(\d{1,3})|([A-Z]{1,4}\d{1,3}(?:\.\d{1,3}){0,3}))\.?(?:\s*[:\-–—.)]\s*|\s+|$)(.*)$",
        )
        .expect("static regex")
    });
    let heading = crate::text::clean(heading);
    match re.captures(&heading) {
        Some(caps) => {
            let code = match (caps.get(1), caps.get(2)) {
                (Some(n), _) => match n.as_str().parse::<u32>() {
                    Ok(n) => format!("C{n}"),
                    Err(_) => return (None, heading),
                },
                (None, Some(c)) => c.as_str().to_string(),
                (None, None) => return (None, heading),
            };
            let rest = caps.get(3).map_or("", |m| m.as_str()).trim().to_string();
            (Some(code), rest)
        }
        None => (None, heading),
    }
}

pub(crate) fn kind_prefix(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Activity => "",
        ItemKind::PerformanceIndicator => "I",
        ItemKind::Component => "CE",
        ItemKind::DevelopmentIndicator => "ID",
        ItemKind::Situation => "SP",
    }
}

/// A file stem as an id: lower case ASCII letters, digits and dashes.
pub(crate) fn slug(s: &str) -> String {
    let key = crate::text::match_key(s);
    let slug: String = key
        .split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if slug.is_empty() {
        "referentiel".into()
    } else {
        slug
    }
}
