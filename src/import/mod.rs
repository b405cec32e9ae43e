//! Import: an HTML page (bytes as fetched or saved) becomes an article's fields — title, body text,
//! byline, publisher, published date, canonical URL, language. Pure: no I/O, no clock, no randomness;
//! the same bytes always give the same fields, so claim offsets into the body stay stable.
//! `charset` picks the character set, `body` finds the main text, `meta` reads the rest.

mod body;
mod charset;
mod meta;
#[cfg(test)]
mod tests;

pub use crate::model::ImportedArticle;
pub use charset::decode;

/// Imports a page given as raw bytes. `content_type` is the HTTP `Content-Type` header when the page
/// was fetched (its `charset` wins over the page's own `<meta charset>`, a byte-order mark over both);
/// `url` is where the page came from, used for relative links and as the last word on publisher.
pub fn import_bytes(bytes: &[u8], content_type: Option<&str>, url: Option<&str>) -> ImportedArticle {
    let html = decode(bytes, content_type);
    import_str(&html, url)
}

/// Imports a page that is already text (a saved page pasted or uploaded as a string).
pub fn import_str(html: &str, url: Option<&str>) -> ImportedArticle {
    let doc = scraper::Html::parse_document(html);
    let meta = meta::read(&doc, url);
    let mut body = body::extract(&doc, meta.title.as_deref());
    if body.chars().count() < 200 {
        // A page whose text is drawn by scripts: its JSON-LD `articleBody` is all there is.
        if let Some(ld) = meta.ld_body.as_deref().map(body::paragraphs_from_plain) {
            if ld.chars().count() > body.chars().count() {
                body = ld;
            }
        }
    }
    ImportedArticle {
        title: meta.title,
        body,
        byline: meta.byline,
        publisher: meta.publisher,
        published_date: meta.published_date,
        url: meta.url,
        language: meta.language,
    }
}
