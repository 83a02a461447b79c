//! The referential as a formatted workbook (`grille referential convert --to xlsx`).
