//! A chart card: headline title, statistical subtitle, the chart (wide or narrow SVG by
//! screen width), its text summary, and its table.

use crate::charts::RenderedChart;
use leptos::prelude::*;

/// One chart with its summary and table.
#[component]
pub fn ChartCard(
    /// Stable id, used in anchors and tests.
    #[prop(into)]
    id: String,
    /// The finding, stated as a headline.
    #[prop(into)]
    title: String,
    /// What is counted, over what period.
    #[prop(into)]
    subtitle: String,
    /// The chart in both layouts.
    chart: RenderedChart,
    /// The plain-English summary (also the SVG's description).
    #[prop(into)]
    summary: String,
    /// The table(s) with the same figures.
    children: Children,
) -> impl IntoView {
    let heading_id = format!("{id}-heading");
    let labelled_by = heading_id.clone();
    let chart_key = id.clone();
    view! {
        <section class="card chart-card" id=id data-chart=chart_key aria-labelledby=labelled_by>
            <h2 id=heading_id>{title}</h2>
            <p class="subtitle">{subtitle}</p>
            <ChartImage svg=chart.wide class="chart chart-wide"/>
            <ChartImage svg=chart.narrow class="chart chart-narrow"/>
            <p class="summary">{summary}</p>
            <details class="table-details">
                <summary>"Show the figures as a table"</summary>
                {children()}
            </details>
        </section>
    }
}

/// The SVG, or the chart's error message in its place (the table still has the figures).
#[component]
fn ChartImage(svg: Result<String, crate::charts::ChartError>, class: &'static str) -> impl IntoView {
    match svg {
        // The SVG is produced by our chart code, with every text escaped (see charts::render_svg).
        Ok(svg) => view! { <div class=class inner_html=svg></div> }.into_any(),
        Err(error) => view! { <p class=format!("{class} chart-error") role="alert">{error.to_string()}</p> }.into_any(),
    }
}
