//! `/articles/{id}/report`: a printable report of an article's verdicts, one section per claim with
//! its status, the explanation and the evidence. Plain server-rendered HTML with a print stylesheet.

use crate::api::workspace::get_report;
use crate::components::error_note::ErrorNote;
use crate::components::status::{ProgressBar, StatusBadge};
use crate::model::ArticleReport;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ReportPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    let report = crate::wire::codec::resource(id, get_report);
    view! {
        <Suspense fallback=|| view! { <p class="muted">"Loading the report…"</p> }>
            {move || Suspend::new(async move {
                match report.await {
                    Ok(r) => view! { <Report report=r/> }.into_any(),
                    Err(e) => view! { <Title text="Report"/> <ErrorNote error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Report(report: ArticleReport) -> impl IntoView {
    let a = report.article;
    let sources = report.sources;
    let meta = [a.publisher.clone(), a.published_date.clone(), a.url.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    let print = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! {
        <Title text=format!("Report: {}", a.title)/>
        <article class="report">
            <p class="crumbs no-print"><a href=format!("/articles/{}", a.id)>"Back to the article"</a>
                " · " <button type="button" on:click=print>"Print"</button></p>
            <h1>{a.title.clone()}</h1>
            <p class="muted">{meta}</p>
            {a.merged_into.clone().map(|m| view! {
                <p class="banner" role="status" data-testid="report-merged">
                    "This copy was merged into " <a href=format!("/articles/{}/report", m.id)>{m.title}</a>
                    ": the claims merged or moved there are reported with it."
                </p>
            })}
            <ProgressBar settled=a.distribution.settled() total=a.claims.len() as i64/>
            <ol class="report-claims">
                {a.claims.iter().map(|c| {
                    let own: Vec<_> = sources.iter().filter(|s| s.claim_id == c.id).cloned().collect();
                    view! {
                        <li class="report-claim">
                            <p class="report-head"><StatusBadge status=c.status editorial=c.locked/>
                                <span class="kind">{c.kind.as_str()}</span>
                                <span class="muted">{format!("#{} · ✓{} ✗{} ∅{}", c.id, c.tally.verified, c.tally.disputed, c.tally.not_a_claim)}</span></p>
                            <blockquote class="statement">{c.statement.clone()}</blockquote>
                            <p class="explanation">{c.explanation.clone()}</p>
                            {if own.is_empty() {
                                view! { <p class="muted">"No sources."</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="sources">
                                        {own.into_iter().map(|s| view! {
                                            <li><strong>{s.stance.as_str()}</strong> ": " {s.title.clone()} " (" {s.publisher.clone()} ") "
                                                <span class="url">{s.url.clone()}</span>
                                                {(!s.excerpt.is_empty()).then(|| view! { <q class="excerpt">{s.excerpt.clone()}</q> })}</li>
                                        }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </article>
    }
}
