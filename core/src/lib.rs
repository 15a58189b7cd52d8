//! Scrutiny's pure core: the data model, loading, validation, aggregation and disclosure
//! control. It has no browser or UI dependencies and is tested natively.
//!
//! The data flows one way: [`load`] (bytes → rows) → [`validate`] (rows → cases and a
//! report) → [`aggregate`] (cases → exact counts) → [`figures`] (counts → disclosed figures
//! and summaries). The dashboard and the `scrutiny` CLI only call these.

pub mod aggregate;
pub mod commitments;
pub mod dates;
pub mod disclose;
pub mod export;
pub mod figures;
pub mod load;
pub mod metadata;
pub mod model;
pub mod privacy;
pub mod report;
pub mod sample;
pub mod summary;
pub mod validate;

use chrono::NaiveDate;
pub use figures::Figures;
pub use load::Format;
pub use metadata::DatasetMeta;
pub use report::LoadReport;

/// Loads and validates a cases file: the whole gate between a publisher's export and the
/// figures. `file_name` chooses CSV or JSON; `as_of` is the latest date allowed.
pub fn load_cases(bytes: &[u8], file_name: &str, as_of: NaiveDate) -> LoadReport {
    let format = Format::detect(file_name, bytes);
    // Records are at most one per line (CSV) or per object (JSON): a cheap upper bound.
    let marker = if format == Format::Csv { b'\n' } else { b'{' };
    let estimate = bytes.iter().filter(|&&b| b == marker).count();
    let mut validator = validate::Validator::with_capacity(as_of, estimate);
    match load::read_table(bytes, format, &mut |row| validator.row(row)) {
        Ok(table) => validator.finish(table),
        // Rows already validated go with the validator: nothing from a refused file is kept.
        Err(refusal) => LoadReport::refused(refusal),
    }
}

/// Computes the disclosed figures for loaded cases under a release's metadata.
pub fn compute_figures(cases: &[model::Case], meta: &DatasetMeta) -> Figures {
    let aggregates = aggregate::aggregate(cases, meta.as_of, meta.review_target());
    let mut figures = figures::figures(&aggregates, meta.as_of, meta.min_cell_count, meta.court_weekly_range());
    figures.commitments = commitments::evaluate(&meta.commitments, &aggregates, meta.as_of, meta.min_cell_count);
    figures
}
