//! The worker's only I/O: downloading a hosted release and reading the visitor's files.
//! Each returns bytes or text, or a [`LoadError`] whose message is what the user reads.

use crate::LoadError;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

fn detail(e: &JsValue) -> String {
    e.as_string()
        .or_else(|| e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())))
        .unwrap_or_else(|| "the browser gave no reason".into())
}

/// Downloads `url` (relative to the worker script, which sits beside the page), reading the
/// body a chunk at a time into one buffer: the browser never holds a second whole copy.
pub async fn download(url: &str) -> Result<Vec<u8>, LoadError> {
    let network = |detail: String| LoadError::Network { url: url.to_string(), detail };
    let response = gloo_net::http::Request::get(url).send().await.map_err(|e| network(e.to_string()))?;
    if !response.ok() {
        return Err(LoadError::Status { url: url.to_string(), status: response.status() });
    }
    // The compressed length when the server compresses: only a first guess at the size.
    let length_hint = response.headers().get("content-length").and_then(|n| n.parse::<usize>().ok()).unwrap_or(0);
    let Some(body) = response.body() else { return Ok(Vec::new()) };
    let network = |e: JsValue| network(detail(&e));
    let reader: web_sys::ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    let mut bytes = Vec::with_capacity(length_hint);
    loop {
        let chunk = JsFuture::from(reader.read()).await.map_err(network)?;
        if js_sys::Reflect::get(&chunk, &"done".into()).ok().and_then(|d| d.as_bool()).unwrap_or(true) {
            return Ok(bytes);
        }
        let Ok(value) = js_sys::Reflect::get(&chunk, &"value".into()) else { continue };
        let chunk = js_sys::Uint8Array::new(&value);
        let start = bytes.len();
        bytes.resize(start + chunk.length() as usize, 0);
        chunk.copy_to(&mut bytes[start..]);
    }
}

/// Downloads `url` as text (dataset.json).
pub async fn download_text(url: &str) -> Result<String, LoadError> {
    Ok(String::from_utf8_lossy(&download(url).await?).into_owned())
}

/// Reads a file the visitor opened (sent to the worker by the page; never uploaded).
pub async fn read_file(file: &web_sys::File) -> Result<Vec<u8>, LoadError> {
    let unreadable = |e: JsValue| LoadError::Unreadable { name: scrutiny_core::view::safe_text(&file.name()), detail: detail(&e) };
    let buffer = JsFuture::from(file.array_buffer()).await.map_err(unreadable)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// The size of this worker's WebAssembly memory, in bytes.
pub fn memory_bytes() -> u64 {
    let buffer = js_sys::Reflect::get(&wasm_bindgen::memory(), &"buffer".into()).ok();
    buffer.and_then(|b| b.dyn_into::<js_sys::ArrayBuffer>().ok()).map_or(0, |b| u64::from(b.byte_length()))
}
