//! `grille batch` (alias `lot`): checks a whole class before an exam session.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use grille::Lang;
use grille::batch::outputs::{Outputs, SHORTLIST, Shortlist, Tally};
use grille::batch::{self, BatchOptions, Limits, Note, write};
use grille::template::Template;

use super::{EXIT_USAGE, Global};

const EXAMPLES: &str = "Exemples :
  grille batch remis.zip -o resultats
      l’archive « Télécharger tous les travaux remis » de Moodle
  grille lot classe-sisr/ classe-slam/ retardataire.xlsx -o session-2026
      des dossiers (lus récursivement) et des fichiers, mélangés
  grille batch remis.zip -o resultats --jobs 2 --no-fix --force
      deux fils de calcul, sans grilles corrigées, en remplaçant les résultats précédents

Sorties dans le dossier -o :
  synthese.xlsx   une ligne par candidat, les constats, la couverture des compétences
  rapport.jsonl   un rapport JSON par fichier (une ligne chacun)
  corriges/       la grille corrigée de chaque fichier lisible

Statut de sortie : 0 tout est valide, 1 des erreurs dans des tableaux, 2 un fichier illisible
ou une erreur d’utilisation.";

#[derive(clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// Dossiers (parcourus récursivement), fichiers de tableur et archives ZIP.
    #[arg(required = true, value_name = "ENTRÉE")]
    pub inputs: Vec<PathBuf>,
    /// Dossier des résultats (créé s’il n’existe pas).
    #[arg(short = 'o', long = "output", value_name = "DOSSIER")]
    pub outdir: PathBuf,
    /// Nombre de fils de calcul (par défaut : tous les cœurs).
    #[arg(short = 'j', long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    /// Ni barre de progression ni bilan (le code de sortie suffit).
    #[arg(short, long)]
    pub quiet: bool,
    /// Ne pas écrire les grilles corrigées (corriges/).
    #[arg(long)]
    pub no_fix: bool,
    /// Référentiel : identifiant intégré ou fichier.
    #[arg(long, value_name = "ID|FICHIER", default_value = "bts-sio-b1")]
    pub referential: String,
    /// Modèle de grille : identifiant intégré ou fichier TOML (par défaut, celui du référentiel).
    #[arg(long, value_name = "ID|FICHIER")]
    pub template: Option<String>,
    /// Remplacer les résultats d’une exécution précédente.
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: Args, global: &Global) -> u8 {
    let lang = global.lang;
    let referential = match grille::referential::load(&args.referential) {
        Ok(r) => r,
        Err(e) => return usage(&e.message(lang)),
    };
    let template = match &args.template {
        Some(t) => match Template::load(t) {
            Ok(t) => t,
            Err(e) => return usage(&e.message(lang)),
        },
        None => match Template::default_for(&referential.id) {
            Some(t) => t,
            None => {
                return usage(&match lang {
                    Lang::Fr => format!(
                        "aucun modèle de grille intégré pour le référentiel {} : préciser --template",
                        referential.id
                    ),
                    Lang::En => format!(
                        "no built-in grid template for referential {}: give --template",
                        referential.id
                    ),
                });
            }
        },
    };
    if args.outdir.exists() && !args.outdir.is_dir() {
        return usage(&match lang {
            Lang::Fr => format!("{} : existe et n’est pas un dossier", args.outdir.display()),
            Lang::En => format!("{}: exists and is not a folder", args.outdir.display()),
        });
    }

    let collection = batch::input::collect(
        &args.inputs,
        &Limits::default(),
        &[args.outdir.clone(), args.outdir.join(write::CORRECTED_DIR)],
    );
    if collection.files.is_empty() {
        for note in &collection.notes {
            eprintln!("{}", note.message(lang));
        }
        return usage(lang.pick(
            "aucun classeur à vérifier dans les entrées",
            "no spreadsheet to check in the inputs",
        ));
    }

    // Refused (an existing synthese.xlsx without --force…) before any sheet is checked.
    let mut outputs = match Outputs::open(
        &args.outdir,
        &collection.read_paths,
        &referential,
        lang,
        args.force,
        !args.no_fix,
    ) {
        Ok(o) => o,
        Err(e) => return usage(&e.message(lang)),
    };
    let staging = outputs.staging();
    let mut options = BatchOptions::new(&referential, &template);
    options.lang = lang;
    options.jobs = args.jobs.map(usize::from);
    options.fix = !args.no_fix;
    // Only the outputs are wanted, not the reports themselves: keep them compact, write
    // each one as it comes.
    options.compact = true;
    options.staging = staging.as_deref();

    let bar = (!args.quiet && std::io::stderr().is_terminal())
        .then(|| progress_bar(collection.files.len()));
    let finished = batch::run_streaming(
        collection,
        &options,
        &|p| {
            if let Some(bar) = &bar {
                bar.set_position(p.done as u64);
                bar.set_message(short_name(p.file));
            }
        },
        &mut |item| outputs.push(&item),
    );
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    drop(staging);
    let finished = match finished {
        Ok(f) => f,
        Err(e) => return usage(&e.message(lang)),
    };

    let (written, tally) = match outputs.finish(&finished.notes) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("grille : {}", e.message(lang));
            return EXIT_USAGE;
        }
    };
    if !args.quiet {
        print_summary(
            &tally,
            &finished.notes,
            &args.outdir,
            written.corrected,
            lang,
        );
    }
    tally.exit_status()
}

fn usage(message: &str) -> u8 {
    eprintln!("grille : {message}");
    EXIT_USAGE
}

fn progress_bar(total: usize) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(total as u64);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {elapsed} {wide_msg}")
    {
        bar.set_style(style.progress_chars("█▌ "));
    }
    bar
}

/// The last part of a file name, for the progress bar's one line.
fn short_name(file: &str) -> String {
    file.rsplit(['/', '\\']).next().unwrap_or(file).to_string()
}

/// The first lines of a list (as many as the library keeps), then « … et N autres ».
fn print_list(list: &Shortlist, lang: Lang) {
    for line in list.first.iter().take(SHORTLIST) {
        println!("  {line}");
    }
    if list.count > SHORTLIST {
        let more = list.count - SHORTLIST;
        match lang {
            Lang::Fr => println!("  … et {more} autres (voir synthese.xlsx)"),
            Lang::En => println!("  … and {more} more (see synthese.xlsx)"),
        }
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n > 1 { many } else { one })
}

fn print_summary(tally: &Tally, notes: &[Note], outdir: &Path, corrected: usize, lang: Lang) {
    let total = tally.total;
    match lang {
        Lang::Fr => println!(
            "{} : {}, {}, {}.",
            plural(total, "tableau vérifié", "tableaux vérifiés"),
            plural(tally.valid, "valide", "valides"),
            plural(tally.with_errors, "avec des erreurs", "avec des erreurs"),
            plural(tally.unreadable, "illisible", "illisibles"),
        ),
        Lang::En => println!(
            "{} checked: {} valid, {} with errors, {} unreadable.",
            plural(total, "sheet", "sheets"),
            tally.valid,
            tally.with_errors,
            tally.unreadable,
        ),
    }
    if tally.unreadable_reasons.count > 0 {
        println!(
            "{}",
            lang.pick("Illisibles (à redemander) :", "Unreadable (ask again):")
        );
        print_list(&tally.unreadable_reasons, lang);
    }
    if tally.missing.count > 0 {
        println!(
            "{}",
            lang.pick(
                "Aucun tableau remis (à redemander) :",
                "No grid handed in (ask again):"
            )
        );
        print_list(&tally.missing, lang);
    }
    if tally.fix_errors.count > 0 {
        println!(
            "{}",
            lang.pick(
                "Grilles corrigées impossibles :",
                "Corrected grids not built:"
            )
        );
        print_list(&tally.fix_errors, lang);
    }
    if !notes.is_empty() {
        match lang {
            Lang::Fr => println!(
                "{} :",
                plural(notes.len(), "fichier ignoré", "fichiers ignorés")
            ),
            Lang::En => println!("{} skipped:", plural(notes.len(), "file", "files")),
        }
        let mut list = Shortlist::default();
        for note in notes {
            list.add(&note.message(lang));
        }
        print_list(&list, lang);
    }
    let dir = outdir.display();
    match lang {
        Lang::Fr => {
            println!("Résultats dans {dir} :");
            println!("  {:<14} synthèse de la classe", write::SUMMARY);
            println!("  {:<14} un rapport JSON par fichier", write::JSONL);
            if corrected > 0 {
                println!(
                    "  {:<14} {}",
                    format!("{}/", write::CORRECTED_DIR),
                    plural(corrected, "grille corrigée", "grilles corrigées")
                );
            }
        }
        Lang::En => {
            println!("Results in {dir}:");
            println!("  {:<14} class summary", write::SUMMARY);
            println!("  {:<14} one JSON report per file", write::JSONL);
            if corrected > 0 {
                println!(
                    "  {:<14} {}",
                    format!("{}/", write::CORRECTED_DIR),
                    plural(corrected, "corrected grid", "corrected grids")
                );
            }
        }
    }
}
