//! The pages the article page never needs, as lazily loaded routes: with `cargo leptos build
//! --split` (what `make build` runs) each one's code goes to its own WASM chunk, which the browser
//! fetches on the first visit to that page (the server adds `<link rel=preload>` for the chunks of
//! the page it renders). `--split` is required, not optional: without it the browser build imports
//! a split loader that is never written. The article page (`/articles/{id}`) stays in the main
//! bundle: it is what most visitors open first.
//! See BENCHMARKS.md "Bundle" for what this saves.

use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

/// One route: `$route` is a unit struct whose lazily loaded view renders the page component.
macro_rules! lazy_page {
    ($(#[$doc:meta])* $route:ident => $page:path) => {
        $(#[$doc])*
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(this: Self) -> AnyView {
                let _ = this;
                $page().into_any()
            }
        }
    };
}

lazy_page!(
    /// `/`: the list of articles.
    ArticlesRoute => super::articles::ArticlesPage
);
lazy_page!(
    /// `/login`.
    LoginRoute => super::account::LoginPage
);
lazy_page!(
    /// `/register`.
    RegisterRoute => super::account::RegisterPage
);
lazy_page!(
    /// `/submit`.
    SubmitRoute => super::submit::SubmitPage
);
lazy_page!(
    /// `/claims/{id}`.
    ClaimRoute => super::claim::ClaimPage
);
lazy_page!(
    /// `/articles/{id}/report`.
    ReportRoute => super::report::ReportPage
);
lazy_page!(
    /// `/admin`.
    AdminQueueRoute => super::admin::AdminQueuePage
);
lazy_page!(
    /// `/admin/audit`.
    AuditRoute => super::admin::AuditPage
);
lazy_page!(
    /// `/admin/users`.
    UsersRoute => super::admin::UsersPage
);
lazy_page!(
    /// `/reviewers/{username}`.
    ReviewerRoute => super::standing::ReviewerPage
);
lazy_page!(
    /// `/review`.
    ReviewRoute => super::review::ReviewPage
);
lazy_page!(
    /// `/activity`.
    ActivityRoute => super::activity::ActivityPage
);
lazy_page!(
    /// `/factchecks`: the fact-check library.
    FactchecksRoute => super::factchecks::FactchecksPage
);
lazy_page!(
    /// `/admin/factchecks`: the library's upload form.
    AdminFactchecksRoute => super::factchecks::AdminFactchecksPage
);
lazy_page!(
    /// `/account`: password and sessions.
    AccountRoute => super::account_settings::AccountSettingsPage
);
