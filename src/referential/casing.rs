//! Display forms for sources that capitalise every word (« Fournir Les Services Liés Au
//! Système D’information »): the original stays in `text`/`title`, and `display` gets French
//! sentence case with acronyms kept right.
//!
//! ```
//! use grille::referential::casing::sentence_case;
//! assert_eq!(sentence_case("Suivi Des Évolutions Des Si Au Sens Large"), "Suivi des évolutions des SI au sens large");
//! assert_eq!(sentence_case("En Appliquant Les Recommandations Iso 27k"), "En appliquant les recommandations ISO 27k");
//! ```

use crate::model::{Competence, Item};

/// Acronyms of the trade, in their right form. Matched case-insensitively on the letters of
/// a word; ambiguous ones (« si », « os ») only after a determiner, see [`AMBIGUOUS`].
const ACRONYMS: &[&str] = &[
    "SI", "SIO", "SISR", "SLAM", "BTS", "ISO", "IT", "TIC", "TICE", "RGPD", "GDPR", "ANSSI",
    "CNIL", "DSI", "ERP", "CRM", "API", "DNS", "DHCP", "VPN", "LAN", "WAN", "VLAN", "IP", "TCP",
    "UDP", "HTTP", "HTTPS", "SQL", "PHP", "OS", "PC", "ITIL", "PME", "PRA", "PCA", "SLA", "SSI",
    "PSSI", "RSSI", "UE", "CMS", "SGBD", "IDS", "IPS", "SOC", "SSH", "SSL", "TLS", "WIFI", "LDAP",
    "AD", "GLPI", "USB", "RAID", "NAS", "SAN", "QOS", "ASSR", "SNMP", "NTP", "PKI", "MFA", "IOT",
];

/// Acronyms that are also French words: an acronym only after a determiner (« des Si »),
/// a word elsewhere (« Si Nécessaire » → « si nécessaire »).
const AMBIGUOUS: &[&str] = &["si", "os", "ad", "soc", "san", "ue"];

const DETERMINERS: &[&str] = &[
    "le", "la", "les", "des", "du", "au", "aux", "un", "une", "son", "sa", "ses", "leur", "leurs",
    "notre", "nos", "votre", "vos", "ce", "cet", "cette", "ces", "l", "d",
];

/// Whether a text capitalises every word: each whitespace-separated word that starts with a
/// letter starts with an upper-case one.
pub fn capitalises_every_word(text: &str) -> bool {
    let mut words = 0;
    for word in text.split_whitespace() {
        let Some(first) = word.chars().next() else {
            continue;
        };
        if !first.is_alphabetic() {
            continue;
        }
        if !first.is_uppercase() {
            return false;
        }
        words += 1;
    }
    words >= 2
}

/// Whether a whole source capitalises every word: at least 90 % of its texts of three words or
/// more do (a few texts of a normal source may be all capitalised by accident, such as a
/// title; a title-cased source may have a stray lower-case word after a slash).
pub fn source_is_title_case<'a>(texts: impl IntoIterator<Item = &'a str>) -> bool {
    let mut long = 0usize;
    let mut capitalised = 0usize;
    for text in texts {
        if text.split_whitespace().count() < 3 {
            continue;
        }
        long += 1;
        if capitalises_every_word(text) {
            capitalised += 1;
        }
    }
    long > 0 && capitalised * 10 >= long * 9
}

/// French sentence case: first letter (and the first after a sentence end) upper case, every
/// other word lower case, acronyms in their right form, words the source already wrote with
/// inner capitals (« IPv6 ») or starting with a digit (« 27k ») kept as they are.
pub fn sentence_case(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut sentence_start = true;
    let mut previous_key = String::new();
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if word.is_empty() {
            continue;
        }
        let letters: String = word.chars().filter(|c| c.is_alphanumeric()).collect();
        let key = letters.to_lowercase();
        let converted = if let Some(acronym) = acronym_for(&key, &previous_key) {
            replace_letters(word, acronym)
        } else if keeps_own_case(word) {
            word.to_string()
        } else {
            let lower = word.to_lowercase();
            if sentence_start {
                capitalise_first_letter(&lower)
            } else {
                lower
            }
        };
        out.push_str(&converted);
        if word.chars().any(char::is_alphanumeric) {
            sentence_start = false;
            // « D’information » → the determiner is the part before the apostrophe.
            previous_key = last_part_key(word);
        }
        if word.ends_with(['.', '!', '?']) && !word.ends_with("...") {
            sentence_start = true;
        }
    }
    out
}

fn acronym_for(key: &str, previous_key: &str) -> Option<&'static str> {
    let acronym = ACRONYMS
        .iter()
        .find(|a| a.eq_ignore_ascii_case(key))
        .copied()?;
    if AMBIGUOUS.contains(&key) && !DETERMINERS.contains(&previous_key) {
        return None;
    }
    Some(acronym)
}

/// The comparison key of the word's last part (after an apostrophe): « Des » → « des ».
fn last_part_key(word: &str) -> String {
    let part = word.rsplit(['’', '\'']).next().unwrap_or(word);
    part.chars()
        .filter(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase()
}

/// Words the source wrote with an inner capital (« IPv6 », « GitHub ») or starting with a
/// digit are kept: the source's author typed them that way on purpose.
fn keeps_own_case(word: &str) -> bool {
    let mut letters = word.chars().filter(|c| c.is_alphanumeric());
    let Some(first) = letters.next() else {
        return true;
    };
    if first.is_numeric() {
        return true;
    }
    // Inner capitals after an apostrophe (« D’Information ») are title case, not intent.
    let after_apostrophe = word.rsplit(['’', '\'']).next().unwrap_or(word);
    let mut inner = after_apostrophe
        .chars()
        .filter(|c| c.is_alphabetic())
        .skip(1);
    word == after_apostrophe && inner.any(char::is_uppercase)
}

/// Puts the acronym's letters in place of the word's, keeping punctuation (« Si, » → « SI, »).
fn replace_letters(word: &str, acronym: &str) -> String {
    let mut letters = acronym.chars();
    word.chars()
        .map(|c| {
            if c.is_alphanumeric() {
                letters.next().unwrap_or(c)
            } else {
                c
            }
        })
        .collect()
}

fn capitalise_first_letter(word: &str) -> String {
    let mut done = false;
    word.chars()
        .flat_map(|c| {
            if !done && c.is_alphabetic() {
                done = true;
                c.to_uppercase().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}

/// Sets `display` on every competence and item (sub-items included) when the source
/// capitalises every word; leaves the model untouched otherwise.
pub fn apply_display(competences: &mut [Competence]) {
    let mut texts: Vec<&str> = Vec::new();
    for c in competences.iter() {
        texts.push(&c.title);
        collect_texts(&c.items, &mut texts);
    }
    if !source_is_title_case(texts) {
        return;
    }
    for c in competences.iter_mut() {
        c.display = different(&c.title, sentence_case(&c.title));
        set_item_display(&mut c.items);
    }
}

fn collect_texts<'a>(items: &'a [Item], texts: &mut Vec<&'a str>) {
    for item in items {
        texts.push(&item.text);
        collect_texts(&item.items, texts);
    }
}

fn set_item_display(items: &mut [Item]) {
    for item in items {
        item.display = different(&item.text, sentence_case(&item.text));
        set_item_display(&mut item.items);
    }
}

fn different(original: &str, display: String) -> Option<String> {
    (display != original).then_some(display)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_case_of_the_seed_texts() {
        assert_eq!(
            sentence_case("Fournir Les Services Liés Au Système D’information"),
            "Fournir les services liés au système d’information"
        );
        assert_eq!(
            sentence_case("Conflits (utilisateurs, Clients Et/ou Fournisseurs)"),
            "Conflits (utilisateurs, clients et/ou fournisseurs)"
        );
        assert_eq!(
            sentence_case("Être Force De Proposition."),
            "Être force de proposition."
        );
        assert_eq!(
            sentence_case("L’actualité Provenant Des Sources D’information Reconnues."),
            "L’actualité provenant des sources d’information reconnues."
        );
        assert_eq!(
            sentence_case("Enrichir Les Bases De Connaissances : Personnelle, De L’entreprise."),
            "Enrichir les bases de connaissances : personnelle, de l’entreprise."
        );
    }

    #[test]
    fn acronyms_are_kept_right_and_ambiguous_ones_need_a_determiner() {
        assert_eq!(sentence_case("Suivi Des Si"), "Suivi des SI");
        assert_eq!(sentence_case("Si Nécessaire"), "Si nécessaire");
        assert_eq!(sentence_case("Agir Si Nécessaire"), "Agir si nécessaire");
        assert_eq!(sentence_case("Normes Iso 27k"), "Normes ISO 27k");
        assert_eq!(
            sentence_case("Configurer Le Dns, Le Vpn Et IPv6"),
            "Configurer le DNS, le VPN et IPv6"
        );
        assert_eq!(sentence_case("Audit. Intrusion."), "Audit. Intrusion.");
    }

    #[test]
    fn title_case_detection_needs_most_texts() {
        assert!(capitalises_every_word(
            "Suivi Des Informations Thématiques/spécifiques"
        ));
        assert!(!capitalises_every_word("Gérer des sauvegardes"));
        assert!(!source_is_title_case([
            "Gérer Le Patrimoine Informatique",
            "Recenser et identifier les ressources numériques",
            "Gérer des sauvegardes",
        ]));
        assert!(source_is_title_case([
            "Assurer La Veille",
            "Tisser Des Liens Avec Des Communautés.",
            "Audit.",
        ]));
    }
}
