//! The HTTP server: routes, middleware, start-up and graceful shutdown. `Server::build` binds the
//! port (0 picks a free one) before serving, so tests can start the real app and learn its address.

use super::config::Config;
use super::db::Db;
use super::state::AppState;
use crate::app::{shell, App};
use anyhow::Context;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::serve::ListenerExt;
use axum::{Json, Router};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::future::Future;
use std::net::SocketAddr;
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

pub struct Server {
    listener: TcpListener,
    router: Router,
    state: AppState,
}

impl Server {
    /// Connects to the database, migrates it, builds the router and binds the listener.
    pub async fn build(config: Config) -> anyhow::Result<Server> {
        let db = Db::connect(config.database_url.expose()).await?;
        db.migrate().await?;
        Self::build_with_db(config, db).await
    }

    pub async fn build_with_db(config: Config, db: Db) -> anyhow::Result<Server> {
        let listener = TcpListener::bind(config.site_addr)
            .await
            .with_context(|| format!("Failed to bind {}", config.site_addr))?;
        let addr = listener.local_addr().context("Failed to read the bound address")?;

        let leptos_options = LeptosOptions::builder()
            .output_name("claimcheck")
            .site_root(config.site_root.to_string_lossy().to_string())
            .site_pkg_dir("pkg")
            .site_addr(addr)
            .build();

        super::service::claims::sync_statuses(&db, &config.rule).await?;
        let state = AppState::new(config, db, leptos_options)?;
        let router = router(state.clone());
        Ok(Server { listener, router, state })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener.local_addr().expect("a bound listener has an address")
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` resolves, then stops accepting and lets in-flight requests finish.
    pub async fn run(self, shutdown: impl Future<Output = ()> + Send + 'static) -> anyhow::Result<()> {
        let Server { listener, router, state } = self;
        let housekeeping = super::housekeeping::spawn(state.clone(), state.config.housekeeping_every);
        // TCP_NODELAY: a response written in more than one piece (headers, then a body) otherwise
        // waits for the client's delayed ACK under Nagle's algorithm, about 40 ms on Linux. With
        // it off every keep-alive request paid that: the static file's p50 was 44 ms.
        let listener = listener.tap_io(|tcp| {
            if let Err(e) = tcp.set_nodelay(true) {
                tracing::warn!(error = %e, "could not set TCP_NODELAY on a connection");
            }
        });
        axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(shutdown)
            .await
            .context("HTTP server failed")?;
        housekeeping.abort();
        let _ = housekeeping.await;
        state.db.close().await;
        Ok(())
    }
}

pub fn router(state: AppState) -> Router {
    let config = state.config.clone();
    // Generated once per process: generating runs the app with resource loading suppressed for
    // the whole process (a global flag in leptos_server, leptos issue #4773), so a page that
    // another server in the same process (the integration tests run many) was rendering at that
    // moment stalled until the request timeout.
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::OnceLock::new();
    let routes = ROUTES.get_or_init(|| generate_route_list(App)).clone();
    let options = state.leptos_options.clone();

    let sessions = super::auth::session_layer(
        state.db.clone(),
        super::transport::session_cookie_name(&config),
        super::transport::secure_cookies(&config),
    );
    let proxies = std::sync::Arc::new(config.trusted_proxies.clone());

    Router::new()
        .route("/healthz", get(healthz))
        .route("/assets/{build}/pkg/{*file}", get(super::assets::serve))
        // The submit page's import forms post here (GET /submit is the leptos route below).
        .route("/submit", axum::routing::post(super::import_form::handle))
        .nest("/api", super::rest::routes())
        .leptos_routes_with_context(&state, routes, record_page_nonce, move || shell(options.clone()))
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(record_page_nonce, shell))
        .layer(axum::middleware::from_fn(page_nonce_policy))
        .layer(axum::middleware::from_fn(super::transport::no_store))
        .layer(axum::middleware::from_fn(super::assets::revalidate_unversioned))
        .layer(axum::middleware::from_fn(super::rest::temporary_password_gate))
        .layer(axum::middleware::from_fn_with_state(state.clone(), super::auth::resolve_actor))
        .layer(sessions)
        .with_state(state.clone())
        .layer(axum::middleware::from_fn(rpc_status))
        .layer(axum::middleware::from_fn(form_post_outcome))
        .layer(axum::middleware::from_fn(super::auth::reject_cross_site))
        .layer(axum::middleware::from_fn_with_state(state.clone(), super::render_cache::middleware))
        .layer(axum::middleware::from_fn(rpc_form_only))
        .layer(axum::middleware::from_fn(read_body_first))
        .layer(DefaultBodyLimit::max(config.body_limit))
        .layer(RequestBodyLimitLayer::new(config.body_limit))
        .layer(axum::middleware::from_fn_with_state(config.body_limit, json_client_errors))
        .layer(CompressionLayer::new().br(true).gzip(true))
        .layer(TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, config.request_timeout))
        .layer(axum::middleware::from_fn_with_state(
            std::sync::Arc::new(Budgets::new(config.max_in_flight)),
            shed_load,
        ))
        .layer(axum::middleware::from_fn_with_state(proxies, super::client_addr::middleware))
        // Compression adds `Vary` to what it compresses; the precompressed files under /pkg, sent
        // as they are, need it too, or a shared cache could hand brotli to a client without it.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::VARY,
            HeaderValue::from_static("accept-encoding"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
        // Pages get their own policy with this request's nonce (`page_nonce_policy`); this one,
        // without a nonce, covers everything else: the API, static files, errors.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_str(&content_security_policy(None)).expect("a valid header value"),
        ))
        .layer(axum::middleware::from_fn_with_state(
            super::transport::is_https(&config),
            super::transport::headers,
        ))
        .layer(TraceLayer::new_for_http())
}

/// The in-flight budgets: one for everything, and a separate one for the requests that hash a
/// password (sign-in, registration, password change), a quarter of the size, so a flood of those
/// (each waiting for the hasher or the database) can never take the slots readers need.
struct Budgets {
    requests: std::sync::Arc<tokio::sync::Semaphore>,
    password_work: std::sync::Arc<tokio::sync::Semaphore>,
}

impl Budgets {
    fn new(max_in_flight: usize) -> Self {
        Budgets {
            requests: std::sync::Arc::new(tokio::sync::Semaphore::new(max_in_flight)),
            password_work: std::sync::Arc::new(tokio::sync::Semaphore::new((max_in_flight / 4).max(1))),
        }
    }

    fn for_request(&self, req: &axum::extract::Request) -> &std::sync::Arc<tokio::sync::Semaphore> {
        const PASSWORD_WORK: [&str; 6] = [
            "/api/auth/login",
            "/api/auth/register",
            "/api/auth/password",
            "/rpc/login",
            "/rpc/register",
            "/rpc/change_password",
        ];
        if req.method() == axum::http::Method::POST && PASSWORD_WORK.contains(&req.uri().path()) {
            &self.password_work
        } else {
            &self.requests
        }
    }
}

/// Answers 503 with `Retry-After: 1` at once when `max_in_flight` requests are already being
/// served, so an overload costs the excess requests a fast refusal instead of making every request
/// slow. Sign-in and registration draw on their own smaller budget (`Budgets`). Health checks are
/// never shed.
async fn shed_load(
    State(budgets): State<std::sync::Arc<Budgets>>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    if req.uri().path() == "/healthz" {
        return next.run(req).await;
    }
    match budgets.for_request(&req).clone().try_acquire_owned() {
        Ok(_permit) => next.run(req).await,
        Err(_) => {
            let mut resp = (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(serde_json::json!({ "error": "the server is busy; retry in a second", "field": null })),
            )
                .into_response();
            resp.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            resp
        }
    }
}

/// The Content-Security-Policy. Scripts run only from this origin or, on a page, inline with the
/// page's nonce (leptos puts it on its hydration script and on the scripts that carry resource data
/// to the browser); `'wasm-unsafe-eval'` lets the browser compile the WASM and nothing else. JSON-LD
/// `<script type="application/ld+json">` blocks are data, not run, so they need no nonce.
/// `style-src-attr 'unsafe-inline'` is for `style="width: …"` attributes (the progress bar): an
/// attribute cannot run script, while `<style>` elements stay limited to this origin.
pub fn content_security_policy(nonce: Option<&str>) -> String {
    let nonce = nonce.map(|n| format!(" 'nonce-{n}'")).unwrap_or_default();
    // Under `cargo leptos watch` the page opens a websocket to the reload server on another port.
    let reload = if *WATCHED { " ws: wss:" } else { "" };
    format!(
        "default-src 'self'; script-src 'self'{nonce} 'wasm-unsafe-eval'; style-src 'self'; \
         style-src-attr 'unsafe-inline'; img-src 'self'; connect-src 'self'{reload}; object-src 'none'; \
         base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Set by `cargo leptos watch` (`make dev`); leptos' `<AutoReload/>` reads the same variable.
static WATCHED: std::sync::LazyLock<bool> =
    std::sync::LazyLock::new(|| std::env::var_os("LEPTOS_WATCH").is_some());

/// Where a page render leaves the nonce leptos generated for it, for `page_nonce_policy`.
#[derive(Clone, Default)]
struct PageNonce(std::sync::Arc<std::sync::OnceLock<String>>);

/// Runs in every page render's reactive owner, after leptos has provided the request and its
/// nonce: hands the nonce to the middleware through the request's extensions.
pub(crate) fn record_page_nonce() {
    let (Some(nonce), Some(parts)) =
        (leptos::nonce::use_nonce(), use_context::<axum::http::request::Parts>())
    else {
        return;
    };
    if let Some(slot) = parts.extensions.get::<PageNonce>() {
        let _ = slot.0.set(nonce.to_string());
    }
}

/// Middleware: a rendered page (a route, the 404 page, the import form's answer) gets the
/// Content-Security-Policy with its own nonce, set from what `record_page_nonce` recorded during
/// the render; this is the one place that sets it. (Set through leptos' `ResponseOptions` instead,
/// once in CI a signed-in article page arrived without it: this path does not depend on when
/// leptos applies them.)
async fn page_nonce_policy(
    mut req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let slot = PageNonce::default();
    req.extensions_mut().insert(slot.clone());
    let mut resp = next.run(req).await;
    if let Some(nonce) = slot.0.get() {
        if let Ok(value) = HeaderValue::from_str(&content_security_policy(Some(nonce))) {
            resp.headers_mut().insert(header::CONTENT_SECURITY_POLICY, value);
        }
    }
    resp
}

/// Server functions report argument errors (bad form input) as 500 before our code runs; this
/// gives them the status their `AppError` says, so bad input is never a 5xx.
async fn rpc_status(req: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    let is_rpc = req.uri().path().starts_with("/rpc/");
    let resp = next.run(req).await;
    if !is_rpc || resp.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return resp;
    }
    let (mut parts, body) = resp.into_parts();
    let bytes = match axum::body::to_bytes(body, 64 * 1024).await {
        Ok(b) => b,
        Err(_) => return (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response(),
    };
    if let Ok(err) = serde_json::from_slice::<crate::error::AppError>(&bytes) {
        if let Ok(code) = StatusCode::from_u16(err.status_code()) {
            parts.status = code;
        }
    }
    axum::response::Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// A form posted without JavaScript (HTML accepted) to a server function comes back to its page by
/// a redirect, with `__err` when it failed (leptos) and with nothing to show when it worked. Here a
/// redirect back to the page the form was on gets `__done={function}`, which the page turns into a
/// line saying what was done (`app::FormDone`), and only the latest outcome stays in the address
/// (leptos adds each error to the ones already there). Redirects elsewhere (sign-in's next page, a
/// new article) are left as they are.
async fn form_post_outcome(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let headers = req.headers();
    let form_post = req.method() == axum::http::Method::POST
        && req.uri().path().starts_with("/rpc/")
        && headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("text/html"));
    let referer = headers.get(header::REFERER).and_then(|v| v.to_str().ok()).filter(|_| form_post);
    // Every other request (nearly all) passes straight through.
    let Some(referer) = referer.map(str::to_string) else {
        return next.run(req).await;
    };
    let function = req.uri().path().trim_start_matches("/rpc/").to_string();
    let mut resp = next.run(req).await;
    if !resp.status().is_redirection() {
        return resp;
    }
    let location = resp.headers().get(header::LOCATION).and_then(|v| v.to_str().ok());
    let outcome = location.and_then(|l| outcome_location(l, &referer, &function));
    if let Some(value) = outcome.and_then(|d| HeaderValue::from_str(&d).ok()) {
        resp.headers_mut().insert(header::LOCATION, value);
    }
    resp
}

/// Where a form's redirect should lead: for a failure, `location` with only its last `__path` and
/// `__err` (no `__done`); for a success's way back to `referer` (the same page), with
/// `__done={function}` in place of any earlier outcome. `None` leaves it as it is.
fn outcome_location(location: &str, referer: &str, function: &str) -> Option<String> {
    const MARKS: [&str; 3] = ["__done", "__err", "__path"];
    let split = |raw: &str| -> Option<(url::Url, Vec<(String, String)>)> {
        let mut u = url::Url::parse(raw).ok()?;
        let pairs = u.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
        u.set_query(None);
        Some((u, pairs))
    };
    let plain = |pairs: &[(String, String)]| -> Vec<(String, String)> {
        pairs.iter().filter(|(k, _)| !MARKS.contains(&k.as_str())).cloned().collect()
    };
    let with = |mut u: url::Url, pairs: Vec<(String, String)>| {
        if !pairs.is_empty() {
            u.query_pairs_mut().extend_pairs(pairs);
        }
        u.to_string()
    };
    let (base, pairs) = split(location)?;
    let last = |name: &str| pairs.iter().rev().find(|(k, _)| k == name).cloned();
    if let Some(err) = last("__err") {
        let mut kept = plain(&pairs);
        kept.extend(last("__path"));
        kept.push(err);
        return Some(with(base, kept));
    }
    let (referer_base, referer_pairs) = split(referer)?;
    if base != referer_base || plain(&pairs) != plain(&referer_pairs) {
        return None;
    }
    let mut kept = plain(&pairs);
    kept.push(("__done".into(), function.into()));
    Some(with(base, kept))
}

/// Every 4xx is `{error, field}` JSON. The framework layers answer some on their own, as plain text
/// or with no body at all: 405 (routing), 413 (the body limit), 400/415 (extractors). Those get a
/// JSON body that says what to fix; headers such as `Allow` stay. HTML (the app's not-found page)
/// and JSON answers pass untouched.
async fn json_client_errors(
    State(body_limit): State<usize>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let method = req.method().clone();
    let resp = next.run(req).await;
    let status = resp.status();
    let content_type = resp.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if !status.is_client_error()
        || content_type.starts_with("application/json")
        || content_type.starts_with("text/html")
    {
        return resp;
    }
    let (parts, body) = resp.into_parts();
    let said = axum::body::to_bytes(body, 4096)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_string())
        .unwrap_or_default();
    let (error, field) = match status {
        StatusCode::METHOD_NOT_ALLOWED => {
            // The router sets `Allow` after the layers it wraps each route in have run, so this
            // layer usually does not see it; the client does.
            let allow = parts.headers.get(header::ALLOW).and_then(|v| v.to_str().ok()).unwrap_or("");
            let accepts = if allow.is_empty() {
                "the Allow header lists the methods it accepts".to_string()
            } else {
                format!("it accepts {allow}")
            };
            (format!("{method} is not allowed at this address; {accepts}"), Some("method"))
        }
        StatusCode::PAYLOAD_TOO_LARGE => (
            format!("the request body is larger than the limit of {body_limit} bytes; send less"),
            Some("body"),
        ),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (
            format!(
                "unsupported Content-Type: {}",
                if said.is_empty() { "see the API description" } else { &said }
            ),
            Some("body"),
        ),
        _ if !said.is_empty() => (said, None),
        _ => (status.canonical_reason().unwrap_or("bad request").to_lowercase(), None),
    };
    let mut out = (status, Json(serde_json::json!({ "error": error, "field": field }))).into_response();
    for (name, value) in &parts.headers {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            out.headers_mut().append(name.clone(), value.clone());
        }
    }
    out
}

/// Reads a request's whole body before routing. A handler that refuses a request on its path or
/// headers (`/api/claims/abc/merge`) answers without reading the body; hyper then closes the
/// connection with the body's bytes unread, and the client's kept-alive connection could see a
/// reset instead of the answer (about one request in 300 did). Read first, every refusal leaves
/// the connection clean. The body limit layers around this still bound what is read.
async fn read_body_first(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::body::HttpBody;
    if req.body().size_hint().upper() == Some(0) {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => next.run(axum::extract::Request::from_parts(parts, axum::body::Body::from(bytes))).await,
        Err(e) => {
            let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(&e);
            let mut too_large = false;
            while let Some(c) = cause {
                too_large |= c.is::<http_body_util::LengthLimitError>();
                cause = c.source();
            }
            let (status, error) = if too_large {
                (StatusCode::PAYLOAD_TOO_LARGE, "the request body is too large; send less")
            } else {
                (StatusCode::BAD_REQUEST, "the request body could not be read; send it again")
            };
            (status, Json(serde_json::json!({ "error": error, "field": "body" }))).into_response()
        }
    }
}

/// Server functions take form-encoded arguments (the browser's forms and the leptos client both send
/// them so). Another Content-Type gets 415 before leptos reads the body, and a form whose fields are
/// not UTF-8 once percent-decoded gets 422, instead of being read with replacement characters.
async fn rpc_form_only(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    if req.method() != axum::http::Method::POST || !req.uri().path().starts_with("/rpc/") {
        return next.run(req).await;
    }
    let refuse = |status: StatusCode, error: String| {
        (status, Json(serde_json::json!({ "error": error, "field": "body" }))).into_response()
    };
    // An unknown function is 404 before its arguments are looked at (they used to be refused 415).
    static FUNCTIONS: std::sync::LazyLock<std::collections::HashSet<&'static str>> =
        std::sync::LazyLock::new(|| {
            leptos::server_fn::axum::server_fn_paths().map(|(path, _)| path).collect()
        });
    if !FUNCTIONS.contains(req.uri().path()) {
        let error = format!("there is no server function at {}", req.uri().path());
        return (StatusCode::NOT_FOUND, Json(serde_json::json!({ "error": error, "field": null })))
            .into_response();
    }
    let headers = req.headers();
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
    let is_form = content_type
        .and_then(|ct| ct.split(';').next())
        .is_some_and(|ct| ct.trim().eq_ignore_ascii_case("application/x-www-form-urlencoded"));
    // No body and no label (a bare POST to a function without arguments) is fine too.
    let bare = content_type.is_none() && headers.get(header::CONTENT_LENGTH).is_some_and(|l| l == "0");
    if !is_form && !bare {
        return refuse(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send the arguments as a form, with Content-Type: application/x-www-form-urlencoded".into(),
        );
    }
    let (parts, body) = req.into_parts();
    let bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(b) => b,
        Err(_) => {
            return refuse(StatusCode::PAYLOAD_TOO_LARGE, "the request body is too large; send less".into())
        }
    };
    if let Some(name) = form_field_not_utf8(&bytes) {
        return refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("the form field {name:?} is not UTF-8 text once percent-decoded"),
        );
    }
    next.run(axum::extract::Request::from_parts(parts, axum::body::Body::from(bytes))).await
}

/// The name of the first `key=value` pair of a form body that does not percent-decode to UTF-8.
fn form_field_not_utf8(body: &[u8]) -> Option<String> {
    fn decode(raw: &[u8]) -> Vec<u8> {
        let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
        let mut out = Vec::with_capacity(raw.len());
        let mut i = 0;
        while i < raw.len() {
            match raw[i] {
                b'+' => out.push(b' '),
                b'%' if i + 2 < raw.len() => match (hex(raw[i + 1]), hex(raw[i + 2])) {
                    (Some(h), Some(l)) => {
                        out.push(h * 16 + l);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                },
                b => out.push(b),
            }
            i += 1;
        }
        out
    }
    body.split(|b| *b == b'&').find_map(|pair| {
        let decoded = decode(pair);
        std::str::from_utf8(&decoded).is_err().then(|| {
            let key = pair.split(|b| *b == b'=').next().unwrap_or_default();
            String::from_utf8_lossy(&decode(key)).into_owned()
        })
    })
}

/// 200 when the database answers, 503 when it does not. Load balancers poll this.
async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    if state.db.ping().await {
        (StatusCode::OK, Json(serde_json::json!({ "status": "ok" })))
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(serde_json::json!({ "status": "unavailable", "database": "unreachable" })),
        )
    }
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutdown requested; finishing in-flight requests");
}

#[cfg(test)]
mod tests {
    use super::{form_field_not_utf8, outcome_location};

    #[test]
    fn a_form_that_came_back_to_its_page_says_what_it_did_once() {
        let page = "http://h/articles/3?claim=9";
        let done = outcome_location(page, page, "vote");
        assert_eq!(done.as_deref(), Some("http://h/articles/3?claim=9&__done=vote"));
        // An earlier outcome in the page's address gives way to this one.
        let earlier = "http://h/articles/3?claim=9&__path=%2Frpc%2Fvote&__err=abc&__done=add_source";
        let back = "http://h/articles/3?claim=9&__done=add_source";
        let done = outcome_location(back, earlier, "vote");
        assert_eq!(done.as_deref(), Some("http://h/articles/3?claim=9&__done=vote"));
        // A failure keeps only its own error.
        let failed = "http://h/account?__path=%2Frpc%2Fa&__err=one&__done=x&__path=%2Frpc%2Fb&__err=two";
        let back = outcome_location(failed, "http://h/account", "b");
        assert_eq!(back.as_deref(), Some("http://h/account?__path=%2Frpc%2Fb&__err=two"));
        // Redirects elsewhere are left alone.
        assert_eq!(outcome_location("http://h/account", "http://h/login?next=/account", "login"), None);
        assert_eq!(outcome_location("/account", "http://h/account", "login"), None);
    }

    #[test]
    fn form_fields_must_percent_decode_to_utf8() {
        assert_eq!(form_field_not_utf8(b"a=1&note=caf%C3%A9+ok&b=%"), None);
        assert_eq!(form_field_not_utf8(b"a=1&note=%FF%FE"), Some("note".to_string()));
        assert_eq!(form_field_not_utf8(b"verdict=\xff"), Some("verdict".to_string()));
        assert_eq!(form_field_not_utf8(b""), None);
    }
}
