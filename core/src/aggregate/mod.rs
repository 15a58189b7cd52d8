//! Raw aggregates over loaded records, for a filter: exact counts, before disclosure control.
//! Nothing here is shown directly; the figures stage discloses them first.
//!
//! Aggregation runs over a [`CaseTable`]: the records stored column by column as small
//! integers, sorted into blocks by the filter dimensions' codes (the block code) and by
//! reported date within each block, built once per load, with each block's totals precomputed. A filter change adds the
//! totals of whole blocks and visits only the rows of blocks cut by the date range, plus one
//! pass over compact columns in subject order for the people figures; it never re-parses.
//!
//! One job per file, each private module providing one thing:
//! - `filter`: the filter dimensions, declared once (`filter_dimensions!`), and what derives
//!   from them: [`Filter`], [`FilterDimension`], the block code and the compiled filter;
//! - `codes`: values as small integers (day numbers, value codes, joint codes), every count
//!   derived from the model's `ALL` lists;
//! - `columns`: the per-record columns, declared once (`record_columns!`);
//! - `calendar`: the as-of day and where the series start;
//! - `table`: [`CaseTable`], built from cases and written to or read from bytes;
//! - `query`: running a filter over the table ([`CaseTable::aggregate`]);
//! - `segments`: year segments of large blocks and their totals;
//! - `people`: the people pass (distinct and repeat subjects);
//! - `accumulator`: the running totals of a pass and their expansion into [`Aggregates`];
//! - `stats`: quartiles, cumulative series and the review projection;
//! - `output`: the public result types;
//! - [`codec`] (public): the byte format the data worker hands to the page.

mod accumulator;
mod calendar;
pub mod codec;
mod codes;
mod columns;
mod filter;
mod output;
mod people;
mod query;
mod segments;
mod stats;
mod table;
#[cfg(test)]
mod tests;

pub use filter::{Filter, FilterDimension, NotAChoice};
pub use output::{
    Aggregates, Category, CourtAppearances, Outcomes, Projection, Quartiles, ReviewProgress, TimeToOutcome, NOT_IN_REVIEW, NOT_RECORDED,
};
pub use table::CaseTable;

use crate::model::Case;
use chrono::NaiveDate;

/// Computes every aggregate over all of `cases`, as of `as_of`.
pub fn aggregate(cases: &[Case], as_of: NaiveDate, review_target: Option<NaiveDate>) -> Aggregates {
    CaseTable::new(cases, as_of).aggregate(&Filter::default(), review_target)
}
