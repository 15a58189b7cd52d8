//! Releases over time: the choice of release and of an earlier one to compare it with, the
//! comparison card, the notice of an offline copy, and the offer of the newest release when a
//! link names one the site does not have.

use crate::components::ChartCard;
use crate::io;
use crate::state::{use_app_state, LoadedRelease};
use crate::view_model as vm;
use leptos::prelude::*;
use scrutiny_core::compare::{compare, ReleaseName, KEY};
use scrutiny_core::dates::long_date;
use scrutiny_core::releases::ReleaseEntry;
use scrutiny_core::view::ViewQuery;
use scrutiny_core::Figures;
use std::sync::Arc;

/// The site's releases (newest first), once the list has been read; empty if it could not be.
fn listed_releases() -> Vec<ReleaseEntry> {
    let state = use_app_state();
    state.index.get().and_then(Result::ok).map(|fetched| fetched.index.releases).unwrap_or_default()
}

/// Choose the release shown, and an earlier one to compare it with. A form with a button, so
/// moving through a list with the keyboard does not load a release at each step.
#[component]
pub fn ReleaseChoice(
    /// The release shown.
    current: String,
) -> impl IntoView {
    let state = use_app_state();
    let releases = listed_releases();
    if releases.len() < 2 {
        return ().into_any();
    }
    let compared = state.query().compare;
    let release_choice = NodeRef::<leptos::html::Select>::new();
    let compare_choice = NodeRef::<leptos::html::Select>::new();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(release), Some(compare)) = (release_choice.get(), compare_choice.get()) else { return };
        let compare = Some(compare.value()).filter(|c| !c.is_empty());
        state.show_release(release.value(), compare);
    };
    let option = |r: &ReleaseEntry, chosen: bool| view! { <option value=r.id.clone() selected=chosen>{r.label()}</option> };
    view! {
        <form class="card release-choice no-print" id="release-choice" aria-labelledby="release-choice-heading" on:submit=on_submit>
            <h2 id="release-choice-heading" class="visually-hidden">"Release and comparison"</h2>
            <div class="release-fields">
                <div class="field">
                    <label for="release-select">"Release"</label>
                    <select id="release-select" node_ref=release_choice>
                        {releases.iter().map(|r| option(r, r.id == current)).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="compare-select">"Compare with"</label>
                    <select id="compare-select" node_ref=compare_choice>
                        <option value="" selected=compared.is_none()>"No comparison"</option>
                        {releases.iter().map(|r| option(r, compared.as_deref() == Some(r.id.as_str()))).collect_view()}
                    </select>
                </div>
                <button type="submit" class="button" id="release-show">"Show"</button>
            </div>
            <p class="hint">"Every release stays available at its own link. The comparison shows the same filters in both releases."</p>
        </form>
    }
    .into_any()
}

/// Says that the page shows a copy saved on this device, when the network failed.
#[component]
pub fn OfflineNotice() -> impl IntoView {
    let state = use_app_state();
    move || {
        let saved = state.index.get().and_then(Result::ok).and_then(|fetched| fetched.offline_copy_saved)?;
        let day = saved.get(..10).and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()).map(long_date);
        let when = day.map_or_else(|| "when you last visited".to_string(), |d| format!("on {d}"));
        Some(view! {
            <div class="banner banner-offline" role="status" data-banner="offline">
                <strong>"Offline copy. "</strong>
                {format!("The network is not reachable, so this is the copy saved on this device {when}. A release never changes, so its figures are as published; a newer release may have come out since, and will be shown on your next visit online.")}
            </div>
        })
    }
}

/// The link to the newest release, offered when a link names a release the site does not have.
#[component]
pub fn NewestReleaseOffer(
    /// The newest release.
    newest: ReleaseEntry,
) -> impl IntoView {
    let query = ViewQuery { release: Some(newest.id.clone()), compare: None, ..use_app_state().query() };
    let href = format!("./?{}", io::query_string(&query.to_pairs()));
    view! {
        <p class="newest-offer">
            <a class="button" href=href data-offer="newest">{format!("Show the newest release, {}", newest.label())}</a>
        </p>
    }
}

/// The comparison card, once the release to compare with has loaded (a placeholder of the
/// same size while it loads, so nothing below moves when it appears).
#[component]
pub fn ComparisonCard(
    /// The release shown.
    loaded: Arc<LoadedRelease>,
    /// Its figures for the current filter.
    figures: Memo<Figures>,
    /// Lines that head a download.
    preamble: Signal<Vec<String>>,
) -> impl IntoView {
    let state = use_app_state();
    let min = loaded.meta.min_cell_count;
    move || match state.compared.get() {
        Some(None) => ().into_any(),
        None => view! {
            <section class="card chart-card comparison-loading" data-chart=KEY aria-busy="true">
                <p role="status">"Loading the release to compare with…"</p>
            </section>
        }
        .into_any(),
        Some(Some(Err(error))) => view! {
            <section class="card chart-card" data-chart=KEY>
                <h2>"The comparison cannot be shown"</h2>
                <p role="alert">{error.to_string()}</p>
            </section>
        }
        .into_any(),
        Some(Some(Ok(other))) => {
            let loaded = loaded.clone();
            let counted = other.clone();
            let other_figures = Memo::new(move |_| counted.release.figures(&state.filter()));
            let spec = Memo::new(move |_| {
                let shown = (name_of(&loaded), figures.get());
                let earlier = (name_of(&other), other_figures.get());
                // The earlier as-of date is "then", whichever release the page shows.
                let (then, now) = if earlier.0.as_of <= shown.0.as_of { (earlier, shown) } else { (shown, earlier) };
                vm::comparison_card(&compare((&then.0, &then.1), (&now.0, &now.1)), state.chart_layout())
            });
            // The table first: "what changed" is the figures side by side; the chart is a tab away.
            view! { <ChartCard key=KEY spec=spec.into() preamble=preamble min_cell_count=min empty=Signal::derive(|| false) first_tab=1/> }
                .into_any()
        }
    }
}

/// How the comparison names a release.
fn name_of(release: &LoadedRelease) -> ReleaseName {
    ReleaseName { id: release.id.clone().unwrap_or_default(), as_of: release.meta.as_of }
}
