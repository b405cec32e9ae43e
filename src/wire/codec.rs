//! How data travels to the browser as JSON, written by `serde_json` on the server and read in the
//! browser by [`crate::wire::json`], which is much smaller in the WASM than `serde_json`:
//! - [`JsonCodec`]: a resource's value, serialized into the server-rendered page;
//! - [`Json`]: server function results and errors (`output = crate::wire::codec::Json` on every
//!   `#[server]`), the same `application/json` bodies as leptos' default `Json`, so other clients
//!   of `/rpc` see no change.

use leptos::prelude::*;
use leptos::server::codee::{Decoder, Encoder};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::future::Future;

pub struct JsonCodec;

impl<T: Serialize> Encoder<T> for JsonCodec {
    type Error = serde_json::Error;
    type Encoded = String;

    fn encode(val: &T) -> Result<String, Self::Error> {
        serde_json::to_string(val)
    }
}

impl<T: DeserializeOwned> Decoder<T> for JsonCodec {
    type Error = super::json::Error;
    type Encoded = str;

    fn decode(val: &str) -> Result<T, Self::Error> {
        super::json::from_str(val)
    }
}

/// The server function encoding: JSON in a POST body, read with [`crate::wire::json`].
pub struct JsonEncoding;

/// Server function results (and errors) as JSON: `output = crate::wire::codec::Json`.
pub type Json = leptos::server_fn::codec::Post<JsonEncoding>;

impl leptos::server_fn::ContentType for JsonEncoding {
    const CONTENT_TYPE: &'static str = "application/json";
}

impl leptos::server_fn::FormatType for JsonEncoding {
    const FORMAT_TYPE: leptos::server_fn::Format = leptos::server_fn::Format::Text;
}

impl<T: Serialize> leptos::server_fn::Encodes<T> for JsonEncoding {
    type Error = serde_json::Error;

    fn encode(output: &T) -> Result<leptos::server_fn::Bytes, Self::Error> {
        serde_json::to_vec(output).map(leptos::server_fn::Bytes::from)
    }
}

impl<T: DeserializeOwned> leptos::server_fn::Decodes<T> for JsonEncoding {
    type Error = super::json::Error;

    fn decode(bytes: leptos::server_fn::Bytes) -> Result<T, Self::Error> {
        super::json::from_slice(&bytes)
    }
}

/// A resource loaded through a server function, serialized into the page with [`JsonCodec`].
pub type JsonResource<T> = Resource<T, JsonCodec>;

/// `Resource::new` with [`JsonCodec`].
#[track_caller]
pub fn resource<S, T, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> JsonResource<T>
where
    S: PartialEq + Clone + Send + Sync + 'static,
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    Resource::new_with_options(source, fetcher, false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::AppError;

    #[test]
    fn a_value_survives_the_round_trip() {
        let value: Result<Vec<i64>, AppError> = Ok(vec![1, 2, 3]);
        let text = <JsonCodec as Encoder<_>>::encode(&value).unwrap();
        let back: Result<Vec<i64>, AppError> = <JsonCodec as Decoder<_>>::decode(&text).unwrap();
        assert_eq!(back.unwrap(), vec![1, 2, 3]);
    }
}
