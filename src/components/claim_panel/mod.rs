//! The claim panel: a claim's statement, status, sources, votes and history, with the reviewer's
//! controls (vote, add a source, flag) and the admin's. The article page opens it beside the text,
//! the review queue in place, the claim's own page whole. Its actions live in a [`Workspace`] the
//! page provides; the panel itself is loaded on demand (`components::tools`), so readers who never
//! open a claim never download it.

use crate::api::workspace::{get_claim, AddClaim, AddSource, FlagClaim, RetractVote, Vote};
use crate::components::error_note::ErrorNote;
use crate::components::moderation::{ModerationEpoch, ModerationNotice};
use crate::components::status::StatusBadge;
use crate::components::tools::{Deferred, Tool};
use crate::consensus::Status;
use crate::error::AppError;
use crate::model::{ClaimDetail, FlagReason, Stance, UserView, Verdict, Visibility};
use crate::wire::codec::{resource, JsonResource};
use leptos::prelude::*;

mod previously;

/// The signed-in user, shared from the root (None for readers).
pub type UserResource = JsonResource<Result<Option<UserView>, AppError>>;

#[derive(Clone, Copy)]
pub struct Workspace {
    pub(crate) selected: RwSignal<Option<i64>>,
    pub(crate) vote: ServerAction<Vote>,
    pub(crate) retract: ServerAction<RetractVote>,
    pub(crate) add_source: ServerAction<AddSource>,
    pub(crate) add_claim: ServerAction<AddClaim>,
    pub(crate) flag: ServerAction<FlagClaim>,
    pub(crate) help_open: RwSignal<bool>,
    pub(crate) notice: RwSignal<Option<String>>,
}

impl Workspace {
    /// The claim panel's actions and state, with `selected` the open claim.
    pub(crate) fn new(selected: RwSignal<Option<i64>>) -> Self {
        let ws = Workspace {
            selected,
            vote: ServerAction::new(),
            retract: ServerAction::new(),
            add_source: ServerAction::new(),
            add_claim: ServerAction::new(),
            flag: ServerAction::new(),
            help_open: RwSignal::new(false),
            notice: RwSignal::new(None),
        };
        crate::components::crowd::VoteEpoch::follow(move || {
            ws.vote.version().get() + ws.retract.version().get()
        });
        ws
    }
}

/// Gives a page other than the article page (the review queue) the claim panel's actions, so it
/// can open `ClaimPanel` in place; returns the vote action, to follow what the reviewer voted on.
pub fn provide_workspace(selected: RwSignal<Option<i64>>) -> ServerAction<Vote> {
    let ws = Workspace::new(selected);
    provide_context(ws);
    ws.vote
}

/// The article's visible claims (id, statement), for the merge form's choices.
#[derive(Clone, Copy)]
pub(crate) struct Siblings(pub(crate) StoredValue<Vec<(i64, String)>>);

/// The selected claim, loaded on demand (`components::tools`): readers who never open a claim
/// never download it.
#[component]
pub fn ClaimPanel(claim_id: i64) -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let epoch = ModerationEpoch::get();
    let changes = move || {
        (
            ws.vote.version().get(),
            ws.retract.version().get(),
            ws.add_source.version().get(),
            ws.flag.version().get(),
            epoch.count.get(),
        )
    };
    let detail = resource(move || (claim_id, changes()), |(id, _)| get_claim(id));
    // Keyboard focus follows the eye into the panel when a reader opens it (not when the page
    // opens with it, from a ?claim= link: that would scroll away from the top).
    let panel = NodeRef::<leptos::html::Section>::new();
    Effect::new(move |_| {
        if let Some(el) = panel.get() {
            if crate::components::crowd::page_is_live() && ws.selected.get_untracked() == Some(claim_id) {
                // Once the panel is in the document (a lazily loaded panel may not be yet).
                request_animation_frame(move || {
                    let _ = el.focus();
                });
            }
        }
    });
    view! {
        <section class="claim-panel" aria-label="Claim details" id="claim-panel" data-deferred="panel" tabindex="-1" node_ref=panel>
            <Transition fallback=|| view! { <p class="muted">"Loading the claim…"</p> }>
                {move || Suspend::new(async move {
                    match detail.await {
                        Ok(d) => view! { <ClaimDetailView detail=d/> }.into_any(),
                        Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The claim's statement, status, sources, votes and history, with the reviewer's controls.
#[component]
pub fn ClaimDetailView(detail: ClaimDetail) -> impl IntoView {
    let ws = use_context::<Workspace>();
    let user = expect_context::<UserResource>();
    let me = move || user.get().and_then(|r| r.ok()).flatten();
    let c = detail.claim.clone();
    let claim_id = c.id;
    let votes = StoredValue::new(detail.votes.clone());
    let my_vote = Signal::derive(move || {
        me().and_then(|u| votes.with_value(|vs| vs.iter().find(|v| v.user_id == u.id).map(|v| v.verdict)))
    });
    let cited = RwSignal::new(detail.sources.iter().map(|s| s.id).collect::<Vec<_>>());
    let note = RwSignal::new(String::new());
    let has_sources = !detail.sources.is_empty();
    let permalink = format!("/claims/{claim_id}");
    let is_admin = move || me().is_some_and(|u| u.role == crate::model::Role::Admin);
    let open = detail.claim.visibility == Visibility::Visible && !detail.article_locked;
    let siblings: Vec<(i64, String)> = use_context::<Siblings>()
        .map(|s| s.0.get_value().into_iter().filter(|(id, _)| *id != claim_id).collect())
        .unwrap_or_default();
    let statement_for_edit = c.statement.clone();
    let editorial = c.editorial.clone();
    view! {
        {detail.merged_from.map(|from| view! {
            <p class="banner merged-banner" role="status" data-testid="merged-from">
                {format!("Claim #{from} was merged into this one by moderators: its votes and sources are here.")}
            </p>
        })}
        {(c.visibility != Visibility::Visible).then(|| view! {
            <p class="banner hidden-banner" role="status">
                {format!("This claim is {}: only admins see it.", c.visibility)}
                {c.merged_into.map(|into| view! {
                    " It was merged into " <a href=format!("/claims/{into}")>{format!("claim #{into}")}</a> "."
                })}
            </p>
        })}
        {detail.article_locked.then(|| view! {
            <p class="banner locked-banner">{if detail.article_archived {
                "The article is archived: it is read-only."
            } else {
                "The article is locked by moderators: no more votes or sources."
            }}</p>
        })}
        <header class="panel-head">
            <StatusBadge status=c.status editorial=c.locked/>
            <span class="kind">{c.kind.as_str()}</span>
            <span class="origin muted">{if c.origin == "manual" { "added by a reviewer" } else { "proposed by extraction" }}</span>
            <a class="permalink" href=permalink>"Permalink"</a>
        </header>
        <blockquote class="statement">{c.statement.clone()}</blockquote>
        {editorial.map(|e| view! {
            <p class="editorial" data-testid="editorial">
                <strong>{format!("Editorial verdict: {}", e.verdict.label())}</strong>
                {format!(" — {}", e.reason)}
                {e.by.map(|b| view! { <span class="muted">{format!(" (set by {b})")}</span> })}
            </p>
        })}
        <p class="explanation" data-testid="explanation">
            {c.explanation.clone()}
            // A claim closed before its verdict stays as it is: the votes it "needs" cannot come.
            {(detail.article_locked && matches!(c.status, Status::Unreviewed | Status::Pending))
                .then_some(" (the article takes no more votes)")}
        </p>
        <crate::components::crowd::CheckRequestBox state=detail.check_requests.clone()/>
        {(!c.facts.is_empty()).then(|| view! {
            <p class="facts">"Key facts: " {c.facts.iter().map(|f| view! { <strong class="fact-chip">{f.text.clone()}</strong> " " }).collect_view()}</p>
        })}

        <previously::PreviouslyChecked claim_id=claim_id matches=detail.matches.clone() signed_in=Signal::derive(move || me().is_some()) open=open/>

        <h3>{format!("Sources ({})", detail.sources.len())}</h3>
        {if detail.sources.is_empty() {
            view! { <p class="muted">{if open { "No sources yet. A verdict needs at least one." } else { "No sources." }}</p> }.into_any()
        } else {
            view! {
                <ul class="sources">
                    {detail.sources.iter().map(|s| {
                        let sid = s.id;
                        view! {
                            <li class=format!("source stance-{}", s.stance)>
                                <label class="cite">
                                    <input type="checkbox"
                                        prop:checked=move || cited.get().contains(&sid)
                                        on:change=move |_| cited.update(|v| if let Some(i) = v.iter().position(|x| *x == sid) { v.remove(i); } else { v.push(sid); })
                                        aria-label="Cite this source in my vote"/>
                                </label>
                                <span class="stance">{s.stance.as_str()}</span>
                                <a href=s.url.clone() rel="noopener noreferrer nofollow" target="_blank">{s.title.clone()}</a>
                                <span class="muted">{format!(" · {} · added by {}", s.publisher, s.added_by)}</span>
                                {(s.visibility != Visibility::Visible).then(|| view! { <span class="badge hidden-badge">{s.visibility.as_str()}</span> })}
                                {(!s.excerpt.is_empty()).then(|| view! { <q class="excerpt">{s.excerpt.clone()}</q> })}
                                {move || match (me().is_some(), is_admin()) {
                                    (_, true) => view! { <Deferred tool=Tool::Source(sid)/> }.into_any(),
                                    (true, false) => view! { <Deferred tool=Tool::SourceFlag(sid)/> }.into_any(),
                                    _ => ().into_any(),
                                }}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}

        {move || match (me(), ws) {
            (Some(_), Some(_)) if !open => ().into_any(),
            (Some(_), Some(_)) => view! {
                <Deferred tool=Tool::Review(ReviewProps { claim_id, has_sources, cited, note, my_vote })/>
            }.into_any(),
            (None, _) => view! { <p class="muted"><a href="/login">"Sign in"</a> " to add sources and vote."</p> }.into_any(),
            _ => ().into_any(),
        }}

        {move || is_admin().then(|| {
            let siblings = siblings.clone();
            let statement = statement_for_edit.clone();
            use crate::api::moderation::{MergeClaim, ModerateClaim};
            use leptos::server_fn::ServerFn;
            let failed = crate::components::moderation::came_back_failed(&[ModerateClaim::PATH, MergeClaim::PATH]);
            view! {
                <details class="moderation claim-moderation" open=failed>
                    <summary>"Moderate this claim"</summary>
                    <ModerationNotice/>
                    <Deferred tool=Tool::Claim { claim_id, statement, others: siblings }/>
                </details>
            }
        })}

        <h3>{format!("Votes ({})", detail.votes.len())}</h3>
        <ul class="votes">
            {detail.votes.iter().map(|v| view! {
                <li><strong><a href=format!("/reviewers/{}", v.username)>{v.username.clone()}</a></strong>
                    {(!v.counted).then(|| view! { " " <span class="new-reviewer" title="A new reviewer's vote is shown but does not count toward the verdict yet">"new reviewer"</span> })}
                    " " <span class=format!("verdict verdict-{}", v.verdict)>{v.verdict.label()}</span>
                    {(!v.note.is_empty()).then(|| view! { <span class="muted">{format!(" — {}", v.note)}</span> })}</li>
            }).collect_view()}
        </ul>
        <details class="history">
            <summary>{format!("History ({})", detail.history.len())}</summary>
            <ol>
                {detail.history.iter().map(|h| view! {
                    <li><time datetime=h.at.clone()>{h.at.replace('T', " ").replace('Z', " UTC")}</time> " " <strong>{h.username.clone()}</strong> " " {h.action.replace('_', " ")}
                        {(!h.detail.is_empty()).then(|| format!(": {}", h.detail))}</li>
                }).collect_view()}
            </ol>
        </details>
    }
}

/// What the reviewer's controls need from the claim panel.
pub struct ReviewProps {
    claim_id: i64,
    has_sources: bool,
    cited: RwSignal<Vec<i64>>,
    note: RwSignal<String>,
    my_vote: Signal<Option<Verdict>>,
}

/// A signed-in reviewer's controls on an open claim: verdict buttons, add a source, flag.
/// Loaded on demand (`components::tools`), so readers never download them.
pub fn review_box(props: ReviewProps) -> AnyView {
    let Some(ws) = use_context::<Workspace>() else { return ().into_any() };
    let ReviewProps { claim_id, has_sources, cited, note, my_vote } = props;
    let cast = move |verdict: Verdict| {
        let source_ids = if verdict.cites_sources() { cited.get_untracked() } else { vec![] };
        let note = Some(note.get_untracked()).filter(|n| !n.trim().is_empty());
        ws.vote.dispatch(Vote { claim_id, verdict: verdict.as_str().into(), source_ids, note });
    };
    // The verdict buttons vote through the page's code, and say so to a browser without JavaScript.
    let live = crate::components::page_is_live();
    view! {
        <div class="vote-box" data-deferred="tools">
            <h3>"Your verdict"</h3>
            <noscript><p class="hint">"Voting and answering “Previously checked” need JavaScript; adding a source and flagging work without it."</p></noscript>
            <p class="muted">{move || match my_vote.get() { Some(v) => format!("You voted: {}", v.label()), None => "You have not voted on this claim.".into() }}</p>
            <label for="vote-note">"Note (optional)"</label>
            <input id="vote-note" type="text" maxlength="2000" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))/>
            <div class="vote-buttons">
                <button type="button" class="vote-verified" disabled=move || !has_sources || !live.get() title="Cites the ticked sources" on:click=move |_| cast(Verdict::Verified)>"Verified"</button>
                <button type="button" class="vote-disputed" disabled=move || !has_sources || !live.get() title="Cites the ticked sources" on:click=move |_| cast(Verdict::Disputed)>"Disputed"</button>
                <button type="button" class="vote-not-a-claim" disabled=move || !live.get() on:click=move |_| cast(Verdict::NotAClaim)>"Not a claim"</button>
                {move || my_vote.get().map(|_| view! {
                    <button type="button" class="link" on:click=move |_| { ws.retract.dispatch(RetractVote { claim_id }); }>"Retract my vote"</button>
                })}
            </div>
            {move || ws.vote.value().get().and_then(|r| r.err()).map(|e| view! { <ErrorNote error=e/> })}
            {move || ws.notice.get().map(|n| view! { <p class="notice" role="status">{n}</p> })}
            <SourceForm claim_id=claim_id/>
            <FlagForm claim_id=claim_id/>
        </div>
    }
    .into_any()
}

#[component]
fn SourceForm(claim_id: i64) -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let form_error = move || ws.add_source.value().get().and_then(|r| r.err());
    view! {
        <details class="source-form" open>
            <summary>"Add a source"</summary>
            <ActionForm action=ws.add_source>
                <input type="hidden" name="claim_id" value=claim_id/>
                <label for="source-url">"URL"</label>
                <input id="source-url" name="url" type="url" required placeholder="https://…" maxlength="2048"/>
                <label for="source-title">"Title (optional)"</label>
                <input id="source-title" name="title" type="text" maxlength="300"/>
                <label for="source-publisher">"Publisher (optional; taken from the address if empty)"</label>
                <input id="source-publisher" name="publisher" type="text" maxlength="200"/>
                <label for="source-excerpt">"Excerpt (optional)"</label>
                <textarea id="source-excerpt" name="excerpt" rows="2" maxlength="2000"></textarea>
                <label for="source-stance">"Stance"</label>
                <select id="source-stance" name="stance">
                    {Stance::ALL.iter().map(|s| view! { <option value=s.as_str()>{s.label()}</option> }).collect_view()}
                </select>
                {move || form_error().map(|e| view! { <ErrorNote error=e/> })}
                <button type="submit">"Add source"</button>
            </ActionForm>
        </details>
    }
}

#[component]
fn FlagForm(claim_id: i64) -> impl IntoView {
    let ws = expect_context::<Workspace>();
    // Only this claim's outcome: the action is shared by every claim the panel shows.
    let result =
        move || ws.flag.value().get().filter(|r| r.as_ref().map_or(true, |f| f.target_id == claim_id));
    // The panel reloads after a flag; keep the form open so its confirmation stays in view.
    view! {
        <details class="flag-form" open=move || result().is_some()>
            <summary>"Flag for moderation"</summary>
            <ActionForm action=ws.flag>
                <input type="hidden" name="claim_id" value=claim_id/>
                <label for="flag-reason">"Reason"</label>
                <select id="flag-reason" name="reason">
                    {FlagReason::ALL.iter().map(|r| view! { <option value=r.as_str()>{r.label()}</option> }).collect_view()}
                </select>
                <label for="flag-details">"Details"</label>
                <input id="flag-details" name="details" type="text" maxlength="1000"/>
                <button type="submit">"Flag"</button>
                {move || result().map(|r| match r {
                    Ok(_) => view! { <p class="notice" role="status">"Flagged. An admin will review it."</p> }.into_any(),
                    Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                })}
            </ActionForm>
        </details>
    }
}
