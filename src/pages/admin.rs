//! The admin area: `/admin` (the moderation queue), `/admin/audit` (the audit log, filterable,
//! with a CSV download) and `/admin/users` (accounts). Data comes from admin-only server
//! functions, so anyone else sees the service's 401/403 message instead of the page.

use crate::api::moderation::{
    audit_log, get_moderation_queue, list_users, DecideFlags, MergeClaim, ModerateClaim, ModerateSource,
    ModerateUser,
};
use crate::api::standing::{CreateInvite, DisableBrigade, RevokeInvite};
use crate::components::error_note::{form_error, ErrorNote, PostedError, RowForms};
use crate::components::moderation::{
    ClaimModerationForm, FlagDecisionForm, ModerationEpoch, ModerationNotice, SourceModerationForm,
};
use crate::components::status::StatusBadge;
use crate::model::{AuditEntry, AuditQuery, FlaggedItem, QueueClaim, UserAdminView};
use crate::pages::standing::{BrigadesPanel, CreateAccountPanel, InvitesPanel};
use crate::values::Visibility;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub(crate) fn AdminTabs(current: &'static str) -> impl IntoView {
    let tab = move |href: &'static str, label: &'static str, key: &'static str| {
        view! { <a href=href aria-current=(current == key).then_some("page")>{label}</a> }
    };
    view! {
        <nav class="admin-tabs" aria-label="Admin">
            {tab("/admin", "Queue", "queue")}
            {tab("/admin/audit", "Audit log", "audit")}
            {tab("/admin/users", "Accounts", "users")}
            {tab("/admin/factchecks", "Fact-check import", "factchecks")}
        </nav>
    }
}

#[component]
pub fn AdminQueuePage() -> impl IntoView {
    let epoch = ModerationEpoch::get();
    let queue = Resource::new(move || epoch.count.get(), |_| get_moderation_queue());
    provide_context(RowForms);
    const FORMS: &[&str] = &[
        ModerateClaim::PATH,
        MergeClaim::PATH,
        ModerateSource::PATH,
        DecideFlags::PATH,
        DisableBrigade::PATH,
    ];
    view! {
        <Title text="Moderation"/>
        <section class="admin">
            <h1>"Moderation"</h1>
            <AdminTabs current="queue"/>
            <ModerationNotice/>
            <PostedError paths=FORMS/>
            <Transition fallback=|| view! { <p class="muted">"Loading the queue…"</p> }>
                {move || Suspend::new(async move {
                    match queue.await {
                        Ok(q) => view! {
                            <h2>{format!("Flagged ({})", q.flagged.len())}</h2>
                            {if q.flagged.is_empty() {
                                view! { <p class="muted">"No open flags."</p> }.into_any()
                            } else {
                                view! { <ol class="queue">{q.flagged.into_iter().map(|i| view! { <FlaggedRow item=i/> }).collect_view()}</ol> }.into_any()
                            }}
                            <h2>{format!("New manual claims ({})", q.manual.len())}</h2>
                            <ClaimQueue claims=q.manual empty="No manual claims waiting."/>
                            <h2>{format!("Contested claims ({})", q.contested.len())}</h2>
                            <ClaimQueue claims=q.contested empty="No contested claims."/>
                            <BrigadesPanel brigades=q.brigades/>
                        }.into_any(),
                        Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

fn in_context(article_id: i64, claim_id: i64) -> String {
    format!("/articles/{article_id}?claim={claim_id}")
}

#[component]
fn FlaggedRow(item: FlaggedItem) -> impl IntoView {
    let reasons = item
        .reasons
        .iter()
        .map(|r| format!("{} ×{}", r.reason.label(), r.count))
        .collect::<Vec<_>>()
        .join(", ");
    let count = item.flags.len();
    let hidden = (item.visibility != Visibility::Visible)
        .then(|| view! { <span class="badge hidden-badge">{item.visibility.as_str()}</span> });
    let actions = if item.target_type == "claim" {
        view! { <ClaimModerationForm claim_id=item.target_id statement=item.label.clone()/> }.into_any()
    } else {
        view! { <SourceModerationForm source_id=item.target_id/> }.into_any()
    };
    view! {
        <li class="queue-item" data-testid="flagged-item" data-target=format!("{}-{}", item.target_type, item.target_id)>
            <p class="queue-head">
                <span class="target-type">{item.target_type.clone()}</span> " "
                <a href=in_context(item.article_id, item.claim_id)>{item.label.clone()}</a>
                " " {hidden}
            </p>
            <p class="muted">{format!("in “{}” · first flagged {}", item.article_title, item.first_flagged_at.replace('T', " ").replace('Z', " UTC"))}</p>
            <p class="reasons"><strong>{format!("{count} open flag{}: ", if count == 1 { "" } else { "s" })}</strong>{reasons}</p>
            <details>
                <summary>"Flags"</summary>
                <ul>
                    {item.flags.iter().map(|f| view! {
                        <li>{format!("{} · {} · {}", f.at.replace('T', " ").replace('Z', " UTC"), f.by, f.reason.label())}
                            {(!f.details.is_empty()).then(|| format!(": {}", f.details))}</li>
                    }).collect_view()}
                </ul>
            </details>
            <div class="queue-actions">
                {actions}
                <FlagDecisionForm target_type=item.target_type.clone() target_id=item.target_id/>
            </div>
        </li>
    }
}

#[component]
fn ClaimQueue(claims: Vec<QueueClaim>, empty: &'static str) -> impl IntoView {
    if claims.is_empty() {
        return view! { <p class="muted">{empty}</p> }.into_any();
    }
    view! {
        <ol class="queue">
            {claims.into_iter().map(|c| view! {
                <li class="queue-item">
                    <p class="queue-head">
                        <StatusBadge status=c.status/> " "
                        <a href=in_context(c.article_id, c.claim_id)>{c.statement.clone()}</a>
                    </p>
                    <p class="muted">{format!(
                        "in “{}” · {} · ✓{} ✗{} ∅{}",
                        c.article_title,
                        c.created_by.clone().map(|u| format!("added by {u}")).unwrap_or_else(|| "proposed by extraction".into()),
                        c.tally.verified, c.tally.disputed, c.tally.not_a_claim
                    )}</p>
                    <details>
                        <summary>"Moderate"</summary>
                        <ClaimModerationForm claim_id=c.claim_id statement=c.statement.clone()/>
                    </details>
                </li>
            }).collect_view()}
        </ol>
    }
    .into_any()
}

// --- audit log --------------------------------------------------------------------------------

fn audit_query_from_url() -> impl Fn() -> AuditQuery + Copy {
    let q = use_query_map();
    move || {
        let m = q.read();
        let text = |k: &str| m.get(k).filter(|v| !v.trim().is_empty());
        AuditQuery {
            page: m.get("page").and_then(|p| p.parse().ok()),
            action: text("action"),
            actor: text("actor"),
            target_type: text("target_type"),
            target_id: m.get("target_id").and_then(|p| p.trim().parse().ok()),
            format: None,
        }
    }
}

fn audit_link(q: &AuditQuery, page: Option<u32>, csv: bool) -> String {
    let mut parts: Vec<String> = Vec::new();
    for (k, v) in [("action", &q.action), ("actor", &q.actor), ("target_type", &q.target_type)] {
        if let Some(v) = v {
            parts.push(format!("{k}={}", crate::pages::articles::urlencode(v)));
        }
    }
    if let Some(id) = q.target_id {
        parts.push(format!("target_id={id}"));
    }
    if let Some(p) = page {
        parts.push(format!("page={p}"));
    }
    if csv {
        parts.push("format=csv".into());
        format!("/api/moderation/audit?{}", parts.join("&"))
    } else {
        format!("/admin/audit?{}", parts.join("&"))
    }
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let query = audit_query_from_url();
    let entries = Resource::new(query, audit_log);
    view! {
        <Title text="Audit log"/>
        <section class="admin">
            <h1>"Audit log"</h1>
            <AdminTabs current="audit"/>
            <p class="muted">"Every moderation action, newest first. Entries are never changed or deleted."</p>
            <form class="filters" method="get" action="/admin/audit">
                <label for="audit-action">"Action"</label>
                <input id="audit-action" name="action" type="text" placeholder="e.g. claim.hide" maxlength="100"
                    prop:value=move || query().action.unwrap_or_default()/>
                <label for="audit-actor">"Admin"</label>
                <input id="audit-actor" name="actor" type="text" maxlength="100" prop:value=move || query().actor.unwrap_or_default()/>
                <label for="audit-target-type">"Target"</label>
                <select id="audit-target-type" name="target_type">
                    <option value="">"any"</option>
                    {["claim", "source", "article", "user", "flag"].into_iter().map(|t| view! {
                        <option value=t selected=move || query().target_type.as_deref() == Some(t)>{t}</option>
                    }).collect_view()}
                </select>
                <label for="audit-target-id">"Target id"</label>
                <input id="audit-target-id" name="target_id" type="number" min="1"
                    prop:value=move || query().target_id.map(|i| i.to_string()).unwrap_or_default()/>
                <button type="submit">"Filter"</button>
                <a class="button" href=move || audit_link(&query(), None, true) download="audit-log.csv">"Download CSV"</a>
            </form>
            <Transition fallback=|| view! { <p class="muted">"Loading the audit log…"</p> }>
                {move || Suspend::new(async move {
                    match entries.await {
                        Ok(page) => {
                            let pages = page.page_count();
                            let current = page.page;
                            let q = query();
                            view! {
                                <p class="muted count">{format!("{} entr{}", page.total, if page.total == 1 { "y" } else { "ies" })}</p>
                                <div class="table-wrap">
                                    <table class="audit">
                                        <thead><tr><th scope="col">"Time"</th><th scope="col">"Admin"</th><th scope="col">"Action"</th><th scope="col">"Target"</th><th scope="col">"Reason"</th><th scope="col">"Before → after"</th></tr></thead>
                                        <tbody>{page.items.into_iter().map(|e| view! { <AuditRow entry=e/> }).collect_view()}</tbody>
                                    </table>
                                </div>
                                {crate::components::status::pager(current, pages, move |p| audit_link(&q, Some(p), false))}
                            }.into_any()
                        }
                        Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn AuditRow(entry: AuditEntry) -> impl IntoView {
    let target = match entry.target_type.as_str() {
        "claim" => view! { <a href=format!("/claims/{}", entry.target_id)>{format!("claim {}", entry.target_id)}</a> }.into_any(),
        "article" => view! { <a href=format!("/articles/{}", entry.target_id)>{format!("article {}", entry.target_id)}</a> }.into_any(),
        // Account entries record the username: the link finds the account on the users page.
        "user" => match entry.after["username"].as_str().or(entry.before["username"].as_str()) {
            Some(name) => {
                let href = format!("/admin/users?q={}", crate::pages::articles::urlencode(name));
                view! { <a href=href>{format!("user {name}")}</a> }.into_any()
            }
            None => format!("user {}", entry.target_id).into_any(),
        },
        other => format!("{other} {}", entry.target_id).into_any(),
    };
    view! {
        <tr data-testid="audit-entry">
            <td><time datetime=entry.at.clone()>{entry.at.replace('T', " ").replace('Z', " UTC")}</time></td>
            <td>{entry.actor}</td>
            <td><code>{entry.action}</code></td>
            <td>{target}</td>
            <td>{entry.reason}</td>
            <td class="diff"><code>{entry.before.to_string()}</code>" → "<code>{entry.after.to_string()}</code></td>
        </tr>
    }
}

// --- accounts ---------------------------------------------------------------------------------

#[component]
pub fn UsersPage() -> impl IntoView {
    let q = use_query_map();
    let epoch = ModerationEpoch::get();
    let search = move || q.read().get("q").filter(|v| !v.trim().is_empty());
    let page = move || q.read().get("page").and_then(|p| p.parse::<u32>().ok());
    let users = Resource::new(move || (search(), page(), epoch.count.get()), |(q, p, _)| list_users(q, p));
    provide_context(RowForms);
    const FORMS: &[&str] = &[ModerateUser::PATH, RevokeInvite::PATH, CreateInvite::PATH];
    view! {
        <Title text="Accounts"/>
        <section class="admin">
            <h1>"Accounts"</h1>
            <AdminTabs current="users"/>
            <ModerationNotice/>
            <PostedError paths=FORMS/>
            <form class="filters" method="get" action="/admin/users" role="search">
                <label for="user-q" class="visually-hidden">"Find an account"</label>
                <input id="user-q" name="q" type="search" placeholder="Find an account" maxlength="100"
                    prop:value=move || search().unwrap_or_default()/>
                <button type="submit">"Search"</button>
            </form>
            <Transition fallback=|| view! { <p class="muted">"Loading accounts…"</p> }>
                {move || Suspend::new(async move {
                    match users.await {
                        Ok(p) => view! {
                            <p class="muted count">{format!("{} account{}", p.total, if p.total == 1 { "" } else { "s" })}</p>
                            <div class="table-wrap">
                                <table class="users">
                                    <thead><tr><th scope="col">"Account"</th><th scope="col">"Role"</th><th scope="col">"State"</th><th scope="col">"Standing"</th><th scope="col">"Votes"</th><th scope="col">"Since"</th><th scope="col">"Action"</th></tr></thead>
                                    <tbody>{p.items.into_iter().map(|u| view! { <UserRow user=u/> }).collect_view()}</tbody>
                                </table>
                            </div>
                        }.into_any(),
                        Err(e) => view! { <ErrorNote error=e/> }.into_any(),
                    }
                })}
            </Transition>
            <InvitesPanel/>
            <CreateAccountPanel/>
        </section>
    }
}

#[component]
fn UserRow(user: UserAdminView) -> impl IntoView {
    let action = ServerAction::<ModerateUser>::new();
    let epoch = ModerationEpoch::get();
    Effect::new(move |_| {
        if let Some(Ok(u)) = action.value().get() {
            let state = if u.disabled { "disabled" } else { "enabled" };
            epoch.last.set(Some(format!(
                "{} is now {}, {} and {state}.",
                u.username,
                u.role.as_str(),
                u.standing
            )));
            epoch.count.update(|n| *n += 1);
        }
    });
    let error = form_error(action);
    let id = user.id;
    let state = match (user.disabled, user.votes_excluded) {
        (false, _) => "active".to_string(),
        (true, false) => "disabled".to_string(),
        (true, true) => "disabled, votes excluded".to_string(),
    };
    view! {
        <tr data-testid="user-row">
            <td>{user.username.clone()}</td>
            <td>{user.role.as_str()}</td>
            <td>{state}</td>
            <td data-testid="user-standing">{user.standing.as_str()}</td>
            <td>{user.vote_count}</td>
            <td>{user.created_at.get(..10).unwrap_or_default().to_string()}</td>
            <td>
                <ActionForm action=action attr:class="moderation-form inline">
                    <input type="hidden" name="user_id" value=id/>
                    <label for=format!("user-action-{id}") class="visually-hidden">{format!("Action on {}", user.username)}</label>
                    <select id=format!("user-action-{id}") name="action">
                        {(!user.disabled).then(|| view! { <option value="disable">"disable"</option> })}
                        {user.disabled.then(|| view! { <option value="enable">"enable"</option> })}
                        {(user.role == crate::model::Role::Reviewer).then(|| view! { <option value="promote">"promote to admin"</option> })}
                        {(user.role == crate::model::Role::Admin).then(|| view! { <option value="demote">"demote to reviewer"</option> })}
                        {(user.standing == crate::values::Standing::New).then(|| view! { <option value="trust">"trust (votes count)"</option> })}
                        {(user.standing == crate::values::Standing::Trusted && user.role == crate::model::Role::Reviewer).then(|| view! { <option value="untrust">"untrust (new reviewer)"</option> })}
                    </select>
                    <label for=format!("user-reason-{id}") class="visually-hidden">"Reason"</label>
                    <input id=format!("user-reason-{id}") name="reason" type="text" maxlength="1000" placeholder="reason"/>
                    <label class="check"><input type="checkbox" name="exclude_votes" value="on"/>" exclude votes (disable)"</label>
                    <button type="submit">"Apply"</button>
                    {move || error().map(|e| view! { <ErrorNote error=e/> })}
                </ActionForm>
            </td>
        </tr>
    }
}
