//! The only module that touches the browser's I/O: fetches a release folder (dataset.json and
//! the cases file it names), reads files the visitor opens, reads and writes the address bar,
//! and saves downloads. Each returns typed data or a typed error; the rest of the app never
//! calls the network, the history or the file system itself.

use gloo_net::http::Request;
use scrutiny_core::metadata::{DatasetMeta, MetadataError};
use thiserror::Error;

/// The release folder the page shows by default, relative to the page (so sub-path hosting works).
pub const DEFAULT_RELEASE: &str = "demo";

/// Why a release could not be fetched. The messages are what the user reads.
#[derive(Debug, Clone, Error)]
pub enum FetchError {
    /// The request did not complete (offline, blocked, CORS).
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
    /// dataset.json could not be used.
    #[error("{0}")]
    Metadata(#[from] MetadataError),
}

/// A fetched release: its metadata and the raw bytes of its cases file.
#[derive(Debug, Clone)]
pub struct FetchedRelease {
    /// Parsed dataset.json.
    pub meta: DatasetMeta,
    /// The cases file's name, which tells CSV from JSON.
    pub cases_file: String,
    /// The cases file, unparsed.
    pub cases_bytes: Vec<u8>,
}

/// Fetches `data/{release}/dataset.json`, then the cases file it names.
pub async fn fetch_release(release: &str) -> Result<FetchedRelease, FetchError> {
    let folder = format!("data/{release}/");
    let meta_url = format!("{folder}dataset.json");
    let meta_text = String::from_utf8_lossy(&fetch_bytes(&meta_url).await?).into_owned();
    let meta = DatasetMeta::from_json(&meta_text)?;
    let cases_url = format!("{folder}{}", meta.cases_file);
    let cases_bytes = fetch_bytes(&cases_url).await?;
    Ok(FetchedRelease { cases_file: meta.cases_file.clone(), meta, cases_bytes })
}

async fn fetch_bytes(url: &str) -> Result<Vec<u8>, FetchError> {
    let network = |e: gloo_net::Error| FetchError::Network { url: url.to_string(), detail: e.to_string() };
    let response = Request::get(url).send().await.map_err(network)?;
    if !response.ok() {
        return Err(FetchError::Status { url: url.to_string(), status: response.status() });
    }
    response.binary().await.map_err(network)
}

// ----- Files the visitor opens: read in the page, never uploaded. -----

/// Files chosen with the file picker or dropped on the page, read into memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalFiles {
    /// The cases file's name (it tells CSV from JSON).
    pub cases_name: String,
    /// The cases file, unparsed.
    pub cases_bytes: std::sync::Arc<Vec<u8>>,
    /// dataset.json, if one was given.
    pub meta_text: Option<String>,
}

/// Why opened files could not be read. The messages are what the user reads.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum FileError {
    /// No cases file among the files.
    #[error("Choose a cases file (.csv or .json), and optionally its dataset.json. No cases file was among: {0}.")]
    NoCasesFile(String),
    /// More than one candidate cases file.
    #[error("Choose one cases file at a time; these are all cases files: {0}.")]
    SeveralCasesFiles(String),
    /// The browser could not read a file.
    #[error("The file {name} could not be read: {detail}.")]
    Unreadable {
        /// The file's name.
        name: String,
        /// The browser's reason.
        detail: String,
    },
}

/// Reads the chosen files: one cases file (CSV or JSON) and an optional `dataset.json`.
pub async fn read_local_files(files: &web_sys::FileList) -> Result<LocalFiles, FileError> {
    let files: Vec<web_sys::File> = (0..files.length()).filter_map(|i| files.get(i)).collect();
    let names = || files.iter().map(|f| scrutiny_core::view::safe_text(&f.name())).collect::<Vec<_>>().join(", ");
    let is_meta = |f: &web_sys::File| f.name().eq_ignore_ascii_case("dataset.json");
    let cases: Vec<&web_sys::File> = files.iter().filter(|f| !is_meta(f)).collect();
    let cases_file = match cases.as_slice() {
        [] => return Err(FileError::NoCasesFile(names())),
        [one] => *one,
        _ => return Err(FileError::SeveralCasesFiles(names())),
    };
    let meta_text = match files.iter().find(|f| is_meta(f)) {
        Some(f) => Some(String::from_utf8_lossy(&read_file(f).await?).into_owned()),
        None => None,
    };
    Ok(LocalFiles { cases_name: cases_file.name(), cases_bytes: std::sync::Arc::new(read_file(cases_file).await?), meta_text })
}

async fn read_file(file: &web_sys::File) -> Result<Vec<u8>, FileError> {
    let unreadable = |e: wasm_bindgen::JsValue| FileError::Unreadable { name: file.name(), detail: format!("{e:?}") };
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await.map_err(unreadable)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
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
    DownloadError(e.as_string().unwrap_or_else(|| format!("{e:?}")))
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

/// Marks `stage` once the browser has painted the next frame (after the DOM just built).
pub fn mark_after_next_paint(stage: &'static str) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let Some(window) = web_sys::window() else { return };
    let after_paint = Closure::once_into_js(move || mark(stage));
    let next_frame = Closure::once_into_js(move || {
        // The frame callback runs before paint; a zero timeout runs after it.
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback(after_paint.unchecked_ref());
        }
    });
    let _ = window.request_animation_frame(next_frame.unchecked_ref());
}

/// Lets the page paint and handle input before the next batch of work (a zero-delay timeout).
pub async fn yield_to_page() {
    let Some(window) = web_sys::window() else { return };
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window.set_timeout_with_callback(&resolve);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
