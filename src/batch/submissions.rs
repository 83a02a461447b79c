//! Moodle submissions as candidates: every submission folder of an archive is a row of the
//! class summary, and the sheet's author is compared with the folder's.
//!
//! Why: a student who sent only a PDF or online text used to appear only under « Fichiers
//! ignorés », and vanished from the class; a student who handed in a classmate's sheet was
//! checked as that classmate.

use std::collections::BTreeMap;

use super::{BatchItem, Note, Submission};
use crate::Lang;
use crate::report::{Candidate, Coverage, Finding, Report};
use crate::rules::FindingKind;
use crate::text::match_key;

/// The words of a name that identify a person: lowercase, without accents or punctuation,
/// two letters or more (initials and particles like « J. » say little).
fn name_words(name: &str) -> Vec<String> {
    match_key(name)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2)
        .map(str::to_string)
        .collect()
}

/// A warning when the name written in the sheet shares no word with the Moodle folder's name
/// (« DUPONT Jeanne » and « Jeanne Dupont » are the same person; « MARTIN Léa » is not).
///
/// ```
/// use grille::{Lang, batch::{Submission, submissions::identity_mismatch}};
/// let who = Submission { name: "Jeanne DUPONT".into(), participant: "12".into() };
/// assert!(identity_mismatch(&who, "DUPONT Jeanne", Lang::Fr).is_none());
/// assert!(identity_mismatch(&who, "Élodie MARTIN", Lang::Fr).is_some());
/// ```
pub fn identity_mismatch(submission: &Submission, in_sheet: &str, lang: Lang) -> Option<Finding> {
    let moodle = name_words(&submission.name);
    let sheet = name_words(in_sheet);
    if moodle.is_empty() || sheet.is_empty() || sheet.iter().any(|w| moodle.contains(w)) {
        return None;
    }
    let (message, suggestion) = match lang {
        Lang::Fr => (
            format!(
                "La grille est au nom de « {} », mais elle a été remise par « {} » sur Moodle.",
                crate::text::clean(in_sheet),
                submission.name
            ),
            "Vérifier avec le candidat : corriger le nom dans la grille, ou demander sa propre grille.",
        ),
        Lang::En => (
            format!(
                "The grid bears the name “{}”, but “{}” handed it in on Moodle.",
                crate::text::clean(in_sheet),
                submission.name
            ),
            "Check with the candidate: correct the name in the grid, or ask for their own grid.",
        ),
    };
    Some(Finding::new(FindingKind::IdentityMismatch, message).suggest(suggestion))
}

/// The path of a note up to its Moodle submission component (the submission's folder, or
/// the flat file name that carries the prefix).
fn submission_path(file: &str) -> Option<(Submission, String)> {
    let mut prefix = Vec::new();
    for part in file.split(['/', '\\']) {
        prefix.push(part);
        if let Some((who, _)) = super::moodle::split_component(part) {
            return Some((who, prefix.join("/")));
        }
    }
    None
}

/// The report of a submission that holds no spreadsheet: one `missing-submission` error
/// naming what the folder holds.
fn missing_report(
    path: &str,
    who: &Submission,
    files: &[&str],
    referential: &str,
    lang: Lang,
) -> Report {
    let list = files.join(", ");
    let message = match lang {
        Lang::Fr => format!(
            "Aucun tableau remis : la remise Moodle de {} ne contient aucun tableur (seulement : {list}).",
            who.name
        ),
        Lang::En => format!(
            "No grid handed in: the Moodle submission of {} holds no spreadsheet (only: {list}).",
            who.name
        ),
    };
    let finding = Finding::new(FindingKind::MissingSubmission, message).suggest(lang.pick(
        "Demander au candidat son tableau de synthèse au format XLSX ou ODS.",
        "Ask the candidate for their synthesis grid as an XLSX or ODS file.",
    ));
    Report {
        file: path.to_string(),
        sheet: None,
        referential: referential.to_string(),
        layout: None,
        candidate: Candidate {
            name: None,
            ..Candidate::default()
        },
        realisations: Vec::new(),
        coverage: Coverage::default(),
        findings: vec![finding],
    }
}

/// The rows of the Moodle submissions that gave no spreadsheet to check: their files were
/// all skipped (a PDF, `onlinetext.html`…). A submission is one participant id; `handed_in`
/// are the participants of the files checked. In participant order.
pub fn missing<'s>(
    handed_in: impl Iterator<Item = &'s Submission>,
    notes: &[Note],
    referential: &str,
    lang: Lang,
) -> Vec<BatchItem> {
    let handed_in: Vec<&str> = handed_in.map(|s| s.participant.as_str()).collect();
    // participant → (submission, first path, files it holds)
    let mut missing: BTreeMap<String, (Submission, String, Vec<&str>)> = BTreeMap::new();
    for note in notes {
        let Some((who, path)) = submission_path(&note.file) else {
            continue;
        };
        if handed_in.contains(&who.participant.as_str()) {
            continue;
        }
        let shown = crate::output::names::file_name(&note.file);
        let entry = missing
            .entry(who.participant.clone())
            .or_insert_with(|| (who, path, Vec::new()));
        if !entry.2.contains(&shown) {
            entry.2.push(shown);
        }
    }
    missing
        .into_values()
        .map(|(who, path, files)| BatchItem {
            file: path.clone(),
            input: 0,
            outcome: Ok(missing_report(&path, &who, &files, referential, lang)),
            submission: Some(who),
            corrected: None,
            fix_error: None,
            realisations: 0,
            line: None,
        })
        .collect()
}

/// Where the [`missing`] rows go among the files checked, named `files` in batch order: each
/// is placed before the first row whose path sorts after its own, so the summary stays in
/// name order. Gives, per missing row, the index of the file it comes before (`files.len()`:
/// at the end); worked out on the names alone, so that a batch can write its rows as they
/// come.
pub fn places(files: &[&str], missing: &[BatchItem]) -> Vec<usize> {
    // The list as rows are inserted: a file (its index) or a missing row.
    let mut list: Vec<Result<usize, usize>> = (0..files.len()).map(Ok).collect();
    let name = |entry: &Result<usize, usize>| match *entry {
        Ok(i) => files[i],
        Err(m) => missing[m].file.as_str(),
    };
    for (m, item) in missing.iter().enumerate() {
        let at = list
            .iter()
            .position(|e| name(e) > item.file.as_str())
            .unwrap_or(list.len());
        list.insert(at, Err(m));
    }
    let mut places = vec![files.len(); missing.len()];
    let mut seen = 0;
    for entry in list {
        match entry {
            Ok(_) => seen += 1,
            Err(m) => places[m] = seen,
        }
    }
    places
}

/// Adds the [`missing`] rows to a batch kept whole, at their [`places`].
pub fn add_missing(items: &mut Vec<BatchItem>, notes: &[Note], referential: &str, lang: Lang) {
    let rows = missing(
        items.iter().filter_map(|i| i.submission.as_ref()),
        notes,
        referential,
        lang,
    );
    let names: Vec<&str> = items.iter().map(|i| i.file.as_str()).collect();
    let places = places(&names, &rows);
    // From the last, so that earlier places stay right.
    for (place, row) in places.into_iter().zip(rows).rev() {
        items.insert(place, row);
    }
}

/// Whether an item stands for a submission without a spreadsheet.
pub fn is_missing(item: &BatchItem) -> bool {
    item.report()
        .findings
        .iter()
        .any(|f| f.kind == FindingKind::MissingSubmission)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::NoteReason;

    #[test]
    fn a_submission_with_only_a_pdf_becomes_a_row() {
        let mut items = Vec::new();
        let notes = [
            Note {
                file: "remis.zip/Léa MARTIN_42_assignsubmission_file_/rapport.pdf".into(),
                reason: NoteReason::NotASpreadsheet,
            },
            Note {
                file: "remis.zip/Léa MARTIN_42_assignsubmission_onlinetext_/onlinetext.html".into(),
                reason: NoteReason::NotASpreadsheet,
            },
            Note {
                file: "remis.zip/__MACOSX/._x".into(),
                reason: NoteReason::SystemFile,
            },
        ];
        add_missing(&mut items, &notes, "bts-sio-b1", Lang::Fr);
        assert_eq!(items.len(), 1);
        assert!(is_missing(&items[0]));
        assert_eq!(items[0].candidate_name(), Some("Léa MARTIN"));
        assert_eq!(
            items[0].file,
            "remis.zip/Léa MARTIN_42_assignsubmission_file_"
        );
        let message = &items[0].report().findings[0].message;
        assert!(
            message.contains("seulement : rapport.pdf, onlinetext.html"),
            "{message}"
        );
    }

    /// The places worked out on names alone give the order that inserting the rows one by
    /// one gives, files sorted or not.
    #[test]
    fn missing_rows_are_placed_as_if_inserted_one_by_one() {
        let row = |file: &str| BatchItem {
            file: file.into(),
            input: 0,
            submission: None,
            outcome: Ok(missing_report(
                file,
                &Submission {
                    name: "Léa MARTIN".into(),
                    participant: "42".into(),
                },
                &[],
                "x",
                Lang::Fr,
            )),
            corrected: None,
            fix_error: None,
            realisations: 0,
            line: None,
        };
        let files = ["b", "d", "a", "f"];
        let missing = [row("c"), row("a0"), row("g")];
        let places = places(&files, &missing);
        // By hand: c before d; a0 before b (the first name after it); g at the end.
        assert_eq!(places, [1, 0, 4]);
    }

    #[test]
    fn names_match_whatever_their_order_case_and_accents() {
        let who = Submission {
            name: "Élodie MARTIN-LÉGER".into(),
            participant: "7".into(),
        };
        for same in ["MARTIN-LEGER Elodie", "martin léger", "Élodie M."] {
            assert!(identity_mismatch(&who, same, Lang::Fr).is_none(), "{same}");
        }
        let f = identity_mismatch(&who, "DUPONT Jeanne", Lang::Fr).unwrap();
        assert_eq!(f.kind, FindingKind::IdentityMismatch);
        assert_eq!(f.severity, crate::rules::Severity::Warning);
    }
}
