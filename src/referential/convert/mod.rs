//! Converters from the model to other formats (`grille referential convert --to …`).
