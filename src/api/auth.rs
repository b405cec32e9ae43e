//! Server functions for signing up, in and out. The browser forms post here; without JavaScript
//! the same forms work as plain HTML posts followed by a redirect.

use crate::error::AppError;
use crate::model::UserView;
use leptos::prelude::*;

/// Only same-site paths are followed after sign-in, never another host: a path that starts with
/// one `/` and is built from plain URL characters (RFC 3986 unreserved, sub-delims, `:@/?%`), with
/// every `%` escape naming a printable character other than `/` and `\\`. Anything else (`//host`,
/// `/\\host`, tabs and newlines that browsers drop, `/%09/host`, other schemes) falls back to `/`.
pub fn safe_next(next: Option<String>) -> String {
    match next {
        Some(n) if is_local_path(&n) => n,
        _ => "/".to_string(),
    }
}

fn is_local_path(n: &str) -> bool {
    let b = n.as_bytes();
    if b.first() != Some(&b'/') || n.len() > 2048 {
        return false;
    }
    let plain = |c: u8| c.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/?".contains(&c);
    let hex = |c: u8| (c as char).to_digit(16);
    let mut decoded = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' => {
                let (Some(h), Some(l)) =
                    (b.get(i + 1).and_then(|c| hex(*c)), b.get(i + 2).and_then(|c| hex(*c)))
                else {
                    return false;
                };
                let c = (h * 16 + l) as u8;
                if c < 0x20 || c == 0x7f || c == b'/' || c == b'\\' {
                    return false;
                }
                decoded.push(c);
                i += 3;
            }
            c if plain(c) => {
                decoded.push(c);
                i += 1;
            }
            _ => return false,
        }
    }
    // After one `/`, a second (literal) one would make the rest a host name.
    decoded.get(1) != Some(&b'/')
}

#[server(prefix = "/rpc", endpoint = "current_user", output = crate::wire::codec::Json)]
pub async fn current_user() -> Result<Option<UserView>, AppError> {
    let actor = ssr::actor().await?;
    Ok(actor.user().cloned())
}

#[server(prefix = "/rpc", endpoint = "login", output = crate::wire::codec::Json)]
pub async fn login(username: String, password: String, next: Option<String>) -> Result<UserView, AppError> {
    let state = expect_context::<crate::server::state::AppState>();
    let session = ssr::session().await?;
    let ip = ssr::client_ip().await?;
    let user =
        crate::server::service::accounts::login(&state, ip, &username, &password).await.map_err(ssr::fail)?;
    crate::server::auth::start_session(&session, &user).await.map_err(ssr::fail)?;
    // A temporary password an admin set is changed before anything else.
    let must_change =
        crate::server::service::password::must_change(&state, user.id).await.map_err(ssr::fail)?;
    leptos_axum::redirect(&if must_change { "/account".to_string() } else { safe_next(next) });
    Ok(user)
}

#[server(prefix = "/rpc", endpoint = "register", output = crate::wire::codec::Json)]
pub async fn register(
    username: String,
    password: String,
    next: Option<String>,
    #[server(default)] invite: Option<String>,
) -> Result<UserView, AppError> {
    let state = expect_context::<crate::server::state::AppState>();
    let session = ssr::session().await?;
    let ip = ssr::client_ip().await?;
    let user =
        crate::server::service::accounts::register(&state, ip, &username, &password, invite.as_deref())
            .await
            .map_err(ssr::fail)?;
    crate::server::auth::start_session(&session, &user).await.map_err(ssr::fail)?;
    leptos_axum::redirect(&safe_next(next));
    Ok(user)
}

#[server(prefix = "/rpc", endpoint = "logout", output = crate::wire::codec::Json)]
pub async fn logout() -> Result<(), AppError> {
    let session = ssr::session().await?;
    crate::server::auth::end_session(&session).await.map_err(ssr::fail)?;
    leptos_axum::redirect("/");
    Ok(())
}

/// Request plumbing shared by the server functions.
#[cfg(feature = "ssr")]
pub mod ssr {
    use crate::error::AppError;
    use crate::server::auth::Actor;
    use axum::Extension;
    use std::net::IpAddr;

    /// Sets the HTTP status from the error, so server functions answer 401/403/422 like the REST API.
    /// Not for a plain HTML form post (no JavaScript): that must stay the redirect back to the form,
    /// with the error in the URL, or the browser would show the raw error body.
    pub fn fail(e: AppError) -> AppError {
        if is_plain_form_post() {
            return e;
        }
        if let Some(resp) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            if let Ok(code) = axum::http::StatusCode::from_u16(e.status_code()) {
                resp.set_status(code);
            }
        }
        e
    }

    /// A server function posted by a plain HTML form. Page rendering (a GET) is not one: there the
    /// status must follow the error, so a missing claim is a 404 and the admin area a 401/403.
    fn is_plain_form_post() -> bool {
        leptos::prelude::use_context::<axum::http::request::Parts>()
            .filter(|p| p.method == axum::http::Method::POST)
            .and_then(|p| {
                p.headers.get(axum::http::header::ACCEPT)?.to_str().ok().map(|v| v.contains("text/html"))
            })
            .unwrap_or(false)
    }

    pub async fn actor() -> Result<Actor, AppError> {
        let Extension(actor) = leptos_axum::extract::<Extension<Actor>>()
            .await
            .map_err(|e| fail(AppError::internal(anyhow::anyhow!("no actor on the request: {e:?}"))))?;
        Ok(actor)
    }

    /// What most server functions start with: the app's state and who is asking.
    pub async fn caller() -> Result<(crate::server::state::AppState, Actor), AppError> {
        let state = leptos::prelude::expect_context::<crate::server::state::AppState>();
        Ok((state, actor().await?))
    }

    pub async fn session() -> Result<tower_sessions::Session, AppError> {
        leptos_axum::extract::<tower_sessions::Session>()
            .await
            .map_err(|e| fail(AppError::internal(anyhow::anyhow!("no session on the request: {e:?}"))))
    }

    /// A signed-out reader's `claimcheck_asker` token (see `server::rest::queue`), if the request
    /// carries a well-formed one.
    pub fn asker_token() -> Option<String> {
        leptos::prelude::use_context::<axum::http::request::Parts>()
            .and_then(|p| crate::server::rest::queue::asker_token(&p.headers))
    }

    /// The client address the limits count (see `server::client_addr`).
    pub async fn client_ip() -> Result<IpAddr, AppError> {
        let Extension(client) =
            leptos_axum::extract::<Extension<crate::server::client_addr::ClientAddr>>().await.map_err(
                |e| fail(AppError::internal(anyhow::anyhow!("no client address on the request: {e:?}"))),
            )?;
        Ok(client.0)
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(safe_next(Some("/articles/3".into())), "/articles/3");
        assert_eq!(safe_next(Some("//evil.example".into())), "/");
        assert_eq!(safe_next(Some("https://evil.example".into())), "/");
        assert_eq!(safe_next(Some("/\\evil.example".into())), "/");
        assert_eq!(safe_next(None), "/");
    }

    #[test]
    fn paths_with_control_characters_or_escaped_slashes_fall_back_to_the_home_page() {
        for bad in [
            "/%09/evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/articles\r\nSet-Cookie: x=1",
            "\\\\evil.example",
            "/%2F/evil.example",
            "/%5Cevil.example",
            "/%",
            "/%zz",
            "javascript:alert(1)",
            " /articles",
            "/art icles",
            "/ä",
            "",
        ] {
            assert_eq!(safe_next(Some(bad.to_string())), "/", "{bad:?}");
        }
        for good in ["/", "/articles/3?claim=4", "/claims/7#sources", "/search?q=caf%C3%A9"] {
            let expected = good.split('#').next().unwrap();
            assert_eq!(
                safe_next(Some(good.to_string())),
                if good.contains('#') { "/" } else { expected },
                "{good:?}"
            );
        }
    }
}
