//! The header's account area: sign-in links for readers, name and sign-out for reviewers.

use crate::api::auth::Logout;
use crate::model::Role;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::A;

#[component]
pub fn UserMenu() -> impl IntoView {
    let logout = expect_context::<ServerAction<Logout>>();
    let user = expect_context::<crate::components::claim_panel::UserResource>();
    view! {
        <div class="user-menu">
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match user.await {
                        Ok(Some(u)) => {
                            let role = (u.role == Role::Admin).then_some(view! { <span class="role-badge">"admin"</span> });
                            let admin = (u.role == Role::Admin).then_some(view! { <A href="/admin" attr:class="admin-link">"Moderation"</A> });
                            view! {
                                <crate::components::crowd::LoopLinks/>
                                {admin}
                                <span class="signed-in-as">
                                    <span class="visually-hidden">"Signed in as "</span>
                                    <A href="/account" attr:class="account-link" attr:title="Your account: password, sessions">
                                        <strong data-testid="username">{u.username}</strong>
                                    </A>
                                    {role}
                                </span>
                                // A plain form rather than `ActionForm`: this one has no fields, and
                                // `ActionForm` would bring its form-data reader into the WASM every page
                                // loads. Without JavaScript it posts as it is.
                                <form action=Logout::url() method="post" class="inline-form" on:submit=move |ev: leptos::ev::SubmitEvent| {
                                    if !ev.default_prevented() {
                                        ev.prevent_default();
                                        logout.dispatch(Logout {});
                                    }
                                }>
                                    <button type="submit">"Sign out"</button>
                                </form>
                            }
                            .into_any()
                        }
                        _ => view! {
                            <A href="/login">"Sign in"</A>
                            <A href="/register" attr:class="button primary">"Create account"</A>
                        }
                        .into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}
