//! The reader on sheets laid out the way students retype the model (issue 11, families 1–5):
//! activity rows with any bullet or none, headings prefixed or in capitals, a super-heading
//! row, transposed grids with an activities column, lists of one réalisation with other header
//! words, and marks written as codes. Each sheet is a real XLSX file written here and checked
//! by the real binary; a clean sheet must come out silent, a faulty one with its exact findings.

mod common;

use std::path::Path;

use grille::model::Referential;
use rust_xlsxwriter::Workbook;
use serde_json::Value;

fn sio() -> Referential {
    grille::referential::embedded::get("bts-sio-b1").expect("embedded referential")
}

/// A sheet as (row, col, text) cells, zero-based, and merged ranges (r0, c0, r1, c1).
#[derive(Default, Clone)]
struct Cells {
    cells: Vec<(u32, u16, String)>,
    merges: Vec<(u32, u16, u32, u16)>,
}

impl Cells {
    fn put(&mut self, row: u32, col: u16, text: impl Into<String>) {
        self.cells.push((row, col, text.into()));
    }

    fn write(&self, path: &Path) {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        sheet.set_name("Tableau de synthèse").unwrap();
        for (r0, c0, r1, c1) in &self.merges {
            let text = self
                .cells
                .iter()
                .find(|(r, c, _)| r == r0 && c == c0)
                .map(|(_, _, t)| t.as_str())
                .unwrap_or("");
            sheet
                .merge_range(*r0, *c0, *r1, *c1, text, &rust_xlsxwriter::Format::new())
                .unwrap();
        }
        for (r, c, t) in &self.cells {
            if self.merges.iter().any(|(r0, c0, _, _)| r0 == r && c0 == c) {
                continue;
            }
            sheet.write_string(*r, *c, t).unwrap();
        }
        book.save(path).unwrap();
    }
}

fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// (kind, cell, competence, activity) of every finding.
fn findings(json: &Value) -> Vec<(String, String, String, String)> {
    let s = |v: &Value| v.as_str().unwrap_or("").to_string();
    json["findings"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| {
                    (
                        s(&f["kind"]),
                        s(&f["cell"]),
                        s(&f["competence"]),
                        s(&f["activity"]),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// (title, competences) of every réalisation.
fn realisations(json: &Value) -> Vec<(String, Vec<String>)> {
    json["realisations"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|r| {
                    let comps = r["competences"]
                        .as_array()
                        .map(|c| {
                            c.iter()
                                .filter_map(|v| v.as_str().map(String::from))
                                .collect()
                        })
                        .unwrap_or_default();
                    (r["title"].as_str().unwrap_or("").to_string(), comps)
                })
                .collect()
        })
        .unwrap_or_default()
}

const REALISATIONS: [(&str, &str, [bool; 6]); 3] = [
    (
        "Mise en place d’un serveur GLPI",
        "04/09/24 au 18/10/24",
        [true, true, false, true, false, false],
    ),
    (
        "Site vitrine de la médiathèque",
        "05/11/24 au 20/12/24",
        [false, false, true, true, true, false],
    ),
    (
        "Veille technologique sur la cybersécurité",
        "06/01/25 au 28/02/25",
        [true, false, false, false, false, true],
    ),
];

fn expected_sets() -> Vec<(String, Vec<String>)> {
    REALISATIONS
        .iter()
        .map(|(t, _, marks)| {
            let comps = (0..6)
                .filter(|i| marks[*i])
                .map(|i| format!("B1.{}", i + 1))
                .collect();
            ((*t).to_string(), comps)
        })
        .collect()
}

/// How a student retyped the official model's header (competence titles, activity lines).
/// The heading of competence `i` (0-based) from its code and title.
type HeadingForm = fn(usize, &str, &str) -> String;

#[derive(Clone, Copy)]
struct Style {
    /// Written before each activity line: « ▸ » in the model.
    bullet: Bullet,
    /// Each activity line ends with a period.
    period: bool,
    heading: HeadingForm,
    /// A super-heading row above the headings (« Compétences du bloc 1 »).
    super_heading: bool,
}

#[derive(Clone, Copy)]
enum Bullet {
    Glyph(&'static str),
    Numbered,
    Coded,
    /// « Recenser… (B1.1.1) »: the code after the text.
    TrailingCode,
    /// No bullet, and a letter dropped from the last word of every other line.
    Typos,
}

fn official_heading(_: usize, _: &str, title: &str) -> String {
    title.to_string()
}

const MODEL: Style = Style {
    bullet: Bullet::Glyph("▸"),
    period: false,
    heading: official_heading,
    super_heading: false,
};

/// The official model (v2) as a student retyped it, with three réalisations covering all six
/// competences, everything else filled in: a clean sheet.
fn official(style: Style) -> (Cells, u32) {
    let r = sio();
    let mut s = Cells::default();
    s.put(0, 0, "BTS SERVICES INFORMATIQUES AUX ORGANISATIONS");
    s.put(0, 6, "SESSION 2026");
    s.put(
        1,
        0,
        "Tableau de synthèse des réalisations professionnelles",
    );
    s.put(2, 0, "NOM et prénom : DUPONT Jeanne");
    s.put(2, 5, "N° candidat : 0212345678");
    s.put(3, 0, "Centre de formation : Lycée Turgot");
    s.put(3, 5, "Option :");
    s.put(3, 6, "☒ SISR");
    s.put(3, 7, "▢ SLAM");
    s.put(4, 0, "Adresse URL du portfolio : https://p.invalid/1");
    let mut header = 5;
    if style.super_heading {
        s.put(5, 2, "Compétences du bloc 1");
        s.merges.push((5, 2, 5, 7));
        header = 6;
    }
    s.put(
        header,
        0,
        "Compétences mises en œuvre\n\nRéalisations professionnelles\n(intitulé et liste des documents et productions associés)",
    );
    s.merges.push((header, 0, header + 1, 0));
    s.put(header, 1, "Période (sous la forme du JJ/MM/AA au JJ/MM/AA)");
    s.merges.push((header, 1, header + 1, 1));
    for (i, c) in r.competences.iter().enumerate() {
        let col = 2 + i as u16;
        s.put(header, col, (style.heading)(i, &c.code, &c.title));
        let lines: Vec<String> = c
            .activities()
            .enumerate()
            .map(|(k, a)| {
                let lead = match style.bullet {
                    Bullet::Glyph(g) => g.to_string(),
                    Bullet::Numbered => format!("{}. ", k + 1),
                    Bullet::Coded => format!("{} ", a.code),
                    Bullet::TrailingCode | Bullet::Typos => String::new(),
                };
                let end = if style.period { "." } else { "" };
                let text = match style.bullet {
                    Bullet::TrailingCode => format!("{} ({})", a.text, a.code),
                    Bullet::Typos if k % 2 == 1 => {
                        let cut = a.text.rfind(' ').map_or(0, |i| i + 2);
                        format!("{}{}", &a.text[..cut], &a.text[cut + 1..])
                    }
                    _ => a.text.clone(),
                };
                format!("{lead}{text}{end}")
            })
            .collect();
        s.put(header + 1, col, lines.join("\n"));
    }
    let body = header + 2;
    s.put(body, 0, "Réalisations en cours de formation");
    for (k, (title, period, marks)) in REALISATIONS.iter().enumerate() {
        let row = body + 1 + k as u32;
        s.put(row, 0, *title);
        s.put(row, 1, *period);
        for (i, m) in marks.iter().enumerate() {
            if *m {
                s.put(row, 2 + i as u16, "X");
            }
        }
    }
    (s, body + 1)
}

fn assert_clean(cells: &Cells, label: &str) {
    let dir = temp_dir();
    let path = dir.path().join("grille.xlsx");
    cells.write(&path);
    let (code, json) = common::check_json(&path);
    assert_eq!(findings(&json), vec![], "{label}: {json}");
    assert_eq!(realisations(&json), expected_sets(), "{label}");
    assert_eq!(json["layout"], "competence-columns", "{label}");
    assert_eq!(code, 0, "{label}");
}

#[test]
fn the_official_model_as_written_is_clean() {
    assert_clean(&official(MODEL).0, "model");
}

/// Family 1: the activity row retyped with any bullet, none, numbers or codes.
#[test]
fn activity_rows_are_read_whatever_their_bullets() {
    let bullets = [
        ("none", Bullet::Glyph("")),
        ("dash", Bullet::Glyph("- ")),
        ("en dash", Bullet::Glyph("– ")),
        ("star", Bullet::Glyph("* ")),
        ("dot", Bullet::Glyph("• ")),
        ("numbered", Bullet::Numbered),
        ("coded", Bullet::Coded),
    ];
    for (name, bullet) in bullets {
        for period in [false, true] {
            let style = Style {
                bullet,
                period,
                ..MODEL
            };
            assert_clean(&official(style).0, &format!("{name} period={period}"));
        }
    }
}

/// Family 2: headings prefixed by their code, in capitals, with straight apostrophes and
/// broken lines, under a super-heading row.
#[test]
fn headings_are_read_whatever_their_prefix_case_and_breaks() {
    let styles: [(&str, HeadingForm); 6] = [
        ("code dash", |_, code, title| format!("{code} - {title}")),
        ("code colon", |_, code, title| format!("{code} : {title}")),
        ("compétence code", |_, code, title| {
            format!("Compétence {code}\n{title}")
        }),
        ("capitals", |_, _, title| title.to_uppercase()),
        ("straight apostrophes", |_, _, title| {
            title.replace('’', "'")
        }),
        ("broken lines", |_, _, title| {
            let words: Vec<&str> = title.split(' ').collect();
            let half = words.len() / 2;
            format!("{}\n{}", words[..half].join(" "), words[half..].join(" "))
        }),
    ];
    for (name, heading) in styles {
        for super_heading in [false, true] {
            for bullet in [Bullet::Glyph("▸"), Bullet::Glyph("- "), Bullet::Glyph("")] {
                let style = Style {
                    heading,
                    super_heading,
                    bullet,
                    ..MODEL
                };
                assert_clean(&official(style).0, &format!("{name} super={super_heading}"));
            }
        }
    }
}

/// Retypings nobody planned for: codes after the activities, typos in unbulleted lines,
/// « COMPÉTENCE 1 : … » headings, a code-prefixed title over its « - » activities.
#[test]
fn nastier_retypings_are_clean() {
    let cases: [(&str, Bullet, HeadingForm); 4] = [
        ("trailing codes", Bullet::TrailingCode, official_heading),
        ("typos", Bullet::Typos, |_, _, t| t.to_uppercase()),
        ("competence rank", Bullet::Glyph("- "), |i, _, t| {
            format!("COMPÉTENCE {} : {}", i + 1, t.to_uppercase())
        }),
        (
            "code prefix, no bullets",
            Bullet::Glyph(""),
            |_, code, t| format!("{code} - {t}"),
        ),
    ];
    for (name, bullet, heading) in cases {
        for super_heading in [false, true] {
            let style = Style {
                bullet,
                heading,
                super_heading,
                ..MODEL
            };
            assert_clean(&official(style).0, &format!("{name} super={super_heading}"));
        }
    }
}

/// A legend under the grid, in the title column, is no réalisation (no empty period, no
/// change in the count); a title left alone there still is one.
#[test]
fn a_legend_under_the_grid_is_no_realisation() {
    for legend in [
        "Légende : X = compétence mobilisée",
        "* une réalisation par ligne",
    ] {
        let (mut s, first) = official(MODEL);
        s.put(first + REALISATIONS.len() as u32 + 1, 0, legend);
        assert_clean(&s, legend);
    }
    let (mut s, first) = official(MODEL);
    let row = first + REALISATIONS.len() as u32 + 1;
    s.put(row, 0, "Supervision du réseau avec Zabbix");
    let dir = temp_dir();
    let path = dir.path().join("titre-seul.xlsx");
    s.write(&path);
    let (_, json) = common::check_json(&path);
    assert!(
        findings(&json)
            .iter()
            .any(|f| f.0 == "invalid-period" && f.1 == format!("B{}", row + 1)),
        "{json}"
    );
}

/// Activities inside the heading cell of the official model (no activity row), any bullet.
#[test]
fn activities_inside_the_heading_cells_are_clean() {
    for bullet in ["▸", "- ", ""] {
        let (mut s, _) = official(MODEL);
        let r = sio();
        // Row 7 (the activity row) moves into the headings of row 6.
        s.cells.retain(|(row, c, _)| !(*row == 6 && *c >= 2));
        for (i, c) in r.competences.iter().enumerate() {
            let lines: Vec<String> = c
                .activities()
                .map(|a| format!("{bullet}{}", a.text))
                .collect();
            let cell = s
                .cells
                .iter_mut()
                .find(|(row, col, _)| *row == 5 && *col == 2 + i as u16)
                .unwrap();
            cell.2 = format!("{}\n{}", c.title, lines.join("\n"));
        }
        assert_clean(&s, &format!("inside, bullet {bullet:?}"));
    }
}

/// A transposed grid: competences as rows (their activities beside them in a column, or
/// inside the heading cell), réalisations as columns.
fn transposed(activities_beside: bool, bullet: &str) -> Cells {
    let r = sio();
    let mut s = Cells::default();
    s.put(0, 0, "NOM et prénom : DUPONT Jeanne");
    s.put(0, 3, "N° candidat : 0212345678");
    s.put(1, 0, "Centre de formation : Lycée Turgot");
    s.put(1, 3, "Option : ☒ SISR ▢ SLAM");
    s.put(2, 0, "Adresse URL du portfolio : https://p.invalid/1");
    let first = if activities_beside { 2 } else { 1 };
    s.put(4, 0, "Compétences");
    if activities_beside {
        s.put(4, 1, "Activités");
    }
    s.put(5, 0, "Période");
    for (k, (title, period, _)) in REALISATIONS.iter().enumerate() {
        s.put(4, first + k as u16, *title);
        s.put(5, first + k as u16, *period);
    }
    for (i, c) in r.competences.iter().enumerate() {
        let row = 6 + i as u32;
        let lines: Vec<String> = c
            .activities()
            .map(|a| format!("{bullet}{}", a.text))
            .collect();
        if activities_beside {
            s.put(row, 0, c.title.clone());
            s.put(row, 1, lines.join("\n"));
        } else {
            s.put(row, 0, format!("{}\n{}", c.title, lines.join("\n")));
        }
        for (k, (_, _, marks)) in REALISATIONS.iter().enumerate() {
            if marks[i] {
                s.put(row, first + k as u16, "X");
            }
        }
    }
    s
}

/// Family 3.
#[test]
fn transposed_grids_with_activities_beside_or_inside_the_headings_are_clean() {
    for beside in [true, false] {
        for bullet in ["▸", "- ", "• ", ""] {
            let dir = temp_dir();
            let path = dir.path().join("transposee.xlsx");
            transposed(beside, bullet).write(&path);
            let (code, json) = common::check_json(&path);
            let label = format!("beside={beside} bullet={bullet:?}");
            assert_eq!(findings(&json), vec![], "{label}: {json}");
            assert_eq!(json["layout"], "competence-rows", "{label}");
            assert_eq!(realisations(&json), expected_sets(), "{label}");
            assert_eq!(code, 0, "{label}");
        }
    }
}

/// A list: one row per réalisation, competences named as « code + title » lines.
fn list(headers: [&str; 3], rows: usize) -> Cells {
    let r = sio();
    let mut s = Cells::default();
    s.put(0, 0, "NOM et prénom : DUPONT Jeanne");
    s.put(1, 0, "N° candidat : 0212345678");
    s.put(2, 0, "Centre de formation : Lycée Turgot");
    s.put(3, 0, "Option : SLAM");
    s.put(4, 0, "Adresse URL du portfolio : https://p.invalid/1");
    for (c, h) in headers.iter().enumerate() {
        s.put(6, c as u16, *h);
    }
    for (k, (title, period, marks)) in REALISATIONS.iter().take(rows).enumerate() {
        let row = 7 + k as u32;
        s.put(row, 0, *title);
        s.put(row, 1, *period);
        let named: Vec<String> = (0..6)
            .filter(|i| marks[*i])
            .map(|i| {
                let c = &r.competences[i];
                format!("{} {}", c.code, c.title)
            })
            .collect();
        s.put(row, 2, named.join("\n"));
    }
    s
}

/// Family 4: a list of one réalisation, or with headers in capitals or other words.
#[test]
fn lists_of_one_realisation_or_with_other_header_words_are_read() {
    let headers = [
        [
            "RÉALISATION PROFESSIONNELLE",
            "PÉRIODE",
            "COMPÉTENCES MOBILISÉES",
        ],
        ["Réalisation professionnelle", "Période", "Compétence(s)"],
        ["Intitulé", "Dates", "Compétences mobilisées"],
        [
            "Situation professionnelle",
            "Période",
            "Compétences mobilisées",
        ],
        ["MISSION", "DATES", "COMPÉTENCE(S)"],
    ];
    for h in headers {
        for rows in [1, 3] {
            let dir = temp_dir();
            let path = dir.path().join("liste.xlsx");
            list(h, rows).write(&path);
            let (_, json) = common::check_json(&path);
            let label = format!("{h:?} rows={rows}");
            assert_eq!(json["layout"], "list", "{label}: {json}");
            let expected: Vec<_> = expected_sets().into_iter().take(rows).collect();
            assert_eq!(realisations(&json), expected, "{label}");
            let kinds: Vec<String> = findings(&json).into_iter().map(|f| f.0).collect();
            let allowed = ["too-few-realisations", "missing-competence"];
            assert!(
                kinds.iter().all(|k| allowed.contains(&k.as_str())),
                "{label}: {kinds:?}"
            );
            if rows == 3 {
                assert!(kinds.is_empty(), "{label}: {kinds:?}");
            }
        }
    }
}

/// Family 5: marks written as codes in every spelling students use.
#[test]
fn marks_written_as_codes_count_where_they_belong() {
    let (mut s, first) = official(MODEL);
    // Clear the first réalisation's marks and write codes instead.
    s.cells.retain(|(r, c, _)| !(*r == first && *c >= 2));
    let codes = [
        (2, "B1.1.2"),  // own activity
        (3, "B.1.2.1"), // own activity, dotted letter
        (4, "B1-3"),    // own competence, dashed
        (5, "B 1-4-2"), // own activity, spaced and dashed
        (6, "B1"),      // the bloc: a mark
        (7, "B1.5.3"),  // another competence's activity in the B1.6 column
    ];
    // The second réalisation: a mark and its code, two codes.
    s.cells
        .retain(|(r, c, _)| !(*r == first + 1 && (*c == 4 || *c == 5)));
    s.put(first + 1, 4, "X (B1.3.2)");
    s.put(first + 1, 5, "B1.4.1, B1.4.3");
    for (c, code) in codes {
        s.put(first, c, code);
    }
    s.put(first + 1, 7, "voir annexe");
    let dir = temp_dir();
    let path = dir.path().join("codes.xlsx");
    s.write(&path);
    let (code, json) = common::check_json(&path);
    let row = first + 1;
    let row2 = first + 2;
    assert_eq!(
        findings(&json),
        vec![
            (
                "misassigned-activity".to_string(),
                format!("H{row}"),
                "B1.5".to_string(),
                "B1.5.3".to_string()
            ),
            (
                "invalid-mark".to_string(),
                format!("H{row2}"),
                "B1.6".to_string(),
                "".to_string()
            ),
        ],
        "{json}"
    );
    let sets = realisations(&json);
    assert_eq!(
        sets[0].1,
        ["B1.1", "B1.2", "B1.3", "B1.4", "B1.5"].map(String::from),
        "{json}"
    );
    let activities: Vec<&str> = json["realisations"][0]["activities"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert_eq!(
        activities,
        ["B1.1.2", "B1.2.1", "B1.4.2", "B1.5.3"],
        "{json}"
    );
    assert_eq!(
        sets[1].1,
        ["B1.3", "B1.4", "B1.5"].map(String::from),
        "{json}"
    );
    let activities: Vec<&str> = json["realisations"][1]["activities"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert_eq!(activities, ["B1.3.2", "B1.4.1"], "{json}");
    assert_eq!(code, 1);
}

/// Family 5, a competence's code in another competence's column (« B1-2 » under B1.4): a
/// `misassigned-activity` naming the competence written, which is where the mark counts.
#[test]
fn a_competence_code_in_another_column_is_told_and_counted_where_it_belongs() {
    let (mut s, first) = official(MODEL);
    s.cells.retain(|(r, c, _)| !(*r == first && *c >= 2));
    s.put(first, 2, "X");
    s.put(first, 5, "B1-2");
    let dir = temp_dir();
    let path = dir.path().join("competence-code.xlsx");
    s.write(&path);
    let (code, json) = common::check_json(&path);
    let row = first + 1;
    assert_eq!(
        findings(&json),
        vec![(
            "misassigned-activity".to_string(),
            format!("F{row}"),
            "B1.2".to_string(),
            "".to_string()
        )],
        "{json}"
    );
    assert_eq!(
        realisations(&json)[0].1,
        ["B1.1", "B1.2"].map(String::from),
        "{json}"
    );
    assert_eq!(code, 1);
}
