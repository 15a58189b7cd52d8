//! The page's I/O: the only place the page touches the browser beyond the DOM that Leptos
//! builds. The site's list of releases, the service worker that keeps visited releases for
//! offline reading, the address bar (the view lives in the URL query) and history, media
//! queries and printing, the theme, focus, downloads built in the page, the performance marks
//! the benchmark reads, and letting the page paint between pieces of work. Each returns typed
//! data or a typed error. (Loading a release has its own I/O: downloads in
//! [`crate::data_files`], a published release's table in [`crate::published`] and
//! [`crate::table_reader`], and the data worker in [`crate::data_worker`].)

use crate::data_files::{fetch_data, js_error_text, saved_copy_time};
use scrutiny_core::releases::{release_path, ReleaseIndex, DATA_FOLDER, INDEX_FILE};
use thiserror::Error;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

// ----- The site's releases, and keeping them for offline reading. -----

/// The service worker, beside the page (public/sw.js, with its file list written at build time).
const SERVICE_WORKER: &str = "./sw.js";

/// The site's list of releases, as fetched.
#[derive(Debug, Clone, PartialEq)]
pub struct FetchedIndex {
    /// The releases, newest first.
    pub index: ReleaseIndex,
    /// When the copy shown was saved on this device, if the network failed and the service
    /// worker answered from its copy (RFC 3339).
    pub offline_copy_saved: Option<String>,
}

/// Why the list of releases could not be read. The messages are what the user reads.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum IndexError {
    /// The request did not complete.
    #[error("The list of releases (data/releases.json) could not be downloaded: {0}. Check your connection and reload the page.")]
    Network(String),
    /// The server has no list, or answered with an error.
    #[error("The list of releases (data/releases.json) could not be read: the server answered {0}. Tell the publisher.")]
    Status(u16),
    /// The list is not a list of releases.
    #[error(transparent)]
    Invalid(#[from] scrutiny_core::releases::IndexError),
}

/// Fetches `data/releases.json`, the list of the site's releases (newest first).
pub async fn fetch_release_index() -> Result<FetchedIndex, IndexError> {
    let response = match early_release_list().await {
        Some(response) => response,
        None => fetch_data(&format!("{DATA_FOLDER}{INDEX_FILE}")).await.map_err(|e| IndexError::Network(e.to_string()))?,
    };
    if !response.ok() {
        return Err(IndexError::Status(response.status()));
    }
    let offline_copy_saved = saved_copy_time(&response);
    let text = response.text().await.map_err(|e| IndexError::Network(e.to_string()))?;
    Ok(FetchedIndex { index: ReleaseIndex::from_json(&text)?, offline_copy_saved })
}

/// The global the page sets as it starts, so public/prefetch.js starts nothing the page is
/// already downloading itself (the list of releases may arrive after the page has started).
const PAGE_STARTED: &str = "scrutinyStarted";

/// Tells public/prefetch.js that the page runs and downloads for itself from now on.
pub fn mark_page_started() {
    if let Some(window) = web_sys::window() {
        let _ = js_sys::Reflect::set(&window, &PAGE_STARTED.into(), &JsValue::TRUE);
    }
}

/// The global through which public/prefetch.js leaves the page its download of the list of
/// releases, started as the page was parsed.
const EARLY_RELEASE_LIST: &str = "scrutinyReleaseList";

/// The list of releases public/prefetch.js started downloading, taken once (a later reading of
/// the list downloads it again); `None` if it did not run or its download failed.
async fn early_release_list() -> Option<gloo_net::http::Response> {
    let promise = take_early_start(EARLY_RELEASE_LIST)?;
    let response = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?.dyn_into::<web_sys::Response>().ok()?;
    Some(response.into())
}

/// The promise public/prefetch.js left in the global `name`, taken once (the global is removed,
/// so a later reading downloads afresh); `None` if it left none.
pub fn take_early_start(name: &str) -> Option<js_sys::Promise> {
    let window = web_sys::window()?;
    let promise = js_sys::Reflect::get(&window, &name.into()).ok()?.dyn_into::<js_sys::Promise>().ok()?;
    let _ = js_sys::Reflect::delete_property(&window, &name.into());
    Some(promise)
}

/// Whether the site has a release folder `id` (its dataset.json is there), for a release the
/// list does not name. Anything but a plain "not found" counts as there: loading it then says
/// what went wrong.
pub async fn release_exists(id: &str) -> bool {
    let url = release_path(id, "dataset.json");
    !matches!(gloo_net::http::Request::get(&url).send().await, Ok(response) if response.status() == 404)
}

/// Registers the service worker (once per page; later calls find it registered) and asks it
/// to keep release `id` (and the list of releases) for offline reading: public/sw.js keeps what
/// the page reads it from (its compact table, or its cases file and the loader's module). Resolves when it has
/// answered; marks the page `data-offline="ready"` when they are kept, `"failed"` when they
/// could not be, or `"unavailable"` where the browser has no service workers (a page not
/// served over HTTPS or from localhost).
pub async fn keep_for_offline(id: String) {
    let root = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element());
    let mark = |state: &str| {
        if let Some(root) = &root {
            let _ = root.set_attribute("data-offline", state);
        }
    };
    let Some(container) = service_workers() else {
        mark("unavailable");
        return;
    };
    let register = container.register(SERVICE_WORKER);
    if wasm_bindgen_futures::JsFuture::from(register).await.is_err() {
        mark("unavailable");
        return;
    }
    let Ok(ready) = container.ready() else { return };
    let Ok(registration) = wasm_bindgen_futures::JsFuture::from(ready).await else { return };
    let Some(worker) = registration.dyn_into::<web_sys::ServiceWorkerRegistration>().ok().and_then(|r| r.active()) else { return };
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"type".into(), &"keep".into());
    let _ = js_sys::Reflect::set(&message, &"releases".into(), &js_sys::Array::of1(&JsValue::from_str(&id)));
    let Ok(channel) = web_sys::MessageChannel::new() else { return };
    let reply = js_sys::Promise::new(&mut |resolve, _| channel.port1().set_onmessage(Some(&resolve)));
    if worker.post_message_with_transferable(&message, &js_sys::Array::of1(&channel.port2())).is_ok() {
        // The reply is `{type: 'kept', count}` or `{type: 'kept', error}` (public/sw.js).
        let answer = wasm_bindgen_futures::JsFuture::from(reply).await.ok();
        let data = answer.and_then(|event| js_sys::Reflect::get(&event, &"data".into()).ok());
        let failed = data.is_none_or(|data| js_sys::Reflect::get(&data, &"error".into()).is_ok_and(|e| !e.is_undefined()));
        mark(if failed { "failed" } else { "ready" });
    }
    channel.port1().set_onmessage(None);
}

/// The browser's service worker container, if it has one (only secure contexts do).
fn service_workers() -> Option<web_sys::ServiceWorkerContainer> {
    let navigator = web_sys::window()?.navigator();
    let container = js_sys::Reflect::get(&navigator, &"serviceWorker".into()).ok()?;
    (!container.is_undefined() && !container.is_null()).then(|| container.unchecked_into())
}

// ----- Pacing the page's work, and the visitor's date. -----

/// Lets the page paint and handle input before the next piece of work: a message to itself
/// through a `MessageChannel`, which the browser queues as a task like any other (a zero-delay
/// timeout would do the same, but browsers hold nested timeouts back 4 ms each, which added a
/// quarter of a second to reading a million records' table).
pub async fn yield_to_page() {
    let Ok(channel) = web_sys::MessageChannel::new() else { return };
    let next_task = js_sys::Promise::new(&mut |resolve, _| channel.port1().set_onmessage(Some(&resolve)));
    if channel.port2().post_message(&JsValue::NULL).is_ok() {
        let _ = wasm_bindgen_futures::JsFuture::from(next_task).await;
    }
    channel.port1().set_onmessage(None);
}

/// Milliseconds since the page started (`performance.now()`), for pacing work.
pub fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
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
    set_query(pairs, false);
}

/// Puts `pairs` in the address bar in place of the current entry (no new history entry): the
/// address then names what the page shows, such as the release the bare address opened.
pub fn replace_query(pairs: &[(String, String)]) {
    set_query(pairs, true);
}

fn set_query(pairs: &[(String, String)], replace: bool) {
    let query = query_string(pairs);
    let target = if query.is_empty() { "?".to_string() } else { format!("?{query}") };
    let Some(history) = web_sys::window().and_then(|w| w.history().ok()) else { return };
    if query_pairs() != pairs {
        // A failure leaves the address bar as it was; the page still shows the view.
        let _ = if replace {
            history.replace_state_with_url(&JsValue::NULL, "", Some(&target))
        } else {
            history.push_state_with_url(&JsValue::NULL, "", Some(&target))
        };
    }
}

/// The page's full address (the permalink of the current view).
pub fn current_url() -> String {
    web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default()
}

/// Runs `on_change` whenever Back or Forward changes the address.
pub fn on_history_change(on_change: impl Fn() + 'static) {
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

/// Sets the page's language from its link (`lang=cy`), before anything is drawn: every text
/// the page and the core write follows it, and `<html lang>` says it, for screen readers,
/// spelling and hyphenation. A language the page lacks stays English (the state names it).
pub fn apply_language() -> scrutiny_core::words::Lang {
    let lang = query_pairs().iter().find(|(k, _)| k == "lang").and_then(|(_, v)| scrutiny_core::words::Lang::parse(v)).unwrap_or_default();
    scrutiny_core::words::set_lang(lang);
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", lang.html_code());
    }
    lang
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
    let Some(list) = web_sys::window().and_then(|w| w.match_media(query).ok().flatten()) else { return };
    let watched = list.clone();
    let callback = Closure::<dyn Fn()>::new(move || on_change(watched.matches()));
    let _ = list.add_event_listener_with_callback("change", callback.as_ref().unchecked_ref());
    // The listener lives as long as the page.
    callback.forget();
}

/// Runs `on_print(true)` before the page is printed and `on_print(false)` after.
pub fn on_print(on_print: impl Fn(bool) + Clone + 'static) {
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

fn js_error(e: JsValue) -> DownloadError {
    DownloadError(js_error_text(&e))
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
    let Some(window) = web_sys::window() else { return };
    let revoke = Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 60_000);
}

fn blob_url(text: &str, mime: &str) -> Result<String, DownloadError> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(js_error)?;
    web_sys::Url::create_object_url_with_blob(&blob).map_err(js_error)
}

fn click_download(name: &str, href: &str) -> Result<(), DownloadError> {
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

/// Scrolls the element with `id` into view and moves keyboard focus to it (made focusable by
/// script only: it stays out of the Tab order), so a screen reader announces it.
pub fn reveal(id: &str) {
    let element = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id));
    if let Some(element) = element.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        if !element.has_attribute("tabindex") {
            let _ = element.set_attribute("tabindex", "-1");
        }
        element.scroll_into_view();
        let _ = element.focus();
    }
}

/// Moves keyboard focus to the element with `id` (tabs move focus with the arrow keys).
pub fn focus_element(id: &str) {
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

#[cfg(test)]
mod tests {
    use scrutiny_core::releases::{OFFLINE_COPY_HEADER, SAVED_COPY_REQUEST_HEADER};

    /// The service worker answers a data request only when it asks for the saved copy, and
    /// marks the copy: it must spell both headers as the page does.
    #[test]
    fn the_service_worker_spells_the_headers_as_the_page_does() {
        let script = include_str!("../public/sw.js");
        for (name, header) in [("OFFLINE", OFFLINE_COPY_HEADER), ("SAVED_COPY_REQUEST", SAVED_COPY_REQUEST_HEADER)] {
            let line = format!("const {name} = '{header}';");
            assert!(script.contains(&line), "public/sw.js should have `{line}`");
        }
        // It keeps a release's table only in the format the page reads, as the page decides.
        let format = format!("const TABLE_FORMAT = {};", scrutiny_core::aggregate::codec::FORMAT_VERSION);
        assert!(script.contains(&format), "public/sw.js should have `{format}`");
        assert!(script.contains(&format!("{}`", scrutiny_core::manifest::TABLE_FILE)), "public/sw.js keeps the table by its name");
    }

    /// public/prefetch.js preloads a release's table only in the format this page reads, and
    /// leaves the list of releases where the page looks for it.
    #[test]
    fn the_early_start_agrees_with_the_page() {
        let script = include_str!("../public/prefetch.js");
        let format = format!("const TABLE_FORMAT = {};", scrutiny_core::aggregate::codec::FORMAT_VERSION);
        assert!(script.contains(&format), "public/prefetch.js should have `{format}`");
        assert!(script.contains(&format!("self.{} = list;", super::EARLY_RELEASE_LIST)));
        assert!(script.contains(&format!("self.{} === true", super::PAGE_STARTED)));
        for file in [scrutiny_core::manifest::MANIFEST_FILE, scrutiny_core::manifest::TABLE_FILE, "dataset.json"] {
            assert!(script.contains(&format!("'{file}'")), "public/prefetch.js preloads {file}");
        }
        assert!(include_str!("../index.html").contains(r#"<script src="prefetch.js"></script>"#));
    }
}
