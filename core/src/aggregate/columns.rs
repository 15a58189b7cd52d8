//! The table's per-record columns, declared once in [`record_columns!`]: each column's name,
//! type and how it is read from a case (or derived from the other columns). Reserving,
//! pushing, the length check and the byte format are all generated from that one list, so a
//! new column is one line here.

use super::calendar::Calendar;
use super::codec::{ColumnSource, Element, TableBytesError, Writer};
use super::codes::{code, court_code, day, joint, offset, opt_day, outcome_months, NONE, NO_DAY};
use super::filter::{block_of, BlockCode};
use crate::model::{Case, ReviewStatus};

/// Declares the per-record columns: first those read from each case (`name: type = value of
/// the case`), then those derived from them once the calendar is known (`name: type = value
/// of row i`), and generates the struct with `reserve`, `push`, `derive`, `have_length`,
/// `write` and `read`.
macro_rules! record_columns {
    (
        read |$case:ident| { $( $(#[$doc:meta])* $name:ident : $type:ty = $value:expr, )+ }
        derived |$columns:ident, $calendar:ident, $row:ident| { $( $(#[$derived_doc:meta])* $derived:ident : $derived_type:ty = $derived_value:expr, )+ }
    ) => {
        /// One value per record in every column, in the table's row order.
        #[derive(Debug, Clone, Default)]
        pub(super) struct RecordColumns {
            $( $(#[$doc])* pub $name: Vec<$type>, )+
            $( $(#[$derived_doc])* pub $derived: Vec<$derived_type>, )+
        }

        impl RecordColumns {
            /// Room for `n` records in every column read from the cases, so pushing never reallocates.
            pub fn reserve(&mut self, n: usize) {
                $( self.$name.reserve_exact(n); )+
            }

            /// Appends one case's values.
            pub fn push(&mut self, $case: &Case) {
                $( self.$name.push($value); )+
            }

            /// Puts the rows in `order` (row `k` becomes the row `order[k]` was), a column at a
            /// time: each gathers from one small array, where gathering whole cases in that
            /// order would jump about the records.
            pub fn permute(&mut self, order: &[usize]) {
                $( self.$name = order.iter().map(|&i| self.$name[i]).collect(); )+
            }

            /// Fills the derived columns from the columns read and the calendar.
            pub fn derive(&mut self, $calendar: &Calendar) {
                let n = self.len();
                $(
                    let column: Vec<$derived_type> = {
                        let $columns = &*self;
                        (0..n).map(|$row| $derived_value).collect()
                    };
                    self.$derived = column;
                )+
            }

            /// Whether every column has `n` values (checked before any pass indexes into them).
            pub fn have_length(&self, n: usize) -> bool {
                true $( && self.$name.len() == n )+ $( && self.$derived.len() == n )+
            }

            /// Writes every column (see the codec).
            pub fn write(&self, w: &mut Writer) {
                $( Element::write(w, &self.$name); )+
                $( Element::write(w, &self.$derived); )+
            }

            /// Reads columns written by [`RecordColumns::write`].
            pub fn read(r: &mut dyn ColumnSource) -> Result<RecordColumns, TableBytesError> {
                Ok(RecordColumns {
                    $( $name: Element::read(r)?, )+
                    $( $derived: Element::read(r)?, )+
                })
            }
        }
    };
}

record_columns! {
    read |c| {
        /// Reported day (the first day of a release's reported period).
        reported: i32 = day(c.reported_date),
        /// The last day of the reported period (the reported day in an extract).
        reported_until: i32 = day(c.reported_until),
        /// The block a row belongs to (its filter dimensions' codes; see `filter::block_of`).
        block: BlockCode = block_of(c),
        /// Allegation category code.
        category: u8 = c.allegation_category.index() as u8,
        /// Review status code.
        review_status: u8 = code(c.review_status),
        /// Review completion day of a completed review, else `NO_DAY`.
        review_completed: i32 = if c.review_status == Some(ReviewStatus::Completed) { opt_day(c.review_completed_date) } else { NO_DAY },
        /// Review result code.
        review_result: u8 = code(c.review_result),
        /// Charge day.
        charged: i32 = opt_day(c.charged_date),
        /// Offence group code.
        offence_group: u8 = code(c.offence_group),
        /// First court day.
        court: i32 = opt_day(c.court_date),
        /// Criminal outcome code.
        criminal_outcome: u8 = code(c.criminal_outcome),
        /// Criminal outcome day.
        criminal_outcome_date: i32 = opt_day(c.criminal_outcome_date),
        /// Proceedings code.
        proceedings: u8 = code(c.proceedings),
        /// Misconduct outcome code.
        misconduct_outcome: u8 = code(c.misconduct_outcome),
        /// Misconduct outcome day.
        misconduct_outcome_date: i32 = opt_day(c.misconduct_outcome_date),
        /// Source × other-force joint code.
        source_force: u8 = joint::source_force(code(c.source), code(c.other_force)),
        /// Subject-cases mark × misconduct outcome joint code (the repeat-report figures).
        subject_code: u8 = joint::subject(c.subject_cases.index(), code(c.earlier_case_outcome)),
    }
    // Precomputed so that a re-filter does no date arithmetic, two bytes at most each so that a
    // pass reads as little memory as possible.
    derived |t, calendar, i| {
        /// Days from the first completion week to the review completion, or `NONE`.
        completion_offset: u16 = match t.review_completed[i] {
            NO_DAY => NONE,
            d => offset(d, calendar.first_completion_week.unwrap_or(calendar.as_of)),
        },
        /// Court week × court groups + offence group, `NONE`, or `SCHEDULED` (see `codes::court_code`).
        court_code: u16 = court_code(
            t.court[i],
            t.offence_group[i],
            calendar.first_court_week.unwrap_or(calendar.as_of),
            calendar.as_of,
        ),
        /// Months from the reported month to the misconduct outcome's, or `NONE`.
        misconduct_months: u16 = outcome_months(t.misconduct_outcome_date[i], t.reported[i], t.reported_until[i]),
        /// Months from the reported month to the criminal outcome's, or `NONE`.
        criminal_months: u16 = outcome_months(t.criminal_outcome_date[i], t.reported[i], t.reported_until[i]),
        /// Review status × result.
        review_code: u8 = joint::review(t.review_status[i], t.review_result[i]),
        /// 0 when not charged, else 1 + outcome × offence group × category.
        criminal_code: u8 = if t.charged[i] == NO_DAY {
            0
        } else {
            joint::criminal(t.criminal_outcome[i], t.offence_group[i], t.category[i])
        },
        /// Misconduct outcome × proceedings × category.
        misconduct_code: u16 = joint::misconduct(t.misconduct_outcome[i], t.proceedings[i], t.category[i]),
    }
}

impl RecordColumns {
    /// Records in the columns.
    pub fn len(&self) -> usize {
        self.reported.len()
    }
}
