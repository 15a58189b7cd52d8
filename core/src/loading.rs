//! The gate between a publisher's export and the figures: load + validate, at once
//! ([`load_cases`]), from bytes at hand a chunk at a time ([`Loading`], so a caller can show
//! progress), or as the bytes arrive ([`LoadStream`]: a download's or a `File`'s stream),
//! giving the same report whichever way and however the bytes are cut.

use crate::load::{self, CsvStream, Format, JsonStream};
use crate::model::Schema;
use crate::report::{self, LoadReport};
use crate::validate;
use chrono::NaiveDate;

/// Bytes read before the number of rows is estimated from them (to size the records once).
const ESTIMATE_AFTER_BYTES: u64 = 1 << 20;

/// Loads and validates a cases file: the whole gate between a publisher's export and the
/// figures. `file_name` chooses CSV or JSON; `as_of` is the latest date allowed.
pub fn load_cases(bytes: &[u8], file_name: &str, as_of: NaiveDate) -> LoadReport {
    load_cases_of(bytes, file_name, as_of, Schema::Extract)
}

/// Loads and validates a cases file of `schema` (an internal extract or a public release).
pub fn load_cases_of(bytes: &[u8], file_name: &str, as_of: NaiveDate, schema: Schema) -> LoadReport {
    let mut stream = LoadStream::new(file_name, as_of, schema, Some(bytes.len() as u64));
    stream.push(bytes);
    stream.finish()
}

/// A cases file loaded and validated as its bytes arrive: push each chunk, in order, then
/// [`LoadStream::finish`]. A CSV file is read and checked as it comes, a record at a time; a
/// JSON file a window of whole objects at a time. Neither is ever held whole.
pub struct LoadStream {
    file_name: String,
    schema: Schema,
    reading: Reading,
    validator: validate::Validator,
    /// The file's size, when known (a download's length, a file's size): sizes the records.
    expected_bytes: Option<u64>,
    estimated: bool,
}

enum Reading {
    /// Not yet known whether CSV or JSON (a name with neither extension, and only
    /// whitespace so far): the bytes so far.
    Detecting(Vec<u8>),
    Csv(Box<CsvStream>),
    Json(Box<JsonStream>),
}

impl LoadStream {
    /// Starts loading a file of `schema` named `file_name` (its extension chooses CSV or
    /// JSON; else its first character does), `expected_bytes` long if that is known.
    pub fn new(file_name: &str, as_of: NaiveDate, schema: Schema, expected_bytes: Option<u64>) -> LoadStream {
        let reading = match Format::from_name(file_name) {
            None => Reading::Detecting(Vec::new()),
            Some(Format::Csv) => Reading::Csv(Box::new(CsvStream::new(schema))),
            Some(Format::Json) => Reading::Json(Box::new(JsonStream::new(schema))),
        };
        LoadStream {
            file_name: file_name.to_string(),
            schema,
            reading,
            validator: validate::Validator::with_capacity(as_of, schema, 0),
            expected_bytes,
            estimated: false,
        }
    }

    /// Reads and checks the next chunk of the file.
    pub fn push(&mut self, chunk: &[u8]) {
        // A large chunk (a whole file at hand) is read a megabyte at a time, so the rows are
        // estimated early and their list is sized once.
        if chunk.len() > ESTIMATE_AFTER_BYTES as usize && !self.estimated {
            let (first, rest) = chunk.split_at(ESTIMATE_AFTER_BYTES as usize);
            self.push_piece(first);
            return self.push_piece(rest);
        }
        self.push_piece(chunk);
    }

    fn push_piece(&mut self, chunk: &[u8]) {
        if let Reading::Detecting(bytes) = &mut self.reading {
            bytes.extend_from_slice(chunk);
            const BOM: &[u8] = b"\xEF\xBB\xBF";
            let text = bytes.strip_prefix(BOM).unwrap_or(bytes);
            // Only whitespace so far, or maybe the start of a byte-order mark: wait for more.
            if text.iter().all(u8::is_ascii_whitespace) || BOM.starts_with(bytes) {
                return;
            }
            let held = std::mem::take(bytes);
            self.reading = self.start_reading(&held);
            return self.push_piece(&held);
        }
        let validator = &mut self.validator;
        let (rows, received) = match &mut self.reading {
            Reading::Csv(stream) => {
                stream.push(chunk, &mut |row: load::RawRow<'_>| validator.row(row));
                (stream.rows_so_far(), stream.received())
            }
            Reading::Json(stream) => {
                stream.push(chunk, &mut |row: load::RawRow<'_>| validator.row(row));
                (stream.rows_so_far(), stream.received())
            }
            Reading::Detecting(_) => return,
        };
        // JSON objects are counted a window at a time, so wait until some are.
        if !self.estimated && received >= ESTIMATE_AFTER_BYTES && rows > 0 {
            self.estimated = true;
            if let Some(total) = self.expected_bytes {
                // A tenth more than the rows so far promise, so the list is sized once.
                let estimate = rows as u64 * total / received.max(1);
                validator.reserve((estimate + estimate / 10) as usize);
            }
        }
    }

    fn start_reading(&self, first_bytes: &[u8]) -> Reading {
        match Format::detect(&self.file_name, first_bytes) {
            Format::Csv => Reading::Csv(Box::new(CsvStream::new(self.schema))),
            Format::Json => Reading::Json(Box::new(JsonStream::new(self.schema))),
        }
    }

    /// Bytes read so far.
    pub fn received(&self) -> u64 {
        match &self.reading {
            Reading::Csv(stream) => stream.received(),
            Reading::Json(stream) => stream.received(),
            Reading::Detecting(bytes) => bytes.len() as u64,
        }
    }

    /// The report, once every chunk has been pushed.
    pub fn finish(mut self) -> LoadReport {
        if let Reading::Detecting(bytes) = &mut self.reading {
            let held = std::mem::take(bytes);
            self.reading = self.start_reading(&held);
            self.push(&held);
        }
        let validator = &mut self.validator;
        let mut sink = |row: load::RawRow<'_>| validator.row(row);
        let read = match self.reading {
            Reading::Csv(stream) => stream.finish(&mut sink),
            Reading::Json(stream) => stream.finish(&mut sink),
            Reading::Detecting(_) => Err(report::Refusal::Empty),
        };
        match read {
            Ok(table) => self.validator.finish(table),
            // Rows already validated go with the validator: nothing from a refused file is kept.
            Err(refusal) => LoadReport::refused(refusal),
        }
    }
}

/// A cases file at hand, loaded and validated a chunk at a time, so the caller can show
/// progress between chunks.
pub struct Loading<'b> {
    bytes: &'b [u8],
    at: usize,
    stream: LoadStream,
}

impl<'b> Loading<'b> {
    /// Starts loading `bytes` as an internal extract; `file_name` chooses CSV or JSON.
    pub fn new(bytes: &'b [u8], file_name: &str, as_of: NaiveDate) -> Loading<'b> {
        Loading::of(bytes, file_name, as_of, Schema::Extract)
    }

    /// Starts loading `bytes` as a file of `schema`; `file_name` chooses CSV or JSON.
    pub fn of(bytes: &'b [u8], file_name: &str, as_of: NaiveDate, schema: Schema) -> Loading<'b> {
        Loading { bytes, at: 0, stream: LoadStream::new(file_name, as_of, schema, Some(bytes.len() as u64)) }
    }

    /// Loads up to `max_bytes` more of the file. Returns whether every byte has been read.
    pub fn step(&mut self, max_bytes: usize) -> bool {
        let end = self.at.saturating_add(max_bytes.max(1)).min(self.bytes.len());
        self.stream.push(&self.bytes[self.at..end]);
        self.at = end;
        self.at == self.bytes.len()
    }

    /// Bytes read so far and the file's size, for a progress bar.
    pub fn progress(&self) -> (usize, usize) {
        (self.at, self.bytes.len())
    }

    /// The report (the rest of the file is read first).
    pub fn finish(mut self) -> LoadReport {
        while !self.step(usize::MAX) {}
        self.stream.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{export, sample};

    #[test]
    fn loading_in_chunks_gives_what_loading_at_once_gives() {
        let mut csv = export::to_csv(&sample::demo_cases(sample::DEMO_SEED)).unwrap();
        // A blank line, a row error and a warning-worthy row, so every part of the report is compared.
        csv.push_str("\nBAD-1,P-0000000a,Offcer,Violence,2023-01-02,,,,,,,,,,,,,,\n");
        let as_of = sample::demo_as_of();
        let at_once = load_cases(csv.as_bytes(), "cases.csv", as_of);
        assert!(at_once.rejected > 0 && at_once.blank_rows_skipped > 0);
        for chunk in [1, 7, 1000, 65_536] {
            let mut loading = Loading::new(csv.as_bytes(), "cases.csv", as_of);
            let mut last = 0;
            while !loading.step(chunk) {
                let (done, total) = loading.progress();
                assert!(done > last && done <= total, "progress only moves forward");
                last = done;
            }
            assert_eq!(loading.progress().0, csv.len());
            assert_eq!(loading.finish(), at_once, "chunks of {chunk}");
        }
    }

    #[test]
    fn a_refused_file_is_refused_in_chunks_too() {
        let bytes = b"case_id,subject_ref\nC-1,P-1\n";
        let mut loading = Loading::new(bytes, "cases.csv", sample::demo_as_of());
        while !loading.step(1) {}
        assert_eq!(loading.finish(), load_cases(bytes, "cases.csv", sample::demo_as_of()));
    }

    #[test]
    fn a_file_without_an_extension_is_told_by_its_first_character_in_any_chunks() {
        let json = export::to_json(&sample::demo_cases(sample::DEMO_SEED));
        let text = format!("\u{feff}  \n{json}");
        let at_once = load_cases(text.as_bytes(), "export", sample::demo_as_of());
        assert!(at_once.refusal.is_none() && !at_once.records.is_empty());
        let mut stream = LoadStream::new("export", sample::demo_as_of(), Schema::Extract, None);
        text.as_bytes().chunks(2).for_each(|c| stream.push(c));
        assert_eq!(stream.finish(), at_once);
    }
}
