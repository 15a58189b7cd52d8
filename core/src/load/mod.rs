//! Reading the container: bytes → text → rows of cells by field. No values are judged here;
//! that is the validate stage's job. This stage refuses files whose structure cannot be read
//! and reports rows whose shape is wrong (field counts, over-long fields, JSON types).
//!
//! `rows`: the types and checks every reader shares; `csv` and `json`: the two containers.

mod csv;
mod json;
mod rows;

pub use csv::CsvReading;
pub use rows::{Format, RawRow, RawTable, RowSink, MAX_FIELD_CHARS};

use crate::model::Schema;
use crate::report::Refusal;

/// Reads `bytes` as `format` (a file of `schema`), handing each well-shaped row to `sink`, or says why the whole
/// file is refused (in which case the rows already handed over must be discarded).
pub fn read_table(bytes: &[u8], format: Format, schema: Schema, sink: &mut RowSink<'_>) -> Result<RawTable, Refusal> {
    let text = decode_text(bytes)?;
    match format {
        Format::Csv => csv::read_csv(text, schema, sink),
        Format::Json => json::read_json(text, schema, sink),
    }
}

/// Checks the encoding and strips a UTF-8 byte-order mark (silently, as the contract says).
pub fn decode_text(bytes: &[u8]) -> Result<&str, Refusal> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Refusal::Empty);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Err(Refusal::Zip);
    }
    if let Some(endianness) = utf16_endianness(bytes) {
        return Err(Refusal::Utf16 { endianness: endianness.to_string() });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let line = 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count() as u64;
        Refusal::NotUtf8 { byte: bytes[at], line }
    })
}

fn utf16_endianness(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xFE, ..] => Some("little-endian"),
        [0xFE, 0xFF, ..] => Some("big-endian"),
        // No byte-order mark, but ASCII text with every other byte zero.
        [a, 0, b, 0, ..] if *a != 0 && *b != 0 => Some("little-endian"),
        [0, a, 0, b, ..] if *a != 0 && *b != 0 => Some("big-endian"),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
