//! A panic hook that tells the user, on the page, that something went wrong: a panic must
//! never leave a blank page with only a console message.

use wasm_bindgen::JsCast;

/// The id of the element that shows a crash message.
pub const PANIC_ELEMENT_ID: &str = "fatal-error";

/// Installs the hook. Safe to call more than once.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("Scrutiny stopped: {info}").into());
        show_on_page();
    }));
}

/// Replaces the page body with a plain message and a reload hint. Uses only DOM calls that
/// cannot themselves panic.
fn show_on_page() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(body) = document.body() else { return };
    let Ok(panel) = document.create_element("div") else { return };
    panel.set_id(PANIC_ELEMENT_ID);
    panel.set_attribute("role", "alert").ok();
    panel.set_class_name("fatal-error");
    // Text only: no data or panic text is inserted as HTML.
    panel.set_text_content(Some(
        "Sorry, the dashboard stopped because of an internal error. Reload the page to try again. If it happens again, please tell the publisher which page you were on.",
    ));
    if let Ok(el) = panel.dyn_into::<web_sys::HtmlElement>() {
        body.set_inner_html("");
        body.append_child(&el).ok();
    }
}
