//! The page reads a table file (a published release's `table.bin`, or the bytes its data worker
//! transferred) into a core `CaseTable`: the header checked, then each column viewed in place
//! as a typed array and copied into its vector a megabyte at a time, the page let in every
//! 12 ms, so a million records never make a long task.

use scrutiny_core::aggregate::codec::{self, ColumnSource, TableBytesError};

/// Reads a case table from the bytes of a table file. Each column is viewed in place and
/// copied once into its vector, a megabyte at a time, the page let in every 12 ms: copying a
/// million records' columns at once is a long task (mostly the first touch of the new memory).
pub async fn read_table(buffer: &js_sys::ArrayBuffer) -> Result<scrutiny_core::aggregate::CaseTable, TableBytesError> {
    check_header(buffer).map_err(|e| TableBytesError(format!("the table {e}")))?;
    let mut columns = std::collections::VecDeque::new();
    let mut at = codec::FILE_HEADER_LEN as u32;
    let mut budget = TableCopyBudget::default();
    while at < buffer.byte_length() {
        let (column, next) = read_column(buffer, at, &mut budget).await?;
        at = next;
        columns.push_back(column);
    }
    scrutiny_core::aggregate::CaseTable::from_columns(&mut ReadColumns(columns))
}

/// Checks the header of the table file in `buffer` (whether it is a table, and of the version
/// this page reads).
pub fn check_header(buffer: &js_sys::ArrayBuffer) -> Result<(), codec::TableHeaderError> {
    let len = (codec::FILE_HEADER_LEN as u32).min(buffer.byte_length());
    codec::check_file_header(&js_sys::Uint8Array::new_with_byte_offset_and_length(buffer, 0, len).to_vec())
}

/// When the page was last let in: the copy goes on a piece at a time until a task's worth of
/// time has passed (a piece of a megabyte takes about a millisecond, but the first touch of new
/// memory can take ten times that, so the pace is set by the clock, not by bytes).
struct TableCopyBudget(f64);

impl Default for TableCopyBudget {
    fn default() -> Self {
        TableCopyBudget(crate::io::now_ms())
    }
}

impl TableCopyBudget {
    /// The bytes copied at a time, between two looks at the clock.
    const BYTES_PER_TASK: u32 = 1 << 20;
    /// How long the page is kept waiting at most, with room to spare under the 50 ms of a long
    /// task for the piece that crosses it.
    const TASK_MS: f64 = 12.0;

    /// After a piece is copied: lets the page in when a task's worth of time has passed.
    async fn spend(&mut self) {
        if crate::io::now_ms() - self.0 >= Self::TASK_MS {
            crate::io::yield_to_page().await;
            self.0 = crate::io::now_ms();
        }
    }
}

/// Copies `n` elements of a typed-array type from `buffer` at byte `data` into a new vector,
/// a piece at a time (each piece's memory is touched only when it is copied).
macro_rules! copy_column {
    ($array:ty, $element:ty, $buffer:expr, $data:expr, $n:expr, $budget:expr) => {{
        let view = <$array>::new_with_byte_offset_and_length($buffer, $data, $n);
        let piece = TableCopyBudget::BYTES_PER_TASK / std::mem::size_of::<$element>() as u32;
        let mut column: Vec<$element> = Vec::with_capacity($n as usize);
        let mut from = 0u32;
        while from < $n {
            let to = (from + piece).min($n);
            let start = column.len();
            column.resize(start + (to - from) as usize, Default::default());
            view.subarray(from, to).copy_to(&mut column[start..]);
            $budget.spend().await;
            from = to;
        }
        column
    }};
}

/// One column copied out of the worker's buffer, by the size of its elements.
enum Column {
    Bytes(Vec<u8>),
    Twos(Vec<u16>),
    Fours(Vec<u32>),
    Eights(Vec<u64>),
}

/// Reads the column whose header starts at byte `at`; returns it and where the next begins.
async fn read_column(buffer: &js_sys::ArrayBuffer, at: u32, budget: &mut TableCopyBudget) -> Result<(Column, u32), TableBytesError> {
    let short = || TableBytesError("the table ends early".into());
    let total = buffer.byte_length();
    if at.checked_add(16).is_none_or(|end| end > total) {
        return Err(short());
    }
    let header = js_sys::Uint32Array::new_with_byte_offset_and_length(buffer, at, 4).to_vec();
    let (count, size) = (u64::from(header[0]) | u64::from(header[1]) << 32, u64::from(header[2]) | u64::from(header[3]) << 32);
    let data = at + 16;
    let end = u64::from(data) + count * size;
    if end > u64::from(total) {
        return Err(short());
    }
    let n = count as u32;
    let column = match size {
        1 => Column::Bytes(copy_column!(js_sys::Uint8Array, u8, buffer, data, n, budget)),
        2 => Column::Twos(copy_column!(js_sys::Uint16Array, u16, buffer, data, n, budget)),
        4 => Column::Fours(copy_column!(js_sys::Uint32Array, u32, buffer, data, n, budget)),
        8 => Column::Eights(copy_column!(js_sys::BigUint64Array, u64, buffer, data, n, budget)),
        other => return Err(TableBytesError(format!("a column of {other}-byte values"))),
    };
    let next = u32::try_from(end.next_multiple_of(8)).map_err(|_| short())?.min(total);
    Ok((column, next))
}

/// The columns read, handed to the core's reader in order.
struct ReadColumns(std::collections::VecDeque<Column>);

impl ReadColumns {
    fn next(&mut self) -> Result<Column, TableBytesError> {
        self.0.pop_front().ok_or_else(|| TableBytesError("the table ends early".into()))
    }
}

fn wrong(expected: &str) -> TableBytesError {
    TableBytesError(format!("a column of another type where {expected} were expected"))
}

impl ColumnSource for ReadColumns {
    fn u8s(&mut self) -> Result<Vec<u8>, TableBytesError> {
        match self.next()? {
            Column::Bytes(v) => Ok(v),
            _ => Err(wrong("bytes")),
        }
    }
    fn u16s(&mut self) -> Result<Vec<u16>, TableBytesError> {
        match self.next()? {
            Column::Twos(v) => Ok(v),
            _ => Err(wrong("2-byte values")),
        }
    }
    fn u32s(&mut self) -> Result<Vec<u32>, TableBytesError> {
        match self.next()? {
            Column::Fours(v) => Ok(v),
            _ => Err(wrong("4-byte values")),
        }
    }
    fn i32s(&mut self) -> Result<Vec<i32>, TableBytesError> {
        match self.next()? {
            // The same bits; the collect reuses the vector's memory.
            Column::Fours(v) => Ok(v.into_iter().map(|x| x as i32).collect()),
            _ => Err(wrong("4-byte values")),
        }
    }
    fn u64s(&mut self) -> Result<Vec<u64>, TableBytesError> {
        match self.next()? {
            Column::Eights(v) => Ok(v),
            _ => Err(wrong("8-byte values")),
        }
    }
}
