//! Parts of the article page a reader who only reads never needs, loaded on demand: the claim
//! panel (once a claim is selected), and the forms only signed-in people see (the reviewer's vote
//! box, the source and claim flag forms, every admin moderation form). With `cargo leptos build
//! --split` each group is a separate WASM chunk. See BENCHMARKS.md "Bundle".
//!
//! The server renders them as usual. A lazily loaded view hydrates only if its code is in the
//! browser before hydration reaches it, so `hydrate()` calls [`preload_if_rendered`] first: when
//! the server-rendered page has one of them, its chunk is fetched before hydration.

use leptos::prelude::*;

/// A part loaded on demand, with what it needs from the page. Each one's outermost element carries
/// `data-deferred="panel"` or `data-deferred="tools"` (its chunk), which is how
/// [`preload_if_rendered`] finds them.
pub enum Tool {
    /// The selected claim's panel (`components::claim_panel::ClaimPanel`): its own chunk.
    Panel(i64),
    /// The admin's article forms (lock, archive; unless it was `merged`, merging it into another
    /// article, offering its `copies`).
    Article { article_id: i64, copies: Vec<(i64, String)>, merged: bool },
    /// The admin's claim forms (moderate, merge into a sibling).
    Claim { claim_id: i64, statement: String, others: Vec<(i64, String)> },
    /// The admin's source form (hide, restore, remove).
    Source(i64),
    /// A signed-in reviewer's report that a source needs moderation.
    SourceFlag(i64),
    /// A signed-in reviewer's controls on an open claim: verdict buttons, add a source, flag.
    Review(crate::components::claim_panel::ReviewProps),
}

#[lazy]
fn panel(claim_id: i64) -> AnyView {
    use crate::components::claim_panel::ClaimPanel;
    view! { <ClaimPanel claim_id=claim_id/> }.into_any()
}

#[lazy]
fn render(tool: Tool) -> AnyView {
    use super::moderation::*;
    match tool {
        Tool::Panel(_) => ().into_any(), // its own chunk: see `Deferred`
        Tool::Article { article_id, copies, merged } => view! {
            <ArticleModerationForm article_id=article_id copies=copies merged=merged/>
        }
        .into_any(),
        Tool::Claim { claim_id, statement, others } => view! {
            <ClaimModerationForm claim_id=claim_id statement=statement/>
            <MergeForm claim_id=claim_id others=others/>
        }
        .into_any(),
        Tool::Source(source_id) => view! { <SourceModerationForm source_id=source_id/> }.into_any(),
        Tool::SourceFlag(source_id) => view! { <SourceFlagForm source_id=source_id/> }.into_any(),
        Tool::Review(props) => crate::components::claim_panel::review_box(props),
    }
}

/// Renders `tool` once its code is loaded (at once when it already is).
#[component]
pub fn Deferred(tool: Tool) -> impl IntoView {
    Suspend::new(async move {
        match tool {
            Tool::Panel(claim_id) => panel(claim_id).await,
            tool => render(tool).await,
        }
    })
}

/// Fetches the chunks of the parts the server-rendered page contains.
#[cfg(feature = "hydrate")]
pub async fn preload_if_rendered() {
    let rendered = |selector: &str| document().query_selector(selector).ok().flatten().is_some();
    if rendered("[data-deferred=panel]") {
        __preload_panel().await;
    }
    if rendered("[data-deferred=tools]") {
        __preload_render().await;
    }
}
