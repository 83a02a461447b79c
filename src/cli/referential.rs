//! `grille referential list | show | convert`.

use grille::Lang;

use super::{EXIT_OK, EXIT_USAGE, Global};

#[derive(clap::Args)]
#[command(
    after_help = "Exemples :\n  grille referential list\n  grille referential show bts-sio-b1"
)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(clap::Subcommand)]
pub enum Action {
    /// Liste les référentiels intégrés.
    #[command(visible_alias = "liste")]
    List,
    /// Affiche le plan d’un référentiel (intégré ou fichier).
    #[command(visible_alias = "afficher")]
    Show {
        /// Identifiant d’un référentiel intégré, ou chemin d’un fichier.
        referential: String,
    },
}

pub fn run(args: Args, global: &Global) -> u8 {
    match args.action {
        Action::List => {
            for r in grille::referential::embedded::all() {
                println!("{}\t{}", r.id, r.title);
            }
            EXIT_OK
        }
        Action::Show { referential } => match grille::referential::load(&referential) {
            Ok(r) => {
                println!("{} — {}", r.id, r.title);
                for c in &r.competences {
                    println!("{} {}", c.code, c.shown_title());
                    for item in &c.items {
                        println!("    {} {}", item.code, item.shown_text());
                    }
                }
                EXIT_OK
            }
            Err(e) => {
                eprintln!("grille : {}", e.message(global.lang));
                let _ = Lang::Fr;
                EXIT_USAGE
            }
        },
    }
}
