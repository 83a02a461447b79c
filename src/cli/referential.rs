//! `grille referential list | show | convert` (French: `référentiel lister | afficher |
//! convertir`).

use std::io::Write;
use std::path::{Path, PathBuf};

use grille::Lang;
use grille::output::{Inputs, WritePolicy, check_target, write_atomic};
use grille::referential::convert::{Target, convert};
use grille::referential::{embedded, load, outline};

use super::{EXIT_OK, EXIT_USAGE, Global};

#[derive(clap::Args)]
#[command(
    after_help = "Exemples :\n  grille referential list\n  grille referential show bts-sio-b1\n  grille referential show samples/referentials/lp-assr.md\n  grille referential convert bts-sio-b1 --to xlsx -o bts-sio-b1.xlsx\n  grille referential convert lp-assr --to moodle -o lp-assr-moodle.csv"
)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(clap::Subcommand)]
pub enum Action {
    /// Liste les référentiels intégrés (utilisables sans fichier).
    #[command(
        visible_alias = "lister",
        alias = "liste",
        after_help = "Exemple :\n  grille referential list"
    )]
    List,
    /// Affiche le plan d’un référentiel : compétences, éléments par type, sous-éléments.
    #[command(
        visible_alias = "afficher",
        after_help = "Exemples :\n  grille referential show bts-sio-b1\n  grille referential show samples/referentials/bts-sio-b1.html"
    )]
    Show {
        /// Identifiant d’un référentiel intégré (bts-sio-b1, lp-assr) ou chemin d’un fichier
        /// (Markdown, tableau HTML, TSV, JSON du modèle).
        #[arg(value_name = "ID|FICHIER")]
        referential: String,
    },
    /// Convertit un référentiel : JSON, Markdown, CSV, classeur XLSX, Moodle, CASE.
    #[command(
        visible_alias = "convertir",
        after_help = "Exemples :\n  grille referential convert bts-sio-b1 --to json\n  grille referential convert bts-sio-b1 --to xlsx -o bts-sio-b1.xlsx\n  grille referential convert lp-assr --to moodle -o lp-assr-moodle.csv\n  grille referential convert samples/referentials/lp-assr.md --to case -o lp-assr-case.json\n\nLes formats texte s’écrivent sur la sortie standard sans -o ; le classeur XLSX exige -o."
    )]
    Convert(ConvertArgs),
}

#[derive(clap::Args)]
pub struct ConvertArgs {
    /// Identifiant d’un référentiel intégré ou chemin d’un fichier.
    #[arg(value_name = "ID|FICHIER")]
    referential: String,
    /// Format de sortie.
    #[arg(long = "to", short = 't', value_name = "FORMAT")]
    to: Format,
    /// Fichier à écrire (sinon la sortie standard, pour les formats texte).
    #[arg(short = 'o', long = "output", value_name = "FICHIER")]
    output: Option<PathBuf>,
    /// Remplace le fichier de sortie s’il existe déjà (jamais un fichier d’entrée).
    #[arg(long)]
    force: bool,
}

/// The formats of `--to`, as clap shows them.
#[derive(Clone, Copy, clap::ValueEnum)]
pub(super) enum Format {
    /// JSON du modèle (relisible par grille).
    Json,
    /// Plan Markdown lisible (relisible par grille).
    #[value(alias = "md")]
    Markdown,
    /// Une ligne par élément : compétence, intitulé, type, code, texte.
    Csv,
    /// Classeur mis en forme, prêt à imprimer (exige -o).
    Xlsx,
    /// Import de référentiel de compétences Moodle (CSV).
    Moodle,
    /// Paquet 1EdTech CASE 1.1 (JSON).
    Case,
}

impl From<Format> for Target {
    fn from(f: Format) -> Self {
        match f {
            Format::Json => Target::Json,
            Format::Markdown => Target::Markdown,
            Format::Csv => Target::Csv,
            Format::Xlsx => Target::Xlsx,
            Format::Moodle => Target::Moodle,
            Format::Case => Target::Case,
        }
    }
}

pub fn run(args: Args, global: &Global) -> u8 {
    let lang = global.lang;
    match args.action {
        Action::List => {
            let all = embedded::all();
            let width = all.iter().map(|r| r.id.chars().count()).max().unwrap_or(0);
            for r in all {
                println!(
                    "{:width$}  {}  ({})",
                    r.id,
                    r.title,
                    outline::summary(r, lang)
                );
            }
            EXIT_OK
        }
        Action::Show { referential } => match load(&referential) {
            Ok(r) => {
                print!("{}", outline::outline(&r, lang));
                EXIT_OK
            }
            Err(e) => fail(lang, &e.message(lang)),
        },
        Action::Convert(args) => convert_cmd(args, lang),
    }
}

fn convert_cmd(args: ConvertArgs, lang: Lang) -> u8 {
    let target = Target::from(args.to);
    if target.is_binary() && args.output.is_none() {
        return fail(
            lang,
            &lang.pick(
                format!(
                    "le format {} est binaire : indiquer le fichier à écrire avec -o FICHIER",
                    target.name()
                ),
                format!(
                    "the {} format is binary: give the file to write with -o FILE",
                    target.name()
                ),
            ),
        );
    }
    // An embedded id is not a file; a path is an input that must never be overwritten.
    let input: Option<&Path> =
        (embedded::get(&args.referential).is_none()).then(|| Path::new(&args.referential));
    let inputs = Inputs::new(input);
    let policy = WritePolicy {
        force: args.force,
        inputs: &inputs,
    };
    if let Some(out) = &args.output
        && let Err(e) = check_target(out, policy)
    {
        return fail(lang, &e.message(lang));
    }
    let referential = match load(&args.referential) {
        Ok(r) => r,
        Err(e) => return fail(lang, &e.message(lang)),
    };
    let bytes = match convert(&referential, target, lang) {
        Ok(b) => b,
        Err(e) => return fail(lang, &e.message(lang)),
    };
    match &args.output {
        Some(out) => match write_atomic(out, &bytes, policy) {
            Ok(()) => {
                println!(
                    "{}",
                    lang.pick(
                        format!(
                            "{} écrit ({}, {})",
                            out.display(),
                            target.name(),
                            outline::summary(&referential, lang)
                        ),
                        format!(
                            "{} written ({}, {})",
                            out.display(),
                            target.name(),
                            outline::summary(&referential, lang)
                        ),
                    )
                );
                EXIT_OK
            }
            Err(e) => fail(lang, &e.message(lang)),
        },
        None => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error of ours.
            let _ = stdout.write_all(&bytes).and_then(|()| stdout.flush());
            EXIT_OK
        }
    }
}

fn fail(lang: Lang, message: &str) -> u8 {
    super::error(lang, message);
    EXIT_USAGE
}
