//! Tests of collecting a batch: folders, archives, hostile names and sizes, nesting.

use super::*;
use std::io::Write;
use zip::write::SimpleFileOptions;

fn zip_with(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        w.start_file(*name, SimpleFileOptions::default()).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn names(c: &Collection) -> Vec<(String, bool)> {
    c.files
        .iter()
        .map(|f| (f.relative.clone(), f.refused().is_some()))
        .collect()
}

#[test]
fn climbing_names_are_caught_with_either_separator() {
    for bad in [
        "../x.xlsx",
        "a/../../x.xlsx",
        "/etc/x.xlsx",
        "\\x.xlsx",
        "..\\x.xlsx",
        "C:\\x.xlsx",
        "C:x.xlsx",
    ] {
        assert!(climbs_out(bad), "{bad}");
    }
    for good in [
        "a/b.xlsx",
        "a..b.xlsx",
        "Jeanne DUPONT_1_assignsubmission_file_/x.xlsx",
    ] {
        assert!(!climbs_out(good), "{good}");
    }
}

#[test]
fn folders_are_walked_in_sorted_order_with_notes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("b/sub")).unwrap();
    std::fs::write(root.join("b/sub/z.ods"), b"x").unwrap();
    std::fs::write(root.join("b/a.xlsx"), b"x").unwrap();
    std::fs::write(root.join("a.xlsx"), b"x").unwrap();
    std::fs::write(root.join("notes.pdf"), b"x").unwrap();
    std::fs::write(root.join("~$a.xlsx"), b"x").unwrap();
    let single = root.join("a.xlsx");
    let c = collect(&[root.to_path_buf(), single], &Limits::default(), &[]);
    assert_eq!(
        names(&c),
        [
            ("a.xlsx".to_string(), false),
            ("b/a.xlsx".to_string(), false),
            ("b/sub/z.ods".to_string(), false),
        ]
    );
    let reasons: Vec<_> = c.notes.iter().map(|n| n.reason).collect();
    assert_eq!(
        reasons,
        [
            NoteReason::NotASpreadsheet,
            NoteReason::SystemFile,
            NoteReason::Duplicate
        ]
    );
    assert_eq!(c.read_paths.len(), 3);
}

#[test]
fn archives_are_listed_sorted_and_hostile_entries_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("remis.zip");
    let bytes = zip_with(&[
        ("Zoé B_2_assignsubmission_file_/t.xlsx", b"two"),
        ("../evil.xlsx", b"x"),
        ("/abs.xlsx", b"x"),
        ("Ame\u{301}lie A_1_assignsubmission_file_/t.xlsx", b"one"),
        (
            "Ame\u{301}lie A_1_assignsubmission_onlinetext_/onlinetext.html",
            b"<p>",
        ),
        ("__MACOSX/._t.xlsx", b"x"),
    ]);
    std::fs::write(&path, bytes).unwrap();
    let c = collect(&[path], &Limits::default(), &[]);
    let got = names(&c);
    assert_eq!(
        got,
        [
            ("../evil.xlsx".to_string(), true),
            ("/abs.xlsx".to_string(), true),
            (
                "Amélie A_1_assignsubmission_file_/t.xlsx".to_string(),
                false
            ),
            ("Zoé B_2_assignsubmission_file_/t.xlsx".to_string(), false),
        ]
    );
    assert_eq!(c.files[2].submission.as_ref().unwrap().name, "Amélie A");
    assert_eq!(c.files[2].read(&Limits::default()).unwrap(), b"one");
    assert_eq!(c.files[3].read(&Limits::default()).unwrap(), b"two");
    assert!(matches!(
        c.files[0].read(&Limits::default()),
        Err(InputError::Escapes { .. })
    ));
    assert_eq!(c.notes.len(), 2, "{:?}", c.notes);
}

#[test]
fn limits_refuse_big_entries_many_entries_and_deep_nesting() {
    let dir = tempfile::tempdir().unwrap();
    let inner = zip_with(&[
        ("deep.zip", &zip_with(&[("x.xlsx", b"x")])),
        ("ok.xlsx", b"ok"),
    ]);
    let path = dir.path().join("outer.zip");
    std::fs::write(
        &path,
        zip_with(&[("inner.zip", &inner), ("big.xlsx", &[0u8; 4096])]),
    )
    .unwrap();
    let limits = Limits {
        max_file_size: 2048,
        ..Limits::default()
    };
    let c = collect(std::slice::from_ref(&path), &limits, &[]);
    let got = names(&c);
    assert_eq!(
        got,
        [
            ("big.xlsx".to_string(), true),
            ("inner.zip/deep.zip".to_string(), true),
            ("inner.zip/ok.xlsx".to_string(), false),
        ]
    );
    assert_eq!(
        c.files[2].name,
        format!("{}/inner.zip/ok.xlsx", path.display())
    );
    assert_eq!(c.files[2].read(&limits).unwrap(), b"ok");
    assert!(matches!(
        c.files[0].refused(),
        Some(InputError::TooLarge { .. })
    ));
    assert!(matches!(
        c.files[1].refused(),
        Some(InputError::NestedTooDeep { .. })
    ));

    let few = Limits {
        max_entries: 3,
        ..Limits::default()
    };
    let c = collect(&[path], &few, &[]);
    assert!(
        c.files
            .iter()
            .any(|f| matches!(f.refused(), Some(InputError::TooManyEntries { .. })))
    );
}

#[test]
fn missing_inputs_become_refused_files() {
    let c = collect(
        &[PathBuf::from("/nonexistent/grille.xlsx")],
        &Limits::default(),
        &[],
    );
    assert_eq!(c.files.len(), 1);
    assert!(matches!(c.files[0].refused(), Some(InputError::Io { .. })));
}
