//! Rosters of candidates (CSV, XLSX, ODS) for `grille blank --roster`.
