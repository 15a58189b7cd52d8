//! Year segments: large blocks cut at calendar-year boundaries of the reported date, each with
//! its totals, so a date range visits only the rows of the years it cuts.

use super::accumulator::Accumulator;
use super::codec::{self, ColumnSource, TableBytesError, Writer};
use super::codes::{day, from_day};
use chrono::{Datelike, NaiveDate};

/// Blocks with at least this many rows are cut into year segments (smaller ones are cheap to visit).
pub(super) const SEGMENTED_BLOCK_ROWS: usize = 2048;

/// The day number of 1 January after day `d`.
pub(super) fn day_of_next_new_year(d: i32) -> i32 {
    let year = from_day(d).year();
    NaiveDate::from_ymd_opt(year + 1, 1, 1).map_or(i32::MAX, day)
}

/// The rows `start..end` of one block (one reported year) and their totals.
#[derive(Debug, Clone)]
pub(super) struct Segment {
    /// First row.
    pub start: usize,
    /// One past the last row.
    pub end: usize,
    /// The latest last day of its rows' reported periods (a view takes the segment whole only
    /// when this is in range too).
    pub last_until: i32,
    /// The totals of its rows.
    pub totals: SegmentTotals,
}

/// A histogram kept only over its non-zero span, so a segment's totals stay small.
#[derive(Debug, Clone, Default)]
struct Window {
    first: usize,
    counts: Vec<u32>,
}

impl Window {
    fn of(dense: &[u32]) -> Window {
        match dense.iter().position(|&n| n != 0) {
            None => Window::default(),
            Some(first) => {
                let last = dense.iter().rposition(|&n| n != 0).unwrap_or(first);
                Window { first, counts: dense[first..=last].to_vec() }
            }
        }
    }

    fn add_to(&self, dense: &mut [u32]) {
        if let Some(target) = dense.get_mut(self.first..) {
            for (a, b) in target.iter_mut().zip(&self.counts) {
                *a += b;
            }
        }
    }

    fn write(&self, w: &mut Writer) {
        w.usize(self.first);
        w.u32s(&self.counts);
    }

    fn read(r: &mut dyn ColumnSource) -> Result<Window, TableBytesError> {
        Ok(Window { first: codec::read_usize(r)?, counts: r.u32s()? })
    }
}

/// Declares the histograms a segment keeps, once: the struct, taking them from an
/// accumulator, adding them back, and their byte format.
macro_rules! segment_totals {
    ($($histogram:ident),+ $(,)?) => {
        /// The additive totals of a segment, each histogram as a [`Window`].
        #[derive(Debug, Clone)]
        pub(super) struct SegmentTotals {
            records: u32,
            court_total: u32,
            scheduled: u32,
            $($histogram: Window,)+
        }

        impl SegmentTotals {
            /// The totals of an accumulator that added exactly the segment's rows.
            pub fn of(acc: &Accumulator) -> SegmentTotals {
                SegmentTotals {
                    records: acc.records,
                    court_total: acc.court_total,
                    scheduled: acc.scheduled,
                    $($histogram: Window::of(&acc.$histogram),)+
                }
            }

            /// Adds the totals to `acc`.
            pub fn add_to(&self, acc: &mut Accumulator) {
                acc.records += self.records;
                acc.court_total += self.court_total;
                acc.scheduled += self.scheduled;
                $(self.$histogram.add_to(&mut acc.$histogram);)+
            }

            fn write(&self, w: &mut Writer) {
                w.u32s(&[self.records, self.court_total, self.scheduled]);
                $(self.$histogram.write(w);)+
            }

            fn read(r: &mut dyn ColumnSource) -> Result<SegmentTotals, TableBytesError> {
                let [records, court_total, scheduled] = codec::array::<3>(r.u32s()?)?;
                Ok(SegmentTotals { records, court_total, scheduled, $($histogram: Window::read(r)?,)+ })
            }
        }
    };
}

segment_totals!(
    by_block,
    review_joint,
    criminal_joint,
    misconduct_joint,
    source_force,
    subject_joint,
    outcomes_without_month,
    completions_by_offset,
    court,
    misconduct_months,
    criminal_months,
);

impl Segment {
    /// Writes the segment (see the codec).
    pub fn write(&self, w: &mut Writer) {
        w.usizes(&[self.start, self.end]);
        w.i32s(&[self.last_until]);
        self.totals.write(w);
    }

    /// Reads a segment written by [`Segment::write`].
    pub fn read(r: &mut dyn ColumnSource) -> Result<Segment, TableBytesError> {
        let [start, end]: [usize; 2] =
            codec::read_usizes(r)?.try_into().map_err(|_| TableBytesError("a segment without its rows".into()))?;
        Ok(Segment { start, end, last_until: codec::one(r.i32s()?)?, totals: SegmentTotals::read(r)? })
    }
}
