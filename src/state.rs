//! App state: the loaded release, shared through context with a `provide_`/`use_` pair.

use crate::io::{fetch_release, FetchError, DEFAULT_RELEASE};
use leptos::prelude::*;
use scrutiny_core::report::{LoadReport, Refusal};
use scrutiny_core::{compute_figures, load_cases, DatasetMeta, Figures};
use std::sync::Arc;
use thiserror::Error;

/// A release that loaded: its metadata, what loading found, and the disclosed figures.
#[derive(Debug, Clone)]
pub struct LoadedRelease {
    /// dataset.json.
    pub meta: DatasetMeta,
    /// Row counts and problems from loading (records are dropped once figures exist).
    pub quality: DataQuality,
    /// Everything the page shows.
    pub figures: Figures,
}

/// What loading decided, without the records themselves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataQuality {
    /// Every row error and warning, in file order.
    pub problems: Vec<scrutiny_core::report::Problem>,
    /// Rows loaded.
    pub loaded: usize,
    /// Rows left out.
    pub rejected: usize,
    /// Warnings on kept rows.
    pub warnings: usize,
    /// Blank rows skipped.
    pub blank_rows_skipped: usize,
}

impl From<&LoadReport> for DataQuality {
    fn from(r: &LoadReport) -> Self {
        DataQuality {
            problems: r.problems.clone(),
            loaded: r.records.len(),
            rejected: r.rejected,
            warnings: r.warnings(),
            blank_rows_skipped: r.blank_rows_skipped,
        }
    }
}

/// Why the page cannot show a release. The messages are what the user reads.
#[derive(Debug, Clone, Error)]
pub enum ReleaseError {
    /// The files could not be fetched or dataset.json is invalid.
    #[error(transparent)]
    Fetch(#[from] FetchError),
    /// The cases file was refused by the data contract.
    #[error("The data file {file} was refused, so no figures are shown. {refusal}")]
    Refused {
        /// The file name.
        file: String,
        /// Why.
        refusal: Refusal,
    },
}

/// Fetches, loads and computes a release: the whole pipeline up to the disclosed figures.
pub async fn load_release(folder: &str) -> Result<Arc<LoadedRelease>, ReleaseError> {
    let fetched = fetch_release(folder).await?;
    let report = load_cases(&fetched.cases_bytes, &fetched.cases_file, fetched.meta.as_of);
    if let Some(refusal) = report.refusal.clone() {
        return Err(ReleaseError::Refused { file: fetched.cases_file, refusal });
    }
    let figures = compute_figures(&report.records, &fetched.meta);
    Ok(Arc::new(LoadedRelease { meta: fetched.meta, quality: DataQuality::from(&report), figures }))
}

/// The release being shown, as an async resource in context.
#[derive(Clone, Copy)]
pub struct ReleaseState(pub LocalResource<Result<Arc<LoadedRelease>, ReleaseError>>);

/// Starts loading the default release and puts it in context.
pub fn provide_release() -> ReleaseState {
    let state = ReleaseState(LocalResource::new(|| load_release(DEFAULT_RELEASE)));
    provide_context(state);
    state
}

/// The release in context. Components below [`crate::app::App`] may call this.
pub fn use_release() -> Option<ReleaseState> {
    use_context::<ReleaseState>()
}
