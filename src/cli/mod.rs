//! The command line: argument parsing and terminal output. All the work is in the library.

mod batch;
mod blank;
mod check;
mod explain;
mod fix;
mod referential;

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
    after_help = "Exemples :\n  grille check dupont.xlsx\n  grille batch remis.zip -o sortie\n  grille fix dupont.xlsx\n  grille blank --roster classe.csv -o grilles/\n  grille referential show bts-sio-b1\n  grille explain C101"
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
    /// Vérifie des tableaux de synthèse rendus par les candidats.
    #[command(visible_alias = "verifier", visible_alias = "vérifier")]
    Check(check::Args),
    /// Écrit une grille corrigée au format officiel.
    #[command(visible_alias = "corriger")]
    Fix(fix::Args),
    /// Vérifie un dossier ou une archive ZIP de tableaux avant une session.
    #[command(visible_alias = "lot")]
    Batch(batch::Args),
    /// Explique un type de constat ou un code (C101, missing-competence…).
    #[command(visible_alias = "expliquer")]
    Explain(explain::Args),
}

/// clap's own words in French: headings, the help and version flags, on every subcommand.
fn in_french(cmd: clap::Command) -> clap::Command {
    let version = cmd.get_version().is_some();
    let mut cmd = cmd
        .help_template("{about-with-newline}\nUtilisation : {usage}\n\n{all-args}{after-help}")
        .subcommand_help_heading("Commandes")
        .subcommand_value_name("COMMANDE")
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("Affiche l’aide (-h : résumé)"),
        );
    if version {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("Affiche la version"),
        );
    }
    cmd.mut_subcommands(in_french)
}

fn parse() -> Result<Cli, clap::Error> {
    let matches = in_french(Cli::command()).try_get_matches()?;
    Cli::from_arg_matches(&matches)
}

pub fn main() -> ExitCode {
    let cli = match parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
            let _ = e.print();
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
    };
    ExitCode::from(code)
}
