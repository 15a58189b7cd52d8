//! The worker's end of the data worker: [`run`] (the loader module's `worker_main`) reads the one request it was started
//! with, streams the hosted release's cases file (or the visitor's file) through the core's
//! loader as the bytes arrive (posting progress by bytes read), builds the case table and hands
//! it to the page as bytes (transferred, not copied), then closes the worker, which gives its
//! memory back. Its downloads go through [`crate::data_files`]; reading the visitor's `File`s
//! and its memory size are here. Never depends on leptos.

use super::{loaded_message, read_start_message, reply_message, Start};
use crate::data_files::{fetch_stream, fetch_text, read_stream, LoadError};
use scrutiny_core::aggregate::CaseTable;
use scrutiny_core::messages::{DataQuality, LoadStage, LoadedSummary, Reply};
use scrutiny_core::releases::release_path;
use scrutiny_core::text::safe_text;
use scrutiny_core::{DatasetMeta, LoadStream};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Bytes read and checked between two progress messages (about 25 ms of work, so the bar
/// moves smoothly; a message costs microseconds).
const BYTES_PER_PROGRESS: u64 = 2 << 20;

/// The worker's entry point (the loader module's `worker_main`, which public/data-worker.js
/// calls with the page's start message once the module runs): loads what it asks for and
/// answers the page.
pub fn run(start: JsValue) {
    // A panic must reach the page as a message, never only the console.
    std::panic::set_hook(Box::new(|info| {
        post(&Reply::Failed {
            message: format!("The page's data worker stopped because of an internal error ({info}). Reload the page to try again."),
        });
    }));
    match read_start_message(&start) {
        Ok(start) => wasm_bindgen_futures::spawn_local(async move { answer(load(start).await) }),
        Err(mismatch) => answer(Err(mismatch.into())),
    }
}

fn scope() -> web_sys::DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

/// Posts a progress or failure reply.
fn post(reply: &Reply) {
    // The page is gone if this fails; there is nobody left to tell.
    let _ = scope().post_message(&reply_message(reply));
}

/// Sends the outcome of the load, the summary with the table's bytes transferred beside it or
/// the failure, and closes the worker: its work is done.
fn answer(outcome: Result<(LoadedSummary, Vec<u8>), LoadError>) {
    match outcome {
        Ok((summary, table)) => {
            let buffer = js_sys::Uint8Array::from(table.as_slice()).buffer();
            drop(table);
            let message = loaded_message(&Reply::Loaded(Box::new(summary)), &buffer);
            // Transferred: the page takes the buffer over without a copy.
            let _ = scope().post_message_with_transfer(&message, &js_sys::Array::of1(&buffer));
        }
        Err(e) => post(&Reply::Failed { message: e.to_string() }),
    }
    // Closing itself frees the memory that held the file and the records on this thread
    // (ending it from the page would free it on the page's).
    scope().close();
}

/// Loads what the start message asks for.
async fn load(start: Start) -> Result<(LoadedSummary, Vec<u8>), LoadError> {
    match start {
        Start::Hosted { release } => load_hosted(&release).await,
        Start::Files { files, today } => load_files(files.cases, files.meta, today).await,
    }
}

async fn load_hosted(release: &str) -> Result<(LoadedSummary, Vec<u8>), LoadError> {
    let meta_text = fetch_text(&release_path(release, "dataset.json")).await?;
    let (meta, notes) = DatasetMeta::from_json_for_page(&meta_text).map_err(LoadError::Metadata)?;
    let url = release_path(release, &meta.cases_file);
    let (body, length) = fetch_stream(&url).await?;
    let name = meta.cases_file.clone();
    let network = |detail| LoadError::Network { url: url.clone(), detail };
    load_stream((meta, notes), &name, &body, length, network).await
}

async fn load_files(
    cases: web_sys::File,
    meta: Option<web_sys::File>,
    today: chrono::NaiveDate,
) -> Result<(LoadedSummary, Vec<u8>), LoadError> {
    let name = cases.name();
    let meta = match meta {
        Some(file) => {
            let text = String::from_utf8_lossy(&read_file(&file).await?).into_owned();
            DatasetMeta::from_json_for_page(&text).map_err(LoadError::LocalMetadata)?
        }
        None => (DatasetMeta::for_file(&safe_text(&name), today), Vec::new()),
    };
    let unreadable = |detail| LoadError::Unreadable { name: safe_text(&name), detail };
    load_stream(meta, &name, &cases.stream(), Some(cases.size() as u64), unreadable).await
}

/// Loads and checks the cases as their bytes arrive from `body` (a download's or a file's
/// stream), telling the page how far it has got, then builds the table and writes it as bytes
/// for the page. The file is never held whole: each chunk is read and checked, then dropped.
async fn load_stream(
    (meta, metadata_notes): (DatasetMeta, Vec<String>),
    cases_name: &str,
    body: &web_sys::ReadableStream,
    length: Option<u64>,
    failed: impl Fn(String) -> LoadError,
) -> Result<(LoadedSummary, Vec<u8>), LoadError> {
    let total = length.unwrap_or(0);
    let progress = |stage, done: u64| post(&Reply::Progress { stage, done, total });
    progress(LoadStage::Checking, 0);
    // A release's dataset.json says whether its cases file is a public release or an
    // internal extract (a publisher's own file, checked in the page).
    let mut loading = LoadStream::new(cases_name, meta.as_of, meta.schema(), length);
    let mut reported = 0;
    read_stream(body, &mut |chunk| {
        loading.push(chunk);
        if loading.received() >= reported + BYTES_PER_PROGRESS {
            reported = loading.received();
            progress(LoadStage::Checking, reported);
        }
    })
    .await
    .map_err(failed)?;
    let received = loading.received();
    progress(LoadStage::Fetched, received);
    let mut report = loading.finish();
    progress(LoadStage::Parsed, received);
    if let Some(refusal) = report.refusal.clone() {
        return Err(LoadError::Refused { file: safe_text(cases_name), refusal });
    }
    let quality = DataQuality::from(&report);
    // Only the table: the page evaluates the commitments when it reads it (Release::from_table).
    // The records go to the table, which frees them once their columns are read.
    let records = std::mem::take(&mut report.records);
    drop(report);
    let table = CaseTable::from_records(records, meta.as_of).to_bytes();
    progress(LoadStage::TableBuilt, received);
    Ok((LoadedSummary { meta, quality, worker_memory_bytes: memory_bytes(), metadata_notes }, table))
}

/// Reads a file the visitor opened whole (their dataset.json; sent to the worker by the
/// page, never uploaded).
async fn read_file(file: &web_sys::File) -> Result<Vec<u8>, LoadError> {
    let unreadable = |e: JsValue| LoadError::Unreadable { name: safe_text(&file.name()), detail: crate::data_files::js_error_text(&e) };
    let buffer = JsFuture::from(file.array_buffer()).await.map_err(unreadable)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// The size of this worker's WebAssembly memory, in bytes.
fn memory_bytes() -> u64 {
    let buffer = js_sys::Reflect::get(&wasm_bindgen::memory(), &"buffer".into()).ok();
    buffer.and_then(|b| b.dyn_into::<js_sys::ArrayBuffer>().ok()).map_or(0, |b| u64::from(b.byte_length()))
}
