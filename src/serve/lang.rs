//! The language of an answer: `?lang=en|fr` when given, else the browser's preference
//! (`Accept-Language`), else French.

use crate::Lang;

/// The value of `name` in a query string (`lang=en&referential=…`), percent-decoded.
pub fn query_value(query: Option<&str>, name: &str) -> Option<String> {
    query?
        .split('&')
        .filter_map(|pair| pair.split_once('=').or(Some((pair, ""))))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| percent_decode(value))
}

/// `%C3%A9` and `+` decoded; a malformed escape is kept as written.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| bytes.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match (escaped, bytes[i]) {
            (Some(b), _) => {
                out.push(b);
                i += 3;
                continue;
            }
            (None, b'+') => out.push(b' '),
            (None, b) => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The language asked for: the query's `lang` wins, then the browser's most preferred of
/// French and English.
pub fn negotiate(query: Option<&str>, accept_language: Option<&str>) -> Lang {
    if let Some(lang) = query_value(query, "lang").and_then(|v| v.parse().ok()) {
        return lang;
    }
    accept_language
        .map(from_accept_language)
        .unwrap_or_default()
}

/// `en-GB,en;q=0.9,fr;q=0.8` → English; the first of the highest quality wins, other
/// languages are passed over; none of ours gives French.
fn from_accept_language(header: &str) -> Lang {
    let mut best: Option<(f32, Lang)> = None;
    for part in header.split(',') {
        let mut pieces = part.split(';');
        let tag = pieces
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        let primary = tag.split('-').next().unwrap_or_default();
        let lang = match primary {
            "fr" => Lang::Fr,
            "en" => Lang::En,
            _ => continue,
        };
        let quality = pieces
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        if quality > 0.0 && best.is_none_or(|(q, _)| quality > q) {
            best = Some((quality, lang));
        }
    }
    best.map(|(_, lang)| lang).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_wins_then_the_browser_then_french() {
        assert_eq!(negotiate(Some("lang=en"), Some("fr-FR")), Lang::En);
        assert_eq!(negotiate(Some("x=1&lang=fr"), Some("en")), Lang::Fr);
        assert_eq!(negotiate(None, Some("en-GB,en;q=0.9,fr;q=0.8")), Lang::En);
        assert_eq!(negotiate(None, Some("de-DE,fr;q=0.5,en;q=0.4")), Lang::Fr);
        assert_eq!(negotiate(None, Some("de-DE,en;q=0.3")), Lang::En);
        assert_eq!(negotiate(None, Some("en;q=0,fr;q=0.1")), Lang::Fr);
        assert_eq!(negotiate(None, Some("de")), Lang::Fr);
        assert_eq!(negotiate(Some("lang=de"), None), Lang::Fr);
        assert_eq!(negotiate(None, None), Lang::Fr);
    }

    #[test]
    fn query_values_are_decoded() {
        let q = Some("referential=bts-sio-b1&template=bts%2Dsio%2De5&name=a+b%C3%A9&bad=%zz&flag");
        assert_eq!(query_value(q, "referential").as_deref(), Some("bts-sio-b1"));
        assert_eq!(query_value(q, "template").as_deref(), Some("bts-sio-e5"));
        assert_eq!(query_value(q, "name").as_deref(), Some("a bé"));
        assert_eq!(query_value(q, "bad").as_deref(), Some("%zz"));
        assert_eq!(query_value(q, "flag").as_deref(), Some(""));
        assert_eq!(query_value(q, "absent"), None);
        assert_eq!(query_value(Some("x=%4"), "x").as_deref(), Some("%4"));
    }
}
