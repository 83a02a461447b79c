//! `grille explain`: what a finding kind checks, why, and how to fix it; without argument,
//! the catalogue.

use grille::Lang;
use grille::rules::FindingKind;

use super::{EXIT_OK, EXIT_USAGE, Global};

#[derive(clap::Args)]
#[command(
    after_help = "Exemples :\n  grille explain\n  grille explain C101\n  grille expliquer missing-competence\n  grille explain invalid-period --lang en"
)]
pub struct Args {
    /// Type de constat (missing-competence…) ou code (C101…) ; sans argument, la liste.
    #[arg(value_name = "TYPE|CODE")]
    pub kind: Option<String>,
}

pub fn run(args: Args, global: &Global) -> u8 {
    let lang = global.lang;
    match args.kind {
        None => {
            print!("{}", catalogue(lang));
            EXIT_OK
        }
        Some(name) => match FindingKind::lookup(&name) {
            Some(kind) => {
                print!("{}", explanation(kind, lang));
                EXIT_OK
            }
            None => {
                eprintln!(
                    "grille : {}",
                    match lang {
                        Lang::Fr =>
                            format!("constat inconnu « {} » ; constats connus :", name.trim()),
                        Lang::En => format!("unknown finding “{}”; known findings:", name.trim()),
                    }
                );
                eprint!("{}", catalogue(lang));
                EXIT_USAGE
            }
        },
    }
}

/// The catalogue as a table: code, name, severity, summary.
fn catalogue(lang: Lang) -> String {
    let name_width = FindingKind::ALL
        .iter()
        .map(|k| k.name().len())
        .max()
        .unwrap_or(0);
    let severity_width = FindingKind::ALL
        .iter()
        .map(|k| k.default_severity().label(lang).chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    let (code, name, severity, summary) = match lang {
        Lang::Fr => ("Code", "Type", "Gravité", "Résumé"),
        Lang::En => ("Code", "Kind", "Severity", "Summary"),
    };
    out.push_str(&format!(
        "{code}  {name:<name_width$}  {severity:<severity_width$}  {summary}\n"
    ));
    for k in FindingKind::ALL {
        out.push_str(&format!(
            "{}  {:<name_width$}  {:<severity_width$}  {}\n",
            k.code(),
            k.name(),
            k.default_severity().label(lang),
            k.explain(lang).summary
        ));
    }
    out
}

/// The full explanation of one kind.
fn explanation(kind: FindingKind, lang: Lang) -> String {
    let e = kind.explain(lang);
    let (severity, what, why, fix) = match lang {
        Lang::Fr => (
            "Gravité par défaut",
            "Ce qui est vérifié",
            "Pourquoi",
            "Comment corriger",
        ),
        Lang::En => ("Default severity", "What it checks", "Why", "How to fix"),
    };
    let colon = lang.pick(" :", ":");
    format!(
        "{} {}\n{severity}{colon} {}\n\n{what}{colon}\n  {}\n\n{why}{colon}\n  {}\n\n{fix}{colon}\n  {}\n",
        kind.code(),
        kind.name(),
        kind.default_severity().label(lang),
        e.summary,
        e.why,
        e.fix
    )
}
