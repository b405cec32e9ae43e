//! `/`: the article list, newest first, with search, a status filter, pagination, per-article
//! progress and a verdict-distribution bar.

use crate::api::workspace::search_articles;
use crate::components::error_note::ErrorNote;
use crate::components::status::DistributionBar;
use crate::model::{ArticleQuery, ArticleSummary, Status};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ArticlesPage() -> impl IntoView {
    let query_map = use_query_map();
    let query = move || {
        let q = query_map.read();
        ArticleQuery {
            page: q.get("page").and_then(|p| p.parse().ok()),
            q: q.get("q").filter(|s| !s.is_empty()),
            status: q.get("status").filter(|s| !s.is_empty()),
            archived: q.get("archived").map(|v| v == "true"),
        }
    };
    let articles = crate::wire::codec::resource(query, search_articles);
    let newest_first = RwSignal::new(true);

    view! {
        <Title text="Articles"/>
        <section class="articles">
            <div class="list-head">
                <h1>"Articles"</h1>
                <a href="/submit" class="button primary">"Submit an article"</a>
            </div>
            <form class="filters" method="get" action="/" role="search">
                <label for="q" class="visually-hidden">"Search titles and claims"</label>
                <input id="q" name="q" type="search" placeholder="Search titles and claims" maxlength="200"
                    prop:value=move || query().q.unwrap_or_default()/>
                <label for="status-filter" class="visually-hidden">"Status"</label>
                <select id="status-filter" name="status">
                    <option value="" selected=move || query().status.is_none()>"Any status"</option>
                    {Status::ALL.iter().map(|s| {
                        let v = s.as_str();
                        view! { <option value=v selected=move || query().status.as_deref() == Some(v)>{s.label()}</option> }
                    }).collect_view()}
                </select>
                <button type="submit">"Search"</button>
                <button
                    class="sort-toggle"
                    type="button"
                    aria-pressed=move || (!newest_first.get()).to_string()
                    on:click=move |_| newest_first.update(|v| *v = !*v)
                >
                    {move || if newest_first.get() { "Newest first" } else { "Oldest first" }}
                </button>
            </form>
            <Transition fallback=|| view! { <p class="muted">"Loading articles…"</p> }>
                {move || Suspend::new(async move {
                    match articles.await {
                        Ok(page) if page.items.is_empty() => {
                            let q = query();
                            let why = if page.total > 0 {
                                Empty::PastTheLastPage
                            } else if q.q.is_some() || q.status.is_some() {
                                Empty::NoMatch
                            } else if q.archived == Some(true) {
                                Empty::NoneArchived
                            } else {
                                Empty::NoArticles
                            };
                            view! { <EmptyList why/> }.into_any()
                        }
                        Ok(page) => {
                            let pages = page.page_count();
                            let current = page.page;
                            let items = page.items;
                            view! {
                                <p class="muted count">{format!("{} article{}", page.total, if page.total == 1 { "" } else { "s" })}</p>
                                <ol class="article-list">
                                    {move || {
                                        let mut items = items.clone();
                                        if !newest_first.get() {
                                            items.reverse();
                                        }
                                        items.into_iter().map(|a| view! { <ArticleRow article=a/> }).collect_view()
                                    }}
                                </ol>
                                <Pagination current=current pages=pages/>
                            }
                            .into_any()
                        }
                        Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Pagination(current: u32, pages: u32) -> impl IntoView {
    let query_map = use_query_map();
    let link = move |p: u32| {
        let q = query_map.read_untracked();
        let mut parts = vec![format!("page={p}")];
        for key in ["q", "status", "archived"] {
            if let Some(v) = q.get(key).filter(|v| !v.is_empty()) {
                parts.push(format!("{key}={}", urlencode(&v)));
            }
        }
        format!("/?{}", parts.join("&"))
    };
    crate::components::status::pager(current, pages, link)
}

pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Why the list shows no article.
#[derive(Clone, Copy)]
enum Empty {
    /// There are none at all.
    NoArticles,
    /// None matches the search or the status filter.
    NoMatch,
    /// None is archived.
    NoneArchived,
    /// The page number is past the last page.
    PastTheLastPage,
}

#[component]
fn EmptyList(why: Empty) -> impl IntoView {
    // Each reason but the first: what is empty, and the way back to the current articles.
    let (said, back) = match why {
        Empty::NoArticles => {
            return view! {
                <div class="empty">
                    <p>"No articles yet."</p>
                    <p class="muted">"Articles appear here as soon as a reviewer submits one. "
                        <a href="/submit">"Submit the first"</a> ", or run " <code>"claimcheck demo"</code> " for a sample."</p>
                </div>
            }
            .into_any();
        }
        Empty::NoMatch => ("No articles match.", "Clear the search"),
        Empty::NoneArchived => ("No archived articles.", "See the current articles"),
        Empty::PastTheLastPage => ("No articles on this page.", "Go to the first page"),
    };
    view! {
        <div class="empty">
            <p>{said}</p>
            <p class="muted"><a href="/">{back}</a></p>
        </div>
    }
    .into_any()
}

#[component]
fn ArticleRow(article: ArticleSummary) -> impl IntoView {
    let meta = [article.publisher.clone(), article.published_date.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    let d = article.distribution;
    let progress = format!("{} of {} claims have a verdict", d.settled(), article.claim_count);
    view! {
        <li class="article-row">
            <a class="article-title" href=format!("/articles/{}", article.id)>{article.title}</a>
            <span class="muted">{meta}</span>
            {match article.merged_into {
                // A merged copy's claims went with its review: say where, not "0 of 0".
                Some(into) => view! {
                    <span class="claims muted">
                        "Merged into " <a href=format!("/articles/{into}")>{format!("article #{into}")}</a>
                    </span>
                }.into_any(),
                None => view! {
                    <span class="claims">
                        <DistributionBar distribution=d/>
                        <span class="progress-text">{progress}</span>
                    </span>
                }.into_any(),
            }}
        </li>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(super::urlencode("a b&c=ü"), "a%20b%26c%3D%C3%BC");
    }
}
