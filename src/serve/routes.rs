//! The HTTP side: which requests are accepted, and what each endpoint answers.
//!
//! `GET /` is the page; `POST /api/check`, `/api/fix`, `/api/batch` and `/api/summary` take a
//! multipart body (field `files`, one or more; a ZIP is expanded as `grille batch` does) and
//! answer the JSON of `grille check --format json` (an array), the corrected grid (a ZIP for
//! several files), the ZIP `grille batch -o` would write, or the class summary workbook.
//! Query: `lang=fr|en`, `referential=ID`, `template=ID` (embedded ones only: a web page never
//! names a file on this computer).

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Request};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tokio::sync::Semaphore;

use super::uploads::Uploads;
use super::{ServeOptions, archive, lang, page};
use crate::Lang;
use crate::batch::{BatchOptions, BatchResult};
use crate::model::Referential;
use crate::template::Template;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const ZIP: &str = "application/zip";
const JSON: &str = "application/json";

/// What every request shares.
#[derive(Debug)]
pub struct State {
    options: ServeOptions,
    /// The port bound: a `Host` naming another one is not ours.
    port: u16,
    /// Requests processed at once (others wait).
    permits: Semaphore,
}

impl State {
    pub fn new(options: ServeOptions, port: u16) -> Self {
        Self {
            options,
            port,
            permits: Semaphore::new(options.concurrency.max(1)),
        }
    }
}

type Shared = Arc<State>;

pub fn router(state: Shared) -> Router {
    let limit = usize::try_from(state.options.max_upload).unwrap_or(usize::MAX);
    Router::new()
        .route("/", get(index))
        .route(
            "/assets/style.css",
            get(|| async { asset(page::CSS, "text/css") }),
        )
        .route(
            "/assets/app.js",
            get(|| async { asset(page::JS, "text/javascript") }),
        )
        .route("/api/check", post(|s, r| endpoint(s, r, Endpoint::Check)))
        .route("/api/fix", post(|s, r| endpoint(s, r, Endpoint::Fix)))
        .route("/api/batch", post(|s, r| endpoint(s, r, Endpoint::Batch)))
        .route(
            "/api/summary",
            post(|s, r| endpoint(s, r, Endpoint::Summary)),
        )
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(limit))
        .layer(middleware::from_fn_with_state(state.clone(), guard))
        .with_state(state)
}

/// The language of a request (`?lang=`, else `Accept-Language`).
fn request_lang(request: &Request) -> Lang {
    let accept = request
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    lang::negotiate(request.uri().query(), accept)
}

/// A `{"error": "…"}` answer.
fn error(status: StatusCode, message: &str) -> Response {
    let body = serde_json::json!({ "error": message }).to_string();
    let mut response = (status, body).into_response();
    set(&mut response, header::CONTENT_TYPE, JSON);
    set(&mut response, header::CACHE_CONTROL, "no-store");
    response
}

fn set(response: &mut Response, name: header::HeaderName, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        response.headers_mut().insert(name, value);
    }
}

/// Whether a `Host` header names this server on the loopback (`localhost`, `127.0.0.1`, with
/// our port or none): anything else is a page of another site reaching us through DNS
/// rebinding.
pub fn host_allowed(host: &str, port: u16) -> bool {
    let (name, given_port) = match host.rsplit_once(':') {
        Some((name, p)) => match p.parse::<u16>() {
            Ok(p) => (name, Some(p)),
            Err(_) => return false,
        },
        None => (host, None),
    };
    let ours = name.eq_ignore_ascii_case("localhost") || name == "127.0.0.1";
    ours && given_port.is_none_or(|p| p == port)
}

/// Whether an `Origin` header (sent by browsers with a POST) is this server's page.
fn origin_allowed(origin: &str, port: u16) -> bool {
    origin
        .strip_prefix("http://")
        .is_some_and(|host| host_allowed(host, port) && host.contains(':'))
}

/// Every request: our `Host` only, a browser's POST from our page only, a body announced
/// too large refused before it is read.
async fn guard(
    axum::extract::State(state): axum::extract::State<Shared>,
    request: Request,
    next: Next,
) -> Response {
    let lang = request_lang(&request);
    let headers = request.headers();
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    if !host_allowed(host, state.port) {
        let message = match lang {
            Lang::Fr => format!(
                "hôte « {host} » refusé : grille serve ne répond qu’à localhost et 127.0.0.1 (protection contre le « DNS rebinding »)"
            ),
            Lang::En => format!(
                "host “{host}” refused: grille serve answers localhost and 127.0.0.1 only (protection against DNS rebinding)"
            ),
        };
        return error(StatusCode::FORBIDDEN, &message);
    }
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|h| h.to_str().ok())
        && !origin_allowed(origin, state.port)
    {
        let message = match lang {
            Lang::Fr => format!(
                "origine « {origin} » refusée : seule la page de grille serve peut envoyer des fichiers"
            ),
            Lang::En => {
                format!("origin “{origin}” refused: only grille serve’s own page may send files")
            }
        };
        return error(StatusCode::FORBIDDEN, &message);
    }
    if let Some(length) = announced_length(headers)
        && length > state.options.max_upload
    {
        if length <= DRAIN_LIMIT {
            // A client that announces a body and never sends it is not waited for.
            let _ = tokio::time::timeout(DRAIN_TIME, drain(request.into_body())).await;
        }
        return too_large(lang, state.options.max_upload, Some(length));
    }
    next.run(request).await
}

/// Bytes of a refused body still read before answering, and for how long at most.
const DRAIN_LIMIT: u64 = 512 << 20;
const DRAIN_TIME: std::time::Duration = std::time::Duration::from_secs(10);

/// Reads a refused body to its end, keeping nothing: a server that closes the connection
/// while a browser is still sending makes it report a reset connection instead of showing
/// the 413 and its message. Bounded by the announced length (≤ [`DRAIN_LIMIT`]).
async fn drain(body: Body) {
    use http_body_util::BodyExt;
    let mut body = body;
    while let Some(frame) = body.frame().await {
        if frame.is_err() {
            break;
        }
    }
}

fn announced_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// « 50 Mo » / « 50 MB », one decimal below 10.
fn megabytes(bytes: u64, lang: Lang) -> String {
    let mb = bytes as f64 / f64::from(1u32 << 20);
    let tenths = (mb * 10.0).round() / 10.0;
    let text = if mb < 10.0 && tenths.fract() != 0.0 {
        format!("{tenths:.1}")
    } else {
        format!("{mb:.0}")
    };
    match lang {
        Lang::Fr => format!("{}\u{a0}Mo", text.replace('.', ",")),
        Lang::En => format!("{text} MB"),
    }
}

/// 413, saying the limit and how to send more.
fn too_large(lang: Lang, limit: u64, size: Option<u64>) -> Response {
    let limit_text = megabytes(limit, lang);
    let message = match (lang, size) {
        (Lang::Fr, Some(size)) => format!(
            "envoi refusé : {} dépassent la limite de {limit_text} ; envoyer moins de fichiers à la fois, ou relancer « grille serve --max-upload N » (en Mo)",
            megabytes(size, lang)
        ),
        (Lang::Fr, None) => format!(
            "envoi refusé : il dépasse la limite de {limit_text} ; envoyer moins de fichiers à la fois, ou relancer « grille serve --max-upload N » (en Mo)"
        ),
        (Lang::En, Some(size)) => format!(
            "upload refused: {} exceed the limit of {limit_text}; send fewer files at once, or restart “grille serve --max-upload N” (in MB)",
            megabytes(size, lang)
        ),
        (Lang::En, None) => format!(
            "upload refused: it exceeds the limit of {limit_text}; send fewer files at once, or restart “grille serve --max-upload N” (in MB)"
        ),
    };
    error(StatusCode::PAYLOAD_TOO_LARGE, &message)
}

async fn index(request: Request) -> Response {
    let lang = request_lang(&request);
    let mut response = page::render(lang).into_response();
    set(
        &mut response,
        header::CONTENT_TYPE,
        "text/html; charset=utf-8",
    );
    set(&mut response, header::VARY, "Accept-Language");
    protect(&mut response);
    response
}

fn asset(text: &'static str, kind: &str) -> Response {
    let mut response = text.into_response();
    set(
        &mut response,
        header::CONTENT_TYPE,
        &format!("{kind}; charset=utf-8"),
    );
    protect(&mut response);
    response
}

/// The page runs only its own script and reaches only this server (and the `blob:` links
/// of the files it received).
fn protect(response: &mut Response) {
    set(
        response,
        header::CONTENT_SECURITY_POLICY,
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' blob:; form-action 'none'; base-uri 'none'; frame-ancestors 'none'",
    );
    set(response, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(response, header::REFERRER_POLICY, "no-referrer");
    set(response, header::CACHE_CONTROL, "no-store");
}

async fn not_found(request: Request) -> Response {
    let lang = request_lang(&request);
    error(
        StatusCode::NOT_FOUND,
        lang.pick("page introuvable", "page not found"),
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Endpoint {
    Check,
    Fix,
    Batch,
    Summary,
}

/// What the files are checked against, from the query.
struct Setup {
    referential: Referential,
    template: Template,
}

fn setup(query: Option<&str>, lang: Lang) -> Result<Setup, String> {
    let id = lang::query_value(query, "referential")
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "bts-sio-b1".into());
    let referential = crate::referential::embedded::get(&id).ok_or_else(|| {
        let known = crate::referential::embedded::ids().join(", ");
        lang.pick(
            format!("référentiel « {id} » inconnu (référentiels intégrés : {known})"),
            format!("unknown referential “{id}” (embedded referentials: {known})"),
        )
    })?;
    let template = match lang::query_value(query, "template").filter(|v| !v.is_empty()) {
        Some(id) => Template::embedded(&id).ok_or_else(|| {
            let known = Template::embedded_ids().join(", ");
            lang.pick(
                format!("modèle « {id} » inconnu (modèles intégrés : {known})"),
                format!("unknown template “{id}” (embedded templates: {known})"),
            )
        })?,
        None => crate::check::default_template(&referential).ok_or_else(|| {
            lang.pick(
                "aucun modèle de grille pour ce référentiel".to_string(),
                "no grid template for this referential".to_string(),
            )
        })?,
    };
    if template.referential != referential.id {
        return Err(lang.pick(
            format!(
                "le modèle « {} » est prévu pour le référentiel {}, pas pour {}",
                template.id, template.referential, referential.id
            ),
            format!(
                "template “{}” is meant for referential {}, not {}",
                template.id, template.referential, referential.id
            ),
        ));
    }
    Ok(Setup {
        referential,
        template,
    })
}

/// One API request: read the files, check them off the async threads, answer.
async fn endpoint(
    axum::extract::State(state): axum::extract::State<Shared>,
    request: Request,
    endpoint: Endpoint,
) -> Response {
    let lang = request_lang(&request);
    let setup = match setup(request.uri().query(), lang) {
        Ok(setup) => setup,
        Err(message) => return error(StatusCode::BAD_REQUEST, &message),
    };
    // Held until the answer is built: at most `concurrency` requests read and check at once.
    let Ok(_permit) = state.permits.acquire().await else {
        return error(
            StatusCode::SERVICE_UNAVAILABLE,
            lang.pick("serveur en cours d’arrêt", "server shutting down"),
        );
    };
    let uploads = match receive(request, &state, lang).await {
        Ok(uploads) => uploads,
        Err(response) => return response,
    };
    let jobs = state.options.jobs;
    let work = tokio::task::spawn_blocking(move || {
        let mut options = BatchOptions::new(&setup.referential, &setup.template);
        options.lang = lang;
        options.jobs = Some(jobs.max(1));
        options.fix = matches!(endpoint, Endpoint::Fix | Endpoint::Batch);
        let single = uploads.single_sheet().map(str::to_string);
        match uploads.check(&options) {
            Ok(result) => answer(endpoint, &result, &setup.referential, lang, single),
            Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, &e.message(lang)),
        }
    });
    match work.await {
        Ok(response) => response,
        Err(_) => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            lang.pick(
                "erreur interne de grille pendant la vérification",
                "internal error of grille while checking",
            ),
        ),
    }
}

/// The files of a multipart body's `files` fields, kept in a private temporary folder.
async fn receive(request: Request, state: &Shared, lang: Lang) -> Result<Uploads, Response> {
    let not_multipart = || {
        error(
            StatusCode::BAD_REQUEST,
            lang.pick(
                "requête attendue au format multipart/form-data, avec les fichiers dans le champ « files »",
                "expected a multipart/form-data request, with the files in the field “files”",
            ),
        )
    };
    let mut multipart = Multipart::from_request(request, state)
        .await
        .map_err(|_| not_multipart())?;
    let internal = |e: std::io::Error| {
        let reason = crate::input::io_reason(&e, lang);
        error(
            StatusCode::INTERNAL_SERVER_ERROR,
            &lang.pick(
                format!(
                    "impossible de garder les fichiers reçus le temps de les vérifier ({reason})"
                ),
                format!("cannot keep the received files while checking them ({reason})"),
            ),
        )
    };
    let mut uploads = Uploads::new().map_err(internal)?;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => return Err(body_error(e, lang, state.options.max_upload)),
        };
        if field.name() != Some("files") {
            continue;
        }
        let name = field.file_name().unwrap_or_default().to_string();
        let bytes = field
            .bytes()
            .await
            .map_err(|e| body_error(e, lang, state.options.max_upload))?;
        uploads.add(&name, &bytes).map_err(internal)?;
    }
    if uploads.is_empty() {
        return Err(error(
            StatusCode::BAD_REQUEST,
            lang.pick(
                "aucun fichier reçu : envoyer un ou plusieurs fichiers dans le champ « files »",
                "no file received: send one or more files in the field “files”",
            ),
        ));
    }
    Ok(uploads)
}

/// A body that could not be read: too large (413), or not a well-formed multipart body.
fn body_error(e: axum::extract::multipart::MultipartError, lang: Lang, limit: u64) -> Response {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return too_large(lang, limit, None);
    }
    error(
        StatusCode::BAD_REQUEST,
        &lang.pick(
            format!("envoi incomplet ou mal formé ({})", e.body_text()),
            format!("incomplete or malformed upload ({})", e.body_text()),
        ),
    )
}

/// The answer of each endpoint to a checked batch.
fn answer(
    endpoint: Endpoint,
    result: &BatchResult,
    referential: &Referential,
    lang: Lang,
    single: Option<String>,
) -> Response {
    let unwritable = |e: String| {
        error(
            StatusCode::INTERNAL_SERVER_ERROR,
            &lang.pick(
                format!("impossible de construire le fichier à télécharger ({e})"),
                format!("cannot build the file to download ({e})"),
            ),
        )
    };
    match endpoint {
        Endpoint::Check => {
            let reports: Vec<_> = result.items.iter().map(|i| i.report()).collect();
            match serde_json::to_string(&reports) {
                Ok(body) => file(body.into_bytes(), JSON, None),
                Err(e) => unwritable(e.to_string()),
            }
        }
        Endpoint::Fix => fix_answer(result, lang, single),
        Endpoint::Batch => match archive::batch_outputs(result, referential, lang) {
            Ok(bytes) => file(bytes, ZIP, Some("grille-resultats.zip")),
            Err(e) => unwritable(e),
        },
        Endpoint::Summary => {
            match crate::batch::summary::summary_workbook(result, referential, lang) {
                Ok(bytes) => file(bytes, XLSX, Some(crate::batch::write::SUMMARY)),
                Err(e) => unwritable(e.to_string()),
            }
        }
    }
}

/// One sheet sent: its corrected grid (`dupont-corrige.xlsx`, as `grille fix` names it);
/// several, or an archive: a ZIP of the corrected grids. 422 when none could be built.
fn fix_answer(result: &BatchResult, lang: Lang, single: Option<String>) -> Response {
    let why_none = || {
        let reasons: Vec<String> = result
            .items
            .iter()
            .filter(|i| i.corrected.is_none())
            .filter_map(|i| match &i.outcome {
                Err(u) => Some(u.reason.clone()),
                Ok(_) => i.fix_error.clone(),
            })
            .collect();
        let message = lang.pick(
            format!("aucune grille corrigée : {}", reasons.join(" ; ")),
            format!("no corrected grid: {}", reasons.join("; ")),
        );
        error(StatusCode::UNPROCESSABLE_ENTITY, &message)
    };
    if let (Some(sent), [item]) = (single, result.items.as_slice()) {
        let Some(corrected) = &item.corrected else {
            return why_none();
        };
        let stem = sent.rsplit_once('.').map_or(sent.as_str(), |(s, _)| s);
        let name = format!("{stem}-corrige.xlsx");
        return file(corrected.bytes.clone(), XLSX, Some(&name));
    }
    let entries = archive::corrected(result);
    if entries.is_empty() {
        return why_none();
    }
    match archive::zip(&entries) {
        Ok(bytes) => file(bytes, ZIP, Some("grilles-corrigees.zip")),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, &e),
    }
}

/// A 200 answer of `kind`, to be saved as `name` when it is a file.
fn file(bytes: Vec<u8>, kind: &str, name: Option<&str>) -> Response {
    let mut response = Response::new(Body::from(bytes));
    set(&mut response, header::CONTENT_TYPE, kind);
    set(&mut response, header::CACHE_CONTROL, "no-store");
    if let Some(name) = name {
        set(
            &mut response,
            header::CONTENT_DISPOSITION,
            &content_disposition(name),
        );
    }
    response
}

/// `attachment` with an ASCII fallback name and the UTF-8 one (RFC 6266).
fn content_disposition(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_loopback_on_our_port_is_served() {
        for host in ["localhost", "127.0.0.1", "127.0.0.1:8080", "LOCALHOST:8080"] {
            assert!(host_allowed(host, 8080), "{host}");
        }
        for host in [
            "",
            "evil.example",
            "evil.example:8080",
            "127.0.0.1:8081",
            "localhost.evil.example",
            "127.0.0.1.nip.io:8080",
            "localhost:",
            "[::1]:8080",
            "0.0.0.0:8080",
        ] {
            assert!(!host_allowed(host, 8080), "{host}");
        }
        assert!(origin_allowed("http://127.0.0.1:8080", 8080));
        assert!(origin_allowed("http://localhost:8080", 8080));
        assert!(!origin_allowed("http://evil.example:8080", 8080));
        assert!(!origin_allowed("null", 8080));
        assert!(!origin_allowed("https://127.0.0.1:8080", 8080));
    }

    #[test]
    fn sizes_read_well() {
        assert_eq!(megabytes(50 << 20, Lang::Fr), "50\u{a0}Mo");
        assert_eq!(megabytes(3 << 19, Lang::Fr), "1,5\u{a0}Mo");
        assert_eq!(megabytes(3 << 19, Lang::En), "1.5 MB");
        assert_eq!(megabytes((3 << 20) + 300, Lang::Fr), "3\u{a0}Mo");
        assert_eq!(megabytes(120 << 20, Lang::En), "120 MB");
    }

    #[test]
    fn downloads_keep_their_accented_names() {
        assert_eq!(
            content_disposition("Zoé-corrige.xlsx"),
            "attachment; filename=\"Zo_-corrige.xlsx\"; filename*=UTF-8''Zo%C3%A9-corrige.xlsx"
        );
    }

    #[test]
    fn only_embedded_referentials_and_matching_templates() {
        assert!(setup(None, Lang::Fr).is_ok());
        assert!(setup(Some("template=bts-sio-e4"), Lang::Fr).is_ok());
        let unknown = setup(Some("referential=/etc/passwd"), Lang::Fr)
            .err()
            .unwrap();
        assert!(unknown.contains("bts-sio-b1"), "{unknown}");
        let mismatch = setup(Some("referential=lp-assr&template=bts-sio-e5"), Lang::En)
            .err()
            .unwrap();
        assert!(
            mismatch.contains("meant for referential bts-sio-b1"),
            "{mismatch}"
        );
    }
}
