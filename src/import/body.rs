//! The main text of a page. The page is first laid out as a list of text blocks (one per run of
//! inline text inside a block element) on a tree of its block elements; paragraph-like blocks then
//! vote for their ancestors (the scoring Arc90's Readability made well known: commas and length,
//! shared up to five levels, scaled down by link density); the best container and the siblings that
//! look like it are kept, and the blocks inside them that read as text become the body: one paragraph
//! per block, separated by a blank line, whitespace collapsed.

use scraper::node::Element;
use scraper::{Html, Node};

type NodeRef<'a> = ego_tree::NodeRef<'a, Node>;

const NONE: u32 = u32::MAX;
/// Deeper than this the walk stops making block elements and reads the rest as inline text: a page
/// nested thousands deep must not overflow the stack.
const MAX_DEPTH: usize = 200;

/// What kind of block element an element is, as far as scoring cares.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Para,
    Div,
    Heading,
    Title,
    ListItem,
    List,
    Quote,
    Pre,
    Cell,
    Table,
    Other,
}

struct El {
    parent: u32,
    kind: Kind,
    /// Inside an element that reads as page furniture (nav, footer, share bar, comments ...).
    negative: bool,
    /// Class weight: +25 for names that say "article text".
    weight: f32,
    class: Box<str>,
    score: f32,
    scored: bool,
    chars: u32,
    link_chars: u32,
    /// Characters of paragraph-like blocks (25+ characters) inside, negative ones included.
    good_chars: u32,
}

struct Block {
    el: u32,
    text: String,
    chars: u32,
    link_chars: u32,
    excluded: bool,
}

struct Walker {
    els: Vec<El>,
    blocks: Vec<Block>,
    buf: String,
    buf_chars: u32,
    buf_links: u32,
    pending_space: bool,
}

/// The body text of a parsed page; `title` (when known) is dropped if it opens the text.
pub fn extract(doc: &Html, title: Option<&str>) -> String {
    let mut w = Walker {
        els: Vec::with_capacity(1024),
        blocks: Vec::with_capacity(512),
        buf: String::new(),
        buf_chars: 0,
        buf_links: 0,
        pending_space: false,
    };
    let root = w.push_el(NONE, Kind::Other, false, 0.0, "".into());
    let body =
        doc.root_element().children().find(|c| c.value().as_element().is_some_and(|e| e.name() == "body"));
    match body {
        Some(b) => w.walk(b, root, false, 0),
        None => w.walk(doc.tree.root(), root, false, 0),
    }
    w.flush(root);
    w.finish(title)
}

/// Plain text (a JSON-LD `articleBody`) laid out like an extracted body: one paragraph per line.
pub fn paragraphs_from_plain(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let mut para = String::new();
        push_collapsed(&mut para, line);
        let para = para.trim();
        if !para.is_empty() {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(para);
        }
    }
    out
}

fn push_collapsed(out: &mut String, text: &str) {
    let mut space = out.ends_with(' ');
    for c in text.chars() {
        if c.is_whitespace() {
            if !space && !out.is_empty() {
                out.push(' ');
                space = true;
            }
        } else if !is_invisible(c) {
            out.push(c);
            space = false;
        }
    }
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}')
}

impl Walker {
    fn push_el(&mut self, parent: u32, kind: Kind, negative: bool, weight: f32, class: Box<str>) -> u32 {
        self.els.push(El {
            parent,
            kind,
            negative,
            weight,
            class,
            score: 0.0,
            scored: false,
            chars: 0,
            link_chars: 0,
            good_chars: 0,
        });
        (self.els.len() - 1) as u32
    }

    fn walk(&mut self, node: NodeRef<'_>, owner: u32, in_link: bool, depth: usize) {
        for child in node.children() {
            match child.value() {
                Node::Text(t) => self.push_text(t, in_link),
                Node::Element(e) => {
                    let name = e.name();
                    match role(name) {
                        Role::Skip => {}
                        Role::Break => self.flush(owner),
                        Role::Inline if depth >= MAX_DEPTH => self.flat_text(child),
                        Role::Inline => {
                            if is_hidden(e) {
                                continue;
                            }
                            self.walk(child, owner, in_link || name == "a", depth + 1);
                        }
                        Role::Block(_) | Role::Furniture(_) if depth >= MAX_DEPTH => {
                            self.push_space();
                            self.flat_text(child);
                        }
                        role @ (Role::Block(_) | Role::Furniture(_)) => {
                            if is_hidden(e) {
                                continue;
                            }
                            let (kind, furniture) = match role {
                                Role::Block(k) => (k, false),
                                Role::Furniture(k) => (k, true),
                                _ => unreachable!(),
                            };
                            let (negative, weight, class) = class_signals(e, name);
                            self.flush(owner);
                            let id = self.push_el(owner, kind, negative || furniture, weight, class);
                            self.walk(child, id, in_link, depth + 1);
                            self.flush(id);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// The text under `node` without structure, read iteratively (for pages nested too deep).
    fn flat_text(&mut self, node: NodeRef<'_>) {
        for d in node.descendants() {
            if let Node::Text(t) = d.value() {
                let skipped = d
                    .ancestors()
                    .take_while(|a| a.id() != node.id())
                    .any(|a| a.value().as_element().is_some_and(|e| matches!(role(e.name()), Role::Skip)));
                if !skipped {
                    self.push_space();
                    self.push_text(t, false);
                }
            }
        }
    }

    fn push_space(&mut self) {
        if !self.buf.is_empty() {
            self.pending_space = true;
        }
    }

    fn push_text(&mut self, text: &str, in_link: bool) {
        let mut n = 0u32;
        for c in text.chars() {
            if c.is_whitespace() {
                if !self.buf.is_empty() {
                    self.pending_space = true;
                }
            } else if !is_invisible(c) {
                if self.pending_space {
                    self.buf.push(' ');
                    self.buf_chars += 1;
                    self.pending_space = false;
                }
                self.buf.push(c);
                n += 1;
            }
        }
        self.buf_chars += n;
        if in_link {
            self.buf_links += n;
        }
    }

    fn flush(&mut self, owner: u32) {
        self.pending_space = false;
        if self.buf.is_empty() {
            return;
        }
        let text = std::mem::take(&mut self.buf);
        self.blocks.push(Block {
            el: owner,
            text,
            chars: self.buf_chars,
            link_chars: self.buf_links,
            excluded: false,
        });
        self.buf_chars = 0;
        self.buf_links = 0;
    }

    fn finish(mut self, title: Option<&str>) -> String {
        let n = self.els.len();
        // Totals per element, and which blocks read as paragraphs.
        for b in 0..self.blocks.len() {
            let (el, chars, links) = (self.blocks[b].el, self.blocks[b].chars, self.blocks[b].link_chars);
            let good = is_paragraph_like(self.els[el as usize].kind) && chars >= 25 && links * 2 < chars;
            let mut at = el;
            while at != NONE {
                let e = &mut self.els[at as usize];
                if good {
                    e.good_chars += chars;
                }
                at = e.parent;
            }
        }
        // Furniture that turns out to hold most of the page's text is a wrapper, not furniture
        // (a whole page inside a <form>, a <div class="page-with-sidebar">).
        let total_good = self.els[0].good_chars.max(1);
        let mut negative = vec![false; n];
        for i in 0..n {
            let e = &self.els[i];
            let parent_neg = e.parent != NONE && negative[e.parent as usize];
            let own = e.negative && !(e.good_chars * 2 > total_good && e.good_chars > 1000);
            negative[i] = parent_neg || own;
        }
        for b in &mut self.blocks {
            b.excluded = negative[b.el as usize];
        }
        // Character and link totals over the blocks that count.
        for b in &self.blocks {
            if b.excluded {
                continue;
            }
            let mut at = b.el;
            while at != NONE {
                let e = &mut self.els[at as usize];
                e.chars += b.chars;
                e.link_chars += b.link_chars;
                at = e.parent;
            }
        }
        // Paragraphs vote for their ancestors.
        for bi in 0..self.blocks.len() {
            let b = &self.blocks[bi];
            if b.excluded || b.chars < 25 || !is_paragraph_like(self.els[b.el as usize].kind) {
                continue;
            }
            let commas = b.text.matches([',', '，', '、']).count() as f32;
            let score = 1.0 + commas + (b.chars as f32 / 100.0).min(3.0);
            let mut at = self.els[b.el as usize].parent;
            let mut level = 0;
            while at != NONE && level < 5 {
                let e = &mut self.els[at as usize];
                if !e.scored {
                    e.scored = true;
                    e.score = base_score(e.kind) + e.weight;
                }
                let divider = match level {
                    0 => 1.0,
                    1 => 2.0,
                    l => l as f32 * 3.0,
                };
                e.score += score / divider;
                at = e.parent;
                level += 1;
            }
        }
        let final_score = |e: &El| -> f32 {
            if !e.scored {
                return f32::MIN;
            }
            let ld = if e.chars == 0 { 0.0 } else { e.link_chars as f32 / e.chars as f32 };
            e.score * (1.0 - ld)
        };
        let mut ranked: Vec<(f32, u32)> = (1..n as u32)
            .filter(|&i| self.els[i as usize].scored && !negative[i as usize])
            .map(|i| (final_score(&self.els[i as usize]), i))
            .collect();
        // Highest first; equal scores keep document order, so the output never depends on sorting.
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let Some(&(top_score, mut top)) = ranked.first() else {
            return self.join(|_| true, title);
        };

        // Several near-best candidates under one ancestor: the article is that ancestor.
        let alternatives: Vec<u32> =
            ranked.iter().skip(1).take(4).filter(|(s, _)| *s >= top_score * 0.75).map(|&(_, i)| i).collect();
        if alternatives.len() >= 3 {
            let mut anc = self.els[top as usize].parent;
            while anc != NONE && anc != 0 {
                let inside = alternatives.iter().filter(|&&a| self.is_within(a, anc)).count();
                if inside >= 3 {
                    top = anc;
                    break;
                }
                anc = self.els[anc as usize].parent;
            }
        }
        // Climb while the parent scores at least as well (the text is split over several children).
        let mut last = final_score(&self.els[top as usize]);
        let threshold = last / 3.0;
        let mut parent = self.els[top as usize].parent;
        while parent != NONE && parent != 0 {
            let p = &self.els[parent as usize];
            if p.scored {
                let s = final_score(p);
                if s < threshold {
                    break;
                }
                if s > last {
                    top = parent;
                    break;
                }
                last = s;
            }
            parent = p.parent;
        }

        // The top candidate and its siblings that look like it.
        let top_final = final_score(&self.els[top as usize]);
        let top_parent = self.els[top as usize].parent;
        let mut keep = vec![false; n];
        keep[top as usize] = true;
        let mut keep_blocks = vec![false; self.blocks.len()];
        if top_parent != NONE {
            let sib_threshold = (top_final * 0.2).max(10.0);
            for i in 0..n {
                let e = &self.els[i];
                if e.parent != top_parent || i as u32 == top || negative[i] {
                    continue;
                }
                let bonus = if !e.class.is_empty() && e.class == self.els[top as usize].class {
                    top_final * 0.2
                } else {
                    0.0
                };
                if e.scored && final_score(e) + bonus >= sib_threshold {
                    keep[i] = true;
                } else if e.kind == Kind::Para || e.kind == Kind::Div {
                    let (chars, links) = (e.chars, e.link_chars);
                    let ld = if chars == 0 { 1.0 } else { links as f32 / chars as f32 };
                    if (chars > 80 && ld < 0.25)
                        || (chars > 0 && links == 0 && self.ends_like_sentence(i as u32))
                    {
                        keep[i] = true;
                    }
                }
            }
            // Text standing directly in the parent, between the kept children.
            for (bi, b) in self.blocks.iter().enumerate() {
                if b.el == top_parent && !b.excluded && b.chars > 80 && b.link_chars * 4 < b.chars {
                    keep_blocks[bi] = true;
                }
            }
        }
        // Every element inside a kept one is kept, unless it is a link list or other furniture.
        let mut inside = vec![false; n];
        for i in 0..n {
            let p = self.els[i].parent;
            inside[i] = keep[i] || (p != NONE && inside[p as usize]);
        }
        let mut dropped = vec![false; n];
        for i in 0..n {
            let e = &self.els[i];
            let p = e.parent;
            let parent_dropped = p != NONE && dropped[p as usize];
            let ld = if e.chars == 0 { 0.0 } else { e.link_chars as f32 / e.chars as f32 };
            let link_list = matches!(e.kind, Kind::List | Kind::Div | Kind::Table | Kind::Other)
                && ld > 0.5
                && e.chars < 2000;
            dropped[i] = parent_dropped || (inside[i] && !keep[i] && link_list);
        }
        let blocks = std::mem::take(&mut self.blocks);
        let els = &self.els;
        let body = join_blocks(&blocks, title, |bi| {
            let b = &blocks[bi];
            if b.excluded {
                return false;
            }
            let e = &els[b.el as usize];
            (inside[b.el as usize] && !dropped[b.el as usize] && e.kind != Kind::Title) || keep_blocks[bi]
        });
        self.blocks = blocks;
        body
    }

    fn join(&self, keep: impl Fn(usize) -> bool, title: Option<&str>) -> String {
        join_blocks(&self.blocks, title, |bi| !self.blocks[bi].excluded && keep(bi))
    }

    fn is_within(&self, mut el: u32, anc: u32) -> bool {
        while el != NONE {
            if el == anc {
                return true;
            }
            el = self.els[el as usize].parent;
        }
        false
    }

    fn ends_like_sentence(&self, el: u32) -> bool {
        self.blocks.iter().filter(|b| b.el == el).any(|b| b.text.ends_with('.') || b.text.contains(". "))
    }
}

fn join_blocks(blocks: &[Block], title: Option<&str>, keep: impl Fn(usize) -> bool) -> String {
    let mut out = String::new();
    let mut first = true;
    for (bi, b) in blocks.iter().enumerate() {
        if !keep(bi) || b.link_chars * 2 > b.chars || is_boilerplate(&b.text, b.chars) {
            continue;
        }
        if first && title.is_some_and(|t| t == b.text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&b.text);
        first = false;
    }
    out
}

/// Short lines that are page furniture whatever element they stand in.
fn is_boilerplate(text: &str, chars: u32) -> bool {
    if chars > 60 {
        return false;
    }
    let lower = text.to_lowercase();
    let lower = lower.trim_matches(|c: char| !c.is_alphanumeric());
    const STARTS: &[&str] = &[
        "advertisement",
        "continue reading",
        "read more",
        "story continues below",
        "article continues below",
        "share this",
        "share on",
        "sign up",
        "subscribe",
        "click here",
        "related:",
        "follow us",
        "all rights reserved",
        "copyright",
        "skip to",
        "loading",
        "scroll to continue",
        "you may also like",
        "recommended",
        "sponsored",
    ];
    STARTS.iter().any(|s| lower.starts_with(s)) || lower == "ad" || lower.starts_with('©')
}

fn is_paragraph_like(kind: Kind) -> bool {
    matches!(kind, Kind::Para | Kind::Div | Kind::Pre | Kind::Quote | Kind::Cell | Kind::Other)
}

fn base_score(kind: Kind) -> f32 {
    match kind {
        Kind::Div => 5.0,
        Kind::Pre | Kind::Cell | Kind::Quote => 3.0,
        Kind::List | Kind::ListItem => -3.0,
        Kind::Heading | Kind::Title => -5.0,
        _ => 0.0,
    }
}

enum Role {
    Skip,
    Break,
    Inline,
    Block(Kind),
    /// A block that is page furniture by its tag (nav, aside, footer ...).
    Furniture(Kind),
}

fn role(name: &str) -> Role {
    match name {
        "script" | "style" | "noscript" | "template" | "svg" | "math" | "iframe" | "object" | "embed"
        | "canvas" | "video" | "audio" | "select" | "option" | "button" | "input" | "textarea" | "head"
        | "title" | "meta" | "link" | "img" | "picture" | "source" | "figcaption" | "dialog" | "map" => {
            Role::Skip
        }
        "br" | "hr" | "wbr" => Role::Break,
        "a" | "span" | "b" | "i" | "em" | "strong" | "small" | "sup" | "sub" | "abbr" | "cite" | "code"
        | "q" | "time" | "mark" | "u" | "s" | "del" | "ins" | "font" | "label" | "big" | "tt" | "var"
        | "kbd" | "samp" | "dfn" | "bdi" | "bdo" | "data" | "strike" | "nobr" | "acronym" => Role::Inline,
        "p" => Role::Block(Kind::Para),
        "div" | "section" | "article" | "main" | "center" | "body" | "html" | "details" | "summary" => {
            Role::Block(Kind::Div)
        }
        "h1" => Role::Block(Kind::Title),
        "h2" | "h3" | "h4" | "h5" | "h6" => Role::Block(Kind::Heading),
        "li" | "dt" | "dd" => Role::Block(Kind::ListItem),
        "ul" | "ol" | "dl" | "menu" => Role::Block(Kind::List),
        "blockquote" => Role::Block(Kind::Quote),
        "pre" => Role::Block(Kind::Pre),
        "td" | "th" => Role::Block(Kind::Cell),
        "table" | "tbody" | "thead" | "tfoot" | "tr" => Role::Block(Kind::Table),
        "nav" | "aside" | "footer" | "header" | "figure" | "form" | "address" => Role::Furniture(Kind::Other),
        _ => Role::Block(Kind::Other),
    }
}

fn attr<'a>(e: &'a Element, name: &str) -> Option<&'a str> {
    e.attrs().find(|(k, _)| *k == name).map(|(_, v)| v)
}

fn is_hidden(e: &Element) -> bool {
    for (k, v) in e.attrs() {
        match k {
            "hidden" => return true,
            "aria-hidden" if v.trim().eq_ignore_ascii_case("true") => return true,
            "style" => {
                let s: String =
                    v.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
                if s.contains("display:none") || s.contains("visibility:hidden") {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

/// Whether the element's class and id name page furniture, and its class weight.
fn class_signals(e: &Element, name: &str) -> (bool, f32, Box<str>) {
    let class = attr(e, "class").unwrap_or("");
    let id = attr(e, "id").unwrap_or("");
    if class.is_empty() && id.is_empty() {
        return (false, 0.0, "".into());
    }
    let mut negative = false;
    let mut positive = false;
    for word in class.split_ascii_whitespace().chain(id.split_ascii_whitespace()) {
        let w = word.to_ascii_lowercase();
        if NEGATIVE_WORDS.contains(&w.as_str()) {
            negative = true;
        }
        for part in w.split(|c: char| !c.is_ascii_alphanumeric()).filter(|p| !p.is_empty()) {
            if NEGATIVE_PARTS.contains(&part)
                || NEGATIVE_PREFIXES.iter().any(|p| part.starts_with(p) && !part.starts_with("commentary"))
            {
                negative = true;
            }
            if POSITIVE_PARTS.contains(&part) {
                positive = true;
            }
        }
    }
    // The page's own wrappers are never furniture by name.
    if matches!(name, "body" | "html" | "main" | "article") {
        negative = false;
    }
    (negative, if positive { 25.0 } else { 0.0 }, class.into())
}

const NEGATIVE_WORDS: &[&str] = &[
    "hidden",
    "hide",
    "is-hidden",
    "visually-hidden",
    "visuallyhidden",
    "sr-only",
    "screen-reader-text",
    "screenreader",
    "d-none",
    "offscreen",
];

const NEGATIVE_PARTS: &[&str] = &[
    "ad",
    "ads",
    "adv",
    "advert",
    "advertisement",
    "advertising",
    "author",
    "authors",
    "banner",
    "bio",
    "byline",
    "bylines",
    "caption",
    "captions",
    "credit",
    "credits",
    "dateline",
    "disqus",
    "footer",
    "gallery",
    "login",
    "masthead",
    "menu",
    "meta",
    "modal",
    "nav",
    "navbar",
    "navigation",
    "newsletter",
    "pagination",
    "pager",
    "player",
    "popular",
    "popup",
    "print",
    "promo",
    "promotion",
    "rating",
    "readmore",
    "recirc",
    "related",
    "share",
    "sharing",
    "sidebar",
    "signup",
    "skip",
    "slideshow",
    "social",
    "sponsor",
    "sponsored",
    "subscribe",
    "subscription",
    "tag",
    "tags",
    "timestamp",
    "toolbar",
    "trending",
    "video",
    "widget",
    "widgets",
    "cookie",
    "consent",
    "breadcrumb",
    "breadcrumbs",
    "outbrain",
    "taboola",
    "comment",
    "comments",
    "keywords",
];

const NEGATIVE_PREFIXES: &[&str] = &[
    "comment",
    "related",
    "share",
    "social",
    "newsletter",
    "sidebar",
    "footer",
    "breadcrumb",
    "promo",
    "advert",
    "sponsor",
    "outbrain",
    "taboola",
    "recommend",
    "subscribe",
    "cookie",
    "byline",
    "caption",
];

const POSITIVE_PARTS: &[&str] = &[
    "article", "body", "content", "entry", "hentry", "main", "page", "post", "text", "blog", "story", "prose",
];
