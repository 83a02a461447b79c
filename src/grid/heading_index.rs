//! The referential's heading index, built once per referential and shared by every sheet.
//!
//! Building it keys every competence title, activity text and 2011 text of the referential:
//! about 0.5 M instructions, 11 % of `grille check` over 200 typical sheets when it was built
//! again for each file (callgrind). [`HeadingMatcher::new`] is called per workbook by
//! `grid::extract` (and per sheet by `extract_sheet`), whose signatures take a referential:
//! rather than thread an index through every caller, the index of the last few referentials
//! is kept here, found again by comparing the referential itself (a few kilobytes of text,
//! far cheaper than keying it), so that an edited referential never reuses a stale index.
//!
//! [`HeadingMatcher::new`]: super::heading::HeadingMatcher::new

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::Target;
use super::key::key as match_key;
use crate::model::Referential;

/// Referentials whose index is kept: a run uses one; tests and tools a handful.
const KEPT: usize = 4;

/// A text the matcher knows, keyed.
pub(super) struct Entry {
    pub key: String,
    /// Length of `key` in characters (the typo filter compares lengths first).
    pub chars: usize,
    pub target: Target,
}

/// What matching needs from a referential, computed once (see the module).
pub(super) struct Index {
    pub exact: HashMap<String, Target>,
    pub codes: HashMap<String, Target>,
    pub entries: Vec<Entry>,
    /// Current official texts for suggestions: (key, shown text).
    pub official: Vec<(String, String)>,
    /// The BTS SIO referential: its 2011 codes and texts are recognised as outdated.
    pub bts_sio: bool,
}

/// The index of `referential`, built on first use.
pub(super) fn index(referential: &Referential) -> Arc<Index> {
    static CACHE: Mutex<Vec<(Referential, Arc<Index>)>> = Mutex::new(Vec::new());
    // A panic elsewhere while the lock was held leaves a usable cache: entries are only ever
    // pushed or removed whole.
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, index)) = cache.iter().find(|(r, _)| r == referential) {
        return Arc::clone(index);
    }
    let index = Arc::new(Index::build(referential));
    if cache.len() >= KEPT {
        cache.remove(0);
    }
    cache.push((referential.clone(), Arc::clone(&index)));
    index
}

impl Index {
    fn build(referential: &Referential) -> Self {
        let mut index = Self {
            exact: HashMap::new(),
            codes: HashMap::new(),
            entries: Vec::new(),
            official: Vec::new(),
            bts_sio: super::heading::is_bts_sio(referential),
        };
        for c in &referential.competences {
            let target = Target::Competence(c.code.clone());
            index.codes.insert(c.code.to_uppercase(), target.clone());
            for text in [Some(&c.title), c.display.as_ref()].into_iter().flatten() {
                index.add(text, target.clone());
            }
            index
                .official
                .push((match_key(c.shown_title()), c.shown_title().to_string()));
            for a in c.activities() {
                let target = Target::Activity(a.code.clone());
                index.codes.insert(a.code.to_uppercase(), target.clone());
                for text in [Some(&a.text), a.display.as_ref()].into_iter().flatten() {
                    index.add(text, target.clone());
                }
                index
                    .official
                    .push((match_key(a.shown_text()), a.shown_text().to_string()));
            }
        }
        if index.bts_sio {
            for (code, text) in super::heading::BTS_SIO_2011 {
                let target = Target::Outdated(if code.is_empty() {
                    (*text).to_string()
                } else {
                    (*code).to_string()
                });
                index.add(text, target);
            }
        }
        index
    }

    fn add(&mut self, text: &str, target: Target) {
        let key = match_key(text);
        if key.is_empty() {
            return;
        }
        // The first writer wins: current texts are added before the 2011 ones.
        if self.exact.contains_key(&key) {
            return;
        }
        self.exact.insert(key.clone(), target.clone());
        self.entries.push(Entry {
            chars: key.chars().count(),
            key,
            target,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_index_per_referential_and_an_edited_one_gets_its_own() {
        let r = crate::referential::embedded::get("bts-sio-b1").unwrap();
        let a = index(&r);
        assert!(Arc::ptr_eq(&a, &index(&r.clone())));
        let mut edited = r.clone();
        edited.competences[0].title = "Gérer le parc informatique".into();
        let b = index(&edited);
        assert!(!Arc::ptr_eq(&a, &b));
        assert!(b.exact.contains_key("gerer le parc informatique"));
        assert!(!a.exact.contains_key("gerer le parc informatique"));
    }
}
