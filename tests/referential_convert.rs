//! The platform formats checked field by field against what their importers require: Moodle's
//! competency framework CSV (tool_lpimportcsv), a CASE 1.1 package, and the workbook as
//! LibreOffice reads it.

mod common;

use std::collections::{HashMap, HashSet};

use common::{grille, libreoffice_convert, soffice};
use grille::model::{ItemKind, Referential};
use grille::referential::convert::rows;
use grille::referential::embedded;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn stdout_of(args: &[&str]) -> Vec<u8> {
    grille()
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone()
}

const MOODLE_HEADER: [&str; 14] = [
    "Parent ID number",
    "ID number",
    "Short name",
    "Description",
    "Description format",
    "Scale values",
    "Scale configuration",
    "Rule type (optional)",
    "Rule outcome (optional)",
    "Rule config (optional)",
    "Cross-referenced competency ID numbers",
    "Exported ID (optional)",
    "Is framework",
    "Taxonomy",
];

/// Moodle's taxonomy terms (core_competency\competency_framework::TAXONOMY_*).
const MOODLE_TAXONOMIES: [&str; 11] = [
    "behaviour",
    "competency",
    "concept",
    "domain",
    "indicator",
    "level",
    "outcome",
    "practice",
    "proficiency",
    "skill",
    "value",
];

/// Number of Moodle competencies expected: competences, their activities and performance or
/// development indicators, and those items' sub-items.
fn expected_competencies(r: &Referential) -> usize {
    fn subtree(item: &grille::model::Item) -> usize {
        1 + item.items.iter().map(subtree).sum::<usize>()
    }
    r.competences
        .iter()
        .map(|c| {
            1 + c
                .items
                .iter()
                .filter(|i| {
                    matches!(
                        i.kind,
                        ItemKind::Activity
                            | ItemKind::PerformanceIndicator
                            | ItemKind::DevelopmentIndicator
                    )
                })
                .map(subtree)
                .sum::<usize>()
        })
        .sum()
}

#[test]
fn moodle_csv_follows_the_importer_field_by_field() {
    for id in ["bts-sio-b1", "lp-assr"] {
        let r = embedded::get(id).unwrap();
        let bytes = stdout_of(&["referential", "convert", id, "--to", "moodle"]);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(bytes.as_slice());
        let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        let header = records.first().unwrap();
        assert_eq!(header.iter().collect::<Vec<_>>(), MOODLE_HEADER);
        let data = records.get(1..).unwrap();
        for row in data {
            assert_eq!(row.len(), 14, "14 columns by position: {row:?}");
        }

        // Exactly one framework row, with a usable scale and taxonomy.
        let frameworks: Vec<&csv::StringRecord> = data.iter().filter(|r| &r[12] == "1").collect();
        assert_eq!(frameworks.len(), 1, "{id}");
        let fw = frameworks[0];
        assert_eq!(&fw[0], "", "the framework has no parent");
        assert_eq!(&fw[1], id);
        assert_eq!(&fw[2], r.title);
        let values: Vec<&str> = fw[5].split(',').collect();
        assert!(values.len() >= 2, "{values:?}");
        let config: Vec<Value> = serde_json::from_str(&fw[6]).unwrap();
        assert!(
            config[0].get("scaleid").is_some(),
            "first element names the scale"
        );
        let entries = config.get(1..).unwrap();
        assert!(entries.iter().any(|e| e["scaledefault"] == 1));
        assert!(entries.iter().any(|e| e["proficient"] == 1));
        for e in entries {
            let n = e["id"].as_u64().unwrap() as usize;
            assert!((1..=values.len()).contains(&n), "scale item {n}");
        }
        for term in fw[13].split(',') {
            assert!(MOODLE_TAXONOMIES.contains(&term), "taxonomy {term}");
        }

        // Competencies: ids unique and non-empty, names present and within Moodle's limits,
        // HTML descriptions, parents that exist (empty parent = under the framework).
        let competencies: Vec<&csv::StringRecord> = data.iter().filter(|r| &r[12] != "1").collect();
        assert_eq!(competencies.len(), expected_competencies(&r), "{id}");
        let mut ids = HashSet::new();
        for row in &competencies {
            assert!(!row[1].is_empty() && row[1].chars().count() <= 100);
            assert!(ids.insert(row[1].to_string()), "duplicate id {}", &row[1]);
            assert!(
                !row[2].is_empty() && row[2].chars().count() <= 100,
                "{}",
                &row[2]
            );
            assert_eq!(&row[4], "1", "FORMAT_HTML");
            assert!(row[3].starts_with("<p>"), "{}", &row[3]);
            assert_ne!(&row[0], &row[1], "no row is its own parent");
            assert_ne!(&row[0], id, "the framework's id is never a parent");
        }
        assert!(!ids.contains(id), "framework and competency ids differ");
        let mut top = 0;
        for row in &competencies {
            if row[0].is_empty() {
                top += 1;
            } else {
                assert!(ids.contains(&row[0]), "parent {} exists", &row[0]);
            }
        }
        assert_eq!(
            top,
            r.competences.len(),
            "competences hang under the framework"
        );
    }

    // Where each kind goes.
    let bytes = stdout_of(&["referential", "convert", "bts-sio-b1", "--to", "moodle"]);
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains("\r\nB1.6,B1.6.1,Mettre en place son environnement"));
    assert!(text.contains("\r\nB1.6.I3,B1.6.I3.1,repérer les techniques"));
    let lp = String::from_utf8(stdout_of(&[
        "referential",
        "convert",
        "lp-assr",
        "--to",
        "moodle",
    ]))
    .unwrap();
    assert!(lp.contains("\r\nC1,C1.ID1,Analyser les besoins du métier."));
    assert!(
        !lp.contains(",C1.CE1,"),
        "components are described, not rated"
    );
    assert!(lp.contains("<li>En assurant le maintien en conditions opérationnelles.</li>"));
}

fn is_uuid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.iter().map(|p| p.len()).collect::<Vec<_>>() == [8, 4, 4, 4, 12]
        && s.chars()
            .all(|c| c == '-' || c.is_ascii_digit() || ('a'..='f').contains(&c))
        && parts[2].starts_with('5')
}

#[test]
fn case_package_links_every_item_to_an_existing_parent() {
    for id in ["bts-sio-b1", "lp-assr"] {
        let r = embedded::get(id).unwrap();
        let bytes = stdout_of(&["referential", "convert", id, "--to", "case"]);
        assert_eq!(
            bytes,
            stdout_of(&["referential", "convert", id, "--to", "case"]),
            "deterministic"
        );
        let package: Value = serde_json::from_slice(&bytes).unwrap();
        let object = package.as_object().unwrap();
        let keys: HashSet<&str> = object.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            HashSet::from(["CFDocument", "CFItems", "CFAssociations"])
        );

        let doc = &package["CFDocument"];
        for field in [
            "identifier",
            "uri",
            "creator",
            "title",
            "lastChangeDateTime",
        ] {
            assert!(
                doc[field].as_str().is_some_and(|s| !s.is_empty()),
                "{field}"
            );
        }
        let doc_allowed = [
            "identifier",
            "uri",
            "creator",
            "title",
            "lastChangeDateTime",
            "notes",
            "language",
            "CFPackageURI",
        ];
        for k in doc.as_object().unwrap().keys() {
            assert!(
                doc_allowed.contains(&k.as_str()),
                "extra CFDocument property {k}"
            );
        }
        let doc_id = doc["identifier"].as_str().unwrap();
        assert!(is_uuid(doc_id));

        let items = package["CFItems"].as_array().unwrap();
        assert_eq!(items.len(), r.competences.len() + rows(&r).len());
        let item_allowed = [
            "identifier",
            "fullStatement",
            "humanCodingScheme",
            "CFItemType",
            "uri",
            "language",
            "lastChangeDateTime",
            "CFDocumentURI",
        ];
        let mut item_ids = HashSet::new();
        let mut codes = HashSet::new();
        for item in items {
            for k in item.as_object().unwrap().keys() {
                assert!(
                    item_allowed.contains(&k.as_str()),
                    "extra CFItem property {k}"
                );
            }
            let identifier = item["identifier"].as_str().unwrap();
            assert!(is_uuid(identifier), "{identifier}");
            assert!(item_ids.insert(identifier.to_string()));
            for field in ["fullStatement", "uri", "lastChangeDateTime", "CFItemType"] {
                assert!(
                    item[field].as_str().is_some_and(|s| !s.is_empty()),
                    "{field}"
                );
            }
            assert!(codes.insert(item["humanCodingScheme"].as_str().unwrap().to_string()));
            assert_eq!(item["CFDocumentURI"]["identifier"], doc_id);
        }

        let associations = package["CFAssociations"].as_array().unwrap();
        let mut children_of: HashMap<String, Vec<u64>> = HashMap::new();
        let mut linked = HashSet::new();
        let mut association_ids = HashSet::new();
        for a in associations {
            assert_eq!(a["associationType"], "isChildOf");
            let identifier = a["identifier"].as_str().unwrap();
            assert!(is_uuid(identifier));
            assert!(association_ids.insert(identifier.to_string()));
            assert!(!item_ids.contains(identifier) && identifier != doc_id);
            for field in ["uri", "lastChangeDateTime"] {
                assert!(a[field].as_str().is_some_and(|s| !s.is_empty()), "{field}");
            }
            let origin = a["originNodeURI"]["identifier"].as_str().unwrap();
            let destination = a["destinationNodeURI"]["identifier"].as_str().unwrap();
            assert!(item_ids.contains(origin), "origin is a CFItem");
            assert!(
                destination == doc_id || item_ids.contains(destination),
                "destination exists"
            );
            assert!(linked.insert(origin.to_string()), "one parent per item");
            children_of
                .entry(destination.to_string())
                .or_default()
                .push(a["sequenceNumber"].as_u64().unwrap());
        }
        assert_eq!(linked, item_ids, "every CFItem is placed in the tree");
        for (parent, mut seq) in children_of {
            seq.sort_unstable();
            let expected: Vec<u64> = (1..=seq.len() as u64).collect();
            assert_eq!(seq, expected, "sequence numbers under {parent}");
        }
        assert_eq!(
            package["CFItems"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|i| i["CFItemType"] == "Compétence")
                .count(),
            r.competences.len()
        );
    }
}

#[test]
fn workbook_read_by_libreoffice_lists_every_item() {
    let Some(soffice) = soffice() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    for id in ["bts-sio-b1", "lp-assr"] {
        let r = embedded::get(id).unwrap();
        let xlsx = dir.path().join(format!("{id}.xlsx"));
        grille()
            .args(["referential", "convert", id, "--to", "xlsx", "-o"])
            .arg(&xlsx)
            .assert()
            .success();
        let first = std::fs::read(&xlsx).unwrap();
        grille()
            .args([
                "referential",
                "convert",
                id,
                "--to",
                "xlsx",
                "--force",
                "-o",
            ])
            .arg(&xlsx)
            .assert()
            .success();
        assert_eq!(first, std::fs::read(&xlsx).unwrap(), "identical bytes");

        let csv_path = libreoffice_csv(&soffice, &xlsx, &dir.path().join(format!("lo-{id}")));
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_path(&csv_path)
            .unwrap();
        let lines: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect();
        assert_eq!(lines[0][0], r.title);
        assert_eq!(lines[2], ["Compétence", "Code", "Type", "Libellé"]);

        let mut expected: Vec<[String; 4]> = Vec::new();
        let all = rows(&r);
        for c in &r.competences {
            expected.push([
                c.code.clone(),
                c.code.clone(),
                "Compétence".into(),
                c.shown_title().into(),
            ]);
            for row in all.iter().filter(|row| std::ptr::eq(row.competence, c)) {
                expected.push([
                    c.code.clone(),
                    row.item.code.clone(),
                    grille::referential::convert::kind_singular(row.item.kind, grille::Lang::Fr)
                        .into(),
                    row.item.shown_text().into(),
                ]);
            }
        }
        let data: Vec<&Vec<String>> = lines
            .iter()
            .skip(3)
            .filter(|l| l.iter().any(|c| !c.is_empty()))
            .collect();
        assert_eq!(data.len(), expected.len(), "{id}");
        for (got, want) in data.iter().zip(&expected) {
            assert_eq!(got.get(..4).unwrap(), want.as_slice());
        }
    }
}

/// The CSV LibreOffice writes for the workbook's first sheet. With a sheet number in the
/// filter options, recent LibreOffice versions name the file `<stem>-<Sheet>.csv` rather than
/// `<stem>.csv` (which `common::libreoffice_convert` looks for): take the CSV that exists.
fn libreoffice_csv(soffice: &Path, xlsx: &Path, outdir: &Path) -> PathBuf {
    let result = std::panic::catch_unwind(|| libreoffice_convert(soffice, xlsx, "csv", outdir));
    if let Ok(path) = result {
        return path;
    }
    let found: Vec<PathBuf> = std::fs::read_dir(outdir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    assert_eq!(found.len(), 1, "LibreOffice wrote one CSV: {found:?}");
    found.into_iter().next().unwrap()
}
