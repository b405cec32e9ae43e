//! Parsing of the free-form fields every service shares: URLs, dates, bounded text.

use crate::error::AppError;
use crate::extract::is_direction_control;

/// A source's link (`http_url`), which readers must be able to open: not on the computer it was
/// typed on (localhost) nor at an address that is not public (loopback, private, link-local: the
/// same test as the importer's, `fetch::is_public`).
pub fn public_source_url(raw: &str) -> Result<String, AppError> {
    let url = http_url("url", raw)?;
    let host = url::Url::parse(&url).ok().and_then(|u| u.host().map(|h| h.to_owned()));
    let private = match host {
        Some(url::Host::Domain(d)) => {
            let d = d.trim_end_matches('.');
            d == "localhost" || d.ends_with(".localhost")
        }
        Some(url::Host::Ipv4(ip)) => !crate::server::fetch::is_public(ip.into()),
        Some(url::Host::Ipv6(ip)) => !crate::server::fetch::is_public(ip.into()),
        None => true,
    };
    if private {
        return Err(AppError::validation(
            "url",
            "this link points at this computer or a private network; cite a page readers can open",
        ));
    }
    Ok(url)
}

/// An http(s) URL, normalised: lower-case host, no default port, no fragment.
pub fn http_url(field: &str, raw: &str) -> Result<String, AppError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(AppError::validation(field, "enter a URL starting with http:// or https://"));
    }
    if raw.chars().any(char::is_control) {
        // The URL parser would silently drop some (tabs, newlines, a trailing NUL); refuse them all.
        return Err(AppError::validation(
            field,
            "URL must not contain control characters (tabs, newlines, NUL)",
        ));
    }
    if raw.len() > 2048 {
        return Err(AppError::validation(field, "URL must be at most 2048 characters"));
    }
    let mut url = url::Url::parse(raw).map_err(|_| {
        AppError::validation(field, "not a valid URL; it should look like https://example.org/page")
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(AppError::validation(field, "only http:// and https:// URLs are allowed"));
    }
    // As typed, the host follows `//` at once: the parser would read `https:///x` and `https:x`
    // as https://x/.
    let after_scheme = &raw[url.scheme().len() + 1..];
    if !after_scheme.starts_with("//") || after_scheme[2..].starts_with(['/', '\\']) {
        return Err(AppError::validation(
            field,
            "URL must name a host right after // (https://example.org/page)",
        ));
    }
    if url.host_str().is_none_or(|h| h.is_empty()) {
        return Err(AppError::validation(field, "URL must name a host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(AppError::validation(field, "URL must not contain a user name or password"));
    }
    url.set_fragment(None);
    Ok(url.to_string())
}

/// The host of a URL without a leading `www.`, used as the publisher when none is given.
pub fn publisher_from_url(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(|h| h.trim_start_matches("www.").to_string()))
        .unwrap_or_default()
}

/// Trimmed text of at most `max` characters; `None` when empty and optional.
pub fn text(field: &str, raw: Option<&str>, max: usize, required: bool) -> Result<Option<String>, AppError> {
    let raw = raw.unwrap_or("");
    // Text-direction embeddings, overrides and isolates are dropped: one left open in a title
    // would reverse the text after it wherever the title is shown (U+202E before "gpj.exe" shows "exe.jpg"). Right-to-left
    // text needs none of them; article bodies, stored exactly as pasted, do not come here.
    let stripped: String;
    let raw = if raw.contains(is_direction_control) {
        stripped = raw.replace(is_direction_control, "");
        &stripped
    } else {
        raw
    };
    let value = raw.trim();
    if value.is_empty() {
        return if required {
            Err(AppError::validation(field, format!("{field} must not be empty")))
        } else {
            Ok(None)
        };
    }
    if value.contains('\0') {
        return Err(AppError::validation(field, format!("{field} must not contain NUL characters")));
    }
    if value.chars().count() > max {
        return Err(AppError::validation(field, format!("{field} must be at most {max} characters")));
    }
    Ok(Some(value.to_string()))
}

/// A calendar date written YYYY-MM-DD.
pub fn date(field: &str, raw: Option<&str>) -> Result<Option<String>, AppError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(|d| Some(d.format("%Y-%m-%d").to_string()))
            .map_err(|_| AppError::validation(field, "use a date like 2024-03-15 (YYYY-MM-DD)")),
    }
}

/// The most words a search matches on; later ones are left out.
pub const SEARCH_WORDS: usize = 12;

/// One `like_pattern` per distinct word of `q` (split at whitespace), at most `SEARCH_WORDS`: a
/// search for "tram budget" finds "Budget for the new tram line".
pub fn like_words(q: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in q.split_whitespace() {
        let p = like_pattern(w);
        if !out.contains(&p) {
            out.push(p);
        }
        if out.len() == SEARCH_WORDS {
            break;
        }
    }
    out
}

/// A lower-case SQL `LIKE … ESCAPE '\'` pattern that finds `q` anywhere, its own `%`, `_` and `\`
/// taken literally; empty when `q` is (the queries read an empty pattern as "no filter").
pub fn like_pattern(q: &str) -> String {
    if q.is_empty() {
        return String::new();
    }
    let mut out = String::with_capacity(q.len() + 2);
    out.push('%');
    for c in q.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// One of a fixed set of words.
pub fn one_of<'a>(field: &str, raw: &str, allowed: &[&'a str]) -> Result<&'a str, AppError> {
    allowed
        .iter()
        .find(|a| **a == raw.trim())
        .copied()
        .ok_or_else(|| AppError::validation(field, format!("{field} must be one of: {}", allowed.join(", "))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_drops_direction_controls_and_keeps_right_to_left_letters() {
        let t = |raw: &str| text("title", Some(raw), 300, true);
        assert_eq!(t("Invoice \u{202E}fdp.exe").unwrap().as_deref(), Some("Invoice fdp.exe"));
        assert_eq!(t("\u{2067}a\u{2069} b \u{202A}c\u{202C}").unwrap().as_deref(), Some("a b c"));
        assert_eq!(t("שלום world").unwrap().as_deref(), Some("שלום world"), "letters stay");
        assert_eq!(t("\u{200F}mark").unwrap().as_deref(), Some("\u{200F}mark"), "marks are not controls");
        assert!(t(" \u{202E} ").is_err(), "nothing left is an empty title");
    }

    #[test]
    fn https_urls_are_normalised() {
        assert_eq!(
            http_url("url", " HTTPS://Example.ORG:443/a?b=1#frag ").unwrap(),
            "https://example.org/a?b=1"
        );
    }

    #[test]
    fn script_and_data_urls_are_refused() {
        for bad in [
            "javascript:alert(1)",
            "data:text/html,hi",
            "ftp://x.org/f",
            "JaVaScRiPt:alert(1)",
            "//x.org",
            "x",
        ] {
            assert!(http_url("url", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn urls_with_control_characters_are_refused_not_cleaned() {
        for bad in ["https://a.example/\0", "https://a.\texample/", "https://a.example/\nx"] {
            assert!(http_url("url", bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn urls_must_name_their_host_as_typed() {
        for bad in ["https:///nohost", "https:nohost.example/x", "http:/x.example", "https:/\\x.example"] {
            assert!(http_url("url", bad).is_err(), "{bad}");
        }
    }

    /// A source readers cannot open: a link to the reviewer's own computer or a private network.
    #[test]
    fn a_source_readers_cannot_reach_is_refused_and_a_public_one_is_not() {
        for bad in [
            "http://[::1]/",
            "http://127.0.0.1:8080/x",
            "http://localhost/a",
            "http://localhost./a",
            "http://[::ffff:127.0.0.1]/",
            "http://10.1.2.3/memo",
            "http://169.254.169.254/latest",
            "http://0.0.0.0/",
            "https://app.localhost/",
        ] {
            assert!(public_source_url(bad).is_err(), "{bad}");
        }
        assert!(public_source_url("https://example.org/a").is_ok());
        assert!(public_source_url("http://93.184.215.14/report").is_ok());
    }

    #[test]
    fn urls_with_credentials_are_refused() {
        assert!(http_url("url", "https://user:pw@example.org/").is_err());
    }

    #[test]
    fn the_publisher_defaults_to_the_host_without_www() {
        assert_eq!(publisher_from_url("https://www.bbc.co.uk/news/1"), "bbc.co.uk");
    }

    #[test]
    fn dates_must_be_real_calendar_dates() {
        assert_eq!(date("d", Some("2021-06-20")).unwrap().as_deref(), Some("2021-06-20"));
        assert!(date("d", Some("2021-02-30")).is_err());
        assert!(date("d", Some("20 June 2021")).is_err());
        assert_eq!(date("d", Some("  ")).unwrap(), None);
    }

    #[test]
    fn text_is_trimmed_bounded_and_free_of_nul() {
        assert_eq!(text("title", Some("  hi "), 10, true).unwrap().as_deref(), Some("hi"));
        assert!(text("title", Some("   "), 10, true).is_err());
        assert!(text("title", Some("a\0b"), 10, true).is_err());
        assert!(text("title", Some("ééééééééééé"), 10, true).is_err());
        assert_eq!(text("note", None, 10, false).unwrap(), None);
    }

    #[test]
    fn like_wildcards_in_search_text_are_literal() {
        assert_eq!(like_pattern("50%_Off\\"), "%50\\%\\_off\\\\%");
        assert_eq!(like_pattern(""), "");
        assert_eq!(like_words("  Tram  budget tram "), ["%tram%", "%budget%"]);
        assert!(like_words(" ").is_empty());
        assert_eq!(like_words(&"w ".repeat(40)).len(), 1);
        assert_eq!(like_words(&(0..40).map(|i| format!("w{i} ")).collect::<String>()).len(), SEARCH_WORDS);
    }
}
