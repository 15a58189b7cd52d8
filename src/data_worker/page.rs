//! The page's end of the data worker: the visitor's choice of files, and [`load_in_worker`],
//! which starts a worker for one load, waits for its answer (passing on its progress), reads
//! the table it transferred, and ends and forgets it. [`stop_worker`] ends a load under way at
//! once.

use super::{read_reply_message, start_message, LoadSource, LocalFiles, WorkerError};
use crate::io;
use scrutiny_core::aggregate::CaseTable;
use scrutiny_core::messages::{LoadStage, LoadedSummary, Reply, Request};
use scrutiny_core::text::safe_text;
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use thiserror::Error;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// Why opened files cannot be used. The messages are what the user reads.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum FileError {
    /// No cases file among the files.
    #[error("Choose a cases file (.csv or .json), and optionally its dataset.json. No cases file was among: {0}.")]
    NoCasesFile(String),
    /// More than one candidate cases file.
    #[error("Choose one cases file at a time; these are all cases files: {0}.")]
    SeveralCasesFiles(String),
}

/// Picks the cases file (CSV or JSON) and the optional `dataset.json` from the files the
/// visitor chose or dropped (not read here: the data worker reads them).
pub fn choose_local_files(files: &web_sys::FileList) -> Result<LocalFiles, FileError> {
    let files: Vec<web_sys::File> = (0..files.length()).filter_map(|i| files.get(i)).collect();
    let names = || files.iter().map(|f| safe_text(&f.name())).collect::<Vec<_>>().join(", ");
    let is_meta = |f: &web_sys::File| f.name().eq_ignore_ascii_case("dataset.json");
    let cases: Vec<&web_sys::File> = files.iter().filter(|f| !is_meta(f)).collect();
    match cases.as_slice() {
        [] => Err(FileError::NoCasesFile(names())),
        [one] => Ok(LocalFiles { cases: (*one).clone(), meta: files.iter().find(|f| is_meta(f)).cloned() }),
        _ => Err(FileError::SeveralCasesFiles(names())),
    }
}

/// A release the data worker loaded, as the page takes it over: no records.
#[derive(Debug)]
pub struct Loaded {
    /// The metadata, what loading found, and the worker's memory.
    pub summary: LoadedSummary,
    /// The case table the worker built, read into the page.
    pub table: CaseTable,
}

/// The global through which public/prefetch.js leaves the page the loader's module, compiling
/// since the page was parsed, when the release the address names has no compact table.
pub(super) const EARLY_LOADER: &str = "scrutinyLoader";

/// The loader's module public/prefetch.js is compiling (a promise of a `WebAssembly.Module`, or
/// of null if that failed), taken once: the next worker downloads the module itself (from the
/// HTTP cache by then).
fn take_early_loader() -> Option<js_sys::Promise> {
    io::take_early_start(EARLY_LOADER)
}

/// The worker's starter script (public/data-worker.js), beside the page.
const WORKER_SCRIPT: &str = "data-worker.js";

/// The summary and the transferred table bytes of a load that succeeded.
type Answer = (LoadedSummary, js_sys::ArrayBuffer);

/// A load waiting for its worker's answer.
struct Waiting {
    /// Resolves the promise the load awaits.
    resolve: js_sys::Function,
    /// The answer, or why there is none.
    outcome: RefCell<Option<Result<Answer, WorkerError>>>,
    /// Whether the load was stopped (it may have been answered already).
    stopped: Cell<bool>,
}

impl Waiting {
    /// Records the outcome and wakes the load. The first outcome counts: a worker that fails
    /// and then crashes (a panic posts its message, then traps) is reported once.
    fn settle(&self, outcome: Result<Answer, WorkerError>) {
        if self.outcome.borrow().is_some() {
            return;
        }
        *self.outcome.borrow_mut() = Some(outcome);
        let _ = self.resolve.call0(&JsValue::NULL);
    }
}

/// A worker started for one load, with the handlers it calls. Dropping it ends the worker
/// (it has usually closed itself already) and lets go of the handlers.
struct Started {
    worker: web_sys::Worker,
    waiting: Rc<Waiting>,
    _on_message: Closure<dyn Fn(web_sys::MessageEvent)>,
    _on_error: Closure<dyn Fn(web_sys::Event)>,
}

impl Started {
    /// Ends the worker; no message of it reaches the page afterwards.
    fn end(&self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}

impl Drop for Started {
    fn drop(&mut self) {
        // The handlers are unset before the closures they point at are freed.
        self.end();
    }
}

thread_local! {
    /// The worker of the load under way. Weak: the load owns its worker, which ends when the
    /// load finishes or is dropped; this is only how [`stop_worker`] reaches it.
    static RUNNING: RefCell<Weak<Started>> = const { RefCell::new(Weak::new()) };
}

/// Ends the load under way, if any, at once: its worker is terminated (cancelling whatever it
/// was doing) and [`load_in_worker`] returns [`WorkerError::Stopped`].
pub fn stop_worker() {
    let Some(started) = RUNNING.with_borrow(Weak::upgrade) else { return };
    started.end();
    started.waiting.stopped.set(true);
    started.waiting.settle(Err(WorkerError::Stopped));
}

/// Loads `source` in a new data worker, calling `on_progress` with each stage reached (the
/// stage, bytes checked, the file's size), and takes over the table it built. The worker
/// ends once it has answered, which gives back the memory that held the file and the records.
/// A load still under way is stopped first: one load at a time.
pub async fn load_in_worker(source: LoadSource, on_progress: impl Fn(LoadStage, u64, u64) + 'static) -> Result<Loaded, WorkerError> {
    stop_worker();
    let (request, files) = match source {
        LoadSource::Hosted { release } => (Request::LoadHosted { release }, None),
        LoadSource::Files(files) => (Request::LoadFiles { today: io::today() }, Some(files)),
    };
    let mut resolve = None;
    let answered = js_sys::Promise::new(&mut |r, _| resolve = Some(r));
    let resolve = resolve.ok_or(WorkerError::Stopped)?;
    let waiting = Rc::new(Waiting { resolve, outcome: RefCell::new(None), stopped: Cell::new(false) });
    // Held to the end, so that stopping reaches a load whose table is still being read.
    let started = Rc::new(start(&request, files.as_ref(), waiting.clone(), on_progress)?);
    RUNNING.set(Rc::downgrade(&started));
    let _ = wasm_bindgen_futures::JsFuture::from(answered).await;
    let outcome = waiting.outcome.borrow_mut().take();
    let (summary, table) = outcome.unwrap_or(Err(WorkerError::Stopped))?;
    let table = crate::table_reader::read_table(&table).await?;
    if waiting.stopped.get() {
        return Err(WorkerError::Stopped);
    }
    drop(started);
    Ok(Loaded { summary, table })
}

/// Starts a worker (it runs the loader's module) and sends it `request` (with the visitor's
/// `files`); its messages settle `waiting` or go to `on_progress`. The worker exists, and can
/// be stopped, from the start; the message follows at once, or once the loader's module that
/// public/prefetch.js is compiling is ready (sent with it, so the worker need not compile it).
fn start(
    request: &Request,
    files: Option<&LocalFiles>,
    waiting: Rc<Waiting>,
    on_progress: impl Fn(LoadStage, u64, u64) + 'static,
) -> Result<Started, WorkerError> {
    let unavailable = |e: JsValue| WorkerError::Unavailable(crate::data_files::js_error_text(&e));
    let options = web_sys::WorkerOptions::new();
    options.set_name("scrutiny-data");
    // A module worker, so it can import the loader module's wasm-bindgen glue.
    options.set_type(web_sys::WorkerType::Module);
    let worker = web_sys::Worker::new_with_options(WORKER_SCRIPT, &options).map_err(unavailable)?;
    let on_message = {
        let waiting = waiting.clone();
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| match read_reply_message(&event.data()) {
            Ok((Reply::Progress { stage, done, total }, _)) => on_progress(stage, done, total),
            Ok((Reply::Loaded(summary), Some(table))) => waiting.settle(Ok((*summary, table))),
            Ok((Reply::Loaded(_), None)) => waiting.settle(Err(super::Mismatch("the table did not come with its summary".into()).into())),
            Ok((Reply::Failed { message }, _)) => waiting.settle(Err(WorkerError::Failed(message))),
            Err(mismatch) => waiting.settle(Err(mismatch.into())),
        })
    };
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    let on_error = {
        let waiting = waiting.clone();
        Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
            // An ErrorEvent for an error the worker threw; a plain Event when its script could
            // not be loaded at all (which has no message to read).
            let reason = event
                .dyn_ref::<web_sys::ErrorEvent>()
                .map_or_else(|| format!("its script {WORKER_SCRIPT} could not be loaded"), web_sys::ErrorEvent::message);
            waiting.settle(Err(WorkerError::Crashed(reason)));
        })
    };
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let started = Started { worker, waiting, _on_message: on_message, _on_error: on_error };
    match take_early_loader() {
        None => started.worker.post_message(&start_message(request, files)).map_err(unavailable)?,
        Some(compiling) => {
            let (worker, waiting) = (started.worker.clone(), started.waiting.clone());
            let message = start_message(request, files);
            wasm_bindgen_futures::spawn_local(async move {
                let module = wasm_bindgen_futures::JsFuture::from(compiling).await.ok();
                if let Some(module) = module.filter(|m| m.is_instance_of::<js_sys::WebAssembly::Module>()) {
                    super::set(&message, super::keys::MODULE, &module);
                }
                // Stopped meanwhile: the worker is ended, and nothing more is sent.
                if !waiting.stopped.get() {
                    if let Err(e) = worker.post_message(&message) {
                        waiting.settle(Err(WorkerError::Unavailable(crate::data_files::js_error_text(&e))));
                    }
                }
            });
        }
    }
    Ok(started)
}
