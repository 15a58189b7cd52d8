//! A real `<table>` with a caption and headers: the accessible equivalent of a chart.

use leptos::prelude::*;

/// One row: a label and its values as displayed (counts with separators, or `[c]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRow {
    /// The row header.
    pub label: String,
    /// The cells, already formatted.
    pub values: Vec<String>,
}

/// A table of labelled counts. Cells are text: nothing from data is inserted as HTML.
#[component]
pub fn CountTable(
    /// The table's caption.
    caption: String,
    /// Column headers, the first for the row labels.
    headers: Vec<String>,
    /// The rows.
    rows: Vec<TableRow>,
    /// A short name for tests and styling.
    #[prop(into)]
    name: String,
) -> impl IntoView {
    let region_label = caption.clone();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=region_label>
            <table class="count-table" data-table=name>
                <caption>{caption}</caption>
                <thead>
                    <tr>{headers.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|row| {
                            view! {
                                <tr>
                                    <th scope="row">{row.label}</th>
                                    {row.values.into_iter().map(|v| view! { <td>{v}</td> }).collect_view()}
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
