//! The English texts of the help, keyed by command path (`"grille referential convert"`)
//! and argument id: the one place where each help text is written in English, as the
//! French doc comments and attributes of `src/cli/*.rs` are the one place in French.

/// What a command says about itself, in English.
pub(super) struct CommandText {
    /// The command's names from the root, separated by spaces (`"grille check"`).
    pub(super) path: &'static str,
    pub(super) about: &'static str,
    /// Shown by `--help` instead of `about`, only where the French shows one too.
    pub(super) long_about: Option<&'static str>,
    /// The examples block after the options.
    pub(super) after_help: Option<&'static str>,
}

pub(super) const COMMANDS: &[CommandText] = &[
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

/// Each argument's help: (command path, argument id, text). As in a doc comment, a text with
/// a blank line is a long help (`--help`) whose first paragraph is the summary (`-h`).
pub(super) const ARGS: &[(&str, &str, &str)] = &[
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
pub(super) const VALUES: &[(&str, &str, &str, &str)] = &[
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

/// Value names (`<FICHIER>`) that are French words; the others (`<FORMAT>`, `<N>`,
/// `<SISR|SLAM>`…) read the same in both languages.
pub(super) const VALUE_NAMES: &[(&str, &str)] = &[
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
