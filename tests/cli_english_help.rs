//! The help in English through the real binary: `--lang en` (before or after the command,
//! `--lang=en` too) turns every help text to English, clap's own words included, while the
//! French help, the default, stays as it was; usage errors speak either language.

mod common;

use common::grille;

/// Words that only the French help shows.
const FRENCH: &[&str] = &[
    "Utilisation",
    "Exemple",
    "Commandes",
    "COMMANDE",
    "Affiche",
    "fichier",
    "Fichier",
    "FICHIER",
    "Référentiel",
    "modèle",
    "défaut",
    " les ",
    " des ",
    " ou ",
];

/// stdout of a help, which must exit 0.
fn help(args: &[&str]) -> String {
    let out = grille().args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{args:?}");
    assert!(out.stderr.is_empty(), "{args:?}");
    String::from_utf8(out.stdout).unwrap()
}

fn assert_english(args: &[&str], expected: &[&str]) {
    let text = help(args);
    for wanted in ["Usage: grille", "Example"].iter().chain(expected) {
        assert!(
            text.contains(wanted),
            "{args:?}: no « {wanted} » in\n{text}"
        );
    }
    for word in FRENCH {
        assert!(!text.contains(word), "{args:?}: « {word} » in\n{text}");
    }
}

#[test]
fn lang_en_turns_every_help_to_english() {
    assert_english(
        &["--lang", "en", "--help"],
        &[
            "Usage: grille [OPTIONS] <COMMAND>",
            "Commands:",
            "Checks the synthesis sheets handed in by candidates",
            "Language of messages (fr or en)",
            "Shows the help (-h: summary)",
            "Shows the version",
            "Examples:\n  grille check dupont.xlsx\n",
        ],
    );
    assert_english(
        &["--lang", "en", "check", "--help"],
        &[
            "Usage: grille check [OPTIONS] <FILE>...",
            "Files to check (XLSX, XLSM, XLS, ODS or CSV)",
            "- json: One JSON object per file, one per line",
            "Examples:\n  grille check dupont.xlsx\n",
            "To understand a finding: grille explain C101",
        ],
    );
    assert_english(
        &["fix", "--lang", "en", "--help"],
        &[
            "<ID|FILE>",
            "XLSX file to write (by default: <name>-corrige.xlsx",
        ],
    );
    assert_english(
        &["--lang=en", "blank", "--help"],
        &[
            "--session <YEAR>",
            "- evaluation: The jury’s evaluation grid",
            "one grid per candidate of the list, in the folder grilles/",
            "Built-in templates:",
        ],
    );
    assert_english(
        &["--lang", "en", "lot", "-h"],
        &[
            "Usage: grille batch [OPTIONS] --output <FOLDER> <INPUT>...",
            "Number of worker threads (by default: every core)",
            "Outputs in the -o folder:",
        ],
    );
    assert_english(
        &["--lang", "en", "explain", "--help"],
        &["Kind of finding (missing-competence…) or code (C101…)"],
    );
    assert_english(
        &["--lang", "en", "référentiel", "--help"],
        &["Usage: grille referential [OPTIONS] <COMMAND>", "Commands:"],
    );
    assert_english(
        &["--lang", "en", "referential", "list", "--help"],
        &["Lists the built-in referentials (usable without a file)"],
    );
    assert_english(
        &["referential", "show", "--help", "--lang", "en"],
        &["Identifier of a built-in referential (bts-sio-b1, lp-assr)"],
    );
    assert_english(
        &["--lang", "en", "referential", "convert", "--help"],
        &[
            "- moodle:   Moodle competency framework import (CSV)",
            "the XLSX workbook requires -o",
        ],
    );
}

#[test]
fn french_help_is_the_default() {
    for args in [
        &["--help"][..],
        &["check", "--help"],
        &["--lang", "fr", "check", "-h"],
    ] {
        let text = help(args);
        for wanted in [
            "Utilisation\u{a0}: grille",
            "Exemples\u{a0}:",
            "Affiche l’aide",
            "Options\u{a0}:",
        ] {
            assert!(
                text.contains(wanted),
                "{args:?}: no « {wanted} » in\n{text}"
            );
        }
        for word in ["Usage:", "Examples", "Shows the help"] {
            assert!(!text.contains(word), "{args:?}: « {word} » in\n{text}");
        }
    }
    let text = help(&["check", "--help"]);
    assert!(
        text.contains("Utilisation\u{a0}: grille check [OPTIONS] <FICHIER>..."),
        "{text}"
    );
    assert!(
        text.contains("Fichiers à vérifier (XLSX, XLSM, XLS, ODS ou CSV)"),
        "{text}"
    );
    assert!(
        text.contains("- text\u{a0}: Texte pour les enseignants (par défaut)"),
        "{text}"
    );
    let text = help(&["--help"]);
    assert!(text.contains("Commandes\u{a0}:"), "{text}");
    assert!(text.contains("[alias\u{a0}: vierge]"), "{text}");
    // French typography everywhere: clap's English words and plain spaces are gone.
    for args in [&["--help"][..], &["blank", "--help"], &["fix", "--help"]] {
        let text = help(args);
        for english in [
            "aliases:",
            "[alias:",
            "<KIND>",
            " :",
            "« ",
            " »",
            "Commandes:",
        ] {
            assert!(
                !text.contains(english),
                "{args:?}: « {english} » in\n{text}"
            );
        }
    }
    assert!(help(&["fix", "--help"]).contains("Arguments\u{a0}:"));
}

#[test]
fn usage_errors_speak_either_language() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["check"],
            "grille : argument obligatoire manquant : <FICHIER>... (aide : grille check --help)",
        ),
        (
            &["--lang", "en", "check"],
            "grille: missing required argument: <FILE>... (help: grille check --help)",
        ),
        (
            &["batch", "remis", "--lang=en"],
            "grille: missing required argument: --output <FOLDER> (help: grille batch --help)",
        ),
        (
            &[
                "--lang",
                "en",
                "blank",
                "--name",
                "X",
                "--roster",
                "classe.csv",
            ],
            "grille: --name <TEXT> cannot be used with --roster <FILE> (help: grille blank --help)",
        ),
        (
            &["blank", "--name", "X", "--roster", "classe.csv"],
            "grille : --name <TEXTE> ne peut pas être utilisé avec --roster <FICHIER> (aide : grille blank --help)",
        ),
        (
            &[
                "--lang",
                "en",
                "referential",
                "convert",
                "bts-sio-b1",
                "--to",
                "pdf",
            ],
            "grille: invalid value “pdf” for --to <FORMAT> (possible values: json, markdown, csv, xlsx, moodle, case) (help: grille referential convert --help)",
        ),
        (
            &["--lang", "en", "check", "a.xlsx", "--format", "xml"],
            "grille: invalid value “xml” for --format <FORMAT> (possible values: text, json) (help: grille check --help)",
        ),
    ];
    for (args, expected) in cases {
        let out = grille().args(*args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(stderr.trim_end(), *expected, "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn english_values_still_parse() {
    let out = grille()
        .args([
            "--lang",
            "en",
            "referential",
            "convert",
            "bts-sio-b1",
            "--to",
            "md",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with('#'));
    let out = grille()
        .args(["--lang", "en", "explain", "C101"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn french_help_lists_values_and_defaults_in_french() {
    for args in [
        &["check", "--help"][..],
        &["check", "-h"],
        &["referential", "convert", "--help"],
        &["blank", "--help"],
        &["batch", "-h"],
    ] {
        let text = help(args);
        for word in ["Possible values", "possible values", "[default:"] {
            assert!(!text.contains(word), "{args:?}: « {word} » in\n{text}");
        }
        assert!(text.contains("[par défaut\u{a0}: fr]"), "{args:?}:\n{text}");
    }
    let long = help(&["check", "--help"]);
    assert!(long.contains("Valeurs possibles\u{a0}:\n"), "{long}");
    assert!(long.contains("[par défaut\u{a0}: text]"), "{long}");
    let short = help(&["check", "-h"]);
    assert!(
        short.contains("[valeurs possibles\u{a0}: text, json]"),
        "{short}"
    );
    let convert = help(&["referential", "convert", "-h"]);
    assert!(
        convert.contains("[valeurs possibles\u{a0}: json, markdown, csv"),
        "{convert}"
    );
}
