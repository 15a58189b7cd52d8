//! Downloads of a release's data files, for the page (a published release's compact table and
//! metadata, [`crate::published`]) and for the data worker (a cases file): one way to download,
//! one typed error whose messages are what the user reads. Offline, a download falls back to
//! the copy the site's service worker saved on an earlier visit. Never depends on leptos.

use scrutiny_core::metadata::MetadataError;
use scrutiny_core::releases::{OFFLINE_COPY_HEADER, SAVED_COPY_REQUEST_HEADER};
use scrutiny_core::report::Refusal;
use thiserror::Error;

/// Why a release could not be loaded. The messages are what the user reads (from the worker
/// they reach the page as a `Reply::Failed`).
#[derive(Debug, Clone, Error)]
pub enum LoadError {
    /// The request did not complete (offline, blocked).
    #[error("Could not download {url}: {detail}. Check your connection and reload the page.")]
    Network {
        /// What was requested.
        url: String,
        /// The browser's reason.
        detail: String,
    },
    /// The server answered with an error status.
    #[error("The server answered {status} for {url}; the data file may have moved. Reload the page, or tell the publisher.")]
    Status {
        /// What was requested.
        url: String,
        /// The HTTP status.
        status: u16,
    },
    /// The published dataset.json could not be used.
    #[error("{0}")]
    Metadata(MetadataError),
    /// The visitor's dataset.json could not be used.
    #[error("Your dataset.json cannot be used: {0}")]
    LocalMetadata(MetadataError),
    /// The browser could not read a file the visitor opened.
    #[error("The file {name} could not be read: {detail}.")]
    Unreadable {
        /// The file's name.
        name: String,
        /// The browser's reason.
        detail: String,
    },
    /// The cases file was refused by the data contract.
    #[error("The data file {file} was refused, so no figures are shown. {refusal}")]
    Refused {
        /// The file name.
        file: String,
        /// Why.
        refusal: Refusal,
    },
    /// A published release's compact table is not what its manifest says, or cannot be read.
    #[error("The release's table ({url}) {detail}, so no figures are shown. Reload the page; if it happens again, tell the publisher.")]
    DamagedTable {
        /// What was downloaded.
        url: String,
        /// What is wrong with it, completing "The release's table …".
        detail: String,
    },
    /// A start message the worker cannot read (a page and worker of different builds).
    #[error(transparent)]
    Mismatch(#[from] crate::data_worker::Mismatch),
}

/// The browser's reason in a JavaScript error value, as text.
pub fn js_error_text(e: &wasm_bindgen::JsValue) -> String {
    use wasm_bindgen::JsCast;
    e.as_string()
        .or_else(|| e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())))
        .unwrap_or_else(|| "the browser gave no reason".into())
}

/// Downloads a data file (relative to the page or the worker). If the network fails, asks the
/// site's service worker for the copy it saved on an earlier visit (it answers only such a
/// request, so online every data file comes from the server); with no copy, the network's
/// error stands. The page and its data worker both download through this.
pub async fn fetch_data(url: &str) -> Result<gloo_net::http::Response, gloo_net::Error> {
    match gloo_net::http::Request::get(url).send().await {
        Ok(response) => Ok(response),
        Err(network_error) => {
            gloo_net::http::Request::get(url).header(SAVED_COPY_REQUEST_HEADER, "1").send().await.map_err(|_| network_error)
        }
    }
}

/// When a downloaded file is the service worker's saved copy, the time it was saved.
pub fn saved_copy_time(response: &gloo_net::http::Response) -> Option<String> {
    response.headers().get(OFFLINE_COPY_HEADER)
}

/// Downloads `url`; `Ok(None)` when the server has no such file (404), for a file a release
/// may lack. Any other error status is an error.
pub async fn fetch_optional(url: &str) -> Result<Option<gloo_net::http::Response>, LoadError> {
    let network = |e: gloo_net::Error| LoadError::Network { url: url.to_string(), detail: e.to_string() };
    let response = fetch_data(url).await.map_err(network)?;
    match response.status() {
        404 => Ok(None),
        _ if response.ok() => Ok(Some(response)),
        status => Err(LoadError::Status { url: url.to_string(), status }),
    }
}

/// Downloads `url` whole. The body is copied once into a buffer of exactly its size (growing a
/// buffer chunk by chunk would double it, and a module's memory never shrinks).
pub async fn fetch_bytes(url: &str) -> Result<Vec<u8>, LoadError> {
    let network = |e: gloo_net::Error| LoadError::Network { url: url.to_string(), detail: e.to_string() };
    let response = fetch_data(url).await.map_err(network)?;
    if !response.ok() {
        return Err(LoadError::Status { url: url.to_string(), status: response.status() });
    }
    response.binary().await.map_err(network)
}

/// Starts downloading `url` for reading as it arrives: its body's stream, and its length when
/// the server gave one for the bytes as read (not for a compressed transfer).
pub async fn fetch_stream(url: &str) -> Result<(web_sys::ReadableStream, Option<u64>), LoadError> {
    let network = |e: gloo_net::Error| LoadError::Network { url: url.to_string(), detail: e.to_string() };
    let response = fetch_data(url).await.map_err(network)?;
    if !response.ok() {
        return Err(LoadError::Status { url: url.to_string(), status: response.status() });
    }
    let headers = response.headers();
    let length = headers.get("content-length").and_then(|l| l.trim().parse().ok()).filter(|_| headers.get("content-encoding").is_none());
    let body = response.body().ok_or_else(|| LoadError::Network { url: url.to_string(), detail: "the response has no body".into() })?;
    Ok((body, length))
}

/// Reads `stream` to its end, handing each chunk to `on_chunk` as it arrives (copied once
/// into a buffer that is reused, so memory holds one chunk, not the file).
pub async fn read_stream(stream: &web_sys::ReadableStream, on_chunk: &mut dyn FnMut(&[u8])) -> Result<(), String> {
    use wasm_bindgen::JsCast;
    let reader: web_sys::ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut buffer = Vec::new();
    loop {
        let result = wasm_bindgen_futures::JsFuture::from(reader.read()).await.map_err(|e| js_error_text(&e))?;
        let done = js_sys::Reflect::get(&result, &"done".into()).ok().and_then(|d| d.as_bool()).unwrap_or(true);
        if done {
            return Ok(());
        }
        let value = js_sys::Reflect::get(&result, &"value".into()).map_err(|e| js_error_text(&e))?;
        let chunk = value.dyn_into::<js_sys::Uint8Array>().map_err(|_| "the stream gave something other than bytes".to_string())?;
        buffer.resize(chunk.length() as usize, 0);
        chunk.copy_to(&mut buffer);
        on_chunk(&buffer);
    }
}

/// Downloads `url` as text (a dataset.json or manifest.json).
pub async fn fetch_text(url: &str) -> Result<String, LoadError> {
    Ok(String::from_utf8_lossy(&fetch_bytes(url).await?).into_owned())
}
