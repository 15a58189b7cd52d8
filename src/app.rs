//! The page: the app shell, the view of a loaded release, and the embed view of one card.

use crate::components::controls::{FilterStatus, Filters, LinkNotes, OwnFile, Toolbar};
use crate::components::page::{
    error_message, CommitmentsPanel, Glossary, Headlines, LoadErrorPanel, LoadingPlaceholder, Methodology, OwnFileBanner, QualityPanel,
    ReleaseHeading, SiteFooter, SiteHeader, SyntheticBanner,
};
use crate::components::releases::{ComparisonCard, NewestReleaseOffer, OfflineNotice, ReleaseChoice};
use crate::components::ChartCard;
use crate::io;
use crate::state::{provide_app_state, use_app_state, LoadedRelease, ReleaseError};
use crate::view_model as vm;
use leptos::prelude::*;
use scrutiny_core::cards::CardId;
use scrutiny_core::dates::long_date;
use scrutiny_core::model::WITHHELD;
use scrutiny_core::text::safe_text;
use scrutiny_core::view::describe_filter;
use scrutiny_core::words::{tr, trf};
use std::sync::Arc;

/// The whole app: header, the release (or its loading or error state), footer.
#[component]
pub fn App() -> impl IntoView {
    let state = provide_app_state();
    let embedded = state.query().embed.is_some();
    view! {
        {(!embedded).then(|| view! { <SiteHeader/> })}
        <main id="main" tabindex="-1" class:embed=embedded>
            <Suspense fallback=|| view! { <LoadingPlaceholder/> }>
                {move || Suspend::new(async move {
                    match state.release.await {
                        Ok(loaded) if embedded => view! { <EmbedView loaded=loaded/> }.into_any(),
                        Ok(loaded) => view! { <ReleaseView loaded=loaded/> }.into_any(),
                        Err(error) => {
                            let newest = match &error {
                                ReleaseError::NotFound { newest: Some(newest), .. } => Some(newest.clone()),
                                _ => None,
                            };
                            view! {
                                <OfflineNotice/>
                                <LoadErrorPanel message=error_message(&error)/>
                                {newest.map(|newest| view! { <NewestReleaseOffer newest=newest/> })}
                                {(!embedded).then(|| view! { <OwnFile/> })}
                            }.into_any()
                        }
                    }
                })}
            </Suspense>
        </main>
        {(!embedded).then(|| view! { <SiteFooter/> })}
    }
}

/// The disclosed figures of `loaded` for the current filter, recomputed (in the page, from
/// the table) when it changes.
fn figures_memo(loaded: &Arc<LoadedRelease>) -> Memo<scrutiny_core::Figures> {
    let state = use_app_state();
    let loaded = loaded.clone();
    Memo::new(move |_| loaded.release.figures(&state.filter()))
}

/// The current filter as the release applies it (a public release's dates widened to whole
/// months), for the words that describe the view.
fn view_description(loaded: &Arc<LoadedRelease>) -> Signal<String> {
    let state = use_app_state();
    let loaded = loaded.clone();
    Signal::derive(move || describe_filter(&loaded.release.view_filter(&state.filter())))
}

/// The lines that head a download and the printed briefing: title, as-of, filters, permalink.
fn preamble(loaded: &Arc<LoadedRelease>) -> Signal<Vec<String>> {
    let state = use_app_state();
    let (title, origin) = (safe_text(&loaded.meta.title), loaded.origin.clone());
    let stamp = stamp(loaded);
    let own_file = state.showing_own_file();
    let description = view_description(loaded);
    Signal::derive(move || {
        let link = if own_file {
            tr("This view of your own file has no permalink.").to_string()
        } else {
            trf("Permalink: {}", &[&io::current_url()])
        };
        vec![format!("{title}: {stamp}"), trf("Data: {}. Selection: {}.", &[&origin, &description.get()]), link]
    })
}

/// "figures as of 31 March 2024, published 1 April 2024": the as-of date with, for a listed
/// release, when it was published (a correction has the same as-of date and a later stamp).
fn stamp(loaded: &LoadedRelease) -> String {
    let published = loaded.listed.as_ref().and_then(scrutiny_core::releases::ReleaseEntry::published_on);
    match published {
        Some(day) => trf("figures as of {}, published {}", &[&long_date(loaded.meta.as_of), &long_date(day)]),
        None => trf("figures as of {}", &[&long_date(loaded.meta.as_of)]),
    }
}

/// The part (see [`ReleaseView`]) that draws the first chart card. (Drawing the heading,
/// headlines and controls in one part saves two frames before the first chart, but made a
/// task of 80 to 110 ms on 2 cores: measured, and left split.)
const FIRST_CARD_PART: usize = 3;
/// The last part: methodology, glossary and "check your own file", after every card.
const LAST_PART: usize = FIRST_CARD_PART + CardId::ALL.len();

/// Everything shown for a release that loaded.
#[component]
fn ReleaseView(loaded: Arc<LoadedRelease>) -> impl IntoView {
    let state = use_app_state();
    state.pin(&loaded);
    let figures = figures_memo(&loaded);
    let preamble = preamble(&loaded);
    let description = view_description(&loaded);
    let status = Signal::derive(move || trf("Showing {} cases. {}.", &[&figures.with(|f| f.records), &description.get()]));
    let min = loaded.meta.min_cell_count;
    let meta = loaded.meta.clone();
    let (quality, commitments) = (loaded.quality.clone(), loaded.release.commitments().to_vec());
    // A public release dates reports to the month and may withhold some values (see docs/DISCLOSURE.md).
    let by_month = meta.publication.is_some();
    let withheld_columns: Vec<String> =
        meta.publication.iter().flat_map(|p| &p.generalised).filter(|g| g.to == WITHHELD).map(|g| g.field.clone()).collect();
    let empty = Signal::derive(move || figures.with(|f| f.records == scrutiny_core::disclose::Cell::Shown(0)));
    // Drawn top-down a part per frame (heading, headlines, controls, each card, the rest), so no
    // task draws the whole page (a long task delays input), and nothing drawn moves when the
    // next part appears below it.
    let drawn = RwSignal::new(0usize);
    let from = move |part: usize| Memo::new(move |_| drawn.get() >= part);
    // A hosted release is kept for offline reading (the visitor's own file never is).
    let keep = loaded.id.clone();
    let current = loaded.id.clone();
    Effect::new(move |_| {
        let parts = drawn.get();
        let keep = keep.clone();
        io::after_next_paint(move || {
            // The benchmark's "first chart painted", and all of them.
            match parts {
                FIRST_CARD_PART => {
                    io::mark("chart-painted");
                    // Only now: starting the service worker (a thread of its own, revalidating
                    // the app's files) delayed the first chart by up to 200 ms on 2 cores when
                    // it began as the release loaded; the rest of the page draws meanwhile.
                    if let Some(id) = keep {
                        leptos::task::spawn_local(io::keep_for_offline(id));
                    }
                }
                LAST_PART => io::mark("charts-painted"),
                _ => {}
            }
            if parts < LAST_PART {
                drawn.set(parts + 1);
            }
        });
    });
    let (headlines, controls, rest) = (from(1), from(2), from(LAST_PART));
    view! {
        <table class="print-frame" role="presentation">
            <thead class="print-only">
                <tr><td>
                    <div class="print-header">
                        {move || preamble.get().into_iter().map(|line| view! { <p>{line}</p> }).collect_view()}
                    </div>
                </td></tr>
            </thead>
            <tbody><tr><td>
                {(state.showing_own_file() || !by_month).then(|| view! { <OwnFileBanner/> })}
                <OfflineNotice/>
                {(!loaded.metadata_notes.is_empty()).then(|| view! {
                    <div class="banner banner-warning" role="note" data-banner="metadata">
                        {loaded.metadata_notes.iter().map(|n| view! { <p>{safe_text(n)}</p> }).collect_view()}
                    </div>
                })}
                {meta.synthetic.then(|| view! { <SyntheticBanner/> })}
                <LinkNotes/>
                <ReleaseHeading meta=meta.clone() origin=loaded.origin.clone() id=loaded.id.clone() listed=loaded.listed.clone()/>
                {current.clone().map(|current| view! { <ReleaseChoice current=current/> })}
                {move || headlines.get().then(|| view! {
                    <Toolbar/>
                    {move || view! { <Headlines items=figures.with(vm::headline_figures)/> }}
                    <p class="headline-scope">{move || trf("{}. Filter them below; the commitments are judged on the whole release.", &[&description.get()])}</p>
                })}
                {move || controls.get().then(|| view! {
                    <QualityPanel quality=quality.clone()/>
                    <CommitmentsPanel commitments=commitments.clone()/>
                    <Filters by_month=by_month withheld_columns=withheld_columns.clone()/>
                    <FilterStatus text=status/>
                    <ComparisonCard loaded=loaded.clone() figures=figures preamble=preamble/>
                })}
                {CardId::ALL
                    .into_iter()
                    .enumerate()
                    .map(|(i, id)| {
                        let visible = from(FIRST_CARD_PART + i);
                        move || {
                            visible.get().then(|| {
                                let spec = Memo::new(move |_| figures.with(|f| vm::card(f, id, state.chart_layout())));
                                view! { <ChartCard key=id.key() spec=spec.into() preamble=preamble min_cell_count=min empty=empty/> }
                            })
                        }
                    })
                    .collect_view()}
                {move || rest.get().then(|| view! {
                    <Methodology meta=meta.clone()/>
                    <Glossary/>
                    <OwnFile/>
                })}
            </td></tr></tbody>
        </table>
    }
}

/// One chart card alone, for an iframe: `?embed=CHART_ID`.
#[component]
fn EmbedView(loaded: Arc<LoadedRelease>) -> impl IntoView {
    let state = use_app_state();
    // The embed's download header and "Open the full dashboard" link name its release too.
    state.pin(&loaded);
    let wanted = state.query().embed.unwrap_or_default();
    let Some(id) = CardId::parse(&wanted) else {
        let known = CardId::ALL.map(CardId::key).join(", ");
        return view! { <LoadErrorPanel message=trf("There is no chart \"{}\" to embed. Charts: {}.", &[&safe_text(&wanted), &known])/> }
            .into_any();
    };
    let figures = figures_memo(&loaded);
    let spec = Memo::new(move |_| figures.with(|f| vm::card(f, id, state.chart_layout())));
    let full = {
        let mut query = state.query();
        query.embed = None;
        format!("./?{}", io::query_string(&query.to_pairs()))
    };
    view! {
        <p class="embed-source">
            {format!("{}: {}. ", safe_text(&loaded.meta.title), stamp(&loaded))}
            <a href=full target="_blank" rel="noopener">{tr("Open the full dashboard")}</a>
        </p>
        <ChartCard key=id.key() spec=spec.into() preamble=preamble(&loaded) min_cell_count=loaded.meta.min_cell_count
            empty=Signal::derive(move || figures.with(|f| f.records == scrutiny_core::disclose::Cell::Shown(0)))/>
    }
    .into_any()
}
