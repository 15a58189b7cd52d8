//! App state, shared through context with `provide_`/`use_` pairs: the site's list of
//! releases, which data the page shows (a hosted release or the visitor's own file), the
//! loaded release and the one it is compared with, and the view (release, comparison,
//! filter), which lives in the URL so a copied link reopens the same view. Once a hosted
//! release has loaded, the address names it (`release=ID`), so a link copied from the bare
//! address still shows the same figures after a newer release is published.

use crate::data_worker::{self, FileError, LoadSource, LocalFiles, WorkerError};
use crate::io;
use leptos::prelude::*;
use scrutiny_core::aggregate::Filter;
pub use scrutiny_core::messages::DataQuality;
use scrutiny_core::messages::LoadStage;
use scrutiny_core::releases::ReleaseEntry;
use scrutiny_core::text::safe_text;
use scrutiny_core::view::ViewQuery;
use scrutiny_core::{DatasetMeta, Release};
use std::sync::Arc;
use thiserror::Error;

/// A release that loaded, as the page holds it: the case table (read from the release's
/// compact table, or built by the data worker; no records), which answers every filter in the
/// page.
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
    /// The hosted release's id (`None` for the visitor's own file, which has no permalink).
    pub id: Option<String>,
    /// The hosted release as the site's list names it (`None` if the list does not).
    pub listed: Option<ReleaseEntry>,
    /// What the page left out of dataset.json, and why (shown above the figures).
    pub metadata_notes: Vec<String>,
}

/// Why the page cannot show a release. The messages are what the user reads.
#[derive(Debug, Clone, Error)]
pub enum ReleaseError {
    /// The data worker could not load the release (download, file, metadata, refusal), or
    /// the page could not read the table it built.
    #[error(transparent)]
    Worker(#[from] WorkerError),
    /// A published release could not be drawn from its compact table (a download, its
    /// metadata, a damaged table).
    #[error(transparent)]
    Published(#[from] crate::data_files::LoadError),
    /// The visitor's files cannot be used.
    #[error(transparent)]
    File(#[from] FileError),
    /// The visitor cancelled loading.
    #[error("Loading was cancelled, so no figures are shown. Reload the page to load the published figures again, or open a file below.")]
    Cancelled,
    /// The link names a release the site does not have.
    #[error("There is no release \"{}\" on this site: the link may be mistyped, or the release was never published here.", safe_text(.wanted))]
    NotFound {
        /// The id the link asked for.
        wanted: String,
        /// The newest release, offered instead.
        newest: Option<ReleaseEntry>,
    },
    /// The bare address needs the list of releases to find the newest.
    #[error(transparent)]
    Index(#[from] io::IndexError),
    /// The site lists no release yet.
    #[error("This site has no published release yet: its list of releases is empty.")]
    NoReleases,
    /// A comparison with the release shown itself.
    #[error("The release cannot be compared with itself; choose an earlier release to compare with.")]
    SameRelease,
}

/// Which data the page shows.
#[derive(Debug, Clone, PartialEq)]
pub enum DataSource {
    /// A release folder hosted beside the page, `data/{name}/` (`None`: the newest listed).
    Hosted(Option<String>),
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
    /// Whether this load is the page's main one (marked for the benchmark; a comparison's is not).
    main: bool,
}

impl LoadControl {
    fn new(main: bool) -> LoadControl {
        LoadControl { progress: RwSignal::new(None), cancelled: RwSignal::new(false), main }
    }

    /// Marks each stage for the benchmark and moves the progress bar.
    fn on_progress(self) -> impl Fn(LoadStage, u64, u64) + 'static {
        move |stage, done, total| {
            if !self.main {
                return;
            }
            match stage {
                LoadStage::Fetched => io::mark("fetched"),
                LoadStage::Parsed => io::mark("parsed"),
                LoadStage::Checking | LoadStage::TableBuilt => {}
            }
            self.progress.set(Some(LoadProgress { done: done as usize, total: total as usize }));
        }
    }
}

/// Loads a release: a published release from its compact table, on the page
/// ([`crate::published`]); anything else (a visitor's files, a release without a compact
/// table) in the data worker, reading the table it built (the worker then ends, which gives
/// back the memory that held the file and the records).
async fn load(source: LoadSource, compact_table: bool, origin: String, control: LoadControl) -> Result<Arc<LoadedRelease>, ReleaseError> {
    let published = match &source {
        LoadSource::Hosted { release } if compact_table => crate::published::load(release, control.on_progress()).await?,
        LoadSource::Hosted { .. } | LoadSource::Files(_) => None,
    };
    let loaded = match published {
        Some(loaded) => Ok(loaded),
        None => data_worker::load_in_worker(source, control.on_progress()).await,
    };
    if control.cancelled.get_untracked() {
        return Err(ReleaseError::Cancelled);
    }
    let data_worker::Loaded { summary, table } = loaded?;
    // Each step its own task (reading the table, judging the commitments, drawing the first
    // part of the page), so none of them adds to another's long task.
    io::yield_to_page().await;
    let release = Release::from_table(table, summary.meta.clone());
    if control.main {
        io::mark("aggregated");
        io::mark_value("worker-memory", summary.worker_memory_bytes as f64);
    }
    io::yield_to_page().await;
    Ok(Arc::new(LoadedRelease {
        meta: summary.meta,
        quality: summary.quality,
        release,
        origin,
        id: None,
        listed: None,
        metadata_notes: summary.metadata_notes,
    }))
}

/// A release loaded to compare with: the id asked for, and the release or why there is none.
pub type Compared = (String, Result<Arc<LoadedRelease>, ReleaseError>);

/// The site's list of releases, as the page reads it.
type IndexResource = LocalResource<Result<io::FetchedIndex, io::IndexError>>;

/// The list of releases, awaited without subscribing the caller to it: awaiting a resource
/// inside another tracks it, and the release (loaded once) would load a second time when the
/// list arrives.
async fn list_of_releases(index: IndexResource) -> Result<io::FetchedIndex, io::IndexError> {
    leptos::reactive::computed::ScopedFuture::new_untracked(async move { index.await }).await
}

/// Loads the hosted release `wanted`, or the newest the list names. The list (downloaded by
/// public/prefetch.js while the app downloads, so it is usually there already) says whether the
/// release has a compact table this page reads: it is then drawn from it; otherwise its cases
/// file is read by the data worker, without asking for a table that is not there. A release
/// the list does not name still loads if its folder is there (an unpublished folder). If a
/// release the list does not name cannot be loaded and its folder is not there, the newest is
/// offered instead.
pub async fn load_hosted(wanted: Option<String>, index: IndexResource, control: LoadControl) -> Result<Arc<LoadedRelease>, ReleaseError> {
    let id = match wanted {
        Some(id) => id,
        None => {
            let list = list_of_releases(index).await?.index;
            list.newest().map(|n| n.id.clone()).ok_or(ReleaseError::NoReleases)?
        }
    };
    let list = list_of_releases(index).await.ok().map(|fetched| fetched.index);
    let compact_table = list.as_ref().and_then(|l| l.find(&id)).is_some_and(ReleaseEntry::has_readable_table);
    let origin = scrutiny_core::words::trf("the published release {}", &[&safe_text(&id)]);
    let loaded = load(LoadSource::Hosted { release: id.clone() }, compact_table, origin, control).await;
    let loaded = match loaded {
        Ok(loaded) => loaded,
        Err(error @ (ReleaseError::Cancelled | ReleaseError::Worker(data_worker::WorkerError::Stopped))) => return Err(error),
        // A listed release that fails to load has a problem of its own (the error says which).
        Err(error) if list.as_ref().is_some_and(|l| l.find(&id).is_some()) || io::release_exists(&id).await => return Err(error),
        Err(_) => return Err(ReleaseError::NotFound { wanted: id, newest: list.and_then(|l| l.newest().cloned()) }),
    };
    let mut loaded = loaded;
    // Just made, so not shared yet: filled in place, never copied.
    if let Some(release) = Arc::get_mut(&mut loaded) {
        release.listed = list.and_then(|l| l.find(&id).cloned());
        release.id = Some(id);
    }
    Ok(loaded)
}

/// Loads the visitor's own files. Without a dataset.json the file is described by its name,
/// dated today, with the default smallest shown count and no commitments.
pub async fn load_local(files: Result<LocalFiles, FileError>, control: LoadControl) -> Result<Arc<LoadedRelease>, ReleaseError> {
    let files = files?;
    let origin = scrutiny_core::words::trf("your file {}", &[&files.cases_name()]);
    load(LoadSource::Files(files), false, origin, control).await
}

/// The app's state in context: the list of releases, the data source, the loaded release and
/// its comparison, and the view query.
#[derive(Clone, Copy)]
pub struct AppState {
    source: RwSignal<DataSource>,
    query: RwSignal<ViewQuery>,
    filter: Memo<Filter>,
    notes: RwSignal<Vec<String>>,
    narrow: RwSignal<bool>,
    control: LoadControl,
    printing: RwSignal<bool>,
    /// The id of the hosted release shown, once it has loaded (the comparison waits for it).
    shown: RwSignal<Option<String>>,
    /// The release the view asks to compare with.
    compare_id: Memo<Option<String>>,
    /// Whether the comparison card should be scrolled to and focused once it shows (the
    /// visitor asked for it with the form; a link needs no such help).
    reveal_comparison: RwSignal<bool>,
    /// Counts the loads of a release shown: a comparison started for an earlier one must not
    /// start its worker (one load at a time: starting it would stop the load under way).
    generation: StoredValue<u64>,
    /// The site's list of releases (read first: the bare address shows the newest).
    pub index: LocalResource<Result<io::FetchedIndex, io::IndexError>>,
    /// The loaded release for the current source.
    pub release: LocalResource<Result<Arc<LoadedRelease>, ReleaseError>>,
    /// The release it is compared with and its id, if the view asks for one (loaded after the
    /// release shown). Until the one asked for has loaded, its id differs from [`AppState::compare_id`].
    pub compared: LocalResource<Option<Compared>>,
}

impl AppState {
    /// The view query (release, comparison, filter, embed), tracked.
    pub fn query(&self) -> ViewQuery {
        self.query.get()
    }

    /// Whether the comparison card should be brought into view now; asking clears it.
    pub fn take_reveal_comparison(&self) -> bool {
        let reveal = self.reveal_comparison.get_untracked();
        if reveal {
            self.reveal_comparison.set(false);
        }
        reveal
    }

    /// The id of the release the view asks to compare with, tracked.
    pub fn compare_id(&self) -> Option<String> {
        self.compare_id.get()
    }

    /// The current filter, tracked (changes only when the filter does).
    pub fn filter(&self) -> Filter {
        self.filter.get()
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
        self.push(ViewQuery { filter, ..self.query.get_untracked() });
    }

    /// Shows release `id` compared with `compare` (the card says so if that is the same
    /// release), keeping the filter; a new history entry. A comparison asked for is brought
    /// into view once it has loaded.
    pub fn show_release(&self, id: String, compare: Option<String>) {
        self.reveal_comparison.set(compare.is_some());
        let changed = self.shown.get_untracked().as_deref() != Some(id.as_str());
        self.push(ViewQuery { release: Some(id.clone()), compare, ..self.query.get_untracked() });
        if changed {
            self.start_loading();
            self.source.set(DataSource::Hosted(Some(id)));
        }
    }

    /// Records `query` in the URL (a new history entry) and shows it.
    fn push(&self, query: ViewQuery) {
        // The address first, so anything that shows the permalink reads the new one.
        io::push_query(&query.to_pairs());
        self.show_query(query);
    }

    /// Shows `query`. A comparison no longer asked for stops loading at once (once the release
    /// shown has loaded, the only load that can be under way is the comparison's), so the one
    /// asked for starts without waiting for it.
    fn show_query(&self, query: ViewQuery) {
        if self.shown.get_untracked().is_some() && self.query.with_untracked(|q| q.compare != query.compare) {
            data_worker::stop_worker();
        }
        self.query.set(query);
    }

    /// Once a hosted release has loaded: the address names it (in place, no new history
    /// entry), so a copied link, a download's header and a printed briefing name the release
    /// shown; and a comparison may load.
    pub fn pin(&self, loaded: &LoadedRelease) {
        let Some(id) = loaded.id.clone() else { return };
        if self.query.with_untracked(|q| q.release.as_ref() != Some(&id)) {
            // Untracked: the view is the same, only the address gains the release's name.
            self.query.update_untracked(|q| q.release = Some(id.clone()));
            io::replace_query(&self.query.with_untracked(ViewQuery::to_pairs));
        }
        if self.shown.get_untracked().as_ref() != Some(&id) {
            self.shown.set(Some(id));
        }
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
        self.generation.update_value(|g| *g += 1);
        self.control.cancelled.set(false);
        self.control.progress.set(None);
        self.shown.set(None);
    }

    /// Whether the page shows the visitor's own file.
    pub fn showing_own_file(&self) -> bool {
        matches!(self.source.get(), DataSource::Local(_))
    }

    /// Re-reads the URL (after Back or Forward).
    fn reload_query(&self) {
        let (query, notes) = ViewQuery::from_pairs(io::query_pairs());
        if let DataSource::Hosted(current) = self.source.get_untracked() {
            let shown = self.shown.get_untracked().or(current);
            if query.release != shown {
                self.start_loading();
                self.source.set(DataSource::Hosted(query.release.clone()));
            }
        }
        self.show_query(query);
        self.notes.set(notes);
    }
}

/// Reads the view from the URL, starts loading the list of releases and then the release it
/// names (and any comparison), and puts the state in context.
pub fn provide_app_state() -> AppState {
    io::mark("start");
    io::mark_page_started();
    let (query, notes) = ViewQuery::from_pairs(io::query_pairs());
    let source = RwSignal::new(DataSource::Hosted(query.release.clone()));
    let control = LoadControl::new(true);
    let query = RwSignal::new(query);
    let filter = Memo::new(move |_| query.with(|q| q.filter.clone()));
    let index = LocalResource::new(io::fetch_release_index);
    let release = LocalResource::new(move || {
        let source = source.get();
        async move {
            match source {
                DataSource::Hosted(wanted) => load_hosted(wanted, index, control).await,
                DataSource::Local(files) => load_local(files, control).await,
            }
        }
    });
    let shown = RwSignal::new(None::<String>);
    let compare_id = Memo::new(move |_| query.with(|q| q.compare.clone()));
    let generation = StoredValue::new(0u64);
    // Loaded after the release shown (one load at a time), never for the visitor's own file.
    let compared = LocalResource::new(move || {
        let (wanted, shown) = (compare_id.get(), shown.get());
        let started_for = generation.get_value();
        async move {
            let (wanted, shown) = (wanted?, shown?);
            if wanted == shown {
                return Some((wanted, Err(ReleaseError::SameRelease)));
            }
            if generation.get_value() != started_for {
                // Another release is loading: this comparison was for the one before it.
                return None;
            }
            Some((wanted.clone(), load_hosted(Some(wanted), index, LoadControl::new(false)).await))
        }
    });
    let narrow = RwSignal::new(io::matches_media(io::NARROW_SCREEN));
    let printing = RwSignal::new(false);
    let notes = RwSignal::new(notes);
    let reveal_comparison = RwSignal::new(false);
    let state = AppState {
        source,
        query,
        filter,
        notes,
        narrow,
        control,
        printing,
        shown,
        compare_id,
        reveal_comparison,
        generation,
        index,
        release,
        compared,
    };
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
