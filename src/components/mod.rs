//! Reusable pieces of UI shared by several pages.

pub mod error_note;
pub mod user_menu;
