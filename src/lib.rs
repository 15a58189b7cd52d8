//! The Scrutiny dashboard: a Leptos single-page app that loads a release of case data in the
//! browser and draws it. All figures come from `scrutiny_core`; this crate fetches, draws
//! and lays out.
//!
//! Data flows one way: [`data_worker`] (in a Web Worker: downloads or reads the file, and
//! `scrutiny_core` loads, validates and builds the case table) → the table crosses to the page
//! ([`state`]) → `scrutiny_core` aggregates and discloses for each filter → [`charts`] draw
//! SVG → [`components`] lay out → [`app`] is the page. [`io`] is the page's own I/O.

pub mod app;
pub mod charts;
pub mod components;
pub mod data_worker;
pub mod io;
pub mod panic_hook;
pub mod state;
pub mod view_model;

/// Sends `log` records to the browser console (warnings and errors only in release builds).
pub fn init_logging() {
    let level = if cfg!(debug_assertions) { log::Level::Debug } else { log::Level::Warn };
    // A second initialisation (e.g. in tests) is harmless, so its error is ignored.
    let _ = console_log::init_with_level(level);
}
