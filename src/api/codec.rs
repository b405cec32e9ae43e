//! How a resource's value travels from the server-rendered page to the browser: JSON, like
//! leptos' default codec, but decoded with `serde_json::from_slice`, the same reader the server
//! functions' JSON responses use. leptos' default decodes with `from_str`, which compiles every
//! `Deserialize` impl a second time for another reader; sharing one keeps the WASM smaller.

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
    type Error = serde_json::Error;
    type Encoded = str;

    fn decode(val: &str) -> Result<T, Self::Error> {
        serde_json::from_slice(val.as_bytes())
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
