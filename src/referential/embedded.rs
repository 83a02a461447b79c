//! Referentials compiled into the binary, so that grille works with no file at hand.
//!
//! Their sources ship in `samples/referentials/` and are parsed by the same readers as any
//! user file; only the identity (id, title, source, codes) is added here.

use std::sync::OnceLock;

use super::read::{self, code_items};
use crate::model::{GridRules, Referential};
use crate::text::match_key;

/// What grille adds to an embedded source: identity, official codes and grid rules.
struct Known {
    id: &'static str,
    title: &'static str,
    source: &'static str,
    /// Origin name given to the reader (its extension documents the form).
    file: &'static str,
    text: &'static str,
    /// Official competence codes in source order (`None`: keep the reader's codes).
    codes: Option<&'static [&'static str]>,
    rules: GridRules,
}

fn known() -> [Known; 2] {
    [
        Known {
            id: "bts-sio-b1",
            title: "BTS SIO — Bloc 1 : Support et mise à disposition de services informatiques",
            source: "Référentiel du BTS Services informatiques aux organisations, bloc de compétences 1 (export tabulé du référentiel, samples/referentials/bts-sio-b1.tsv)",
            file: "bts-sio-b1.tsv",
            text: include_str!("../../samples/referentials/bts-sio-b1.tsv"),
            codes: Some(&["B1.1", "B1.2", "B1.3", "B1.4", "B1.5", "B1.6"]),
            // Every competence mobilised (official rule); at least 2 réalisations (school
            // convention: a warning unless a template says otherwise).
            rules: GridRules {
                every_competence: true,
                every_activity: true,
                min_realisations: 2,
                min_realisations_is_error: false,
            },
        },
        Known {
            id: "lp-assr",
            title: "Licence professionnelle ASSR — Administration et sécurité des systèmes et des réseaux",
            source: "Référentiel de compétences de la licence professionnelle ASSR (document Markdown, samples/referentials/lp-assr.md)",
            file: "lp-assr.md",
            text: include_str!("../../samples/referentials/lp-assr.md"),
            codes: None,
            rules: GridRules {
                every_competence: true,
                every_activity: false,
                min_realisations: 2,
                min_realisations_is_error: false,
            },
        },
    ]
}

/// Ids of the embedded referentials, in listing order.
pub fn ids() -> Vec<&'static str> {
    known().iter().map(|k| k.id).collect()
}

/// All embedded referentials, parsed once.
pub fn all() -> &'static [Referential] {
    static ALL: OnceLock<Vec<Referential>> = OnceLock::new();
    ALL.get_or_init(|| {
        known()
            .into_iter()
            .filter_map(|k| {
                let parsed = read::parse_str_unrecognised(k.text, k.file).ok()?;
                Some(apply(parsed, &k))
            })
            .collect()
    })
}

/// An embedded referential by id (case-insensitive).
pub fn get(id: &str) -> Option<Referential> {
    all()
        .iter()
        .find(|r| r.id.eq_ignore_ascii_case(id.trim()))
        .cloned()
}

fn apply(mut r: Referential, k: &Known) -> Referential {
    r.id = k.id.into();
    r.title = k.title.into();
    r.source = k.source.into();
    r.rules = k.rules.clone();
    if let Some(codes) = k.codes {
        recode(&mut r, codes);
    }
    r
}

/// Gives the official codes to a referential's competences and recomputes its item codes.
fn recode(r: &mut Referential, codes: &[&str]) {
    for (competence, code) in r.competences.iter_mut().zip(codes) {
        competence.code = (*code).to_string();
        let raw = competence.items.drain(..).map(read::to_raw).collect();
        competence.items = code_items(code, raw);
    }
}

/// A referential read from a user's file that is in fact one grille knows (same competence
/// titles, in order) takes that one's identity and official codes, so that a BTS SIO bloc 1
/// copied from a web page checks grids exactly like the embedded one.
pub(super) fn recognise(r: &mut Referential) {
    let keys: Vec<String> = r.competences.iter().map(|c| match_key(&c.title)).collect();
    for k in known() {
        let Some(embedded) = all().iter().find(|e| e.id == k.id) else {
            continue;
        };
        let same = embedded.competences.len() == keys.len()
            && embedded
                .competences
                .iter()
                .zip(&keys)
                .all(|(c, key)| match_key(&c.title) == *key);
        if same {
            let source = std::mem::take(&mut r.source);
            *r = apply(std::mem::replace(r, embedded.clone()), &k);
            r.source = source;
            return;
        }
    }
}
