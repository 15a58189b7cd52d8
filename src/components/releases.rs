//! Releases over time: the choice of release and of an earlier one to compare it with, the
//! comparison card, the notice of an offline copy, and the offer of the newest release when a
//! link names one the site does not have.

use crate::components::ChartCard;
use crate::io;
use crate::state::{use_app_state, LoadedRelease};
use crate::view_model as vm;
use leptos::prelude::*;
use scrutiny_core::compare::{between, ReleaseName, KEY};
use scrutiny_core::dates::{day_of_timestamp, long_date};
use scrutiny_core::releases::ReleaseEntry;
use scrutiny_core::view::ViewQuery;
use scrutiny_core::words::{tr, trf};
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
    // A release shown but not listed (an unpublished folder) is still the one chosen.
    let unlisted = (!releases.iter().any(|r| r.id == current)).then(|| current.clone());
    let others: Vec<ReleaseEntry> = releases.iter().filter(|r| r.id != current).cloned().collect();
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
            <h2 id="release-choice-heading" class="visually-hidden">{tr("Release and comparison")}</h2>
            <div class="release-fields">
                <div class="field">
                    <label for="release-select">{tr("Release")}</label>
                    <select id="release-select" node_ref=release_choice>
                        {unlisted.map(|id| view! { <option value=id.clone() selected=true>{id.clone()}</option> })}
                        {releases.iter().map(|r| option(r, r.id == current)).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="compare-select">{tr("Compare with")}</label>
                    // Follows the address (Back and Forward can change only the comparison).
                    <select id="compare-select" node_ref=compare_choice>
                        <option value="" prop:selected=move || state.compare_id().is_none()>{tr("No comparison")}</option>
                        {others
                            .iter()
                            .map(|r| {
                                let id = r.id.clone();
                                let chosen = move || state.compare_id().as_deref() == Some(id.as_str());
                                view! { <option value=r.id.clone() prop:selected=chosen>{r.label()}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
                <button type="submit" class="button" id="release-show">{tr("Show")}</button>
            </div>
            <p class="hint">{tr("Every release stays available at its own link. The comparison shows the same filters in both releases.")}</p>
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
        let when = day_of_timestamp(&saved).map_or_else(|| tr("when you last visited").to_string(), |d| trf("on {}", &[&long_date(d)]));
        Some(view! {
            <div class="banner banner-offline" role="status" data-banner="offline">
                <strong>{tr("Offline copy. ")}</strong>
                {trf("The network is not reachable, so this is the copy saved on this device {}. A release never changes, so its figures are as published; a newer release may have come out since, and will be shown on your next visit online.", &[&when])}
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
            <a class="button" href=href data-offer="newest">{trf("Show the newest release, {}", &[&newest.label()])}</a>
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
    move || {
        let wanted = state.compare_id()?;
        let view = match state.compared.get().flatten() {
            // Loaded, but not yet the one asked for: still loading.
            Some((id, _)) if id != wanted => ComparisonLoading().into_any(),
            None => ComparisonLoading().into_any(),
            Some((_, Err(error))) => {
                reveal_when_drawn(&state);
                view! {
                <section class="card chart-card" data-chart=KEY>
                    <h2>{tr("The comparison cannot be shown")}</h2>
                    <p role="alert">{error.to_string()}</p>
                </section>
                }
                .into_any()
            }
            Some((_, Ok(other))) => {
                reveal_when_drawn(&state);
                // Read offline later like the release shown.
                if let Some(id) = other.id.as_deref() {
                    leptos::task::spawn_local(io::keep_for_offline(id.to_string()));
                }
                let min = loaded.meta.min_cell_count.max(other.meta.min_cell_count);
                let (loaded, counted) = (loaded.clone(), other.clone());
                let other_figures = Memo::new(move |_| counted.release.figures(&state.filter()));
                let spec = Memo::new(move |_| {
                    let comparison = between((&name_of(&loaded), &figures.get()), (&name_of(&other), &other_figures.get()));
                    vm::comparison_card(&comparison, state.chart_layout())
                });
                // The table first: "what changed" is the figures side by side; the chart is a tab away.
                view! { <ChartCard key=KEY spec=spec.into() preamble=preamble min_cell_count=min empty=Signal::derive(|| false) first_tab=1/> }
                    .into_any()
            }
        };
        Some(view)
    }
}

/// After the visitor asked for a comparison with the form: once its card is drawn, scrolls to
/// it and moves focus to it, so the answer to "Show" is seen and announced.
fn reveal_when_drawn(state: &crate::state::AppState) {
    if state.take_reveal_comparison() {
        io::after_next_paint(|| io::reveal(KEY));
    }
}

/// The comparison card's place while the release to compare with loads.
#[component]
fn ComparisonLoading() -> impl IntoView {
    view! {
        <section class="card chart-card comparison-loading" data-chart=KEY aria-busy="true">
            <p role="status">{tr("Loading the release to compare with…")}</p>
        </section>
    }
}

/// How the comparison names a release.
fn name_of(release: &LoadedRelease) -> ReleaseName {
    ReleaseName { id: release.id.clone().unwrap_or_default(), as_of: release.meta.as_of }
}
