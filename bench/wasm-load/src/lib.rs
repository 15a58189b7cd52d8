//! Exposes `load_cases` to JavaScript so the same code can be timed in wasm (see `run`).

use wasm_bindgen::prelude::wasm_bindgen;

/// Loads and validates `bytes` as of the demo as-of date; returns the number of records.
#[wasm_bindgen]
pub fn load_count(bytes: &[u8], file_name: &str) -> u32 {
    let report = scrutiny_core::load_cases(bytes, file_name, scrutiny_core::sample::demo_as_of());
    u32::try_from(report.records.len()).unwrap_or(u32::MAX)
}
