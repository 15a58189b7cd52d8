//! A loaded release that answers filters: the columnar case table, the metadata, and the
//! commitments judged once on the whole release.

use crate::aggregate::{Aggregates, CaseTable, Filter};
use crate::commitments::{evaluate, CommitmentResult};
use crate::figures::Figures;
use crate::metadata::DatasetMeta;
use crate::model::{Case, Schema};
use crate::period::Period;

/// A loaded release, ready to answer filters without re-parsing: the columnar case table,
/// the release's metadata, and its commitments (judged once, on the whole release, whatever
/// the filter: a commitment is about everything published).
#[derive(Debug, Clone)]
pub struct Release {
    table: CaseTable,
    meta: DatasetMeta,
    commitments: Vec<CommitmentResult>,
}

impl Release {
    /// Builds the table for `cases` and evaluates the commitments in `meta`.
    pub fn new(cases: &[Case], meta: DatasetMeta) -> Release {
        Release::from_table(CaseTable::new(cases, meta.as_of), meta)
    }

    /// A release from a table already built (read from the bytes of [`CaseTable::to_bytes`]).
    pub fn from_table(table: CaseTable, meta: DatasetMeta) -> Release {
        let whole = table.aggregate(&Filter::default(), meta.review_target());
        let commitments = evaluate(&meta.commitments, &whole, meta.as_of, meta.min_cell_count);
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
    pub fn commitments(&self) -> &[CommitmentResult] {
        &self.commitments
    }

    /// The filter a view of this release applies: a public release dates reports to the month
    /// (or coarser), so its views run from the first day of the month of `from` to the last
    /// day of the month of `to`. An internal extract's views keep their days.
    pub fn view_filter(&self, filter: &Filter) -> Filter {
        if self.meta.schema() == Schema::Extract {
            return filter.clone();
        }
        Filter {
            from: filter.from.map(|d| Period::month_of(d).first_day()),
            to: filter.to.map(|d| Period::month_of(d).last_day()),
            ..filter.clone()
        }
    }

    /// Exact counts for the cases `filter` selects (for the CLI's raw output; never shown on the page).
    pub fn aggregates(&self, filter: &Filter) -> Aggregates {
        self.table.aggregate(&self.view_filter(filter), self.meta.review_target())
    }

    /// The disclosed figures for the cases `filter` selects, with the release's commitments.
    pub fn figures(&self, filter: &Filter) -> Figures {
        let aggregates = self.aggregates(filter);
        let mut figures = Figures::disclose(&aggregates, self.meta.as_of, self.meta.min_cell_count, self.meta.court_weekly_range());
        figures.commitments = self.commitments.clone();
        figures.court.expected_from = self.meta.court_weekly_from();
        figures.annotations = self.meta.annotations.clone();
        figures
    }
}

/// Computes the disclosed figures for loaded cases under a release's metadata, unfiltered.
pub fn compute_figures(cases: &[Case], meta: &DatasetMeta) -> Figures {
    Release::new(cases, meta.clone()).figures(&Filter::default())
}
