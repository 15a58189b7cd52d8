//! The controls: filters (kept in the URL), the live description of the selection, the
//! briefing and theme buttons, and opening your own file. They change app state through
//! [`AppState`]'s methods; the figures follow.

use crate::data_worker;
use crate::io;
use crate::state::{use_app_state, AppState};
use chrono::NaiveDate;
use leptos::prelude::*;
use scrutiny_core::aggregate::{Filter, FilterDimension};
use scrutiny_core::model::WITHHELD;
use scrutiny_core::period::Period;
use scrutiny_core::words::tr;

/// The filter form. Empty choices mean "all"; dates are typed or picked (no drag-only control).
#[component]
pub fn Filters(
    /// Whether the release dates reports to the month (a public release): the date fields
    /// then pick months, and a view runs from the first of one to the last day of the other.
    by_month: bool,
    /// The columns in which the release withholds some values (each gets a "Withheld" choice).
    withheld_columns: Vec<String>,
) -> impl IntoView {
    let state = use_app_state();
    let (kind, format): (_, fn(NaiveDate) -> String) =
        if by_month { ("month", scrutiny_core::dates::iso_month) } else { ("date", scrutiny_core::dates::iso_date) };
    let date_value = move |pick: fn(&Filter) -> Option<NaiveDate>| move || pick(&state.filter()).map(format).unwrap_or_default();
    let set_date = move |which: &'static str, text: String| {
        let mut filter = state.filter();
        // A month stands for its first day in "from" and its last day in "to".
        let date = if by_month {
            scrutiny_core::dates::parse_iso_date(&format!("{}-01", text.trim())).map(|d| {
                if which == "from" {
                    d
                } else {
                    Period::month_of(d).last_day()
                }
            })
        } else {
            scrutiny_core::dates::parse_iso_date(&text)
        };
        if which == "from" {
            filter.from = date;
        } else {
            filter.to = date;
        }
        state.set_filter(filter);
    };
    let hint = by_month.then(|| view! { <span class="hint">{tr(" (months: this release dates reports to the month)")}</span> });
    view! {
        <form id="filters" class="card filters no-print" aria-labelledby="filters-heading" on:submit=|ev| ev.prevent_default()>
            <h2 id="filters-heading">{tr("Filter the cases")}</h2>
            <fieldset class="filter-dates">
                <legend>{tr("Reported between")}{hint}</legend>
                <label for="filter-from">{tr("From")}</label>
                <input type=kind id="filter-from" name="from" placeholder=by_month.then_some("YYYY-MM") prop:value=date_value(|f| f.from)
                    on:change=move |ev| set_date("from", event_target_value(&ev))/>
                <label for="filter-to">{tr("To")}</label>
                <input type=kind id="filter-to" name="to" placeholder=by_month.then_some("YYYY-MM") prop:value=date_value(|f| f.to)
                    on:change=move |ev| set_date("to", event_target_value(&ev))/>
            </fieldset>
            {FilterDimension::ALL
                .iter()
                .map(|&dimension| {
                    let withheld = withheld_columns.iter().any(|c| c == dimension.column());
                    view! { <ChoiceGroup dimension withheld/> }
                })
                .collect_view()}
            <button type="button" id="filter-reset" class="button button-secondary" on:click=move |_| state.set_filter(Filter::default())>
                {tr("Show all cases")}
            </button>
        </form>
    }
}

/// A filter dimension's group of checkboxes, one per choice; none ticked means all.
/// "Withheld" is a choice only where the release withholds some values.
#[component]
fn ChoiceGroup(dimension: FilterDimension, withheld: bool) -> impl IntoView {
    let state = use_app_state();
    let (legend, name, options) = (dimension.legend(), dimension.key(), dimension.options());
    view! {
        <fieldset class="filter-choices">
            <legend>{tr(legend)}<span class="hint">{tr(" (none ticked: all)")}</span></legend>
            {options
                .into_iter()
                .enumerate()
                .filter(|(_, label)| withheld || *label != WITHHELD)
                .map(|(i, label)| {
                    let input_id = format!("filter-{name}-{i}");
                    view! {
                        <div class="choice">
                            <input type="checkbox" id=input_id.clone() name=name value=label
                                prop:checked=move || state.filter().chosen_labels(dimension).contains(&label)
                                on:change=move |_| {
                                    let mut filter = state.filter();
                                    filter.toggle(dimension, i);
                                    state.set_filter(filter);
                                }/>
                            <label for=input_id>{scrutiny_core::words::tr_label(label)}</label>
                        </div>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}

/// The selection in words, announced politely to screen readers when it changes.
#[component]
pub fn FilterStatus(
    /// "Showing 1,234 cases: …".
    text: Signal<String>,
) -> impl IntoView {
    view! { <p id="filter-status" class="filter-status" aria-live="polite" aria-atomic="true">{move || text.get()}</p> }
}

/// Print, theme and own-file controls.
#[component]
pub fn Toolbar() -> impl IntoView {
    view! {
        <div class="toolbar no-print">
            <button type="button" id="print-briefing" class="button" on:click=|_| io::print_page()>{tr("Print briefing")}</button>
            <ThemeToggle/>
        </div>
    }
}

/// Switches between light and dark themes (the system's choice is the starting point).
#[component]
fn ThemeToggle() -> impl IntoView {
    let dark = RwSignal::new(io::prefers_dark());
    Effect::new(move |_| io::set_theme(if dark.get() { "dark" } else { "light" }));
    view! {
        <button type="button" id="theme-toggle" class="button button-secondary" aria-pressed=move || dark.get().to_string()
            on:click=move |_| dark.update(|d| *d = !*d)>
            {tr("Dark theme")}
        </button>
    }
}

/// Open a CSV or JSON file (and optionally its dataset.json): read in the page only.
#[component]
pub fn OwnFile() -> impl IntoView {
    let state = use_app_state();
    let open = move |files: Option<web_sys::FileList>, state: AppState| {
        if let Some(files) = files {
            state.open_files(data_worker::choose_local_files(&files));
        }
    };
    let on_change = move |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        let input = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
        open(input.and_then(|i| i.files()), state);
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        open(ev.data_transfer().and_then(|d| d.files()), state);
    };
    view! {
        <section id="drop-zone" class="card own-file no-print" aria-labelledby="own-file-heading"
            on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default() on:drop=on_drop>
            <h2 id="own-file-heading">{tr("Check your own file")}</h2>
            <p>{tr("Open a cases file (CSV or JSON), and its dataset.json if you have one, or drop them here. ")}
               <strong>{tr("The file is read in this page: nothing is uploaded.")}</strong>
               {tr(" The same checks and rules as for the published figures apply.")}</p>
            <label for="own-file" class="file-label">{tr("Choose files")}</label>
            <input type="file" id="own-file" multiple accept=".csv,.json,text/csv,application/json" on:change=on_change/>
        </section>
    }
}

/// What the link asked for that could not be used, so nothing is ignored silently.
#[component]
pub fn LinkNotes() -> impl IntoView {
    let state = use_app_state();
    move || {
        let notes = state.link_notes();
        (!notes.is_empty()).then(|| {
            view! {
                <div class="banner banner-warning" role="note">
                    {notes.into_iter().map(|n| view! { <p>{n}</p> }).collect_view()}
                </div>
            }
        })
    }
}
