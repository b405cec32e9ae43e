//! The submit page's import: the form posts go to `server::import_form` (plain HTML forms, so they
//! work without JavaScript); this hands the page what that post left for it.

use crate::error::AppError;
use crate::model::ImportPrefill;
use leptos::prelude::*;

/// The imported fields (or the error) for the page being rendered after an import form post; `None`
/// on an ordinary visit.
#[server(prefix = "/rpc", endpoint = "get_import_prefill", output = crate::wire::codec::Json)]
pub async fn get_import_prefill() -> Result<Option<ImportPrefill>, AppError> {
    Ok(use_context::<crate::server::import_form::Prefill>().map(|p| p.0))
}
