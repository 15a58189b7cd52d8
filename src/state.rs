//! App state, shared through context with `provide_`/`use_` pairs: which data the page shows
//! (a hosted release or the visitor's own file), the loaded release, and the view (the
//! filter), which lives in the URL so a copied link reopens the same view.

use crate::data_worker::{self, FileError, LoadSource, LocalFiles, WorkerError};
use crate::io;
use leptos::prelude::*;
use scrutiny_core::aggregate::Filter;
pub use scrutiny_core::messages::DataQuality;
use scrutiny_core::messages::LoadStage;
use scrutiny_core::view::ViewQuery;
use scrutiny_core::{DatasetMeta, Release};
use std::sync::Arc;
use thiserror::Error;

/// The release folder the page shows by default, relative to the page (so sub-path hosting works).
pub const DEFAULT_RELEASE: &str = "demo";

/// A release that loaded, as the page holds it: the case table the data worker built (no
/// records: they never leave the worker), which answers every filter in the page.
#[derive(Debug, Clone)]
pub struct LoadedRelease {
    /// dataset.json (or the defaults for a file opened without one).
    pub meta: DatasetMeta,
    /// Row counts and problems from loading.
    pub quality: DataQuality,
    /// The columnar table and the commitments.
    pub release: Release,
    /// Where the data came from, in words ("the published release", "your file cases.csv").
    pub origin: String,
}

/// Why the page cannot show a release. The messages are what the user reads.
#[derive(Debug, Clone, Error)]
pub enum ReleaseError {
    /// The data worker could not load the release (download, file, metadata, refusal), or
    /// the page could not read the table it built.
    #[error(transparent)]
    Worker(#[from] WorkerError),
    /// The visitor's files cannot be used.
    #[error(transparent)]
    File(#[from] FileError),
    /// The visitor cancelled loading.
    #[error("Loading was cancelled, so no figures are shown. Reload the page to load the published figures again, or open a file below.")]
    Cancelled,
}

/// Which data the page shows.
#[derive(Debug, Clone, PartialEq)]
pub enum DataSource {
    /// A release folder hosted beside the page, `data/{name}/`.
    Hosted(String),
    /// Files the visitor opened (read by the data worker, never uploaded), or why they cannot be used.
    Local(Result<LocalFiles, FileError>),
}

/// How far loading has gone, for the progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadProgress {
    /// Bytes of the cases file checked so far.
    pub done: usize,
    /// The file's size in bytes.
    pub total: usize,
}

/// What the page can see and change while a release loads.
#[derive(Clone, Copy)]
pub struct LoadControl {
    progress: RwSignal<Option<LoadProgress>>,
    cancelled: RwSignal<bool>,
}

impl LoadControl {
    /// Marks each stage for the benchmark and moves the progress bar.
    fn on_progress(self) -> impl Fn(LoadStage, u64, u64) + 'static {
        move |stage, done, total| {
            match stage {
                LoadStage::Fetched => io::mark("fetched"),
                LoadStage::Parsed => io::mark("parsed"),
                LoadStage::Checking | LoadStage::TableBuilt => {}
            }
            self.progress.set(Some(LoadProgress { done: done as usize, total: total as usize }));
        }
    }
}

/// Loads a release in the data worker and reads the table it built into a `Release` (the
/// worker then ends, which gives back the memory that held the file and the records).
async fn load(source: LoadSource, origin: String, control: LoadControl) -> Result<Arc<LoadedRelease>, ReleaseError> {
    let loaded = data_worker::load_in_worker(source, control.on_progress()).await;
    if control.cancelled.get_untracked() {
        return Err(ReleaseError::Cancelled);
    }
    let data_worker::Loaded { summary, table } = loaded?;
    let release = Release::from_table(table, summary.meta.clone());
    io::mark("aggregated");
    io::mark_value("worker-memory", summary.worker_memory_bytes as f64);
    Ok(Arc::new(LoadedRelease { meta: summary.meta, quality: summary.quality, release, origin }))
}

/// Loads a hosted release.
pub async fn load_hosted(name: String, control: LoadControl) -> Result<Arc<LoadedRelease>, ReleaseError> {
    load(LoadSource::Hosted { release: name }, "the published release".into(), control).await
}

/// Loads the visitor's own files. Without a dataset.json the file is described by its name,
/// dated today, with the default smallest shown count and no commitments.
pub async fn load_local(files: Result<LocalFiles, FileError>, control: LoadControl) -> Result<Arc<LoadedRelease>, ReleaseError> {
    let files = files?;
    let origin = format!("your file {}", files.cases_name());
    load(LoadSource::Files(files), origin, control).await
}

/// The app's state in context: the data source, the loaded release, and the view query.
#[derive(Clone, Copy)]
pub struct AppState {
    source: RwSignal<DataSource>,
    query: RwSignal<ViewQuery>,
    notes: RwSignal<Vec<String>>,
    narrow: RwSignal<bool>,
    control: LoadControl,
    printing: RwSignal<bool>,
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
        crate::charts::Layout::for_narrow_screen(self.narrow.get() && !self.printing.get())
    }

    /// How far loading has gone (`None` before the cases file is being checked), tracked.
    pub fn load_progress(&self) -> Option<LoadProgress> {
        self.control.progress.get()
    }

    /// Stops loading at once (the data worker is ended).
    pub fn cancel_loading(&self) {
        self.control.cancelled.set(true);
        data_worker::stop_worker();
    }

    /// Whether the page is being printed (every card's tables are then drawn), tracked.
    pub fn printing(&self) -> bool {
        self.printing.get()
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
        self.start_loading();
        self.source.set(DataSource::Local(files));
    }

    /// Resets the progress and the cancel before another release loads, and ends a load still
    /// under way at once (it is superseded), so none of its progress reaches the new bar.
    fn start_loading(&self) {
        data_worker::stop_worker();
        self.control.cancelled.set(false);
        self.control.progress.set(None);
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
                self.start_loading();
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
    let query = RwSignal::new(query);
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
    let printing = RwSignal::new(false);
    let state = AppState { source, query, notes: RwSignal::new(notes), narrow, control, printing, release };
    io::on_history_change(move || state.reload_query());
    io::on_media_change(io::NARROW_SCREEN, move |matches| narrow.set(matches));
    // A printed page is wide whatever the screen, and shows every table (see `chart_layout`).
    let on_print = move |now: bool| printing.set(now);
    io::on_print(on_print);
    io::on_media_change("print", on_print);
    provide_context(state);
    state
}

/// The app state in context. Components below [`crate::app::App`] may call this.
pub fn use_app_state() -> AppState {
    expect_context::<AppState>()
}
