//! The files of one request: kept in a private temporary folder only while they are checked,
//! then removed, before the answer leaves.
//!
//! They go through [`crate::batch`] exactly as `grille batch` reads a folder: each upload is
//! one input, so a ZIP is expanded (Moodle's « Télécharger tous les travaux » included) with
//! the same guards against hostile archives, and a bad file becomes its `unreadable-file`
//! result. Reports name a file as the browser sent it (`dupont.xlsx`, `remis.zip/…`), never
//! by the temporary folder.

use std::path::PathBuf;

use crate::batch::{self, BatchError, BatchOptions, BatchResult};
use crate::output::names::safe_stem;

/// The uploads of one request.
#[derive(Debug)]
pub struct Uploads {
    dir: tempfile::TempDir,
    files: Vec<Upload>,
}

#[derive(Debug)]
struct Upload {
    /// The safe name it is shown by.
    name: String,
    path: PathBuf,
}

impl Uploads {
    /// A new private folder (0700 on Unix, by `tempfile`).
    pub fn new() -> std::io::Result<Self> {
        Ok(Self {
            dir: tempfile::Builder::new().prefix("grille-serve-").tempdir()?,
            files: Vec::new(),
        })
    }

    /// Keeps one uploaded file, under its name made safe (in a folder of its own, so that
    /// two uploads of the same name both count).
    pub fn add(&mut self, sent_name: &str, bytes: &[u8]) -> std::io::Result<()> {
        let folder = self.dir.path().join(self.files.len().to_string());
        std::fs::create_dir(&folder)?;
        let name = safe_file_name(sent_name, self.files.len() + 1);
        let path = folder.join(&name);
        std::fs::write(&path, bytes)?;
        self.files.push(Upload { name, path });
        Ok(())
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// One spreadsheet, not an archive: `/api/fix` answers its corrected grid alone.
    pub fn single_sheet(&self) -> Option<&str> {
        match self.files.as_slice() {
            [one] if !one.name.to_lowercase().ends_with(".zip") => Some(&one.name),
            _ => None,
        }
    }

    /// Checks (and corrects, with `options.fix`) every file, as `grille batch` would; the
    /// folder is removed before this returns.
    pub fn check(self, options: &BatchOptions<'_>) -> Result<BatchResult, BatchError> {
        let inputs: Vec<PathBuf> = self.files.iter().map(|f| f.path.clone()).collect();
        let mut collection = batch::input::collect(&inputs, &options.limits, &[]);
        let roots: Vec<String> = self
            .files
            .iter()
            .filter_map(|f| Some(format!("{}/", f.path.parent()?.display())))
            .collect();
        // Before checking: the name is also written into the corrected grid (« Rapport »).
        for file in &mut collection.files {
            strip(&mut file.name, &roots);
        }
        let mut result = batch::run(collection, options, &|_| {})?;
        // Refused files and skipped ones carry the path in their messages.
        rename(&mut result, &roots);
        result.read_paths.clear();
        drop(self.dir);
        Ok(result)
    }
}

/// The name a browser sent, reduced to its last component and made safe
/// ([`safe_stem`]), its extension kept when it is one; `fichier-N` when nothing is left.
fn safe_file_name(sent: &str, n: usize) -> String {
    let last = sent.rsplit(['/', '\\']).next().unwrap_or_default().trim();
    let (stem, ext) = match last.rsplit_once('.') {
        Some((stem, ext))
            if !stem.is_empty()
                && !ext.is_empty()
                && ext.len() <= 5
                && ext.chars().all(|c| c.is_ascii_alphanumeric()) =>
        {
            (stem, Some(ext))
        }
        _ => (last, None),
    };
    let stem = if stem.trim_matches(['.', ' ']).is_empty() {
        format!("fichier-{n}")
    } else {
        safe_stem(stem)
    };
    match ext {
        Some(ext) => format!("{stem}.{ext}"),
        None => stem,
    }
}

/// Takes the temporary folders out of a name or message.
fn strip(text: &mut String, roots: &[String]) {
    for root in roots {
        if text.contains(root.as_str()) {
            *text = text.replace(root.as_str(), "");
        }
    }
}

/// Takes the temporary folders out of every name and message of the result.
fn rename(result: &mut BatchResult, roots: &[String]) {
    let strip = |text: &mut String| strip(text, roots);
    for item in &mut result.items {
        strip(&mut item.file);
        if let Some(e) = &mut item.fix_error {
            strip(e);
        }
        let report = match &mut item.outcome {
            Ok(report) => report,
            Err(unreadable) => {
                strip(&mut unreadable.reason);
                &mut unreadable.report
            }
        };
        strip(&mut report.file);
        for finding in &mut report.findings {
            strip(&mut finding.message);
            if let Some(s) = &mut finding.suggestion {
                strip(s);
            }
        }
    }
    for note in &mut result.notes {
        strip(&mut note.file);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sent_names_are_made_safe_and_keep_their_extension() {
        assert_eq!(safe_file_name("dupont.xlsx", 1), "dupont.xlsx");
        assert_eq!(
            safe_file_name("C:\\Users\\x\\Grille é.ODS", 1),
            "Grille é.ODS"
        );
        assert_eq!(safe_file_name("../../etc/passwd", 1), "passwd");
        assert_eq!(safe_file_name("..", 3), "fichier-3");
        assert_eq!(safe_file_name("", 2), "fichier-2");
        assert_eq!(safe_file_name("a:b*c.xlsx", 1), "a_b_c.xlsx");
        assert_eq!(safe_file_name("notes.tar gz", 1), "notes.tar gz");
    }

    #[test]
    fn a_bad_file_among_good_ones_is_reported_by_its_sent_name_and_nothing_stays() {
        let referential = crate::referential::embedded::get("bts-sio-b1").unwrap();
        let template = crate::template::Template::default_for("bts-sio-b1").unwrap();
        let mut options = BatchOptions::new(&referential, &template);
        options.fix = false;
        let mut uploads = Uploads::new().unwrap();
        let dir = uploads.dir.path().to_path_buf();
        uploads
            .add("cassé.xlsx", b"PK\x03\x04 not a workbook")
            .unwrap();
        uploads.add("cassé.xlsx", b"").unwrap();
        assert_eq!(uploads.single_sheet(), None);
        let result = uploads.check(&options).unwrap();
        assert!(!dir.exists(), "the temporary folder is removed");
        let files: Vec<_> = result.items.iter().map(|i| i.file.as_str()).collect();
        assert_eq!(files, ["cassé.xlsx", "cassé.xlsx"]);
        for item in &result.items {
            let report = item.report();
            assert_eq!(
                report.findings[0].kind,
                crate::rules::FindingKind::UnreadableFile
            );
            let message = &report.findings[0].message;
            assert!(message.starts_with("cassé.xlsx"), "{message}");
            assert!(!message.contains(&dir.display().to_string()), "{message}");
        }
    }
}
