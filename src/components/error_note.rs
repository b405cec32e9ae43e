//! An inline error message, announced to screen readers; and where a form's error shows when a
//! page holds many copies of that form.

use crate::error::{AppError, Friendly};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn ErrorNote(error: AppError) -> impl IntoView {
    let text = Friendly(&error).to_string();
    view! { <p class="error-note" role="alert">{text}</p> }
}

/// Provided by a page with a row of the same form per item (the moderation queue, the accounts
/// page). A plain form post (no JavaScript) brings its error back to every copy of the form at
/// once (leptos keys it by server function), so such a page shows it once, at the top
/// ([`PostedError`]), and each row shows only the errors of what it sent itself ([`form_error`]).
#[derive(Clone, Copy)]
pub struct RowForms;

/// The error of `action` to show beside its form: any, or on a page of rows ([`RowForms`]) only one
/// this copy of the form sent.
pub fn form_error<S>(action: ServerAction<S>) -> impl Fn() -> Option<AppError> + Copy + Send + Sync + 'static
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    let rows = use_context::<RowForms>().is_some();
    move || {
        if rows && action.version().get() == 0 {
            return None;
        }
        action.value().get().and_then(Result::err)
    }
}

/// The error a plain form post (no JavaScript) to one of `paths` came back with, shown once.
#[component]
pub fn PostedError(paths: &'static [&'static str]) -> impl IntoView {
    use_context::<ServerActionError>().filter(|e| paths.contains(&e.path())).map(|e| {
        let error = leptos::server_fn::error::ServerFnUrlError::<AppError>::decode_err(e.err());
        view! { <ErrorNote error=error/> }
    })
}
