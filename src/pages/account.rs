//! `/login` and `/register`: the two account forms. Both work without JavaScript.

use crate::api::auth::{Login, Register};
use crate::components::error_note::ErrorNote;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::{error::ServerFnUrlError, ServerFn};
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LoginPage() -> impl IntoView {
    let login = expect_context::<ServerAction<Login>>();
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_else(|| "/".into());
    let error = move || form_error(login.value().get(), Login::PATH);
    view! {
        <Title text="Sign in"/>
        <section class="account-form">
            <h1>"Sign in"</h1>
            <ActionForm action=login>
                // An attribute, not a property: the server writes it, so a sign-in without
                // JavaScript returns to `next` too.
                <input type="hidden" name="next" value=next/>
                <label for="login-username">"Username"</label>
                <input id="login-username" name="username" type="text" autocomplete="username" required/>
                <label for="login-password">"Password"</label>
                <input id="login-password" name="password" type="password" autocomplete="current-password" required/>
                {move || error().map(|e| view! { <ErrorNote error=e/> })}
                <button type="submit" class="primary">"Sign in"</button>
            </ActionForm>
            <p class="muted">"New here? " <A href="/register">"Create an account"</A></p>
        </section>
    }
}

#[component]
pub fn RegisterPage() -> impl IntoView {
    let register = expect_context::<ServerAction<Register>>();
    let error = move || form_error(register.value().get(), Register::PATH);
    // `/register?invite=TOKEN`: the invitation link an admin handed out.
    let invite = move || use_query_map().read().get("invite").unwrap_or_default();
    view! {
        <Title text="Create an account"/>
        <section class="account-form">
            <h1>"Create an account"</h1>
            {move || (!invite().is_empty()).then(|| view! {
                <p class="hint" id="register-invite-note">"You are registering with an invitation."</p>
            })}
            <ActionForm action=register>
                <input type="hidden" name="next" value="/"/>
                <input type="hidden" name="invite" value=invite/>
                <label for="register-username">"Username"</label>
                <input id="register-username" name="username" type="text" autocomplete="username"
                    minlength="3" maxlength="32" pattern="[A-Za-z0-9][A-Za-z0-9_.\\-]*" required
                    aria-describedby="register-username-help"/>
                <p id="register-username-help" class="hint">"3 to 32 letters, digits, '_', '.' or '-'."</p>
                <label for="register-password">"Password"</label>
                <input id="register-password" name="password" type="password" autocomplete="new-password"
                    minlength="10" maxlength="1024" required aria-describedby="register-password-help"/>
                <p id="register-password-help" class="hint">"At least 10 characters. A passphrase works well."</p>
                {move || error().map(|e| view! { <ErrorNote error=e/> })}
                <button type="submit" class="primary">"Create account"</button>
            </ActionForm>
            <p class="muted">"Already have an account? " <A href="/login">"Sign in"</A></p>
        </section>
    }
}

/// The form's latest error. Before anything was submitted from this page, that is the error a plain
/// HTML post (no JavaScript) brought back in the URL when the server redirected to the form.
fn form_error<T>(value: Option<Result<T, AppError>>, path: &str) -> Option<AppError> {
    match value {
        Some(result) => result.err(),
        None => use_context::<ServerActionError>()
            .filter(|e| e.path() == path)
            .map(|e| ServerFnUrlError::<AppError>::decode_err(e.err())),
    }
}
