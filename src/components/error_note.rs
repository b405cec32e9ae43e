//! An inline error message, announced to screen readers.

use crate::error::{AppError, Friendly};
use leptos::prelude::*;

#[component]
pub fn ErrorNote(error: AppError) -> impl IntoView {
    let text = Friendly(&error).to_string();
    view! { <p class="error-note" role="alert">{text}</p> }
}
