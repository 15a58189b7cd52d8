//! A chart card in the UK government pattern: a headline title that states the finding, a
//! statistical subtitle, tabs Chart | Table | Download | About, and the text summary under
//! the chart. Every tab reads the same [`CardSpec`], so they always agree.

use crate::components::CountTable;
use crate::io;
use crate::view_model::CardSpec;
use leptos::prelude::*;
use leptos::task::spawn_local;
use scrutiny_core::words::{tr, trf};

/// The four tabs, in order: (key, label).
const TABS: [&str; 4] = ["chart", "table", "download", "about"];

/// A tab's label in the page's language.
fn tab_label(key: &str) -> &'static str {
    match key {
        "chart" => tr("Chart"),
        "table" => tr("Table"),
        "download" => tr("Download"),
        _ => tr("About"),
    }
}

/// One chart card. `spec` changes with the filter; the selected tab stays.
#[component]
pub fn ChartCard(
    /// The card's stable id: anchors, embed links, downloads and tests.
    key: &'static str,
    /// What the card shows.
    spec: Signal<CardSpec>,
    /// Lines that head a download: title, as-of date, filters, permalink.
    preamble: Signal<Vec<String>>,
    /// The smallest count the release shows (for the `[c]` note).
    min_cell_count: u32,
    /// Whether the filter selects no case (the card then says so above its empty chart).
    #[prop(into)]
    empty: Signal<bool>,
    /// The tab open at first: the chart (0), or the table (1) where the figures side by side
    /// are the point, as in the comparison of two releases.
    #[prop(optional)]
    first_tab: usize,
) -> impl IntoView {
    let state = crate::state::use_app_state();
    let id = key;
    let selected = RwSignal::new(first_tab.min(TABS.len() - 1));
    let heading_id = format!("{id}-heading");
    let labelled_by = heading_id.clone();
    view! {
        <section class="card chart-card" id=id data-chart=id data-card-box=id aria-labelledby=labelled_by>
            <h2 id=heading_id>{move || spec.with(|s| s.title.clone())}</h2>
            <p class="subtitle">{move || spec.with(|s| s.subtitle)}</p>
            <TabList id=id selected=selected/>
            <div role="tabpanel" class="tab-panel panel-chart" id=format!("{id}-panel-chart")
                aria-labelledby=format!("{id}-tab-chart") hidden=move || selected.get() != 0>
                <p class="empty-state" hidden=move || !empty.get()>{tr("No cases match this selection. Change the filters, or choose \"Show all cases\".")}</p>
                <ChartImage spec=spec/>
            </div>
            <p class="summary">{move || spec.with(|s| s.summary.clone())}</p>
            <div role="tabpanel" class="tab-panel panel-table" id=format!("{id}-panel-table")
                aria-labelledby=format!("{id}-tab-table") hidden=move || selected.get() != 1>
                // Drawn only while the tab is open or the page is printed: a filter change then
                // rebuilds no hidden table (hundreds of rows for a long weekly series).
                {move || (selected.get() == 1 || state.printing())
                    .then(|| spec.with(|s| s.tables.clone()).into_iter().map(|t| view! { <CountTable table=t/> }).collect_view())}
                <p class="suppression-note" hidden=move || !spec.with(CardSpec::has_suppressed)>
                    {trf("[c]: a count from 1 to {} is not shown, to protect confidentiality; where needed further counts are hidden too, so that no hidden count can be worked out from the total.", &[&min_cell_count.saturating_sub(1)])}
                </p>
            </div>
            <div role="tabpanel" class="tab-panel panel-download no-print" id=format!("{id}-panel-download")
                aria-labelledby=format!("{id}-tab-download") hidden=move || selected.get() != 2>
                <DownloadButtons id=id spec=spec preamble=preamble/>
            </div>
            <div role="tabpanel" class="tab-panel panel-about" id=format!("{id}-panel-about")
                aria-labelledby=format!("{id}-tab-about") hidden=move || selected.get() != 3>
                <p>{move || spec.with(|s| s.about.clone())}</p>
            </div>
        </section>
    }
}

/// WAI-ARIA tabs: one tab in the Tab order; arrows, Home and End move between tabs.
#[component]
fn TabList(id: &'static str, selected: RwSignal<usize>) -> impl IntoView {
    let choose = move |i: usize| {
        selected.set(i);
        io::focus_element(&format!("{id}-tab-{}", TABS[i]));
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let current = selected.get_untracked();
        let next = match ev.key().as_str() {
            "ArrowRight" => (current + 1) % TABS.len(),
            "ArrowLeft" => (current + TABS.len() - 1) % TABS.len(),
            "Home" => 0,
            "End" => TABS.len() - 1,
            _ => return,
        };
        ev.prevent_default();
        choose(next);
    };
    view! {
        <div role="tablist" class="tabs no-print" aria-label=tr("Views of this chart") on:keydown=on_key>
            {TABS
                .iter()
                .enumerate()
                .map(|(i, key)| {
                    view! {
                        <button type="button" role="tab" class="tab" id=format!("{id}-tab-{key}")
                            aria-controls=format!("{id}-panel-{key}")
                            aria-selected=move || (selected.get() == i).to_string()
                            tabindex=move || if selected.get() == i { "0" } else { "-1" }
                            on:click=move |_| selected.set(i)>
                            {tab_label(key)}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// The SVG (in the layout the screen shows), or the chart's error message in its place (the
/// table still has the figures).
#[component]
fn ChartImage(spec: Signal<CardSpec>) -> impl IntoView {
    move || {
        let (svg, layout) = spec.with(|s| (s.chart.svg.clone(), s.chart.layout));
        let class = format!("chart chart-{}", layout.class());
        match svg {
            // The SVG is produced by our chart code, with every text escaped (see charts::render_svg).
            Ok(svg) => view! { <div class=class inner_html=svg></div> }.into_any(),
            Err(error) => view! { <p class=format!("{class} chart-error") role="alert">{error.to_string()}</p> }.into_any(),
        }
    }
}

/// CSV of the tables, the chart as SVG and as PNG.
#[component]
fn DownloadButtons(id: &'static str, spec: Signal<CardSpec>, preamble: Signal<Vec<String>>) -> impl IntoView {
    let status = RwSignal::new(None::<String>);
    let report = move |result: Result<(), io::DownloadError>| status.set(result.err().map(|e| e.to_string()));
    let csv = move |_| {
        let text = spec.with_untracked(|s| scrutiny_core::view::tables_csv(&preamble.get_untracked(), &s.tables));
        report(io::download_text(&format!("scrutiny-{id}.csv"), "text/csv;charset=utf-8", &text));
    };
    let svg = move |_| {
        let chart = spec.with_untracked(|s| s.chart.svg.clone());
        match chart {
            Ok(svg) => report(io::download_text(&format!("scrutiny-{id}.svg"), "image/svg+xml", &svg)),
            Err(e) => status.set(Some(e.to_string())),
        }
    };
    let png = move |_| {
        let (chart, size) = spec.with_untracked(|s| (s.chart.svg.clone(), s.chart.size));
        match chart {
            Ok(svg) => spawn_local(async move { report(io::download_png(&format!("scrutiny-{id}.png"), &svg, size).await) }),
            Err(e) => status.set(Some(e.to_string())),
        }
    };
    view! {
        <p>{tr("The figures in the table, or the chart as an image for slides. Files are made in this page.")}</p>
        <div class="download-buttons">
            <button type="button" class="button" data-download="csv" on:click=csv>{tr("Figures (CSV)")}</button>
            <button type="button" class="button" data-download="svg" on:click=svg>{tr("Chart (SVG)")}</button>
            <button type="button" class="button" data-download="png" on:click=png>{tr("Chart (PNG)")}</button>
        </div>
        <p class="download-status" role="status">{move || status.get()}</p>
    }
}
