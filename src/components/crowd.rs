//! The crowd's daily loop where it shows outside its own pages: the header's links with how many
//! claims wait and how much happened ("Review 12", "Activity 3"), the article page's "n claims need
//! your vote", and the claim panel's "Ask for a check".
//!
//! The per-reviewer counts are fetched by the browser once the page is live, into plain signals:
//! no resource of theirs is created during rendering, so the server-rendered page (shared by every
//! reader through the render cache for signed-out visitors) and its hydration never depend on
//! them. Two earlier attempts drew them with nested resources and broke hydration of the article
//! and claim pages. The check requests come with the claim itself (`ClaimDetail::check_requests`).

use crate::api::queue::AskForCheck;
use crate::components::error_note::ErrorNote;
use crate::model::{CheckRequests, LoopCounts};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

#[cfg(feature = "hydrate")]
static INTERACTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Notes the reader's first click or key press on this page load (see [`page_is_live`]).
#[cfg(feature = "hydrate")]
pub fn watch_interaction() {
    use std::sync::atomic::Ordering;
    // Never removed: they live as long as the page.
    std::mem::forget(window_event_listener(leptos::ev::pointerdown, |_| {
        INTERACTED.store(true, Ordering::Relaxed)
    }));
    std::mem::forget(window_event_listener(leptos::ev::keydown, |_| {
        INTERACTED.store(true, Ordering::Relaxed)
    }));
}

/// Whether the reader has clicked or pressed a key since the page loaded: a panel opened after
/// that was opened by them, and takes the keyboard focus; one the page opened with (a `?claim=`
/// link) does not, so the page stays at its top. Always false on the server.
pub fn page_is_live() -> bool {
    #[cfg(feature = "hydrate")]
    {
        INTERACTED.load(std::sync::atomic::Ordering::Relaxed)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        false
    }
}

/// A value the browser fetches after hydration and again whenever `track` changes; `None` on the
/// server, while hydrating and until the answer comes (an error leaves it `None`).
fn fetched_in_browser<K, T, Fut>(
    track: impl Fn() -> K + 'static,
    fetch: impl Fn() -> Fut + 'static,
) -> ReadSignal<Option<T>>
where
    K: 'static,
    T: Send + Sync + 'static,
    Fut: std::future::Future<Output = Option<T>> + 'static,
{
    let (value, set_value) = signal(None::<T>);
    // Effects run only in the browser, after hydration.
    Effect::new(move |_| {
        let _ = track();
        let fut = fetch();
        leptos::task::spawn_local(async move {
            let got = fut.await;
            if got.is_some() {
                set_value.set(got);
            }
        });
    });
    value
}

/// Grows by one after each vote or retraction the reviewer makes, on any page (the root provides
/// it; each claim panel's actions bump it), so counts outside the page, such as the header's
/// badges, follow without a reload.
#[derive(Clone, Copy, Default)]
pub struct VoteEpoch(pub RwSignal<u32>);

impl VoteEpoch {
    /// Bumps the root's epoch whenever `votes` (a sum of action versions) moves.
    pub fn follow(votes: impl Fn() -> usize + 'static) {
        let Some(VoteEpoch(epoch)) = use_context::<VoteEpoch>() else { return };
        Effect::new(move |before: Option<usize>| {
            let now = votes();
            if before.is_some_and(|b| b != now) {
                epoch.update(|e| *e += 1);
            }
            now
        });
    }
}

/// "Review" and "Activity" for a signed-in reviewer, each with its count, counted again on every
/// navigation and after each vote.
#[component]
pub fn LoopLinks() -> impl IntoView {
    let path = use_location().pathname;
    let votes = use_context::<VoteEpoch>().unwrap_or_default().0;
    let counts: ReadSignal<Option<LoopCounts>> = fetched_in_browser(
        move || (path.get(), votes.get()),
        || async { crate::api::queue::get_loop_counts().await.ok() },
    );
    let badge = move |n: i64, label: &'static str| {
        (n > 0).then(|| {
            view! { <span class="count-badge" aria-label=format!("{n} {label}") title=format!("{n} {label}")>{n.to_string()}</span> }
        })
    };
    view! {
        <A href="/review" attr:class="loop-link" attr:data-testid="review-link">
            "Review" {move || counts.get().and_then(|c| badge(c.waiting, "claims wait for your vote"))}
        </A>
        <A href="/activity" attr:class="loop-link" attr:data-testid="activity-link">
            "Activity"
            // The activity page itself is the visit that reads them.
            {move || counts.get().filter(|_| path.get() != "/activity").and_then(|c| badge(c.unread, "unread"))}
        </A>
    }
}

/// "n claims need your vote" on an article, with the button that starts the queue on it. `changes`
/// moves whenever the reviewer votes on the page, so the count follows.
#[component]
pub fn ArticleQueueProgress(article_id: i64, changes: Signal<usize>) -> impl IntoView {
    let waiting = fetched_in_browser(
        move || changes.get(),
        move || async move {
            crate::api::queue::get_review_queue(Some(1), Some(article_id)).await.ok().map(|q| q.total)
        },
    );
    move || {
        waiting.get().map(|n| match n {
            0 => view! {
                <p class="queue-progress muted" data-testid="queue-progress">"No claim here needs your vote."</p>
            }
            .into_any(),
            n => {
                let text =
                    if n == 1 { "1 claim needs your vote".to_string() } else { format!("{n} claims need your vote") };
                view! {
                    <p class="queue-progress" data-testid="queue-progress">
                        <span>{text}</span>
                        <a class="button" href=format!("/review?article={article_id}")>"Review them"</a>
                    </p>
                }
                .into_any()
            }
        })
    }
}

/// How many readers asked for a check of the claim, and the button that asks (anyone, signed in or
/// not, on an unreviewed or pending claim; once per account or browser). Without JavaScript the
/// button posts a plain form and the server sends the reader back to the page.
#[component]
pub fn CheckRequestBox(state: CheckRequests) -> impl IntoView {
    let claim_id = state.claim_id;
    let ask = ServerAction::<AskForCheck>::new();
    let current = move || match ask.value().get() {
        Some(Ok(s)) if s.claim_id == claim_id => s,
        _ => state.clone(),
    };
    let shown = {
        let s = current();
        s.open || s.requests > 0
    };
    shown.then(|| {
        view! {
            <div class="check-requests" data-testid="check-requests">
                {move || {
                    let s = current();
                    let count = match s.requests {
                        0 => "No reader has asked for a check yet.".to_string(),
                        1 => "1 reader asked for a check.".to_string(),
                        n => format!("{n} readers asked for a check."),
                    };
                    let button = (s.open && !s.asked).then(|| view! {
                        <form action=AskForCheck::url() method="post" class="inline-form" on:submit=move |ev: leptos::ev::SubmitEvent| {
                            ev.prevent_default();
                            ask.dispatch(AskForCheck { claim_id });
                        }>
                            <input type="hidden" name="claim_id" value=claim_id/>
                            <button type="submit" class="ask-check" disabled=move || ask.pending().get()>"Ask for a check"</button>
                        </form>
                    });
                    let thanks = s.asked.then(|| view! {
                        <span class="notice" role="status">"You asked for a check: reviewers see this claim sooner."</span>
                    });
                    // A <div>, not a <p>: a form may not sit inside a paragraph (the parser would close
                    // the paragraph before it, and the page would no longer hydrate).
                    view! { <div class="check-line muted"><span data-testid="request-count">{count}</span> {button} {thanks}</div> }
                }}
                {move || ask.value().get().and_then(|r| r.err()).map(|e| view! { <ErrorNote error=e/> })}
            </div>
        }
    })
}
