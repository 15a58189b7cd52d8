//! The byte format of a built case table, so the data worker can hand it to the page: the
//! page then answers filters itself (no round trip per change) and the worker, with the file
//! and the records it loaded, can be ended to give its memory back.
//!
//! The layout is a 16-byte header (magic, [`FORMAT_VERSION`]), then a sequence of columns, each `[count: u64][element size: u64][elements]`,
//! little-endian, every column starting on an 8-byte boundary, so a reader can view each one
//! in place (a typed array over the bytes, in the browser) and copy it straight into its
//! vector. Scalars are columns of one element. This module is the format only; each part of
//! the table writes and reads its own fields, in the same order (`CaseTable::to_bytes` and
//! `CaseTable::from_columns`). A native test checks that a table read back answers filters
//! (whole, by category and role, by a date range cut mid-year, by "not recorded") as the
//! original does, and that damaged bytes are an error.

use thiserror::Error;

/// Why table bytes could not be read. Only a bug (a page and worker of different builds)
/// can cause it; the message says what to do.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("The page could not read the table its data worker built ({0}). Reload the page.")]
pub struct TableBytesError(pub String);

/// What a table file (a published release's `table.bin`, or the bytes the data worker hands
/// over) starts with, before its first column: these 8 bytes, then [`FORMAT_VERSION`] and four
/// zero bytes, little-endian, so the columns still start on an 8-byte boundary.
pub const FILE_MAGIC: [u8; 8] = *b"SCRTABLE";

/// The version of the table's byte layout. Raise it whenever the layout changes (a column, a
/// code, a part of the table added, removed or reordered): a page that meets a table of
/// another version reads the release's cases file instead, so an old release never reads
/// wrongly. (cli/tests/demo_data.rs fails when the demo's table.bin changes, as a reminder.)
pub const FORMAT_VERSION: u32 = 2;

/// The length of a table file's header: [`FILE_MAGIC`], the version, four zero bytes.
pub const FILE_HEADER_LEN: usize = 16;

/// Why a table file's header does not allow reading it. The messages complete "the table …".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum TableHeaderError {
    /// It does not start as a Scrutiny table does.
    #[error("is not a Scrutiny table")]
    NotATable,
    /// Another version of the layout (a release published by an older or newer `scrutiny`).
    #[error("has table format version {0}, and this page reads version {FORMAT_VERSION}")]
    OtherVersion(u32),
}

/// A table file's header, for this version of the layout.
pub fn file_header() -> [u8; FILE_HEADER_LEN] {
    let mut header = [0; FILE_HEADER_LEN];
    header[..8].copy_from_slice(&FILE_MAGIC);
    header[8..12].copy_from_slice(&FORMAT_VERSION.to_le_bytes());
    header
}

/// Checks the header at the start of `bytes` (at least its first [`FILE_HEADER_LEN`] bytes):
/// `Ok` when the columns after it are in this version's layout.
pub fn check_file_header(bytes: &[u8]) -> Result<(), TableHeaderError> {
    let header: [u8; FILE_HEADER_LEN] = bytes.get(..FILE_HEADER_LEN).and_then(|h| h.try_into().ok()).ok_or(TableHeaderError::NotATable)?;
    if header[..8] != FILE_MAGIC || header[12..] != [0; 4] {
        return Err(TableHeaderError::NotATable);
    }
    let version = u32::from_le_bytes([header[8], header[9], header[10], header[11]]);
    if version != FORMAT_VERSION {
        return Err(TableHeaderError::OtherVersion(version));
    }
    Ok(())
}

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
pub(super) struct Writer(Vec<u8>);

impl Writer {
    /// A writer of a table file: its header written, the columns to follow.
    pub(super) fn file() -> Writer {
        Writer(file_header().to_vec())
    }
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
    /// The bytes written.
    pub(super) fn into_bytes(self) -> Vec<u8> {
        self.0
    }
    pub(super) fn u8s(&mut self, v: &[u8]) {
        self.column(v, |x| [x]);
    }
    pub(super) fn u16s(&mut self, v: &[u16]) {
        self.column(v, u16::to_le_bytes);
    }
    pub(super) fn u32s(&mut self, v: &[u32]) {
        self.column(v, u32::to_le_bytes);
    }
    pub(super) fn i32s(&mut self, v: &[i32]) {
        self.column(v, i32::to_le_bytes);
    }
    pub(super) fn u64s(&mut self, v: &[u64]) {
        self.column(v, u64::to_le_bytes);
    }
    pub(super) fn usize(&mut self, n: usize) {
        self.u64s(&[n as u64]);
    }
    pub(super) fn usizes(&mut self, v: &[usize]) {
        self.u64s(&v.iter().map(|&n| n as u64).collect::<Vec<_>>());
    }
    pub(super) fn option_i32(&mut self, v: Option<i32>) {
        self.i32s(v.as_slice());
    }
    /// A mostly-zero histogram: its length, where its non-zero span starts, and the span.
    /// (A block's totals are mostly zeros; written whole they made a small table megabytes.)
    pub(super) fn sparse(&mut self, v: &[u32]) {
        let first = v.iter().position(|&n| n != 0).unwrap_or(v.len());
        let end = v.iter().rposition(|&n| n != 0).map_or(first, |last| last + 1);
        self.usizes(&[v.len(), first]);
        self.u32s(&v[first..end]);
    }
}

/// A type a per-record column holds, with how it is written and read.
pub(super) trait Element: Copy + Sized {
    /// Writes a column of these.
    fn write(w: &mut Writer, column: &[Self]);
    /// Reads the next column, which must hold these.
    fn read(r: &mut dyn ColumnSource) -> Result<Vec<Self>, TableBytesError>;
}

macro_rules! element {
    ($type:ty, $write:ident, $read:ident) => {
        impl Element for $type {
            fn write(w: &mut Writer, column: &[Self]) {
                w.$write(column);
            }
            fn read(r: &mut dyn ColumnSource) -> Result<Vec<Self>, TableBytesError> {
                r.$read()
            }
        }
    };
}
element!(u8, u8s, u8s);
element!(u16, u16s, u16s);
element!(u32, u32s, u32s);
element!(i32, i32s, i32s);
element!(u64, u64s, u64s);

/// The most counts a histogram of the table holds: one per value of a two-byte code.
const MAX_HISTOGRAM_LEN: usize = 1 << 16;

/// Reads a histogram written by `Writer::sparse`.
pub(super) fn read_sparse(r: &mut dyn ColumnSource) -> Result<Vec<u32>, TableBytesError> {
    let [len, first]: [usize; 2] = read_usizes(r)?.try_into().map_err(|_| TableBytesError("a histogram without its length".into()))?;
    // No histogram has more slots than a two-byte offset can name (days, weeks × groups, codes),
    // so a larger length is damage, refused before it is allocated.
    if len > MAX_HISTOGRAM_LEN {
        return Err(TableBytesError(format!("a histogram of {len} counts")));
    }
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
pub(super) fn array<const N: usize>(v: Vec<u32>) -> Result<[u32; N], TableBytesError> {
    let len = v.len();
    v.try_into().map_err(|_| TableBytesError(format!("a column of {len} where {N} were expected")))
}

pub(super) fn one<T: Copy>(v: Vec<T>) -> Result<T, TableBytesError> {
    match v.as_slice() {
        [x] => Ok(*x),
        _ => Err(TableBytesError(format!("a column of {} where one value was expected", v.len()))),
    }
}

fn usize_of(n: u64) -> Result<usize, TableBytesError> {
    usize::try_from(n).map_err(|_| TableBytesError("a size too large for this device".into()))
}

pub(super) fn read_usize(r: &mut dyn ColumnSource) -> Result<usize, TableBytesError> {
    usize_of(one(r.u64s()?)?)
}

pub(super) fn read_usizes(r: &mut dyn ColumnSource) -> Result<Vec<usize>, TableBytesError> {
    r.u64s()?.into_iter().map(usize_of).collect()
}

pub(super) fn read_option_i32(r: &mut dyn ColumnSource) -> Result<Option<i32>, TableBytesError> {
    Ok(r.i32s()?.first().copied())
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
