//! `/articles/{id}`: the article with its claims highlighted in place, a side list, progress, and the
//! claim panel where reviewers add sources and vote. Server-rendered for reading; interactive once
//! hydrated (selection → "Add claim", keyboard shortcuts).

use crate::api::workspace::{get_article, get_claim, AddClaim, AddSource, FlagClaim, RetractVote, Vote};
use crate::components::error_note::ErrorNote;
use crate::components::highlight::{by_paragraph, paragraph_of, paragraphs, pieces, runs, Piece};
use crate::components::moderation::{ModerationEpoch, ModerationNotice};
use crate::components::status::{ProgressBar, StatusBadge};
use crate::components::tools::{Deferred, Tool};
use crate::error::AppError;
use crate::model::{ArticleView, ClaimDetail, ClaimView, FlagReason, Stance, UserView, Verdict, Visibility};
use crate::wire::codec::{resource, JsonResource};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

mod previously;

/// The signed-in user, shared from the root (None for readers).
pub type UserResource = JsonResource<Result<Option<UserView>, AppError>>;

#[derive(Clone, Copy)]
struct Workspace {
    selected: RwSignal<Option<i64>>,
    vote: ServerAction<Vote>,
    retract: ServerAction<RetractVote>,
    add_source: ServerAction<AddSource>,
    add_claim: ServerAction<AddClaim>,
    flag: ServerAction<FlagClaim>,
    help_open: RwSignal<bool>,
    notice: RwSignal<Option<String>>,
}

impl Workspace {
    /// The claim panel's actions and state, with `selected` the open claim.
    fn new(selected: RwSignal<Option<i64>>) -> Self {
        Workspace {
            selected,
            vote: ServerAction::new(),
            retract: ServerAction::new(),
            add_source: ServerAction::new(),
            add_claim: ServerAction::new(),
            flag: ServerAction::new(),
            help_open: RwSignal::new(false),
            notice: RwSignal::new(None),
        }
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
struct Siblings(StoredValue<Vec<(i64, String)>>);

/// schema.org markup; `json` is already escaped so it cannot close the script element early.
#[component]
pub fn JsonLd(json: String) -> impl IntoView {
    (!json.is_empty()).then(|| view! { <script type="application/ld+json" inner_html=json></script> })
}

#[component]
pub fn ArticlePage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let initial = query.read_untracked().get("claim").and_then(|s| s.parse::<i64>().ok());

    let ws = Workspace::new(RwSignal::new(initial));
    provide_context(ws);

    // Any change reloads the article (statuses, tallies, new claims) and the open claim.
    let epoch = ModerationEpoch::get();
    let changes = move || {
        (
            ws.vote.version().get(),
            ws.retract.version().get(),
            ws.add_source.version().get(),
            ws.add_claim.version().get(),
            epoch.count.get(),
        )
    };
    let article = resource(move || (id(), changes()), |(id, _)| get_article(id));
    // For search engines, which read the server-rendered page; it need not follow votes in the browser.
    let claim_reviews = resource(id, crate::api::articles::article_claim_reviews);

    // A claim added from a selection becomes the selected claim.
    Effect::new(move |_| {
        if let Some(Ok(c)) = ws.add_claim.value().get() {
            ws.selected.set(Some(c.id));
        }
    });

    keyboard_shortcuts(ws, article);

    view! {
        <Suspense fallback=|| view! { <p class="muted">"Loading the article…"</p> }>
            {move || Suspend::new(async move {
                let ld = claim_reviews.await.unwrap_or_default();
                match article.await {
                    Ok(a) => view! { <JsonLd json=ld/> <ArticleWorkspace article=a/> }.into_any(),
                    Err(e) => view! { <Title text="Article"/> <ErrorNote error=e/> }.into_any(),
                }
            })}
        </Suspense>
        <ShortcutHelp/>
    }
}

#[component]
fn ArticleWorkspace(article: ArticleView) -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let user = expect_context::<UserResource>();
    let signed_in = move || matches!(user.get(), Some(Ok(Some(_))));
    let is_admin = move || matches!(user.get(), Some(Ok(Some(u))) if u.role == crate::model::Role::Admin);
    let settled = article.distribution.settled();
    let total = article.claims.iter().filter(|c| c.visibility == "visible").count() as i64;
    let siblings: Vec<(i64, String)> = article
        .claims
        .iter()
        .filter(|c| c.visibility == "visible")
        .map(|c| (c.id, c.statement.clone()))
        .collect();
    provide_context(Siblings(StoredValue::new(siblings)));
    let banner = match (article.archived, article.locked) {
        (true, _) => Some("This article is archived: it is read-only."),
        (false, true) => Some("This article is locked by moderators: no more votes, sources or claims."),
        _ => None,
    };
    let meta = [
        article.publisher.clone(),
        article.published_date.clone(),
        article.submitted_by.clone().map(|u| format!("submitted by {u}")),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ");
    let article_id = article.id;
    let selection = RwSignal::new(None::<(usize, usize)>);

    let update_selection = move || {
        #[cfg(feature = "hydrate")]
        selection.set(crate::components::selection::selection_offsets());
    };
    let add_claim = move |_| {
        if let Some((start, end)) = selection.get_untracked() {
            ws.add_claim.dispatch(AddClaim {
                article_id,
                start: start as i64,
                end: end as i64,
                statement: None,
            });
            selection.set(None);
        }
    };

    let paras = paragraphs(&article.body);
    let groups = by_paragraph(pieces(&article.body, &article.claims), &paras);
    // Each claim's paragraph, for placing the panel on narrow screens; a claim not listed here is
    // not on this page (a stale ?claim=), and gets no panel.
    let claim_paras: Vec<(i64, usize)> =
        article.claims.iter().map(|c| (c.id, paragraph_of(&paras, c.start))).collect();
    let claim_paras = StoredValue::new(claim_paras);
    let para_of =
        move |cid: i64| claim_paras.with_value(|cs| cs.iter().find(|(id, _)| *id == cid).map(|(_, p)| *p));
    let narrow = narrow_screen();
    let claims = article.claims.clone();
    let votes_here = Signal::derive(move || ws.vote.version().get() + ws.retract.version().get());

    view! {
        <Title text=article.title.clone()/>
        <article class="article-page">
            <header class="article-head">
                <p class="crumbs"><a href="/">"Articles"</a></p>
                <h1>{article.title.clone()}</h1>
                <p class="muted">
                    {meta}
                    {article.url.clone().map(|u| view! { " · " <a href=u.clone() rel="noopener noreferrer nofollow" target="_blank">"original"</a> })}
                </p>
                {banner.map(|b| view! { <p class="banner locked-banner" role="status">{b}</p> })}
                <ProgressBar settled=settled total=total/>
                {move || (signed_in() && banner.is_none()).then(|| view! {
                    <crate::components::crowd::ArticleQueueProgress article_id=article_id changes=votes_here/>
                })}
                {move || is_admin().then(|| view! { <Deferred tool=Tool::Article(article_id)/> <ModerationNotice/> })}
                // Plain links: downloads work without JavaScript and are the same files the API serves.
                <p class="exports muted">
                    "Export: "
                    <a href=format!("/api/articles/{article_id}/export?format=json") download=format!("article-{article_id}.json")>"JSON"</a>
                    " · "
                    <a href=format!("/api/articles/{article_id}/export?format=csv") download=format!("article-{article_id}.csv")>"CSV"</a>
                    " · "
                    <a href=format!("/api/articles/{article_id}/export?format=claimreview") download=format!("article-{article_id}.jsonld")>"ClaimReview"</a>
                    " · "
                    <a href=format!("/articles/{article_id}/report")>"Printable report"</a>
                </p>
                <p class="legend muted">
                    "Highlights are coloured by status; " <strong class="fact-sample">"key facts"</strong> " are emphasised. "
                    "Select text and choose “Add claim” to propose one. Press " <kbd>"?"</kbd> " for shortcuts."
                </p>
            </header>
            <div class="workspace">
                <div class="article-text">
                    <div class="selection-bar" aria-live="polite">
                        {move || match (selection.get(), signed_in()) {
                            (Some((s, e)), true) => view! {
                                <button type="button" class="primary" on:click=add_claim>{format!("Add claim ({} characters)", e - s)}</button>
                            }.into_any(),
                            (Some(_), false) => view! { <span class="muted">"Sign in to add a claim."</span> }.into_any(),
                            _ => ().into_any(),
                        }}
                        {move || ws.add_claim.value().get().and_then(|r| r.err()).map(|e| view! { <ErrorNote error=e/> })}
                    </div>
                    <div class="article-body" on:mouseup=move |_| update_selection() on:keyup=move |_| update_selection()>
                        {groups.into_iter().enumerate().map(|(i, group)| view! {
                            <div class="para">{paragraph(group)}</div>
                            // Narrow screens: the panel opens right below the claim's paragraph.
                            {move || ws.selected.get().filter(|cid| narrow.get() && para_of(*cid) == Some(i)).map(|cid| {
                                view! { <Deferred tool=Tool::Panel(cid)/> }
                            })}
                        }).collect_view()}
                    </div>
                </div>
                // Wide screens: the panel opens at the top of a side column that stays in view
                // while the article scrolls (style/main.css).
                <div class="side-column">
                    {move || ws.selected.get().filter(|cid| !narrow.get() && para_of(*cid).is_some()).map(|cid| {
                        view! { <Deferred tool=Tool::Panel(cid)/> }
                    })}
                    <aside class="claims-side" aria-label="Claims">
                        <h2>{format!("Claims ({total})")}</h2>
                        <ol class="claim-list">
                            {claims.into_iter().map(|c| view! { <ClaimRow claim=c/> }).collect_view()}
                        </ol>
                    </aside>
                </div>
            </div>
        </article>
    }
}

/// One paragraph's pieces, each claim's run a clickable `<mark>`.
fn paragraph(group: Vec<Piece>) -> impl IntoView {
    let ws = expect_context::<Workspace>();
    runs(group)
        .into_iter()
        .map(|(claim, group)| {
            let inner = group
                .into_iter()
                .map(|p| view! { <span class:fact=p.fact data-start=p.start data-end=p.end>{p.text}</span> })
                .collect_view();
            match claim {
                None => inner.into_any(),
                Some((cid, status)) => view! {
                    <mark
                        class=format!("claim status-{}", status.as_str())
                        class:selected=move || ws.selected.get() == Some(cid)
                        data-claim=cid
                        on:click=move |_| ws.selected.set(Some(cid))
                    >{inner}</mark>
                }
                .into_any(),
            }
        })
        .collect_view()
}

/// True in the browser when the screen is narrower than 1,024 px (64rem), following resizes; false
/// on the server and during hydration, so the server-rendered panel (a `?claim=` link) sits in the
/// side column until the page is live.
fn narrow_screen() -> ReadSignal<bool> {
    let (narrow, set_narrow) = signal(false);
    #[cfg(feature = "hydrate")]
    {
        let measure = move || {
            // The viewport's width with its scroll bar, as the style sheet's media queries see it.
            let wide = window().inner_width().ok().and_then(|w| w.as_f64()).is_none_or(|w| w >= 1024.0);
            if narrow.get_untracked() == wide {
                set_narrow.set(!wide);
            }
        };
        Effect::new(move |_| measure());
        let handle = window_event_listener(leptos::ev::resize, move |_| measure());
        on_cleanup(move || handle.remove());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = set_narrow;
    narrow
}
#[component]
fn ClaimRow(claim: ClaimView) -> impl IntoView {
    let ws = expect_context::<Workspace>();
    let id = claim.id;
    let tally = format!("✓{} ✗{} ∅{}", claim.tally.verified, claim.tally.disputed, claim.tally.not_a_claim);
    let tally_label = format!(
        "{} verified, {} disputed, {} not a claim",
        claim.tally.verified, claim.tally.disputed, claim.tally.not_a_claim
    );
    view! {
        <li>
            <button
                type="button"
                class="claim-row"
                class:selected=move || ws.selected.get() == Some(id)
                aria-pressed=move || (ws.selected.get() == Some(id)).to_string()
                data-claim-row=id
                on:click=move |_| ws.selected.set(Some(id))
            >
                <span class="claim-row-head">
                    <StatusBadge status=claim.status editorial=claim.locked/>
                    <span class="tally" title=tally_label.clone() aria-label=tally_label>{tally}</span>
                    <span class="score" title="check-worthiness">{crate::components::status::fixed(claim.score, 2)}</span>
                </span>
                <span class="claim-row-text">{claim.statement.clone()}</span>
                {(claim.visibility != "visible").then(|| view! { <span class="badge hidden-badge">{format!("{} (admins only)", claim.visibility)}</span> })}
            </button>
        </li>
    }
}

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
    let open = detail.claim.visibility == "visible" && !detail.article_locked;
    let siblings: Vec<(i64, String)> = use_context::<Siblings>()
        .map(|s| s.0.get_value().into_iter().filter(|(id, _)| *id != claim_id).collect())
        .unwrap_or_default();
    let statement_for_edit = c.statement.clone();
    let editorial = c.editorial.clone();
    view! {
        {(c.visibility != "visible").then(|| view! {
            <p class="banner hidden-banner" role="status">{format!("This claim is {}: only admins see it.", c.visibility)}</p>
        })}
        {detail.article_locked.then(|| view! {
            <p class="banner locked-banner">"The article is locked: no more votes or sources."</p>
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
        <p class="explanation" data-testid="explanation">{c.explanation.clone()}</p>
        <crate::components::crowd::CheckRequestBox state=detail.check_requests.clone()/>
        {(!c.facts.is_empty()).then(|| view! {
            <p class="facts">"Key facts: " {c.facts.iter().map(|f| view! { <strong class="fact-chip">{f.text.clone()}</strong> " " }).collect_view()}</p>
        })}

        <previously::PreviouslyChecked claim_id=claim_id matches=detail.matches.clone() signed_in=Signal::derive(move || me().is_some()) open=open/>

        <h3>{format!("Sources ({})", detail.sources.len())}</h3>
        {if detail.sources.is_empty() {
            view! { <p class="muted">"No sources yet. A verdict needs at least one."</p> }.into_any()
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
            view! {
                <details class="moderation claim-moderation">
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
    view! {
        <div class="vote-box" data-deferred="tools">
            <h3>"Your verdict"</h3>
            <p class="muted">{move || match my_vote.get() { Some(v) => format!("You voted: {}", v.label()), None => "You have not voted on this claim.".into() }}</p>
            <label for="vote-note">"Note (optional)"</label>
            <input id="vote-note" type="text" maxlength="2000" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))/>
            <div class="vote-buttons">
                <button type="button" class="vote-verified" disabled=!has_sources title="Cites the ticked sources" on:click=move |_| cast(Verdict::Verified)>"Verified"</button>
                <button type="button" class="vote-disputed" disabled=!has_sources title="Cites the ticked sources" on:click=move |_| cast(Verdict::Disputed)>"Disputed"</button>
                <button type="button" class="vote-not-a-claim" on:click=move |_| cast(Verdict::NotAClaim)>"Not a claim"</button>
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

#[component]
fn ShortcutHelp() -> impl IntoView {
    let ws = expect_context::<Workspace>();
    view! {
        <Show when=move || ws.help_open.get()>
            <div class="shortcut-help" role="dialog" aria-modal="false" aria-labelledby="shortcut-title">
                <h2 id="shortcut-title">"Keyboard shortcuts"</h2>
                <dl>
                    <dt><kbd>"j"</kbd></dt><dd>"next claim"</dd>
                    <dt><kbd>"k"</kbd></dt><dd>"previous claim"</dd>
                    <dt><kbd>"v"</kbd></dt><dd>"vote verified (citing the ticked sources)"</dd>
                    <dt><kbd>"d"</kbd></dt><dd>"vote disputed (citing the ticked sources)"</dd>
                    <dt><kbd>"s"</kbd></dt><dd>"add a source"</dd>
                    <dt><kbd>"?"</kbd></dt><dd>"show or hide this help"</dd>
                </dl>
                <button type="button" on:click=move |_| ws.help_open.set(false)>"Close"</button>
            </div>
        </Show>
    }
}

/// j/k move between claims, v/d vote with the ticked sources, s jumps to the source form, ? toggles help.
fn keyboard_shortcuts(ws: Workspace, article: JsonResource<Result<ArticleView, AppError>>) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let handle = window_event_listener(leptos::ev::keydown, move |ev: web_sys::KeyboardEvent| {
            if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
                return;
            }
            let typing = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .map(|el| {
                    matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                        || el.has_attribute("contenteditable")
                })
                .unwrap_or(false);
            if typing {
                return;
            }
            let ids: Vec<i64> = article
                .get_untracked()
                .and_then(|r| r.ok())
                .map(|a| a.claims.iter().map(|c| c.id).collect())
                .unwrap_or_default();
            let key = ev.key();
            match key.as_str() {
                "j" | "k" => {
                    if ids.is_empty() {
                        return;
                    }
                    let pos = ws.selected.get_untracked().and_then(|s| ids.iter().position(|i| *i == s));
                    let next = match (key.as_str(), pos) {
                        ("j", None) => 0,
                        ("j", Some(p)) => (p + 1).min(ids.len() - 1),
                        (_, None) => ids.len() - 1,
                        (_, Some(p)) => p.saturating_sub(1),
                    };
                    ws.selected.set(Some(ids[next]));
                    scroll_to(&format!("[data-claim-row=\"{}\"]", ids[next]));
                }
                "v" | "d" => {
                    let selector = if key == "v" { ".vote-verified" } else { ".vote-disputed" };
                    match document()
                        .query_selector(selector)
                        .ok()
                        .flatten()
                        .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok())
                    {
                        Some(b) if !b.has_attribute("disabled") => b.click(),
                        Some(_) => ws.notice.set(Some("Add a source first: a verdict must cite one.".into())),
                        None => ws.notice.set(Some("Select a claim (j/k) and sign in to vote.".into())),
                    }
                }
                "s" => {
                    if let Some(input) = document()
                        .get_element_by_id("source-url")
                        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
                    {
                        ev.prevent_default();
                        let _ = input.focus();
                    }
                }
                "?" => ws.help_open.update(|o| *o = !*o),
                "Escape" => ws.help_open.set(false),
                _ => {}
            }
        });
        on_cleanup(move || handle.remove());
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (ws, article);
    }
}

#[cfg(feature = "hydrate")]
fn scroll_to(selector: &str) {
    if let Ok(Some(el)) = document().query_selector(selector) {
        let opts = web_sys::ScrollIntoViewOptions::new();
        opts.set_block(web_sys::ScrollLogicalPosition::Nearest);
        el.scroll_into_view_with_scroll_into_view_options(&opts);
    }
}
