//! Reusable pieces of UI shared by several pages.

pub mod error_note;
pub mod highlight;
pub mod moderation;
pub mod selection;
pub mod status;
pub mod user_menu;
