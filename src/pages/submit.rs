//! `/submit`: paste an article; claims are proposed on submission and the article page opens.

use crate::api::workspace::SubmitArticle;
use crate::components::error_note::ErrorNote;
use crate::pages::article::UserResource;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SubmitPage() -> impl IntoView {
    let submit = ServerAction::<SubmitArticle>::new();
    let user = expect_context::<UserResource>();
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
            <p class="muted">"Paste the article as copied from the web page; menus and share buttons are recognised and left out of the claims. The text is stored exactly as pasted."</p>
            <ActionForm action=submit>
                <label for="article-title">"Title"</label>
                <input id="article-title" name="title" type="text" required maxlength="300"/>
                <label for="article-body">"Article text"</label>
                <textarea id="article-body" name="body" rows="16" required></textarea>
                <div class="row">
                    <div>
                        <label for="article-url">"Original URL (optional)"</label>
                        <input id="article-url" name="url" type="url" maxlength="2048" placeholder="https://…"/>
                    </div>
                    <div>
                        <label for="article-publisher">"Publisher (optional)"</label>
                        <input id="article-publisher" name="publisher" type="text" maxlength="200"/>
                    </div>
                    <div>
                        <label for="article-date">"Published (optional)"</label>
                        <input id="article-date" name="published_date" type="date"/>
                    </div>
                </div>
                {move || error().map(|e| view! { <ErrorNote error=e/> })}
                <button type="submit" class="primary" disabled=move || submit.pending().get()>
                    {move || if submit.pending().get() { "Extracting claims…" } else { "Submit and extract claims" }}
                </button>
            </ActionForm>
        </section>
    }
}
