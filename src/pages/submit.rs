//! `/submit`: paste an article, or import it "From a link" or "From a saved page" (plain form posts
//! to `POST /submit`, which re-renders this page with the form filled in, so they work without
//! JavaScript); claims are proposed on submission and the article page opens. Without JavaScript
//! the paste form posts to `/submit` too, which keeps the text when the article is refused.

use crate::api::import::get_import_prefill;
use crate::api::workspace::SubmitArticle;
use crate::components::claim_panel::UserResource;
use crate::components::error_note::ErrorNote;
use crate::wire::codec::resource;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SubmitPage() -> impl IntoView {
    let submit = ServerAction::<SubmitArticle>::new();
    let user = expect_context::<UserResource>();
    // Filled only when this render answers an import form post.
    let prefill = resource(|| (), |_| async move { get_import_prefill().await.ok().flatten() });
    let error = move || submit.value().get().and_then(|r| r.err());
    view! {
        <Title text="Submit an article"/>
        <section class="submit-form">
            <h1>"Submit an article"</h1>
            <Transition fallback=|| ()>
                {move || match user.get() {
                    Some(Ok(Some(_))) => ().into_any(),
                    Some(_) => view! { <p class="notice"><a href="/login?next=/submit">"Sign in"</a> " to submit an article."</p> }.into_any(),
                    None => ().into_any(),
                }}
            </Transition>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let p = prefill.await.unwrap_or_default();
                    // A refused paste (no JavaScript) comes back filled in too, but was not imported.
                    let imported = !p.body.is_empty() && p.submit_error.is_none();
                    view! {
                        <div class="import-forms">
                            <form method="post" action="/submit" class="import-link">
                                <label for="import-url">"From a link"</label>
                                <div class="import-row">
                                    <input id="import-url" name="import_url" type="url" maxlength="2048" required placeholder="https://…" value=p.link.clone()/>
                                    <button type="submit">"Import"</button>
                                </div>
                            </form>
                            <form method="post" action="/submit" enctype="multipart/form-data" class="import-file">
                                <label for="import-file">"From a saved page"</label>
                                <div class="import-row">
                                    <input id="import-file" name="import_file" type="file" required accept=".html,.htm,.xhtml,text/html,application/xhtml+xml"/>
                                    <button type="submit">"Import"</button>
                                </div>
                            </form>
                            {p.error.clone().map(|e| view! { <p class="error-note" role="alert" id="import-error">{e}</p> })}
                            {imported.then(|| view! {
                                <p class="notice" id="import-done">"Imported: check the title, text and details below before submitting."</p>
                            })}
                            {p.already_submitted.clone().map(|a| view! {
                                <p class="notice" id="import-existing" role="status">
                                    "This link was submitted before as "
                                    <a href=format!("/articles/{}", a.id)>{a.title}</a>
                                    ". Review it there: a second copy would split the votes between the two."
                                </p>
                            })}
                        </div>
                        <p class="muted">"Or paste the article as copied from the web page; menus and share buttons are recognised and left out of the claims. The text is stored exactly as pasted."</p>
                        <ActionForm action=submit>
                            <label for="article-title">"Title"</label>
                            <input id="article-title" name="title" type="text" required maxlength="300" value=p.title.clone()/>
                            <label for="article-body">"Article text"</label>
                            // A browser drops the first newline after <textarea>: one more keeps a body's own.
                            <textarea id="article-body" name="body" rows="16" required>{if p.body.starts_with('\n') { format!("\n{}", p.body) } else { p.body.clone() }}</textarea>
                            <div class="row">
                                <div>
                                    <label for="article-url">"Original URL (optional)"</label>
                                    <input id="article-url" name="url" type="url" maxlength="2048" placeholder="https://…" value=p.url.clone()/>
                                </div>
                                <div>
                                    <label for="article-publisher">"Publisher (optional)"</label>
                                    <input id="article-publisher" name="publisher" type="text" maxlength="200" value=p.publisher.clone()/>
                                </div>
                                <div>
                                    <label for="article-date">"Published (optional)"</label>
                                    <input id="article-date" name="published_date" type="date" value=p.published_date.clone()/>
                                </div>
                            </div>
                            {p.submit_error.clone().map(|e| view! { <p class="error-note" role="alert" id="submit-error">{e}</p> })}
                            {move || error().map(|e| view! { <ErrorNote error=e/> })}
                            // Without JavaScript the form posts to /submit, which keeps the text if it is refused.
                            <button type="submit" class="primary" formaction="/submit" disabled=move || submit.pending().get()>
                                {move || if submit.pending().get() { "Extracting claims…" } else { "Submit and extract claims" }}
                            </button>
                        </ActionForm>
                    }
                })}
            </Suspense>
        </section>
    }
}
