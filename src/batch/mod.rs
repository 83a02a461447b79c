//! Batch checks of folders and ZIP archives (`grille batch`).
