//! `/activity` (signed in): what changed on the claims you voted on, added sources to or flagged,
//! newest first, with what is new since your previous visit marked. Opening it is the visit that
//! resets the header's unread count. Nothing is sent by mail.

use crate::api::queue::my_activity;
use crate::components::error_note::ErrorNote;
use crate::model::ActivityItem;
use crate::wire::codec::resource;
use leptos::prelude::*;
use leptos_meta::Title;

/// One line in words: who did what.
fn describe(e: &ActivityItem) -> String {
    let who = if e.actor.is_empty() { "someone".to_string() } else { e.actor.clone() };
    match e.kind.as_str() {
        "vote" if e.detail == "retracted" => format!("{who} retracted their vote"),
        "vote" => format!("{who} voted {}", e.detail.replace('_', " ")),
        "source" => format!("{who} added a source ({}): {}", e.previous, e.detail),
        // The actor is whoever's vote or moderation made the change; none for a recount.
        "status" => {
            let by = if e.actor.is_empty() { String::new() } else { format!(" (by {who})") };
            format!(
                "status changed from {} to {}{by}",
                e.previous.replace('_', " "),
                e.detail.replace('_', " ")
            )
        }
        "moderation" => format!("{who} (moderator): {}", e.detail.replace('.', " ")),
        other => format!("{who}: {other}"),
    }
}

#[component]
pub fn ActivityPage() -> impl IntoView {
    let user = expect_context::<crate::components::claim_panel::UserResource>();
    let activity = resource(|| (), |_| my_activity());
    view! {
        <Title text="Activity"/>
        <section class="activity">
            <h1>"What changed on your claims"</h1>
            <p class="muted">"Votes, sources, status changes and moderation on the claims you voted on, added sources to or flagged. Newest first."</p>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    if !matches!(user.await, Ok(Some(_))) {
                        return view! { <p><a href="/login?next=/activity">"Sign in"</a> " to see the activity on your claims."</p> }.into_any();
                    }
                    match activity.await {
                        Ok(a) if a.items.is_empty() => view! {
                            <p class="empty">"Nothing yet. Vote on a claim, add a source or flag one, and what others do to it shows here."</p>
                        }.into_any(),
                        Ok(a) => view! {
                            <p data-testid="unread">{match a.unread { 0 => "Nothing new since your last visit.".to_string(), 1 => "1 new since your last visit.".to_string(), n => format!("{n} new since your last visit.") }}</p>
                            <ol class="activity-list">
                                {a.items.into_iter().map(|e| {
                                    let line = describe(&e);
                                    let when = e.at.replace('T', " ").replace('Z', " UTC");
                                    view! {
                                        <li class=format!("activity-item kind-{}", e.kind) class:unread=e.unread data-kind=e.kind.clone()>
                                            {e.unread.then(|| view! { <span class="badge new-badge">"new"</span> })}
                                            <time datetime=e.at.clone()>{when}</time> " "
                                            <span class="what">{line}</span>
                                            <span class="where">
                                                " on " <a href=format!("/articles/{}?claim={}", e.article_id, e.claim_id)>{format!("“{}”", e.statement)}</a>
                                                <span class="muted">{format!(" in {}", e.article_title)}</span>
                                            </span>
                                        </li>
                                    }
                                }).collect_view()}
                            </ol>
                        }.into_any(),
                        Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
