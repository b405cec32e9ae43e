//! What makes two links the same page, for the places that compare them: a moderator's block on a
//! source link, and the copies of an article stored under one link.

/// Host without `www.` and scheme, path without a trailing `/`, query without tracking parameters
/// (`utm_*`, `fbclid`, `gclid`), no fragment. Not a URL; only for comparing.
pub fn link_key(url: &str) -> String {
    let Ok(u) = url::Url::parse(url) else { return url.to_ascii_lowercase() };
    let host = u.host_str().unwrap_or("").to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let port = u.port().map(|p| format!(":{p}")).unwrap_or_default();
    let query: Vec<String> = u
        .query_pairs()
        .filter(|(k, _)| !(k.starts_with("utm_") || k == "fbclid" || k == "gclid"))
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    format!("{host}{port}{}?{}", u.path().trim_end_matches('/'), query.join("&"))
}

#[cfg(test)]
mod tests {
    use super::link_key;

    #[test]
    fn spellings_of_one_page_share_a_key_and_other_pages_do_not() {
        let cases = [
            (
                "https://port.example/news/ferry",
                &[
                    "http://port.example/news/ferry",
                    "https://www.port.example/news/ferry/",
                    "https://PORT.example/news/ferry?utm_source=social&fbclid=abc",
                    "https://port.example/news/ferry#comments",
                ][..],
                &[
                    "https://port.example/news/ferry-2",
                    "https://port.example/news/ferry?page=2",
                    "https://port.example:8443/news/ferry",
                    "https://other.example/news/ferry",
                ][..],
            ),
            (
                "https://spam.example/page?id=1",
                &[
                    "http://spam.example/page?id=1",
                    "https://www.spam.example/page?id=1&utm_source=tw",
                    "https://SPAM.example/page/?id=1#x",
                    "https://spam.example:443/page?fbclid=abc&id=1",
                ][..],
                &[
                    "https://spam.example/page?id=2",
                    "https://spam.example/other?id=1",
                    "https://spam.example:8080/page?id=1",
                ][..],
            ),
        ];
        for (page, same, other) in cases {
            let key = link_key(page);
            for s in same {
                assert_eq!(link_key(s), key, "{s} is {page}");
            }
            for o in other {
                assert_ne!(link_key(o), key, "{o} is not {page}");
            }
        }
    }
}
