//! The page's fixed parts: header, banner, release details, headline figures, data
//! quality, loading and error states, methodology, footer.

use crate::state::{DataQuality, ReleaseError};
use leptos::prelude::*;
use scrutiny_core::dates::long_date;
use scrutiny_core::releases::ReleaseEntry;
use scrutiny_core::text::safe_text;
use scrutiny_core::view::ViewQuery;
use scrutiny_core::words::{tr, trf, Lang};
use scrutiny_core::DatasetMeta;

/// Site header with the product name and the language switch.
#[component]
pub fn SiteHeader() -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">{tr("Skip to the figures")}</a>
        <header class="site-header">
            <p class="brand">"Scrutiny"</p>
            <p class="tagline">{tr("Police accountability figures you can check. Everything is computed in your browser.")}</p>
            <LanguageSwitch/>
        </header>
    }
}

/// Links to the same view in each other language (the page reloads in it: every text, date
/// and chart is written once in the page's language). Each link is named in its own language.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let state = crate::state::use_app_state();
    let current = scrutiny_core::words::lang();
    view! {
        <nav class="language-switch no-print" aria-label=tr("Language")>
            {Lang::ALL
                .into_iter()
                .filter(|l| *l != current)
                .map(|other| {
                    let href = move || {
                        let query = ViewQuery { lang: other, ..state.query() };
                        format!("./?{}", crate::io::query_string(&query.to_pairs()))
                    };
                    view! { <a href=href lang=other.code() hreflang=other.code() data-lang=other.code()>{other.own_name()}</a> }
                })
                .collect_view()}
        </nav>
    }
}

/// The "synthetic data" banner, shown whenever the release says it is synthetic.
#[component]
pub fn SyntheticBanner() -> impl IntoView {
    view! {
        <div class="banner banner-synthetic" role="note" data-banner="synthetic">
            <strong>{tr("Synthetic demonstration data. ")}</strong>
            {tr("These figures are generated to resemble published figures. They describe no real person or case and are not official statistics.")}
        </div>
    }
}

/// The notice over a visitor's own file, or a hosted folder that is not a public release (an
/// internal extract: DATA-FORMAT.md lets the dashboard load one, to check it).
#[component]
pub fn OwnFileBanner() -> impl IntoView {
    let own = crate::state::use_app_state().showing_own_file();
    let (lead, rest) = if own {
        (tr("Your file: not a public release. "), tr("It was read in this page and never left your computer. The figures follow the published rules for small counts, but a public release is made with "))
    } else {
        (tr("Not a public release. "), tr("This folder holds an internal extract (exact dates, IDs, pseudonyms), not a release made for the public site. A public release is made with "))
    };
    view! {
        <div class="banner banner-own-file" role="note" data-banner="own-file">
            <strong>{lead}</strong>
            {rest}
            <code>"scrutiny publish"</code>
            {tr(", which removes IDs, pseudonyms and notes, coarsens dates and keeps every group of cases alike at the smallest count shown or more.")}
            {own.then(|| tr(" This view has no permalink."))}
        </div>
    }
}

/// Title, publisher, as-of date, release, when it was published, and where the data came from.
#[component]
pub fn ReleaseHeading(
    /// The release's metadata.
    meta: DatasetMeta,
    /// Where the data came from, in words.
    origin: String,
    /// The hosted release's id (its permalink's `release=`), if hosted.
    id: Option<String>,
    /// The release as the site's list names it, if it does.
    listed: Option<ReleaseEntry>,
) -> impl IntoView {
    let published = listed.as_ref().and_then(ReleaseEntry::published_on);
    view! {
        <h1 id="release-title">{safe_text(&meta.title)}</h1>
        <dl class="release-details" id="release-heading">
            <div><dt>{tr("Publisher")}</dt><dd>{safe_text(&meta.publisher)}</dd></div>
            <div><dt>{tr("Figures as of")}</dt><dd data-field="as-of"><time datetime=meta.as_of.to_string()>{long_date(meta.as_of)}</time></dd></div>
            {published.map(|d| view! { <div><dt>{tr("Published")}</dt><dd data-field="published">{long_date(d)}</dd></div> })}
            <div><dt>{tr("Release")}</dt><dd data-field="release">{safe_text(&id.unwrap_or_else(|| meta.release.clone()))}</dd></div>
            <div><dt>{tr("Data")}</dt><dd data-field="origin">{origin}</dd></div>
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
        <ul class="headlines" id="headlines" aria-label=tr("Headline figures")>
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
    let table = crate::view_model::problems_table(&quality);
    let not_listed = crate::view_model::problems_not_listed(&quality);
    if table.rows.is_empty() {
        return view! { <p class="quality-line" data-field="quality">{summary}</p> }.into_any();
    }
    view! {
        <details class="card quality-panel" data-panel="quality">
            <summary><span class="quality-title">{tr("Data quality: ")}</span><span data-field="quality">{summary}</span></summary>
            <p>{tr("Rows left out are not counted in any figure. Warnings are findings on rows that were kept. Messages never repeat personal data.")}</p>
            <crate::components::CountTable table=table/>
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
            <h2 id="commitments-heading">{tr("Commitments")}</h2>
            <ul class="commitments">
                {commitments
                    .into_iter()
                    .map(|c| {
                        let status = serde_json::to_value(c.status).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default();
                        view! {
                            <li class="commitment" data-status=status data-commitment=c.id.clone()>
                                <p class="commitment-status">{crate::view_model::commitment_badge(c.status)}</p>
                                <p class="commitment-title">{safe_text(&c.title)}</p>
                                <p class="commitment-evidence">{safe_text(&c.evidence)}</p>
                                <p class="commitment-source">{safe_text(&c.source)}</p>
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
            <h2 id="methodology-heading">{tr("Methodology and sources")}</h2>
            <p>{safe_text(&meta.methodology)}</p>
            <h3>{tr("Source")}</h3>
            <p>{safe_text(&meta.source)}</p>
            <h3>{tr("Licence")}</h3>
            <p>{safe_text(&meta.licence)}</p>
            <h3>{tr("Small numbers")}</h3>
            <p>{trf(
                "Counts from 1 to {} are shown as [c] in every chart, table, summary and download. Where the hidden parts of a shown total could be worked out by subtraction (one hidden part, or hidden parts adding up to less than {}), further counts are hidden too.",
                &[&meta.min_cell_count.saturating_sub(1), &meta.min_cell_count],
            )}</p>
        </section>
    }
}

/// The statutory and technical terms the figures use.
#[component]
pub fn Glossary() -> impl IntoView {
    let terms = [
        (tr("Misconduct"), tr("A breach of the Standards of Professional Behaviour serious enough to justify disciplinary action, dealt with at a misconduct meeting (Police (Conduct) Regulations 2020).")),
        (tr("Gross misconduct"), tr("A breach so serious that dismissal could be justified, dealt with at a misconduct hearing.")),
        (tr("Accelerated hearing"), tr("A hearing held quickly where there is enough evidence, without further investigation, that the conduct was gross misconduct.")),
        (tr("Reflective practice"), tr("The Reflective Practice Review Process: learning for conduct that falls short of misconduct; not a disciplinary sanction.")),
        (tr("Would have been dismissed"), tr("The finding when someone who has already left the service would have been dismissed had they still served; they are added to the barred list.")),
        (tr("No case to answer"), tr("The decision, after investigation, that there is no case of misconduct or gross misconduct to answer.")),
        (tr("Charged"), tr("A criminal charge authorised by the Crown Prosecution Service; the first court appearance follows.")),
        (tr("ISO week"), tr("A week from Monday to Sunday, numbered as in ISO 8601; shown as \"w/c\" (week commencing) and the Monday's date.")),
        (tr("[c]"), tr("A confidential count: too small to show without risk of identifying someone.")),
        (tr("Withheld"), tr("A value a public release does not give for some cases (their source, role, category, other-force answer or reported month), because giving it would leave fewer cases alike than the smallest count shown. The cases are still counted in every total.")),
        (tr("Public release"), tr("What this site serves: no case IDs, pseudonyms or notes, reported dates to the month (coarser where needed) and other dates to the week or month, made from the publisher's internal file with scrutiny publish.")),
    ];
    view! {
        <section class="card prose" aria-labelledby="glossary-heading">
            <h2 id="glossary-heading">{tr("Glossary")}</h2>
            <dl class="glossary">
                {terms.into_iter().map(|(term, meaning)| view! { <dt>{term}</dt><dd>{meaning}</dd> }).collect_view()}
            </dl>
        </section>
    }
}

/// Shown while the data loads; the same height as the cards so nothing shifts.
#[component]
pub fn LoadingPlaceholder() -> impl IntoView {
    let state = crate::state::use_app_state();
    let percent = move || state.load_progress().map_or(0, |p| (p.done.saturating_mul(100) / p.total.max(1)).min(100));
    // A download of unknown length (a compressed transfer) says how much is checked instead.
    let checked = move || match state.load_progress() {
        Some(p) if p.total == 0 => trf("{} MB checked", &[&format!("{:.1}", p.done as f64 / 1e6)]),
        _ => trf("{}% checked", &[&percent()]),
    };
    let stage = move || if state.load_progress().is_some() { tr("Checking the data in this page…") } else { tr("Loading the data…") };
    view! {
        <div class="loading">
            <p role="status">{stage}</p>
            <div class="load-progress" hidden=move || state.load_progress().is_none()>
                <label for="load-progress">{checked}</label>
                <progress id="load-progress" max="100" prop:value=percent></progress>
            </div>
            <button type="button" id="cancel-loading" class="button button-secondary" on:click=move |_| state.cancel_loading()>
                {tr("Cancel loading")}
            </button>
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
            <h2>{tr("The figures cannot be shown")}</h2>
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
            <p>{tr("Scrutiny runs entirely in your browser: no data leaves this page, and nothing is tracked. Small counts are shown as [c] to protect confidentiality.")}</p>
        </footer>
    }
}
