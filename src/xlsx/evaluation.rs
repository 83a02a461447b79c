//! The jury's evaluation grid (`grille blank --kind evaluation`).
