//! `/account` (signed in): change your password (your other sessions end) and see and end your
//! sessions. An account with a temporary password an admin set is sent here until it changes it.
//! Both forms work without JavaScript.

use crate::api::account::{my_sessions, ChangePassword, EndMySession};
use crate::components::error_note::ErrorNote;
use crate::wire::codec::resource;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AccountSettingsPage() -> impl IntoView {
    let user = expect_context::<crate::components::claim_panel::UserResource>();
    let change = ServerAction::<ChangePassword>::new();
    let end = ServerAction::<EndMySession>::new();
    let sessions = resource(move || (change.version().get(), end.version().get()), |_| my_sessions());
    view! {
        <Title text="Your account"/>
        <section class="account-settings">
            <h1>"Your account"</h1>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    let Ok(Some(me)) = user.await else {
                        return view! { <p><a href="/login?next=/account">"Sign in"</a> " to manage your account."</p> }.into_any();
                    };
                    let list = sessions.await;
                    view! {
                        <p>"Signed in as " <strong>{me.username}</strong> "."</p>
                        <h2>"Change your password"</h2>
                        <p class="hint">"If an admin gave you a temporary password, choose your own here before anything else. Changing it signs out your other sessions."</p>
                        <ActionForm action=change attr:id="change-password-form">
                            <label for="current-password">"Current password"</label>
                            <input id="current-password" name="current" type="password" autocomplete="current-password" required/>
                            <label for="new-password">"New password"</label>
                            <input id="new-password" name="new" type="password" autocomplete="new-password"
                                minlength="10" maxlength="1024" required aria-describedby="new-password-help"/>
                            <p id="new-password-help" class="hint">"At least 10 characters, not one of the most common passwords."</p>
                            {move || match change.value().get() {
                                Some(Ok(())) => Some(view! { <p class="ok" role="status">"Password changed. Your other sessions have ended."</p> }.into_any()),
                                Some(Err(e)) => Some(view! { <ErrorNote error=e/> }.into_any()),
                                None => None,
                            }}
                            <button type="submit" class="primary">"Change password"</button>
                        </ActionForm>
                        <h2>"Your sessions"</h2>
                        {match list {
                            Ok(list) => view! {
                                <ul class="session-list">
                                    {list.into_iter().map(|s| {
                                        let when = s.last_seen_at.replace('T', " ").replace('Z', " UTC");
                                        let since = s.signed_in_at.replace('T', " ").replace('Z', " UTC");
                                        let id = s.id.clone();
                                        view! {
                                            <li class="session" data-session=s.id.clone()>
                                                <span>{format!("Signed in {since}, last used {when}")}</span>
                                                {if s.current {
                                                    view! { <span class="badge">" this browser"</span> }.into_any()
                                                } else {
                                                    view! {
                                                        <ActionForm action=end attr:class="inline-form">
                                                            <input type="hidden" name="id" value=id/>
                                                            <button type="submit">"Sign out"</button>
                                                        </ActionForm>
                                                    }.into_any()
                                                }}
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            }.into_any(),
                            Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                        }}
                    }.into_any()
                })}
            </Transition>
        </section>
    }
}
