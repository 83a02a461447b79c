//! The help in English (`--lang en`). The French doc comments and attributes of `src/cli/*.rs`
//! stay the source of the command line; this module replaces every text a user reads in
//! `--help` by its English counterpart from the tables of `english/texts.rs`, keyed by command
//! path (`"grille referential convert"`) and argument id. The tests walk the whole command tree,
//! so that a new argument without English, or an entry for an argument that is gone, fails.

use std::marker::PhantomData;

use clap::builder::{EnumValueParser, PossibleValue, Str, TypedValueParser, ValueParser};
use clap::{Arg, Command, ValueEnum};

mod texts;

use texts::{ARGS, COMMANDS, VALUE_NAMES, VALUES};

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

/// The same command line, every help text in English. clap's own words (« Utilisation »,
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
    use super::texts::CommandText;
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
