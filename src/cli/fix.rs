//! `grille fix` (`grille corriger`): writes a corrected grid in the official layout.

use std::io::Write;
use std::path::{Path, PathBuf};

use grille::Lang;
use grille::check::{CheckOptions, check_file};
use grille::fix::{FixOptions, Fixed, fix};
use grille::model::Referential;
use grille::output::{Inputs, WritePolicy, check_target, write_atomic};
use grille::template::Template;

use super::{EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, Global};

#[derive(clap::Args)]
#[command(
    about = "Écrit une grille corrigée au format officiel",
    long_about = "Lit un tableau de synthèse comme `grille check`, puis écrit une grille corrigée au format \
du modèle officiel, quelle que soit la disposition utilisée par le candidat. Chaque cellule modifiée est \
surlignée (vert : corrigée, orange : à vérifier) et porte une note avec la valeur d’origine et la raison. \
La feuille «\u{a0}Rapport\u{a0}» liste les constats avec un lien vers leur cellule ; la feuille «\u{a0}Contenu d'origine\u{a0}» \
garde chaque cellule du candidat à son adresse d’origine. Le fichier d’entrée n’est jamais modifié.\n\n\
Statut de sortie : 0 tout est corrigé, 1 il reste des points que grille ne peut pas corriger (compétence \
manquante, période illisible, nom vide…), 2 fichier illisible ou erreur d’utilisation.",
    after_help = "Exemples :\n  grille fix dupont.xlsx\n  grille corriger dupont.xlsx -o corrigés/dupont.xlsx\n  grille fix dupont.ods --force --lang en"
)]
pub struct Args {
    /// Tableau de synthèse à corriger (XLSX, XLSM, XLS, ODS ou CSV) ; plusieurs avec -o DOSSIER.
    #[arg(id = "file", value_name = "FICHIER", required = true, num_args = 1..)]
    pub files: Vec<PathBuf>,
    /// Fichier XLSX à écrire (par défaut : <nom>-corrige.xlsx à côté du fichier lu) ; avec plusieurs fichiers, le dossier où les écrire.
    #[arg(short, long, value_name = "FICHIER")]
    pub output: Option<PathBuf>,
    /// Remplace le fichier de sortie s’il existe déjà (jamais le fichier lu).
    #[arg(long)]
    pub force: bool,
    /// Référentiel : identifiant intégré ou fichier (par défaut : bts-sio-b1).
    #[arg(long, value_name = "ID|FICHIER")]
    pub referential: Option<String>,
    /// Modèle de grille : identifiant intégré ou fichier TOML (par défaut, celui du référentiel).
    #[arg(long, value_name = "ID|FICHIER")]
    pub template: Option<String>,
}

/// `<stem>-corrige.xlsx` beside the input.
fn default_output(input: &Path) -> PathBuf {
    let stem = input
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "grille".into());
    input.with_file_name(format!("{stem}-corrige.xlsx"))
}

fn load(args: &Args, lang: Lang) -> Result<(Referential, Template), String> {
    let template = match &args.template {
        Some(t) => Some(Template::load(t).map_err(|e| e.message(lang))?),
        None => None,
    };
    let referential_id = args
        .referential
        .clone()
        .or_else(|| template.as_ref().map(|t| t.referential.clone()))
        .unwrap_or_else(|| "bts-sio-b1".into());
    let referential = grille::referential::load(&referential_id).map_err(|e| e.message(lang))?;
    let template = match template {
        Some(t) => t,
        None => Template::default_for(&referential.id).ok_or_else(|| match lang {
            Lang::Fr => format!(
                "aucun modèle de grille intégré pour le référentiel « {} » : indiquer --template FICHIER",
                referential.id
            ),
            Lang::En => format!(
                "no embedded grid template for the referential “{}”: pass --template FILE",
                referential.id
            ),
        })?,
    };
    Ok((referential, template))
}

/// Where each input's corrected grid goes, or why the command cannot run as given: a folder,
/// or several files without an output folder, are pointed to `grille batch`.
fn targets(args: &Args, lang: Lang) -> Result<Vec<(PathBuf, PathBuf)>, String> {
    let batch_hint = |what: &str| match lang {
        Lang::Fr => format!(
            "{what} : « grille fix » corrige un fichier (ou plusieurs avec -o DOSSIER) ; pour un dossier \
             ou une archive ZIP, « grille batch {what} -o sortie » écrit les grilles corrigées dans \
             sortie/corriges/ avec la synthèse de la classe"
        ),
        Lang::En => format!(
            "{what}: “grille fix” corrects one file (or several with -o FOLDER); for a folder or a ZIP \
             archive, “grille batch {what} -o output” writes the corrected grids in output/corriges/ \
             with the class summary"
        ),
    };
    if let Some(folder) = args.files.iter().find(|f| f.is_dir()) {
        return Err(batch_hint(&folder.display().to_string()));
    }
    match (args.files.as_slice(), &args.output) {
        ([one], output) => Ok(vec![(
            one.clone(),
            output.clone().unwrap_or_else(|| default_output(one)),
        )]),
        (_, Some(dir)) if !dir.is_file() => {
            let mut names = grille::output::names::FileNames::default();
            Ok(args
                .files
                .iter()
                .map(|f| {
                    let stem = f
                        .file_stem()
                        .map_or("grille".into(), |s| s.to_string_lossy());
                    (
                        f.clone(),
                        dir.join(names.claim(&format!("{stem}-corrige"), "xlsx")),
                    )
                })
                .collect())
        }
        (files, _) => Err(match lang {
            Lang::Fr => format!(
                "{} fichiers à corriger : indiquer le dossier où écrire les grilles corrigées \
                 (-o DOSSIER), ou utiliser « grille batch » pour toute une classe",
                files.len()
            ),
            Lang::En => format!(
                "{} files to correct: give the folder to write the corrected grids in \
                 (-o FOLDER), or use “grille batch” for a whole class",
                files.len()
            ),
        }),
    }
}

pub fn run(args: Args, global: &Global) -> u8 {
    let lang = global.lang;
    let (referential, template) = match load(&args, lang) {
        Ok(x) => x,
        Err(message) => {
            super::error(lang, &message);
            return EXIT_USAGE;
        }
    };
    let targets = match targets(&args, lang) {
        Ok(t) => t,
        Err(message) => {
            super::error(lang, &message);
            return EXIT_USAGE;
        }
    };
    if targets.len() > 1
        && let Some(dir) = &args.output
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        let reason = grille::input::io_reason(&e, lang);
        super::error(
            lang,
            &match lang {
                Lang::Fr => format!(
                    "{} : création du dossier impossible ({reason})",
                    dir.display()
                ),
                Lang::En => format!("{}: cannot create the folder ({reason})", dir.display()),
            },
        );
        return EXIT_USAGE;
    }
    let inputs = Inputs::new(args.files.iter().map(PathBuf::as_path));
    let policy = WritePolicy {
        force: args.force,
        inputs: &inputs,
    };
    // The worst status of all files: 2 if one could not be corrected, else 1 if points remain.
    targets
        .iter()
        .map(|(file, output)| fix_one(file, output, policy, (&referential, &template), lang))
        .fold(EXIT_OK, |worst, code| match (worst, code) {
            (EXIT_USAGE, _) | (_, EXIT_USAGE) => EXIT_USAGE,
            (EXIT_FINDINGS, _) | (_, EXIT_FINDINGS) => EXIT_FINDINGS,
            _ => EXIT_OK,
        })
}

/// Corrects one file into `output`; gives its exit status.
fn fix_one(
    file: &Path,
    output: &Path,
    policy: WritePolicy<'_>,
    (referential, template): (&Referential, &Template),
    lang: Lang,
) -> u8 {
    let output = output.to_path_buf();
    // Refuse a bad target before any work.
    if let Err(e) = check_target(&output, policy) {
        super::error(lang, &e.message(lang));
        return EXIT_USAGE;
    }
    let check = CheckOptions {
        referential,
        template,
        lang,
    };
    let checked = match check_file(file, check) {
        Ok(c) => c,
        Err(e) => {
            super::error(lang, &e.message(lang));
            return EXIT_USAGE;
        }
    };
    let options = FixOptions {
        referential,
        template,
        lang,
    };
    let fixed = match fix(&checked, options) {
        Ok(f) => f,
        Err(e) => {
            let colon = lang.pick(" :", ":");
            super::error(
                lang,
                &format!("{}{colon} {}", file.display(), e.message(lang)),
            );
            return EXIT_USAGE;
        }
    };
    if let Err(e) = write_atomic(&output, &fixed.bytes, policy) {
        super::error(lang, &e.message(lang));
        return EXIT_USAGE;
    }
    print_summary(&output, &fixed, lang);
    if fixed.plan.has_remaining_errors() {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

/// The French (or English) account of the correction; a closed pipe (`| head`) is not an error.
fn print_summary(output: &Path, fixed: &Fixed, lang: Lang) {
    let mut out = std::io::stdout().lock();
    let plan = &fixed.plan;
    let _ = writeln!(
        out,
        "{} {}",
        lang.pick("Grille corrigée écrite :", "Corrected grid written:"),
        output.display()
    );
    let cell = |spot: &grille::xlsx::grid::GridSpot| {
        fixed
            .map
            .cells
            .get(spot)
            .map(|p| p.to_string())
            .unwrap_or_default()
    };
    if plan.corrections.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            lang.pick("Rien n’a été corrigé.", "Nothing was corrected.")
        );
    } else {
        let _ = writeln!(
            out,
            "{} ({}){}",
            lang.pick("Corrigé", "Corrected"),
            plan.corrections.len(),
            lang.pick(" :", ":")
        );
        for c in &plan.corrections {
            let origin = c.origin.map(|o| format!(" ← {o}")).unwrap_or_default();
            let _ = writeln!(out, "  {:<6}{:<8} {}", cell(&c.spot), origin, c.reason);
        }
    }
    if let Some(note) = grille::fix::normalised_note(plan.normalised, lang) {
        let _ = writeln!(out, "{note}.");
    }
    if plan.remaining.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            lang.pick(
                "Rien à vérifier : la grille est complète.",
                "Nothing to check: the grid is complete."
            )
        );
    } else {
        let _ = writeln!(
            out,
            "{} ({}){}",
            lang.pick(
                "À vérifier, grille ne peut pas l’inventer",
                "To check, grille cannot invent it"
            ),
            plan.remaining.len(),
            lang.pick(" :", ":")
        );
        for r in &plan.remaining {
            let at = r.spot.as_ref().map(&cell).unwrap_or_default();
            let _ = writeln!(out, "  {:<6}[{}] {}", at, r.severity.label(lang), r.message);
        }
    }
}
