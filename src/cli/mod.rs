//! The command line: argument parsing and terminal output. All the work is in the library.

mod batch;
mod blank;
mod check;
mod english;
mod explain;
mod fix;
mod referential;
mod serve;

use std::process::ExitCode;

use clap::{Arg, ArgAction, CommandFactory, FromArgMatches, Parser, Subcommand};
use grille::Lang;

/// Exit status (design.md): 0 nothing found, 1 findings, 2 usage error or unreadable input.
pub const EXIT_OK: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

#[derive(Parser)]
#[command(
    name = "grille",
    version,
    about = "Vérifie, génère et corrige les tableaux de synthèse du BTS SIO",
    long_about = "grille vérifie les tableaux de synthèse des réalisations professionnelles (BTS SIO) \
par rapport au référentiel officiel, génère des grilles vierges pour le secrétariat et \
écrit des grilles corrigées.",
    after_help = "Exemples :\n  grille check dupont.xlsx\n  grille batch remis.zip -o sortie\n  grille fix dupont.xlsx\n  grille blank --roster classe.csv -o grilles/\n  grille referential show bts-sio-b1\n  grille explain C101\n  grille serve --open"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Options common to every subcommand.
#[derive(clap::Args, Clone)]
pub struct Global {
    /// Langue des messages (fr ou en).
    #[arg(long, global = true, default_value = "fr", value_name = "fr|en")]
    pub lang: Lang,
}

#[derive(Subcommand)]
pub enum Command {
    /// Référentiels : lister, afficher, convertir.
    #[command(visible_alias = "referentiel", visible_alias = "référentiel")]
    Referential(referential::Args),
    /// Grilles vierges pour le secrétariat, une par candidat.
    #[command(visible_alias = "vierge")]
    Blank(blank::Args),
    // `about` rather than a doc comment: a doc comment would also clear the long
    // description (exit statuses…) that `check::Args` gives for `--help`.
    #[command(
        about = "Vérifie des tableaux de synthèse rendus par les candidats",
        visible_alias = "verifier",
        visible_alias = "vérifier"
    )]
    Check(check::Args),
    #[command(
        about = "Écrit une grille corrigée au format officiel",
        visible_alias = "corriger"
    )]
    Fix(fix::Args),
    /// Vérifie un dossier ou une archive ZIP de tableaux avant une session.
    #[command(visible_alias = "lot")]
    Batch(batch::Args),
    /// Explique un type de constat ou un code (C101, missing-competence…).
    #[command(visible_alias = "expliquer")]
    Explain(explain::Args),
    #[command(
        about = "Page web locale : déposer des tableaux, lire les rapports, télécharger les corrections",
        visible_alias = "page"
    )]
    Serve(serve::Args),
}

/// Prints an error on stderr, after the program's name, with the punctuation of the
/// language (« grille : … » in French, « grille: … » in English).
pub fn error(lang: Lang, message: &str) {
    eprintln!("grille{} {message}", lang.pick(" :", ":"));
}

/// clap's own words in the user's language: the usage line, the heading of subcommands, the
/// help and version flags, on every subcommand.
fn clap_words(cmd: clap::Command, lang: Lang) -> clap::Command {
    let version = cmd.get_version().is_some();
    let mut cmd = cmd
        .help_template(lang.pick(
            "{about-with-newline}\nUtilisation : {usage}\n\n{all-args}{after-help}",
            "{about-with-newline}\n{usage-heading} {usage}\n\n{all-args}{after-help}",
        ))
        .subcommand_help_heading(lang.pick("Commandes", "Commands"))
        .subcommand_value_name(lang.pick("COMMANDE", "COMMAND"))
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(lang.pick(
                    "Affiche l’aide (-h : résumé)",
                    "Shows the help (-h: summary)",
                )),
        );
    if version {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(lang.pick("Affiche la version", "Shows the version")),
        );
    }
    if lang == Lang::Fr {
        cmd = cmd.mut_args(values_in_french);
    }
    cmd.mut_subcommands(|sub| clap_words(sub, lang))
}

/// The possible and default values of an option, which clap lists in English (« Possible
/// values: », « [default: fr] »), written in French into its help instead.
fn values_in_french(arg: Arg) -> Arg {
    if !arg.get_action().takes_values() || arg.is_hide_set() {
        return arg;
    }
    let values: Vec<_> = if arg.is_hide_possible_values_set() {
        Vec::new()
    } else {
        arg.get_possible_values()
            .into_iter()
            .filter(|v| !v.is_hide_set())
            .collect()
    };
    let defaults: Vec<String> = if arg.is_hide_default_value_set() {
        Vec::new()
    } else {
        arg.get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect()
    };
    if values.is_empty() && defaults.is_empty() {
        return arg;
    }
    let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
    let long = arg
        .get_long_help()
        .map(|h| h.to_string())
        .unwrap_or_else(|| help.clone());
    let mut brief = String::new();
    if !values.is_empty() {
        let names: Vec<&str> = values.iter().map(|v| v.get_name()).collect();
        brief.push_str(&format!(" [valeurs possibles\u{a0}: {}]", names.join(", ")));
    }
    if !defaults.is_empty() {
        brief.push_str(&format!(" [par défaut\u{a0}: {}]", defaults.join(", ")));
    }
    let described = values.iter().any(|v| v.get_help().is_some());
    let mut long_text = long;
    if described {
        long_text.push_str("\n\nValeurs possibles\u{a0}:");
        for v in &values {
            match v.get_help() {
                Some(h) => long_text.push_str(&format!("\n- {}\u{a0}: {h}", v.get_name())),
                None => long_text.push_str(&format!("\n- {}", v.get_name())),
            }
        }
        if !defaults.is_empty() {
            long_text.push_str(&format!("\n\n[par défaut\u{a0}: {}]", defaults.join(", ")));
        }
    } else {
        long_text.push_str(&brief);
    }
    arg.hide_possible_values(true)
        .hide_default_value(true)
        .help(format!("{help}{brief}"))
        .long_help(long_text)
}

/// The command line with its help in `lang`: the French of the doc comments, or English.
fn command(lang: Lang) -> clap::Command {
    match lang {
        Lang::Fr => clap_words(Cli::command(), lang),
        Lang::En => clap_words(english::in_english(Cli::command()), lang),
    }
}

/// Parses the command line; its help speaks the language asked for by `--lang`, read before
/// clap parses (`grille check --help --lang en` too).
fn parse(args: &[String]) -> Result<Cli, clap::Error> {
    let matches = command(lang_of_args(args)).try_get_matches()?;
    Cli::from_arg_matches(&matches)
}

pub fn main() -> ExitCode {
    // For the language only: clap reads the arguments themselves, file names not in UTF-8 too.
    let args: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let cli = match parse(&args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
            match usage_error(&e, &args, lang_of_args(&args)) {
                Some(message) => error(lang_of_args(&args), &message),
                // Help, version, and help shown for a missing subcommand: clap's own text,
                // with French typography in French.
                None if lang_of_args(&args) == Lang::Fr && !e.use_stderr() => {
                    use std::io::Write;
                    let text = french_typography(&e.render().ansi().to_string());
                    let _ = write!(anstream::stdout(), "{text}");
                }
                None => {
                    let _ = e.print();
                }
            }
            return ExitCode::from(code);
        }
    };
    let code = match cli.command {
        Command::Referential(args) => referential::run(args, &cli.global),
        Command::Blank(args) => blank::run(args, &cli.global),
        Command::Check(args) => check::run(args, &cli.global),
        Command::Fix(args) => fix::run(args, &cli.global),
        Command::Batch(args) => batch::run(args, &cli.global),
        Command::Explain(args) => explain::run(args, &cli.global),
        Command::Serve(args) => serve::run(args, &cli.global),
    };
    ExitCode::from(code)
}

/// clap's fixed English words in a French help: the headings it writes itself (« Options: »,
/// « Arguments: ») get the French space before their colon, and « [aliases: …] » becomes
/// « [alias : …] »; every space French typography wants unbreakable (before « : ; ! ? »,
/// inside « ») is the non-breaking one. ANSI styles around the words are kept.
fn french_typography(help: &str) -> String {
    static HEADING: std::sync::LazyLock<Option<regex::Regex>> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?m)^((?:\x1b\[[0-9;]*m)*)(Arguments|Options|Commandes):").ok()
    });
    static ALIASES: std::sync::LazyLock<Option<regex::Regex>> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\[((?:\x1b\[[0-9;]*m)*)alias(?:es)?:(\s)").ok()
    });
    let mut text = help.to_string();
    if let Some(re) = HEADING.as_ref() {
        text = re.replace_all(&text, "${1}${2}\u{a0}:").into_owned();
    }
    if let Some(re) = ALIASES.as_ref() {
        text = re.replace_all(&text, "[${1}alias\u{a0}:${2}").into_owned();
    }
    // Every space before « : ; ! ? » and inside « » is the non-breaking one.
    text.replace(" :", "\u{a0}:")
        .replace(" ;", "\u{a0};")
        .replace(" !", "\u{a0}!")
        .replace(" ?", "\u{a0}?")
        .replace("« ", "«\u{a0}")
        .replace(" »", "\u{a0}»")
}

/// The (sub)commands named on a command line, canonical names (`grille vérifier x` →
/// `grille check`), to point at the right `--help`.
fn command_path(args: &[String]) -> Vec<String> {
    use clap::CommandFactory;
    let mut command = Cli::command();
    let mut path = vec!["grille".to_string()];
    let mut words = args.iter().skip(1);
    while let Some(word) = words.next() {
        if word == "--lang" {
            words.next();
            continue;
        }
        if word.starts_with('-') {
            continue;
        }
        let Some(sub) = command
            .get_subcommands()
            .find(|c| c.get_name() == word || c.get_all_aliases().any(|a| a == word))
            .cloned()
        else {
            break;
        };
        path.push(sub.get_name().to_string());
        command = sub;
    }
    path
}

/// The language asked for on a command line clap could not parse (`--lang en`, `--lang=en`),
/// so that even a usage error speaks it.
fn lang_of_args(args: &[String]) -> Lang {
    let mut lang = Lang::Fr;
    for (i, arg) in args.iter().enumerate() {
        let value = match arg.strip_prefix("--lang=") {
            Some(v) => Some(v),
            None if arg == "--lang" => args.get(i + 1).map(String::as_str),
            None => None,
        };
        if let Some(l) = value.and_then(|v| v.parse().ok()) {
            lang = l;
        }
    }
    lang
}

/// A usage error in one line of the user's language, with where to find help; `None` for
/// what clap shows itself (help, version).
fn usage_error(e: &clap::Error, args: &[String], lang: Lang) -> Option<String> {
    use clap::error::{ContextKind, ErrorKind};
    let context = |kind| e.get(kind).map(|v| v.to_string()).unwrap_or_default();
    let arg = context(ContextKind::InvalidArg);
    let value = context(ContextKind::InvalidValue);
    let rendered = e.render().to_string();
    let message = match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => return None,
        ErrorKind::UnknownArgument => lang.pick(
            format!("option ou argument inconnu « {arg} »"),
            format!("unknown option or argument “{arg}”"),
        ),
        ErrorKind::InvalidSubcommand => {
            let name = context(ContextKind::InvalidSubcommand);
            lang.pick(
                format!("commande inconnue « {name} »"),
                format!("unknown command “{name}”"),
            )
        }
        ErrorKind::MissingRequiredArgument => lang.pick(
            format!("argument obligatoire manquant : {arg}"),
            format!("missing required argument: {arg}"),
        ),
        ErrorKind::MissingSubcommand => lang
            .pick("commande manquante", "missing command")
            .to_string(),
        ErrorKind::InvalidValue if value.is_empty() => lang.pick(
            format!("valeur manquante pour {arg}"),
            format!("missing value for {arg}"),
        ),
        ErrorKind::InvalidValue => {
            let valid = context(ContextKind::ValidValue);
            let (fr, en) = if valid.is_empty() {
                (String::new(), String::new())
            } else {
                (
                    format!(" (valeurs possibles : {valid})"),
                    format!(" (possible values: {valid})"),
                )
            };
            lang.pick(
                format!("valeur « {value} » invalide pour {arg}{fr}"),
                format!("invalid value “{value}” for {arg}{en}"),
            )
        }
        // A value our own parser refused: its reason is French (`Lang::from_str`).
        ErrorKind::ValueValidation => {
            let reason = std::error::Error::source(e)
                .map(|r| format!(" : {r}"))
                .unwrap_or_default();
            lang.pick(
                format!("valeur « {value} » invalide pour {arg}{reason}"),
                format!("invalid value “{value}” for {arg}"),
            )
        }
        ErrorKind::ArgumentConflict => {
            let other = context(ContextKind::PriorArg);
            lang.pick(
                format!("{arg} ne peut pas être utilisé avec {other}"),
                format!("{arg} cannot be used with {other}"),
            )
        }
        ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => lang
            .pick(
                format!("nombre de valeurs incorrect pour {arg}"),
                format!("wrong number of values for {arg}"),
            ),
        // Anything rarer: clap's first line, without its « error: » prefix.
        _ => rendered
            .lines()
            .next()
            .unwrap_or_default()
            .trim_start_matches("error: ")
            .to_string(),
    };
    let suggested = e
        .get(ContextKind::SuggestedArg)
        .or_else(|| e.get(ContextKind::SuggestedSubcommand));
    let suggestion = match suggested {
        Some(s) => lang.pick(
            format!(" ; vouliez-vous dire « {s} » ?"),
            format!("; did you mean “{s}”?"),
        ),
        None => String::new(),
    };
    let help = format!("{} --help", command_path(args).join(" "));
    Some(lang.pick(
        format!("{message}{suggestion} (aide : {help})"),
        format!("{message}{suggestion} (help: {help})"),
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn french_typography_of_clap_words() {
        assert_eq!(
            super::french_typography("Options:\n  -h [aliases: a, b]\n\x1b[1mArguments:\x1b[0m"),
            "Options\u{a0}:\n  -h [alias\u{a0}: a, b]\n\x1b[1mArguments\u{a0}:\x1b[0m"
        );
    }

    use super::*;
    use clap::Parser;

    fn error(args: &[&str]) -> String {
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        let e = command(lang_of_args(&args))
            .try_get_matches_from(&args)
            .expect_err("a usage error");
        usage_error(&e, &args, lang_of_args(&args)).expect("a message")
    }

    #[test]
    fn usage_errors_are_one_line_in_the_users_language() {
        assert_eq!(
            error(&["grille", "check", "--strikt", "a.xlsx"]),
            "option ou argument inconnu « --strikt » ; vouliez-vous dire « --strict » ? (aide : grille check --help)"
        );
        assert_eq!(
            error(&["grille", "--lang", "en", "check"]),
            "missing required argument: <FILE>... (help: grille check --help)"
        );
        assert_eq!(
            error(&[
                "grille", "check", "--lang", "en", "a.xlsx", "--format", "xml"
            ]),
            "invalid value “xml” for --format <FORMAT> (possible values: text, json) (help: grille check --help)"
        );
        assert_eq!(
            error(&["grille", "referential", "show", "--lang=en"]),
            "missing required argument: <ID|FILE> (help: grille referential show --help)"
        );
        assert_eq!(
            error(&["grille", "check", "a.xlsx", "--format", "xml"]),
            "valeur « xml » invalide pour --format <FORMAT> (valeurs possibles : text, json) (aide : grille check --help)"
        );
        assert_eq!(
            error(&["grille", "--lang=en", "chek"]),
            "unknown command “chek”; did you mean “check”? (help: grille --help)"
        );
        assert_eq!(
            error(&["grille", "--lang", "de", "check", "a.xlsx"]),
            "valeur « de » invalide pour --lang <fr|en> : langue inconnue « de » (fr ou en) (aide : grille check --help)"
        );
        assert_eq!(
            error(&["grille", "référentiel", "afficher"]),
            "argument obligatoire manquant : <ID|FICHIER> (aide : grille referential show --help)"
        );
        for args in [
            &["grille", "check", "--strikt"][..],
            &["grille", "fix"],
            &["grille", "vérifier", "--lang"],
        ] {
            assert!(!error(args).contains('\n'), "{args:?}");
        }
    }

    #[test]
    fn help_and_version_are_left_to_clap() {
        for args in [
            &["grille", "--help"][..],
            &["grille", "--version"],
            &["grille"],
        ] {
            let e = Cli::try_parse_from(args).err().expect("not a command");
            let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
            assert_eq!(usage_error(&e, &args, Lang::Fr), None, "{args:?}");
        }
    }
}
