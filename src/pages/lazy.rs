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
                crate::components::mark_hydrated();
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
    /// `/account`: password and sessions.
    AccountRoute => super::account_settings::AccountSettingsPage
);

/// The page an [`AdminRoute`] shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdminPage {
    /// `/admin`: the moderation queue.
    Queue,
    /// `/admin/audit`: the audit log.
    Audit,
    /// `/admin/users`: accounts, roles and bans.
    Users,
    /// `/admin/factchecks`: the fact-check library's upload form.
    Factchecks,
}

impl AdminPage {
    /// The page at `path`; anything else under `/admin` is the queue (the router matches only
    /// these four paths to an [`AdminRoute`]).
    pub fn at(path: &str) -> AdminPage {
        match path.trim_end_matches('/') {
            "/admin/audit" => AdminPage::Audit,
            "/admin/users" => AdminPage::Users,
            "/admin/factchecks" => AdminPage::Factchecks,
            _ => AdminPage::Queue,
        }
    }
}

/// The four admin pages as one lazily loaded route, so their code loads together: an admin goes
/// from page to page, and each lazily loaded route is one more way to cut the code the pages
/// share, which wasm-split does per combination of routes. Four admin routes made 39 more files
/// for everyone, and 19 more requests for a reviewer's first claim panel (BENCHMARKS.md "Bundle").
pub struct AdminRoute(AdminPage);

#[lazy_route]
impl LazyRoute for AdminRoute {
    fn data() -> Self {
        AdminRoute(AdminPage::at(&leptos_router::hooks::use_location().pathname.get_untracked()))
    }

    fn view(this: Self) -> AnyView {
        crate::components::mark_hydrated();
        match this.0 {
            AdminPage::Queue => super::admin::AdminQueuePage().into_any(),
            AdminPage::Audit => super::admin::AuditPage().into_any(),
            AdminPage::Users => super::admin::UsersPage().into_any(),
            AdminPage::Factchecks => super::factchecks::AdminFactchecksPage().into_any(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::AdminPage;

    #[test]
    fn each_admin_path_names_its_page() {
        assert_eq!(AdminPage::at("/admin"), AdminPage::Queue);
        assert_eq!(AdminPage::at("/admin/"), AdminPage::Queue);
        assert_eq!(AdminPage::at("/admin/audit"), AdminPage::Audit);
        assert_eq!(AdminPage::at("/admin/users/"), AdminPage::Users);
        assert_eq!(AdminPage::at("/admin/factchecks"), AdminPage::Factchecks);
    }
}
