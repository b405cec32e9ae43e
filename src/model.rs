//! Types that travel between server and browser (serde). Row types used by SQL live in `server::db`
//! and are converted into these, so a column added for the server never leaks to the client by accident.

use serde::{Deserialize, Serialize};

/// One line of the article list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleSummary {
    pub id: i64,
    pub title: String,
    pub url: Option<String>,
    pub publisher: Option<String>,
    pub published_date: Option<String>,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub claim_count: i64,
}

/// A page of results with enough to draw pagination.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub page: u32,
    pub per_page: u32,
    pub total: i64,
}

impl<T> Page<T> {
    pub fn page_count(&self) -> u32 {
        let per = i64::from(self.per_page.max(1));
        u32::try_from((self.total + per - 1) / per).unwrap_or(u32::MAX).max(1)
    }
}

/// A reviewer does the everyday work; an admin also moderates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Reviewer,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Reviewer => "reviewer",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "reviewer" => Some(Role::Reviewer),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

/// The signed-in user as the browser and API clients see them: `{id, username, role}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserView {
    pub id: i64,
    pub username: String,
    pub role: Role,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_list_still_has_one_page() {
        let p: Page<()> = Page { items: vec![], page: 1, per_page: 20, total: 0 };
        assert_eq!(p.page_count(), 1);
    }

    #[test]
    fn a_partial_last_page_counts_as_a_page() {
        let p: Page<()> = Page { items: vec![], page: 1, per_page: 20, total: 41 };
        assert_eq!(p.page_count(), 3);
    }
}
