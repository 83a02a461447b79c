//! `grille serve` in a real browser: headless Chromium driven over WebDriver (chromedriver),
//! as a teacher would use it — open the page, choose two sheets in the file picker, wait for
//! the results, read the findings, follow the download links.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs them). Without them the
//! test says so and passes on a developer's machine, but fails when `CI` is set.
//! `GRILLE_UPDATE_SCREENSHOT=1` writes the page with its results to `docs/serve.png`.

mod serve_common;

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{ClientBuilder, Locator};
use serve_common::{Server, TIMEOUT};

const CHROMIUM: &[&str] = &["/usr/bin/chromium", "/usr/bin/chromium-browser"];
const CHROMEDRIVER: &[&str] = &["/usr/bin/chromedriver"];

fn first_existing(candidates: &[&str]) -> Option<PathBuf> {
    candidates.iter().map(PathBuf::from).find(|p| p.exists())
}

/// Chromium and chromedriver, or `None` (with why) when they are absent outside CI.
fn browser() -> Option<(PathBuf, PathBuf)> {
    match (first_existing(CHROMIUM), first_existing(CHROMEDRIVER)) {
        (Some(chromium), Some(driver)) => Some((chromium, driver)),
        _ if std::env::var_os("CI").is_some() => panic!(
            "CI is set but Chromium or chromedriver is missing: apt-get install chromium chromium-driver"
        ),
        _ => {
            eprintln!(
                "serve_browser skipped: Chromium or chromedriver is not installed (apt-get install chromium chromium-driver)"
            );
            None
        }
    }
}

/// chromedriver on a free port, killed when dropped.
struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    fn start(path: &Path) -> Self {
        let port = TcpListener::bind(("127.0.0.1", 0))
            .and_then(|l| l.local_addr())
            .unwrap()
            .port();
        let child = Command::new(path)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < TIMEOUT, "chromedriver did not listen");
            std::thread::sleep(Duration::from_millis(100));
        }
        Driver { child, port }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn sheet(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples/sheets")
        .join(name)
}

/// Each download link: its class, file name, answer type and first bytes.
const FETCH_LINKS: &str = r#"
const done = arguments[arguments.length - 1];
const links = Array.from(document.querySelectorAll(".downloads a"));
Promise.all(links.map((a) => fetch(a.href).then((r) => r.arrayBuffer().then((b) => ({
  class: a.className,
  name: a.download,
  type: r.headers.get("content-type"),
  magic: Array.from(new Uint8Array(b.slice(0, 2))),
  size: b.byteLength,
}))))).then(done, (e) => done(String(e)));
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_teacher_checks_two_sheets_in_the_browser() {
    let Some((chromium, driver_path)) = browser() else {
        return;
    };
    let server = Server::start(&[]);
    let driver = Driver::start(&driver_path);
    let profile = tempfile::tempdir().unwrap();
    let capabilities = serde_json::json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": chromium,
            "args": [
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--lang=fr-FR",
                "--window-size=1280,1700",
                format!("--user-data-dir={}", profile.path().display()),
            ],
        },
    });
    let serde_json::Value::Object(capabilities) = capabilities else {
        unreachable!()
    };
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a Chromium session through chromedriver");

    let mut outcome = drive(&client, &server).await;
    if outcome.is_ok() {
        outcome = too_large(&client).await;
    }
    let _ = client.close().await;
    drop(driver);
    outcome.unwrap();
}

/// Sends `files` through the page's file input and waits until the page says `state`
/// (`done`, `failed`) on its body.
async fn upload(client: &fantoccini::Client, files: &[PathBuf], state: &str) -> Result<(), String> {
    let e = |e: fantoccini::error::CmdError| e.to_string();
    let paths: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
    let input = client.find(Locator::Css("input#files")).await.map_err(e)?;
    input.send_keys(&paths.join("\n")).await.map_err(e)?;
    client
        .wait()
        .at_most(TIMEOUT)
        .for_element(Locator::Css(&format!("body[data-state='{state}']")))
        .await
        .map_err(e)?;
    Ok(())
}

/// The rendered text of the first element of the page matching `css`.
async fn text_of(client: &fantoccini::Client, css: &str) -> Result<String, String> {
    let e = |e: fantoccini::error::CmdError| e.to_string();
    client
        .find(Locator::Css(css))
        .await
        .map_err(e)?
        .text()
        .await
        .map_err(e)
}

async fn drive(client: &fantoccini::Client, server: &Server) -> Result<(), String> {
    let e = |e: fantoccini::error::CmdError| e.to_string();
    // Headless Chromium asks for English whatever its flags: the page is asked in French.
    client.goto(&server.url("/?lang=fr")).await.map_err(e)?;
    let heading = text_of(client, "h1").await?;
    assert_eq!(heading, "Vérifier des tableaux de synthèse");

    let files = [
        sheet("01-modele-officiel-conforme.xlsx"),
        sheet("02-modele-officiel-a-reprendre.xlsx"),
    ];
    upload(client, &files, "done").await?;

    let status = text_of(client, "#status").await?;
    // WebDriver gives the rendered text: the no-break spaces read as spaces.
    assert_eq!(
        status,
        "Fichiers vérifiés : 2 — valides : 1, à corriger : 1, illisibles : 0."
    );
    let sections = client
        .find_all(Locator::Css("section.file"))
        .await
        .map_err(e)?;
    assert_eq!(sections.len(), 2);
    let mut verdicts = Vec::new();
    for section in &sections {
        verdicts.push(
            section
                .attr("data-verdict")
                .await
                .map_err(e)?
                .unwrap_or_default(),
        );
    }
    assert_eq!(verdicts, ["valid", "errors"]);

    // The findings of the sheet to correct, in sheet order, with their cells.
    let rows = sections[1]
        .find_all(Locator::Css("table.findings tbody tr"))
        .await
        .map_err(e)?;
    let mut shown = Vec::new();
    for row in &rows {
        let kind = row.attr("data-kind").await.map_err(e)?.unwrap_or_default();
        let cell = row
            .find(Locator::Css("td.cell"))
            .await
            .map_err(e)?
            .text()
            .await
            .map_err(e)?;
        shown.push(format!("{cell} {kind}"));
    }
    assert_eq!(
        shown,
        [
            "G4 missing-field",
            "B10 invalid-period",
            "— missing-competence"
        ]
    );
    let zero = sections[1]
        .find(Locator::Css("table.coverage td.zero"))
        .await
        .map_err(e)?
        .text()
        .await
        .map_err(e)?;
    assert_eq!(zero, "0", "B1.3 is not covered");
    let class_rows = client
        .find_all(Locator::Css("section.class table.classes tbody tr"))
        .await
        .map_err(e)?;
    assert_eq!(class_rows.len(), 2);

    // Every download link answers a workbook (or the ZIP of them).
    let links = client.execute_async(FETCH_LINKS, vec![]).await.map_err(e)?;
    let links = links.as_array().ok_or(format!("links: {links}"))?;
    let mut classes = Vec::new();
    for link in links {
        let class = link["class"].as_str().unwrap_or_default().to_string();
        let expected = if class == "all-fixed" {
            "application/zip"
        } else {
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        };
        assert_eq!(link["type"], expected, "{link}");
        assert_eq!(link["magic"], serde_json::json!([80, 75]), "{link}");
        classes.push(class);
    }
    assert_eq!(classes, ["summary", "all-fixed", "fixed", "fixed"]);
    assert_eq!(
        links[3]["name"],
        "02-modele-officiel-a-reprendre-corrige.xlsx"
    );

    let png = client.screenshot().await.map_err(e)?;
    assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
    if std::env::var_os("GRILLE_UPDATE_SCREENSHOT").is_some_and(|v| v == "1") {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/serve.png");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &png).unwrap();
    }

    // In English, a damaged file among good ones: its finding on the page, no corrected grid.
    client.goto(&server.url("/?lang=en")).await.map_err(e)?;
    let files = [
        sheet("07-fichier-endommage.xlsx"),
        sheet("02-modele-officiel-a-reprendre.xlsx"),
    ];
    upload(client, &files, "done").await?;
    let bad = client
        .find(Locator::Css("section.file[data-verdict='unreadable']"))
        .await
        .map_err(e)?;
    let verdict = bad
        .find(Locator::Css(".verdict"))
        .await
        .map_err(e)?
        .text()
        .await
        .map_err(e)?;
    assert_eq!(verdict, "Unreadable");
    let row = bad
        .find(Locator::Css("tr[data-kind='unreadable-file'] td.message"))
        .await
        .map_err(e)?
        .text()
        .await
        .map_err(e)?;
    assert!(
        row.starts_with("07-fichier-endommage.xlsx: damaged or truncated XLSX file"),
        "{row}"
    );
    assert!(
        bad.find_all(Locator::Css(".downloads a"))
            .await
            .map_err(e)?
            .is_empty()
    );
    let fixed = client.find_all(Locator::Css("a.fixed")).await.map_err(e)?;
    assert_eq!(fixed.len(), 1, "the readable sheet's corrected grid only");
    Ok(())
}

/// An upload over `--max-upload`: the page shows the server's message, not a network error.
async fn too_large(client: &fantoccini::Client) -> Result<(), String> {
    let e = |e: fantoccini::error::CmdError| e.to_string();
    let server = Server::start(&["--max-upload", "1"]);
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("gros.xlsx");
    std::fs::write(&big, vec![b'x'; 3 << 20]).unwrap();
    client.goto(&server.url("/?lang=fr")).await.map_err(e)?;
    upload(client, &[big], "failed").await?;
    let status = text_of(client, "#status").await?;
    assert!(
        status.starts_with("Erreur : envoi refusé : 3 Mo dépassent la limite de 1 Mo"),
        "{status}"
    );
    Ok(())
}
