//! `grille serve` over HTTP: the real binary on a free port, driven by a raw HTTP client.
//! The endpoints must give what the command line gives for the same files.

mod common;
mod serve_common;

use std::io::{Cursor, Read, Write};
use std::path::Path;

use serve_common::{Server, multipart, request, sample};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const SHEETS: &[&str] = &[
    "01-modele-officiel-conforme.xlsx",
    "02-modele-officiel-a-reprendre.xlsx",
    "03-colonnes-par-activite.xlsx",
    "04-liste-activite-mal-placee.xlsx",
    "05-grille-transposee.xlsx",
    "06-liste-export-tableur.csv",
];
const DAMAGED: &str = "07-fichier-endommage.xlsx";

fn samples(names: &[&str]) -> Vec<(String, Vec<u8>)> {
    names.iter().map(|n| sample(n)).collect()
}

fn refs(files: &[(String, Vec<u8>)]) -> Vec<(&str, &[u8])> {
    files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect()
}

fn sheets_dir() -> std::path::PathBuf {
    common::samples().join("sheets")
}

fn zip_names(bytes: &[u8]) -> Vec<String> {
    let archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a ZIP answer");
    let mut names: Vec<String> = archive
        .file_names()
        .map(|n| n.unwrap().into_owned())
        .collect();
    names.sort();
    names
}

fn zip_entry(bytes: &[u8], name: &str) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = Vec::new();
    archive
        .by_name(name)
        .unwrap_or_else(|_| panic!("{name} in the ZIP"))
        .read_to_end(&mut out)
        .unwrap();
    out
}

#[test]
fn the_page_speaks_french_or_english_and_loads_only_its_own_assets() {
    let server = Server::start(&[]);
    let page = server.get("/", &[]);
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let html = page.text();
    assert!(html.contains("<html lang=\"fr\""), "{html}");
    assert!(html.contains("Déposez vos fichiers ici"));
    assert!(html.contains("type=\"file\"") && html.contains(" multiple"));
    assert!(html.contains("<option value=\"bts-sio-b1\">"));
    assert!(html.contains("value=\"bts-sio-e5\""));
    let csp = page.header("content-security-policy").unwrap();
    assert!(csp.contains("script-src 'self'"), "{csp}");

    let english = server.get("/?lang=en", &[]).text();
    assert!(english.contains("<html lang=\"en\"") && english.contains("Drop your files here"));
    let browser = server.get("/", &[("Accept-Language", "en-GB,en;q=0.9,fr;q=0.5")]);
    assert!(browser.text().contains("Drop your files here"));
    let french = server.get("/", &[("Accept-Language", "fr-FR,en;q=0.5")]);
    assert!(french.text().contains("Déposez vos fichiers ici"));

    for (path, kind) in [
        ("/assets/app.js", "text/javascript"),
        ("/assets/style.css", "text/css"),
    ] {
        let asset = server.get(path, &[]);
        assert_eq!(asset.status, 200, "{path}");
        assert!(asset.header("content-type").unwrap().starts_with(kind));
        assert!(!asset.text().contains("https://"), "{path} fetches nothing");
    }
    let missing = server.get("/nothing-here", &[]);
    assert_eq!(missing.status, 404);
    assert_eq!(missing.json()["error"], "page introuvable");
}

#[test]
fn api_check_gives_the_json_of_grille_check_for_each_file() {
    let server = Server::start(&[]);
    let mut names = SHEETS.to_vec();
    names.push(DAMAGED);
    let files = samples(&names);
    let answer = server.post_files("/api/check", &refs(&files));
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(answer.header("content-type"), Some("application/json"));
    let reports = answer.json();
    let reports = reports.as_array().expect("an array");
    assert_eq!(reports.len(), names.len());
    for (name, report) in names.iter().zip(reports) {
        assert_eq!(report["file"], *name);
        let cli = common::grille()
            .current_dir(sheets_dir())
            .args(["check", "--format", "json", name])
            .output()
            .unwrap();
        if *name == DAMAGED {
            // `grille check` says why on stderr; the server's report carries it as its finding.
            assert_eq!(cli.status.code(), Some(2));
            let said = String::from_utf8_lossy(&cli.stderr);
            let said = said.trim().trim_start_matches("grille : ");
            assert_eq!(report["findings"][0]["kind"], "unreadable-file");
            assert_eq!(report["findings"][0]["message"], said);
            continue;
        }
        let expected: serde_json::Value =
            serde_json::from_slice(&cli.stdout).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(report, &expected, "{name}");
    }
    // Findings are there to be seen: the sheet « à reprendre » has errors with their cells.
    let with_cells = reports[1]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["cell"].is_string())
        .count();
    assert!(with_cells > 0, "{}", reports[1]);
}

#[test]
fn api_check_in_english_and_against_another_template() {
    let server = Server::start(&[]);
    let files = samples(&["02-modele-officiel-a-reprendre.xlsx"]);
    let answer = server.post_files(
        "/api/check?lang=en&referential=bts-sio-b1&template=bts-sio-e4",
        &refs(&files),
    );
    assert_eq!(answer.status, 200, "{}", answer.text());
    let cli = common::grille()
        .current_dir(sheets_dir())
        .args([
            "check",
            "--format",
            "json",
            "--lang",
            "en",
            "--template",
            "bts-sio-e4",
            "02-modele-officiel-a-reprendre.xlsx",
        ])
        .output()
        .unwrap();
    let expected: serde_json::Value = serde_json::from_slice(&cli.stdout).unwrap();
    assert_eq!(answer.json()[0], expected);

    for (query, needle) in [
        ("referential=nope", "référentiel « nope » inconnu"),
        (
            "template=../../etc/passwd",
            "modèle « ../../etc/passwd » inconnu",
        ),
        (
            "referential=lp-assr&template=bts-sio-e5",
            "est prévu pour le référentiel bts-sio-b1",
        ),
    ] {
        let refused = server.post_files(&format!("/api/check?{query}"), &refs(&files));
        assert_eq!(refused.status, 400, "{query}");
        let error = refused.json()["error"].as_str().unwrap().to_string();
        assert!(error.contains(needle), "{query}: {error}");
    }
}

#[test]
fn a_corrupt_file_among_good_ones_is_its_finding_and_the_server_goes_on() {
    let tmp = tempfile::tempdir().unwrap();
    let mut server = Server::start_in(&[], Some(tmp.path()));
    let good = sample("02-modele-officiel-a-reprendre.xlsx");
    let damaged = sample(DAMAGED);
    let conforme = sample(SHEETS[0]);
    let files: Vec<(&str, &[u8])> = vec![
        (&good.0, &good.1),
        ("notes.pdf", b"%PDF-1.4 not a sheet"),
        (&damaged.0, &damaged.1),
        ("vide.xlsx", b""),
        (&conforme.0, &conforme.1),
    ];
    for path in ["/api/check", "/api/fix", "/api/batch", "/api/summary"] {
        let answer = server.post_files(path, &files);
        assert_eq!(answer.status, 200, "{path}: {}", answer.text());
    }
    let reports = server.post_files("/api/check", &files).json();
    let kinds: Vec<bool> = reports
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["findings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["kind"] == "unreadable-file")
        })
        .collect();
    assert_eq!(kinds, [false, true, true, true, false]);
    assert!(
        reports[3]["findings"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("vide.xlsx"),
        "{}",
        reports[3]
    );
    // The corrected grids of the readable ones only.
    let fixed = server.post_files("/api/fix", &files);
    assert_eq!(
        zip_names(&fixed.body),
        [
            "01-modele-officiel-conforme.xlsx",
            "02-modele-officiel-a-reprendre.xlsx"
        ]
    );
    assert!(server.alive());
    assert_eq!(server.get("/", &[]).status, 200);
    // Nothing of the files stays on disk once answered.
    let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert!(left.is_empty(), "left in the temporary folder: {left:?}");
}

#[test]
fn api_fix_answers_the_corrected_grid_that_libreoffice_opens() {
    let server = Server::start(&[]);
    let files = samples(&["02-modele-officiel-a-reprendre.xlsx"]);
    let answer = server.post_files("/api/fix", &refs(&files));
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(answer.header("content-type"), Some(XLSX));
    let disposition = answer.header("content-disposition").unwrap();
    assert!(
        disposition.contains("filename=\"02-modele-officiel-a-reprendre-corrige.xlsx\""),
        "{disposition}"
    );
    assert!(answer.body.starts_with(b"PK"));

    // The same grid as `grille fix` writes (same sheets, same cells).
    let dir = tempfile::tempdir().unwrap();
    let served = dir.path().join("served.xlsx");
    std::fs::write(&served, &answer.body).unwrap();
    let cli = dir.path().join("cli.xlsx");
    common::grille()
        .current_dir(sheets_dir())
        .args(["fix", "02-modele-officiel-a-reprendre.xlsx", "-o"])
        .arg(&cli)
        .assert()
        .code(1);
    let cells = |path: &Path| {
        let mut workbook = calamine::open_workbook_auto(path).unwrap();
        use calamine::Reader;
        workbook
            .worksheets()
            .into_iter()
            .map(|(name, range)| (name, format!("{:?}", range.cells().collect::<Vec<_>>())))
            .collect::<Vec<_>>()
    };
    let (served_cells, cli_cells) = (cells(&served), cells(&cli));
    assert!(
        !format!("{served_cells:?}").contains("grille-serve-"),
        "the temporary folder shows in the corrected grid"
    );
    assert!(
        served_cells == cli_cells,
        "the served grid differs from `grille fix`'s"
    );

    if let Some(soffice) = common::soffice() {
        let csv = common::libreoffice_convert(&soffice, &served, "csv", &dir.path().join("csv"));
        let text = std::fs::read_to_string(csv).unwrap();
        assert!(text.contains("MOREAU"), "{text}");
    }

    // Several files: a ZIP of their corrected grids.
    let files = samples(&SHEETS[..2]);
    let answer = server.post_files("/api/fix", &refs(&files));
    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("content-type"), Some("application/zip"));
    let names = zip_names(&answer.body);
    assert_eq!(
        names,
        [
            "01-modele-officiel-conforme.xlsx",
            "02-modele-officiel-a-reprendre.xlsx"
        ]
    );
    for name in &names {
        assert!(zip_entry(&answer.body, name).starts_with(b"PK"));
    }

    // A file with no grid: no corrected grid, and why.
    let damaged = samples(&[DAMAGED]);
    let refused = server.post_files("/api/fix", &refs(&damaged));
    assert_eq!(refused.status, 422);
    let error = refused.json()["error"].as_str().unwrap().to_string();
    assert!(
        error.starts_with("aucune grille corrigée : 07-fichier-endommage.xlsx"),
        "{error}"
    );
}

#[test]
fn api_batch_answers_what_grille_batch_writes() {
    let server = Server::start(&[]);
    let mut names = SHEETS[1..4].to_vec();
    names.push(DAMAGED);
    let files = samples(&names);
    let answer = server.post_files("/api/batch", &refs(&files));
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(answer.header("content-type"), Some("application/zip"));

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    common::grille()
        .current_dir(sheets_dir())
        .args(["batch", "-q", "-o"])
        .arg(&out)
        .args(&names)
        .assert()
        .code(2);
    let mut written: Vec<String> = ["synthese.xlsx", "rapport.jsonl"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for entry in std::fs::read_dir(out.join("corriges")).unwrap() {
        written.push(format!(
            "corriges/{}",
            entry.unwrap().file_name().to_string_lossy()
        ));
    }
    written.sort();
    assert_eq!(zip_names(&answer.body), written);
    assert_eq!(
        String::from_utf8(zip_entry(&answer.body, "rapport.jsonl")).unwrap(),
        std::fs::read_to_string(out.join("rapport.jsonl")).unwrap()
    );
    let summary = zip_entry(&answer.body, "synthese.xlsx");
    assert!(summary.starts_with(b"PK"));

    // The class summary alone.
    let alone = server.post_files("/api/summary", &refs(&files));
    assert_eq!(alone.status, 200);
    assert_eq!(alone.header("content-type"), Some(XLSX));
    if let Some(soffice) = common::soffice() {
        let path = dir.path().join("synthese.xlsx");
        std::fs::write(&path, &alone.body).unwrap();
        let csv = common::libreoffice_convert(&soffice, &path, "csv", &dir.path().join("csv"));
        let text = std::fs::read_to_string(csv).unwrap();
        assert!(text.contains("MOREAU"), "{text}");
    }
}

#[test]
fn a_moodle_archive_is_expanded_as_grille_batch_does() {
    let server = Server::start(&[]);
    let (_, sheet) = sample("02-modele-officiel-a-reprendre.xlsx");
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, bytes) in [
        (
            "Théo MOREAU_1234_assignsubmission_file_/Tableau.xlsx",
            sheet.as_slice(),
        ),
        (
            "Jeanne DUPONT_1235_assignsubmission_file_/rapport.pdf",
            b"%PDF",
        ),
        (
            "Jeanne DUPONT_1235_assignsubmission_file_/grille.xlsx",
            b"PK broken",
        ),
        ("../evil.xlsx", sheet.as_slice()),
    ] {
        zip.start_file(name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    let archive = zip.finish().unwrap().into_inner();
    let answer = server.post_files("/api/check", &[("remis.zip", &archive)]);
    assert_eq!(answer.status, 200, "{}", answer.text());
    let reports = answer.json();
    let files: Vec<&str> = reports
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        files,
        [
            "remis.zip/../evil.xlsx",
            "remis.zip/Jeanne DUPONT_1235_assignsubmission_file_/grille.xlsx",
            "remis.zip/Théo MOREAU_1234_assignsubmission_file_/Tableau.xlsx",
        ]
    );
    assert_eq!(reports[0]["findings"][0]["kind"], "unreadable-file");
    assert_eq!(reports[1]["findings"][0]["kind"], "unreadable-file");
    assert_eq!(reports[2]["candidate"]["name"], "MOREAU Théo");

    let fixed = server.post_files("/api/fix", &[("remis.zip", &archive)]);
    assert_eq!(fixed.header("content-type"), Some("application/zip"));
    assert_eq!(zip_names(&fixed.body), ["Théo MOREAU - Tableau.xlsx"]);
}

#[test]
fn another_host_or_origin_is_refused() {
    let server = Server::start(&[]);
    let port = server.port.to_string();
    for host in [
        "evil.example".to_string(),
        format!("evil.example:{port}"),
        format!("127.0.0.1.evil.example:{port}"),
        "127.0.0.1:1".to_string(),
    ] {
        let answer = request(server.port, "GET", "/", &[("Host", &host)], b"");
        assert_eq!(answer.status, 403, "{host}");
        let error = answer.json()["error"].as_str().unwrap().to_string();
        assert!(
            error.contains(&format!("hôte « {host} » refusé")),
            "{error}"
        );
        assert!(error.contains("DNS rebinding"), "{error}");
    }
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        "localhost".into(),
    ] {
        assert_eq!(
            request(server.port, "GET", "/", &[("Host", &host)], b"").status,
            200,
            "{host}"
        );
    }
    let english = request(
        server.port,
        "GET",
        "/?lang=en",
        &[("Host", "evil.example")],
        b"",
    );
    assert!(
        english.json()["error"]
            .as_str()
            .unwrap()
            .starts_with("host “evil.example” refused")
    );

    // A page of another site posting to us.
    let files = samples(&[SHEETS[0]]);
    let (kind, body) = multipart(&refs(&files));
    let answer = request(
        server.port,
        "POST",
        "/api/check",
        &[("Content-Type", &kind), ("Origin", "http://evil.example")],
        &body,
    );
    assert_eq!(answer.status, 403);
    let ours = format!("http://127.0.0.1:{port}");
    let answer = request(
        server.port,
        "POST",
        "/api/check",
        &[("Content-Type", &kind), ("Origin", &ours)],
        &body,
    );
    assert_eq!(answer.status, 200, "{}", answer.text());
}

#[test]
fn an_upload_over_the_limit_gets_413_with_a_clear_message() {
    let server = Server::start(&["--max-upload", "1"]);
    // Announced too large, and cut short: refused without processing it.
    let (kind, _) = multipart(&[]);
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stream
        .set_read_timeout(Some(serve_common::TIMEOUT))
        .unwrap();
    write!(
        stream,
        "POST /api/check HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: {kind}\r\nContent-Length: 3145728\r\n\r\n--partial",
        server.port
    )
    .unwrap();
    stream.shutdown(std::net::Shutdown::Write).unwrap();
    let answer = serve_common::read_answer(stream);
    assert_eq!(answer.status, 413);
    assert_eq!(
        answer.json()["error"],
        "envoi refusé : 3\u{a0}Mo dépassent la limite de 1\u{a0}Mo ; envoyer moins de fichiers à la fois, ou relancer « grille serve --max-upload N » (en Mo)"
    );

    // A browser sends the whole body it announced: it still gets the 413 and its message.
    let big = vec![b'x'; 3 << 20];
    let (kind, body) = multipart(&[("gros.xlsx", &big)]);
    let answer = request(
        server.port,
        "POST",
        "/api/check",
        &[("Content-Type", &kind)],
        &body,
    );
    assert_eq!(answer.status, 413);
    assert!(
        answer.json()["error"]
            .as_str()
            .unwrap()
            .starts_with("envoi refusé : 3\u{a0}Mo dépassent la limite de 1\u{a0}Mo")
    );

    // Sent in chunks, with no length announced: refused once the limit is passed.
    let big = vec![b'x'; 3 << 20];
    let (kind, body) = multipart(&[("gros.xlsx", &big)]);
    let mut chunked = Vec::new();
    for chunk in body.chunks(64 << 10) {
        chunked.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        chunked.extend_from_slice(chunk);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let answer = request(
        server.port,
        "POST",
        "/api/check?lang=en",
        &[("Content-Type", &kind), ("Transfer-Encoding", "chunked")],
        &chunked,
    );
    assert_eq!(answer.status, 413, "{}", answer.text());
    let error = answer.json()["error"].as_str().unwrap().to_string();
    assert!(
        error.starts_with("upload refused: it exceeds the limit of 1 MB"),
        "{error}"
    );

    // Under the limit, the same server answers.
    let files = samples(&[SHEETS[0]]);
    assert_eq!(server.post_files("/api/check", &refs(&files)).status, 200);
}

#[test]
fn requests_without_files_are_told_what_is_expected() {
    let server = Server::start(&[]);
    let empty = server.post_files("/api/check", &[]);
    assert_eq!(empty.status, 400);
    assert!(
        empty.json()["error"]
            .as_str()
            .unwrap()
            .contains("champ « files »")
    );
    let plain = request(
        server.port,
        "POST",
        "/api/fix",
        &[("Content-Type", "text/plain")],
        b"x",
    );
    assert_eq!(plain.status, 400);
    assert!(
        plain.json()["error"]
            .as_str()
            .unwrap()
            .contains("multipart/form-data")
    );
    let broken = request(
        server.port,
        "POST",
        "/api/check",
        &[("Content-Type", "multipart/form-data; boundary=abc")],
        b"--abc\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.xlsx\"\r\n\r\nPK",
    );
    assert_eq!(broken.status, 400, "{}", broken.text());
}

#[test]
fn concurrent_requests_all_get_their_answer() {
    let server = Server::start(&[]);
    let files = samples(&SHEETS[..3]);
    let port = server.port;
    let statuses: Vec<u16> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..5)
            .map(|_| {
                let files = &files;
                scope.spawn(move || {
                    let (kind, body) = multipart(&refs(files));
                    request(
                        port,
                        "POST",
                        "/api/check",
                        &[("Content-Type", &kind)],
                        &body,
                    )
                    .status
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(statuses, [200; 5]);
}

#[test]
fn a_taken_port_moves_to_the_next_one() {
    let taken = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let port = taken.local_addr().unwrap().port();
    if port == u16::MAX {
        return;
    }
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_grille"))
        .args(["serve", "--port", &port.to_string()])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut reader = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    let mut second = String::new();
    std::io::BufRead::read_line(&mut reader, &mut first).unwrap();
    std::io::BufRead::read_line(&mut reader, &mut second).unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        first.starts_with(&format!("Le port {port} est pris : grille prend le ")),
        "{first}"
    );
    assert!(
        second.starts_with("Page de grille ouverte sur http://127.0.0.1:"),
        "{second}"
    );
    assert!(!second.contains(&format!(":{port}/")), "{second}");
}
