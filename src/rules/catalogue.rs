//! The catalogue of finding kinds, like a linter's rules: a stable kebab-case name, a short
//! code for humans, a default severity, and an explanation (what, why, how to fix).
//!
//! Names are a contract (`shared/design.md`, « Finding kinds »): never rename or reuse one.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::Lang;
pub use crate::model::Severity;

macro_rules! catalogue {
    ($( $variant:ident => $name:literal, $code:literal, $severity:ident; )*) => {
        /// Every kind of finding grille can report.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "kebab-case")]
        pub enum FindingKind {
            $( $variant, )*
        }

        impl FindingKind {
            pub const ALL: &'static [FindingKind] = &[ $( FindingKind::$variant, )* ];

            /// The stable kebab-case name (`missing-competence`).
            pub fn name(self) -> &'static str {
                match self { $( FindingKind::$variant => $name, )* }
            }

            /// The short code for humans (`C101`).
            pub fn code(self) -> &'static str {
                match self { $( FindingKind::$variant => $code, )* }
            }

            /// The severity this kind has unless a rule or template says otherwise.
            pub fn default_severity(self) -> Severity {
                match self { $( FindingKind::$variant => Severity::$severity, )* }
            }
        }
    };
}

catalogue! {
    MissingCompetence => "missing-competence", "C101", Error;
    MissingActivity => "missing-activity", "C102", Error;
    MisassignedActivity => "misassigned-activity", "C103", Error;
    TooFewRealisations => "too-few-realisations", "C104", Warning;
    MissingField => "missing-field", "C201", Error;
    UnknownColumn => "unknown-column", "C301", Warning;
    OutdatedReferential => "outdated-referential", "C302", Error;
    OutdatedModel => "outdated-model", "C303", Warning;
    InvalidMark => "invalid-mark", "C401", Error;
    InvalidPeriod => "invalid-period", "C402", Error;
    EmptyTitle => "empty-title", "C403", Error;
    DuplicateRealisation => "duplicate-realisation", "C404", Warning;
    ColourMark => "colour-mark", "C405", Error;
    UnreadableFile => "unreadable-file", "C501", Error;
    MissingSubmission => "missing-submission", "C502", Error;
    IdentityMismatch => "identity-mismatch", "C503", Warning;
}

/// What a kind checks, why it matters, and how to fix it: `grille explain KIND|CODE`.
pub struct Explanation {
    pub summary: &'static str,
    pub why: &'static str,
    pub fix: &'static str,
}

impl FindingKind {
    /// Finds a kind by its name or its code, case-insensitively (`C101`, `missing-competence`).
    pub fn lookup(name_or_code: &str) -> Option<Self> {
        let key = name_or_code.trim();
        Self::ALL
            .iter()
            .copied()
            .find(|k| k.name().eq_ignore_ascii_case(key) || k.code().eq_ignore_ascii_case(key))
    }

    /// The full explanation in the requested language.
    pub fn explain(self, lang: Lang) -> Explanation {
        use FindingKind::*;
        let (fr, en) = match self {
            MissingCompetence => (
                Explanation {
                    summary: "Aucune réalisation titrée ne porte de marque valide pour cette compétence.",
                    why: "Le règlement d’examen exige que l’ensemble des réalisations mobilise toutes les compétences du bloc ; une compétence absente rend le dossier incomplet.",
                    fix: "Cocher (X) la compétence sur la ligne d’une réalisation qui la mobilise vraiment, ou ajouter une réalisation qui la mobilise.",
                },
                Explanation {
                    summary: "No titled réalisation carries a valid mark for this competence.",
                    why: "The exam rules require the réalisations as a whole to mobilise every competence of the block; a missing one makes the file incomplete.",
                    fix: "Mark (X) the competence on the row of a réalisation that really mobilises it, or add such a réalisation.",
                },
            ),
            MissingActivity => (
                Explanation {
                    summary: "Dans une grille détaillée, une activité n’est jamais cochée alors que sa compétence l’est par ailleurs.",
                    why: "La grille détaillée doit montrer chaque activité de la compétence ; une compétence sans aucune marque est signalée une seule fois comme compétence manquante.",
                    fix: "Cocher l’activité sur une réalisation qui la met en œuvre.",
                },
                Explanation {
                    summary: "In a detailed grid, an activity is never marked while its competence is otherwise covered.",
                    why: "A detailed grid must show every activity of the competence; a competence with no mark at all is reported once, as a missing competence.",
                    fix: "Mark the activity on a réalisation that carries it out.",
                },
            ),
            MisassignedActivity => (
                Explanation {
                    summary: "Une activité est placée sous une compétence à laquelle elle n’appartient pas.",
                    why: "Le jury lit les activités sous leur compétence officielle ; la couverture la compte là où elle appartient vraiment.",
                    fix: "Déplacer l’activité sous la compétence indiquée dans la suggestion.",
                },
                Explanation {
                    summary: "An activity is placed under a competence it does not belong to.",
                    why: "The jury reads activities under their official competence; coverage counts it where it truly belongs.",
                    fix: "Move the activity under the competence named in the suggestion.",
                },
            ),
            TooFewRealisations => (
                Explanation {
                    summary: "La grille compte moins de réalisations titrées que le modèle n’en demande.",
                    why: "Beaucoup d’établissements demandent au moins deux réalisations (convention d’école, pas règle officielle : avertissement sauf si le modèle en décide autrement).",
                    fix: "Ajouter des réalisations, chacune avec son intitulé et sa période.",
                },
                Explanation {
                    summary: "The grid has fewer titled réalisations than the template requires.",
                    why: "Many schools require at least two réalisations (a school convention, not an official rule: a warning unless the template says otherwise).",
                    fix: "Add réalisations, each with its title and period.",
                },
            ),
            MissingField => (
                Explanation {
                    summary: "Un champ d’identité obligatoire est vide ou absent.",
                    why: "NOM et prénom, N° candidat et Option identifient le candidat (erreurs) ; Centre de formation et adresse du portfolio sont attendus par le jury (avertissements).",
                    fix: "Renseigner le champ après son libellé, dans la même cellule ; pour l’option, cocher la case (☒ SISR ou ☒ SLAM).",
                },
                Explanation {
                    summary: "A required identity field is empty or absent.",
                    why: "Name, candidate number and option identify the candidate (errors); school and portfolio URL are expected by the jury (warnings).",
                    fix: "Fill the field after its label, in the same cell; for the option, tick the box (☒ SISR or ☒ SLAM).",
                },
            ),
            UnknownColumn => (
                Explanation {
                    summary: "Un intitulé de colonne (ou de ligne, dans la grille transposée) ne correspond à rien dans le référentiel.",
                    why: "Les marques d’une colonne inconnue ne comptent pour aucune compétence.",
                    fix: "Remplacer l’intitulé par le texte officiel proposé, ou supprimer la colonne.",
                },
                Explanation {
                    summary: "A column heading (a row heading in the transposed grid) matches nothing in the referential.",
                    why: "Marks under an unknown column count for no competence.",
                    fix: "Replace the heading with the suggested official text, or remove the column.",
                },
            ),
            OutdatedReferential => (
                Explanation {
                    summary: "La feuille suit un référentiel plus ancien (codes 2011 comme A1.1.1).",
                    why: "Le jury évalue selon le référentiel en vigueur ; une grille ancienne ne peut pas être lue compétence par compétence.",
                    fix: "Reprendre le modèle officiel en vigueur (`grille blank`) ou laisser `grille fix` reporter ce qui peut l’être.",
                },
                Explanation {
                    summary: "The sheet follows an older referential (2011 codes such as A1.1.1).",
                    why: "The jury assesses against the current referential; an old grid cannot be read competence by competence.",
                    fix: "Use the current official model (`grille blank`) or let `grille fix` carry over what it can.",
                },
            ),
            OutdatedModel => (
                Explanation {
                    summary: "La feuille est un ancien modèle officiel pour sa session (« Épreuve E4 », sessions 2021 à 2025, rendu pour la session 2026).",
                    why: "Le ministère change le modèle avec l’épreuve ; le jury attend le modèle de la session. Les compétences du bloc sont les mêmes, la grille reste donc lisible : c’est un avertissement.",
                    fix: "Reporter les réalisations dans le modèle en vigueur (`grille blank`), ou laisser `grille fix` le faire.",
                },
                Explanation {
                    summary: "The sheet is an older official model than its session’s (“Épreuve E4”, sessions 2021 to 2025, handed in for session 2026).",
                    why: "The ministry changes the model with the exam; the jury expects the session's model. The block's competences are the same, so the grid can still be read: a warning.",
                    fix: "Copy the réalisations into the current model (`grille blank`), or let `grille fix` do it.",
                },
            ),
            InvalidMark => (
                Explanation {
                    summary: "Une cellule de marque contient autre chose qu’une marque (X, ✓, oui, 1…).",
                    why: "Un contenu ambigu ne compte jamais comme couverture : le jury ne peut pas l’interpréter.",
                    fix: "Écrire X dans la cellule, ou la vider ; déplacer le commentaire dans l’intitulé de la réalisation.",
                },
                Explanation {
                    summary: "A mark cell holds something that is not a mark (X, ✓, yes, 1…).",
                    why: "Ambiguous content never counts as coverage: the jury cannot read it.",
                    fix: "Write X in the cell, or empty it; move the comment into the réalisation's title.",
                },
            ),
            InvalidPeriod => (
                Explanation {
                    summary: "La période d’une réalisation est vide, incomplète, en toutes lettres, impossible ou à l’envers.",
                    why: "Le modèle officiel demande « JJ/MM/AA au JJ/MM/AA » pour situer chaque réalisation dans la formation.",
                    fix: "Écrire la période sous la forme « 04/09/24 au 18/10/24 ».",
                },
                Explanation {
                    summary: "A réalisation's period is empty, incomplete, in words, impossible or reversed.",
                    why: "The official model asks for “DD/MM/YY au DD/MM/YY” to place each réalisation in the training.",
                    fix: "Write the period as “04/09/24 au 18/10/24”.",
                },
            ),
            EmptyTitle => (
                Explanation {
                    summary: "Une ligne porte des marques mais pas d’intitulé de réalisation.",
                    why: "Une marque sans réalisation ne prouve rien : elle ne compte jamais comme couverture.",
                    fix: "Écrire l’intitulé de la réalisation dans la première colonne, ou effacer les marques.",
                },
                Explanation {
                    summary: "A row carries marks but no réalisation title.",
                    why: "A mark without a réalisation proves nothing: it never counts as coverage.",
                    fix: "Write the réalisation's title in the first column, or clear the marks.",
                },
            ),
            DuplicateRealisation => (
                Explanation {
                    summary: "Même intitulé et même période qu’une réalisation précédente.",
                    why: "Une réalisation recopiée gonfle la grille sans rien prouver de plus.",
                    fix: "Supprimer le doublon ou préciser ce qui distingue les deux réalisations.",
                },
                Explanation {
                    summary: "Same title and same period as an earlier réalisation.",
                    why: "A copied réalisation inflates the grid without proving anything more.",
                    fix: "Remove the duplicate or say what distinguishes the two réalisations.",
                },
            ),
            ColourMark => (
                Explanation {
                    summary: "Une cellule de marque est vide mais colorée : la couleur a sans doute remplacé le X.",
                    why: "Une couleur n’est pas une marque : elle ne se lit pas à l’impression ni en noir et blanc, et ne compte jamais comme couverture. Une ligne colorée comme son intitulé (les parties de la grille en couleurs) n’est pas signalée. Seuls les fichiers XLSX et XLSM donnent leurs couleurs.",
                    fix: "Écrire X dans chaque cellule colorée dont la réalisation mobilise la compétence, puis retirer la couleur si on le souhaite.",
                },
                Explanation {
                    summary: "A mark cell is empty but coloured: the colour probably stands for an X.",
                    why: "A colour is not a mark: it does not show in black-and-white prints and never counts as coverage. A row coloured like its title (grid parts in colours) is not reported. Only XLSX and XLSM files give their colours.",
                    fix: "Write X in each coloured cell whose réalisation mobilises the competence, then remove the colour if wished.",
                },
            ),
            UnreadableFile => (
                Explanation {
                    summary: "Un fichier du lot n’a pas pu être lu (format inconnu, tronqué, protégé, hostile).",
                    why: "Le lot continue sans lui ; il doit être redemandé au candidat.",
                    fix: "Demander au candidat un fichier XLSX ou ODS non protégé, enregistré avec son tableur.",
                },
                Explanation {
                    summary: "A file of the batch could not be read (unknown format, truncated, protected, hostile).",
                    why: "The batch goes on without it; ask the candidate for it again.",
                    fix: "Ask the candidate for an unprotected XLSX or ODS file saved by their spreadsheet program.",
                },
            ),
            MissingSubmission => (
                Explanation {
                    summary: "Un dossier de remise Moodle ne contient aucun tableur (seulement un PDF, un texte en ligne…) : aucun tableau remis.",
                    why: "Le candidat a bien une remise, mais sans tableau de synthèse lisible : sans cette ligne, il disparaîtrait de la synthèse de la classe.",
                    fix: "Demander au candidat son tableau de synthèse au format XLSX ou ODS.",
                },
                Explanation {
                    summary: "A Moodle submission folder holds no spreadsheet (only a PDF, online text…): no grid handed in.",
                    why: "The candidate did submit, but no readable synthesis grid: without this row, they would vanish from the class summary.",
                    fix: "Ask the candidate for their synthesis grid as an XLSX or ODS file.",
                },
            ),
            IdentityMismatch => (
                Explanation {
                    summary: "Le nom écrit dans la grille n’est pas celui du dossier de remise Moodle.",
                    why: "Un candidat a pu remettre la grille d’un autre (un camarade, une ancienne promotion) ; le jury doit recevoir la sienne.",
                    fix: "Vérifier avec le candidat : corriger le nom dans la grille, ou demander sa propre grille.",
                },
                Explanation {
                    summary: "The name written in the grid is not the one of the Moodle submission folder.",
                    why: "A candidate may have handed in someone else’s grid (a classmate’s, a former year’s); the jury must get their own.",
                    fix: "Check with the candidate: correct the name in the grid, or ask for their own grid.",
                },
            ),
        };
        lang.pick(fr, en)
    }
}

impl fmt::Display for FindingKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for FindingKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::lookup(s).ok_or_else(|| format!("constat inconnu « {s} »"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_codes_are_unique_and_kebab_case() {
        let mut names: Vec<_> = FindingKind::ALL.iter().map(|k| k.name()).collect();
        let mut codes: Vec<_> = FindingKind::ALL.iter().map(|k| k.code()).collect();
        names.sort();
        names.dedup();
        codes.sort();
        codes.dedup();
        assert_eq!(names.len(), FindingKind::ALL.len());
        assert_eq!(codes.len(), FindingKind::ALL.len());
        for k in FindingKind::ALL {
            assert!(
                k.name().chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                k.name()
            );
            let json = serde_json::to_string(k).unwrap();
            assert_eq!(json, format!("\"{}\"", k.name()));
        }
    }

    #[test]
    fn lookup_by_name_or_code() {
        assert_eq!(
            FindingKind::lookup("C101"),
            Some(FindingKind::MissingCompetence)
        );
        assert_eq!(
            FindingKind::lookup("c101"),
            Some(FindingKind::MissingCompetence)
        );
        assert_eq!(
            FindingKind::lookup("invalid-period"),
            Some(FindingKind::InvalidPeriod)
        );
        assert_eq!(FindingKind::lookup("nope"), None);
        assert!(
            FindingKind::MissingField
                .explain(Lang::Fr)
                .fix
                .contains("☒")
        );
    }
}
