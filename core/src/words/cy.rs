//! The Welsh catalogue: each English text the page shows, and its Welsh, sorted by the
//! English (a test checks the order, and that every template keeps its placeholders).
//! Translated for this project and awaiting review by a Welsh speaker (see docs/WELSH.md).

/// (English, Welsh), sorted by the English.
pub(super) const CATALOGUE: &[(&str, &str)] = &[("Print", "Argraffu"), ("w/c {}", "w/d {}")];
