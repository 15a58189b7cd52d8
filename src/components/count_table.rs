//! A real `<table>` with a caption and headers: the accessible equivalent of a chart.

use leptos::prelude::*;
use scrutiny_core::view::TableData;

/// A table of labelled counts: the first cell of each row is its header. Cells are text:
/// nothing from data is inserted as HTML.
#[component]
pub fn CountTable(
    /// The table: caption, headers, rows (already disclosed: `[c]` for a suppressed cell).
    table: TableData,
) -> impl IntoView {
    let TableData { name, caption, headers, rows } = table;
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
                            let mut cells = row.into_iter();
                            let label = cells.next().unwrap_or_default();
                            view! {
                                <tr>
                                    <th scope="row">{label}</th>
                                    {cells.map(|v| view! { <td>{v}</td> }).collect_view()}
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
