//! The page, in French or English: one HTML file whose `{{…}}` marks are filled here, its
//! CSS and its script, all embedded in the binary (nothing is fetched from the network).

use crate::Lang;

pub const CSS: &str = include_str!("assets/style.css");
pub const JS: &str = include_str!("assets/app.js");
const HTML: &str = include_str!("assets/index.html");

/// Every text of the page and of its script: key, French, English.
const TEXTS: &[(&str, &str, &str)] = &[
    (
        "title",
        "grille — tableaux de synthèse",
        "grille — synthesis grids",
    ),
    (
        "heading",
        "Vérifier des tableaux de synthèse",
        "Check synthesis grids",
    ),
    (
        "intro",
        "Déposez un ou plusieurs tableaux de synthèse (XLSX, XLSM, XLS, ODS, CSV), ou l’archive ZIP que donne Moodle par « Télécharger tous les travaux remis ».",
        "Drop one or more synthesis grids (XLSX, XLSM, XLS, ODS, CSV), or the ZIP archive Moodle gives with “Download all submissions”.",
    ),
    (
        "privacy",
        "Les fichiers ne quittent pas cet ordinateur\u{a0}: grille les vérifie ici et n’en garde rien après sa réponse.",
        "The files never leave this computer: grille checks them here and keeps nothing of them after its answer.",
    ),
    ("drop", "Déposez vos fichiers ici", "Drop your files here"),
    ("or", "ou", "or"),
    ("choose", "Choisir des fichiers", "Choose files"),
    ("referential", "Référentiel\u{a0}:", "Referential:"),
    ("template", "Modèle de grille\u{a0}:", "Grid template:"),
    (
        "template_auto",
        "celui du référentiel",
        "the referential’s own",
    ),
    ("other_lang", "English", "Français"),
    (
        "footer",
        "fonctionne sans connexion à Internet",
        "works without an Internet connection",
    ),
    (
        "sending",
        "Envoi des fichiers\u{a0}: {n}…",
        "Sending files: {n}…",
    ),
    ("checking", "Vérification en cours…", "Checking…"),
    (
        "done",
        "Fichiers vérifiés\u{a0}: {n} — valides\u{a0}: {valid}, à corriger\u{a0}: {errors}, illisibles\u{a0}: {unreadable}.",
        "Files checked: {n} — valid: {valid}, to correct: {errors}, unreadable: {unreadable}.",
    ),
    ("verdict_valid", "Valide", "Valid"),
    ("verdict_errors", "À corriger", "To correct"),
    ("verdict_unreadable", "Illisible", "Unreadable"),
    ("candidate", "Candidat", "Candidate"),
    ("sheet", "Feuille", "Sheet"),
    ("realisations", "Réalisations", "Réalisations"),
    (
        "counts",
        "Erreurs\u{a0}: {errors} · Avertissements\u{a0}: {warnings}",
        "Errors: {errors} · Warnings: {warnings}",
    ),
    ("cell", "Cellule", "Cell"),
    ("severity", "Gravité", "Severity"),
    ("finding", "Constat", "Finding"),
    ("error", "erreur", "error"),
    ("warning", "avertissement", "warning"),
    (
        "no_findings",
        "Aucun constat\u{a0}: la grille est conforme.",
        "No finding: the grid is in order.",
    ),
    (
        "coverage",
        "Couverture des compétences",
        "Coverage of the competences",
    ),
    ("competence", "Compétence", "Competence"),
    ("verdict", "Verdict", "Verdict"),
    ("file", "Fichier", "File"),
    (
        "download_fixed",
        "Télécharger la grille corrigée",
        "Download the corrected grid",
    ),
    (
        "preparing",
        "Préparation des fichiers à télécharger…",
        "Preparing the downloads…",
    ),
    (
        "no_fixed",
        "Pas de grille corrigée\u{a0}: ",
        "No corrected grid: ",
    ),
    ("class", "Tableau de la classe", "Class table"),
    (
        "download_summary",
        "Télécharger la synthèse de la classe (synthese.xlsx)",
        "Download the class summary (synthese.xlsx)",
    ),
    (
        "download_all",
        "Télécharger toutes les grilles corrigées (ZIP)",
        "Download all the corrected grids (ZIP)",
    ),
    ("failed", "Erreur\u{a0}: ", "Error: "),
    (
        "offline",
        "Le serveur grille ne répond pas\u{a0}: est-il toujours lancé\u{a0}?",
        "The grille server does not answer: is it still running?",
    ),
];

fn text(key: &str, lang: Lang) -> &'static str {
    TEXTS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, fr, en)| lang.pick(*fr, *en))
        .unwrap_or_default()
}

/// `<`, `>`, `&` and quotes escaped for text and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `<option>`s of the embedded referentials (the first selected) and templates (« the
/// referential's own » first).
fn options(lang: Lang) -> (String, String) {
    let referentials: String = crate::referential::embedded::all()
        .iter()
        .map(|r| {
            format!(
                "<option value=\"{}\">{} — {}</option>",
                escape(&r.id),
                escape(&r.id),
                escape(&r.title)
            )
        })
        .collect();
    let mut templates = format!(
        "<option value=\"\">{}</option>",
        escape(text("template_auto", lang))
    );
    for id in crate::template::Template::embedded_ids() {
        if let Some(t) = crate::template::Template::embedded(id) {
            templates.push_str(&format!(
                "<option value=\"{}\" data-referential=\"{}\">{} — {}</option>",
                escape(&t.id),
                escape(&t.referential),
                escape(&t.id),
                escape(&t.description)
            ));
        }
    }
    (referentials, templates)
}

/// The page in `lang`.
pub fn render(lang: Lang) -> String {
    let texts: serde_json::Map<String, serde_json::Value> = TEXTS
        .iter()
        .map(|(k, fr, en)| (k.to_string(), lang.pick(*fr, *en).into()))
        .collect();
    // Inside <script>, « </ » would end the element.
    let texts = serde_json::Value::Object(texts)
        .to_string()
        .replace("</", "<\\/");
    let (referentials, templates) = options(lang);
    let mut page = HTML
        .replace("{{lang}}", lang.code())
        .replace("{{other_lang_code}}", lang.pick("en", "fr"))
        .replace("{{version}}", env!("CARGO_PKG_VERSION"))
        .replace("{{referentials}}", &referentials)
        .replace("{{templates}}", &templates)
        .replace("{{texts}}", &texts);
    for (key, _, _) in TEXTS {
        page = page.replace(&format!("{{{{t:{key}}}}}"), &escape(text(key, lang)));
    }
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_mark_is_filled_in_both_languages() {
        for lang in [Lang::Fr, Lang::En] {
            let page = render(lang);
            assert!(
                !page.contains("{{"),
                "{}",
                &page[page.find("{{").unwrap()..][..40]
            );
            assert!(page.contains(&format!("<html lang=\"{}\"", lang.code())));
            assert!(page.contains("type=\"file\""));
            assert!(page.contains("multiple"));
            assert!(page.contains("value=\"bts-sio-b1\""));
            assert!(page.contains("value=\"bts-sio-e5\""));
        }
        assert!(render(Lang::Fr).contains("Déposez vos fichiers ici"));
        assert!(render(Lang::En).contains("Drop your files here"));
    }

    #[test]
    fn the_page_fetches_nothing_from_elsewhere() {
        for text in [render(Lang::Fr).as_str(), CSS, JS] {
            assert!(!text.contains("http://"), "no absolute address");
            assert!(!text.contains("https://"), "no absolute address");
            assert!(!text.contains("//cdn"), "no CDN");
        }
    }

    #[test]
    fn french_texts_have_their_spaces_and_apostrophes() {
        for (key, fr, _) in TEXTS {
            assert!(!fr.contains(" :"), "{key}: a plain space before a colon");
            assert!(!fr.contains('\''), "{key}: a straight apostrophe");
            for mark in ['?', '!', ';'] {
                assert!(
                    !fr.contains(&format!(" {mark}")),
                    "{key}: plain space before {mark}"
                );
            }
        }
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
