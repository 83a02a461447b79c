//! The class summary of a batch (`synthese.xlsx`).
