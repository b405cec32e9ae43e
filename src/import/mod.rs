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
    import_bytes_checked(bytes, content_type, url).unwrap_or_default()
}

/// [`import_bytes`], saying when the page was refused for its nesting (see [`too_deep`]).
pub fn import_bytes_checked(
    bytes: &[u8],
    content_type: Option<&str>,
    url: Option<&str>,
) -> Result<ImportedArticle, TooDeep> {
    let html = decode(bytes, content_type);
    import_str_checked(&html, url)
}

/// A page nested deeper than [`MAX_NESTING`]: refused before parsing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooDeep;

/// Open elements deeper than this make a page unreadable here: HTML5 tree construction looks
/// through the stack of open elements for most start tags, so its cost grows with the square of the
/// nesting (20,000 nested `<div>`s take seconds; a 5 MB page of them, hours). Real pages stay in the
/// tens; the test is `nesting_depth`.
pub const MAX_NESTING: usize = 4_000;

/// Imports a page that is already text (a saved page pasted or uploaded as a string). A page nested
/// deeper than [`MAX_NESTING`] gives an empty article (see [`too_deep`]).
pub fn import_str(html: &str, url: Option<&str>) -> ImportedArticle {
    import_str_checked(html, url).unwrap_or_default()
}

/// [`import_str`], saying when the page was refused for its nesting: one scan of its tags serves
/// both the nesting test and the stripping of scripts and styles.
pub fn import_str_checked(html: &str, url: Option<&str>) -> Result<ImportedArticle, TooDeep> {
    let html = scan(html, true).ok_or(TooDeep)?;
    let doc = scraper::Html::parse_document(&html);
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
    // Direction controls: none in the short fields; no override in the body, which submitting
    // would refuse (they show the text after them reversed).
    use crate::extract::{is_direction_control, is_direction_override};
    let short =
        |v: Option<String>| v.map(|s| s.replace(is_direction_control, "")).filter(|s| !s.trim().is_empty());
    let body =
        if body.contains(is_direction_override) { body.replace(is_direction_override, "") } else { body };
    Ok(ImportedArticle {
        title: short(meta.title),
        body,
        byline: short(meta.byline),
        publisher: short(meta.publisher),
        published_date: meta.published_date,
        url: meta.url,
        language: meta.language,
        already_submitted: None,
    })
}

/// Whether the page nests elements deeper than [`MAX_NESTING`], by a quick scan of its tags: start
/// tags open, end tags close, void elements and those whose end tag may be left out (`p`, `li`,
/// table cells ...) are not counted, and script, style and comment contents are skipped. It
/// over-counts only pages that leave thousands of other elements open, which browsers read as
/// thousands of levels too.
pub fn too_deep(html: &str) -> bool {
    scan(html, false).is_none()
}

/// The quick scan of [`too_deep`]: `None` when the page is too deep, else the page, and with
/// `strip` the page without the contents of its scripts and style sheets (JSON-LD scripts kept).
/// These are about half the bytes of a news page, none of them text, and the slowest for the HTML
/// tokenizer to step through; their tags stay, so the tree is the same.
fn scan(html: &str, strip: bool) -> Option<std::borrow::Cow<'_, str>> {
    let b = html.as_bytes();
    let mut depth: usize = 0;
    let mut at = 0;
    // The stripped page, started at the first content dropped; `copied`: the bytes of `html`
    // already in it (or passed over).
    let mut out: Option<String> = None;
    let mut copied = 0;
    while let Some(i) = memchr::memchr(b'<', &b[at..]) {
        let start = at + i + 1;
        at = start;
        if b[start..].starts_with(b"!--") {
            at = memchr::memmem::find(&b[start..], b"-->").map_or(b.len(), |e| start + e + 3);
            continue;
        }
        let closing = b.get(start) == Some(&b'/');
        let name_start = start + usize::from(closing);
        let name_len = b[name_start..].iter().take_while(|c| c.is_ascii_alphanumeric()).count();
        if name_len == 0 {
            continue;
        }
        // Every name compared below is at most 8 letters: longer names are lowered no further
        // than that, which leaves them matching none (no allocation per tag).
        let mut lowered = [0u8; 9];
        let kept = name_len.min(lowered.len());
        lowered[..kept].copy_from_slice(&b[name_start..name_start + kept]);
        lowered[..kept].make_ascii_lowercase();
        let name = &lowered[..kept];
        let tag_end = memchr::memchr(b'>', &b[name_start..]).map_or(b.len(), |e| name_start + e);
        if matches!(name, b"script" | b"style" | b"textarea" | b"title" | b"xmp") && !closing {
            let content = (tag_end + 1).min(b.len());
            at = find_end_tag(b, content, name).unwrap_or(b.len());
            let drop = strip
                && (name == b"style"
                    || name == b"script"
                        && find_ascii_ci(&b[name_start..tag_end.min(b.len())], b"ld+json").is_none());
            if drop && at > content {
                // Tag boundaries are ASCII `>` and `<`, so both ends are char boundaries.
                let o = out.get_or_insert_with(|| String::with_capacity(html.len() / 2));
                o.push_str(&html[copied..content]);
                copied = at;
            }
            continue;
        }
        let counted = !matches!(
            name,
            b"area"
                | b"base"
                | b"br"
                | b"col"
                | b"embed"
                | b"hr"
                | b"img"
                | b"input"
                | b"link"
                | b"meta"
                | b"source"
                | b"track"
                | b"wbr"
                | b"p"
                | b"li"
                | b"dt"
                | b"dd"
                | b"option"
                | b"optgroup"
                | b"tr"
                | b"td"
                | b"th"
                | b"tbody"
                | b"thead"
                | b"tfoot"
                | b"rb"
                | b"rt"
                | b"rp"
                | b"colgroup"
                | b"html"
                | b"head"
                | b"body"
        );
        let self_closing = tag_end > 0 && tag_end <= b.len() && b.get(tag_end.wrapping_sub(1)) == Some(&b'/');
        if counted && !self_closing {
            if closing {
                depth = depth.saturating_sub(1);
            } else {
                depth += 1;
                if depth > MAX_NESTING {
                    return None;
                }
            }
        }
        at = tag_end.min(b.len());
    }
    Some(match out {
        Some(mut o) => {
            o.push_str(&html[copied..]);
            std::borrow::Cow::Owned(o)
        }
        None => std::borrow::Cow::Borrowed(html),
    })
}

/// Where the end tag `</name` (any case) first starts at or after `from`.
fn find_end_tag(b: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut at = from;
    while let Some(i) = memchr::memchr(b'<', &b[at..]) {
        let lt = at + i;
        let rest = &b[lt + 1..];
        if rest.first() == Some(&b'/')
            && rest.len() > name.len()
            && rest[1..=name.len()].eq_ignore_ascii_case(name)
        {
            return Some(lt);
        }
        at = lt + 1;
    }
    None
}

fn find_ascii_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle))
}
