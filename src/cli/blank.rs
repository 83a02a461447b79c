//! `grille blank` (`vierge`): blank synthesis grids (or jury evaluation grids) for the
//! secretariat, one per candidate of a roster or a single one.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use grille::Lang;
use grille::model::{IdentityKind, Referential};
use grille::output::names::{FileNames, SheetNames};
use grille::output::{Inputs, OutputError, WritePolicy, check_target, write_atomic};
use grille::roster::names::{file_stem, safe_component};
use grille::roster::{Candidate, Roster, read_roster_for};
use grille::template::Template;
use grille::xlsx::evaluation::{evaluation_workbook, write_evaluation_sheet};
use grille::xlsx::grid::{
    GridFill, GridOptions, candidate_subject, document_properties, grid_workbook, write_grid_sheet,
};

use super::{EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, Global};

/// What to write.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    /// Le tableau de synthèse des réalisations professionnelles.
    #[value(alias = "grille", alias = "tableau")]
    Grid,
    /// La grille d’évaluation du jury (indicateurs de performance, niveaux, commentaires).
    #[value(alias = "evaluation", alias = "évaluation")]
    Evaluation,
}

#[derive(clap::Args)]
#[command(after_help = "Exemples :
  grille blank
      une grille vierge du modèle officiel E5 (tableau-de-synthese-2026.xlsx)
  grille blank --name \"DUPONT Jeanne\" --number 0212345678 --option SISR --school \"Lycée Turing\"
      la grille d’un candidat, identité remplie
  grille blank --roster classe-sio2.csv -o grilles/ --session 2026 --school \"Lycée Turing\"
      une grille par candidat de la liste, dans le dossier grilles/
  grille blank --roster classe-sio2.xlsx --one-workbook -o classe.xlsx
      un seul classeur, une feuille par candidat
  grille blank --template bts-sio-e4 --session 2025
      l’ancien modèle (épreuve E4, sessions 2021 à 2025)
  grille blank --template mon-modele.toml
      le modèle d’un établissement (copie modifiée de templates/bts-sio-e5.toml)
  grille blank --kind evaluation --roster classe-sio2.csv -o evaluations/
      les grilles d’évaluation du jury

Modèles intégrés : bts-sio-e5 (officiel, depuis 2026), bts-sio-e4 (officiel, 2021 à 2025),
bts-sio-e5-activites (détaillé : une colonne par activité).
La liste des candidats (CSV séparé par ; ou , en UTF-8 ou Windows-1252, XLSX ou ODS) a une
ligne d’en-tête avec au moins « Nom » et « N° candidat » ; « Prénom », « Option »,
« Établissement » et « E-mail » sont facultatifs.
Statut de sortie : 0 tout est écrit, 1 des lignes de la liste ont été ignorées, 2 erreur
d’utilisation ou fichier illisible.")]
pub struct Args {
    /// Boxed: the options are many, and the subcommand enum stays small.
    #[command(flatten)]
    options: Box<Options>,
}

#[derive(clap::Args)]
pub struct Options {
    /// Fichier à écrire ; avec --roster, le dossier des grilles (ou le classeur avec --one-workbook).
    #[arg(short = 'o', long = "output", value_name = "SORTIE")]
    pub output: Option<PathBuf>,
    /// Liste des candidats (CSV, XLSX, ODS) : une grille par candidat.
    #[arg(long, visible_alias = "liste", value_name = "FICHIER")]
    pub roster: Option<PathBuf>,
    /// Année de session (« SESSION 2026 ») ; par défaut celle du modèle.
    #[arg(long, value_name = "ANNÉE")]
    pub session: Option<String>,
    /// Option cochée (SISR ou SLAM) ; avec --roster, pour les lignes sans option.
    #[arg(long, value_name = "SISR|SLAM")]
    pub option: Option<String>,
    /// Centre de formation ; avec --roster, pour les lignes sans établissement.
    #[arg(long, visible_alias = "etablissement", value_name = "TEXTE")]
    pub school: Option<String>,
    /// NOM et prénom du candidat (sans --roster).
    #[arg(
        long,
        visible_alias = "nom",
        value_name = "TEXTE",
        conflicts_with = "roster"
    )]
    pub name: Option<String>,
    /// N° candidat (sans --roster).
    #[arg(
        long,
        visible_alias = "numero",
        value_name = "TEXTE",
        conflicts_with = "roster"
    )]
    pub number: Option<String>,
    /// Modèle de grille : identifiant intégré ou fichier TOML.
    #[arg(long, visible_alias = "modele", value_name = "ID|FICHIER")]
    pub template: Option<String>,
    /// Référentiel : identifiant intégré ou fichier ; par défaut celui du modèle.
    #[arg(long, visible_alias = "referentiel", value_name = "ID|FICHIER")]
    pub referential: Option<String>,
    /// Tableau de synthèse (grid) ou grille d’évaluation du jury (evaluation).
    #[arg(
        long,
        value_enum,
        default_value = "grid",
        visible_alias = "type",
        value_name = "TYPE"
    )]
    pub kind: Kind,
    /// Avec --roster : un seul classeur, une feuille par candidat.
    #[arg(long, visible_alias = "un-classeur")]
    pub one_workbook: bool,
    /// Mot de passe de la protection des feuilles (par défaut : protégées sans mot de passe).
    #[arg(long, visible_alias = "mot-de-passe", value_name = "MOT")]
    pub password: Option<String>,
    /// Ne protège pas les feuilles (toutes les cellules modifiables).
    #[arg(long, visible_alias = "sans-protection", conflicts_with = "password")]
    pub no_protection: bool,
    /// Remplace les fichiers existants (jamais un fichier d’entrée).
    #[arg(long, visible_alias = "forcer")]
    pub force: bool,
}

/// A usage error or unreadable input: the message, already in the user's language.
struct Usage(String);

/// One thing to write: who it is for, the file or sheet name.
struct Job {
    identity: BTreeMap<IdentityKind, String>,
    name: String,
}

pub fn run(args: Args, global: &Global) -> u8 {
    let lang = global.lang;
    match run_inner(&args.options, lang) {
        Ok(code) => code,
        Err(Usage(message)) => {
            super::error(lang, &message);
            EXIT_USAGE
        }
    }
}

fn load_inputs(args: &Options, lang: Lang) -> Result<(Template, String, Referential), Usage> {
    let (template, origin) = match &args.template {
        Some(t) => (
            Template::load(t).map_err(|e| Usage(e.message(lang)))?,
            t.clone(),
        ),
        None => {
            let by_referential = args
                .referential
                .as_deref()
                .and_then(|r| grille::referential::load(r).ok())
                .and_then(|r| Template::default_for(&r.id));
            let t = by_referential
                .or_else(|| Template::embedded("bts-sio-e5"))
                .ok_or_else(|| Usage("modèle bts-sio-e5 introuvable".into()))?;
            let id = t.id.clone();
            (t, id)
        }
    };
    let referential_id = args
        .referential
        .clone()
        .unwrap_or_else(|| template.referential.clone());
    let referential =
        grille::referential::load(&referential_id).map_err(|e| Usage(e.message(lang)))?;
    template
        .check_referential(&origin, &referential)
        .map_err(|e| Usage(e.message(lang)))?;
    Ok((template, origin, referential))
}

fn canonical_option(template: &Template, option: &str, lang: Lang) -> Result<String, Usage> {
    let key = grille::text::match_key(option);
    template
        .options
        .iter()
        .find(|o| grille::text::match_key(o) == key)
        .cloned()
        .ok_or_else(|| {
            Usage(format!(
                "{} « {option} » ({} {})",
                lang.pick("option inconnue", "unknown option"),
                lang.pick("attendu :", "expected:"),
                template.options.join(lang.pick(" ou ", " or "))
            ))
        })
}

fn run_inner(args: &Options, lang: Lang) -> Result<u8, Usage> {
    let (template, _, referential) = load_inputs(args, lang)?;
    let session = match args.session.as_deref() {
        Some(s) => grille::template::session::parse_session(s)
            .map_err(|e| Usage(e.message(lang)))?
            .to_string(),
        None => template.session().to_string(),
    };
    if let Some(newer) = template.replaced_for(&session) {
        let (old, new) = (&template.id, &newer.id);
        super::error(
            lang,
            &match lang {
                Lang::Fr => format!(
                    "attention : le modèle {old} n’est plus celui de la session {session}, le modèle \
                     officiel est {new} (--template {new}) ; les grilles sont écrites quand même."
                ),
                Lang::En => format!(
                    "warning: the template {old} is no longer the model of session {session}, the \
                     official one is {new} (--template {new}); the grids are written anyway."
                ),
            },
        );
    }
    let option = args
        .option
        .as_deref()
        .map(|o| canonical_option(&template, o, lang))
        .transpose()?;
    let school = args
        .school
        .as_deref()
        .map(grille::text::clean)
        .filter(|s| !s.is_empty());
    let options = GridOptions {
        session: Some(session.clone()),
        protect: !args.no_protection,
        password: args.password.clone(),
        sheet_name: None,
        lang,
    };

    let (jobs, roster) = match &args.roster {
        None => {
            let mut identity = BTreeMap::new();
            let name = args
                .name
                .as_deref()
                .map(grille::text::clean)
                .unwrap_or_default();
            let number = args
                .number
                .as_deref()
                .map(grille::text::clean)
                .unwrap_or_default();
            for (kind, value) in [
                (IdentityKind::Name, Some(name.clone())),
                (IdentityKind::Number, Some(number.clone())),
                (IdentityKind::Option, option.clone()),
                (IdentityKind::School, school.clone()),
            ] {
                if let Some(v) = value.filter(|v| !v.is_empty()) {
                    identity.insert(kind, v);
                }
            }
            let stem = if name.is_empty() && number.is_empty() {
                match args.kind {
                    Kind::Grid => format!("tableau-de-synthese-{}", safe_component(&session, 20)),
                    Kind::Evaluation => {
                        format!("grille-evaluation-{}", safe_component(&session, 20))
                    }
                }
            } else {
                file_stem(&session, option.as_deref(), &name, "", &number)
            };
            (
                vec![Job {
                    identity,
                    name: stem,
                }],
                None,
            )
        }
        Some(path) => {
            let roster = read_roster_for(path, &template.options, &referential)
                .map_err(|e| Usage(e.message(lang)))?;
            let jobs = roster
                .candidates
                .iter()
                .map(|c| candidate_job(c, &session, option.as_deref(), school.as_deref()))
                .collect();
            (jobs, Some((path.clone(), roster)))
        }
    };
    let suffix = match args.kind {
        Kind::Grid => "",
        Kind::Evaluation => "_evaluation",
    };
    let inputs = Inputs::new(args.roster.iter().map(PathBuf::as_path));
    let policy = WritePolicy {
        force: args.force,
        inputs: &inputs,
    };

    // Where each file goes; every target is checked before anything is written.
    let mut written: Vec<PathBuf> = Vec::new();
    let one_file = roster.is_none() || args.one_workbook;
    if one_file {
        let default = match (&roster, args.kind) {
            // The stem of a grid without identity already says what it is.
            (None, _) if args.name.is_none() && args.number.is_none() => format!(
                "{}.xlsx",
                jobs.first().map_or("grille", |j| j.name.as_str())
            ),
            (None, _) => format!(
                "{}{suffix}.xlsx",
                jobs.first().map_or("grille", |j| j.name.as_str())
            ),
            (Some(_), Kind::Grid) => format!("grilles-{}.xlsx", safe_component(&session, 20)),
            (Some(_), Kind::Evaluation) => {
                format!("evaluations-{}.xlsx", safe_component(&session, 20))
            }
        };
        let target = match &args.output {
            Some(o) if o.is_dir() => o.join(default),
            Some(o) => o.clone(),
            None => PathBuf::from(default),
        };
        check_target(&target, policy).map_err(|e| Usage(e.message(lang)))?;
        if roster.is_some() {
            // One sheet per candidate, all held until the workbook is saved.
            grille::roster::limits::check_workbook(jobs.len())
                .map_err(|e| Usage(e.message(lang)))?;
        }
        if jobs.is_empty() {
            return Err(Usage(
                lang.pick(
                    "aucun candidat valide dans la liste : rien n’a été écrit",
                    "no valid candidate in the roster: nothing was written",
                )
                .to_string()
                    + &skipped_lines(roster.as_ref(), lang),
            ));
        }
        let bytes = if roster.is_none() {
            let job = &jobs[0];
            single(args.kind, &template, &referential, &job.identity, &options)
        } else {
            one_workbook(
                args.kind,
                &template,
                &referential,
                &jobs,
                &options,
                &session,
                school.as_deref(),
            )
        }
        .map_err(|e| Usage(xlsx_error(&target, e, lang)))?;
        write_atomic(&target, &bytes, policy).map_err(|e| Usage(e.message(lang)))?;
        written.push(target);
    } else {
        let folder = args.output.clone().unwrap_or_else(|| {
            let what = match args.kind {
                Kind::Grid => "grilles",
                Kind::Evaluation => "evaluations",
            };
            PathBuf::from(format!("{what}-{}", safe_component(&session, 20)))
        });
        if folder.exists() && !folder.is_dir() {
            return Err(Usage(format!(
                "{} : {}",
                folder.display(),
                lang.pick(
                    "avec --roster, la sortie est un dossier (ou ajouter --one-workbook)",
                    "with --roster, the output is a folder (or add --one-workbook)"
                )
            )));
        }
        let mut names = FileNames::default();
        let targets: Vec<PathBuf> = jobs
            .iter()
            .map(|j| folder.join(names.claim(&format!("{}{suffix}", j.name), "xlsx")))
            .collect();
        let refused: Vec<String> = targets
            .iter()
            .filter_map(|t| check_target(t, policy).err())
            .map(|e: OutputError| e.message(lang))
            .collect();
        if !refused.is_empty() {
            return Err(Usage(format!(
                "{}\n  {}",
                lang.pick("rien n’a été écrit :", "nothing was written:"),
                refused.join("\n  ")
            )));
        }
        for (job, target) in jobs.iter().zip(&targets) {
            let bytes = single(args.kind, &template, &referential, &job.identity, &options)
                .map_err(|e| Usage(xlsx_error(target, e, lang)))?;
            write_atomic(target, &bytes, policy).map_err(|e| Usage(e.message(lang)))?;
            written.push(target.clone());
        }
    }

    // Summary.
    let what = match (args.kind, lang) {
        (Kind::Grid, Lang::Fr) => "Grilles écrites",
        (Kind::Grid, Lang::En) => "Grids written",
        (Kind::Evaluation, Lang::Fr) => "Grilles d’évaluation écrites",
        (Kind::Evaluation, Lang::En) => "Evaluation grids written",
    };
    let sep = lang.pick(" : ", ": ");
    if one_file && roster.is_some() {
        println!(
            "{what}{sep}{} ({} {})",
            jobs.len(),
            lang.pick(
                "une feuille par candidat dans",
                "one sheet per candidate in"
            ),
            written
                .first()
                .map(|p| p.display().to_string())
                .unwrap_or_default()
        );
    } else {
        println!("{what}{sep}{}", written.len());
        for path in &written {
            println!("  {}", path.display());
        }
    }
    let skipped = roster.as_ref().map_or(0, |(_, r)| r.skipped.len());
    if skipped > 0 {
        println!(
            "{}{sep}{skipped}{}",
            lang.pick("Lignes ignorées", "Rows skipped"),
            skipped_lines(roster.as_ref(), lang)
        );
        return Ok(EXIT_FINDINGS);
    }
    Ok(EXIT_OK)
}

fn skipped_lines(roster: Option<&(PathBuf, Roster)>, lang: Lang) -> String {
    let Some((path, roster)) = roster else {
        return String::new();
    };
    roster
        .skipped
        .iter()
        .map(|s| format!("\n  {}, {}", path.display(), s.message(lang)))
        .collect()
}

fn candidate_job(c: &Candidate, session: &str, option: Option<&str>, school: Option<&str>) -> Job {
    let mut identity = c.identity();
    if let Some(o) = option {
        identity
            .entry(IdentityKind::Option)
            .or_insert_with(|| o.to_string());
    }
    if let Some(s) = school {
        identity
            .entry(IdentityKind::School)
            .or_insert_with(|| s.to_string());
    }
    let chosen = identity.get(&IdentityKind::Option).map(String::as_str);
    let name = if c.first_name.is_empty() {
        c.name.clone()
    } else {
        c.name.to_uppercase()
    };
    Job {
        name: file_stem(session, chosen, &name, &c.first_name, &c.number),
        identity,
    }
}

fn single(
    kind: Kind,
    template: &Template,
    referential: &Referential,
    identity: &BTreeMap<IdentityKind, String>,
    options: &GridOptions,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    match kind {
        Kind::Grid => {
            let fill = GridFill {
                identity: identity.clone(),
                ..GridFill::default()
            };
            grid_workbook(template, referential, &fill, options).map(|(bytes, _)| bytes)
        }
        Kind::Evaluation => {
            evaluation_workbook(template, referential, identity, options).map(|(bytes, _)| bytes)
        }
    }
}

fn one_workbook(
    kind: Kind,
    template: &Template,
    referential: &Referential,
    jobs: &[Job],
    options: &GridOptions,
    session: &str,
    school: Option<&str>,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let mut sheets = SheetNames::default();
    for job in jobs {
        let wanted = job
            .identity
            .get(&IdentityKind::Name)
            .cloned()
            .unwrap_or_else(|| candidate_subject(&job.identity));
        let sheet_options = GridOptions {
            sheet_name: Some(sheets.claim(&wanted)),
            ..options.clone()
        };
        match kind {
            Kind::Grid => {
                let fill = GridFill {
                    identity: job.identity.clone(),
                    ..GridFill::default()
                };
                write_grid_sheet(&mut workbook, template, referential, &fill, &sheet_options)?;
            }
            Kind::Evaluation => {
                write_evaluation_sheet(
                    &mut workbook,
                    template,
                    referential,
                    &job.identity,
                    &sheet_options,
                )?;
            }
        }
    }
    let title = format!(
        "{} — {}",
        template.title.trim(),
        template.session_label.replace("{session}", session)
    );
    workbook.set_properties(&document_properties(&title, school.unwrap_or(""), ""));
    workbook.save_to_buffer()
}

fn xlsx_error(path: &Path, e: rust_xlsxwriter::XlsxError, lang: Lang) -> String {
    OutputError::Xlsx {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
    .message(lang)
}
