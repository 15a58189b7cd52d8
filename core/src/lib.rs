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
pub mod view;

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

/// A loaded release, ready to answer filters without re-parsing: the columnar case table,
/// the release's metadata, and its commitments (judged once, on the whole release, whatever
/// the filter: a commitment is about everything published).
#[derive(Debug, Clone)]
pub struct Release {
    table: aggregate::CaseTable,
    meta: DatasetMeta,
    commitments: Vec<commitments::CommitmentResult>,
}

impl Release {
    /// Builds the table for `cases` and evaluates the commitments in `meta`.
    pub fn new(cases: &[model::Case], meta: DatasetMeta) -> Release {
        let table = aggregate::CaseTable::new(cases, meta.as_of);
        let whole = table.aggregate(&aggregate::Filter::default(), meta.review_target());
        let commitments = commitments::evaluate(&meta.commitments, &whole, meta.as_of, meta.min_cell_count);
        Release { table, meta, commitments }
    }

    /// The release's metadata.
    pub fn meta(&self) -> &DatasetMeta {
        &self.meta
    }

    /// Records in the release.
    pub fn len(&self) -> usize {
        self.table.len()
    }

    /// Whether the release has no records.
    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }

    /// The commitments with status and evidence.
    pub fn commitments(&self) -> &[commitments::CommitmentResult] {
        &self.commitments
    }

    /// Exact counts for the cases `filter` selects (for the CLI's raw output; never shown on the page).
    pub fn aggregates(&self, filter: &aggregate::Filter) -> aggregate::Aggregates {
        self.table.aggregate(filter, self.meta.review_target())
    }

    /// The disclosed figures for the cases `filter` selects, with the release's commitments.
    pub fn figures(&self, filter: &aggregate::Filter) -> Figures {
        let aggregates = self.aggregates(filter);
        let mut figures = figures::figures(&aggregates, self.meta.as_of, self.meta.min_cell_count, self.meta.court_weekly_range());
        figures.commitments = self.commitments.clone();
        figures
    }
}

/// Computes the disclosed figures for loaded cases under a release's metadata, unfiltered.
pub fn compute_figures(cases: &[model::Case], meta: &DatasetMeta) -> Figures {
    Release::new(cases, meta.clone()).figures(&aggregate::Filter::default())
}
