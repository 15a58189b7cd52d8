//! The data side of the app, run in a Web Worker: it downloads or reads a cases file, loads
//! and checks it with the core and builds the case table, then hands the table to the page
//! as bytes (transferred, not copied) and ends itself, which gives its memory back.
//! The page's thread never parses, so loading a million records never freezes it. The worker
//! runs the page's own WebAssembly module (public/data-worker.js starts it with the module
//! the page sends), so nothing is downloaded or compiled twice.
//!
//! Messages: [`scrutiny_core::messages`]. The page cancels a load by ending the worker.

use crate::io::{self, LoadError};

use scrutiny_core::aggregate::CaseTable;
use scrutiny_core::messages::{self, Answer, Ask, DataQuality, LoadStage, LoadedSummary, Reply, Request};
use scrutiny_core::view::safe_text;
use scrutiny_core::{DatasetMeta, Loading};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Records checked between two progress messages (about 25 ms of work, so the bar moves
/// smoothly; a message costs microseconds).
const RECORDS_PER_BATCH: usize = 10_000;

fn scope() -> web_sys::DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn post(id: u32, answer: Answer) {
    // The page is gone if this fails; there is nobody left to tell.
    let _ = scope().post_message(&JsValue::from_str(&messages::to_json(&Reply { id, answer })));
}

/// The worker's entry point, called by public/data-worker.js once the module is running:
/// installs the message handler and tells the page it is ready.
#[wasm_bindgen]
pub fn worker_main() {
    // A panic must reach the page as a message, never only the console.
    std::panic::set_hook(Box::new(|info| {
        post(
            0,
            Answer::Failed {
                message: format!("The page's data worker stopped because of an internal error ({info}). Reload the page to try again."),
            },
        );
    }));
    let on_message = Closure::<dyn Fn(web_sys::MessageEvent)>::new(|event: web_sys::MessageEvent| on_message(&event.data()));
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    post(0, Answer::Ready);
}

/// Reads one message from the page: `{request: JSON text, cases?: File, meta?: File}`.
fn on_message(data: &JsValue) {
    let field = |name: &str| js_sys::Reflect::get(data, &name.into()).ok().filter(|v| !v.is_undefined() && !v.is_null());
    let text = field("request").and_then(|v| v.as_string()).unwrap_or_default();
    let request: Request = match serde_json::from_str(&text) {
        Ok(request) => request,
        Err(e) => return post(0, Answer::Failed { message: LoadError::Garbled(e.to_string()).to_string() }),
    };
    let id = request.id;
    match request.ask {
        Ask::LoadHosted { release } => wasm_bindgen_futures::spawn_local(async move { reply(id, load_hosted(id, &release).await) }),
        Ask::LoadFiles { today } => {
            let cases = field("cases").and_then(|f| f.dyn_into::<web_sys::File>().ok());
            let meta = field("meta").and_then(|f| f.dyn_into::<web_sys::File>().ok());
            wasm_bindgen_futures::spawn_local(async move { reply(id, load_files(id, cases, meta, today).await) });
        }
    }
}

/// Sends the outcome of a load: the summary with the table's bytes transferred beside it
/// (`{reply: JSON text, table: ArrayBuffer}`), or the failure.
fn reply(id: u32, outcome: Result<(LoadedSummary, Vec<u8>), LoadError>) {
    let (summary, table) = match outcome {
        Ok(loaded) => loaded,
        Err(e) => return post(id, Answer::Failed { message: e.to_string() }),
    };
    let message = js_sys::Object::new();
    let text = messages::to_json(&Reply { id, answer: Answer::Loaded(Box::new(summary)) });
    let buffer = js_sys::Uint8Array::from(table.as_slice()).buffer();
    drop(table);
    let _ = js_sys::Reflect::set(&message, &"reply".into(), &JsValue::from_str(&text));
    let _ = js_sys::Reflect::set(&message, &"table".into(), &buffer);
    // Transferred: the page takes the buffer over without a copy.
    let _ = scope().post_message_with_transfer(&message, &js_sys::Array::of1(&buffer));
    // Its work is done: the worker ends itself, and the memory that held the file and the
    // records is freed on its own thread (ending it from the page would free it on the page's).
    scope().close();
}

async fn load_hosted(id: u32, release: &str) -> Result<(LoadedSummary, Vec<u8>), LoadError> {
    let folder = format!("data/{release}/");
    let meta_text = io::fetch_text(&format!("{folder}dataset.json")).await?;
    let meta = DatasetMeta::from_json(&meta_text).map_err(LoadError::Metadata)?;
    let bytes = io::fetch_bytes(&format!("{folder}{}", meta.cases_file)).await?;
    let name = meta.cases_file.clone();
    load(id, meta, &name, bytes)
}

async fn load_files(
    id: u32,
    cases: Option<web_sys::File>,
    meta: Option<web_sys::File>,
    today: chrono::NaiveDate,
) -> Result<(LoadedSummary, Vec<u8>), LoadError> {
    let Some(cases) = cases else { return Err(LoadError::Garbled("no cases file was sent".into())) };
    let name = cases.name();
    let meta = match meta {
        Some(file) => {
            let text = String::from_utf8_lossy(&io::read_file(&file).await?).into_owned();
            DatasetMeta::from_json(&text).map_err(LoadError::LocalMetadata)?
        }
        None => DatasetMeta::for_file(&safe_text(&name), today),
    };
    let bytes = io::read_file(&cases).await?;
    load(id, meta, &name, bytes)
}

/// Loads and checks the cases a batch at a time (telling the page how far it has got), then
/// builds the table and writes it as bytes for the page.
fn load(id: u32, meta: DatasetMeta, cases_name: &str, bytes: Vec<u8>) -> Result<(LoadedSummary, Vec<u8>), LoadError> {
    let total = bytes.len() as u64;
    let progress = |stage, done: usize| post(id, Answer::Progress { stage, done: done as u64, total });
    progress(LoadStage::Fetched, 0);
    let mut loading = Loading::new(&bytes, cases_name, meta.as_of);
    while !loading.step(RECORDS_PER_BATCH) {
        progress(LoadStage::Checking, loading.progress().0);
    }
    let report = loading.finish();
    // The file is no longer needed: free it before the table is built, to lower the peak.
    drop(bytes);
    progress(LoadStage::Parsed, total as usize);
    if let Some(refusal) = report.refusal.clone() {
        return Err(LoadError::Refused { file: safe_text(cases_name), refusal });
    }
    let quality = DataQuality::from(&report);
    // Only the table: the page evaluates the commitments when it reads it (Release::from_table).
    let table = CaseTable::new(&report.records, meta.as_of).to_bytes();
    drop(report);
    progress(LoadStage::Aggregated, total as usize);
    Ok((LoadedSummary { meta, quality, worker_memory_bytes: io::memory_bytes() }, table))
}
