//! Bad input through the real binary: every unreadable file gives one line naming it, in
//! French (English with `--lang en`), exit status 2, no panic and no file written; usage
//! errors exit 2; every command's help shows examples.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::grille;

/// The commands that read a file given as their argument.
const COMMANDS: &[&[&str]] = &[&["check"], &["fix"], &["referential", "show"]];

/// A small official grid, written by rust_xlsxwriter, to truncate.
fn xlsx_bytes() -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet
        .write_string(0, 0, "NOM et prénom : DUPONT Jeanne")
        .unwrap();
    sheet
        .write_string(5, 0, "Réalisations professionnelles")
        .unwrap();
    for (i, title) in [
        "Gérer le patrimoine informatique",
        "Travailler en mode projet",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(5, 2 + i as u16, *title).unwrap();
    }
    for row in 6..60 {
        sheet
            .write_string(row, 0, format!("Réalisation {row}"))
            .unwrap();
    }
    book.save_to_buffer().unwrap()
}

/// Deterministic noise (no wall clock, no `rand`): a xorshift sequence.
fn noise(len: usize) -> Vec<u8> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

/// The bad inputs, created in `dir`: (what it is, path as passed on the command line).
fn bad_inputs(dir: &Path) -> Vec<(&'static str, PathBuf)> {
    let put = |name: &str, bytes: &[u8]| {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    };
    let folder = dir.join("remis");
    std::fs::create_dir_all(&folder).unwrap();
    let xlsx = xlsx_bytes();
    vec![
        ("nonexistent file", dir.join("absent.xlsx")),
        ("folder", folder),
        ("empty file", put("vide.xlsx", b"")),
        ("random bytes", put("hasard.xlsx", &noise(4096))),
        (
            "truncated xlsx",
            put("tronque.xlsx", &xlsx[..xlsx.len() / 2]),
        ),
        (
            "text file",
            put(
                "notes.txt",
                "Penser à rendre la grille avant vendredi.\nMerci !\n".as_bytes(),
            ),
        ),
    ]
}

/// Every file under `dir`, to prove nothing was written.
fn listing(dir: &Path) -> BTreeSet<PathBuf> {
    let mut out = BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path.clone());
            }
            out.insert(path);
        }
    }
    out
}

/// French typography or words in a message that should be English.
fn french_in(message: &str) -> Option<&'static str> {
    [
        "« ",
        " »",
        " :",
        " ;",
        "é",
        "è",
        "à",
        "ê",
        "’",
        "fichier",
        "feuille",
        "impossible",
    ]
    .into_iter()
    .find(|w| message.contains(w))
}

#[test]
fn unreadable_inputs_give_one_named_line_exit_2_and_no_output() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = bad_inputs(dir.path());
    for command in COMMANDS {
        for (what, path) in &inputs {
            for english in [false, true] {
                let before = listing(dir.path());
                let mut cmd = grille();
                if english {
                    cmd.args(["--lang", "en"]);
                }
                let out = cmd.args(*command).arg(path).output().unwrap();
                let label = format!("{} on a {what} (english: {english})", command.join(" "));
                let stderr = String::from_utf8_lossy(&out.stderr);
                assert_eq!(out.status.code(), Some(2), "{label}: {stderr}");
                assert!(!stderr.contains("panicked"), "{label}: {stderr}");
                assert!(out.stdout.is_empty(), "{label}: stdout {:?}", out.stdout);
                let lines: Vec<&str> = stderr.lines().collect();
                assert_eq!(lines.len(), 1, "{label}: {stderr}");
                let line = lines[0];
                let name = path.display().to_string();
                assert!(line.contains(&name), "{label}: {line}");
                let message = line.replacen(&name, "FILE", 1);
                if english {
                    assert!(line.starts_with("grille: "), "{label}: {line}");
                    assert_eq!(french_in(&message), None, "{label}: {line}");
                } else {
                    assert!(line.starts_with("grille : "), "{label}: {line}");
                    assert!(
                        !["error", "No such file", "directory", "os error"]
                            .iter()
                            .any(|w| message.contains(w)),
                        "{label}: {line}"
                    );
                }
                assert_eq!(listing(dir.path()), before, "{label}: a file was written");
            }
        }
    }
}

#[test]
fn the_french_messages_say_why() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = bad_inputs(dir.path());
    let expected = [
        (
            "nonexistent file",
            "impossible de lire le fichier (fichier introuvable)",
        ),
        ("folder", "c’est un dossier, pas un fichier"),
        ("empty file", "le fichier est vide"),
        ("random bytes", "ce n’est pas un classeur"),
        ("truncated xlsx", "endommagé ou tronqué"),
        ("text file", "aucune grille de synthèse trouvée"),
    ];
    for (what, path) in &inputs {
        let out = grille().arg("check").arg(path).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let why = expected.iter().find(|(w, _)| w == what).unwrap().1;
        assert!(stderr.contains(why), "{what}: {stderr}");
    }
}

#[test]
fn fix_refuses_to_write_over_its_input_or_an_existing_file() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("dupont.xlsx");
    std::fs::write(&input, xlsx_bytes()).unwrap();
    let original = std::fs::read(&input).unwrap();
    let out = grille()
        .arg("fix")
        .arg(&input)
        .arg("-o")
        .arg(&input)
        .arg("--force")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read(&input).unwrap(), original, "input untouched");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("ne modifie jamais"), "{stderr}");
}

#[test]
fn usage_errors_exit_2_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.xlsx");
    std::fs::write(&file, xlsx_bytes()).unwrap();
    let file = file.to_str().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (
            &["check", "--strikt", file],
            "option ou argument inconnu « --strikt »",
        ),
        (&["check"], "argument obligatoire manquant"),
        (&["fix"], "argument obligatoire manquant"),
        (
            &["fix", file, "--bogus"],
            "option ou argument inconnu « --bogus »",
        ),
        (&["referential", "show"], "argument obligatoire manquant"),
        (
            &["referential", "show", "a", "b"],
            "option ou argument inconnu « b »",
        ),
        (
            &["check", file, "--format", "xml"],
            "valeur « xml » invalide",
        ),
        (&["chek", file], "commande inconnue « chek »"),
        (
            &["--lang", "de", "check", file],
            "valeur « de » invalide pour --lang",
        ),
        (&["explain", "C999"], "constat inconnu « C999 »"),
    ];
    for (args, expected) in cases {
        let out = grille().args(*args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(stderr.starts_with("grille : "), "{args:?}: {stderr}");
    }
    // English on request, even when the command line cannot be parsed.
    let out = grille()
        .args(["--lang", "en", "check", "--strikt", file])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr.trim_end(),
        "grille: unknown option or argument “--strikt”; did you mean “--strict”? (help: grille check --help)"
    );
}

/// The subcommands listed under « Commandes: » in a help text.
fn subcommands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| !l.starts_with("Command"))
        .skip(1)
        .take_while(|l| l.starts_with("  ") || l.trim().is_empty())
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_string)
        .collect()
}

#[test]
fn every_help_shows_examples() {
    let help = |args: &[&str]| -> String {
        let out = grille().args(args).arg("--help").output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let top = help(&[]);
    assert!(top.contains("Exemple"), "grille --help: {top}");
    let commands = subcommands(&top);
    assert!(commands.len() >= 5, "{commands:?}");
    let mut seen = 0;
    for command in &commands {
        let text = help(&[command]);
        assert!(text.contains("Exemple"), "grille {command} --help: {text}");
        seen += 1;
        for sub in subcommands(&text) {
            let text = help(&[command, &sub]);
            assert!(
                text.contains("Exemple"),
                "grille {command} {sub} --help: {text}"
            );
            seen += 1;
        }
    }
    assert!(seen >= 8, "{seen} helps checked");
}
