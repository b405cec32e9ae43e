//! `/articles/{id}`: the article with its claims highlighted in place, a side list, progress, and the
//! claim panel where reviewers add sources and vote. Server-rendered for reading; interactive once
//! hydrated (selection → "Add claim", keyboard shortcuts).

use crate::api::workspace::{get_article, AddClaim};
use crate::components::claim_panel::{Siblings, UserResource, Workspace};
use crate::components::error_note::ErrorNote;
use crate::components::highlight::{by_paragraph, paragraph_of, paragraphs, pieces, runs, Piece};
use crate::components::moderation::{ModerationEpoch, ModerationNotice};
use crate::components::status::{ProgressBar, StatusBadge};
use crate::components::tools::{Deferred, Tool};
use crate::error::AppError;
use crate::model::{ArticleView, ClaimView};
use crate::values::Visibility;
use crate::wire::codec::{resource, JsonResource};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// schema.org markup; `json` is already escaped so it cannot close the script element early.
#[component]
pub fn JsonLd(json: String) -> impl IntoView {
    (!json.is_empty()).then(|| view! { <script type="application/ld+json" inner_html=json></script> })
}

#[component]
pub fn ArticlePage() -> impl IntoView {
    crate::components::mark_hydrated();
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
    // Where `?claim=` leads: a claim merged away (its links live on in exports, activity and notes)
    // opens the claim it was merged into, here or on its own article's page.
    let located = resource(move || initial, locate_initial);
    let navigate = leptos_router::hooks::use_navigate();
    // Taken here: the render below reads it after awaiting, where the context is out of reach.
    #[cfg(feature = "ssr")]
    let response = use_context::<leptos_axum::ResponseOptions>();
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
            {move || Suspend::new({
                let navigate = navigate.clone();
                #[cfg(feature = "ssr")]
                let response = response.clone();
                async move {
                let ld = claim_reviews.await.unwrap_or_default();
                let merged = match (initial, located.await.ok().flatten()) {
                    (Some(asked), Some((aid, cid))) if cid != asked => Some((asked, aid, cid)),
                    _ => None,
                };
                match article.await {
                    Ok(a) => {
                        let notice = merged.and_then(|(asked, aid, cid)| {
                            if aid != a.id {
                                let to = format!("/articles/{aid}?claim={cid}");
                                #[cfg(feature = "ssr")]
                                if let (Some(r), Ok(location)) = (&response, axum::http::HeaderValue::from_str(&to)) {
                                    r.set_status(axum::http::StatusCode::FOUND);
                                    r.insert_header(axum::http::header::LOCATION, location);
                                }
                                #[cfg(not(feature = "ssr"))]
                                navigate(&to, Default::default());
                                return None;
                            }
                            // Only while the stale id is still the one selected (this reruns on every change).
                            if ws.selected.get_untracked() == Some(asked) {
                                ws.selected.set(Some(cid));
                            }
                            Some(view! {
                                <p class="banner merged-banner" role="status" data-testid="claim-merged">
                                    {format!("Claim #{asked} was merged into claim #{cid} by moderators; it is open below.")}
                                </p>
                            })
                        });
                        #[cfg(feature = "ssr")]
                        let _ = &navigate;
                        view! { <JsonLd json=ld/> {notice} <ArticleWorkspace article=a/> }.into_any()
                    }
                    Err(e) => view! { <Title text="Article"/> <ErrorNote error=e/> }.into_any(),
                }
            }})}
        </Suspense>
        <ShortcutHelp/>
    }
}

/// Where `?claim=` leads (`None` without one, or for a claim that is not there).
async fn locate_initial(claim: Option<i64>) -> Result<Option<(i64, i64)>, AppError> {
    match claim {
        Some(id) if id > 0 => crate::api::workspace::locate_claim(id).await,
        _ => Ok(None),
    }
}

#[component]
fn ArticleWorkspace(article: ArticleView) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    let mut article = article;
    let ws = expect_context::<Workspace>();
    let user = expect_context::<UserResource>();
    let signed_in = move || matches!(user.get(), Some(Ok(Some(_))));
    let is_admin = move || matches!(user.get(), Some(Ok(Some(u))) if u.role == crate::model::Role::Admin);
    let settled = article.distribution.settled();
    let total = article.claims.iter().filter(|c| c.visibility == Visibility::Visible).count() as i64;
    // Admins are also shown the claims readers are not (hidden, removed): counted apart.
    let heading = match article.claims.len() as i64 - total {
        0 => format!("Claims ({total})"),
        unseen => format!("Claims ({total}, and {unseen} hidden from readers)"),
    };
    let siblings: Vec<(i64, String)> = article
        .claims
        .iter()
        .filter(|c| c.visibility == Visibility::Visible)
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
    // What an admin may merge this article into: the other copies under its link that take votes.
    let copies = StoredValue::new(
        article.copies.iter().filter(|c| c.open).map(|c| (c.id, c.title.clone())).collect::<Vec<_>>(),
    );
    let merged = article.merged_into.is_some();
    let selection = RwSignal::new(None::<(usize, usize)>);

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
    // A selection that cuts words becomes the whole words ("ported 41,0" adds "reported 41,000").
    // The body is not read below this, so it moves here rather than being copied.
    #[cfg(feature = "hydrate")]
    let body_text = StoredValue::new(std::mem::take(&mut article.body));
    let update_selection = move || {
        #[cfg(feature = "hydrate")]
        selection.set(
            crate::components::selection::selection_offsets()
                .map(|(s, e)| body_text.with_value(|b| crate::extract::snap_to_words(b, s, e))),
        );
    };
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
                {match article.merged_into.clone() {
                    Some(to) => view! {
                        <p class="banner locked-banner" role="status" data-testid="article-merged">
                            "This copy was merged into " <a href=format!("/articles/{}", to.id)>{to.title}</a>
                            ": its review goes on there. What is left here is read-only."
                        </p>
                    }.into_any(),
                    None => banner.map(|b| view! { <p class="banner locked-banner" role="status">{b}</p> }).into_any(),
                }}
                {(!article.copies.is_empty()).then(|| view! {
                    <p class="banner copies-banner" role="status" data-testid="article-copies">
                        "The same link was also submitted as "
                        {article.copies.iter().enumerate().map(|(i, c)| view! {
                            {(i > 0).then_some(", ")}
                            <a href=format!("/articles/{}", c.id)>{c.title.clone()}</a>
                            {(!c.open).then_some(" (closed: locked or archived)")}
                        }).collect_view()}
                        // Votes are split only while more than one copy takes them.
                        {if banner.is_none() && article.copies.iter().any(|c| c.open) {
                            ": reviewers' votes are split between the copies."
                        } else {
                            "."
                        }}
                    </p>
                })}
                <ProgressBar settled=settled total=total/>
                {move || (signed_in() && banner.is_none()).then(|| view! {
                    <crate::components::crowd::ArticleQueueProgress article_id=article_id changes=votes_here/>
                })}
                {move || is_admin().then(|| {
                    let tool = Tool::Article { article_id, copies: copies.get_value(), merged };
                    view! { <Deferred tool=tool/> <ModerationNotice/> }
                })}
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
                    // A locked or archived article takes no new claims.
                    {banner.is_none().then_some("Select text and choose “Add claim” to propose one. ")}
                    "Press " <kbd>"?"</kbd> " for shortcuts."
                </p>
            </header>
            <div class="workspace">
                <div class="article-text">
                    <div class="selection-bar" aria-live="polite">
                        {move || match (selection.get().filter(|_| banner.is_none()), signed_in()) {
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
                        <h2>{heading}</h2>
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
                {(claim.visibility != Visibility::Visible).then(|| view! { <span class="badge hidden-badge">{format!("{} (admins only)", claim.visibility)}</span> })}
            </button>
        </li>
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
            let Some(key) = crate::components::shortcut_key(&ev) else { return };
            let ids: Vec<i64> = article
                .get_untracked()
                .and_then(|r| r.ok())
                .map(|a| a.claims.iter().map(|c| c.id).collect())
                .unwrap_or_default();
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
                "s" => crate::components::focus_source_form(&ev),
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
