//! `POST /submit`: the submit page's "From a link" and "From a saved page" forms. Plain HTML form
//! posts (urlencoded, or multipart for the file), so importing works without JavaScript: the import
//! runs, then the submit page is rendered again with the form filled in (or the error shown) for the
//! reviewer to check before submitting. Nothing is stored.
//!
//! The paste form's button posts here too when the page runs without JavaScript (its `formaction`;
//! with JavaScript the form calls the `submit_article` server function instead). The article is
//! submitted and the browser sent to it; a refusal renders the page again with everything the
//! reviewer typed still in the form and the reason beside the button.

use super::auth::Actor;
use super::service;
use super::state::AppState;
use crate::model::{ImportPrefill, NewArticle, NewImport};
use axum::body::Body;
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use leptos::prelude::provide_context;
use serde::Deserialize;

/// The prefill a render of the submit page picks up (see `api::import::import_prefill`).
#[derive(Clone, Debug)]
pub struct Prefill(pub ImportPrefill);

#[derive(Deserialize, Default)]
struct PlainForm {
    #[serde(default)]
    import_url: String,
    /// The paste form's fields; `title` or `body` present means that form was sent.
    title: Option<String>,
    body: Option<String>,
    url: Option<String>,
    publisher: Option<String>,
    published_date: Option<String>,
}

pub async fn handle(State(state): State<AppState>, req: Request) -> Response {
    let actor = req.extensions().get::<Actor>().cloned().unwrap_or(Actor::Anonymous);
    let (parts, body) = req.into_parts();
    let render_req = Request::from_parts(parts.clone(), Body::empty());
    let is_multipart = parts
        .headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.trim_start().to_ascii_lowercase().starts_with("multipart/form-data"));
    let req = Request::from_parts(parts, body);

    let mut link = String::new();
    let mut html: Option<String> = None;
    let mut bad_form: Option<String> = None;
    if is_multipart {
        match Multipart::from_request(req, &state).await {
            Ok(mut form) => loop {
                match form.next_field().await {
                    Ok(Some(field)) => match field.name() {
                        Some("import_url") => link = field.text().await.unwrap_or_default(),
                        Some("import_file") => match field.bytes().await {
                            Ok(bytes) if !bytes.is_empty() => {
                                html = Some(crate::import::decode(&bytes, None).into_owned())
                            }
                            Ok(_) => {}
                            Err(_) => bad_form = Some("the file could not be read; try again".into()),
                        },
                        _ => {}
                    },
                    Ok(None) => break,
                    Err(_) => {
                        bad_form = Some("the upload was cut short; try again".into());
                        break;
                    }
                }
            },
            Err(_) => bad_form = Some("the upload could not be read; try again".into()),
        }
        if html.is_none() && bad_form.is_none() {
            bad_form = Some("choose a saved page (.html) to import".into());
        }
    } else {
        match axum::Form::<PlainForm>::from_request(req, &state).await {
            Ok(axum::Form(f)) if f.body.is_some() || f.title.is_some() => {
                return submit_pasted(state, actor, render_req, f).await;
            }
            Ok(axum::Form(f)) => link = f.import_url,
            Err(_) => bad_form = Some("the form could not be read; try again".into()),
        }
    }

    let mut prefill = ImportPrefill { link: link.trim().to_string(), ..ImportPrefill::default() };
    let result = match bad_form {
        Some(message) => Err(message),
        None => {
            let input = NewImport { url: Some(prefill.link.clone()).filter(|l| !l.is_empty()), html };
            service::imports::import(&state, &actor, input)
                .await
                .map_err(|e| crate::error::Friendly(&e).to_string())
        }
    };
    match result {
        Ok(a) => {
            prefill.title = a.title.unwrap_or_default();
            prefill.body = a.body;
            prefill.url = a.url.unwrap_or_default();
            prefill.publisher = a.publisher.unwrap_or_default();
            prefill.published_date = a.published_date.unwrap_or_default();
            prefill.already_submitted = a.already_submitted;
        }
        Err(message) => prefill.error = Some(message),
    }

    render_submit_page(state, render_req, prefill).await
}

/// The paste form sent without JavaScript: submits the article and sends the browser to it (303),
/// or renders the form again, filled in, with the reason it was refused.
async fn submit_pasted(state: AppState, actor: Actor, render_req: Request, f: PlainForm) -> Response {
    let given = |v: &Option<String>| v.clone().filter(|s| !s.trim().is_empty());
    let input = NewArticle {
        title: f.title.clone().unwrap_or_default(),
        body: f.body.clone().unwrap_or_default(),
        url: given(&f.url),
        publisher: given(&f.publisher),
        published_date: given(&f.published_date),
    };
    match service::articles::submit(&state, &actor, input).await {
        Ok(article) => axum::response::Redirect::to(&format!("/articles/{}", article.id)).into_response(),
        Err(e) => {
            let prefill = ImportPrefill {
                title: f.title.unwrap_or_default(),
                body: f.body.unwrap_or_default(),
                url: f.url.unwrap_or_default(),
                publisher: f.publisher.unwrap_or_default(),
                published_date: f.published_date.unwrap_or_default(),
                submit_error: Some(crate::error::Friendly(&e).to_string()),
                ..ImportPrefill::default()
            };
            let mut page = render_submit_page(state, render_req, prefill).await;
            *page.status_mut() = axum::http::StatusCode::from_u16(e.status_code())
                .unwrap_or(axum::http::StatusCode::BAD_REQUEST);
            page
        }
    }
}

/// The submit page, rendered with the prefill its form picks up.
async fn render_submit_page(state: AppState, render_req: Request, prefill: ImportPrefill) -> Response {
    let options = state.leptos_options.clone();
    // Rendered whole before it is sent (no out-of-order chunks): the filled form must be there without JavaScript.
    let render = leptos_axum::render_app_async_with_context(
        move || {
            provide_context(state.clone());
            provide_context(Prefill(prefill.clone()));
            super::http::record_page_nonce();
        },
        move || crate::app::shell(options.clone()),
    );
    render(render_req).await
}
