//! A published release, read the fast way. `scrutiny publish` writes the release's case table
//! (`table.bin`, the core's table file) beside its cases file, with the table's size and
//! SHA-256 and the data-quality report in `manifest.json`. The page downloads dataset.json,
//! manifest.json and table.bin at once, checks the table against the manifest, and reads it
//! straight into the core's case table, a piece per task: no parsing, no validation, no worker
//! and no loader module. A release without a compact table (published before it existed, an
//! unpublished folder, or a table of another format version) is loaded by the data worker
//! from its cases file, as before; so is one whose manifest cannot be read.

use crate::data_files::{fetch_optional, fetch_text, js_error_text, LoadError};
use crate::data_worker::Loaded;
use scrutiny_core::aggregate::codec::TableHeaderError;
use scrutiny_core::manifest::{hex, Manifest, MANIFEST_FILE, TABLE_FILE};
use scrutiny_core::messages::{LoadStage, LoadedSummary};
use scrutiny_core::releases::release_path;
use scrutiny_core::DatasetMeta;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Loads release `id` from its compact table, calling `on_progress` when the table has
/// downloaded and when it is read. `Ok(None)`: the release has no compact table this page
/// can read, so the data worker must load its cases file.
pub async fn load(id: &str, on_progress: impl Fn(LoadStage, u64, u64)) -> Result<Option<Loaded>, LoadError> {
    let (meta_url, manifest_url, table_url) =
        (release_path(id, "dataset.json"), release_path(id, MANIFEST_FILE), release_path(id, TABLE_FILE));
    // All three at once: a release with a compact table costs one round trip.
    let (meta, manifest, table) =
        futures::future::join3(fetch_text(&meta_url), fetch_manifest(&manifest_url), fetch_optional(&table_url)).await;
    let (meta, metadata_notes) = DatasetMeta::from_json_for_page(&meta?).map_err(LoadError::Metadata)?;
    let (Some(manifest), Some(table)) = (manifest?, table?) else { return Ok(None) };
    let Some((listed, quality)) = manifest.table() else { return Ok(None) };
    let damaged = |detail: String| LoadError::DamagedTable { url: table_url.clone(), detail };
    let network = |e: wasm_bindgen::JsValue| LoadError::Network { url: table_url.clone(), detail: js_error_text(&e) };
    let body = web_sys::Response::from(table).array_buffer().map_err(network)?;
    let buffer: js_sys::ArrayBuffer = JsFuture::from(body).await.map_err(network)?.unchecked_into();
    let size = u64::from(buffer.byte_length());
    on_progress(LoadStage::Fetched, size, size);
    listed.check_size(size).map_err(|e| damaged(e.to_string()))?;
    // Each in a task of its own: taking the body, starting the checksum (Chromium computes it
    // at once, about 40 ms for a million records' table), reading the table.
    crate::io::yield_to_page().await;
    let digest = start_sha256(&buffer);
    crate::io::yield_to_page().await;
    match crate::table_reader::check_header(&buffer) {
        // Published by another version of scrutiny: its cases file is still read.
        Err(e @ TableHeaderError::OtherVersion(_)) => {
            log::warn!("Scrutiny: {table_url} {e}, though the list of releases says otherwise; reading the cases file instead.");
            return Ok(None);
        }
        Err(e) => return Err(damaged(e.to_string())),
        Ok(()) => {}
    }
    let table = crate::table_reader::read_table(&buffer).await;
    listed.check_sha256(sha256_hex(digest).await.as_deref()).map_err(|e| damaged(e.to_string()))?;
    let table = table.map_err(|e| damaged(format!("cannot be read ({})", e.0)))?;
    manifest.check_records(table.len()).map_err(|e| damaged(e.to_string()))?;
    on_progress(LoadStage::Parsed, size, size);
    Ok(Some(Loaded { summary: LoadedSummary { meta, quality: quality.clone(), worker_memory_bytes: 0, metadata_notes }, table }))
}

/// The release's manifest, or `None` if it has none or it cannot be read (the cases file is
/// then read instead: it holds the same records).
async fn fetch_manifest(url: &str) -> Result<Option<Manifest>, LoadError> {
    let Some(response) = fetch_optional(url).await? else { return Ok(None) };
    let text = response.text().await.map_err(|e| LoadError::Network { url: url.to_string(), detail: e.to_string() })?;
    match Manifest::from_json(&text) {
        Ok(manifest) => Ok(Some(manifest)),
        Err(e) => {
            // The figures are still right (the cases file is read); the publisher can find why.
            log::warn!("Scrutiny: {url}: {e} Reading the cases file instead.");
            Ok(None)
        }
    }
}

/// Starts the browser computing the SHA-256 of `buffer` (Chromium reads the buffer at once, in
/// the calling task, about 40 ms for a million records' table); `None` where
/// the browser offers no digest: a page not served over HTTPS or from localhost. There the
/// size, the header and the table's own consistency checks still guard the read.
fn start_sha256(buffer: &js_sys::ArrayBuffer) -> Option<JsFuture> {
    let window = web_sys::window().filter(web_sys::Window::is_secure_context)?;
    let promise = window.crypto().ok()?.subtle().digest_with_str_and_buffer_source("SHA-256", buffer).ok()?;
    Some(JsFuture::from(promise))
}

/// The digest [`start_sha256`] started, as hex.
async fn sha256_hex(started: Option<JsFuture>) -> Option<String> {
    let digest = match started?.await {
        Ok(digest) => digest,
        Err(e) => {
            log::warn!(
                "Scrutiny: the browser could not compute the table's checksum ({}); its size and structure are still checked.",
                js_error_text(&e)
            );
            return None;
        }
    };
    Some(hex(&js_sys::Uint8Array::new(&digest).to_vec()))
}
