//! Running a filter over the table: whole blocks add their precomputed totals, blocks cut by
//! the date range visit only the rows in range (whole year segments by their totals), and
//! the people figures come from their own pass (or, unfiltered, from the table).

use super::accumulator::Accumulator;
use super::codes::day;
use super::filter::{Filter, BLOCKS};
use super::output::Aggregates;
use super::table::CaseTable;
use chrono::NaiveDate;

impl CaseTable {
    /// Every aggregate for the cases that `filter` selects. Blocks taken whole add their
    /// precomputed totals; blocks cut by the date range are visited row by row over the rows in
    /// range only (found by binary search); people are counted in a separate pass.
    pub fn aggregate(&self, filter: &Filter, review_target: Option<NaiveDate>) -> Aggregates {
        let f = filter.compile();
        let target = review_target.map(day);
        let mut acc = Accumulator::new(&self.calendar);
        // Checked once, so no pass below can index past a column (a table read from bytes).
        if !self.columns.have_length(self.len()) || !self.blocks_are_built() {
            return acc.finish(&self.calendar, target);
        }
        // A row counts when its whole reported period is in range (an extract's period is one day).
        for w in (0..BLOCKS).filter(|&w| f.block_selected[w]) {
            let (start, end) = (self.block_start[w], self.block_start[w + 1]);
            if start == end {
                continue;
            }
            let dates = &self.columns.reported[start..end];
            if f.from <= dates[0] && self.block_last_until[w] <= f.to {
                acc.merge(&self.partials[w]);
                continue;
            }
            let lo = start + dates.partition_point(|&r| r < f.from);
            let hi = start + dates.partition_point(|&r| r <= f.to);
            self.add_rows(&mut acc, w, lo..hi, f.to);
        }
        acc.finish(&self.calendar, target)
    }

    /// Adds the rows in `rows` of block `w` whose reported period ends by `to`: whole year
    /// segments by their totals, the rest row by row.
    fn add_rows(&self, acc: &mut Accumulator, w: usize, rows: std::ops::Range<usize>, to: i32) {
        let (first, last) = (self.block_segments[w], self.block_segments[w + 1]);
        if first == last {
            self.add_each(acc, rows, to);
            return;
        }
        for segment in &self.segments[first..last] {
            let (from, end) = (segment.start.max(rows.start), segment.end.min(rows.end));
            if from == segment.start && end == segment.end && segment.last_until <= to {
                segment.totals.add_to(acc);
            } else {
                self.add_each(acc, from..end, to);
            }
        }
    }

    /// Adds each row in `rows` whose reported period ends by `to`.
    fn add_each(&self, acc: &mut Accumulator, rows: std::ops::Range<usize>, to: i32) {
        for i in rows {
            if self.columns.reported_until[i] <= to {
                acc.add(&self.columns, i);
            }
        }
    }
}
