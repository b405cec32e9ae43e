//! Everything about an article but its text: title, byline, publisher, published date, canonical URL
//! and language, from Open Graph and other `<meta>` tags, JSON-LD (schema.org Article), `<link
//! rel=canonical>`, `<h1>`, `<title>`, `<time>` and `<html lang>`, in that order of trust.

use scraper::node::Element;
use scraper::{Html, Node};
use serde_json::Value;

#[derive(Debug, Default)]
pub struct Meta {
    pub title: Option<String>,
    pub byline: Option<String>,
    pub publisher: Option<String>,
    pub published_date: Option<String>,
    pub url: Option<String>,
    pub language: Option<String>,
    /// JSON-LD `articleBody`, for pages whose text is drawn by scripts.
    pub ld_body: Option<String>,
}

/// What one pass over the page collects.
#[derive(Default)]
struct Seen {
    metas: Vec<(String, String)>,
    canonical: Option<String>,
    html_lang: Option<String>,
    title_tag: Option<String>,
    h1: Option<String>,
    time: Option<String>,
    rel_author: Option<String>,
    byline_el: Option<String>,
    ld: Vec<Value>,
}

pub fn read(doc: &Html, page_url: Option<&str>) -> Meta {
    let mut seen = Seen::default();
    for node in doc.tree.root().descendants() {
        let Node::Element(e) = node.value() else { continue };
        match e.name() {
            "html" => seen.html_lang = seen.html_lang.take().or_else(|| attr(e, "lang").map(str::to_string)),
            "meta" => {
                let key = attr(e, "property").or_else(|| attr(e, "name")).or_else(|| attr(e, "itemprop"));
                let key = key.or_else(|| attr(e, "http-equiv"));
                if let (Some(k), Some(v)) = (key, attr(e, "content")) {
                    let v = clean(v);
                    if !v.is_empty() {
                        seen.metas.push((k.trim().to_ascii_lowercase(), v));
                    }
                }
            }
            "link" => {
                let rel = attr(e, "rel").unwrap_or("");
                if seen.canonical.is_none()
                    && rel.split_ascii_whitespace().any(|r| r.eq_ignore_ascii_case("canonical"))
                {
                    seen.canonical = attr(e, "href").map(|h| h.trim().to_string());
                }
            }
            "title" if seen.title_tag.is_none() => {
                seen.title_tag = Some(text_of(node)).filter(|t| !t.is_empty())
            }
            "h1" if seen.h1.is_none() => seen.h1 = Some(text_of(node)).filter(|t| !t.is_empty()),
            "time" if seen.time.is_none() => {
                seen.time = attr(e, "datetime").map(str::to_string).or_else(|| Some(text_of(node)))
            }
            "script"
                if attr(e, "type").is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) =>
            {
                if let Some(v) = parse_json_ld(&text_raw(node)) {
                    seen.ld.push(v);
                }
            }
            "a" if seen.rel_author.is_none()
                && attr(e, "rel").is_some_and(|r| r.split_ascii_whitespace().any(|r| r == "author")) =>
            {
                seen.rel_author = Some(text_of(node)).filter(|t| !t.is_empty() && t.chars().count() < 100);
            }
            _ => {}
        }
        if seen.byline_el.is_none() {
            let names = attr(e, "class").unwrap_or("").to_ascii_lowercase();
            let looks = names.split_ascii_whitespace().any(|c| {
                c.contains("byline")
                    || c == "author"
                    || c.ends_with("-author")
                    || c.ends_with("__author")
                    || c == "author-name"
            }) || attr(e, "itemprop") == Some("author")
                || attr(e, "rel") == Some("author");
            if looks {
                let t = text_of(node);
                if !t.is_empty() && t.chars().count() < 100 {
                    seen.byline_el = Some(t);
                }
            }
        }
    }

    let meta = |names: &[&str]| -> Option<String> {
        names.iter().find_map(|n| seen.metas.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone()))
    };
    let article = seen.ld.iter().find_map(find_article);

    // URL first: the publisher falls back to its host.
    let base = page_url.and_then(|u| url::Url::parse(u.trim()).ok());
    let url = seen
        .canonical
        .clone()
        .or_else(|| meta(&["og:url"]))
        .and_then(|c| absolute(base.as_ref(), &c))
        .or_else(|| base.as_ref().filter(|u| is_http(u)).map(|u| without_fragment(u.clone())));

    let publisher = meta(&["og:site_name", "application-name"])
        .or_else(|| article.and_then(|a| a.get("publisher")).and_then(name_of))
        .or_else(|| {
            let u = url.as_deref().and_then(|u| url::Url::parse(u).ok()).or(base.clone())?;
            u.host_str().map(|h| h.trim_start_matches("www.").to_string())
        })
        .map(|p| clean(&p))
        .filter(|p| !p.is_empty());

    let title = meta(&["og:title", "twitter:title"])
        .or_else(|| article.and_then(|a| a.get("headline")).and_then(Value::as_str).map(clean))
        .map(|t| strip_site(&t, publisher.as_deref(), false))
        .or_else(|| seen.h1.clone())
        .or_else(|| seen.title_tag.as_deref().map(|t| strip_site(t, publisher.as_deref(), true)))
        .filter(|t| !t.is_empty());

    let byline = article
        .and_then(|a| a.get("author"))
        .and_then(names_of)
        .or_else(|| {
            meta(&["author", "article:author", "byl", "dc.creator", "parsely-author", "sailthru.author"])
        })
        .filter(|a| !a.starts_with("http"))
        .or_else(|| seen.rel_author.clone())
        .or_else(|| seen.byline_el.clone())
        .map(|b| strip_by(&b))
        .filter(|b| !b.is_empty());

    let published_date = article
        .and_then(|a| a.get("datePublished"))
        .and_then(Value::as_str)
        .and_then(date_of)
        .or_else(|| {
            [
                "article:published_time",
                "og:published_time",
                "datepublished",
                "date",
                "pubdate",
                "publishdate",
                "publish-date",
                "dc.date",
                "dc.date.issued",
                "sailthru.date",
                "parsely-pub-date",
            ]
            .iter()
            .find_map(|n| meta(&[n]).as_deref().and_then(date_of))
        })
        .or_else(|| seen.time.as_deref().and_then(date_of));

    let language = seen
        .html_lang
        .clone()
        .or_else(|| meta(&["content-language", "og:locale", "language"]))
        .and_then(|l| language_tag(&l));

    let ld_body = article.and_then(|a| a.get("articleBody")).and_then(Value::as_str).map(str::to_string);

    Meta { title, byline, publisher, published_date, url, language, ld_body }
}

fn attr<'a>(e: &'a Element, name: &str) -> Option<&'a str> {
    e.attrs().find(|(k, _)| *k == name).map(|(_, v)| v)
}

/// The text inside a node, whitespace collapsed, scripts and styles left out.
fn text_of(node: ego_tree::NodeRef<'_, Node>) -> String {
    let mut out = String::new();
    let mut stack = vec![node];
    let mut first = true;
    while let Some(n) = stack.pop() {
        match n.value() {
            Node::Text(t) => out.push_str(t),
            Node::Element(e)
                if !first && matches!(e.name(), "script" | "style" | "noscript" | "template") =>
            {
                continue
            }
            _ => {}
        }
        first = false;
        let children: Vec<_> = n.children().collect();
        stack.extend(children.into_iter().rev());
    }
    clean(&out)
}

fn text_raw(node: ego_tree::NodeRef<'_, Node>) -> String {
    node.children().filter_map(|c| c.value().as_text().map(|t| t.to_string())).collect()
}

/// Whitespace collapsed and trimmed, invisible characters dropped.
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split(|c: char| c.is_whitespace()).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(
            w.chars().filter(|c| !matches!(c, '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{ad}')),
        );
    }
    out
}

fn parse_json_ld(text: &str) -> Option<Value> {
    let t = text.trim();
    let t = t.strip_prefix("<!--").unwrap_or(t);
    let t = t.strip_suffix("-->").unwrap_or(t).trim();
    let t = t.strip_prefix("//<![CDATA[").unwrap_or(t);
    let t = t.strip_suffix("//]]>").unwrap_or(t).trim();
    serde_json::from_str(t).ok()
}

/// The first schema.org Article (or kind of article) in a JSON-LD document, `@graph`s and lists searched.
fn find_article(v: &Value) -> Option<&Value> {
    match v {
        Value::Array(items) => items.iter().find_map(find_article),
        Value::Object(o) => {
            let is_article = match o.get("@type") {
                Some(Value::String(t)) => is_article_type(t),
                Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).any(is_article_type),
                _ => false,
            };
            if is_article {
                return Some(v);
            }
            o.get("@graph").and_then(find_article).or_else(|| o.get("mainEntity").and_then(find_article))
        }
        _ => None,
    }
}

fn is_article_type(t: &str) -> bool {
    t.ends_with("Article") || t == "BlogPosting" || t == "Report" || t == "LiveBlogPosting" || t == "Review"
}

/// `"Name"` or `{"name": "Name"}`.
fn name_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(clean(s)),
        Value::Object(o) => o.get("name").and_then(Value::as_str).map(clean),
        Value::Array(a) => a.first().and_then(name_of),
        _ => None,
    }
    .filter(|s| !s.is_empty())
}

/// One name or several, joined with commas.
fn names_of(v: &Value) -> Option<String> {
    match v {
        Value::Array(a) => {
            let names: Vec<String> = a.iter().filter_map(name_of).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        other => name_of(other),
    }
}

fn strip_by(s: &str) -> String {
    let t = s.trim();
    let lower = t.to_lowercase();
    let t = if lower.starts_with("by ") { &t[3..] } else { t };
    t.trim().to_string()
}

/// A title without the site's name: `Headline | Site`, `Site - Headline`. The site part is dropped
/// when it names the publisher, or (for `<title>`, which nearly always carries it) when it is short
/// beside a longer headline.
fn strip_site(title: &str, publisher: Option<&str>, loose: bool) -> String {
    const SEPS: &[&str] = &[" | ", " - ", " – ", " — ", " :: ", " · ", " • ", " « ", " » "];
    let title = clean(title);
    let same = |part: &str| {
        publisher.is_some_and(|p| {
            let (a, b) = (part.trim().to_lowercase(), p.trim().to_lowercase());
            a == b || a.replace(' ', "") == b.replace(' ', "") || b.starts_with(&a) || a.starts_with(&b)
        })
    };
    let words = |s: &str| s.split_whitespace().count();
    for sep in SEPS {
        if let Some(i) = title.rfind(sep) {
            let (head, tail) = (&title[..i], &title[i + sep.len()..]);
            if same(tail) || (loose && words(tail) <= 4 && words(head) >= 3) {
                return head.trim().to_string();
            }
        }
        if let Some(i) = title.find(sep) {
            let (head, tail) = (&title[..i], &title[i + sep.len()..]);
            if same(head) {
                return tail.trim().to_string();
            }
        }
    }
    title
}

/// A calendar date (YYYY-MM-DD) from an ISO 8601 date or date-time, or `YYYY/MM/DD`.
pub fn date_of(s: &str) -> Option<String> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && matches!(b[4], b'-' | b'/' | b'.')
        && b[7] == b[4]
    {
        let (y, m, d) = (&s[..4], &s[5..7], &s[8..10]);
        let d = chrono::NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)?;
        return Some(d.format("%Y-%m-%d").to_string());
    }
    if b.len() >= 8 && b[..8].iter().all(u8::is_ascii_digit) && b.get(8).is_none_or(|c| !c.is_ascii_digit()) {
        let d = chrono::NaiveDate::from_ymd_opt(
            s[..4].parse().ok()?,
            s[4..6].parse().ok()?,
            s[6..8].parse().ok()?,
        )?;
        return Some(d.format("%Y-%m-%d").to_string());
    }
    // RFC 2822 and friends ("Tue, 19 Nov 2019 10:00:00 GMT").
    chrono::DateTime::parse_from_rfc2822(s).ok().map(|d| d.format("%Y-%m-%d").to_string())
}

/// A BCP 47 language tag (`en`, `en-GB`; `en_GB` from Open Graph becomes `en-GB`).
fn language_tag(s: &str) -> Option<String> {
    let t = s.split([',', ';']).next()?.trim().replace('_', "-");
    let ok = !t.is_empty() && t.len() <= 35 && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    ok.then_some(t).filter(|t| t.as_bytes()[0].is_ascii_alphabetic())
}

fn is_http(u: &url::Url) -> bool {
    matches!(u.scheme(), "http" | "https") && u.host_str().is_some()
}

fn without_fragment(mut u: url::Url) -> String {
    u.set_fragment(None);
    u.to_string()
}

fn absolute(base: Option<&url::Url>, href: &str) -> Option<String> {
    let u = match base {
        Some(b) => b.join(href.trim()).ok()?,
        None => url::Url::parse(href.trim()).ok()?,
    };
    is_http(&u).then(|| without_fragment(u))
}
