//! Forms that only signed-in people see on the article and claim pages (the reviewer's vote box,
//! the source and claim flag forms, and every admin moderation form), loaded on demand: with
//! `cargo leptos build --split` their code is a separate WASM chunk, so a reader's download stays
//! small. See BENCHMARKS.md "Bundle".
//!
//! The server renders the forms as usual. A lazily loaded view hydrates only if its code is in
//! the browser before hydration reaches it, so `hydrate()` calls [`preload_if_rendered`] first:
//! when the server-rendered page has one of these forms, the chunk is fetched before hydration.

use leptos::prelude::*;

/// A form loaded on demand, with what it needs from the page. Each one's outermost element carries
/// a `data-deferred` attribute, which is how [`preload_if_rendered`] finds them.
pub enum Tool {
    /// The admin's article form (lock, archive) and the moderation notice.
    Article(i64),
    /// The admin's claim forms (moderate, merge into a sibling).
    Claim { claim_id: i64, statement: String, others: Vec<(i64, String)> },
    /// The admin's source form (hide, restore, remove).
    Source(i64),
    /// A signed-in reviewer's report that a source needs moderation.
    SourceFlag(i64),
    /// A signed-in reviewer's controls on an open claim: verdict buttons, add a source, flag.
    Review(crate::pages::article::ReviewProps),
}

#[lazy]
fn render(tool: Tool) -> AnyView {
    use super::moderation::*;
    match tool {
        Tool::Article(article_id) => view! { <ArticleModerationForm article_id=article_id/> }.into_any(),
        Tool::Claim { claim_id, statement, others } => view! {
            <ClaimModerationForm claim_id=claim_id statement=statement/>
            <MergeForm claim_id=claim_id others=others/>
        }
        .into_any(),
        Tool::Source(source_id) => view! { <SourceModerationForm source_id=source_id/> }.into_any(),
        Tool::SourceFlag(source_id) => view! { <SourceFlagForm source_id=source_id/> }.into_any(),
        Tool::Review(props) => crate::pages::article::review_box(props),
    }
}

/// Renders `tool` once its code is loaded (at once when it already is).
#[component]
pub fn Deferred(tool: Tool) -> impl IntoView {
    Suspend::new(async move { render(tool).await })
}

/// Fetches this module's chunk when the server-rendered page contains one of its forms.
#[cfg(feature = "hydrate")]
pub async fn preload_if_rendered() {
    if document().query_selector("[data-deferred]").ok().flatten().is_some() {
        __preload_render().await;
    }
}
