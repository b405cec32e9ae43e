//! Reusable pieces of UI shared by several pages.

pub mod error_note;
