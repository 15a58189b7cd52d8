//! A built [`CaseTable`] as bytes, so the data worker can hand it to the page: the page then
//! answers filters itself (no round trip per change) and the worker, with the file and the
//! records it loaded, can be ended to give its memory back.
//!
//! The layout is a sequence of columns, each `[count: u64][element size: u64][elements]`,
//! little-endian, every column starting on an 8-byte boundary, so a reader can view each one
//! in place (a typed array over the bytes, in the browser) and copy it straight into its
//! vector. Scalars are columns of one element. The writer and the reader list the fields in
//! the same order; a native test checks that a table read back answers filters (whole, by
//! category and role, by a date range cut mid-year, by "not recorded") as the original does.

use super::{Accumulator, CaseTable, Segment, SegmentTotals, SubjectColumns, Window};
use thiserror::Error;

/// Why table bytes could not be read. Only a bug (a page and worker of different builds)
/// can cause it; the message says what to do.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("The page could not read the table its data worker built ({0}). Reload the page.")]
pub struct TableBytesError(pub String);

/// Where the reader takes its columns from: a byte slice natively, the worker's transferred
/// buffer in the browser. Each call returns the next column, which must have elements of the
/// given type.
pub trait ColumnSource {
    /// The next column of bytes.
    fn u8s(&mut self) -> Result<Vec<u8>, TableBytesError>;
    /// The next column of `u16`s.
    fn u16s(&mut self) -> Result<Vec<u16>, TableBytesError>;
    /// The next column of `u32`s.
    fn u32s(&mut self) -> Result<Vec<u32>, TableBytesError>;
    /// The next column of `i32`s.
    fn i32s(&mut self) -> Result<Vec<i32>, TableBytesError>;
    /// The next column of `u64`s.
    fn u64s(&mut self) -> Result<Vec<u64>, TableBytesError>;
}

/// Writes columns in the layout the module describes.
#[derive(Default)]
struct Writer(Vec<u8>);

impl Writer {
    fn column<const N: usize, T: Copy>(&mut self, items: &[T], bytes: impl Fn(T) -> [u8; N]) {
        self.0.extend_from_slice(&(items.len() as u64).to_le_bytes());
        self.0.extend_from_slice(&(N as u64).to_le_bytes());
        // Sized once, then filled element by element (a loop the compiler can vectorise).
        let start = self.0.len();
        self.0.resize((start + items.len() * N).next_multiple_of(8), 0);
        for (to, &item) in self.0[start..].chunks_exact_mut(N).zip(items) {
            to.copy_from_slice(&bytes(item));
        }
    }
    fn u8s(&mut self, v: &[u8]) {
        self.column(v, |x| [x]);
    }
    fn u16s(&mut self, v: &[u16]) {
        self.column(v, u16::to_le_bytes);
    }
    fn u32s(&mut self, v: &[u32]) {
        self.column(v, u32::to_le_bytes);
    }
    fn i32s(&mut self, v: &[i32]) {
        self.column(v, i32::to_le_bytes);
    }
    fn u64s(&mut self, v: &[u64]) {
        self.column(v, u64::to_le_bytes);
    }
    fn usize(&mut self, n: usize) {
        self.u64s(&[n as u64]);
    }
    fn usizes(&mut self, v: &[usize]) {
        self.u64s(&v.iter().map(|&n| n as u64).collect::<Vec<_>>());
    }
    fn option_i32(&mut self, v: Option<i32>) {
        self.i32s(v.as_slice());
    }
    /// A mostly-zero histogram: its length, where its non-zero span starts, and the span.
    /// (A block's totals are mostly zeros; written whole they made a small table megabytes.)
    fn sparse(&mut self, v: &[u32]) {
        let first = v.iter().position(|&n| n != 0).unwrap_or(v.len());
        let end = v.iter().rposition(|&n| n != 0).map_or(first, |last| last + 1);
        self.usizes(&[v.len(), first]);
        self.u32s(&v[first..end]);
    }
}

/// Reads a histogram written by `Writer::sparse`.
fn read_sparse(r: &mut dyn ColumnSource) -> Result<Vec<u32>, TableBytesError> {
    let [len, first]: [usize; 2] = read_usizes(r)?.try_into().map_err(|_| TableBytesError("a histogram without its length".into()))?;
    let span = r.u32s()?;
    let end = first
        .checked_add(span.len())
        .filter(|&end| end <= len)
        .ok_or_else(|| TableBytesError("a histogram longer than its length".into()))?;
    let mut counts = vec![0; len];
    counts[first..end].copy_from_slice(&span);
    Ok(counts)
}

/// Reads a fixed-size array column, checking its length.
fn array<const N: usize>(v: Vec<u32>) -> Result<[u32; N], TableBytesError> {
    let len = v.len();
    v.try_into().map_err(|_| TableBytesError(format!("a column of {len} where {N} were expected")))
}

fn one<T: Copy>(v: Vec<T>) -> Result<T, TableBytesError> {
    match v.as_slice() {
        [x] => Ok(*x),
        _ => Err(TableBytesError(format!("a column of {} where one value was expected", v.len()))),
    }
}

fn usize_of(n: u64) -> Result<usize, TableBytesError> {
    usize::try_from(n).map_err(|_| TableBytesError("a size too large for this device".into()))
}

fn read_usize(r: &mut dyn ColumnSource) -> Result<usize, TableBytesError> {
    usize_of(one(r.u64s()?)?)
}

fn read_usizes(r: &mut dyn ColumnSource) -> Result<Vec<usize>, TableBytesError> {
    r.u64s()?.into_iter().map(usize_of).collect()
}

fn read_option_i32(r: &mut dyn ColumnSource) -> Result<Option<i32>, TableBytesError> {
    Ok(r.i32s()?.first().copied())
}

fn nested<const A: usize, const B: usize>(v: Vec<u32>) -> Result<[[u32; B]; A], TableBytesError> {
    let flat: Vec<u32> = v;
    if flat.len() != A * B {
        return Err(TableBytesError(format!("a column of {} where {} were expected", flat.len(), A * B)));
    }
    let mut out = [[0u32; B]; A];
    for (row, chunk) in out.iter_mut().zip(flat.chunks_exact(B)) {
        row.copy_from_slice(chunk);
    }
    Ok(out)
}

impl Accumulator {
    fn write(&self, w: &mut Writer) {
        w.u32s(&[self.records, self.charged, self.court_total, self.scheduled, self.subjects, self.earlier_cases]);
        w.sparse(&self.by_role);
        w.sparse(&self.by_category);
        w.sparse(&self.by_source);
        w.sparse(&self.review_status);
        w.sparse(&self.review_result);
        w.option_i32(self.target);
        w.sparse(&self.completions_by_offset);
        w.sparse(&self.charged_by_group);
        w.sparse(&self.court);
        w.sparse(&self.criminal);
        w.sparse(&self.proceedings);
        w.sparse(&self.misconduct_all);
        w.sparse(&self.misconduct_cases);
        w.sparse(self.criminal_by_category.as_flattened());
        w.sparse(self.misconduct_by_category.as_flattened());
        w.sparse(&self.misconduct_days);
        w.sparse(&self.criminal_days);
        w.sparse(&self.subjects_with);
        w.sparse(&self.earlier_outcomes);
        w.sparse(&self.who);
        w.sparse(&self.review_joint);
        w.sparse(&self.criminal_joint);
        w.sparse(&self.misconduct_joint);
        w.sparse(&self.source_force);
    }

    fn read(r: &mut dyn ColumnSource) -> Result<Accumulator, TableBytesError> {
        let [records, charged, court_total, scheduled, subjects, earlier_cases] = array::<6>(r.u32s()?)?;
        Ok(Accumulator {
            records,
            charged,
            court_total,
            scheduled,
            subjects,
            earlier_cases,
            by_role: array(read_sparse(r)?)?,
            by_category: array(read_sparse(r)?)?,
            by_source: array(read_sparse(r)?)?,
            review_status: array(read_sparse(r)?)?,
            review_result: array(read_sparse(r)?)?,
            target: read_option_i32(r)?,
            completions_by_offset: read_sparse(r)?,
            charged_by_group: array(read_sparse(r)?)?,
            court: read_sparse(r)?,
            criminal: array(read_sparse(r)?)?,
            proceedings: array(read_sparse(r)?)?,
            misconduct_all: array(read_sparse(r)?)?,
            misconduct_cases: array(read_sparse(r)?)?,
            criminal_by_category: nested(read_sparse(r)?)?,
            misconduct_by_category: nested(read_sparse(r)?)?,
            misconduct_days: read_sparse(r)?,
            criminal_days: read_sparse(r)?,
            subjects_with: array(read_sparse(r)?)?,
            earlier_outcomes: array(read_sparse(r)?)?,
            who: array(read_sparse(r)?)?,
            review_joint: array(read_sparse(r)?)?,
            criminal_joint: array(read_sparse(r)?)?,
            misconduct_joint: array(read_sparse(r)?)?,
            source_force: array(read_sparse(r)?)?,
        })
    }
}

impl Window {
    fn write(&self, w: &mut Writer) {
        w.usize(self.first);
        w.u32s(&self.counts);
    }

    fn read(r: &mut dyn ColumnSource) -> Result<Window, TableBytesError> {
        Ok(Window { first: read_usize(r)?, counts: r.u32s()? })
    }
}

impl Segment {
    fn write(&self, w: &mut Writer) {
        let t = &self.totals;
        w.usizes(&[self.start, self.end]);
        w.u32s(&[t.records, t.court_total, t.scheduled]);
        for window in [
            &t.who,
            &t.review_joint,
            &t.criminal_joint,
            &t.misconduct_joint,
            &t.source_force,
            &t.completions_by_offset,
            &t.court,
            &t.misconduct_days,
            &t.criminal_days,
        ] {
            window.write(w);
        }
    }

    fn read(r: &mut dyn ColumnSource) -> Result<Segment, TableBytesError> {
        let [start, end]: [usize; 2] = read_usizes(r)?.try_into().map_err(|_| TableBytesError("a segment without its rows".into()))?;
        let [records, court_total, scheduled] = array::<3>(r.u32s()?)?;
        let totals = SegmentTotals {
            records,
            court_total,
            scheduled,
            who: Window::read(r)?,
            review_joint: Window::read(r)?,
            criminal_joint: Window::read(r)?,
            misconduct_joint: Window::read(r)?,
            source_force: Window::read(r)?,
            completions_by_offset: Window::read(r)?,
            court: Window::read(r)?,
            misconduct_days: Window::read(r)?,
            criminal_days: Window::read(r)?,
        };
        Ok(Segment { start, end, totals })
    }
}

impl CaseTable {
    /// The table as bytes (see the module's description of the layout).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.i32s(&[self.as_of]);
        w.u32s(&self.subject);
        w.i32s(&self.reported);
        for column in [
            &self.role,
            &self.category,
            &self.source,
            &self.review_status,
            &self.review_result,
            &self.offence_group,
            &self.criminal_outcome,
            &self.proceedings,
            &self.misconduct_outcome,
            &self.who,
            &self.review_code,
            &self.criminal_code,
            &self.source_force,
        ] {
            w.u8s(column);
        }
        for column in [&self.review_completed, &self.charged, &self.court, &self.criminal_outcome_date, &self.misconduct_outcome_date] {
            w.i32s(column);
        }
        w.option_i32(self.first_court_week);
        w.option_i32(self.first_completion_week);
        w.usize(self.longest_outcome_days);
        for column in [
            &self.completion_offset,
            &self.month_of_offset,
            &self.court_code,
            &self.misconduct_days,
            &self.criminal_days,
            &self.misconduct_code,
        ] {
            w.u16s(column);
        }
        w.usizes(&self.block_start);
        w.usize(self.partials.len());
        self.partials.iter().for_each(|p| p.write(&mut w));
        w.usize(self.segments.len());
        self.segments.iter().for_each(|s| s.write(&mut w));
        w.usizes(&self.block_segments);
        w.i32s(&[self.by_subject.first_day]);
        w.u64s(&self.by_subject.rows);
        match &self.all_people {
            Some(people) => {
                w.u8s(&[1]);
                people.write(&mut w);
            }
            None => w.u8s(&[0]),
        }
        w.0
    }

    /// Reads a table written by [`CaseTable::to_bytes`], column by column from `source`.
    pub fn from_columns(source: &mut dyn ColumnSource) -> Result<CaseTable, TableBytesError> {
        let r = source;
        let mut t = CaseTable { as_of: one(r.i32s()?)?, subject: r.u32s()?, reported: r.i32s()?, ..CaseTable::default() };
        for column in [
            &mut t.role,
            &mut t.category,
            &mut t.source,
            &mut t.review_status,
            &mut t.review_result,
            &mut t.offence_group,
            &mut t.criminal_outcome,
            &mut t.proceedings,
            &mut t.misconduct_outcome,
            &mut t.who,
            &mut t.review_code,
            &mut t.criminal_code,
            &mut t.source_force,
        ] {
            *column = r.u8s()?;
        }
        for column in [&mut t.review_completed, &mut t.charged, &mut t.court, &mut t.criminal_outcome_date, &mut t.misconduct_outcome_date]
        {
            *column = r.i32s()?;
        }
        t.first_court_week = read_option_i32(r)?;
        t.first_completion_week = read_option_i32(r)?;
        t.longest_outcome_days = read_usize(r)?;
        for column in [
            &mut t.completion_offset,
            &mut t.month_of_offset,
            &mut t.court_code,
            &mut t.misconduct_days,
            &mut t.criminal_days,
            &mut t.misconduct_code,
        ] {
            *column = r.u16s()?;
        }
        t.block_start = read_usizes(r)?;
        t.partials = (0..read_usize(r)?).map(|_| Accumulator::read(r)).collect::<Result<_, _>>()?;
        t.segments = (0..read_usize(r)?).map(|_| Segment::read(r)).collect::<Result<_, _>>()?;
        t.block_segments = read_usizes(r)?;
        t.by_subject = SubjectColumns { first_day: one(r.i32s()?)?, rows: r.u64s()? };
        t.all_people = match one(r.u8s()?)? {
            1 => Some(Box::new(Accumulator::read(r)?)),
            _ => None,
        };
        if !t.is_consistent() {
            return Err(TableBytesError("columns of different lengths".into()));
        }
        Ok(t)
    }

    /// Whether every per-record column has one value per record and the blocks cover them:
    /// a table read from bytes is checked before any filter indexes into it.
    fn is_consistent(&self) -> bool {
        let n = self.subject.len();
        let per_record = [
            self.reported.len(),
            self.role.len(),
            self.category.len(),
            self.source.len(),
            self.review_status.len(),
            self.review_result.len(),
            self.offence_group.len(),
            self.criminal_outcome.len(),
            self.proceedings.len(),
            self.misconduct_outcome.len(),
            self.who.len(),
            self.review_code.len(),
            self.criminal_code.len(),
            self.source_force.len(),
            self.review_completed.len(),
            self.charged.len(),
            self.court.len(),
            self.criminal_outcome_date.len(),
            self.misconduct_outcome_date.len(),
            self.completion_offset.len(),
            self.court_code.len(),
            self.misconduct_days.len(),
            self.criminal_days.len(),
            self.misconduct_code.len(),
            self.by_subject.rows.len(),
        ];
        let blocks_ok = self.block_start.last().is_none_or(|&end| end == n) && self.block_start.windows(2).all(|w| w[0] <= w[1]);
        let segments_ok =
            self.segments.iter().all(|s| s.start <= s.end && s.end <= n) && self.block_segments.iter().all(|&i| i <= self.segments.len());
        per_record.iter().all(|&len| len == n) && blocks_ok && segments_ok
    }
}

/// Reads columns from bytes in memory (natively, and in tests).
pub struct ByteColumns<'b> {
    bytes: &'b [u8],
    at: usize,
}

impl<'b> ByteColumns<'b> {
    /// Starts reading `bytes` from the first column.
    pub fn new(bytes: &'b [u8]) -> ByteColumns<'b> {
        ByteColumns { bytes, at: 0 }
    }

    fn take(&mut self, n: usize) -> Result<&'b [u8], TableBytesError> {
        let end =
            self.at.checked_add(n).filter(|&e| e <= self.bytes.len()).ok_or_else(|| TableBytesError("the table ends early".into()))?;
        let taken = &self.bytes[self.at..end];
        self.at = end;
        Ok(taken)
    }

    fn header(&mut self) -> Result<(usize, usize), TableBytesError> {
        let mut word = || -> Result<u64, TableBytesError> {
            let bytes: [u8; 8] = self.take(8)?.try_into().map_err(|_| TableBytesError("a short header".into()))?;
            Ok(u64::from_le_bytes(bytes))
        };
        Ok((usize_of(word()?)?, usize_of(word()?)?))
    }

    fn column<const N: usize, T>(&mut self, from: impl Fn([u8; N]) -> T) -> Result<Vec<T>, TableBytesError> {
        let (count, size) = self.header()?;
        if size != N {
            return Err(TableBytesError(format!("a column of {size}-byte values where {N}-byte values were expected")));
        }
        let data = self.take(count.checked_mul(N).ok_or_else(|| TableBytesError("a column too large".into()))?)?;
        let values = data.chunks_exact(N).map(|c| from(c.try_into().unwrap_or([0; N]))).collect();
        self.take(self.at.next_multiple_of(8) - self.at)?;
        Ok(values)
    }
}

impl ColumnSource for ByteColumns<'_> {
    fn u8s(&mut self) -> Result<Vec<u8>, TableBytesError> {
        self.column(|[b]: [u8; 1]| b)
    }
    fn u16s(&mut self) -> Result<Vec<u16>, TableBytesError> {
        self.column(u16::from_le_bytes)
    }
    fn u32s(&mut self) -> Result<Vec<u32>, TableBytesError> {
        self.column(u32::from_le_bytes)
    }
    fn i32s(&mut self) -> Result<Vec<i32>, TableBytesError> {
        self.column(i32::from_le_bytes)
    }
    fn u64s(&mut self) -> Result<Vec<u64>, TableBytesError> {
        self.column(u64::from_le_bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate::Filter;
    use crate::model::{AllegationCategory, Role};
    use crate::sample;

    #[test]
    fn a_table_read_back_answers_every_filter_as_the_original() {
        let cases = sample::demo_cases(sample::DEMO_SEED);
        let as_of = sample::demo_as_of();
        // Segments cut from small blocks too, so the year segments are written and read.
        let table = CaseTable::with_segments_from(&cases, as_of, 16);
        assert!(!table.segments.is_empty());
        let bytes = table.to_bytes();
        assert_eq!(bytes.len() % 8, 0);
        // The block totals are written sparsely: a 4,116-record table is well under a megabyte
        // (written whole, they made it 5 MB).
        let whole_table = CaseTable::new(&cases, as_of).to_bytes();
        assert!(whole_table.len() < 1 << 20, "{} bytes", whole_table.len());
        let back = CaseTable::from_columns(&mut ByteColumns::new(&bytes)).unwrap();
        let target = Some(sample::review_target());
        let filters = [
            Filter::default(),
            Filter { categories: vec![AllegationCategory::ALL[0]], roles: vec![Role::ALL[0]], ..Filter::default() },
            Filter {
                from: chrono::NaiveDate::from_ymd_opt(2016, 3, 17),
                to: chrono::NaiveDate::from_ymd_opt(2021, 8, 2),
                ..Filter::default()
            },
            Filter { sources: vec![None], ..Filter::default() },
        ];
        for filter in filters {
            assert_eq!(back.aggregate(&filter, target), table.aggregate(&filter, target), "{filter:?}");
        }
        assert_eq!(back.to_bytes(), bytes, "writing the read table gives the same bytes");
    }

    #[test]
    fn damaged_bytes_are_an_error_not_a_panic() {
        let table = CaseTable::new(&sample::demo_cases(sample::DEMO_SEED), sample::demo_as_of());
        let bytes = table.to_bytes();
        for cut in [0, 7, 8, 100, bytes.len() / 2, bytes.len() - 8] {
            assert!(CaseTable::from_columns(&mut ByteColumns::new(&bytes[..cut])).is_err(), "cut at {cut}");
        }
        let mut wrong_size = bytes.clone();
        wrong_size[8] = 3;
        assert!(CaseTable::from_columns(&mut ByteColumns::new(&wrong_size)).is_err());
    }
}
