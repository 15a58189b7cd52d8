//! The page ⇄ data worker boundary. The data worker fetches or reads a cases file, loads and
//! checks it with the core and builds the case table off the page's thread, then hands the
//! table over as bytes and ends: the page never parses, so a million records never freeze it.
//!
//! The worker runs the loader's module (src/bin/scrutiny-loader.rs), not the page's: its code
//! (CSV and JSON readers, validation, the personal-data scan, Unicode tables) is downloaded
//! only when a visitor opens their own file or a release without a compact table, and is
//! cached after that. One worker serves one load. The page starts it ([`page::load_in_worker`])
//! with one start message: the [`Request`], the visitor's files, and the loader's compiled module
//! when public/prefetch.js compiled it early; public/data-worker.js
//! instantiates the loader's module and hands the message to `worker::run`, which answers with
//! progress, then once with the table or a failure, and closes itself; the page then forgets
//! it, or ends it at once to cancel.
//!
//! This module is the boundary itself: the keys of the JavaScript objects that cross
//! ([`keys`], defined once and used by both ends through the readers and writers below), the
//! visitor's files, and the typed errors of the page's end. The messages' JSON texts are
//! [`scrutiny_core::messages`].

#[cfg(feature = "page")]
pub mod page;
#[cfg(feature = "loader")]
pub mod worker;

#[cfg(feature = "page")]
pub use page::{choose_local_files, load_in_worker, stop_worker, FileError, Loaded};

use scrutiny_core::messages::{self, Reply, Request};
use thiserror::Error;
use wasm_bindgen::{JsCast, JsValue};

/// The keys of the JavaScript objects sent between the page and its worker, read and written
/// only through this module's readers and writers, except [`MODULE`](keys::MODULE), which
/// public/data-worker.js reads itself (a test checks that it spells it as here).
pub mod keys {
    /// Start message: the loader's compiled `WebAssembly.Module`, when the page has it
    /// (public/prefetch.js compiles it early for a release without a compact table); the
    /// worker otherwise downloads and compiles it itself.
    pub const MODULE: &str = "module";
    /// Start message: the [`Request`](scrutiny_core::messages::Request), as JSON text.
    pub const REQUEST: &str = "request";
    /// Start message: the visitor's cases file (a `File`), for a load of their own files.
    pub const CASES: &str = "cases";
    /// Start message: the visitor's dataset.json (a `File`), if they gave one.
    pub const META: &str = "meta";
    /// The loaded answer: the [`Reply`](scrutiny_core::messages::Reply), as JSON text.
    pub const REPLY: &str = "reply";
    /// The loaded answer: the table's bytes (an `ArrayBuffer`, transferred).
    pub const TABLE: &str = "table";
}

/// Files the visitor chose or dropped on the page: handed to the data worker, which reads
/// them; never uploaded.
#[derive(Debug, Clone, PartialEq)]
pub struct LocalFiles {
    /// The cases file (CSV or JSON).
    pub cases: web_sys::File,
    /// dataset.json, if one was given.
    pub meta: Option<web_sys::File>,
}

impl LocalFiles {
    /// The cases file's name, safe to show.
    pub fn cases_name(&self) -> String {
        scrutiny_core::text::safe_text(&self.cases.name())
    }
}

/// What a worker is started to load.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadSource {
    /// The release folder hosted beside the page, `data/{release}/`.
    Hosted {
        /// The release folder's name.
        release: String,
    },
    /// The visitor's own files.
    Files(LocalFiles),
}

/// A message from the page that the worker cannot read, or from the worker that the page
/// cannot: the page and its worker come from different builds (a stale cached script).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("The page and its data worker do not match ({0}). Reload the page.")]
pub struct Mismatch(pub String);

/// Why the data worker gave no release. The messages are what the user reads.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum WorkerError {
    /// The worker answered that the load failed (a download, a file, a refusal).
    #[error("{0}")]
    Failed(String),
    /// The browser would not start the worker.
    #[error("This browser could not start the page's data worker ({0}). Scrutiny needs a browser with Web Workers and WebAssembly.")]
    Unavailable(String),
    /// The worker stopped with an error before it answered.
    #[error("The page's data worker stopped ({0}). Reload the page to try again.")]
    Crashed(String),
    /// The page and its worker do not understand each other.
    #[error(transparent)]
    Mismatch(#[from] Mismatch),
    /// The table the worker built could not be read (a page and worker of different builds).
    #[error(transparent)]
    Table(#[from] scrutiny_core::aggregate::codec::TableBytesError),
    /// The load was stopped (cancelled, or superseded by another) before it was answered.
    #[error("The request was stopped before it was answered.")]
    Stopped,
}

/// What the worker is started to do, as it reads its start message.
#[cfg(feature = "loader")]
enum Start {
    /// Load the release hosted beside the page.
    Hosted {
        /// The release folder's name.
        release: String,
    },
    /// Load the visitor's files, dating a file without dataset.json `today`.
    Files {
        /// The files.
        files: LocalFiles,
        /// The visitor's date.
        today: chrono::NaiveDate,
    },
}

/// Sets `key` on a message object (setting a property on a fresh object cannot fail).
fn set(message: &js_sys::Object, key: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(message, &JsValue::from_str(key), value);
}

/// The property `key` of a message, if it is there.
#[cfg_attr(not(feature = "loader"), allow(dead_code))]
fn get(message: &JsValue, key: &str) -> Option<JsValue> {
    js_sys::Reflect::get(message, &JsValue::from_str(key)).ok().filter(|v| !v.is_undefined() && !v.is_null())
}

/// The page's start message: the request, and the files (the loader's compiled module is added
/// to it when the page has one, `keys::MODULE`).
#[cfg(feature = "page")]
fn start_message(request: &Request, files: Option<&LocalFiles>) -> js_sys::Object {
    let message = js_sys::Object::new();
    set(&message, keys::REQUEST, &JsValue::from_str(&messages::to_json(request)));
    if let Some(files) = files {
        set(&message, keys::CASES, &files.cases);
        if let Some(meta) = &files.meta {
            set(&message, keys::META, meta);
        }
    }
    message
}

/// Reads the start message, in the worker.
#[cfg(feature = "loader")]
fn read_start_message(message: &JsValue) -> Result<Start, Mismatch> {
    let text = get(message, keys::REQUEST).and_then(|v| v.as_string()).ok_or_else(|| Mismatch("no request was sent".into()))?;
    let request: Request = serde_json::from_str(&text).map_err(|e| Mismatch(e.to_string()))?;
    let file = |key| get(message, key).and_then(|f| f.dyn_into::<web_sys::File>().ok());
    match request {
        Request::LoadHosted { release } => Ok(Start::Hosted { release }),
        Request::LoadFiles { today } => {
            let cases = file(keys::CASES).ok_or_else(|| Mismatch("no cases file was sent".into()))?;
            Ok(Start::Files { files: LocalFiles { cases, meta: file(keys::META) }, today })
        }
    }
}

/// A progress or failure reply: its JSON text alone.
#[cfg(feature = "loader")]
fn reply_message(reply: &Reply) -> JsValue {
    JsValue::from_str(&messages::to_json(reply))
}

/// The loaded reply, with the table's bytes beside it (to be transferred, not copied).
#[cfg(feature = "loader")]
fn loaded_message(reply: &Reply, table: &js_sys::ArrayBuffer) -> js_sys::Object {
    let message = js_sys::Object::new();
    set(&message, keys::REPLY, &JsValue::from_str(&messages::to_json(reply)));
    set(&message, keys::TABLE, table);
    message
}

/// Reads a message from the worker, in the page: a reply's JSON text, or the loaded reply
/// with its table.
#[cfg(feature = "page")]
fn read_reply_message(message: &JsValue) -> Result<(Reply, Option<js_sys::ArrayBuffer>), Mismatch> {
    let (text, table) = match message.as_string() {
        Some(text) => (text, None),
        None => (
            get(message, keys::REPLY).and_then(|r| r.as_string()).unwrap_or_default(),
            get(message, keys::TABLE).and_then(|t| t.dyn_into::<js_sys::ArrayBuffer>().ok()),
        ),
    };
    let reply = serde_json::from_str(&text).map_err(|e| Mismatch(e.to_string()))?;
    Ok((reply, table))
}

#[cfg(all(test, feature = "page"))]
mod tests {
    /// The worker's starter script writes a failure as a reply the page reads (the core's
    /// message test reads that shape), and runs the loader's module, which Trunk builds
    /// under the name index.html gives it.
    #[test]
    fn the_starter_script_agrees_with_the_page_and_the_build() {
        let script = include_str!("../../public/data-worker.js");
        assert!(script.contains("JSON.stringify({ failed: { message:"), "public/data-worker.js writes its failure as a Reply::Failed");
        assert!(script.contains("import('./scrutiny-loader.js')"), "public/data-worker.js runs the loader's module");
        let line = format!("const MODULE = '{}';", super::keys::MODULE);
        assert!(script.contains(&line), "public/data-worker.js should have `{line}`");
        let prefetch = include_str!("../../public/prefetch.js");
        assert!(
            prefetch.contains(&format!("self.{} = ", super::page::EARLY_LOADER)),
            "public/prefetch.js leaves the loader where the page looks"
        );
        assert!(prefetch.contains("'scrutiny-loader_bg.wasm'"), "public/prefetch.js compiles the loader index.html builds");
        let html = include_str!("../../index.html");
        assert!(html.contains(r#"data-bin="scrutiny-loader" data-type="worker""#), "index.html builds the loader as a worker");
    }
}
