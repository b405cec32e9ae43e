//! The header's account area: sign-in links for readers, name and sign-out for reviewers.

use crate::api::auth::Logout;
use crate::model::Role;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn UserMenu() -> impl IntoView {
    let logout = expect_context::<ServerAction<Logout>>();
    let user = expect_context::<crate::pages::article::UserResource>();
    view! {
        <div class="user-menu">
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match user.await {
                        Ok(Some(u)) => {
                            let role = (u.role == Role::Admin).then_some(view! { <span class="role-badge">"admin"</span> });
                            let admin = (u.role == Role::Admin).then_some(view! { <A href="/admin" attr:class="admin-link">"Moderation"</A> });
                            view! {
                                {admin}
                                <span class="signed-in-as">
                                    <span class="visually-hidden">"Signed in as "</span>
                                    <strong data-testid="username">{u.username}</strong>
                                    {role}
                                </span>
                                <ActionForm action=logout attr:class="inline-form">
                                    <button type="submit">"Sign out"</button>
                                </ActionForm>
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
