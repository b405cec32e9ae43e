//! `/factchecks`: the fact-check library (imported fact-checks and our settled claims), with
//! search; `/admin/factchecks`: the admins' import form.

use crate::api::matching::{factchecks_admin, list_factchecks, ImportFactchecks};
use crate::components::error_note::ErrorNote;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn FactchecksPage() -> impl IntoView {
    let query_map = use_query_map();
    let query = move || {
        let q = query_map.read();
        (q.get("q").filter(|s| !s.is_empty()), q.get("page").and_then(|p| p.parse::<u32>().ok()))
    };
    let library = crate::wire::codec::resource(query, |(q, page)| list_factchecks(q, page));
    view! {
        <Title text="Fact-check library"/>
        <section class="factchecks">
            <h1>"Fact-check library"</h1>
            <p class="muted">"Every claim is matched against these: fact-checks imported from other fact-checkers and the claims our reviewers settled."</p>
            <form class="filters" method="get" action="/factchecks" role="search">
                <label for="fq" class="visually-hidden">"Search the library"</label>
                <input id="fq" name="q" type="search" placeholder="A claim to look up" maxlength="500" prop:value=move || query().0.unwrap_or_default()/>
                <button type="submit">"Search"</button>
            </form>
            <Transition fallback=|| view! { <p class="muted">"Loading the library…"</p> }>
                {move || Suspend::new(async move {
                    match library.await {
                        Ok(page) if page.items.is_empty() => view! { <p class="muted">"Nothing in the library matches."</p> }.into_any(),
                        Ok(page) => {
                            let pages = page.page_count();
                            let current = page.page;
                            view! {
                                <ul class="library" data-testid="library">
                                    {page.items.into_iter().map(|f| view! {
                                        <li class=format!("libentry kind-{}", f.kind)>
                                            <q>{f.claim}</q> " "
                                            <strong>{f.rating.replace('_', " ")}</strong>
                                            <span class="muted">{format!(" · {}", f.publisher)}</span>
                                            {f.date.map(|d| view! { <span class="muted">{format!(" · {d}")}</span> })}
                                            {f.url.map(|u| view! { " · " <a href=u rel="noopener noreferrer nofollow">"link"</a> })}
                                        </li>
                                    }).collect_view()}
                                </ul>
                                {crate::components::status::pager(current, pages, |p| format!("/factchecks?page={p}"))}
                            }.into_any()
                        }
                        Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
pub fn AdminFactchecksPage() -> impl IntoView {
    let import = ServerAction::<ImportFactchecks>::new();
    // The form is for admins only, like the rest of the admin area: others get 401 or 403.
    let allowed = Resource::new(|| (), |_| factchecks_admin());
    view! {
        <Title text="Import fact-checks"/>
        <section class="admin admin-factchecks">
            <h1>"Import fact-checks"</h1>
            <crate::pages::admin::AdminTabs current="factchecks"/>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match allowed.await {
                        Ok(()) => view! {
                            <p class="muted">"Paste a ClaimReview JSON-LD file (one object, an array, or JSON Lines) or a TSV file with the header id, claim, title. \
                              A file with any bad row is refused whole, every bad row listed by line; importing the same file again changes nothing."</p>
                            <ActionForm action=import>
                                <label for="fc-format">"Format"</label>
                                <select id="fc-format" name="format">
                                    <option value="">"Guess from the first character"</option>
                                    <option value="claimreview">"ClaimReview JSON-LD"</option>
                                    <option value="tsv">"TSV (id, claim, title)"</option>
                                </select>
                                <label for="fc-publisher">"Publisher (TSV rows, and ClaimReview without author.name)"</label>
                                <input id="fc-publisher" name="publisher" type="text" maxlength="200"/>
                                <label for="fc-text">"File contents"</label>
                                <textarea id="fc-text" name="text" rows="16" required></textarea>
                                <button type="submit" class="primary">"Import"</button>
                            </ActionForm>
                            {move || import.value().get().map(|r| match r {
                                Ok(r) => view! { <p class="notice" role="status" data-testid="import-report">{format!("Imported {} fact-checks: {} new, {} already there.", r.rows, r.added, r.updated)}</p> }.into_any(),
                                Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                            })}
                        }.into_any(),
                        Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
