//! The wire format between the server and the browser: the server function codec (`codec`) and
//! the small JSON reader the browser decodes with (`json`). Not server functions themselves (those
//! are `api`); `error` and `api` both build on this.

pub mod codec;
pub mod json;
