//! Entry point of the loader's module, which runs only in the data worker (public/data-worker.js
//! instantiates it): the CSV and JSON readers, validation, the personal-data scan and the table
//! builder, none of which the page's module holds. The worker calls [`worker_main`] with the
//! page's start message.

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

/// Loads what the page's start message asks for and answers the page (see
/// `scrutiny_web::data_worker::worker`).
#[wasm_bindgen]
pub fn worker_main(start: JsValue) {
    scrutiny_web::data_worker::worker::run(start);
}

fn main() {}
