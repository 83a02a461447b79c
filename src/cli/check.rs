//! `grille check`: checks submitted synthesis grids and prints one report per file.

use std::io::Write;
use std::ops::ControlFlow;
use std::path::PathBuf;

use anstream::{AutoStream, ColorChoice};
use grille::check::{CheckOptions, default_template, report_file};
use grille::report::text::{TextOptions, render};
use grille::template::Template;

use super::{EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, Global};

/// Report formats.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Texte pour les enseignants (par défaut).
    Text,
    /// Un objet JSON par fichier, un par ligne.
    Json,
}

#[derive(clap::Args)]
#[command(
    long_about = "Vérifie des tableaux de synthèse rendus par les candidats : trouve la grille dans \
le classeur, la compare au référentiel et signale, cellule par cellule, ce qui manque ou est mal placé.\n\n\
Statut de sortie : 0 rien à signaler (ou seulement des avertissements), 1 erreurs (ou avertissements \
avec --strict), 2 fichier illisible ou usage incorrect. Tous les fichiers sont vérifiés, même si l’un \
d’eux est illisible.",
    after_help = "Exemples :\n  grille check dupont.xlsx\n  grille vérifier remis/*.xlsx --strict\n  grille check remis/*.xlsx --jobs 2\n  grille check dupont.ods --format json > rapport.json\n  grille check dupont.xlsx --lang en\n  grille check grille.xlsx --referential mon-referentiel.tsv --template mon-modele.toml\n\nPour comprendre un constat : grille explain C101"
)]
pub struct Args {
    /// Fichiers à vérifier (XLSX, XLSM, XLS, ODS ou CSV).
    #[arg(required = true, value_name = "FICHIER")]
    pub files: Vec<PathBuf>,
    /// Format du rapport : texte, ou JSON (un objet par fichier, un par ligne).
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Les avertissements font aussi échouer la vérification (statut 1).
    #[arg(long)]
    pub strict: bool,
    /// Référentiel : identifiant intégré ou fichier.
    #[arg(long, default_value = "bts-sio-b1", value_name = "ID|FICHIER")]
    pub referential: String,
    /// Modèle de grille : identifiant intégré ou fichier TOML (par défaut, celui du référentiel).
    #[arg(long, value_name = "ID|FICHIER")]
    pub template: Option<String>,
    /// Nombre de fils de calcul (par défaut : tous les cœurs) ; l’ordre des rapports ne change pas.
    #[arg(short = 'j', long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
}

pub fn run(args: Args, global: &Global) -> u8 {
    let lang = global.lang;
    let referential = match grille::referential::load(&args.referential) {
        Ok(r) => r,
        Err(e) => {
            super::error(lang, &e.message(lang));
            return EXIT_USAGE;
        }
    };
    let template = match &args.template {
        Some(t) => match Template::load(t) {
            Ok(t) => t,
            Err(e) => {
                super::error(lang, &e.message(lang));
                return EXIT_USAGE;
            }
        },
        None => match default_template(&referential) {
            Some(t) => t,
            None => {
                super::error(
                    lang,
                    lang.pick(
                        "aucun modèle de grille disponible ; indiquer --template FICHIER",
                        "no grid template available; pass --template FILE",
                    ),
                );
                return EXIT_USAGE;
            }
        },
    };
    if template.referential != referential.id {
        super::error(
            lang,
            &match lang {
                grille::Lang::Fr => format!(
                    "attention, le modèle « {} » est prévu pour le référentiel {}, pas pour {}",
                    template.id, template.referential, referential.id
                ),
                grille::Lang::En => format!(
                    "warning: template “{}” is meant for referential {}, not {}",
                    template.id, template.referential, referential.id
                ),
            },
        );
    }
    let options = CheckOptions {
        referential: &referential,
        template: &template,
        lang,
    };
    let color = AutoStream::choice(&std::io::stdout()) != ColorChoice::Never;
    // Without colour there is nothing for anstream to strip: its escape-code parser on every
    // small write of the JSON serialiser was 5 % of a check (callgrind). One buffer, flushed
    // after each report, so that each report still shows as soon as it is checked.
    let mut out: Box<dyn Write> = if color {
        Box::new(anstream::stdout().lock())
    } else {
        Box::new(std::io::BufWriter::new(std::io::stdout().lock()))
    };
    let (mut unreadable, mut failed, mut printed, mut closed) = (false, false, 0usize, false);
    // Files are checked on every core; reports are printed in the order the files were given,
    // the same bytes as one thread. Only the report is kept: see `report_file`.
    grille::parallel::ordered_for_each(
        &args.files,
        args.jobs.map(usize::from),
        |path| report_file(path, options),
        |path, result| {
            let report = match result {
                Ok(report) => report,
                Err(e) => {
                    let message = e.message(lang);
                    unreadable = true;
                    if args.format == Format::Json {
                        // One object per file named, in order, readable or not (design.md): a
                        // script reading the JSON Lines gets the cause without parsing stderr.
                        let stand_in = grille::batch::unreadable_report(
                            &path.display().to_string(),
                            &message,
                            &referential.id,
                            lang,
                        );
                        if grille::report::json::write_line(&stand_in, &mut out).is_err() {
                            closed = true;
                            return ControlFlow::Break(());
                        }
                        printed += 1;
                    }
                    let _ = out.flush();
                    super::error(lang, &message);
                    return ControlFlow::Continue(());
                }
            };
            failed |= report.fails(args.strict);
            let written = match args.format {
                Format::Json => grille::report::json::write_line(&report, &mut out),
                Format::Text => {
                    let separator = if printed > 0 { "\n" } else { "" };
                    let text = render(&report, Some(&referential), TextOptions { lang, color });
                    write!(out, "{separator}{text}")
                }
            };
            if written.and_then(|()| out.flush()).is_err() {
                // Closed pipe (`grille check … | head`): nothing more can be shown.
                closed = true;
                return ControlFlow::Break(());
            }
            printed += 1;
            ControlFlow::Continue(())
        },
    );
    if closed {
        return EXIT_USAGE;
    }
    let _ = out.flush();
    if unreadable {
        EXIT_USAGE
    } else if failed {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}
