//! App state, shared through context with `provide_`/`use_` pairs: which data the page shows
//! (a hosted release or the visitor's own file), the loaded release, and the view (the
//! filter), which lives in the URL so a copied link reopens the same view.

use crate::io::{self, FetchError, FileError, LocalFiles, DEFAULT_RELEASE};
use leptos::prelude::*;
use scrutiny_core::aggregate::Filter;
use scrutiny_core::metadata::MetadataError;
use scrutiny_core::report::{LoadReport, Refusal};
use scrutiny_core::view::ViewQuery;
use scrutiny_core::{DatasetMeta, Loading, Release};
use std::sync::Arc;
use thiserror::Error;

/// A release that loaded: its metadata, what loading found, and the table that answers filters.
#[derive(Debug, Clone)]
pub struct LoadedRelease {
    /// dataset.json (or the defaults for a file opened without one).
    pub meta: DatasetMeta,
    /// Row counts and problems from loading (records are dropped once the table exists).
    pub quality: DataQuality,
    /// The columnar table and the commitments.
    pub release: Release,
    /// Where the data came from, in words ("the published release", "your file cases.csv").
    pub origin: String,
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
    /// The visitor's files could not be read.
    #[error(transparent)]
    File(#[from] FileError),
    /// The visitor's dataset.json is invalid.
    #[error("Your dataset.json cannot be used: {0}")]
    LocalMetadata(MetadataError),
    /// The visitor cancelled loading.
    #[error("Loading was cancelled, so no figures are shown. Reload the page to load the published figures again, or open a file below.")]
    Cancelled,
    /// The cases file was refused by the data contract.
    #[error("The data file {file} was refused, so no figures are shown. {refusal}")]
    Refused {
        /// The file name.
        file: String,
        /// Why.
        refusal: Refusal,
    },
}

/// Which data the page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataSource {
    /// A release folder hosted beside the page, `data/{name}/`.
    Hosted(String),
    /// Files the visitor opened (read in the page, never uploaded), or why they could not be read.
    Local(Result<LocalFiles, FileError>),
}

/// Records checked between two looks at the page: about 30 ms of work, so the page can paint
/// the progress bar and notice a cancel between batches.
const RECORDS_PER_BATCH: usize = 12_000;

/// How far loading has gone, for the progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadProgress {
    /// Bytes of the cases file checked so far.
    pub done: usize,
    /// The file's size in bytes.
    pub total: usize,
}

/// Loads and validates the cases a batch at a time (yielding to the page in between), then
/// builds the table: everything up to the figures.
async fn build(
    meta: DatasetMeta,
    cases_name: &str,
    bytes: &[u8],
    origin: String,
    control: LoadControl,
) -> Result<Arc<LoadedRelease>, ReleaseError> {
    let mut loading = Loading::new(bytes, cases_name, meta.as_of);
    while !loading.step(RECORDS_PER_BATCH) {
        let (done, total) = loading.progress();
        control.progress.set(Some(LoadProgress { done, total }));
        io::yield_to_page().await;
        if control.cancelled.get_untracked() {
            return Err(ReleaseError::Cancelled);
        }
    }
    let report = loading.finish();
    io::mark("parsed");
    if let Some(refusal) = report.refusal.clone() {
        return Err(ReleaseError::Refused { file: scrutiny_core::view::safe_text(cases_name), refusal });
    }
    control.progress.set(Some(LoadProgress { done: bytes.len(), total: bytes.len() }));
    io::yield_to_page().await;
    if control.cancelled.get_untracked() {
        return Err(ReleaseError::Cancelled);
    }
    let release = Release::new(&report.records, meta.clone());
    io::mark("aggregated");
    // A cancel clicked while the table was being built is honoured too.
    io::yield_to_page().await;
    if control.cancelled.get_untracked() {
        return Err(ReleaseError::Cancelled);
    }
    Ok(Arc::new(LoadedRelease { meta, quality: DataQuality::from(&report), release, origin }))
}

/// What the page can see and change while a release loads.
#[derive(Clone, Copy)]
pub struct LoadControl {
    progress: RwSignal<Option<LoadProgress>>,
    cancelled: RwSignal<bool>,
}

/// Fetches and loads a hosted release.
pub async fn load_hosted(name: String, control: LoadControl) -> Result<Arc<LoadedRelease>, ReleaseError> {
    let fetched = io::fetch_release(&name).await?;
    io::mark("fetched");
    if control.cancelled.get_untracked() {
        return Err(ReleaseError::Cancelled);
    }
    build(fetched.meta, &fetched.cases_file, &fetched.cases_bytes, "the published release".into(), control).await
}

/// Loads the visitor's own files. Without a dataset.json the file is described by its name,
/// dated today, with the default smallest shown count and no commitments.
pub async fn load_local(files: Result<LocalFiles, FileError>, control: LoadControl) -> Result<Arc<LoadedRelease>, ReleaseError> {
    let files = files?;
    io::mark("fetched");
    let name = scrutiny_core::view::safe_text(&files.cases_name);
    let meta = match &files.meta_text {
        Some(text) => DatasetMeta::from_json(text).map_err(ReleaseError::LocalMetadata)?,
        None => DatasetMeta::for_file(&name, io::today()),
    };
    build(meta, &files.cases_name, &files.cases_bytes, format!("your file {name}"), control).await
}

/// The app's state in context: the data source, the loaded release, and the view query.
#[derive(Clone, Copy)]
pub struct AppState {
    source: RwSignal<DataSource>,
    query: RwSignal<ViewQuery>,
    notes: RwSignal<Vec<String>>,
    narrow: RwSignal<bool>,
    control: LoadControl,
    /// The loaded release for the current source.
    pub release: LocalResource<Result<Arc<LoadedRelease>, ReleaseError>>,
}

impl AppState {
    /// The view query (filter, release, embed), tracked.
    pub fn query(&self) -> ViewQuery {
        self.query.get()
    }

    /// The current filter, tracked.
    pub fn filter(&self) -> Filter {
        self.query.with(|q| q.filter.clone())
    }

    /// The chart layout the screen shows (narrow up to 600 CSS px; wide when printing), tracked.
    pub fn chart_layout(&self) -> crate::charts::Layout {
        crate::charts::Layout::for_narrow_screen(self.narrow.get())
    }

    /// How far loading has gone (`None` before the cases file is being checked), tracked.
    pub fn load_progress(&self) -> Option<LoadProgress> {
        self.control.progress.get()
    }

    /// Stops loading at the next batch.
    pub fn cancel_loading(&self) {
        self.control.cancelled.set(true);
    }

    /// What the link asked for that could not be used, in words.
    pub fn link_notes(&self) -> Vec<String> {
        self.notes.get()
    }

    /// Shows `filter` and records it in the URL as a new history entry.
    pub fn set_filter(&self, filter: Filter) {
        let query = ViewQuery { filter, ..self.query.get_untracked() };
        // The address first, so anything that shows the permalink reads the new one.
        io::push_query(&query.to_pairs());
        self.query.set(query);
    }

    /// Shows the visitor's own files instead of the hosted release.
    pub fn open_files(&self, files: Result<LocalFiles, FileError>) {
        self.control.cancelled.set(false);
        self.control.progress.set(None);
        self.source.set(DataSource::Local(files));
    }

    /// Whether the page shows the visitor's own file.
    pub fn showing_own_file(&self) -> bool {
        matches!(self.source.get(), DataSource::Local(_))
    }

    /// Re-reads the URL (after Back or Forward).
    fn reload_query(&self) {
        let (query, notes) = ViewQuery::from_pairs(io::query_pairs());
        if let DataSource::Hosted(current) = self.source.get_untracked() {
            let wanted = query.release.clone().unwrap_or_else(|| DEFAULT_RELEASE.into());
            if wanted != current {
                self.control.cancelled.set(false);
                self.control.progress.set(None);
                self.source.set(DataSource::Hosted(wanted));
            }
        }
        self.query.set(query);
        self.notes.set(notes);
    }
}

/// Reads the view from the URL, starts loading its release, and puts the state in context.
pub fn provide_app_state() -> AppState {
    io::mark("start");
    let (query, notes) = ViewQuery::from_pairs(io::query_pairs());
    let source = RwSignal::new(DataSource::Hosted(query.release.clone().unwrap_or_else(|| DEFAULT_RELEASE.into())));
    let control = LoadControl { progress: RwSignal::new(None), cancelled: RwSignal::new(false) };
    let release = LocalResource::new(move || {
        let source = source.get();
        async move {
            match source {
                DataSource::Hosted(name) => load_hosted(name, control).await,
                DataSource::Local(files) => load_local(files, control).await,
            }
        }
    });
    let narrow = RwSignal::new(io::matches_media(io::NARROW_SCREEN));
    let state = AppState { source, query: RwSignal::new(query), notes: RwSignal::new(notes), narrow, control, release };
    io::on_history_change(move || state.reload_query());
    io::on_media_change(io::NARROW_SCREEN, move |matches| narrow.set(matches));
    // A printed page is wide whatever the screen.
    io::on_print(move |printing| narrow.set(!printing && io::matches_media(io::NARROW_SCREEN)));
    provide_context(state);
    state
}

/// The app state in context. Components below [`crate::app::App`] may call this.
pub fn use_app_state() -> AppState {
    expect_context::<AppState>()
}
