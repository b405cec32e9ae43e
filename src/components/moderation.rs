//! Admin controls shared by the moderation queue and the article page: forms for claim, source,
//! article and flag actions. Each form has its own server action; when one succeeds it bumps the
//! shared `ModerationEpoch`, so every resource that shows moderated state loads again.

use crate::api::moderation::{
    DecideFlags, FlagSource, MergeArticle, MergeClaim, ModerateArticle, ModerateClaim, ModerateSource,
};
use crate::components::error_note::{form_error, ErrorNote};
use crate::error::AppError;
use crate::model::ArticleMergeReport;
use crate::values::{ArticleAction, ClaimAction, FlagAction, FlagReason, LockVerdict, SourceAction};
use leptos::prelude::*;

/// Grows by one after every successful moderation action; `last` says what happened.
#[derive(Clone, Copy)]
pub struct ModerationEpoch {
    pub count: RwSignal<u32>,
    pub last: RwSignal<Option<String>>,
}

impl ModerationEpoch {
    pub fn new() -> Self {
        ModerationEpoch { count: RwSignal::new(0), last: RwSignal::new(None) }
    }

    /// The epoch from context (the root provides one).
    pub fn get() -> Self {
        use_context::<ModerationEpoch>().unwrap_or_default()
    }
}

impl Default for ModerationEpoch {
    fn default() -> Self {
        Self::new()
    }
}

/// True when this page is where a plain form post (no JavaScript) to one of these server functions
/// came back with its error (each `ServerAction` of the function holds it from the start): the
/// `<details>` around a form that loads later opens on it, or the error stays hidden.
pub fn came_back_failed(paths: &[&str]) -> bool {
    use_context::<ServerActionError>().is_some_and(|e| paths.contains(&e.path()))
}

/// Bumps the epoch with `describe(value)` when `action` succeeds (unless `describe` says `None`:
/// an answer that changed nothing).
fn on_success<A, T, S>(action: ServerAction<A>, describe: impl Fn(&T) -> S + 'static)
where
    A: leptos::server_fn::ServerFn<Output = T, Error = AppError> + Clone + Send + Sync + 'static,
    T: Clone + Send + Sync + 'static,
    S: Into<Option<String>>,
{
    let epoch = ModerationEpoch::get();
    Effect::new(move |_| {
        if let Some(said) = action.value().get().and_then(Result::ok).and_then(|v| describe(&v).into()) {
            epoch.last.set(Some(said));
            epoch.count.update(|n| *n += 1);
        }
    });
}

/// The last action's outcome, announced politely.
#[component]
pub fn ModerationNotice() -> impl IntoView {
    let epoch = ModerationEpoch::get();
    move || {
        epoch
            .last
            .get()
            .map(|m| view! { <p class="notice" role="status" data-testid="moderation-notice">{m}</p> })
    }
}

/// hide | restore | remove | lock (with verdict) | unlock | edit (with statement) | approve.
#[component]
pub fn ClaimModerationForm(claim_id: i64, #[prop(optional)] statement: String) -> impl IntoView {
    let action = ServerAction::<ModerateClaim>::new();
    on_success(action, |c: &crate::model::ClaimView| {
        format!("Claim {}: now {} ({}).", c.id, c.visibility, c.status.label().to_lowercase())
    });
    let error = form_error(action);
    let id = move |what: &str| format!("mod-{what}-{claim_id}");
    view! {
        <ActionForm action=action attr:class="moderation-form" attr:data-testid="claim-moderation" attr:data-deferred="tools">
            <input type="hidden" name="claim_id" value=claim_id/>
            <label for=id("action")>"Action"</label>
            <select id=id("action") name="action">
                {ClaimAction::ALL.iter().map(|a| view! { <option value=a.as_str()>{a.label()}</option> }).collect_view()}
            </select>
            <label for=id("verdict")>"Editorial verdict (for lock)"</label>
            <select id=id("verdict") name="verdict">
                <option value="">"—"</option>
                {LockVerdict::ALL.iter().map(|v| view! { <option value=v.as_str()>{v.as_str()}</option> }).collect_view()}
            </select>
            <label for=id("statement")>"New statement (for edit)"</label>
            <textarea id=id("statement") name="statement" rows="2" maxlength="2000">{super::rcdata_text(statement)}</textarea>
            <label for=id("reason")>"Reason (required for hide, remove and lock; kept in the audit log)"</label>
            <input id=id("reason") name="reason" type="text" maxlength="1000"/>
            <button type="submit">"Apply"</button>
            {move || error().map(|e| view! { <ErrorNote error=e/> })}
        </ActionForm>
    }
}

/// Merges this claim (a duplicate) into another claim of the same article.
#[component]
pub fn MergeForm(claim_id: i64, #[prop(into)] others: Vec<(i64, String)>) -> impl IntoView {
    let action = ServerAction::<MergeClaim>::new();
    on_success(action, move |c: &crate::model::ClaimView| {
        format!("Claim {claim_id} merged into claim {}.", c.id)
    });
    let error = form_error(action);
    view! {
        <ActionForm action=action attr:class="moderation-form merge-form" attr:data-deferred="tools">
            <input type="hidden" name="claim_id" value=claim_id/>
            <label for=format!("merge-into-{claim_id}")>"Merge this duplicate into"</label>
            {if others.is_empty() {
                view! { <input id=format!("merge-into-{claim_id}") name="into" type="number" min="1" placeholder="claim id"/> }.into_any()
            } else {
                view! {
                    <select id=format!("merge-into-{claim_id}") name="into">
                        {others.into_iter().map(|(id, text)| {
                            let short: String = text.chars().take(80).collect();
                            view! { <option value=id>{format!("#{id}: {short}")}</option> }
                        }).collect_view()}
                    </select>
                }.into_any()
            }}
            <label for=format!("merge-reason-{claim_id}")>"Reason (required)"</label>
            <input id=format!("merge-reason-{claim_id}") name="reason" type="text" maxlength="1000"/>
            <button type="submit">"Merge"</button>
            {move || error().map(|e| view! { <ErrorNote error=e/> })}
        </ActionForm>
    }
}

/// hide | restore | remove, on one source.
#[component]
pub fn SourceModerationForm(source_id: i64) -> impl IntoView {
    let action = ServerAction::<ModerateSource>::new();
    on_success(action, |s: &crate::model::SourceView| format!("Source {}: now {}.", s.id, s.visibility));
    let error = form_error(action);
    view! {
        <ActionForm action=action attr:class="moderation-form inline" attr:data-deferred="tools">
            <input type="hidden" name="source_id" value=source_id/>
            <label for=format!("src-action-{source_id}") class="visually-hidden">"Source action"</label>
            <select id=format!("src-action-{source_id}") name="action">
                {SourceAction::ALL.iter().map(|a| view! { <option value=a.as_str()>{a.as_str()}</option> }).collect_view()}
            </select>
            <label for=format!("src-reason-{source_id}") class="visually-hidden">"Reason"</label>
            <input id=format!("src-reason-{source_id}") name="reason" type="text" maxlength="1000" placeholder="reason"/>
            <button type="submit">"Apply"</button>
            {move || error().map(|e| view! { <ErrorNote error=e/> })}
        </ActionForm>
    }
}

/// lock | unlock | archive | unarchive, on the article; and merging it, as a copy, into another.
#[component]
pub fn ArticleModerationForm(article_id: i64, copies: Vec<(i64, String)>, merged: bool) -> impl IntoView {
    let action = ServerAction::<ModerateArticle>::new();
    on_success(action, |a: &crate::model::ArticleView| {
        let state = match (a.archived, a.locked) {
            (true, _) => "archived (read-only)",
            (false, true) => "locked (no more votes)",
            _ => "open",
        };
        format!("The article is now {state}.")
    });
    let error = form_error(action);
    let merge = ServerAction::<MergeArticle>::new();
    let merge_error = form_error(merge);
    // Open on an error, which a plain form post (no JavaScript) brings back with the page; and,
    // once an answer came, open for good (a preview that follows an error must not fold it away).
    let answered = RwSignal::new(false);
    Effect::new(move |_| {
        if action.value().with(Option::is_some) || merge.value().with(Option::is_some) {
            answered.set(true);
        }
    });
    view! {
        <details class="moderation article-moderation" data-deferred="tools"
            open=move || answered.get() || error().is_some() || merge_error().is_some()>
            <summary>"Moderate this article"</summary>
            // A merged copy takes no more actions (the server answers 409 to each).
            {merged.then(|| view! { <p class="muted">"This copy was merged into another article: its review goes on there, and it takes no more moderation."</p> })}
            <ActionForm action=action attr:class="moderation-form inline" attr:hidden=merged>
                <input type="hidden" name="article_id" value=article_id/>
                <label for="article-action">"Action"</label>
                <select id="article-action" name="action">
                    {ArticleAction::ALL.iter().map(|a| view! { <option value=a.as_str()>{a.label()}</option> }).collect_view()}
                </select>
                <label for="article-reason">"Reason"</label>
                <input id="article-reason" name="reason" type="text" maxlength="1000"/>
                <button type="submit">"Apply"</button>
                {move || error().map(|e| view! { <ErrorNote error=e/> })}
            </ActionForm>
            {(!merged).then(|| view! { <ArticleMergeForm action=merge article_id=article_id copies=copies/> })}
        </details>
    }
}

/// Merges this article, a copy, into another one (one of the copies stored under its link, or any
/// article by id): its claims' votes and sources move there, and it is archived pointing there.
#[component]
fn ArticleMergeForm(
    action: ServerAction<MergeArticle>,
    article_id: i64,
    copies: Vec<(i64, String)>,
) -> impl IntoView {
    // A preview changed nothing: it shows in the form, not as the page's notice.
    on_success(action, |r: &ArticleMergeReport| (!r.dry_run).then(|| merge_summary(r)));
    // Shown until the article id changes (see the field).
    let preview = move || action.value().get().and_then(Result::ok).filter(|r| r.dry_run);
    let error = form_error(action);
    // Without JavaScript a form's answer does not come back to the page: no preview button.
    let live = crate::components::page_is_live();
    view! {
        <ActionForm action=action attr:class="moderation-form inline merge-article-form" attr:data-testid="article-merge">
            <input type="hidden" name="article_id" value=article_id/>
            <label for="article-merge-into">"Merge this copy into article"</label>
            // Any article by its id; the open copies stored under this link are offered, none chosen
            // for the admin (a merge cannot be undone). An answer about another id (a preview, an
            // error) goes when the id changes.
            <input id="article-merge-into" name="into" type="number" min="1" placeholder="article id" required
                list="article-merge-copies" on:input=move |_| action.clear()/>
            <datalist id="article-merge-copies">
                {copies.into_iter().map(|(id, title)| {
                    let short: String = title.chars().take(80).collect();
                    view! { <option value=id>{short}</option> }
                }).collect_view()}
            </datalist>
            <label for="article-merge-reason">"Reason (required to merge)"</label>
            <input id="article-merge-reason" name="reason" type="text" maxlength="1000"/>
            {move || live.get().then(|| view! {
                <button type="submit" name="dry_run" value="true" data-testid="article-merge-preview"
                    disabled=move || action.pending().get()>"Preview"</button>
            })}
            <button type="submit" disabled=move || action.pending().get()>"Merge"</button>
            {move || preview().map(|r| view! {
                <p class="notice" role="status" data-testid="article-merge-preview-result">{merge_summary(&r)}</p>
            })}
            {move || error().map(|e| view! { <ErrorNote error=e/> })}
        </ActionForm>
    }
}

/// What an article merge did, or for a preview would do.
fn merge_summary(r: &ArticleMergeReport) -> String {
    let count =
        |n: i64, one: &str, many: &str| if n == 1 { format!("1 {one}") } else { format!("{n} {many}") };
    let claims = |n| count(n, "claim", "claims");
    let (votes, sources) =
        (count(r.moved_votes, "vote", "votes"), count(r.moved_sources, "source", "sources"));
    // One sentence for both; a preview's verbs say what would happen.
    let [merge, moved, left, went] = if r.dry_run {
        ["would merge", "move", "leave", "would move"]
    } else {
        ["merged", "moved", "left", "moved"]
    };
    let mut said = format!(
        "{} article {} ({}): {merge} {}, {moved} {} there and {left} {} here; {votes} and {sources} {went}",
        if r.dry_run { "Merging into" } else { "Merged into" },
        r.into.id,
        r.into.title,
        claims(r.merged_claims),
        claims(r.moved_claims),
        claims(r.kept_claims),
    );
    if r.dropped_votes > 0 {
        let dropped = count(r.dropped_votes, "vote", "votes");
        let verb = if r.dry_run { "would be dropped" } else { "dropped" };
        said.push_str(&format!(
            "; {dropped} by reviewers who had voted on both copies {verb} (their vote there stands)"
        ));
    }
    said.push_str(if r.dry_run { ". Nothing has been changed yet." } else { "." });
    said
}

/// Resolves or dismisses every open flag on an item.
#[component]
pub fn FlagDecisionForm(target_type: String, target_id: i64) -> impl IntoView {
    let action = ServerAction::<DecideFlags>::new();
    on_success(action, |n: &u64| format!("{n} flag{} closed.", if *n == 1 { "" } else { "s" }));
    let error = form_error(action);
    let key = format!("{target_type}-{target_id}");
    view! {
        <ActionForm action=action attr:class="moderation-form inline">
            <input type="hidden" name="target_type" value=target_type/>
            <input type="hidden" name="target_id" value=target_id/>
            <label for=format!("flag-action-{key}") class="visually-hidden">"Flags"</label>
            <select id=format!("flag-action-{key}") name="action">
                // Dismissing first: most flags on a claim that stays need nothing done.
                {[FlagAction::Dismiss, FlagAction::Resolve].iter().map(|a| view! { <option value=a.as_str()>{a.label()}</option> }).collect_view()}
            </select>
            <label for=format!("flag-note-{key}") class="visually-hidden">"Note"</label>
            <input id=format!("flag-note-{key}") name="note" type="text" maxlength="1000" placeholder="note (optional)"/>
            <button type="submit">"Close flags"</button>
            {move || error().map(|e| view! { <ErrorNote error=e/> })}
        </ActionForm>
    }
}

/// A reviewer's report that a source needs moderation.
#[component]
pub fn SourceFlagForm(source_id: i64) -> impl IntoView {
    let action = ServerAction::<FlagSource>::new();
    let result = move || action.value().get();
    view! {
        <details class="flag-source" data-deferred="tools" open=move || result().is_some()>
            <summary>"Flag"</summary>
            <ActionForm action=action attr:class="moderation-form inline">
                <input type="hidden" name="source_id" value=source_id/>
                <label for=format!("sflag-reason-{source_id}") class="visually-hidden">"Reason"</label>
                <select id=format!("sflag-reason-{source_id}") name="reason">
                    // The reasons that fit a source (a source is not a claim and has no span).
                    {[FlagReason::Spam, FlagReason::Abusive, FlagReason::Duplicate, FlagReason::Other]
                        .iter()
                        .map(|r| view! { <option value=r.as_str()>{r.label()}</option> })
                        .collect_view()}
                </select>
                <label for=format!("sflag-details-{source_id}") class="visually-hidden">"Details"</label>
                <input id=format!("sflag-details-{source_id}") name="details" type="text" maxlength="1000" placeholder="details"/>
                <button type="submit">"Flag source"</button>
                {move || result().map(|r| match r {
                    Ok(_) => view! { <span class="notice" role="status">"Flagged."</span> }.into_any(),
                    Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                })}
            </ActionForm>
        </details>
    }
}
