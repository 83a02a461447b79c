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

use rustc_hash::FxHashMap as HashMap;
use std::sync::{Arc, Mutex};

use super::Target;
use super::lines::Reading;
use crate::model::Referential;
use crate::text::match_key;

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
    /// Cell texts already classified (see [`Memo`]).
    pub memo: Memo,
}

/// Readings of cell texts already classified, shared by every sheet of a run.
///
/// A class copies the same headings from the official model: the six competence titles, the
/// activity lists, the labels, read again in every sheet (and several times in one: by the
/// scan, then by the list and mark readers). Classifying a text is pure — it depends on the
/// referential and the text only — so its reading is kept and reused: the same answer, about
/// 10,000 instructions fewer each time (callgrind: classification was a quarter of
/// `grille check` over 200 typical sheets). Bounded: at most [`Memo::ENTRIES`] texts of at
/// most [`Memo::TEXT`] bytes; when it is full it starts again empty (a long `grille serve`
/// keeps up with the class it sees; the headings are back after one sheet).
#[derive(Default)]
pub(super) struct Memo {
    kept: Mutex<HashMap<Box<str>, Option<Reading>>>,
}

impl Memo {
    /// Texts kept at most.
    pub const ENTRIES: usize = 2048;
    /// Longest text kept, in bytes.
    pub const TEXT: usize = 600;

    /// The reading of `text`, computed by `read` unless already kept.
    pub fn get_or(&self, text: &str, read: impl FnOnce() -> Option<Reading>) -> Option<Reading> {
        if text.len() > Self::TEXT {
            return read();
        }
        if let Some(kept) = self.lock().get(text) {
            return kept.clone();
        }
        // Read without the lock: another worker may read the same text meanwhile, and both
        // find the same answer.
        let reading = read();
        let mut kept = self.lock();
        if kept.len() >= Self::ENTRIES {
            kept.clear();
        }
        kept.insert(text.into(), reading.clone());
        reading
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Box<str>, Option<Reading>>> {
        // The map is only ever given whole entries: usable after a panic elsewhere.
        self.kept.lock().unwrap_or_else(|e| e.into_inner())
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.lock().len()
    }
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
            exact: HashMap::default(),
            codes: HashMap::default(),
            entries: Vec::new(),
            official: Vec::new(),
            bts_sio: is_bts_sio(referential),
            memo: Memo::default(),
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
            for (code, text) in BTS_SIO_2011 {
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

pub(super) fn is_bts_sio(referential: &Referential) -> bool {
    referential
        .competences
        .iter()
        .any(|c| c.code.starts_with("B1."))
}

/// Headings of the 2011 BTS SIO referential (processes and activities) that candidates
/// still copy from older grids. An empty code means the text itself is reported.
pub(super) const BTS_SIO_2011: &[(&str, &str)] = &[
    ("", "Production de services"),
    ("", "Fourniture de services"),
    (
        "",
        "Conception et maintenance de solutions d'infrastructure",
    ),
    ("", "Conception et maintenance de solutions applicatives"),
    ("", "Gestion du patrimoine informatique"),
    ("", "Analyse de la demande"),
    ("", "Choix d'une solution"),
    ("", "Mise en production d'un service"),
    ("", "Travail en mode projet"),
    ("", "Assistance technique"),
    ("", "Gestion des incidents"),
    ("", "Gestion des problèmes"),
    ("", "Conception d'une solution d'infrastructure"),
    ("", "Installation d'une solution d'infrastructure"),
    ("", "Exploitation des services"),
    ("", "Conception d'une solution applicative"),
    ("", "Maintenance d'une solution applicative"),
    ("", "Gestion des configurations"),
    ("", "Gestion des compétences"),
    (
        "A1.1.1",
        "Analyse du cahier des charges d'un service à produire",
    ),
    (
        "A1.1.2",
        "Étude de l'impact de l'intégration d'un service sur le système informatique",
    ),
    (
        "A1.1.3",
        "Étude des exigences liées à la qualité attendue d'un service",
    ),
    (
        "A1.2.1",
        "Élaboration et présentation d'un dossier de choix de solution technique",
    ),
    (
        "A1.2.2",
        "Rédaction des spécifications techniques de la solution retenue",
    ),
    (
        "A1.2.3",
        "Évaluation des risques liés à l'utilisation d'un service",
    ),
    (
        "A1.2.4",
        "Détermination des tests nécessaires à la validation d'un service",
    ),
    (
        "A1.2.5",
        "Définition des niveaux d'habilitation associés à un service",
    ),
    ("A1.3.1", "Test d'intégration et d'acceptation d'un service"),
    (
        "A1.3.2",
        "Définition des éléments nécessaires à la continuité d'un service",
    ),
    (
        "A1.3.3",
        "Accompagnement de la mise en place d'un nouveau service",
    ),
    ("A1.3.4", "Déploiement d'un service"),
    ("A1.4.1", "Participation à un projet"),
    ("A1.4.2", "Planification des activités"),
    ("A1.4.3", "Gestion des ressources"),
    (
        "A2.1.1",
        "Accompagnement des utilisateurs dans la prise en main d'un service",
    ),
    (
        "A2.1.2",
        "Évaluation et maintien de la qualité d'un service",
    ),
    ("A2.2.1", "Suivi et résolution d'incidents"),
    ("A2.2.2", "Suivi et réponse à des demandes d'assistance"),
    ("A2.2.3", "Réponse à une interruption de service"),
    (
        "A2.3.1",
        "Identification, qualification et évaluation d'un problème",
    ),
    ("A2.3.2", "Proposition d'amélioration d'un service"),
    ("A3.1.1", "Proposition d'une solution d'infrastructure"),
    (
        "A3.1.2",
        "Maquettage et prototypage d'une solution d'infrastructure",
    ),
    (
        "A3.1.3",
        "Prise en compte du niveau de sécurité nécessaire à une infrastructure",
    ),
    (
        "A3.2.1",
        "Installation et configuration d'éléments d'infrastructure",
    ),
    (
        "A3.2.2",
        "Remplacement ou mise à jour d'éléments défectueux ou obsolètes",
    ),
    (
        "A3.2.3",
        "Mise à jour de la documentation technique d'une solution d'infrastructure",
    ),
    (
        "A3.3.1",
        "Administration sur site ou à distance des éléments d'un réseau",
    ),
    (
        "A3.3.2",
        "Planification des sauvegardes et gestion des restaurations",
    ),
    ("A3.3.3", "Gestion des identités et des habilitations"),
    ("A3.3.4", "Automatisation des tâches d'administration"),
    (
        "A3.3.5",
        "Gestion des indicateurs et des fichiers d'activité",
    ),
    ("A4.1.1", "Proposition d'une solution applicative"),
    (
        "A4.1.2",
        "Conception ou adaptation de l'interface utilisateur d'une solution applicative",
    ),
    ("A4.1.3", "Conception ou adaptation d'une base de données"),
    (
        "A4.1.4",
        "Définition des caractéristiques d'une solution applicative",
    ),
    ("A4.1.5", "Prototypage de composants logiciels"),
    (
        "A4.1.6",
        "Gestion d'environnements de développement et de test",
    ),
    (
        "A4.1.7",
        "Développement, utilisation ou adaptation de composants logiciels",
    ),
    (
        "A4.1.8",
        "Réalisation des tests nécessaires à la validation d'éléments adaptés ou développés",
    ),
    ("A4.1.9", "Rédaction d'une documentation technique"),
    ("A4.1.10", "Rédaction d'une documentation d'utilisation"),
    (
        "A4.2.1",
        "Analyse et correction d'un dysfonctionnement, d'un problème de qualité de service ou de sécurité",
    ),
    (
        "A4.2.2",
        "Adaptation d'une solution applicative aux évolutions de ses composants",
    ),
    (
        "A4.2.3",
        "Réalisation des tests nécessaires à la mise en production d'éléments mis à jour",
    ),
    ("A4.2.4", "Mise à jour d'une documentation technique"),
    ("A5.1.1", "Mise en place d'une gestion de configuration"),
    (
        "A5.1.2",
        "Recueil d'informations sur une configuration et ses éléments",
    ),
    ("A5.1.3", "Suivi d'une configuration et de ses éléments"),
    (
        "A5.1.4",
        "Étude de propositions de contrat de service (client, fournisseur)",
    ),
    (
        "A5.1.5",
        "Évaluation d'un élément de configuration ou d'une configuration",
    ),
    ("A5.1.6", "Évaluation d'un investissement informatique"),
    (
        "A5.2.1",
        "Exploitation des référentiels, normes et standards adoptés par le prestataire informatique",
    ),
    ("A5.2.2", "Veille technologique"),
    (
        "A5.2.3",
        "Repérage des compléments de formation ou d'auto-formation utiles à l'acquisition de nouvelles compétences",
    ),
    (
        "A5.2.4",
        "Étude d'une technologie, d'un composant, d'un outil ou d'une méthode",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_memo_gives_what_it_was_given_and_stays_bounded() {
        let memo = Memo::default();
        let block = Some(Reading::Block("B1.1".into()));
        assert_eq!(memo.get_or("Gérer le patrimoine", || block.clone()), block);
        // Kept: the second reader is not asked.
        assert_eq!(memo.get_or("Gérer le patrimoine", || unreachable!()), block);
        assert_eq!(memo.get_or("X", || None), None);
        assert_eq!(memo.get_or("X", || unreachable!()), None);
        // Long texts are read every time, never kept.
        let long = "a".repeat(Memo::TEXT + 1);
        assert_eq!(memo.get_or(&long, || block.clone()), block);
        assert_eq!(memo.get_or(&long, || None), None);
        for i in 0..Memo::ENTRIES * 2 + 7 {
            memo.get_or(&format!("titre {i}"), || None);
            assert!(memo.len() <= Memo::ENTRIES);
        }
        assert!(memo.len() > 0);
    }

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
