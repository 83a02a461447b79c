//! `grille serve` (alias `page`): starts the local web page and says where it is.

use grille::Lang;
use grille::serve::{self, ServeOptions};

use super::{EXIT_USAGE, Global};

#[derive(clap::Args)]
#[command(
    long_about = "Démarre une page web sur cet ordinateur (127.0.0.1 seulement) : on y dépose des \
tableaux de synthèse, ou l’archive ZIP de Moodle, et l’on obtient les rapports, les grilles corrigées \
et la synthèse de la classe. Les fichiers ne quittent pas l’ordinateur et rien n’en reste sur le disque \
après la réponse.\n\n\
Les autres outils peuvent utiliser les mêmes vérifications : POST /api/check (JSON de `grille check \
--format json`, un tableau), /api/fix (grille corrigée, ou ZIP pour plusieurs fichiers), /api/batch \
(le ZIP qu’écrirait `grille batch -o`), /api/summary (synthese.xlsx), fichiers dans le champ «\u{a0}files\u{a0}».",
    after_help = "Exemples :\n  grille serve\n  grille serve --open\n  grille page --port 9000 --max-upload 200"
)]
pub struct Args {
    /// Port à essayer d’abord (les suivants s’il est pris ; 0 : un port libre au choix du système).
    #[arg(long, default_value_t = serve::DEFAULT_PORT, value_name = "N")]
    pub port: u16,
    /// Ouvre la page dans le navigateur par défaut.
    #[arg(long)]
    pub open: bool,
    /// Taille maximale d’un envoi, en Mo.
    #[arg(long, default_value_t = serve::DEFAULT_MAX_UPLOAD >> 20, value_name = "N",
          value_parser = clap::value_parser!(u64).range(1..=4096))]
    pub max_upload: u64,
}

pub fn run(args: Args, global: &Global) -> u8 {
    let lang = global.lang;
    let options = ServeOptions {
        port: args.port,
        max_upload: args.max_upload << 20,
        ..ServeOptions::default()
    };
    let server = match serve::bind(options) {
        Ok(server) => server,
        Err(e) => {
            super::error(lang, &e.message(lang));
            return EXIT_USAGE;
        }
    };
    let url = server.url();
    let port = server.local_addr().port();
    if args.port != 0 && port != args.port {
        match lang {
            Lang::Fr => println!("Le port {} est pris : grille prend le {port}.", args.port),
            Lang::En => println!("Port {} is taken: grille uses {port}.", args.port),
        }
    }
    match lang {
        Lang::Fr => println!("Page de grille ouverte sur {url} (Ctrl+C pour arrêter)"),
        Lang::En => println!("grille’s page is at {url} (Ctrl+C to stop)"),
    }
    if args.open
        && let Err(e) = open_browser(&url)
    {
        let reason = grille::input::io_reason(&e, lang);
        super::error(
            lang,
            &lang.pick(
                format!("impossible d’ouvrir le navigateur ({reason}) : ouvrir {url} à la main"),
                format!("cannot open the browser ({reason}): open {url} by hand"),
            ),
        );
    }
    match server.run() {
        Ok(()) => super::EXIT_OK,
        Err(e) => {
            super::error(lang, &e.message(lang));
            EXIT_USAGE
        }
    }
}

/// The system's own opener: `xdg-open`, `open` (macOS) or `start` (Windows). The child is
/// left to run; its output is not ours to show.
fn open_browser(url: &str) -> std::io::Result<()> {
    use std::process::{Command, Stdio};
    let mut command = if cfg!(target_os = "windows") {
        let mut c = Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else if cfg!(target_os = "macos") {
        Command::new("open")
    } else {
        Command::new("xdg-open")
    };
    command
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map(drop)
}
