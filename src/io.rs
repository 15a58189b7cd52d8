//! The only module that touches the browser's I/O: the page's end of the data worker (and the
//! table it hands over), the worker's downloads of a release folder (dataset.json and the
//! cases file it names) and reads of the files the visitor opens, the address bar, and
//! downloads. Each returns typed data or a typed error; the rest of the app never calls the
//! network, the history or the file system itself.

use scrutiny_core::aggregate::codec::{ColumnSource, TableBytesError};
use scrutiny_core::messages::{self, Answer, Ask, LoadStage, Reply, Request};
use scrutiny_core::metadata::MetadataError;
use scrutiny_core::report::Refusal;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use thiserror::Error;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The release folder the page shows by default, relative to the page (so sub-path hosting works).
pub const DEFAULT_RELEASE: &str = "demo";

// ----- Files the visitor opens: handed to the data worker, never uploaded. -----

/// Files chosen with the file picker or dropped on the page (not yet read: the data worker
/// reads them).
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
        scrutiny_core::view::safe_text(&self.cases.name())
    }
}

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

/// Picks the cases file (CSV or JSON) and the optional `dataset.json` from the chosen files.
pub fn choose_local_files(files: &web_sys::FileList) -> Result<LocalFiles, FileError> {
    let files: Vec<web_sys::File> = (0..files.length()).filter_map(|i| files.get(i)).collect();
    let names = || files.iter().map(|f| scrutiny_core::view::safe_text(&f.name())).collect::<Vec<_>>().join(", ");
    let is_meta = |f: &web_sys::File| f.name().eq_ignore_ascii_case("dataset.json");
    let cases: Vec<&web_sys::File> = files.iter().filter(|f| !is_meta(f)).collect();
    match cases.as_slice() {
        [] => Err(FileError::NoCasesFile(names())),
        [one] => Ok(LocalFiles { cases: (*one).clone(), meta: files.iter().find(|f| is_meta(f)).cloned() }),
        _ => Err(FileError::SeveralCasesFiles(names())),
    }
}

// ----- The data worker: loads, checks and aggregates off the page's thread. -----

/// The worker's starter script (public/data-worker.js), beside the page.
const WORKER_SCRIPT: &str = "data-worker.js";

/// Why the data worker gave no answer. The messages are what the user reads.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum WorkerError {
    /// The worker answered that the request failed (a download, a file, a refusal).
    #[error("{0}")]
    Failed(String),
    /// The browser would not start the worker.
    #[error("This browser could not start the page's data worker ({0}). Scrutiny needs a browser with Web Workers and WebAssembly.")]
    Unavailable(String),
    /// The worker was stopped (loading was cancelled) before it answered.
    #[error("The request was stopped before it was answered.")]
    Stopped,
}

/// Called with each loading stage reached: the stage, bytes checked, the file's size.
pub type OnProgress = Rc<dyn Fn(LoadStage, u64, u64)>;

/// An answer, with the bytes sent beside it (a loaded release's table).
pub type Answered = (Answer, Option<js_sys::ArrayBuffer>);

/// A request waiting for its answer.
struct Waiting {
    resolve: js_sys::Function,
    answer: Rc<RefCell<Option<Answered>>>,
    on_progress: Option<OnProgress>,
}

/// The page's end of the worker: requests waiting for answers, and messages held until the
/// worker says it is ready.
struct WorkerLink {
    worker: web_sys::Worker,
    ready: bool,
    held: Vec<js_sys::Object>,
    next_id: u32,
    waiting: HashMap<u32, Waiting>,
}

thread_local! {
    /// The page's one data worker, started on the first request.
    static LINK: RefCell<Option<Rc<RefCell<WorkerLink>>>> = const { RefCell::new(None) };
}

fn start_worker() -> Result<Rc<RefCell<WorkerLink>>, WorkerError> {
    let unavailable = |e: JsValue| WorkerError::Unavailable(detail(&e));
    let options = web_sys::WorkerOptions::new();
    options.set_name("scrutiny-data");
    // A module worker, so it can import the page's own wasm-bindgen glue.
    options.set_type(web_sys::WorkerType::Module);
    let worker = web_sys::Worker::new_with_options(WORKER_SCRIPT, &options).map_err(unavailable)?;
    // The page's module, already compiled, and its glue: the worker runs the same code.
    let start = js_sys::Object::new();
    let glue = glue_url().ok_or_else(|| WorkerError::Unavailable("the page's script was not found".into()))?;
    let _ = js_sys::Reflect::set(&start, &"glue".into(), &JsValue::from_str(&glue));
    let _ = js_sys::Reflect::set(&start, &"module".into(), &wasm_bindgen::module());
    worker.post_message(&start).map_err(unavailable)?;
    let link =
        Rc::new(RefCell::new(WorkerLink { worker: worker.clone(), ready: false, held: Vec::new(), next_id: 1, waiting: HashMap::new() }));
    let on_message = Closure::<dyn Fn(web_sys::MessageEvent)>::new(|event: web_sys::MessageEvent| {
        let data = event.data();
        // A JSON text, or `{reply: JSON text, table: ArrayBuffer}` for a loaded release.
        let (text, table) = match data.as_string() {
            Some(text) => (text, None),
            None => (
                js_sys::Reflect::get(&data, &"reply".into()).ok().and_then(|r| r.as_string()).unwrap_or_default(),
                js_sys::Reflect::get(&data, &"table".into()).ok().and_then(|t| t.dyn_into::<js_sys::ArrayBuffer>().ok()),
            ),
        };
        on_reply(&text, table);
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    let on_error = Closure::<dyn Fn(web_sys::ErrorEvent)>::new(|event: web_sys::ErrorEvent| {
        let message = format!("The page's data worker stopped ({}). Reload the page to try again.", event.message());
        stop_worker(Some(Answer::Failed { message }));
    });
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    // Both handlers live as long as the worker (which outlives nothing but the page).
    on_message.forget();
    on_error.forget();
    Ok(link)
}

/// The address of the page's wasm-bindgen glue script (Trunk preloads it as a module).
fn glue_url() -> Option<String> {
    let document = web_sys::window()?.document()?;
    let link = document.query_selector("link[rel=modulepreload]").ok()??;
    // The `href` property, not the attribute: the absolute address, wherever the page is hosted.
    js_sys::Reflect::get(&link, &"href".into()).ok()?.as_string()
}

fn current_link() -> Result<Rc<RefCell<WorkerLink>>, WorkerError> {
    if let Some(link) = LINK.with_borrow(|l| l.clone()) {
        return Ok(link);
    }
    let link = start_worker()?;
    LINK.set(Some(link.clone()));
    Ok(link)
}

/// Handles one message from the worker.
fn on_reply(text: &str, table: Option<js_sys::ArrayBuffer>) {
    let reply: Reply = match serde_json::from_str(text) {
        Ok(reply) => reply,
        Err(e) => {
            return stop_worker(Some(Answer::Failed {
                message: format!("The page and its data worker do not match ({e}). Reload the page."),
            }))
        }
    };
    let Some(link) = LINK.with_borrow(|l| l.clone()) else { return };
    match reply.answer {
        Answer::Ready => {
            let mut link = link.borrow_mut();
            link.ready = true;
            for message in std::mem::take(&mut link.held) {
                let _ = link.worker.post_message(&message);
            }
        }
        // A failure that answers no request (a crash): every request fails with it.
        Answer::Failed { .. } if reply.id == 0 => stop_worker(Some(reply.answer)),
        Answer::Progress { stage, done, total } => {
            let on_progress = link.borrow().waiting.get(&reply.id).and_then(|w| w.on_progress.clone());
            if let Some(on_progress) = on_progress {
                on_progress(stage, done, total);
            }
        }
        answer => {
            let waiting = link.borrow_mut().waiting.remove(&reply.id);
            if let Some(waiting) = waiting {
                *waiting.answer.borrow_mut() = Some((answer, table));
                let _ = waiting.resolve.call0(&JsValue::NULL);
            }
        }
    }
}

/// Lets go of a worker that has ended itself (after handing over a table): the next request
/// starts a new one.
pub fn forget_worker() {
    LINK.take();
}

/// Ends the worker (cancelling whatever it was doing); each waiting request gets `answer`, or
/// fails as stopped. The next request starts a new worker.
pub fn stop_worker(answer: Option<Answer>) {
    let Some(link) = LINK.take() else { return };
    let mut link = link.borrow_mut();
    link.worker.terminate();
    for (_, waiting) in link.waiting.drain() {
        *waiting.answer.borrow_mut() = answer.clone().map(|a| (a, None));
        let _ = waiting.resolve.call0(&JsValue::NULL);
    }
}

/// Sends `ask` (with `files`, for the visitor's own files) and waits for the answer, calling
/// `on_progress` with each loading stage reached.
pub async fn ask_worker(ask: Ask, files: Option<&LocalFiles>, on_progress: Option<OnProgress>) -> Result<Answered, WorkerError> {
    let link = current_link()?;
    let answer = Rc::new(RefCell::new(None));
    let mut resolve = None;
    let done = js_sys::Promise::new(&mut |r, _| resolve = Some(r));
    let resolve = resolve.ok_or(WorkerError::Stopped)?;
    {
        let mut link = link.borrow_mut();
        let id = link.next_id;
        link.next_id += 1;
        let message = js_sys::Object::new();
        let set = |key: &str, value: &JsValue| js_sys::Reflect::set(&message, &key.into(), value);
        let _ = set("request", &JsValue::from_str(&messages::to_json(&Request { id, ask })));
        if let Some(files) = files {
            let _ = set("cases", &files.cases);
            if let Some(meta) = &files.meta {
                let _ = set("meta", meta);
            }
        }
        link.waiting.insert(id, Waiting { resolve, answer: answer.clone(), on_progress });
        if link.ready {
            let _ = link.worker.post_message(&message);
        } else {
            link.held.push(message);
        }
    }
    let _ = wasm_bindgen_futures::JsFuture::from(done).await;
    let answer = answer.borrow_mut().take();
    match answer {
        Some((Answer::Failed { message }, _)) => Err(WorkerError::Failed(message)),
        Some(answered) => Ok(answered),
        None => Err(WorkerError::Stopped),
    }
}

/// Reads a case table from the bytes the data worker transferred. Each column is viewed in
/// place as a typed array and copied once into its vector, a megabyte or so per task with the
/// page free in between: copying a million records' columns at once is a long task (mostly
/// the first touch of the new memory).
pub async fn read_table(buffer: &js_sys::ArrayBuffer) -> Result<scrutiny_core::aggregate::CaseTable, TableBytesError> {
    let mut columns = std::collections::VecDeque::new();
    let mut at = 0u32;
    let mut budget = TableCopyBudget::default();
    while at < buffer.byte_length() {
        let (column, next) = read_column(buffer, at, &mut budget).await?;
        at = next;
        columns.push_back(column);
    }
    scrutiny_core::aggregate::CaseTable::from_columns(&mut ReadColumns(columns))
}

/// Bytes copied since the page was last let in.
#[derive(Default)]
struct TableCopyBudget(u32);

impl TableCopyBudget {
    /// Bytes copied between two looks at the page.
    const BYTES_PER_TASK: u32 = 1 << 20;

    /// Counts `bytes` copied, and lets the page in when a task's worth has been.
    async fn spend(&mut self, bytes: u32) {
        self.0 += bytes;
        if self.0 >= Self::BYTES_PER_TASK {
            self.0 = 0;
            yield_to_page().await;
        }
    }
}

/// Copies `n` elements of a typed-array type from `buffer` at byte `data` into a new vector,
/// a piece at a time (each piece's memory is touched only when it is copied).
macro_rules! copy_column {
    ($array:ty, $element:ty, $buffer:expr, $data:expr, $n:expr, $budget:expr) => {{
        let view = <$array>::new_with_byte_offset_and_length($buffer, $data, $n);
        let piece = TableCopyBudget::BYTES_PER_TASK / std::mem::size_of::<$element>() as u32;
        let mut column: Vec<$element> = Vec::with_capacity($n as usize);
        let mut from = 0u32;
        while from < $n {
            let to = (from + piece).min($n);
            let start = column.len();
            column.resize(start + (to - from) as usize, Default::default());
            view.subarray(from, to).copy_to(&mut column[start..]);
            $budget.spend((to - from) * std::mem::size_of::<$element>() as u32).await;
            from = to;
        }
        column
    }};
}

/// One column copied out of the worker's buffer, by the size of its elements.
enum Column {
    Bytes(Vec<u8>),
    Twos(Vec<u16>),
    Fours(Vec<u32>),
    Eights(Vec<u64>),
}

/// Reads the column whose header starts at byte `at`; returns it and where the next begins.
async fn read_column(buffer: &js_sys::ArrayBuffer, at: u32, budget: &mut TableCopyBudget) -> Result<(Column, u32), TableBytesError> {
    let short = || TableBytesError("the table ends early".into());
    let total = buffer.byte_length();
    if at.checked_add(16).is_none_or(|end| end > total) {
        return Err(short());
    }
    let header = js_sys::Uint32Array::new_with_byte_offset_and_length(buffer, at, 4).to_vec();
    let (count, size) = (u64::from(header[0]) | u64::from(header[1]) << 32, u64::from(header[2]) | u64::from(header[3]) << 32);
    let data = at + 16;
    let end = u64::from(data) + count * size;
    if end > u64::from(total) {
        return Err(short());
    }
    let n = count as u32;
    let column = match size {
        1 => Column::Bytes(copy_column!(js_sys::Uint8Array, u8, buffer, data, n, budget)),
        2 => Column::Twos(copy_column!(js_sys::Uint16Array, u16, buffer, data, n, budget)),
        4 => Column::Fours(copy_column!(js_sys::Uint32Array, u32, buffer, data, n, budget)),
        8 => Column::Eights(copy_column!(js_sys::BigUint64Array, u64, buffer, data, n, budget)),
        other => return Err(TableBytesError(format!("a column of {other}-byte values"))),
    };
    let next = u32::try_from(end.next_multiple_of(8)).map_err(|_| short())?.min(total);
    Ok((column, next))
}

/// The columns read, handed to the core's reader in order.
struct ReadColumns(std::collections::VecDeque<Column>);

impl ReadColumns {
    fn next(&mut self) -> Result<Column, TableBytesError> {
        self.0.pop_front().ok_or_else(|| TableBytesError("the table ends early".into()))
    }
}

fn wrong(expected: &str) -> TableBytesError {
    TableBytesError(format!("a column of another type where {expected} were expected"))
}

impl ColumnSource for ReadColumns {
    fn u8s(&mut self) -> Result<Vec<u8>, TableBytesError> {
        match self.next()? {
            Column::Bytes(v) => Ok(v),
            _ => Err(wrong("bytes")),
        }
    }
    fn u16s(&mut self) -> Result<Vec<u16>, TableBytesError> {
        match self.next()? {
            Column::Twos(v) => Ok(v),
            _ => Err(wrong("2-byte values")),
        }
    }
    fn u32s(&mut self) -> Result<Vec<u32>, TableBytesError> {
        match self.next()? {
            Column::Fours(v) => Ok(v),
            _ => Err(wrong("4-byte values")),
        }
    }
    fn i32s(&mut self) -> Result<Vec<i32>, TableBytesError> {
        match self.next()? {
            // The same bits; the collect reuses the vector's memory.
            Column::Fours(v) => Ok(v.into_iter().map(|x| x as i32).collect()),
            _ => Err(wrong("4-byte values")),
        }
    }
    fn u64s(&mut self) -> Result<Vec<u64>, TableBytesError> {
        match self.next()? {
            Column::Eights(v) => Ok(v),
            _ => Err(wrong("8-byte values")),
        }
    }
}

/// Lets the page paint and handle input before the next piece of work (a zero-delay timeout).
pub async fn yield_to_page() {
    let Some(window) = web_sys::window() else { return };
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window.set_timeout_with_callback(&resolve);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

// ----- The data worker's I/O: downloads and the visitor's files. -----

/// Why a release could not be loaded. The messages are what the user reads.
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
    /// A message from the page that this worker cannot read (a page and worker of different builds).
    #[error("The page and its data worker do not match ({0}). Reload the page.")]
    Garbled(String),
}

/// The browser's reason in a JavaScript error value, as text.
fn detail(e: &JsValue) -> String {
    e.as_string()
        .or_else(|| e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())))
        .unwrap_or_else(|| "the browser gave no reason".into())
}

/// Downloads `url` (relative to the worker script, which sits beside the page). The body is
/// copied once into a buffer of exactly its size (growing a buffer chunk by chunk would
/// double it, and the memory of the worker's module never shrinks).
pub async fn fetch_bytes(url: &str) -> Result<Vec<u8>, LoadError> {
    let network = |e: gloo_net::Error| LoadError::Network { url: url.to_string(), detail: e.to_string() };
    let response = gloo_net::http::Request::get(url).send().await.map_err(network)?;
    if !response.ok() {
        return Err(LoadError::Status { url: url.to_string(), status: response.status() });
    }
    response.binary().await.map_err(network)
}

/// Downloads `url` as text (dataset.json).
pub async fn fetch_text(url: &str) -> Result<String, LoadError> {
    Ok(String::from_utf8_lossy(&fetch_bytes(url).await?).into_owned())
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

/// Today's date in the visitor's time zone (the as-of date of a file opened without dataset.json).
pub fn today() -> chrono::NaiveDate {
    let now = js_sys::Date::new_0();
    chrono::NaiveDate::from_ymd_opt(now.get_full_year() as i32, now.get_month() + 1, now.get_date()).unwrap_or_default()
}

// ----- The address bar: the view lives in the URL query. -----

/// The decoded query pairs of the page's URL.
pub fn query_pairs() -> Vec<(String, String)> {
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else { return Vec::new() };
    let mut pairs = Vec::new();
    for entry in params.entries() {
        let Ok(entry) = entry else { continue };
        let pair = js_sys::Array::from(&entry);
        if let (Some(k), Some(v)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
            pairs.push((k, v));
        }
    }
    pairs
}

/// Encodes query pairs (`a=1&b=x+y`) with the browser's URLSearchParams.
pub fn query_string(pairs: &[(String, String)]) -> String {
    let Ok(params) = web_sys::UrlSearchParams::new() else { return String::new() };
    for (k, v) in pairs {
        params.append(k, v);
    }
    String::from(params.to_string())
}

/// Puts `pairs` in the address bar as a new history entry (Back returns to the previous view).
pub fn push_query(pairs: &[(String, String)]) {
    let query = query_string(pairs);
    let target = if query.is_empty() { "?".to_string() } else { format!("?{query}") };
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        if query_pairs() != pairs {
            // A failure leaves the address bar as it was; the page still shows the view.
            let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&target));
        }
    }
}

/// The page's full address (the permalink of the current view).
pub fn current_url() -> String {
    web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default()
}

/// Runs `on_change` whenever Back or Forward changes the address.
pub fn on_history_change(on_change: impl Fn() + 'static) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let Some(window) = web_sys::window() else { return };
    let callback = Closure::<dyn Fn()>::new(on_change);
    let _ = window.add_event_listener_with_callback("popstate", callback.as_ref().unchecked_ref());
    // The listener lives as long as the page.
    callback.forget();
}

/// Opens the browser's print dialog (the briefing pack is the print stylesheet).
pub fn print_page() {
    if let Some(window) = web_sys::window() {
        let _ = window.print();
    }
}

/// Sets the colour theme on the root element (`light` or `dark`).
pub fn set_theme(theme: &str) {
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("data-theme", theme);
    }
}

/// Whether the visitor's system asks for a dark theme.
pub fn prefers_dark() -> bool {
    matches_media("(prefers-color-scheme: dark)")
}

/// The media query of the narrow (phone) chart layout; the stylesheet uses the same width.
pub const NARROW_SCREEN: &str = "(max-width: 600px)";

/// Whether a media query matches now.
pub fn matches_media(query: &str) -> bool {
    web_sys::window().and_then(|w| w.match_media(query).ok().flatten()).is_some_and(|m| m.matches())
}

/// Runs `on_change(matches)` whenever a media query starts or stops matching.
pub fn on_media_change(query: &str, on_change: impl Fn(bool) + 'static) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let Some(list) = web_sys::window().and_then(|w| w.match_media(query).ok().flatten()) else { return };
    let watched = list.clone();
    let callback = Closure::<dyn Fn()>::new(move || on_change(watched.matches()));
    let _ = list.add_event_listener_with_callback("change", callback.as_ref().unchecked_ref());
    // The listener lives as long as the page.
    callback.forget();
}

/// Runs `on_print(true)` before the page is printed and `on_print(false)` after.
pub fn on_print(on_print: impl Fn(bool) + Clone + 'static) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let Some(window) = web_sys::window() else { return };
    for (event, printing) in [("beforeprint", true), ("afterprint", false)] {
        let on_print = on_print.clone();
        let callback = Closure::<dyn Fn()>::new(move || on_print(printing));
        let _ = window.add_event_listener_with_callback(event, callback.as_ref().unchecked_ref());
        callback.forget();
    }
}

// ----- Downloads: built in the page, saved by the browser. -----

/// Why a download failed. The message is what the user reads.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("The download could not be made: {0}. The table has the same figures.")]
pub struct DownloadError(String);

fn js_error(e: wasm_bindgen::JsValue) -> DownloadError {
    DownloadError(detail(&e))
}

/// Saves `text` as a file named `name`.
pub fn download_text(name: &str, mime: &str, text: &str) -> Result<(), DownloadError> {
    let url = blob_url(text, mime)?;
    let result = click_download(name, &url);
    revoke_later(url);
    result
}

/// Frees a Blob URL once the browser has surely read it: revoking it at once can cancel the
/// download the click just started.
fn revoke_later(url: String) {
    use wasm_bindgen::JsCast;
    let Some(window) = web_sys::window() else { return };
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 60_000);
}

fn blob_url(text: &str, mime: &str) -> Result<String, DownloadError> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(js_error)?;
    web_sys::Url::create_object_url_with_blob(&blob).map_err(js_error)
}

fn click_download(name: &str, href: &str) -> Result<(), DownloadError> {
    use wasm_bindgen::JsCast;
    let document = web_sys::window().and_then(|w| w.document()).ok_or_else(|| DownloadError("no document".into()))?;
    let link: web_sys::HtmlAnchorElement =
        document.create_element("a").map_err(js_error)?.dyn_into().map_err(|_| DownloadError("no link".into()))?;
    link.set_href(href);
    link.set_download(name);
    link.click();
    Ok(())
}

/// Draws an SVG on a canvas at twice its size and saves it as a PNG named `name`.
pub async fn download_png(name: &str, svg: &str, size: (u32, u32)) -> Result<(), DownloadError> {
    use wasm_bindgen::JsCast;
    let document = web_sys::window().and_then(|w| w.document()).ok_or_else(|| DownloadError("no document".into()))?;
    let url = blob_url(svg, "image/svg+xml")?;
    let image = web_sys::HtmlImageElement::new().map_err(js_error)?;
    let loaded = js_sys::Promise::new(&mut |resolve, reject| {
        image.set_onload(Some(&resolve));
        image.set_onerror(Some(&reject));
    });
    image.set_src(&url);
    let result = wasm_bindgen_futures::JsFuture::from(loaded).await;
    let _ = web_sys::Url::revoke_object_url(&url);
    result.map_err(|_| DownloadError("the chart image could not be drawn".into()))?;
    let canvas: web_sys::HtmlCanvasElement =
        document.create_element("canvas").map_err(js_error)?.dyn_into().map_err(|_| DownloadError("no canvas".into()))?;
    let scale = 2;
    canvas.set_width(size.0 * scale);
    canvas.set_height(size.1 * scale);
    let context: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .map_err(js_error)?
        .ok_or_else(|| DownloadError("the browser gave no drawing surface".into()))?
        .dyn_into()
        .map_err(|_| DownloadError("no 2d context".into()))?;
    // A white background, so the PNG reads on a dark slide as on a light one.
    context.set_fill_style_str("#ffffff");
    context.fill_rect(0.0, 0.0, f64::from(size.0 * scale), f64::from(size.1 * scale));
    context
        .draw_image_with_html_image_element_and_dw_and_dh(&image, 0.0, 0.0, f64::from(size.0 * scale), f64::from(size.1 * scale))
        .map_err(js_error)?;
    let png = canvas.to_data_url_with_type("image/png").map_err(js_error)?;
    click_download(name, &png)
}

/// Moves keyboard focus to the element with `id` (tabs move focus with the arrow keys).
pub fn focus_element(id: &str) {
    use wasm_bindgen::JsCast;
    let element = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id));
    if let Some(element) = element.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = element.focus();
    }
}

// ----- Performance marks: the stages a benchmark reads (bench/browser). -----

/// Records `scrutiny:{stage}` with `performance.mark` (start, fetched, parsed, aggregated,
/// chart-painted). A browser without the API just records nothing.
pub fn mark(stage: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(&format!("scrutiny:{stage}"));
    }
}

/// Records `scrutiny:{stage}` with a number as its `detail` (the worker's memory, for the benchmark).
pub fn mark_value(stage: &str, value: f64) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        // `mark(name, {detail})`, called through JavaScript: web-sys has it only as an unstable API.
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"detail".into(), &JsValue::from_f64(value));
        if let Some(mark) = js_sys::Reflect::get(&performance, &"mark".into()).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok()) {
            let _ = mark.call2(&performance, &JsValue::from_str(&format!("scrutiny:{stage}")), &options);
        }
    }
}

/// Runs `then` once the browser has painted the next frame (after the DOM just built).
pub fn after_next_paint(then: impl FnOnce() + 'static) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let Some(window) = web_sys::window() else { return };
    let after_paint = Closure::once_into_js(then);
    let next_frame = Closure::once_into_js(move || {
        // The frame callback runs before paint; a zero timeout runs after it.
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback(after_paint.unchecked_ref());
        }
    });
    let _ = window.request_animation_frame(next_frame.unchecked_ref());
}
