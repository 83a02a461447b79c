//! `grille batch` (alias `lot`): checks a whole class before an exam session.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use grille::Lang;
use grille::batch::{self, BatchOptions, BatchResult, Limits, write};
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

    let mut options = BatchOptions::new(&referential, &template);
    options.lang = lang;
    options.jobs = args.jobs.map(usize::from);
    options.fix = !args.no_fix;
    // Only the outputs are wanted, not the reports themselves: keep them compact.
    options.compact = true;

    let bar = (!args.quiet && std::io::stderr().is_terminal())
        .then(|| progress_bar(collection.files.len()));
    let result = batch::run(collection, &options, &|p| {
        if let Some(bar) = &bar {
            bar.set_position(p.done as u64);
            bar.set_message(short_name(p.file));
        }
    });
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let result = match result {
        Ok(r) => r,
        Err(e) => return usage(&e.message(lang)),
    };

    let written = match write::write_outputs(&result, &args.outdir, &referential, lang, args.force)
    {
        Ok(w) => w,
        Err(e) => {
            eprintln!("grille : {}", e.message(lang));
            return EXIT_USAGE;
        }
    };
    if !args.quiet {
        print_summary(&result, &args.outdir, written.corrected, lang);
    }
    result.exit_status()
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

/// How many lines of a list are shown before « … et N autres ».
const LIST_MAX: usize = 10;

fn print_list(lines: &[String], lang: Lang) {
    for line in lines.iter().take(LIST_MAX) {
        println!("  {line}");
    }
    if lines.len() > LIST_MAX {
        let more = lines.len() - LIST_MAX;
        match lang {
            Lang::Fr => println!("  … et {more} autres (voir synthese.xlsx)"),
            Lang::En => println!("  … and {more} more (see synthese.xlsx)"),
        }
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n > 1 { many } else { one })
}

fn print_summary(result: &BatchResult, outdir: &Path, corrected: usize, lang: Lang) {
    let total = result.items.len();
    match lang {
        Lang::Fr => println!(
            "{} : {}, {}, {}.",
            plural(total, "tableau vérifié", "tableaux vérifiés"),
            plural(result.valid(), "valide", "valides"),
            plural(result.with_errors(), "avec des erreurs", "avec des erreurs"),
            plural(result.unreadable(), "illisible", "illisibles"),
        ),
        Lang::En => println!(
            "{} checked: {} valid, {} with errors, {} unreadable.",
            plural(total, "sheet", "sheets"),
            result.valid(),
            result.with_errors(),
            result.unreadable(),
        ),
    }
    let unreadable: Vec<String> = result
        .items
        .iter()
        .filter_map(|i| i.outcome.as_ref().err().map(|u| u.reason.clone()))
        .collect();
    if !unreadable.is_empty() {
        println!(
            "{}",
            lang.pick("Illisibles (à redemander) :", "Unreadable (ask again):")
        );
        print_list(&unreadable, lang);
    }
    let missing: Vec<String> = result
        .items
        .iter()
        .filter(|i| grille::batch::submissions::is_missing(i))
        .map(|i| i.candidate_name().unwrap_or(&i.file).to_string())
        .collect();
    if !missing.is_empty() {
        println!(
            "{}",
            lang.pick(
                "Aucun tableau remis (à redemander) :",
                "No grid handed in (ask again):"
            )
        );
        print_list(&missing, lang);
    }
    let fix_errors: Vec<String> = result
        .items
        .iter()
        .filter_map(|i| i.fix_error.clone())
        .collect();
    if !fix_errors.is_empty() {
        println!(
            "{}",
            lang.pick(
                "Grilles corrigées impossibles :",
                "Corrected grids not built:"
            )
        );
        print_list(&fix_errors, lang);
    }
    if !result.notes.is_empty() {
        match lang {
            Lang::Fr => println!(
                "{} :",
                plural(result.notes.len(), "fichier ignoré", "fichiers ignorés")
            ),
            Lang::En => println!("{} skipped:", plural(result.notes.len(), "file", "files")),
        }
        let notes: Vec<String> = result.notes.iter().map(|n| n.message(lang)).collect();
        print_list(&notes, lang);
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
