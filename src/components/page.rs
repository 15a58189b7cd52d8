//! The page's fixed parts: header, banner, release details, headline figures, data
//! quality, loading and error states, methodology, footer.

use crate::state::{DataQuality, ReleaseError};
use leptos::prelude::*;
use scrutiny_core::figures::long_date;
use scrutiny_core::DatasetMeta;

/// Site header with the product name.
#[component]
pub fn SiteHeader() -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">"Skip to the figures"</a>
        <header class="site-header">
            <p class="brand">"Scrutiny"</p>
            <p class="tagline">"Police accountability figures you can check. Everything is computed in your browser."</p>
        </header>
    }
}

/// The "synthetic data" banner, shown whenever the release says it is synthetic.
#[component]
pub fn SyntheticBanner() -> impl IntoView {
    view! {
        <div class="banner banner-synthetic" role="note" data-banner="synthetic">
            <strong>"Synthetic demonstration data. "</strong>
            "These figures are generated to resemble published figures. They describe no real person or case and are not official statistics."
        </div>
    }
}

/// Title, publisher, as-of date and release.
#[component]
pub fn ReleaseHeading(
    /// The release's metadata.
    meta: DatasetMeta,
) -> impl IntoView {
    view! {
        <h1 id="release-title">{meta.title.clone()}</h1>
        <dl class="release-details">
            <div><dt>"Publisher"</dt><dd>{meta.publisher.clone()}</dd></div>
            <div><dt>"Figures as of"</dt><dd data-field="as-of">{long_date(meta.as_of)}</dd></div>
            <div><dt>"Release"</dt><dd>{meta.release.clone()}</dd></div>
        </dl>
    }
}

/// The row of headline figures.
#[component]
pub fn Headlines(
    /// (label, value, key) for each figure.
    items: Vec<(String, String, &'static str)>,
) -> impl IntoView {
    view! {
        <ul class="headlines" aria-label="Headline figures">
            {items
                .into_iter()
                .map(|(label, value, key)| view! {
                    <li class="headline">
                        <span class="headline-value" data-headline=key>{value}</span>
                        <span class="headline-label">{label}</span>
                    </li>
                })
                .collect_view()}
        </ul>
    }
}

/// How many rows loaded, were left out and were warned about, and (collapsible) every problem.
#[component]
pub fn QualityPanel(
    /// What loading found.
    quality: DataQuality,
) -> impl IntoView {
    let summary = crate::view_model::quality_summary(&quality);
    let rows = crate::view_model::problem_rows(&quality);
    let not_listed = crate::view_model::problems_not_listed(&quality);
    let headers = ["Where", "Column", "Severity", "Message"].map(String::from).to_vec();
    if rows.is_empty() {
        return view! { <p class="quality-line" data-field="quality">{summary}</p> }.into_any();
    }
    view! {
        <details class="card quality-panel" data-panel="quality">
            <summary><span class="quality-title">"Data quality: "</span><span data-field="quality">{summary}</span></summary>
            <p>"Rows left out are not counted in any figure. Warnings are findings on rows that were kept. Messages never repeat personal data."</p>
            <crate::components::CountTable name="problems" caption="Problems found in the data file".to_string() headers=headers rows=rows/>
            {not_listed.map(|text| view! { <p class="not-listed">{text}</p> })}
        </details>
    }
    .into_any()
}

/// The published commitments, each with its status in words and symbol, and the evidence.
#[component]
pub fn CommitmentsPanel(
    /// Evaluated commitments.
    commitments: Vec<scrutiny_core::commitments::CommitmentResult>,
) -> impl IntoView {
    if commitments.is_empty() {
        return ().into_any();
    }
    view! {
        <section aria-labelledby="commitments-heading">
            <h2 id="commitments-heading">"Commitments"</h2>
            <ul class="commitments">
                {commitments
                    .into_iter()
                    .map(|c| {
                        let status = serde_json::to_value(c.status).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default();
                        view! {
                            <li class="commitment" data-status=status data-commitment=c.id.clone()>
                                <p class="commitment-status">{crate::view_model::commitment_badge(c.status)}</p>
                                <p class="commitment-title">{c.title.clone()}</p>
                                <p class="commitment-evidence">{c.evidence.clone()}</p>
                                <p class="commitment-source">{c.source.clone()}</p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
    .into_any()
}

/// Methodology and sources from dataset.json.
#[component]
pub fn Methodology(
    /// The release's metadata.
    meta: DatasetMeta,
) -> impl IntoView {
    view! {
        <section class="card prose" aria-labelledby="methodology-heading">
            <h2 id="methodology-heading">"Methodology and sources"</h2>
            <p>{meta.methodology.clone()}</p>
            <h3>"Source"</h3>
            <p>{meta.source.clone()}</p>
            <h3>"Licence"</h3>
            <p>{meta.licence.clone()}</p>
        </section>
    }
}

/// Shown while the data loads; the same height as the cards so nothing shifts.
#[component]
pub fn LoadingPlaceholder() -> impl IntoView {
    view! {
        <div class="loading" role="status" aria-live="polite">
            <p>"Loading the data…"</p>
            <div class="card skeleton"></div>
            <div class="card skeleton"></div>
        </div>
    }
}

/// Shown instead of the charts when the release cannot be shown.
#[component]
pub fn LoadErrorPanel(
    /// What went wrong, in words.
    message: String,
) -> impl IntoView {
    view! {
        <div class="card error-panel" role="alert" data-state="error">
            <h2>"The figures cannot be shown"</h2>
            <p>{message}</p>
        </div>
    }
}

/// The message for a [`ReleaseError`], as plain text.
pub fn error_message(error: &ReleaseError) -> String {
    error.to_string()
}

/// Site footer.
#[component]
pub fn SiteFooter() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <p>"Scrutiny runs entirely in your browser: no data leaves this page, and nothing is tracked. Counts from 1 to 2 are shown as [c] to protect confidentiality."</p>
        </footer>
    }
}
