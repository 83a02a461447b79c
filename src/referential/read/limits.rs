//! The bounds a referential stays within, checked before any parser runs.
//!
//! Published referentials weigh 4–10 KB and nest three or four levels (a table cell holding a
//! list of lists). The limits are at least a hundred times that, so they never bite on a real
//! file, and each keeps a hostile or mistaken one (`/dev/urandom`, a 50 MB export, 200,000
//! nested `<div>`) from taking seconds or gigabytes:
//!
//! | limit | value | why |
//! |---|---|---|
//! | Markdown, TSV | 1 MiB | the text, its lines and the model are held in memory |
//! | HTML | 4 MiB | Word and LibreOffice exports carry heavy markup around a small table |
//! | JSON (the model) | 2 MiB | |
//! | HTML nesting (also the HTML inside TSV cells) | 100 open elements | html5ever checks its stack of open elements on every tag: deep nesting is quadratic |
//! | Markdown list nesting | 32 levels | |
//!
//! The HTML depth is measured once, by a linear scan of the tags that mimics the parser's
//! implied end tags (`<li>`, `<td>`, `<p>`…), so that a real page with unclosed items is not
//! mistaken for a deep one.

use super::{ReadError, SourceFormat};

/// Largest referential file read at all (the largest of the per-format limits).
pub const MAX_READ_BYTES: u64 = MAX_HTML_BYTES;
/// Largest Markdown referential.
pub const MAX_MARKDOWN_BYTES: u64 = 1024 * 1024;
/// Largest TSV referential.
pub const MAX_TSV_BYTES: u64 = 1024 * 1024;
/// Largest HTML referential.
pub const MAX_HTML_BYTES: u64 = 4 * 1024 * 1024;
/// Largest JSON referential (the model as `referential convert --to json` writes it).
pub const MAX_JSON_BYTES: u64 = 2 * 1024 * 1024;
/// Most HTML elements open at once.
pub const MAX_HTML_DEPTH: usize = 100;
/// Most levels of nested Markdown list items.
pub const MAX_LIST_DEPTH: usize = 32;

/// The size limit of a format.
pub fn max_bytes(format: SourceFormat) -> u64 {
    match format {
        SourceFormat::Markdown => MAX_MARKDOWN_BYTES,
        SourceFormat::Tsv => MAX_TSV_BYTES,
        SourceFormat::HtmlTable => MAX_HTML_BYTES,
        SourceFormat::Json => MAX_JSON_BYTES,
    }
}

fn format_name(format: SourceFormat) -> &'static str {
    match format {
        SourceFormat::Markdown => "Markdown",
        SourceFormat::Tsv => "TSV",
        SourceFormat::HtmlTable => "HTML",
        SourceFormat::Json => "JSON",
    }
}

/// « 2 Mo » / “2 MB”, rounded up, or in KiB under one MiB.
fn size(bytes: u64, unit_fr: bool) -> String {
    const MIB: u64 = 1024 * 1024;
    match (bytes >= MIB, unit_fr) {
        (true, true) => format!("{}\u{a0}Mo", bytes.div_ceil(MIB)),
        (true, false) => format!("{} MB", bytes.div_ceil(MIB)),
        (false, true) => format!("{}\u{a0}Ko", bytes.div_ceil(1024)),
        (false, false) => format!("{} KB", bytes.div_ceil(1024)),
    }
}

/// The refusal of a file read from disk past [`MAX_READ_BYTES`], before its form is known.
pub(crate) fn file_too_large(origin: &str, bytes: u64) -> ReadError {
    ReadError::Limit {
        origin: origin.into(),
        message_fr: format!(
            "fichier de plus de {} (limite {} pour un référentiel) ; un référentiel pèse quelques dizaines de Ko",
            size(bytes, true),
            size(MAX_READ_BYTES, true)
        ),
        message_en: format!(
            "file over {} (limit {} for a referential); a referential weighs a few tens of KB",
            size(bytes, false),
            size(MAX_READ_BYTES, false)
        ),
    }
}

/// Checks the size of the text and, for HTML and TSV (whose cells hold HTML), its nesting.
pub(super) fn check(text: &str, origin: &str, format: SourceFormat) -> Result<(), ReadError> {
    let len = text.len() as u64;
    let max = max_bytes(format);
    if len > max {
        let name = format_name(format);
        return Err(ReadError::Limit {
            origin: origin.into(),
            message_fr: format!(
                "référentiel {name} de {} (limite {} pour ce format)",
                size(len, true),
                size(max, true)
            ),
            message_en: format!(
                "{name} referential of {} (limit {} for this format)",
                size(len, false),
                size(max, false)
            ),
        });
    }
    if matches!(format, SourceFormat::HtmlTable | SourceFormat::Tsv)
        && let Some(line) = html_too_deep(text, MAX_HTML_DEPTH)
    {
        return Err(ReadError::Limit {
            origin: origin.into(),
            message_fr: format!(
                "ligne {line} : plus de {MAX_HTML_DEPTH} éléments HTML imbriqués (limite d’imbrication {MAX_HTML_DEPTH})"
            ),
            message_en: format!(
                "line {line}: more than {MAX_HTML_DEPTH} nested HTML elements (nesting limit {MAX_HTML_DEPTH})"
            ),
        });
    }
    Ok(())
}

/// The refusal of a Markdown list nested deeper than [`MAX_LIST_DEPTH`].
pub(super) fn list_too_deep(origin: &str, line: usize) -> ReadError {
    ReadError::Limit {
        origin: origin.into(),
        message_fr: format!(
            "ligne {line} : plus de {MAX_LIST_DEPTH} niveaux de listes imbriquées (limite d’imbrication {MAX_LIST_DEPTH})"
        ),
        message_en: format!(
            "line {line}: more than {MAX_LIST_DEPTH} levels of nested lists (nesting limit {MAX_LIST_DEPTH})"
        ),
    }
}

/// Elements that never hold content (no end tag).
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements whose content is raw text up to their end tag.
const RAW: &[&str] = &["script", "style", "textarea", "title", "xmp", "noscript"];

/// Elements a new `<p>` or block closes the open `<p>` for.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "div",
    "dl",
    "fieldset",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
];

/// For an element whose end tag is optional: the earlier elements its start closes, and the
/// elements that bound the search (a `<li>` closes the open `<li>` of its own list only).
fn implied_close(name: &str) -> Option<(&'static [&'static str], &'static [&'static str])> {
    Some(match name {
        "li" => (&["li"], &["ul", "ol", "menu"]),
        "dt" | "dd" => (&["dt", "dd"], &["dl"]),
        "td" | "th" => (&["td", "th"], &["tr", "table"]),
        "tr" => (&["tr"], &["table", "tbody", "thead", "tfoot"]),
        "tbody" | "thead" | "tfoot" => (&["tbody", "thead", "tfoot"], &["table"]),
        "option" => (&["option"], &["select", "datalist"]),
        _ => return None,
    })
}

/// The line where more than `max` elements are open at once, if any. Linear: each tag costs
/// at most `max` steps, as the stack never grows past `max + 1`.
pub(super) fn html_too_deep(text: &str, max: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut stack: Vec<String> = Vec::new();
    let mut i = 0;
    while let Some(offset) = memchr(b'<', &bytes[i..]) {
        let start = i + offset;
        let rest = &bytes[start + 1..];
        // Comments, doctypes, processing instructions: skipped whole.
        if rest.starts_with(b"!--") {
            i = find(bytes, start + 4, b"-->").map_or(bytes.len(), |e| e + 3);
            continue;
        }
        if rest.starts_with(b"!") || rest.starts_with(b"?") {
            i = find(bytes, start, b">").map_or(bytes.len(), |e| e + 1);
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = start + 1 + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            i = start + 1;
            continue;
        }
        let name = text[name_start..name_start + name_len].to_ascii_lowercase();
        let end = find(bytes, name_start + name_len, b">").unwrap_or(bytes.len());
        i = (end + 1).min(bytes.len());
        if closing {
            if let Some(at) = stack.iter().rposition(|open| *open == name) {
                stack.truncate(at);
            }
            continue;
        }
        let self_closing = end > 0 && bytes.get(end - 1) == Some(&b'/');
        if VOID.contains(&name.as_str()) || self_closing {
            continue;
        }
        if BLOCKS.contains(&name.as_str()) && stack.last().is_some_and(|top| top == "p") {
            stack.pop();
        }
        if let Some((closes, bounds)) = implied_close(&name) {
            let found = stack
                .iter()
                .rev()
                .take_while(|open| !bounds.contains(&open.as_str()))
                .position(|open| closes.contains(&open.as_str()));
            if let Some(from_top) = found {
                stack.truncate(stack.len() - 1 - from_top);
            }
        }
        if RAW.contains(&name.as_str()) {
            // Raw text up to the end tag: not markup.
            let close = format!("</{name}");
            i = find_ascii_ci(bytes, i, close.as_bytes()).unwrap_or(bytes.len());
            continue;
        }
        stack.push(name);
        if stack.len() > max {
            return Some(text[..start].matches('\n').count() + 1);
        }
    }
    None
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|b| *b == needle)
}

fn find(haystack: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

fn find_ascii_ci(haystack: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|p| p + from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unclosed_items_and_cells_are_not_depth() {
        let mut page = String::from("<html><body><table>");
        for _ in 0..5_000 {
            page.push_str("<tr><td>B1.1<td><ul><li>un<li>deux<p>a<p>b</ul>");
        }
        page.push_str("</table></body></html>");
        assert_eq!(html_too_deep(&page, MAX_HTML_DEPTH), None);
    }

    #[test]
    fn deep_nesting_is_found_at_its_line() {
        let page = format!("<html>\n<body>\n{}", "<div>".repeat(200));
        assert_eq!(html_too_deep(&page, MAX_HTML_DEPTH), Some(3));
        let lists = "<ul><li>".repeat(60);
        assert!(html_too_deep(&lists, MAX_HTML_DEPTH).is_some());
        let closed = "<div>".repeat(90) + &"</div>".repeat(90);
        assert_eq!(html_too_deep(&closed.repeat(100), MAX_HTML_DEPTH), None);
    }

    #[test]
    fn comments_scripts_and_voids_open_nothing() {
        let page = format!(
            "<!-- {} --><script>{}</script>{}",
            "<div>".repeat(500),
            "<div>".repeat(500),
            "<br><img src=x><hr/>".repeat(500)
        );
        assert_eq!(html_too_deep(&page, MAX_HTML_DEPTH), None);
    }

    #[test]
    fn sizes_are_checked_per_format() {
        let big = "a".repeat(MAX_MARKDOWN_BYTES as usize + 1);
        let err = check(&big, "r.md", SourceFormat::Markdown).unwrap_err();
        assert_eq!(
            err.to_string(),
            "r.md : référentiel Markdown de 2\u{a0}Mo (limite 1\u{a0}Mo pour ce format)"
        );
        assert!(check(&big, "r.html", SourceFormat::HtmlTable).is_ok());
    }
}
