//! Server functions for the crowd's daily loop: the review queue, the header's counts, check
//! requests and the activity page. Each finds the actor and calls one `service::queue` function.

use crate::error::AppError;
use crate::model::{Activity, CheckRequests, LoopCounts, ReviewQueue};
use leptos::prelude::*;

#[server(prefix = "/rpc", endpoint = "review_queue", output = crate::wire::codec::Json)]
pub async fn get_review_queue(limit: Option<u32>, article: Option<i64>) -> Result<ReviewQueue, AppError> {
    use super::auth::ssr::{caller, fail};
    let (state, actor) = caller().await?;
    crate::server::service::queue::queue(&state, &actor, &crate::model::QueueQuery { limit, article })
        .await
        .map_err(fail)
}

#[server(prefix = "/rpc", endpoint = "loop_counts", output = crate::wire::codec::Json)]
pub async fn get_loop_counts() -> Result<LoopCounts, AppError> {
    use super::auth::ssr::{caller, fail};
    let (state, actor) = caller().await?;
    crate::server::service::queue::counts(&state, &actor).await.map_err(fail)
}

/// The activity page: this is a visit, so the unread count starts again from now.
#[server(prefix = "/rpc", endpoint = "my_activity", output = crate::wire::codec::Json)]
pub async fn my_activity() -> Result<Activity, AppError> {
    use super::auth::ssr::{caller, fail};
    let (state, actor) = caller().await?;
    crate::server::service::queue::activity(&state, &actor, true).await.map_err(fail)
}

/// "Ask for a check" (see `POST /api/claims/{id}/requests`): a browser without a token gets one.
#[server(prefix = "/rpc", endpoint = "ask_for_check", output = crate::wire::codec::Json)]
pub async fn ask_for_check(claim_id: i64) -> Result<CheckRequests, AppError> {
    use super::auth::ssr::{caller, client_ip, fail};
    let (state, actor) = caller().await?;
    let ip = client_ip().await?;
    let token = match (actor.user(), super::auth::ssr::asker_token()) {
        (Some(_), _) => None,
        (None, Some(t)) => Some(t),
        (None, None) => {
            let t = crate::server::service::queue::new_token();
            if let (Some(resp), Some(cookie)) = (
                use_context::<leptos_axum::ResponseOptions>(),
                crate::server::rest::queue::asker_cookie(&t, state.config.secure_cookies),
            ) {
                resp.append_header(axum::http::header::SET_COOKIE, cookie);
            }
            Some(t)
        }
    };
    crate::server::service::queue::request_check(&state, &actor, claim_id, ip, token.as_deref())
        .await
        .map_err(fail)
}
