//! The claim panel's "Previously checked" box: fact-checks and claims of other articles that may be
//! the same claim, with their rating or our status, how close they are, and a reviewer's confirm,
//! dismiss and "Use this check" (adds the fact-check as a source; the reviewer still votes).

use super::Workspace;
use crate::api::matching::DecideMatch;
use crate::api::workspace::AddSource;
use crate::components::error_note::ErrorNote;
use crate::model::MatchView;
use crate::model::Stance;
use leptos::prelude::*;

/// The stance a fact-check's rating suggests for the claim it rates.
fn stance_for(rating: &str) -> Stance {
    let r = rating.to_lowercase();
    let refutes = [
        "false",
        "fake",
        "pants",
        "incorrect",
        "misleading",
        "wrong",
        "scam",
        "hoax",
        "disputed",
        "not true",
    ];
    if refutes.iter().any(|w| r.contains(w)) {
        Stance::Refutes
    } else if r.contains("true") || r.contains("correct") || r.contains("accurate") || r.contains("verified")
    {
        Stance::Supports
    } else {
        Stance::Context
    }
}

#[component]
pub fn PreviouslyChecked(
    claim_id: i64,
    matches: Vec<MatchView>,
    signed_in: Signal<bool>,
    open: bool,
) -> impl IntoView {
    let ws = use_context::<Workspace>();
    let list = RwSignal::new(matches);
    let decide = ServerAction::<DecideMatch>::new();
    // These buttons act through the page's code; the vote box says so without JavaScript.
    let live = crate::components::page_is_live();
    Effect::new(move |_| {
        if let Some(Ok(m)) = decide.value().get() {
            list.update(|l| {
                if let Some(x) = l.iter_mut().find(|x| x.id == m.id) {
                    *x = m.clone();
                }
            });
        }
    });
    view! {
        {move || (!list.with(Vec::is_empty)).then(|| view! {
            <section class="previously" data-testid="previously-checked" aria-label="Previously checked">
                <h3>{move || format!("Previously checked ({})", list.with(Vec::len))}</h3>
                <ul class="matches">
                    <For each=move || list.get() key=|m| (m.id, m.state.clone()) let:m>
                        {
                            let mid = m.id;
                            let proposed = m.state == "proposed";
                            let differ = m.figures == "differ";
                            let url = m.url.clone();
                            let use_url = m.url.clone().filter(|_| m.kind == "factcheck");
                            let rating = m.rating.clone();
                            let publisher = m.publisher.clone();
                            let claim_text = m.claim.clone();
                            view! {
                                <li class=format!("match match-{} figures-{}", m.state, m.figures) data-testid="match">
                                    <q class="match-claim">{m.claim.clone()}</q>
                                    " "
                                    <strong class="match-rating">{m.rating.replace('_', " ")}</strong>
                                    <span class="muted">{format!(" · {}", m.publisher)}</span>
                                    {m.date.clone().map(|d| view! { <span class="muted">{format!(" · {d}")}</span> })}
                                    {url.map(|u| view! { " · " <a href=u rel="noopener noreferrer nofollow" target="_blank">"link"</a> })}
                                    <span class="muted closeness">{format!(" · closeness {:.0}%", m.score * 100.0)}</span>
                                    {(m.figures == "differ").then(|| view! { " " <span class="badge differ" data-testid="differ">"related, different figure"</span> })}
                                    {(m.kind == "claim").then(|| view! {
                                        <span class="also-in">
                                            " · also in: "
                                            <a href=format!("/articles/{}", m.article_id.unwrap_or_default())>{m.article_title.clone().unwrap_or_default()}</a>
                                            {format!(", {}", m.rating.replace('_', " "))}
                                        </span>
                                    })}
                                    {(m.state == "confirmed").then(|| view! { " " <span class="badge confirmed">"same claim"</span> })}
                                    {(m.state == "dismissed").then(|| view! { " " <span class="badge dismissed">"dismissed"</span> })}
                                    {move || signed_in.get().then(|| {
                                        let use_url = use_url.clone();
                                        let rating = rating.clone();
                                        let publisher = publisher.clone();
                                        let claim_text = claim_text.clone();
                                        view! {
                                            <span class="match-actions">
                                                {proposed.then(|| view! {
                                                    // A different figure is a related claim, never the same one.
                                                    {(!differ).then(|| view! {
                                                        <button type="button" class="match-confirm" disabled=move || !live.get() on:click=move |_| { decide.dispatch(DecideMatch { claim_id, match_id: mid, decision: "confirm".into() }); }>"Same claim"</button>
                                                    })}
                                                    <button type="button" class="match-dismiss link" disabled=move || !live.get() on:click=move |_| { decide.dispatch(DecideMatch { claim_id, match_id: mid, decision: "dismiss".into() }); }>"Dismiss"</button>
                                                })}
                                                {(open && ws.is_some()).then_some(use_url).flatten().map(|u| {
                                                    let stance = stance_for(&rating);
                                                    let excerpt = format!("{claim_text} — rated {rating}");
                                                    view! {
                                                        <button type="button" class="match-use" disabled=move || !live.get() title="Adds this fact-check as a source, ticked for your vote; you still choose the verdict"
                                                            on:click=move |_| {
                                                                if let Some(ws) = ws {
                                                                    ws.add_source.dispatch(AddSource {
                                                                        claim_id,
                                                                        url: u.clone(),
                                                                        title: Some(format!("Fact-check: {}", rating)),
                                                                        publisher: Some(publisher.clone()),
                                                                        excerpt: Some(excerpt.chars().take(1_900).collect()),
                                                                        stance: stance.as_str().into(),
                                                                    });
                                                                    ws.notice.set(Some("The fact-check is a source now, ticked for your vote: choose Verified or Disputed.".into()));
                                                                }
                                                            }>"Use this check"</button>
                                                    }
                                                })}
                                            </span>
                                        }
                                    })}
                                </li>
                            }
                        }
                    </For>
                </ul>
                {move || decide.value().get().and_then(|r| r.err()).map(|e| view! { <ErrorNote error=e/> })}
            </section>
        })}
    }
}
