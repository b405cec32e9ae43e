//! `/`: the article list, newest first, with a client-side order toggle.

use crate::api::articles::list_articles;
use crate::components::error_note::ErrorNote;
use crate::model::ArticleSummary;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ArticlesPage() -> impl IntoView {
    let articles = Resource::new(|| (), |_| list_articles(1));
    let newest_first = RwSignal::new(true);

    view! {
        <Title text="Articles"/>
        <section class="articles">
            <div class="list-head">
                <h1>"Articles"</h1>
                <button
                    class="sort-toggle"
                    type="button"
                    aria-pressed=move || (!newest_first.get()).to_string()
                    on:click=move |_| newest_first.update(|v| *v = !*v)
                >
                    {move || if newest_first.get() { "Newest first" } else { "Oldest first" }}
                </button>
            </div>
            <Suspense fallback=|| view! { <p class="muted">"Loading articles…"</p> }>
                {move || Suspend::new(async move {
                    match articles.await {
                        Ok(page) if page.items.is_empty() => view! { <EmptyList/> }.into_any(),
                        Ok(page) => {
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
                            }
                            .into_any()
                        }
                        Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn EmptyList() -> impl IntoView {
    view! {
        <div class="empty">
            <p>"No articles yet."</p>
            <p class="muted">"Articles appear here as soon as a reviewer submits one."</p>
        </div>
    }
}

#[component]
fn ArticleRow(article: ArticleSummary) -> impl IntoView {
    let meta = [article.publisher.clone(), article.published_date.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    let claims = format!("{} claim{}", article.claim_count, if article.claim_count == 1 { "" } else { "s" });
    view! {
        <li class="article-row">
            <a class="article-title" href=format!("/articles/{}", article.id)>{article.title}</a>
            <span class="muted">{meta}</span>
            <span class="claims">{claims}</span>
        </li>
    }
}
