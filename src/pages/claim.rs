//! `/claims/{id}`: a claim's permalink, readable by anyone, with a link back to it in context.

use crate::api::workspace::get_claim;
use crate::components::claim_panel::ClaimDetailView;
use crate::components::error_note::ErrorNote;
use crate::pages::article::JsonLd;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ClaimPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let detail = crate::wire::codec::resource(id, get_claim);
    let claim_review = crate::wire::codec::resource(id, crate::api::articles::claim_review);
    view! {
        <Suspense fallback=|| view! { <p class="muted">"Loading the claim…"</p> }>
            {move || Suspend::new(async move {
                let ld = claim_review.await.unwrap_or_default();
                match detail.await {
                    Ok(d) => {
                        let back = format!("/articles/{}?claim={}", d.claim.article_id, d.claim.id);
                        let title = d.article_title.clone();
                        view! {
                            <Title text=format!("Claim: {}", d.claim.statement)/>
                            <JsonLd json=ld/>
                            <section class="claim-page claim-panel">
                                <p class="crumbs"><a href="/">"Articles"</a> " › " <a href=back>{title}</a></p>
                                <h1 class="claim-page-title">{format!("Claim #{}", d.claim.id)}</h1>
                                <ClaimDetailView detail=d/>
                            </section>
                        }
                        .into_any()
                    }
                    Err(e) => view! { <Title text="Claim"/> <ErrorNote error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
