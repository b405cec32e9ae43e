//! `/reviewers/{username}` (a reviewer's public record), and the standing parts of the admin pages:
//! invitations on `/admin/users`, possible brigading in the queue at `/admin`.

use crate::api::standing::{
    get_reviewer_profile, list_invites, CreateAccount, CreateInvite, DisableBrigade, RevokeInvite,
};
use crate::components::error_note::{form_error, ErrorNote};
use crate::components::moderation::ModerationEpoch;
use crate::model_standing::{BrigadeSignal, InviteView};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

fn day(rfc3339: &str) -> String {
    rfc3339.get(..10).unwrap_or_default().to_string()
}

#[component]
pub fn ReviewerPage() -> impl IntoView {
    let params = use_params_map();
    let name = move || params.read().get("username").unwrap_or_default();
    let profile = crate::wire::codec::resource(name, get_reviewer_profile);
    view! {
        <Suspense fallback=|| view! { <p class="muted">"Loading the reviewer…"</p> }>
            {move || Suspend::new(async move {
                match profile.await {
                    Ok(p) => {
                        let agreement = match p.agreement {
                            Some(share) => format!("{} of {} ({:.0}%)", p.agreed_votes, p.settled_votes, share * 100.0),
                            None => "no votes on settled claims yet".to_string(),
                        };
                        let standing_note = if p.standing == crate::values::Standing::Trusted {
                            "Trusted reviewer: their votes count toward verdicts."
                        } else {
                            "New reviewer: their votes are shown but do not count toward verdicts yet."
                        };
                        view! {
                            <Title text=format!("Reviewer {}", p.username)/>
                            <section class="reviewer" data-testid="reviewer">
                                <h1>{p.username.clone()}</h1>
                                <p class=format!("standing standing-{}", p.standing)>{standing_note}</p>
                                <dl class="reviewer-facts">
                                    <dt>"Standing"</dt><dd data-testid="reviewer-standing">{p.standing.as_str()}</dd>
                                    <dt>"Member since"</dt><dd><time datetime=p.member_since.clone()>{day(&p.member_since)}</time></dd>
                                    <dt>"Counted votes"</dt><dd>{p.counted_votes}</dd>
                                    <dt>"Agreement with settled verdicts"</dt><dd>{agreement}</dd>
                                    <dt>"Sources added"</dt><dd>{p.sources_added}</dd>
                                </dl>
                            </section>
                        }
                        .into_any()
                    }
                    Err(e) => view! { <Title text="Reviewer"/> <ErrorNote error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Invitations on the accounts page: create one (optionally trusted), see the links, revoke.
#[component]
pub fn InvitesPanel() -> impl IntoView {
    let epoch = ModerationEpoch::get();
    let create = ServerAction::<CreateInvite>::new();
    let invites = Resource::new(move || (epoch.count.get(), create.version().get()), |_| list_invites());
    let created = move || create.value().get().and_then(|r| r.ok());
    let error = form_error(create);
    view! {
        <section class="invites" aria-labelledby="invites-heading">
            <h2 id="invites-heading">"Invitations"</h2>
            <ActionForm action=create attr:class="moderation-form inline" attr:data-testid="invite-form">
                <label class="check"><input type="checkbox" name="trusted" value="on"/>" trusted reviewer"</label>
                <label for="invite-hours">"Expires in (hours)"</label>
                <input id="invite-hours" name="expires_hours" type="number" min="1" placeholder="168"/>
                <button type="submit">"Create invitation"</button>
                {move || error().map(|e| view! { <ErrorNote error=e/> })}
            </ActionForm>
            {move || created().map(|i| view! {
                <p class="banner" data-testid="invite-created">"Single-use link for a " {i.standing.as_str()} " reviewer: "
                    <a href=i.url.clone() data-testid="invite-link">{i.url.clone()}</a></p>
            })}
            <Transition fallback=|| view! { <p class="muted">"Loading invitations…"</p> }>
                {move || Suspend::new(async move {
                    match invites.await {
                        Ok(list) if list.is_empty() => view! { <p class="muted">"No invitations yet."</p> }.into_any(),
                        Ok(list) => view! {
                            <div class="table-wrap">
                                <table class="invites-table">
                                    <thead><tr><th scope="col">"Link"</th><th scope="col">"Standing"</th><th scope="col">"State"</th><th scope="col">"Expires"</th><th scope="col">"Used by"</th><th scope="col">"Action"</th></tr></thead>
                                    <tbody>{list.into_iter().map(|i| view! { <InviteRow invite=i/> }).collect_view()}</tbody>
                                </table>
                            </div>
                        }.into_any(),
                        Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn InviteRow(invite: InviteView) -> impl IntoView {
    let revoke = ServerAction::<RevokeInvite>::new();
    let epoch = ModerationEpoch::get();
    Effect::new(move |_| {
        if let Some(Ok(_)) = revoke.value().get() {
            epoch.last.set(Some("The invitation is revoked.".into()));
            epoch.count.update(|n| *n += 1);
        }
    });
    let error = form_error(revoke);
    let open = invite.state == "open";
    view! {
        <tr data-testid="invite-row">
            <td><code>{invite.url.clone()}</code></td>
            <td>{invite.standing.as_str()}</td>
            <td>{invite.state.clone()}</td>
            <td>{day(&invite.expires_at)}</td>
            <td>{invite.used_by.clone().unwrap_or_default()}</td>
            <td>
                {open.then(|| view! {
                    <ActionForm action=revoke attr:class="moderation-form inline">
                        <input type="hidden" name="token" value=invite.token.clone()/>
                        <button type="submit">"Revoke"</button>
                        {move || error().map(|e| view! { <ErrorNote error=e/> })}
                    </ActionForm>
                })}
            </td>
        </tr>
    }
}

/// The queue's "possible brigading" entries, each with one action that disables its accounts.
#[component]
pub fn BrigadesPanel(brigades: Vec<BrigadeSignal>) -> impl IntoView {
    view! {
        <h2>{format!("Possible brigading ({})", brigades.len())}</h2>
        {if brigades.is_empty() {
            view! { <p class="muted">"Nothing unusual in new accounts' votes."</p> }.into_any()
        } else {
            view! { <ol class="queue">{brigades.into_iter().map(|b| view! { <BrigadeRow signal=b/> }).collect_view()}</ol> }.into_any()
        }}
    }
}

#[component]
fn BrigadeRow(signal: BrigadeSignal) -> impl IntoView {
    let action = ServerAction::<DisableBrigade>::new();
    let epoch = ModerationEpoch::get();
    Effect::new(move |_| {
        if let Some(Ok(users)) = action.value().get() {
            epoch.last.set(Some(format!("{} accounts disabled, their votes excluded.", users.len())));
            epoch.count.update(|n| *n += 1);
        }
    });
    let error = form_error(action);
    let ids = signal.accounts.iter().map(|a| a.id.to_string()).collect::<Vec<_>>().join(",");
    let names = signal.accounts.iter().map(|a| a.username.clone()).collect::<Vec<_>>().join(", ");
    view! {
        <li class="queue-item" data-testid="brigade-item">
            <p class="queue-head">
                <a href=format!("/articles/{}?claim={}", signal.article_id, signal.claim_id)>{signal.statement.clone()}</a>
            </p>
            <p class="reasons"><strong>"Possible brigading: "</strong>{signal.detail.clone()}</p>
            <p class="muted">"Accounts: " {names}</p>
            <ActionForm action=action attr:class="moderation-form inline">
                <input type="hidden" name="user_ids" value=ids/>
                <label for=format!("brigade-reason-{}", signal.claim_id) class="visually-hidden">"Reason"</label>
                <input id=format!("brigade-reason-{}", signal.claim_id) name="reason" type="text" maxlength="1000" placeholder="reason (required)"/>
                <button type="submit">"Disable these accounts, votes excluded"</button>
                {move || error().map(|e| view! { <ErrorNote error=e/> })}
            </ActionForm>
        </li>
    }
}

/// Creating an account directly (any registration mode; the only way besides the command line when
/// registration is closed). The generated password is shown once.
#[component]
pub fn CreateAccountPanel() -> impl IntoView {
    let create = ServerAction::<CreateAccount>::new();
    let epoch = ModerationEpoch::get();
    Effect::new(move |_| {
        if let Some(Ok(_)) = create.value().get() {
            epoch.count.update(|n| *n += 1);
        }
    });
    let created = move || create.value().get().and_then(|r| r.ok());
    let error = form_error(create);
    // The password is shown once, in the answer, which a plain form post (no JavaScript) does not
    // bring back: the button waits for the page's code.
    let live = crate::components::page_is_live();
    view! {
        <section class="invites" aria-labelledby="create-account-heading">
            <h2 id="create-account-heading">"Create an account"</h2>
            <noscript><p class="hint">"Creating an account needs JavaScript: its password is shown once, on this page. Without it, use an invitation or `claimcheck user create`."</p></noscript>
            <ActionForm action=create attr:class="moderation-form inline" attr:data-testid="create-account-form">
                <label for="new-account-name">"New account's username"</label>
                <input id="new-account-name" name="username" type="text" minlength="3" maxlength="32" required/>
                <label class="check"><input type="checkbox" name="trusted" value="on"/>" trusted reviewer"</label>
                <button type="submit" disabled=move || !live.get()>"Create account"</button>
                {move || error().map(|e| view! { <ErrorNote error=e/> })}
            </ActionForm>
            {move || created().map(|a| view! {
                <p class="banner" data-testid="account-created">{format!("Created {} ({}). Password, shown once: ", a.username, a.standing)}
                    <code>{a.password.clone()}</code></p>
            })}
        </section>
    }
}
