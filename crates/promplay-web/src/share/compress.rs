//! Raw DEFLATE through the browser's `CompressionStream` and
//! `DecompressionStream` (format `deflate-raw`): compression that adds no
//! code to the page's wasm.
//!
//! The constructors are looked up on the global object rather than bound
//! through web-sys, whose bindings for them are behind its unstable-APIs
//! flag; a browser without them gets an error, never a crash.

use js_sys::{Array, Function, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, ReadableWritablePair, Response};

/// Compresses `bytes` with raw DEFLATE.
pub async fn deflate(bytes: &[u8]) -> Result<Vec<u8>, String> {
    transform("CompressionStream", bytes).await
}

/// Decompresses raw DEFLATE `bytes`.
pub async fn inflate(bytes: &[u8]) -> Result<Vec<u8>, String> {
    transform("DecompressionStream", bytes).await
}

async fn transform(constructor: &str, bytes: &[u8]) -> Result<Vec<u8>, String> {
    let ctor = Reflect::get(&js_sys::global(), &constructor.into())
        .ok()
        .and_then(|c| c.dyn_into::<Function>().ok())
        .ok_or_else(|| {
            format!("this browser has no {constructor}; please use a current browser")
        })?;
    let stream = Reflect::construct(&ctor, &Array::of1(&"deflate-raw".into())).map_err(message)?;
    let parts = Array::of1(&Uint8Array::from(bytes));
    let blob = Blob::new_with_u8_array_sequence(&parts).map_err(message)?;
    let piped = blob.stream().pipe_through(stream.unchecked_ref::<ReadableWritablePair>());
    let response = Response::new_with_opt_readable_stream(Some(&piped)).map_err(message)?;
    let buffer =
        JsFuture::from(response.array_buffer().map_err(message)?).await.map_err(message)?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// A JavaScript error's message.
fn message(value: JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| format!("{value:?}"))
}
