//! `/review` (signed in): the claims that need your vote, most useful first, each shown in its
//! sentence with its article, status and tally. Choosing one opens the claim panel in place; `n`
//! moves to the next claim, `s` to the source form, `v`/`d` vote with the ticked sources.
//! `?article=ID` limits the queue to one article. The list stays as loaded while you work through
//! it (a claim you vote on is marked done, not pulled from under you); "Refresh" reloads it.

use crate::api::queue::get_review_queue;
use crate::components::error_note::ErrorNote;
use crate::components::status::StatusBadge;
use crate::components::tools::{Deferred, Tool};
use crate::model::{QueueItem, ReviewQueue};
use crate::wire::codec::resource;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

fn reason_label(reason: &str) -> &'static str {
    match reason {
        "near_quorum" => "close to a verdict",
        "contested" => "contested",
        "requested" => "readers asked",
        _ => "unreviewed",
    }
}

#[component]
pub fn ReviewPage() -> impl IntoView {
    let query = use_query_map();
    let article = move || query.read().get("article").and_then(|s| s.parse::<i64>().ok()).filter(|&a| a > 0);
    // `?article=` that names no article is said, not silently dropped.
    let bad_article = move || {
        query.read().get("article").filter(|s| !s.is_empty() && !s.parse::<i64>().is_ok_and(|a| a > 0))
    };
    let user = expect_context::<crate::components::claim_panel::UserResource>();
    let selected = RwSignal::new(None::<i64>);
    let vote = crate::components::claim_panel::provide_workspace(selected);
    let refresh = RwSignal::new(0u32);
    let queue =
        resource(move || (article(), refresh.get()), |(article, _)| get_review_queue(Some(50), article));
    // Claims voted on from this page: marked done, so the list does not shift under the reviewer.
    let done = RwSignal::new(Vec::<i64>::new());
    // Another article's queue starts with nothing done.
    Effect::new(move |_| {
        let _ = article();
        done.set(vec![]);
    });
    Effect::new(move |_| {
        if let Some(Ok(c)) = vote.value().get() {
            done.update(|d| {
                if !d.contains(&c.id) {
                    d.push(c.id)
                }
            });
        }
    });
    let order = StoredValue::new(Vec::<i64>::new());
    review_keys(selected, order);

    view! {
        <Title text="Review queue"/>
        <section class="review-queue">
            <div class="list-head">
                <h1>"Claims that need your vote"</h1>
                <button type="button" on:click=move |_| { done.set(vec![]); selected.set(None); refresh.update(|n| *n += 1); }>"Refresh"</button>
            </div>
            <p class="muted">
                "Closest to a verdict first, then contested claims, claims readers asked about, and the newest articles' unreviewed claims. "
                "Press " <kbd>"n"</kbd> " for the next claim, " <kbd>"s"</kbd> " to add a source, " <kbd>"v"</kbd> "/" <kbd>"d"</kbd> " to vote."
            </p>
            {move || bad_article().map(|s| view! {
                <p class="notice" role="status" data-testid="queue-bad-article">{format!("“{s}” is not an article number; showing the claims of every article.")}</p>
            })}
            <Transition fallback=|| view! { <p class="muted">"Loading the queue…"</p> }>
                {move || Suspend::new(async move {
                    let signed_in = matches!(user.await, Ok(Some(_)));
                    if !signed_in {
                        // An article number needs no escaping in the query.
                        let href = article().map_or_else(|| "/login?next=/review".to_string(), |a| format!("/login?next=/review?article={a}"));
                        return view! { <p><a href=href>"Sign in"</a> " to review claims."</p> }.into_any();
                    }
                    match queue.await {
                        Ok(q) if q.items.is_empty() => view! {
                            {article_head(article(), &q)}
                            <p class="empty" data-testid="queue-empty">"Nothing waits for your vote. Thank you!"</p>
                        }.into_any(),
                        Ok(q) => {
                            let back = article_head(article(), &q);
                            order.set_value(q.items.iter().map(|i| i.claim.id).collect());
                            let total = q.total;
                            view! {
                                {back}
                                // Less the claims voted on from this page, which stay listed as done.
                                <p data-testid="queue-total">{move || format!("{} waiting", (total - done.with(Vec::len) as i64).max(0))}</p>
                                <ol class="queue-list">
                                    {q.items.into_iter().map(|item| view! { <QueueEntry item=item selected=selected done=done/> }).collect_view()}
                                </ol>
                            }.into_any()
                        }
                        Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// With `?article=`: a link back to the article the queue found (a missing one answered 404), and
/// why its claims wait for no one: a copy merged into another article (whose claims these are), or
/// an article archived or locked.
fn article_head(asked: Option<i64>, q: &ReviewQueue) -> Option<impl IntoView> {
    let a = q.article.clone()?;
    let merged = asked.filter(|&n| n != a.id).map(|n| {
        view! {
            <p class="notice" role="status" data-testid="queue-merged">
                {format!("Article {n} was merged into “{}”: these are that article's claims.", a.title)}
            </p>
        }
    });
    let closed = q.closed.clone().map(|why| {
        view! { <p class="notice" role="status" data-testid="queue-closed">{format!("“{}” is {why}: its claims take no votes.", a.title)}</p> }
    });
    Some(view! {
        {merged}
        <p data-testid="queue-back"><a href=format!("/articles/{}", a.id)>"Back to the article"</a> " · " <a href="/review">"All articles"</a></p>
        {closed}
    })
}

#[component]
fn QueueEntry(item: QueueItem, selected: RwSignal<Option<i64>>, done: RwSignal<Vec<i64>>) -> impl IntoView {
    let c = item.claim;
    let id = c.id;
    let tally = format!("✓{} ✗{} ∅{}", c.tally.verified, c.tally.disputed, c.tally.not_a_claim);
    let edited = (c.statement != c.quote.exact).then(|| c.statement.clone());
    let requests = (item.requests > 0).then(|| {
        let n = item.requests;
        view! { <span class="requests">{if n == 1 { "1 request".to_string() } else { format!("{n} requests") }}</span> }
    });
    view! {
        <li class="queue-entry" class:selected=move || selected.get() == Some(id) class:done=move || done.get().contains(&id) data-queue-entry=id>
            <button type="button" class="queue-open" aria-expanded=move || (selected.get() == Some(id)).to_string()
                data-queue-claim=id on:click=move |_| selected.set(Some(id))>
                <span class="queue-meta">
                    <span class=format!("reason reason-{}", item.reason)>{reason_label(&item.reason)}</span>
                    <StatusBadge status=c.status editorial=c.locked/>
                    <span class="tally">{tally}</span>
                    {requests}
                    {move || done.get().contains(&id).then(|| view! { <span class="badge done-badge">"voted"</span> })}
                </span>
                <span class="in-sentence">
                    "…" {c.quote.prefix.clone()} <mark class=format!("claim status-{}", c.status.as_str())>{c.quote.exact.clone()}</mark> {c.quote.suffix.clone()} "…"
                </span>
                {edited.map(|s| view! { <span class="statement">{format!("Reviewed as: {s}")}</span> })}
            </button>
            <p class="queue-article muted">"in " <a href=format!("/articles/{}?claim={id}", c.article_id)>{item.article_title}</a></p>
            {move || (selected.get() == Some(id)).then(|| view! { <Deferred tool=Tool::Panel(id)/> })}
        </li>
    }
}

/// n: next claim (the first when none is open); s: the source form; v/d: the vote buttons.
fn review_keys(selected: RwSignal<Option<i64>>, order: StoredValue<Vec<i64>>) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let handle = window_event_listener(leptos::ev::keydown, move |ev: web_sys::KeyboardEvent| {
            let Some(key) = crate::components::shortcut_key(&ev) else { return };
            let click = |selector: &str| {
                if let Some(b) = document()
                    .query_selector(selector)
                    .ok()
                    .flatten()
                    .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    b.click();
                }
            };
            match key.as_str() {
                "n" => {
                    let ids = order.get_value();
                    let next = match selected.get_untracked().and_then(|s| ids.iter().position(|i| *i == s)) {
                        None => ids.first().copied(),
                        Some(p) => ids.get(p + 1).copied(),
                    };
                    if let Some(next) = next {
                        selected.set(Some(next));
                        if let Ok(Some(el)) =
                            document().query_selector(&format!("[data-queue-claim=\"{next}\"]"))
                        {
                            if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                                let _ = el.focus();
                            }
                        }
                    }
                }
                "s" => crate::components::focus_source_form(&ev),
                "v" => click(".vote-verified:not([disabled])"),
                "d" => click(".vote-disputed:not([disabled])"),
                _ => {}
            }
        });
        on_cleanup(move || handle.remove());
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (selected, order);
    }
}
