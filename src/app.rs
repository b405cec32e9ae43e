//! The HTML shell, the root component and the route table.

use crate::api::auth::{Login, Logout, Register};
use crate::components::user_menu::UserMenu;
use crate::pages::article::ArticlePage;
use crate::pages::lazy::{
    AccountRoute, ActivityRoute, AdminRoute, ArticlesRoute, ClaimRoute, FactchecksRoute, LoginRoute,
    RegisterRoute, ReportRoute, ReviewRoute, ReviewerRoute, SubmitRoute,
};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes, A},
    Lazy, ParamSegment, SsrMode, StaticSegment,
};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    let root = asset_root();
    let stylesheet = format!("{root}/pkg/claimcheck.css");
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="description" content="claimcheck: checkable claims from news articles, reviewed in the open."/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <AutoReload options=options.clone()/>
                // In the shell, not in `App`: the server alone writes the head, with this build's URL.
                <link id="leptos" rel="stylesheet" href=stylesheet/>
                <HydrationScripts options root/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// What comes before `/pkg/…` in the links to the compiled site's files: this build's
/// `/assets/{build}` (see `server::assets`), so browsers may keep them.
fn asset_root() -> String {
    #[cfg(feature = "ssr")]
    {
        use_context::<crate::server::state::AppState>().map(|s| s.assets.root.clone()).unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        String::new()
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Account actions live at the root so the header and the forms share their state.
    provide_context(ServerAction::<Login>::new());
    provide_context(ServerAction::<Register>::new());
    let logout = ServerAction::<Logout>::new();
    provide_context(logout);
    let login = expect_context::<ServerAction<Login>>();
    let register = expect_context::<ServerAction<Register>>();
    // The signed-in user, refetched whenever an account action completes.
    let user: crate::components::claim_panel::UserResource = crate::wire::codec::resource(
        move || (login.version().get(), register.version().get(), logout.version().get()),
        |_| crate::api::auth::current_user(),
    );
    provide_context(user);
    // Moderation forms bump this; pages that show moderated state reload on it.
    provide_context(crate::components::moderation::ModerationEpoch::new());
    // Votes bump this; the header's review and activity counts follow it.
    provide_context(crate::components::crowd::VoteEpoch::default());

    view! {
        <Title formatter=|text: String| crate::components::rcdata_text(if text.is_empty() { "claimcheck".to_string() } else { format!("{text} · claimcheck") })/>
        <Router>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <header class="site-header">
                <A href="/" attr:class="brand">
                    <span class="brand-mark" aria-hidden="true">"✓"</span>
                    "claimcheck"
                </A>
                <nav aria-label="Main">
                    <A href="/">"Articles"</A>
                    <A href="/submit">"Submit"</A>
                    <A href="/factchecks">"Fact-checks"</A>
                </nav>
                <UserMenu/>
            </header>
            <main id="main">
                <FormDone/>
                // Every page renders complete on the server (SsrMode::Async): out-of-order streaming
                // would leave it at "Loading…", or its forms inside a <template>, for anyone without
                // JavaScript, depending on how fast its resources resolve.
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=StaticSegment("") view={Lazy::<ArticlesRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=StaticSegment("login") view={Lazy::<LoginRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=StaticSegment("submit") view={Lazy::<SubmitRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("articles"), ParamSegment("id")) view=ArticlePage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("claims"), ParamSegment("id")) view={Lazy::<ClaimRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("articles"), ParamSegment("id"), StaticSegment("report")) view={Lazy::<ReportRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=StaticSegment("register") view={Lazy::<RegisterRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=StaticSegment("admin") view={Lazy::<AdminRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("admin"), StaticSegment("audit")) view={Lazy::<AdminRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("admin"), StaticSegment("users")) view={Lazy::<AdminRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("reviewers"), ParamSegment("username")) view={Lazy::<ReviewerRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=StaticSegment("factchecks") view={Lazy::<FactchecksRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("admin"), StaticSegment("factchecks")) view={Lazy::<AdminRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=StaticSegment("review") view={Lazy::<ReviewRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=StaticSegment("activity") view={Lazy::<ActivityRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=StaticSegment("account") view={Lazy::<AccountRoute>::new()} ssr=SsrMode::Async/>
                </Routes>
            </main>
            <footer class="site-footer">
                <p>"claimcheck: claims are proposals until reviewers cite sources and vote."</p>
            </footer>
        </Router>
    }
}

/// What a form posted without JavaScript did, once it came back to its page with `__done`
/// (`server::http::form_post_outcome`); with JavaScript each form says so itself.
#[component]
fn FormDone() -> impl IntoView {
    let query = leptos_router::hooks::use_query_map();
    move || {
        query.read().get("__done").map(|function| {
            let said = match function.as_str() {
                "change_password" => "Password changed. Your other sessions have ended.",
                "end_my_session" => "That session is signed out.",
                "add_source" => "The source is added.",
                "flag_claim" | "flag_source" => "Thank you: the moderators will look at it.",
                "ask_for_check" => "Your request for a check is counted.",
                "merge_article" => "The article is merged; its review goes on in the other one.",
                "create_invite" => "Invitation created: its link is in the list below.",
                "revoke_invite" => "The invitation is revoked.",
                "moderate_claim" | "merge_claim" | "moderate_source" | "moderate_article"
                | "decide_flags" | "moderate_user" | "disable_brigade" => {
                    "Done, and written to the audit log."
                }
                _ => "Done.",
            };
            view! { <p class="notice form-done" role="status" data-testid="form-done">{said}</p> }
        })
    }
}

#[component]
fn NotFound() -> impl IntoView {
    crate::components::mark_hydrated();
    #[cfg(feature = "ssr")]
    {
        if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
            resp.set_status(axum::http::StatusCode::NOT_FOUND);
        }
    }
    view! {
        <Title text="Not found"/>
        <section class="not-found">
            <h1>"Page not found"</h1>
            <p>"There is nothing at this address. " <A href="/">"Back to the articles"</A></p>
        </section>
    }
}
