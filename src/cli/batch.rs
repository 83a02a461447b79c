//! `grille batch`.

use super::{EXIT_USAGE, Global};

#[derive(clap::Args)]
pub struct Args {}

pub fn run(_args: Args, _global: &Global) -> u8 {
    EXIT_USAGE
}
