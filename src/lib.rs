//! The Scrutiny dashboard: a Leptos single-page app that loads a release of case data in the
//! browser and draws it. All figures come from `scrutiny_core`; this crate fetches, draws
//! and lays out.
//!
//! Two WebAssembly modules come from it. **The page's** (feature `page`, `src/main.rs`) draws
//! a published release: [`published`] downloads its compact table and metadata and reads them
//! straight into the core's case table, on the page's thread in small pieces; `scrutiny_core`
//! aggregates and discloses for each filter → [`charts`] draw SVG → [`components`] lay out →
//! [`app`] is the page; [`io`] is the page's own I/O. **The loader's** (feature `loader`,
//! `src/bin/scrutiny-loader.rs`) runs in a Web Worker ([`data_worker`]) only when a visitor
//! opens their own file or a release without a compact table: it downloads or reads the cases
//! file, loads, validates and builds the table, and hands it to the page as bytes. Its code
//! (CSV and JSON readers, validation, the personal-data scan, Unicode tables) is never in the
//! page's module. [`data_files`] is what both sides download through.

#[cfg(feature = "page")]
pub mod app;
#[cfg(feature = "page")]
pub mod charts;
#[cfg(feature = "page")]
pub mod components;
pub mod data_files;
pub mod data_worker;
#[cfg(feature = "page")]
pub mod io;
#[cfg(feature = "page")]
pub mod panic_hook;
#[cfg(feature = "page")]
pub mod published;
#[cfg(feature = "page")]
pub mod state;
#[cfg(feature = "page")]
pub mod table_reader;
#[cfg(feature = "page")]
pub mod view_model;

/// Sends `log` records to the browser console (warnings and errors only in release builds).
#[cfg(feature = "page")]
pub fn init_logging() {
    let level = if cfg!(debug_assertions) { log::Level::Debug } else { log::Level::Warn };
    // A second initialisation (e.g. in tests) is harmless, so its error is ignored.
    let _ = console_log::init_with_level(level);
}
