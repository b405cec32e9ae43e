//! The crowd's daily loop where it shows outside its own pages: the header's links with how many
//! claims wait and how much happened ("Review 12", "Activity 3"), the "Ask for a check" box in the
//! claim panel, and the article page's "n claims need your vote".

use crate::api::codec::resource;
use crate::api::queue::{get_check_requests, get_loop_counts, get_review_queue, AskForCheck};
use crate::components::error_note::ErrorNote;
use crate::model::Status;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

/// False on the server and while the page hydrates, true right after: what is drawn under it is
/// drawn by the browser alone. The per-reader boxes below read their own resources inside the claim
/// panel's and the article's suspense, and drawn on the server too they broke hydration (a marker
/// node out of place on the article and claim pages); they need JavaScript to act anyway.
pub fn after_hydration() -> ReadSignal<bool> {
    let (mounted, set_mounted) = signal(false);
    Effect::new(move |_| set_mounted.set(true));
    mounted
}

/// "Review (n)" and "Activity (n)" for a signed-in reviewer, counted again on every navigation.
#[component]
pub fn LoopLinks() -> impl IntoView {
    let mounted = after_hydration();
    view! {
        <A href="/review" attr:class="loop-link" attr:data-testid="review-link">
            "Review" {move || mounted.get().then(|| view! { <LoopBadge which=Loop::Waiting/> })}
        </A>
        <A href="/activity" attr:class="loop-link" attr:data-testid="activity-link">
            "Activity" {move || mounted.get().then(|| view! { <LoopBadge which=Loop::Unread/> })}
        </A>
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Loop {
    Waiting,
    Unread,
}

/// One count beside a header link, drawn by the browser after hydration (see `after_hydration`).
#[component]
fn LoopBadge(which: Loop) -> impl IntoView {
    let path = use_location().pathname;
    let counts = resource(move || path.get(), |_| get_loop_counts());
    let badge = |n: i64, label: &'static str| {
        (n > 0).then(
            || view! { <span class="count-badge" aria-label=format!("{n} {label}")>{n.to_string()}</span> },
        )
    };
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let c = counts.await.ok()?;
                match which {
                    Loop::Waiting => badge(c.waiting, "claims wait for your vote"),
                    // The activity page itself is the visit that reads them.
                    Loop::Unread if path.get_untracked() == "/activity" => None,
                    Loop::Unread => badge(c.unread, "unread"),
                }
            })}
        </Transition>
    }
}

/// How many readers asked for a check of the claim, and the button that asks (for anyone, signed
/// in or not, on an unreviewed or pending claim; once per account or browser).
#[component]
pub fn CheckRequestBox(claim_id: i64, status: Status) -> impl IntoView {
    let mounted = after_hydration();
    move || mounted.get().then(|| view! { <CheckRequestBoxLive claim_id=claim_id status=status/> })
}

#[component]
fn CheckRequestBoxLive(claim_id: i64, status: Status) -> impl IntoView {
    let ask = ServerAction::<AskForCheck>::new();
    let state = resource(move || (claim_id, ask.version().get()), |(id, _)| get_check_requests(id));
    let wants_check = matches!(status, Status::Unreviewed | Status::Pending);
    view! {
        <div class="check-requests" data-testid="check-requests">
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let Ok(s) = state.await else { return ().into_any() };
                    let count = match s.requests {
                        0 => "No reader has asked for a check yet.".to_string(),
                        1 => "1 reader asked for a check.".to_string(),
                        n => format!("{n} readers asked for a check."),
                    };
                    let button = (wants_check && s.open && !s.asked).then(|| view! {
                        <button type="button" class="ask-check" on:click=move |_| { ask.dispatch(AskForCheck { claim_id }); }>
                            "Ask for a check"
                        </button>
                    });
                    let thanks = s.asked.then(|| view! {
                        <span class="notice" role="status">"You asked for a check: reviewers see this claim sooner."</span>
                    });
                    view! { <p class="muted"><span data-testid="request-count">{count}</span> " " {button} {thanks}</p> }.into_any()
                })}
            </Transition>
            {move || ask.value().get().and_then(|r| r.err()).map(|e| view! { <ErrorNote error=e/> })}
        </div>
    }
}

/// "n claims need your vote" on an article, with the button that starts the queue on it.
#[component]
pub fn ArticleQueueProgress(article_id: i64) -> impl IntoView {
    let mounted = after_hydration();
    move || mounted.get().then(|| view! { <ArticleQueueProgressLive article_id=article_id/> })
}

#[component]
fn ArticleQueueProgressLive(article_id: i64) -> impl IntoView {
    let waiting = resource(move || article_id, |id| get_review_queue(Some(1), Some(id)));
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match waiting.await {
                    Ok(q) if q.total > 0 => {
                        let text = if q.total == 1 { "1 claim needs your vote".to_string() } else { format!("{} claims need your vote", q.total) };
                        view! {
                            <p class="queue-progress" data-testid="queue-progress">
                                <span>{text}</span> " "
                                <a class="button" href=format!("/review?article={article_id}")>"Review them"</a>
                            </p>
                        }.into_any()
                    }
                    Ok(_) => view! { <p class="queue-progress muted" data-testid="queue-progress">"No claim here needs your vote."</p> }.into_any(),
                    // Readers (401) see nothing here.
                    Err(_) => ().into_any(),
                }
            })}
        </Transition>
    }
}
