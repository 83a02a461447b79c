//! The help in English (`--lang en`). The French doc comments and attributes of `src/cli/*.rs`
//! stay the source of the command line; this module replaces every text a user reads in
//! `--help` by its English counterpart from the tables below, keyed by command path
//! (`"grille referential convert"`) and argument id. The tests walk the whole command tree,
//! so that a new argument without English, or an entry for an argument that is gone, fails.

use std::marker::PhantomData;

use clap::builder::{EnumValueParser, PossibleValue, Str, TypedValueParser, ValueParser};
use clap::{Arg, Command, ValueEnum};

/// What a command says about itself, in English.
struct CommandText {
    /// The command’s names from the root, separated by spaces (`"grille check"`).
    path: &'static str,
    about: &'static str,
    /// Shown by `--help` instead of `about`, only where the French shows one too.
    long_about: Option<&'static str>,
    /// The examples block after the options.
    after_help: Option<&'static str>,
}

const COMMANDS: &[CommandText] = &[
    CommandText {
        path: "grille",
        about: "Checks, generates and corrects the synthesis sheets of the BTS SIO",
        long_about: Some(
            "grille checks the synthesis sheets of professional achievements (BTS SIO) against \
the official referential, generates blank grids for the exam secretariat and writes corrected \
grids.",
        ),
        after_help: Some(
            "Examples:
  grille check dupont.xlsx
  grille batch remis.zip -o sortie
  grille fix dupont.xlsx
  grille blank --roster classe.csv -o grilles/
  grille referential show bts-sio-b1
  grille explain C101
  grille serve --open",
        ),
    },
    CommandText {
        path: "grille referential",
        about: "Referentials: list, show, convert",
        long_about: None,
        after_help: Some(
            "Examples:
  grille referential list
  grille referential show bts-sio-b1
  grille referential show samples/referentials/lp-assr.md
  grille referential convert bts-sio-b1 --to xlsx -o bts-sio-b1.xlsx
  grille referential convert lp-assr --to moodle -o lp-assr-moodle.csv",
        ),
    },
    CommandText {
        path: "grille referential list",
        about: "Lists the built-in referentials (usable without a file)",
        long_about: None,
        after_help: Some(
            "Example:
  grille referential list",
        ),
    },
    CommandText {
        path: "grille referential show",
        about: "Shows the outline of a referential: competences, elements by type, sub-elements",
        long_about: None,
        after_help: Some(
            "Examples:
  grille referential show bts-sio-b1
  grille referential show samples/referentials/bts-sio-b1.html",
        ),
    },
    CommandText {
        path: "grille referential convert",
        about: "Converts a referential: JSON, Markdown, CSV, XLSX workbook, Moodle, CASE",
        long_about: None,
        after_help: Some(
            "Examples:
  grille referential convert bts-sio-b1 --to json
  grille referential convert bts-sio-b1 --to xlsx -o bts-sio-b1.xlsx
  grille referential convert lp-assr --to moodle -o lp-assr-moodle.csv
  grille referential convert samples/referentials/lp-assr.md --to case -o lp-assr-case.json

Text formats are written to the standard output without -o; the XLSX workbook requires -o.",
        ),
    },
    CommandText {
        path: "grille blank",
        about: "Blank grids for the exam secretariat, one per candidate",
        long_about: None,
        after_help: Some(
            "Examples:
  grille blank
      a blank grid of the official E5 template (tableau-de-synthese-2026.xlsx)
  grille blank --name \"DUPONT Jeanne\" --number 0212345678 --option SISR --school \"Lycée Turing\"
      one candidate’s grid, identity filled in
  grille blank --roster classe-sio2.csv -o grilles/ --session 2026 --school \"Lycée Turing\"
      one grid per candidate of the list, in the folder grilles/
  grille blank --roster classe-sio2.xlsx --one-workbook -o classe.xlsx
      a single workbook, one sheet per candidate
  grille blank --template bts-sio-e4 --session 2025
      the former template (E4 exam, sessions 2021 to 2025)
  grille blank --template mon-modele.toml
      a school’s own template (a modified copy of templates/bts-sio-e5.toml)
  grille blank --kind evaluation --roster classe-sio2.csv -o evaluations/
      the jury’s evaluation grids

Built-in templates: bts-sio-e5 (official, since 2026), bts-sio-e4 (official, 2021 to 2025),
bts-sio-e5-activites (detailed: one column per activity).
The list of candidates (CSV separated by ; or , in UTF-8 or Windows-1252, XLSX or ODS) has a
header row with at least “Name” and “Candidate number” (or “Nom” and “N° candidat”);
“First name”, “Option”, “School” and “E-mail” are optional.
Exit status: 0 everything was written, 1 rows of the list were skipped, 2 usage error or
unreadable file.",
        ),
    },
    CommandText {
        path: "grille check",
        about: "Checks the synthesis sheets handed in by candidates",
        long_about: Some(
            "Checks the synthesis sheets handed in by candidates: finds the grid in the workbook, \
compares it with the referential and reports, cell by cell, what is missing or misplaced.\n\n\
Exit status: 0 nothing to report (or only warnings), 1 errors (or warnings with --strict), \
2 unreadable file or usage error. Every file is checked, even when one of them is unreadable.",
        ),
        after_help: Some(
            "Examples:
  grille check dupont.xlsx
  grille vérifier remis/*.xlsx --strict
  grille check remis/*.xlsx --jobs 2
  grille check dupont.ods --format json > rapport.json
  grille check dupont.xlsx --lang en
  grille check grille.xlsx --referential mon-referentiel.tsv --template mon-modele.toml

To understand a finding: grille explain C101",
        ),
    },
    CommandText {
        path: "grille fix",
        about: "Writes a corrected grid in the official layout",
        long_about: Some(
            "Reads a synthesis sheet as `grille check` does, then writes a corrected grid in the \
layout of the official template, whatever layout the candidate used. Each changed cell is \
highlighted (green: corrected, orange: to be checked) and carries a note with the original value \
and the reason. The “Report” sheet lists the findings, each with a link to its cell; the \
“Original content” sheet keeps each of the candidate’s cells at its original address. The input \
file is never modified.\n\n\
Exit status: 0 everything is corrected, 1 some points remain that grille cannot correct \
(missing competence, unreadable period, empty name…), 2 unreadable file or usage error.",
        ),
        after_help: Some(
            "Examples:
  grille fix dupont.xlsx
  grille corriger dupont.xlsx -o corrigés/dupont.xlsx
  grille fix dupont.ods --force --lang en",
        ),
    },
    CommandText {
        path: "grille batch",
        about: "Checks a folder or a ZIP archive of synthesis sheets before an exam session",
        long_about: None,
        after_help: Some(
            "Examples:
  grille batch remis.zip -o resultats
      Moodle’s “Download all submissions” archive
  grille lot classe-sisr/ classe-slam/ retardataire.xlsx -o session-2026
      folders (read recursively) and files, mixed
  grille batch remis.zip -o resultats --jobs 2 --no-fix --force
      two worker threads, no corrected grids, replacing the previous results

Outputs in the -o folder:
  synthese.xlsx   one row per candidate, the findings, the coverage of competences
  rapport.jsonl   one JSON report per file (one line each)
  corriges/       the corrected grid of each readable file

Exit status: 0 everything is valid, 1 errors in some sheets, 2 an unreadable file
or a usage error.",
        ),
    },
    CommandText {
        path: "grille explain",
        about: "Explains a kind of finding or a code (C101, missing-competence…)",
        long_about: None,
        after_help: Some(
            "Examples:
  grille explain
  grille explain C101
  grille expliquer missing-competence
  grille explain invalid-period --lang en",
        ),
    },
    CommandText {
        path: "grille serve",
        about: "Local web page: drop grids, read the reports, download the corrections",
        long_about: Some(
            "Starts a web page on this computer (127.0.0.1 only): drop synthesis grids, or \
Moodle's ZIP archive, and get the reports, the corrected grids and the class summary. The files \
never leave the computer and nothing of them stays on disk after the answer.\n\n\
Other tools can use the same checks: POST /api/check (the JSON of `grille check --format json`, \
an array), /api/fix (the corrected grid, or a ZIP for several files), /api/batch (the ZIP \
`grille batch -o` would write), /api/summary (synthese.xlsx), files in the field “files”.",
        ),
        after_help: Some(
            "Examples:
  grille serve
  grille serve --open
  grille page --port 9000 --max-upload 200",
        ),
    },
];

/// Each argument’s help: (command path, argument id, text). As in a doc comment, a text with
/// a blank line is a long help (`--help`) whose first paragraph is the summary (`-h`).
const ARGS: &[(&str, &str, &str)] = &[
    ("grille", "lang", "Language of messages (fr or en)"),
    (
        "grille serve",
        "port",
        "Port tried first (the next ones if taken; 0: a free one chosen by the system)",
    ),
    (
        "grille serve",
        "open",
        "Opens the page in the default browser",
    ),
    ("grille serve", "max_upload", "Largest upload, in MB"),
    (
        "grille referential show",
        "referential",
        "Identifier of a built-in referential (bts-sio-b1, lp-assr) or path of a file \
(Markdown, HTML table, TSV, grille’s JSON model)",
    ),
    (
        "grille referential convert",
        "referential",
        "Identifier of a built-in referential or path of a file",
    ),
    ("grille referential convert", "to", "Output format"),
    (
        "grille referential convert",
        "output",
        "File to write (otherwise the standard output, for text formats)",
    ),
    (
        "grille referential convert",
        "force",
        "Replaces the output file if it already exists (never an input file)",
    ),
    (
        "grille blank",
        "output",
        "File to write; with --roster, the folder of grids (or the workbook with --one-workbook)",
    ),
    (
        "grille blank",
        "roster",
        "List of candidates (CSV, XLSX, ODS): one grid per candidate",
    ),
    (
        "grille blank",
        "session",
        "Session year (“SESSION 2026”); by default the template’s",
    ),
    (
        "grille blank",
        "option",
        "Option ticked (SISR or SLAM); with --roster, for the rows without an option",
    ),
    (
        "grille blank",
        "school",
        "Training centre; with --roster, for the rows without a school",
    ),
    (
        "grille blank",
        "name",
        "The candidate’s SURNAME and first name (without --roster)",
    ),
    (
        "grille blank",
        "number",
        "The candidate’s number (without --roster)",
    ),
    (
        "grille blank",
        "template",
        "Grid template: built-in identifier or TOML file",
    ),
    (
        "grille blank",
        "referential",
        "Referential: built-in identifier or file; by default the template’s",
    ),
    (
        "grille blank",
        "kind",
        "Synthesis sheet (grid) or the jury’s evaluation grid (evaluation)",
    ),
    (
        "grille blank",
        "one_workbook",
        "With --roster: a single workbook, one sheet per candidate",
    ),
    (
        "grille blank",
        "password",
        "Password of the sheets’ protection (by default: protected without a password)",
    ),
    (
        "grille blank",
        "no_protection",
        "Leaves the sheets unprotected (every cell can be edited)",
    ),
    ("grille blank", "force", "Replaces existing files"),
    (
        "grille check",
        "files",
        "Files to check (XLSX, XLSM, XLS, ODS or CSV)",
    ),
    (
        "grille check",
        "format",
        "Report format: text, or JSON (one object per file, one per line)",
    ),
    (
        "grille check",
        "strict",
        "Warnings also make the check fail (status 1)",
    ),
    (
        "grille check",
        "referential",
        "Referential: built-in identifier or file",
    ),
    (
        "grille check",
        "template",
        "Grid template: built-in identifier or TOML file (by default, the referential’s)",
    ),
    (
        "grille check",
        "jobs",
        "Number of worker threads (by default: every core); the reports keep their order",
    ),
    (
        "grille fix",
        "file",
        "Synthesis sheet to correct (XLSX, XLSM, XLS, ODS or CSV); several with -o FOLDER",
    ),
    (
        "grille fix",
        "output",
        "XLSX file to write (by default: <name>-corrige.xlsx beside the file read); with several files, the folder to write them in",
    ),
    (
        "grille fix",
        "force",
        "Replaces the output file if it already exists (never the file read)",
    ),
    (
        "grille fix",
        "referential",
        "Referential: built-in identifier or file (by default: bts-sio-b1)",
    ),
    (
        "grille fix",
        "template",
        "Grid template: built-in identifier or TOML file (by default, the referential’s)",
    ),
    (
        "grille batch",
        "inputs",
        "Folders (read recursively), spreadsheet files and ZIP archives",
    ),
    (
        "grille batch",
        "outdir",
        "Folder of the results (created if it does not exist)",
    ),
    (
        "grille batch",
        "jobs",
        "Number of worker threads (by default: every core)",
    ),
    (
        "grille batch",
        "quiet",
        "Neither progress bar nor summary (the exit status says it all)",
    ),
    (
        "grille batch",
        "no_fix",
        "Does not write the corrected grids (corriges/)",
    ),
    (
        "grille batch",
        "referential",
        "Referential: built-in identifier or file",
    ),
    (
        "grille batch",
        "template",
        "Grid template: built-in identifier or TOML file (by default, the referential’s)",
    ),
    (
        "grille batch",
        "force",
        "Replaces the results of a previous run",
    ),
    (
        "grille explain",
        "kind",
        "Kind of finding (missing-competence…) or code (C101…); without one, the list",
    ),
];

/// The help of each value of an enumerated argument: (command path, argument id, value, text).
const VALUES: &[(&str, &str, &str, &str)] = &[
    (
        "grille referential convert",
        "to",
        "json",
        "grille’s JSON model (grille reads it back)",
    ),
    (
        "grille referential convert",
        "to",
        "markdown",
        "Readable Markdown outline (grille reads it back)",
    ),
    (
        "grille referential convert",
        "to",
        "csv",
        "One row per element: competence, title, type, code, text",
    ),
    (
        "grille referential convert",
        "to",
        "xlsx",
        "Formatted workbook, ready to print (requires -o)",
    ),
    (
        "grille referential convert",
        "to",
        "moodle",
        "Moodle competency framework import (CSV)",
    ),
    (
        "grille referential convert",
        "to",
        "case",
        "1EdTech CASE 1.1 package (JSON)",
    ),
    (
        "grille blank",
        "kind",
        "grid",
        "The synthesis sheet of professional achievements",
    ),
    (
        "grille blank",
        "kind",
        "evaluation",
        "The jury’s evaluation grid (performance indicators, levels, comments)",
    ),
    (
        "grille check",
        "format",
        "text",
        "Text for teachers (default)",
    ),
    (
        "grille check",
        "format",
        "json",
        "One JSON object per file, one per line",
    ),
];

/// The parser of an enumerated argument, showing the English help of its values; `None` for an
/// argument whose values have no help. clap parses values into the argument’s own enum, so
/// each one is named here.
fn english_values(path: &str, id: &str) -> Option<ValueParser> {
    use super::{blank, check, referential};
    Some(match (path, id) {
        ("grille referential convert", "to") => {
            EnglishValues::<referential::Format>::parser(path, id)
        }
        ("grille blank", "kind") => EnglishValues::<blank::Kind>::parser(path, id),
        ("grille check", "format") => EnglishValues::<check::Format>::parser(path, id),
        _ => return None,
    })
}

/// Value names (`<FICHIER>`) that are French words; the others (`<FORMAT>`, `<N>`,
/// `<SISR|SLAM>`…) read the same in both languages.
const VALUE_NAMES: &[(&str, &str)] = &[
    ("FICHIER", "FILE"),
    ("ID|FICHIER", "ID|FILE"),
    ("ENTRÉE", "INPUT"),
    ("DOSSIER", "FOLDER"),
    ("SORTIE", "OUTPUT"),
    ("ANNÉE", "YEAR"),
    ("TYPE", "KIND"),
    ("TEXTE", "TEXT"),
    ("MOT", "PASSWORD"),
];

/// The same command line, every help text in English. clap’s own words (« Utilisation »,
/// the help flag) are `super::clap_words`'.
pub fn in_english(cmd: Command) -> Command {
    let path = cmd.get_name().to_string();
    translate(cmd, &path)
}

fn translate(mut cmd: Command, path: &str) -> Command {
    if let Some(text) = COMMANDS.iter().find(|c| c.path == path) {
        cmd = cmd.about(text.about);
        if let Some(long) = text.long_about.filter(|_| cmd.get_long_about().is_some()) {
            cmd = cmd.long_about(long);
        }
        if let Some(after) = text.after_help {
            cmd = cmd.after_help(after);
        }
    }
    cmd.mut_args(|arg| translate_arg(arg, path))
        .mut_subcommands(|sub| {
            let path = format!("{path} {}", sub.get_name());
            translate(sub, &path)
        })
}

fn translate_arg(mut arg: Arg, path: &str) -> Arg {
    let id = arg.get_id().as_str().to_string();
    if let Some((_, _, text)) = ARGS.iter().find(|(p, i, _)| *p == path && *i == id) {
        arg = match text.split_once("\n\n") {
            Some((summary, _)) => arg.help(summary).long_help(*text),
            None => arg.help(*text),
        };
    }
    // Only over a parser of the same enum: a wrong entry above shows French values (which a
    // test catches) rather than failing to read the command line.
    if let Some(parser) = english_values(path, &id)
        && parser.type_id() == arg.get_value_parser().type_id()
    {
        arg = arg.value_parser(parser);
    }
    let names: Option<Vec<Str>> = arg
        .get_value_names()
        .filter(|names| names.iter().any(|n| english_value_name(n).is_some()))
        .map(|names| {
            names
                .iter()
                .map(|n| english_value_name(n).map_or_else(|| n.clone(), Str::from))
                .collect()
        });
    if let Some(names) = names {
        arg = arg.value_names(names);
    }
    arg
}

fn english_value_name(name: &str) -> Option<&'static str> {
    VALUE_NAMES
        .iter()
        .find(|(fr, _)| *fr == name)
        .map(|(_, en)| *en)
}

/// Parses like clap’s `EnumValueParser`, but lists the values with their English help.
struct EnglishValues<E> {
    path: String,
    id: String,
    values: PhantomData<fn() -> E>,
}

impl<E> Clone for EnglishValues<E> {
    fn clone(&self) -> Self {
        EnglishValues {
            path: self.path.clone(),
            id: self.id.clone(),
            values: PhantomData,
        }
    }
}

impl<E: ValueEnum + Clone + Send + Sync + 'static> EnglishValues<E> {
    fn parser(path: &str, id: &str) -> ValueParser {
        ValueParser::new(EnglishValues::<E> {
            path: path.to_string(),
            id: id.to_string(),
            values: PhantomData,
        })
    }
}

impl<E: ValueEnum + Clone + Send + Sync + 'static> TypedValueParser for EnglishValues<E> {
    type Value = E;

    fn parse_ref(
        &self,
        cmd: &Command,
        arg: Option<&Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<E, clap::Error> {
        EnumValueParser::<E>::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            E::value_variants()
                .iter()
                .filter_map(ValueEnum::to_possible_value)
                .map(|value| {
                    let help = VALUES.iter().find(|(p, i, v, _)| {
                        *p == self.path && *i == self.id && *v == value.get_name()
                    });
                    match help {
                        Some((_, _, _, text)) => value.help(*text),
                        None => value,
                    }
                }),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Cli, clap_words};
    use clap::CommandFactory;
    use grille::Lang;

    /// Every command of the tree, with its path from the root.
    fn commands(cmd: &Command, path: &str, out: &mut Vec<(String, Command)>) {
        out.push((path.to_string(), cmd.clone()));
        for sub in cmd.get_subcommands() {
            commands(sub, &format!("{path} {}", sub.get_name()), out);
        }
    }

    fn tree(cmd: &Command) -> Vec<(String, Command)> {
        let mut out = Vec::new();
        commands(cmd, cmd.get_name(), &mut out);
        out
    }

    fn args(cmd: &Command) -> impl Iterator<Item = &Arg> {
        cmd.get_arguments().filter(|a| !a.is_hide_set())
    }

    #[test]
    fn every_text_of_the_french_help_has_an_english_entry() {
        let french = tree(&Cli::command());
        let mut missing = Vec::new();
        for (path, cmd) in &french {
            let text = COMMANDS.iter().find(|c| c.path == path);
            if text.is_none() {
                missing.push(format!("{path}: about"));
            }
            let english = |field: fn(&CommandText) -> Option<&str>| text.and_then(field).is_some();
            if cmd.get_long_about().is_some() && !english(|t| t.long_about) {
                missing.push(format!("{path}: long_about"));
            }
            if cmd.get_after_help().is_some() != english(|t| t.after_help) {
                missing.push(format!("{path}: after_help in one language only"));
            }
            for (what, set) in [
                ("before_help", cmd.get_before_help().is_some()),
                ("before_long_help", cmd.get_before_long_help().is_some()),
                ("after_long_help", cmd.get_after_long_help().is_some()),
            ] {
                if set {
                    missing.push(format!("{path}: {what} is not translated by english.rs"));
                }
            }
            for arg in args(cmd) {
                let id = arg.get_id().as_str();
                match ARGS.iter().find(|(p, i, _)| p == path && *i == id) {
                    None => missing.push(format!("{path}: argument {id}")),
                    Some((_, _, text)) => {
                        if arg.get_long_help().is_some() != text.contains("\n\n") {
                            missing.push(format!("{path}: {id}: long help in one language only"));
                        }
                    }
                }
                if let Some(heading) = arg.get_help_heading() {
                    missing.push(format!(
                        "{path}: {id}: help heading « {heading} » is not translated by english.rs"
                    ));
                }
                for value in arg.get_possible_values() {
                    let name = value.get_name();
                    let english = VALUES
                        .iter()
                        .any(|(p, i, v, _)| p == path && *i == id && *v == name);
                    if value.get_help().is_some() && !english {
                        missing.push(format!("{path}: {id}: value {name}"));
                    }
                }
                for name in arg.get_value_names().unwrap_or_default() {
                    // Besides the id in capitals (clap’s default, from the English field name),
                    // the value names that read the same in both languages.
                    let neutral = ["FORMAT", "N", "TYPE|CODE", "SISR|SLAM", "fr|en"];
                    if english_value_name(name).is_none()
                        && *name != id.to_uppercase()
                        && !neutral.contains(&name.as_str())
                    {
                        missing.push(format!("{path}: {id}: value name {name}"));
                    }
                }
            }
        }
        assert!(
            missing.is_empty(),
            "no English for:\n{}",
            missing.join("\n")
        );
    }

    #[test]
    fn every_english_entry_names_something_that_exists() {
        let french = tree(&Cli::command());
        let command = |path: &str| french.iter().find(|(p, _)| p == path).map(|(_, c)| c);
        let arg = |path: &str, id: &str| {
            command(path).and_then(|c| args(c).find(|a| a.get_id() == id).cloned())
        };
        let mut stale = Vec::new();
        for text in COMMANDS {
            if command(text.path).is_none() {
                stale.push(format!("command {}", text.path));
            }
        }
        for (path, id, _) in ARGS {
            if arg(path, id).is_none() {
                stale.push(format!("{path}: argument {id}"));
            }
        }
        for (path, id, value, _) in VALUES {
            let exists = arg(path, id).is_some_and(|a| {
                a.get_possible_values()
                    .iter()
                    .any(|v| v.get_name() == *value)
            });
            if !exists {
                stale.push(format!("{path}: {id}: value {value}"));
            }
        }
        for (fr, _) in VALUE_NAMES {
            let used = french.iter().any(|(_, c)| {
                args(c).any(|a| {
                    a.get_value_names()
                        .unwrap_or_default()
                        .iter()
                        .any(|n| n == fr)
                })
            });
            if !used {
                stale.push(format!("value name {fr}"));
            }
        }
        let mut keys: Vec<(&str, &str)> = ARGS.iter().map(|(p, i, _)| (*p, *i)).collect();
        keys.sort();
        keys.dedup();
        if keys.len() != ARGS.len() {
            stale.push("an argument twice in ARGS".to_string());
        }
        assert!(
            stale.is_empty(),
            "English for nothing:\n{}",
            stale.join("\n")
        );
    }

    #[test]
    fn enumerated_values_show_their_english_help() {
        let english = tree(&in_english(Cli::command()));
        for (path, id, value, text) in VALUES {
            let (_, cmd) = english.iter().find(|(p, _)| p == path).unwrap();
            let arg = cmd.get_arguments().find(|a| a.get_id() == id).unwrap();
            let shown = arg
                .get_possible_values()
                .into_iter()
                .find(|v| v.get_name() == *value)
                .and_then(|v| v.get_help().map(ToString::to_string));
            assert_eq!(shown.as_deref(), Some(*text), "{path} {id} {value}");
        }
    }

    #[test]
    fn english_command_lines_parse_into_the_same_values() {
        use crate::cli::{Command as Sub, command};
        use clap::FromArgMatches;
        let parse = |args: &[&str]| {
            let matches = command(Lang::En).try_get_matches_from(args).unwrap();
            crate::cli::Cli::from_arg_matches(&matches).unwrap()
        };
        let cli = parse(&[
            "grille", "--lang", "en", "check", "a.xlsx", "--format", "json",
        ]);
        assert!(
            matches!(cli.command, Sub::Check(a) if a.format == super::super::check::Format::Json)
        );
        let cli = parse(&["grille", "--lang", "en", "blank", "--kind", "évaluation"]);
        assert!(matches!(cli.command, Sub::Blank(_)));
        let cli = parse(&[
            "grille",
            "--lang",
            "en",
            "referential",
            "convert",
            "x",
            "--to",
            "md",
        ]);
        assert!(matches!(cli.command, Sub::Referential(_)));
        assert_eq!(cli.global.lang, Lang::En);
    }

    /// Words that only French help would show.
    const FRENCH: &[&str] = &[
        "Utilisation",
        "Exemple",
        "Commandes",
        "COMMANDE",
        "Affiche",
        "fichier",
        "Fichier",
        "FICHIER",
        "dossier",
        "Référentiel :",
        "Modèle",
        "modèle",
        "défaut",
        " le ",
        " la ",
        " les ",
        " des ",
        " du ",
        " ou ",
        " et ",
        " avec ",
        " sans ",
        " : ",
    ];

    #[test]
    fn english_help_has_no_french_left() {
        let mut cmd = clap_words(in_english(Cli::command()), Lang::En);
        cmd.build();
        for (path, mut sub) in tree(&cmd) {
            for help in [sub.render_long_help(), sub.render_help()] {
                let help = help.to_string();
                assert!(help.contains("Usage: grille"), "{path}:\n{help}");
                assert!(help.contains("Example"), "{path}:\n{help}");
                for word in FRENCH {
                    assert!(!help.contains(word), "{path}: « {word} » in\n{help}");
                }
            }
        }
    }
}
