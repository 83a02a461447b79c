//! Helpers shared by the integration tests: running the binary, and LibreOffice headless as
//! the judge of the files grille writes.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The `grille` binary under test.
pub fn grille() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("grille").expect("grille binary");
    cmd.env("NO_COLOR", "1");
    cmd
}

/// The repository's `samples/` folder.
pub fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

/// `../shared/realworld/` when present (tests that use it skip when absent).
pub fn realworld() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/realworld");
    dir.is_dir().then_some(dir)
}

/// The LibreOffice binary, if installed. CI installs it (`.ci/run`); without it, tests that
/// need it fail unless GRILLE_SKIP_LIBREOFFICE=1 is set (a developer's machine without it).
pub fn soffice() -> Option<PathBuf> {
    if std::env::var_os("GRILLE_SKIP_LIBREOFFICE").is_some() {
        return None;
    }
    for candidate in ["soffice", "libreoffice"] {
        if let Ok(out) = Command::new("which").arg(candidate).output()
            && out.status.success()
        {
            let path = String::from_utf8_lossy(&out.stdout).trim().to_string();
            if !path.is_empty() {
                return Some(PathBuf::from(path));
            }
        }
    }
    panic!(
        "LibreOffice (soffice) is required by this test: apt-get install libreoffice-calc-nogui, or set GRILLE_SKIP_LIBREOFFICE=1"
    );
}

/// LibreOffice headless with its own user profile in `profile` (LibreOffice refuses to share
/// one between parallel runs), ready for `--convert-to`.
pub fn soffice_headless(soffice: &Path, profile: &Path) -> Command {
    let mut cmd = Command::new(soffice);
    cmd.args([
        "--headless",
        "--norestore",
        "--nologo",
        "--nolockcheck",
        "--nodefault",
        "--nofirststartwizard",
    ])
    .arg(format!(
        "-env:UserInstallation=file://{}",
        profile.display()
    ));
    cmd
}

/// Converts `input` with LibreOffice headless (`pdf`, `csv`, `ods`, `xls`…) into `outdir` and
/// returns the output path. LibreOffice exits 0 even when it could not load the file, so the
/// output's existence is checked. Each call uses its own user profile (parallel tests).
/// For CSV, the filter options ask for UTF-8 and the given sheet (1-based; 0 = all sheets,
/// one file per sheet named `<stem>-<SheetName>.csv`).
pub fn libreoffice_convert(soffice: &Path, input: &Path, to: &str, outdir: &Path) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let unique = format!(
        "{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    );
    let profile = std::env::temp_dir().join(format!("grille-lo-{unique}"));
    std::fs::create_dir_all(outdir).unwrap();
    let filter = match to {
        // Field sep ',', text delimiter '"', UTF-8 (76), first line 1, ..., sheet 1.
        "csv" => "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,1"
            .to_string(),
        other => other.to_string(),
    };
    let status = soffice_headless(soffice, &profile)
        .args(["--convert-to", &filter, "--outdir"])
        .arg(outdir)
        .arg(input)
        .output()
        .expect("run soffice");
    let _ = std::fs::remove_dir_all(&profile);
    let ext = to.split(':').next().unwrap();
    let out = outdir.join(input.with_extension(ext).file_name().unwrap());
    // With a sheet selected in the CSV filter, LibreOffice names the file `<stem>-<Sheet>.csv`.
    let out = if out.exists() {
        out
    } else {
        let stem = input.file_stem().unwrap().to_string_lossy().to_string();
        let mut found: Vec<PathBuf> = std::fs::read_dir(outdir)
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                let name = p.file_name().unwrap().to_string_lossy();
                name.starts_with(&format!("{stem}-")) && name.ends_with(&format!(".{ext}"))
            })
            .collect();
        found.sort();
        found.into_iter().next().unwrap_or(out)
    };
    assert!(
        out.exists(),
        "LibreOffice could not convert {} to {to}: {}{}",
        input.display(),
        String::from_utf8_lossy(&status.stdout),
        String::from_utf8_lossy(&status.stderr)
    );
    out
}

/// `grille check --format json` on one file: its exit status and its report (the first JSON
/// object it printed, `Null` when there is none).
pub fn check_json(path: &Path) -> (i32, serde_json::Value) {
    let out = grille()
        .args(["check", "--format", "json"])
        .arg(path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let json = stdout
        .lines()
        .find(|l| l.starts_with('{'))
        .and_then(|l| serde_json::from_str(l).ok())
        .unwrap_or(serde_json::Value::Null);
    (out.status.code().unwrap_or(-1), json)
}
