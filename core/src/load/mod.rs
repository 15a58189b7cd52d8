//! Reading the container: bytes → text → rows of cells by field. No values are judged here;
//! that is the validate stage's job. This stage refuses files whose structure cannot be read
//! and reports rows whose shape is wrong (field counts, over-long fields, JSON types).
//!
//! `rows`: the types and checks every reader shares; `csv` and `json`: the two containers.

mod csv;
// The csv crate's whole-file reader the stream reader replaced, kept as the tests' oracle.
#[cfg(test)]
#[allow(dead_code)]
mod csv_reference;
mod csv_rows;
mod encoding;
mod json;
mod json_stream;
mod rows;

pub use csv::CsvStream;
pub use json_stream::JsonStream;
pub use rows::{Format, RawRow, RawTable, RowSink, MAX_FIELD_CHARS};

use crate::model::Schema;
use crate::report::Refusal;

/// Reads `bytes` as `format` (a file of `schema`), handing each well-shaped row to `sink`, or says why the whole
/// file is refused (in which case the rows already handed over must be discarded).
pub fn read_table(bytes: &[u8], format: Format, schema: Schema, sink: &mut RowSink<'_>) -> Result<RawTable, Refusal> {
    match format {
        Format::Csv => {
            let mut stream = CsvStream::new(schema);
            stream.push(bytes, sink);
            stream.finish(sink)
        }
        Format::Json => json::read_json(decode_text(bytes)?, schema, sink),
    }
}

/// Checks the encoding and strips a UTF-8 byte-order mark (silently, as the contract says).
pub fn decode_text(bytes: &[u8]) -> Result<&str, Refusal> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Refusal::Empty);
    }
    if let Some(refusal) = encoding::container_refusal(bytes) {
        return Err(refusal);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let line = 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count() as u64;
        Refusal::NotUtf8 { byte: bytes[at], line }
    })
}

#[cfg(test)]
mod tests;
