//! The corrected grid workbook (`grille fix`): grid, « Rapport », « Contenu d'origine ».
