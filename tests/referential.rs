//! Referentials: both seeds as shipped in samples/ parse to the expected model (counts and exact
//! texts), the HTML-table form equals the TSV form, JSON round trips, the CLI's help and bad
//! inputs.

mod common;

use std::path::{Path, PathBuf};

use common::{grille, samples};
use grille::model::{Competence, ItemKind, Referential};
use grille::referential::{embedded, parse_str, read_file};
use predicates::prelude::*;

fn sample(name: &str) -> PathBuf {
    samples().join("referentials").join(name)
}

fn count(c: &Competence, kind: ItemKind) -> usize {
    c.items_of(kind).count()
}

fn texts(c: &Competence, kind: ItemKind) -> Vec<&str> {
    c.items_of(kind).map(|i| i.text.as_str()).collect()
}

/// The model the binary prints with `convert --to json`.
fn json_of(id_or_path: &str) -> Referential {
    let out = grille()
        .args(["referential", "convert", id_or_path, "--to", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).expect("model JSON")
}

#[test]
fn bts_sio_tsv_has_every_activity_and_indicator() {
    let r = read_file(&sample("bts-sio-b1.tsv")).unwrap();
    assert_eq!(r.id, "bts-sio-b1");
    let codes: Vec<&str> = r.competences.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(codes, ["B1.1", "B1.2", "B1.3", "B1.4", "B1.5", "B1.6"]);
    let activities: Vec<usize> = r
        .competences
        .iter()
        .map(|c| count(c, ItemKind::Activity))
        .collect();
    assert_eq!(activities, [6, 3, 3, 3, 3, 4]);
    let indicators: Vec<usize> = r
        .competences
        .iter()
        .map(|c| count(c, ItemKind::PerformanceIndicator))
        .collect();
    assert_eq!(indicators, [7, 8, 5, 8, 6, 4]);

    let first_last = [
        (
            "Recenser et identifier les ressources numériques",
            "Vérifier le respect des règles d'utilisation des ressources numériques",
        ),
        (
            "Collecter, suivre et orienter des demandes",
            "Traiter des demandes concernant les applications",
        ),
        (
            "Participer à la valorisation de l'image de l'organisation sur les médias numériques en tenant compte du cadre juridique et des enjeux économiques",
            "Participer à l'évolution d'un site Web exploitant les données de l'organisation.",
        ),
        (
            "Analyser les objectifs et les modalités d'organisation d'un projet",
            "Évaluer les indicateurs de suivi d'un projet et analyser les écarts",
        ),
        (
            "Réaliser les tests d'intégration et d'acceptation d'un service",
            "Accompagner les utilisateurs dans la mise en place d'un service",
        ),
        (
            "Mettre en place son environnement d'apprentissage personnel",
            "Développer son projet professionnel",
        ),
    ];
    for (c, (first, last)) in r.competences.iter().zip(first_last) {
        let acts = texts(c, ItemKind::Activity);
        assert_eq!(acts.first().copied(), Some(first), "{}", c.code);
        assert_eq!(acts.last().copied(), Some(last), "{}", c.code);
    }
    // Official activity codes (design.md).
    assert_eq!(
        r.activity("B1.1.5").unwrap().1.text,
        "Gérer des sauvegardes"
    );
    assert_eq!(
        r.activity("B1.6.4").unwrap().1.text,
        "Développer son projet professionnel"
    );

    let b16 = r.competence("B1.6").unwrap();
    let veille = b16.items_of(ItemKind::PerformanceIndicator).nth(2).unwrap();
    assert_eq!(veille.code, "B1.6.I3");
    assert_eq!(veille.text, "La veille est régulière et vise à :");
    let subs: Vec<(&str, &str)> = veille
        .items
        .iter()
        .map(|i| (i.code.as_str(), i.text.as_str()))
        .collect();
    assert_eq!(
        subs,
        [
            (
                "B1.6.I3.1",
                "repérer les techniques et technologies émergentes du secteur informatique"
            ),
            (
                "B1.6.I3.2",
                "utiliser de manière approfondie des moyens de recherche d'information"
            ),
            ("B1.6.I3.3", "renforcer ses compétences"),
        ]
    );
    // No display form: the source's casing is fine.
    assert!(r.competences.iter().all(|c| c.display.is_none()));
}

#[test]
fn lp_assr_markdown_has_every_section_and_display_forms() {
    let r = read_file(&sample("lp-assr.md")).unwrap();
    assert_eq!(r.id, "lp-assr");
    let codes: Vec<&str> = r.competences.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(codes, ["C1", "C2", "C3", "C4"]);
    let per_kind = |kind| -> Vec<usize> { r.competences.iter().map(|c| count(c, kind)).collect() };
    assert_eq!(per_kind(ItemKind::Component), [4, 3, 3, 5]);
    assert_eq!(per_kind(ItemKind::DevelopmentIndicator), [4, 5, 4, 4]);
    assert_eq!(per_kind(ItemKind::Situation), [3, 4, 3, 6]);

    let c1 = r.competence("C1").unwrap();
    assert_eq!(
        c1.title,
        "Fournir Les Services Liés Au Système D’information"
    );
    assert_eq!(
        c1.display.as_deref(),
        Some("Fournir les services liés au système d’information")
    );
    // Trailing « ... » and commas are layout; the words are kept.
    assert_eq!(
        texts(c1, ItemKind::Situation),
        [
            "Production Quotidienne",
            "Adaptation Aux Évolutions Nécessaires",
            "Réponse À Une Demande Client/utilisateur/fournisseur"
        ]
    );
    let c2 = r.competence("C2").unwrap();
    assert_eq!(
        texts(c2, ItemKind::Situation).last().copied(),
        Some("Documentation")
    );
    assert_eq!(
        texts(c2, ItemKind::DevelopmentIndicator).last().copied(),
        Some("Être Force De Proposition.")
    );
    let c3 = r.competence("C3").unwrap();
    let veille = c3.items_of(ItemKind::Situation).next().unwrap();
    assert_eq!(veille.code, "C3.SP1");
    assert_eq!(veille.text, "Suivi Des Évolutions Des Si Au Sens Large");
    assert_eq!(
        veille.display.as_deref(),
        Some("Suivi des évolutions des SI au sens large")
    );
    let c4 = r.competence("C4").unwrap();
    let iso = c4.items_of(ItemKind::Component).next().unwrap();
    assert_eq!(iso.code, "C4.CE1");
    assert_eq!(
        iso.display.as_deref(),
        Some(
            "En appliquant les recommandations internationales ISO 27k et celles de l’agence nationale de sécurité."
        )
    );
    assert_eq!(
        c4.items_of(ItemKind::DevelopmentIndicator)
            .last()
            .map(|i| i.code.as_str()),
        Some("C4.ID4")
    );
    assert_eq!(
        c4.items_of(ItemKind::Situation)
            .last()
            .map(|i| i.text.as_str()),
        Some("Intrusion.")
    );
}

#[test]
fn html_table_and_tsv_give_the_same_model() {
    let tsv = embedded::get("bts-sio-b1").unwrap();
    let html = read_file(&sample("bts-sio-b1.html")).unwrap();
    // Recognised as the embedded referential: same identity, official codes, rules; only
    // `source` says where it was read from.
    assert_eq!(html.source, sample("bts-sio-b1.html").display().to_string());
    let normalized = Referential {
        source: tsv.source.clone(),
        ..html.clone()
    };
    assert_eq!(normalized, tsv);
    // The same through the binary.
    let via_cli = json_of(&sample("bts-sio-b1.html").display().to_string());
    assert_eq!(via_cli.competences, tsv.competences);
    // The HTML sample really uses the constructs the reader must handle.
    let text = std::fs::read_to_string(sample("bts-sio-b1.html")).unwrap();
    for construct in ["rowspan=", "colspan=", "<li>", "<thead>", "<title>"] {
        assert!(text.contains(construct), "{construct}");
    }
}

#[test]
fn json_round_trip_is_exact_through_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    for id in ["bts-sio-b1", "lp-assr"] {
        let out = dir.path().join(format!("{id}.json"));
        grille()
            .args(["referential", "convert", id, "--to", "json", "-o"])
            .arg(&out)
            .assert()
            .success();
        let back = read_file(&out).unwrap();
        assert_eq!(back, embedded::get(id).unwrap());
        // And once more: JSON of the re-read model is byte-identical.
        let again = grille::referential::convert::json::to_string(&back);
        assert_eq!(again, std::fs::read_to_string(&out).unwrap());
    }
}

#[test]
fn markdown_export_reads_back() {
    for id in ["bts-sio-b1", "lp-assr"] {
        let md = grille()
            .args(["referential", "convert", id, "--to", "markdown"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let back = parse_str(&String::from_utf8(md).unwrap(), "back.md").unwrap();
        assert_eq!(back.competences, embedded::get(id).unwrap().competences);
    }
}

#[test]
fn show_prints_an_outline_with_display_forms() {
    grille()
        .args(["referential", "show", "lp-assr"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "C1  Fournir les services liés au système d’information",
        ))
        .stdout(predicate::str::contains(
            "  Situations professionnelles associées",
        ))
        .stdout(predicate::str::contains(
            "    C3.SP1  Suivi des évolutions des SI au sens large",
        ));
    grille()
        .args(["référentiel", "afficher", "bts-sio-b1"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "      B1.6.I3.2  utiliser de manière approfondie",
        ));
    grille()
        .args(["referential", "lister"])
        .assert()
        .success()
        .stdout(predicate::str::contains("bts-sio-b1"))
        .stdout(predicate::str::contains("lp-assr"));
}

#[test]
fn every_help_carries_an_example() {
    for args in [
        vec!["referential", "--help"],
        vec!["referential", "list", "--help"],
        vec!["referential", "show", "--help"],
        vec!["referential", "convert", "--help"],
        vec!["référentiel", "convertir", "--help"],
    ] {
        grille()
            .args(&args)
            .assert()
            .success()
            .stdout(predicate::str::contains("Exemple"));
    }
}

/// Runs `convert FILE --to json -o OUT` on a bad file: exit 2, a French message naming the file
/// and the place, and no output file.
fn refused(name: &str, content: &[u8], expected: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join(name);
    std::fs::write(&input, content).unwrap();
    let out = dir.path().join("out.json");
    let assert = grille()
        .args(["referential", "convert"])
        .arg(&input)
        .args(["--to", "json", "-o"])
        .arg(&out)
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains(&input.display().to_string()), "{stderr}");
    for e in expected {
        assert!(stderr.contains(e), "expected « {e} » in: {stderr}");
    }
    assert!(!out.exists(), "no output for a bad input");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "only the input remains: {leftovers:?}");
}

#[test]
fn bad_inputs_are_refused_with_the_place_at_fault() {
    refused("vide.md", b"", &["le fichier est vide"]);
    refused(
        "image.png",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
        &["fichier binaire"],
    );
    refused(
        "page.html",
        b"<!DOCTYPE html><html><body><h1>BTS</h1><p>Pas de tableau.</p></body></html>",
        &["document HTML", "aucun tableau"],
    );
    refused(
        "table.html",
        "<table><tr><th>Compétences</th><th>Indicateurs de performance</th></tr>\n\
         <tr><td>Gérer<ul><li>A</li></ul></td><td>I</td></tr>\n\
         <tr><td>Seule cellule</td></tr></table>"
            .as_bytes(),
        &["tableau 1, ligne 3 : 1 cellule au lieu de 2"],
    );
    refused(
        "notes.md",
        "# Mon référentiel\n\nDu texte, mais aucun titre de compétence.\n".as_bytes(),
        &["ligne 3", "aucun titre de compétence"],
    );
    refused(
        "modele.json",
        br#"{"id": "x", "title": "T", "competences": [{"code": "C1"}]}"#,
        &["ligne 1, colonne", "champ obligatoire « title » absent"],
    );
    refused(
        "tsv.txt",
        "Compétences\tIndicateurs\n<p>Gérer</p>\tI1\textra\n".as_bytes(),
        &["ligne 2 : 3 cellules au lieu de 2"],
    );
}

#[test]
fn english_messages_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("vide.md");
    std::fs::write(&input, "").unwrap();
    grille()
        .args(["--lang", "en", "referential", "show"])
        .arg(&input)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("the file is empty"));
}

#[test]
fn outputs_are_never_half_written_nor_forced_silently() {
    let dir = tempfile::tempdir().unwrap();
    // XLSX needs a file.
    grille()
        .args(["referential", "convert", "bts-sio-b1", "--to", "xlsx"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("-o FICHIER"));
    // An existing output is kept unless --force.
    let out = dir.path().join("ref.csv");
    std::fs::write(&out, "ancien").unwrap();
    grille()
        .args(["referential", "convert", "lp-assr", "--to", "csv", "-o"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--force"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "ancien");
    grille()
        .args([
            "referential",
            "convert",
            "lp-assr",
            "--to",
            "csv",
            "--force",
            "-o",
        ])
        .arg(&out)
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .starts_with("competence_code,")
    );
    // The input is never the output, even forced.
    let input = dir.path().join("lp.md");
    std::fs::copy(sample("lp-assr.md"), &input).unwrap();
    let before = std::fs::read(&input).unwrap();
    grille()
        .args(["referential", "convert"])
        .arg(&input)
        .args(["--to", "markdown", "--force", "-o"])
        .arg(&input)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("entrée"));
    assert_eq!(std::fs::read(&input).unwrap(), before);
}

#[test]
fn csv_lists_every_item_and_sub_item() {
    let out = grille()
        .args(["referential", "convert", "bts-sio-b1", "--to", "csv"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let mut reader = csv::Reader::from_reader(out.as_slice());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        [
            "competence_code",
            "competence_title",
            "kind",
            "item_code",
            "text"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    // 22 activities + 38 indicators + 3 sub-items.
    assert_eq!(rows.len(), 63);
    let veille = rows.iter().find(|r| &r[3] == "B1.6.I3.3").unwrap();
    assert_eq!(&veille[0], "B1.6");
    assert_eq!(&veille[1], "Organiser son développement professionnel");
    assert_eq!(&veille[2], "performance-indicator");
    assert_eq!(&veille[4], "renforcer ses compétences");
}

#[test]
fn embedded_sources_are_the_shipped_samples() {
    // The embedded referentials are built from samples/: a user can read the same files.
    for (id, file) in [("bts-sio-b1", "bts-sio-b1.tsv"), ("lp-assr", "lp-assr.md")] {
        let from_file = read_file(Path::new(&sample(file))).unwrap();
        assert_eq!(
            from_file.competences,
            embedded::get(id).unwrap().competences
        );
    }
}
