//! Field-by-field tests on small pages written for them (none is a copy of a real site).

use super::*;

/// A news page in the usual shape: head metadata, a menu, the article between a share bar and a
/// list of related stories, comments, a footer.
const NEWS: &str = r##"<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Harbour bridge reopens after repairs | The Coastal Ledger</title>
<meta property="og:title" content="Harbour bridge reopens after two-year repair">
<meta property="og:site_name" content="The Coastal Ledger">
<meta property="article:published_time" content="2024-03-15T08:30:00+00:00">
<meta name="author" content="Mira Okafor">
<link rel="canonical" href="/news/harbour-bridge-reopens">
</head>
<body>
<header class="site-header"><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav></header>
<main>
<article class="story">
<h1>Harbour bridge reopens after two-year repair</h1>
<div class="byline">By Mira Okafor</div>
<div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Share on X</a></div>
<div class="story-body">
<p>The harbour bridge reopened to traffic on Friday morning, two years after engineers closed it when cracks were found in three of its supporting piers.</p>
<p>The repairs cost &pound;48 million, about &pound;6 million more than the council had budgeted, according to figures published on Thursday.</p>
<div class="ad-slot">Advertisement</div>
<p>Around 22,000 vehicles crossed the bridge every day before it closed, and the council expects traffic to return to that level within a month.</p>
<h2>Tolls stay the same</h2>
<p>The toll for cars stays at &euro;2.50, the council said, although lorries will pay 10% more than before the closure.</p>
</div>
<ul class="related-stories"><li><a href="/a">Ferry timetable changes for summer</a></li><li><a href="/b">New cycle lane opens on the quay</a></li></ul>
</article>
<section id="comments"><p>Great news, I have been waiting for this for ages, the detour was terrible every single morning.</p></section>
</main>
<footer><p>&copy; 2024 The Coastal Ledger. All rights reserved.</p></footer>
</body>
</html>"##;

fn news() -> ImportedArticle {
    import_str(NEWS, Some("https://ledger.example/news/harbour-bridge-reopens?utm_source=x"))
}

#[test]
fn the_body_is_the_article_paragraphs_with_blank_lines_between() {
    let body = news().body;
    let paras: Vec<&str> = body.split("\n\n").collect();
    assert_eq!(paras.len(), 5, "{body}");
    assert!(paras[0].starts_with("The harbour bridge reopened"), "{body}");
    assert_eq!(paras[3], "Tolls stay the same");
    assert!(paras[4].ends_with("before the closure."), "{body}");
}

#[test]
fn menus_share_bars_adverts_related_links_comments_and_footers_are_left_out() {
    let body = news().body;
    for furniture in
        ["Home", "Share on", "Advertisement", "Ferry timetable", "waiting for this", "rights reserved"]
    {
        assert!(!body.contains(furniture), "{furniture:?} leaked into {body}");
    }
}

#[test]
fn the_title_and_byline_are_not_repeated_in_the_body() {
    let body = news().body;
    assert!(!body.contains("Harbour bridge reopens after two-year repair"), "{body}");
    assert!(!body.contains("Mira Okafor"), "{body}");
}

#[test]
fn entities_are_decoded() {
    let body = news().body;
    assert!(body.contains("£48 million"), "{body}");
    assert!(body.contains("€2.50"), "{body}");
}

#[test]
fn the_title_prefers_open_graph() {
    assert_eq!(news().title.as_deref(), Some("Harbour bridge reopens after two-year repair"));
}

#[test]
fn without_open_graph_the_title_is_the_first_heading() {
    let html = "<html><head><title>Ignored | Site</title></head><body><h1> Water  levels\n rise </h1><p>x</p></body></html>";
    assert_eq!(import_str(html, None).title.as_deref(), Some("Water levels rise"));
}

#[test]
fn without_a_heading_the_title_tag_loses_its_site_suffix() {
    let html = "<html><head><title>Council approves new school budget | Valley Times</title></head><body><p>x</p></body></html>";
    assert_eq!(import_str(html, None).title.as_deref(), Some("Council approves new school budget"));
    let html = "<html><head><title>Valley Times - Council approves new school budget</title>\
                <meta property=og:site_name content='Valley Times'></head><body></body></html>";
    assert_eq!(import_str(html, None).title.as_deref(), Some("Council approves new school budget"));
}

#[test]
fn the_byline_comes_from_the_author_meta_or_the_byline_element() {
    assert_eq!(news().byline.as_deref(), Some("Mira Okafor"));
    let html = r#"<html><body><p class="article-byline">By Tomas Reyes</p><p>Text.</p></body></html>"#;
    assert_eq!(import_str(html, None).byline.as_deref(), Some("Tomas Reyes"));
}

#[test]
fn the_publisher_is_the_site_name_else_json_ld_else_the_domain() {
    assert_eq!(news().publisher.as_deref(), Some("The Coastal Ledger"));
    let ld = r#"<html><head><script type="application/ld+json">
        {"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"x"},
         {"@type":"NewsArticle","headline":"H","datePublished":"2023-11-02T10:00:00Z",
          "author":[{"@type":"Person","name":"Ana Silva"},{"@type":"Person","name":"Li Wei"}],
          "publisher":{"@type":"Organization","name":"Daily Example"}}]}
        </script></head><body><p>Text.</p></body></html>"#;
    let a = import_str(ld, Some("https://www.example.org/x"));
    assert_eq!(a.publisher.as_deref(), Some("Daily Example"));
    assert_eq!(a.byline.as_deref(), Some("Ana Silva, Li Wei"));
    assert_eq!(a.published_date.as_deref(), Some("2023-11-02"));
    let bare = import_str("<p>Text.</p>", Some("https://www.example.org/x"));
    assert_eq!(bare.publisher.as_deref(), Some("example.org"));
}

#[test]
fn the_published_date_comes_from_json_ld_meta_or_time() {
    assert_eq!(news().published_date.as_deref(), Some("2024-03-15"));
    let html = r#"<html><body><article><time datetime="2022-07-04T12:00:00-04:00">July 4</time><p>x</p></article></body></html>"#;
    assert_eq!(import_str(html, None).published_date.as_deref(), Some("2022-07-04"));
    let html = r#"<html><head><meta property="article:published_time" content="2022-02-30"></head></html>"#;
    assert_eq!(import_str(html, None).published_date, None, "not a calendar date");
}

#[test]
fn the_url_is_the_canonical_one_resolved_against_the_page() {
    assert_eq!(news().url.as_deref(), Some("https://ledger.example/news/harbour-bridge-reopens"));
    let html = "<html><body><p>x</p></body></html>";
    assert_eq!(
        import_str(html, Some("https://ledger.example/a#top")).url.as_deref(),
        Some("https://ledger.example/a")
    );
    let sneaky = r#"<html><head><link rel="canonical" href="javascript:alert(1)"></head></html>"#;
    assert_eq!(import_str(sneaky, None).url, None);
}

#[test]
fn the_language_comes_from_the_html_element_or_open_graph() {
    assert_eq!(news().language.as_deref(), Some("en-GB"));
    let html = r#"<html><head><meta property="og:locale" content="pt_BR"></head><body></body></html>"#;
    assert_eq!(import_str(html, None).language.as_deref(), Some("pt-BR"));
}

#[test]
fn the_charset_comes_from_the_bom_then_the_header_then_meta_else_utf8() {
    // "café" in windows-1252, declared in the page.
    let page =
        b"<html><head><meta charset=\"windows-1252\"></head><body><p>caf\xe9 cr\xe8me</p></body></html>";
    assert_eq!(import_bytes(page, None, None).body, "café crème");
    // The header wins over the page.
    let page = b"<html><head><meta charset=\"utf-8\"></head><body><p>caf\xe9</p></body></html>";
    assert_eq!(import_bytes(page, Some("text/html; charset=ISO-8859-1"), None).body, "café");
    // A BOM wins over both.
    let page = "\u{feff}<p>café</p>".as_bytes();
    assert_eq!(import_bytes(page, Some("text/html; charset=windows-1252"), None).body, "café");
    // Nothing said: UTF-8, bad bytes replaced rather than refused.
    assert_eq!(import_bytes(b"<p>ok \xff</p>", None, None).body, "ok \u{fffd}");
    // Shift_JIS through http-equiv.
    let page =
        b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\"><p>\x93\xfa\x96\x7b</p>";
    assert_eq!(import_bytes(page, None, None).body, "日本");
}

#[test]
fn whitespace_is_collapsed_and_invisible_characters_dropped() {
    let html = "<body><p>  one\n\t two\u{a0}three\u{200b}four  </p><p>five<br>six</p></body>";
    assert_eq!(import_str(html, None).body, "one two threefour\n\nfive\n\nsix");
}

#[test]
fn hidden_elements_are_not_text() {
    let html = r#"<body><article><p>Visible paragraph that carries the article's actual text, long enough.</p>
        <p style="display: none">Hidden teaser</p><p hidden>Also hidden</p></article></body>"#;
    let body = import_str(html, None).body;
    assert!(!body.contains("idden"), "{body}");
}

#[test]
fn a_script_drawn_page_falls_back_to_json_ld_article_body() {
    let html = r#"<html><head><script type="application/ld+json">{"@type":"Article","articleBody":"First paragraph of a page whose text only a script would draw, long enough to be worth keeping as the body of the article.\nSecond paragraph, also only in the JSON-LD data, with more words so that it counts."}</script></head>
        <body><div id="app"></div></body></html>"#;
    let body = import_str(html, None).body;
    assert!(body.starts_with("First paragraph"), "{body}");
    assert!(body.contains("\n\nSecond paragraph"), "{body}");
}

#[test]
fn the_same_page_always_gives_the_same_article() {
    let a = news();
    for _ in 0..3 {
        assert_eq!(news(), a);
    }
}

#[test]
fn direction_controls_leave_the_short_fields_and_overrides_leave_the_body() {
    let page = "<html><head><meta property=\"og:title\" content=\"Roads \u{202E}fixed\">\
                <meta property=\"og:site_name\" content=\"\u{2067}Courier\u{2069}\"></head><body><article>\
                <p>The council said \u{202E}42 percent of roads were repaired, \u{2067}قال\u{2069} the mayor.</p>\
                </article></body></html>";
    let a = import_str(page, None);
    assert_eq!(a.title.as_deref(), Some("Roads fixed"));
    assert_eq!(a.publisher.as_deref(), Some("Courier"));
    assert!(a.body.contains("said 42 percent"), "{}", a.body);
    assert!(a.body.contains("\u{2067}قال\u{2069}"), "isolates in the body stay: {}", a.body);
}

#[test]
fn hostile_markup_neither_panics_nor_leaks_script() {
    let deep = "<div>".repeat(3_000) + "<p>deep text</p>";
    assert!(import_str(&deep, None).body.contains("deep text"));
    let bold = "<b>".repeat(3_000) + "<p>bold text</p>";
    assert!(import_str(&bold, None).body.contains("bold text"));
    let evil =
        r#"<body><p>Text<script>alert(1)</script><style>p{}</style></p><template><p>tpl</p></template>"#;
    let body = import_str(evil, None).body;
    assert_eq!(body, "Text");
    for junk in ["", "<", "<<<>>>", "\0\0", "<html><head><script type=application/ld+json>{not json</script>"]
    {
        let _ = import_str(junk, None);
        let _ = import_bytes(junk.as_bytes(), Some("text/html; charset=nonsense"), Some("not a url"));
    }
}

#[test]
fn pages_nested_thousands_deep_are_refused_before_parsing() {
    assert!(too_deep(&"<div>".repeat(MAX_NESTING + 1)));
    assert!(too_deep(&"<span><b>".repeat(MAX_NESTING)));
    assert_eq!(import_str(&"<div>".repeat(200_000), None), ImportedArticle::default());
    // Closed elements, void elements, elements whose end tag may be left out, and tags inside
    // scripts and comments do not add up.
    assert!(!too_deep(&"<div><p>x</div>".repeat(50_000)));
    assert!(!too_deep(&"<p>one<li>two<br><img src=x>".repeat(50_000)));
    let script =
        format!("<script>{}</script><!-- {} --><p>x", "<div>".repeat(50_000), "<div>".repeat(50_000));
    assert!(!too_deep(&script));
}

#[test]
fn script_and_style_contents_are_dropped_before_parsing_and_json_ld_is_kept() {
    let page = "<html><head><STYLE>p { color: red } </style><script>var s = '<p>Not text</p>';</SCRIPT >\
                <script type=\"application/LD+JSON\">{\"@type\": \"NewsArticle\", \"datePublished\": \"2019-03-04\"}</script></head>\
                <body><p>Kept.</p><script src=x.js></script><script>if (a < b) {}</script></body></html>";
    let scanned = scan(page, true).unwrap();
    assert!(
        !scanned.contains("color") && !scanned.contains("Not text") && !scanned.contains("a < b"),
        "{scanned}"
    );
    assert!(scanned.contains("<STYLE></style>") && scanned.contains("<script></SCRIPT >"), "{scanned}");
    assert!(scanned.contains("{\"@type\": \"NewsArticle\", \"datePublished\": \"2019-03-04\"}"), "{scanned}");
    assert!(scanned.contains("<p>Kept.</p><script src=x.js></script><script></script>"), "{scanned}");
    // Without stripping, or with nothing to strip, the page comes back as it was, not copied.
    assert!(matches!(scan(page, false), Some(std::borrow::Cow::Borrowed(p)) if p == page));
    assert!(matches!(scan("<p>plain</p>", true), Some(std::borrow::Cow::Borrowed(_))));
    // A script left open runs to the end of the page, as browsers read it.
    assert_eq!(scan("<p>a</p><script>never closed <p>b</p>", true).unwrap(), "<p>a</p><script>");
    // Multi-byte text around the cut stays whole.
    assert_eq!(scan("é<style>ü</style>ß", true).unwrap(), "é<style></style>ß");
    let article = import_str(page, None);
    assert_eq!(article.published_date.as_deref(), Some("2019-03-04"));
}
