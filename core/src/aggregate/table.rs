//! The case table: the records column by column as small integers, in blocks by block code
//! (the filter dimensions' codes; see `filter`) sorted by reported date, with each block's totals and large
//! blocks' year segments. Built once per load, and written to and read from bytes (see the codec).

use super::accumulator::Accumulator;
use super::calendar::Calendar;
use super::codec::{self, ColumnSource, TableBytesError, Writer};
use super::codes::{day, from_day};
use super::columns::RecordColumns;
use super::filter::{block_of, BLOCKS};
use super::segments::{day_of_next_new_year, Segment, SegmentTotals, SEGMENTED_BLOCK_ROWS};
use crate::model::Case;
use chrono::NaiveDate;

/// The records, column by column, in blocks by block code, each block sorted by reported date.
#[derive(Debug, Clone, Default)]
pub struct CaseTable {
    /// The as-of day and where the series start.
    pub(super) calendar: Calendar,
    /// One value per record in each column, in block order.
    pub(super) columns: RecordColumns,
    /// Rows are sorted by (block code, reported date): block `w` is `block_start[w]..block_start[w + 1]`.
    pub(super) block_start: Vec<usize>,
    /// The latest last day of each block's reported periods (a view takes a block whole only
    /// when this is in range).
    pub(super) block_last_until: Vec<i32>,
    /// Every additive total of each whole block, so a filter that takes a block whole adds
    /// its totals instead of visiting its rows.
    pub(super) partials: Vec<Accumulator>,
    /// Large blocks cut at calendar-year boundaries of the reported date, with each piece's
    /// totals, so a date range visits only the rows of the years it cuts.
    pub(super) segments: Vec<Segment>,
    /// Block `w`'s segments are `segments[block_segments[w]..block_segments[w + 1]]`.
    pub(super) block_segments: Vec<usize>,
}

impl CaseTable {
    /// Builds the table from loaded records, as of `as_of`.
    pub fn new(cases: &[Case], as_of: NaiveDate) -> CaseTable {
        Self::with_segments_from(cases, as_of, SEGMENTED_BLOCK_ROWS)
    }

    /// Builds the table from loaded records it takes, freeing them (their notes first) as soon
    /// as their columns are read, so the records and the whole table are never held at once
    /// (the data worker's peak memory).
    pub fn from_records(mut cases: Vec<Case>, as_of: NaiveDate) -> CaseTable {
        // Free text is not counted; freed first, its room is there for the columns.
        cases.iter_mut().for_each(|case| case.notes = None);
        let (columns, order) = Self::columns_in_file_order(&cases);
        drop(cases);
        Self::from_file_order(columns, &order, as_of, SEGMENTED_BLOCK_ROWS)
    }

    /// Builds the table, cutting blocks of at least `segmented_block_rows` rows into years.
    pub(super) fn with_segments_from(cases: &[Case], as_of: NaiveDate, segmented_block_rows: usize) -> CaseTable {
        let (columns, order) = Self::columns_in_file_order(cases);
        Self::from_file_order(columns, &order, as_of, segmented_block_rows)
    }

    /// The records' columns in file order (read one record after another), and the table's
    /// row order.
    fn columns_in_file_order(cases: &[Case]) -> (RecordColumns, Vec<usize>) {
        let reported = |c: &Case| u64::from(day(c.reported_date).clamp(0, (1 << 20) - 1) as u32);
        let span = |c: &Case| u64::from((day(c.reported_until) - day(c.reported_date)).clamp(0, i32::MAX) as u32);
        // The row order's key: block code in bits 52–63, the reported period's first day in
        // 32–51 and its length in 0–31.
        const _: () = assert!(BLOCKS <= 1 << 12);
        let order = sorted_order(cases, |c| u64::from(block_of(c)) << 52 | reported(c) << 32 | span(c));
        let mut columns = RecordColumns::default();
        columns.reserve(cases.len());
        cases.iter().for_each(|case| columns.push(case));
        (columns, order)
    }

    /// The table from its columns in file order: each column put in the row `order` (gathering
    /// whole cases in that order would jump about the records), then the calendar, the derived
    /// columns and the blocks.
    fn from_file_order(mut columns: RecordColumns, order: &[usize], as_of: NaiveDate, segmented_block_rows: usize) -> CaseTable {
        columns.permute(order);
        let calendar = Calendar::new(
            day(as_of),
            &columns.reported,
            &columns.court,
            &columns.review_completed,
            [&columns.criminal_outcome_date, &columns.misconduct_outcome_date],
        );
        columns.derive(&calendar);
        let mut table = CaseTable { calendar, columns, ..CaseTable::default() };
        table.build_blocks(segmented_block_rows);
        table
    }

    /// Finds each block-code block and adds up its totals, whole and by reported year.
    fn build_blocks(&mut self, segmented_block_rows: usize) {
        let mut start = vec![0usize; BLOCKS + 1];
        for &w in &self.columns.block {
            start[usize::from(w) + 1] += 1;
        }
        for w in 0..BLOCKS {
            start[w + 1] += start[w];
        }
        let last_until = |rows: std::ops::Range<usize>| self.columns.reported_until[rows].iter().copied().max().unwrap_or(i32::MIN);
        self.block_last_until = (0..BLOCKS).map(|w| last_until(start[w]..start[w + 1])).collect();
        self.block_start = start;
        let totals = |rows: std::ops::Range<usize>| {
            let mut acc = Accumulator::new(&self.calendar);
            rows.for_each(|i| acc.add(&self.columns, i));
            acc
        };
        let mut partials = Vec::with_capacity(BLOCKS);
        let mut segments = Vec::new();
        let mut block_segments = vec![0];
        for w in 0..BLOCKS {
            let (start, end) = (self.block_start[w], self.block_start[w + 1]);
            if end - start >= segmented_block_rows {
                // A large block's totals are its year segments' totals added up: each row is
                // visited once, for its segment.
                let mut block = Accumulator::new(&self.calendar);
                let mut from = start;
                while from < end {
                    let next_year = day_of_next_new_year(self.columns.reported[from]);
                    let to = from + self.columns.reported[from..end].partition_point(|&r| r < next_year);
                    let segment = totals(from..to);
                    block.merge(&segment);
                    segments.push(Segment { start: from, end: to, last_until: last_until(from..to), totals: SegmentTotals::of(&segment) });
                    from = to;
                }
                partials.push(block);
            } else {
                partials.push(totals(start..end));
            }
            block_segments.push(segments.len());
        }
        self.partials = partials;
        self.segments = segments;
        self.block_segments = block_segments;
    }

    /// Records in the table.
    pub fn len(&self) -> usize {
        self.columns.len()
    }

    /// Whether the table has no records.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The as-of date.
    pub fn as_of(&self) -> NaiveDate {
        from_day(self.calendar.as_of)
    }

    /// Whether the blocks and segments are as many as the block codes and cover the rows.
    pub(super) fn blocks_are_built(&self) -> bool {
        self.block_start.len() == BLOCKS + 1
            && self.block_last_until.len() == BLOCKS
            && self.partials.len() == BLOCKS
            && self.block_segments.len() == BLOCKS + 1
    }

    /// The table as the bytes of a table file: the header, then the columns (see the codec
    /// for the layout). A published release's `table.bin`, and what the data worker hands over.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::file();
        self.calendar.write(&mut w);
        self.columns.write(&mut w);
        w.usizes(&self.block_start);
        w.i32s(&self.block_last_until);
        w.usize(self.partials.len());
        self.partials.iter().for_each(|p| p.write(&mut w));
        w.usize(self.segments.len());
        self.segments.iter().for_each(|s| s.write(&mut w));
        w.usizes(&self.block_segments);
        w.into_bytes()
    }

    /// Reads a table file written by [`CaseTable::to_bytes`] from memory, checking its header.
    pub fn from_bytes(bytes: &[u8]) -> Result<CaseTable, TableBytesError> {
        codec::check_file_header(bytes).map_err(|e| TableBytesError(format!("the table {e}")))?;
        CaseTable::from_columns(&mut codec::ByteColumns::new(&bytes[codec::FILE_HEADER_LEN..]))
    }

    /// Reads the columns of a table written by [`CaseTable::to_bytes`], after its header,
    /// column by column from `source`.
    pub fn from_columns(source: &mut dyn ColumnSource) -> Result<CaseTable, TableBytesError> {
        let r = source;
        let calendar = Calendar::read(r)?;
        let columns = RecordColumns::read(r)?;
        let block_start = codec::read_usizes(r)?;
        let block_last_until = r.i32s()?;
        let partials = (0..codec::read_usize(r)?).map(|_| Accumulator::read(r)).collect::<Result<_, _>>()?;
        let segments = (0..codec::read_usize(r)?).map(|_| Segment::read(r)).collect::<Result<_, _>>()?;
        let block_segments = codec::read_usizes(r)?;
        let table = CaseTable { calendar, columns, block_start, block_last_until, partials, segments, block_segments };
        if !table.is_consistent() {
            return Err(TableBytesError("columns of different lengths".into()));
        }
        Ok(table)
    }

    /// Whether every per-record column has one value per record and the blocks cover them:
    /// a table read from bytes is checked before any filter indexes into it.
    fn is_consistent(&self) -> bool {
        let n = self.len();
        let blocks_ok = self.block_start.last().is_none_or(|&end| end == n) && self.block_start.windows(2).all(|w| w[0] <= w[1]);
        let segments_ok = self.segments.iter().all(|s| s.start <= s.end && s.end <= n)
            && self.block_segments.iter().all(|&i| i <= self.segments.len())
            && self.block_segments.windows(2).all(|w| w[0] <= w[1]);
        self.columns.have_length(n) && blocks_ok && segments_ok
    }
}

/// The indices of `cases` ordered by `key`, then by case id: a packed key sorts 1M records in
/// tens of milliseconds, where comparing tuples with the 32-byte case id took about half a
/// second per sort. Ties on the key (rare) are ordered by case id, as the figures define.
fn sorted_order(cases: &[Case], key: impl Fn(&Case) -> u64) -> Vec<usize> {
    let mut keyed: Vec<(u64, u32)> = cases.iter().enumerate().map(|(i, c)| (key(c), i as u32)).collect();
    keyed.sort_unstable();
    let mut order: Vec<usize> = keyed.iter().map(|&(_, i)| i as usize).collect();
    let mut start = 0;
    while start < keyed.len() {
        let end = start + keyed[start..].partition_point(|k| k.0 == keyed[start].0);
        if end - start > 1 {
            order[start..end].sort_by(|&a, &b| cases[a].case_id.cmp(&cases[b].case_id));
        }
        start = end;
    }
    order
}
