//! CSV: the delimiter, the header, blank and repeated-header rows, field counts and
//! unterminated quotes, read a batch of records at a time ([`CsvReading`]) with the csv crate.

use super::rows::{collect_cells, display_column_name, map_columns, problem, reject, PrivacyScan, RawTable, RowSink};
use crate::model::{Field, Schema};
use crate::report::{Location, Problem, ProblemKind, Refusal, Severity};

/// The header of a CSV file: which field each column position holds.
struct Header {
    columns: Vec<Option<Field>>,
    /// The header cells, normalised, to recognise a repeated header.
    normalised: Vec<String>,
}

pub(super) fn read_csv(text: &str, schema: Schema, sink: &mut RowSink<'_>) -> Result<RawTable, Refusal> {
    let mut reading = CsvReading::new(text, schema);
    while !reading.step(usize::MAX, sink)? {}
    reading.finish()
}

/// A CSV file being read, a batch of rows at a time, so a caller can do other work (draw a
/// progress bar, notice a cancel) between batches. [`read_table`] reads it in one go.
pub struct CsvReading<'t> {
    body: &'t str,
    schema: Schema,
    delimiter: u8,
    line_offset: u64,
    reader: csv::Reader<&'t [u8]>,
    record: csv::StringRecord,
    header: Option<Header>,
    header_names: Vec<String>,
    privacy: PrivacyScan,
    table: RawTable,
    previous_end: usize,
    last_start: usize,
}

impl<'t> CsvReading<'t> {
    /// Starts reading `text` (already decoded, see [`decode_text`]).
    pub fn new(text: &'t str, schema: Schema) -> CsvReading<'t> {
        let mut table = RawTable::default();
        let (delimiter, body, line_offset) = choose_delimiter(text, &mut table.problems);
        let reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(body.as_bytes());
        CsvReading {
            body,
            schema,
            delimiter,
            line_offset,
            reader,
            record: csv::StringRecord::new(),
            header: None,
            header_names: Vec::new(),
            privacy: PrivacyScan::default(),
            table,
            previous_end: 0,
            last_start: 0,
        }
    }

    /// How far reading has gone, in bytes of the text.
    pub fn position(&self) -> usize {
        self.previous_end
    }

    /// Reads up to `max_records` more records, handing well-shaped rows to `sink`. Returns
    /// whether the end of the file was reached.
    pub fn step(&mut self, max_records: usize, sink: &mut RowSink<'_>) -> Result<bool, Refusal> {
        for _ in 0..max_records {
            let more = self.reader.read_record(&mut self.record).map_err(|e| broken_csv(&e, self.line_offset))?;
            if !more {
                return Ok(true);
            }
            self.take_record(sink)?;
        }
        Ok(false)
    }

    fn take_record(&mut self, sink: &mut RowSink<'_>) -> Result<(), Refusal> {
        let record = &self.record;
        let start = record.position().map_or(0, |p| p.byte()) as usize;
        self.last_start = start;
        // The csv crate passes over empty lines silently; a record's start position lies
        // before them, so count the line breaks that lead it.
        self.table.blank_rows_skipped += blank_lines_at(self.body, start);
        self.previous_end = self.reader.position().byte() as usize;
        // The record's true line: breaks before its first byte, after the blank lines
        // (the csv crate's own count leaves those out and lags a CRLF).
        let line = 1 + count_lines(&self.body[..first_byte_after_breaks(self.body, start)]) + self.line_offset;
        if record.iter().all(|f| crate::text::trim_cell(f).is_empty()) {
            self.table.blank_rows_skipped += 1;
            return Ok(());
        }
        match &self.header {
            None => {
                self.header_names = record.iter().enumerate().map(|(i, name)| display_column_name(name, i)).collect();
                self.privacy.scan_header(record.iter());
                self.header = Some(read_header(record, self.schema, &mut self.table.problems)?);
            }
            Some(h) => {
                self.privacy.scan_row(Location::Line(line), record.iter(), &self.header_names);
                read_csv_row(record, Location::Line(line), h, &mut self.table, sink);
            }
        }
        Ok(())
    }

    /// After the last step: the checks that need the whole file, and what reading found.
    pub fn finish(mut self) -> Result<RawTable, Refusal> {
        if let Some(line) = unterminated_quote_line(self.body, self.last_start, self.delimiter) {
            return Err(Refusal::BrokenCsv {
                line: line + self.line_offset,
                detail: "a quoted field starts on this line and is never closed (a missing closing quote \"). Everything after it would be read as one value.".into(),
            });
        }
        self.table.blank_rows_skipped += blank_lines_at(self.body, self.previous_end);
        self.privacy.into_result()?;
        if self.header.is_none() {
            return Err(Refusal::NoHeader);
        }
        Ok(self.table)
    }
}

/// The 1-based line of a quote that opens a field in the last record and is never closed.
/// The csv crate reads such a field to the end of the file; this finds where it began.
fn unterminated_quote_line(body: &str, record_start: usize, delimiter: u8) -> Option<u64> {
    let bytes = body.as_bytes();
    let (mut i, mut field_start, mut open) = (record_start, true, None);
    while i < bytes.len() {
        let c = bytes[i];
        if open.is_some() {
            if c == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 2;
                    continue;
                }
                open = None;
            }
        } else if field_start && c == b'"' {
            open = Some(i);
        } else {
            field_start = c == delimiter || c == b'\n' || c == b'\r';
        }
        i += 1;
    }
    open.map(|at| 1 + count_lines(&body[..at]))
}

/// Line breaks (LF, CRLF or lone CR) in `text`.
fn count_lines(text: &str) -> u64 {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().filter(|(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))).count() as u64
}

/// Counts the empty lines starting at byte `position` (LF, CRLF or lone CR endings). The LF
/// that completes a CRLF begun before `position` is not a line of its own.
fn blank_lines_at(body: &str, position: usize) -> usize {
    let mut rest = body.get(position..).unwrap_or("");
    if body.as_bytes().get(position.wrapping_sub(1)) == Some(&b'\r') {
        rest = rest.strip_prefix('\n').unwrap_or(rest);
    }
    let run = &rest[..rest.len() - rest.trim_start_matches(['\n', '\r']).len()];
    run.replace("\r\n", "\n").len()
}

/// Where the line breaks at byte `position` end (a LF completing a CRLF begun before it included).
fn first_byte_after_breaks(body: &str, position: usize) -> usize {
    let bytes = body.as_bytes();
    let mut i = position;
    if i > 0 && bytes.get(i - 1) == Some(&b'\r') && bytes.get(i) == Some(&b'\n') {
        i += 1;
    }
    while matches!(bytes.get(i), Some(b'\n' | b'\r')) {
        i += 1;
    }
    i
}

/// Comma by default; `sep=;` on the first line (Excel) or an unambiguous header switches to `;`.
fn choose_delimiter<'a>(text: &'a str, problems: &mut Vec<Problem>) -> (u8, &'a str, u64) {
    let first_line_end = text.find(['\n', '\r']).unwrap_or(text.len());
    let first = text[..first_line_end].trim().trim_matches('"');
    if let Some(sep) = first.to_lowercase().strip_prefix("sep=") {
        let delimiter = sep.bytes().next().unwrap_or(b',');
        let rest = text[first_line_end..].trim_start_matches(['\r', '\n']);
        // Keep line numbers true to the file: count the line breaks we skipped.
        let skipped = count_lines(&text[..text.len() - rest.len()]);
        return (delimiter, rest, skipped);
    }
    if first.contains(';') && !first.contains(',') {
        problems.push(problem(
            Location::Header,
            None,
            Severity::Warning,
            ProblemKind::DelimiterDetected,
            "The header has semicolons and no commas, so the file was read with ';' as the delimiter. Add a first line \"sep=;\" or export with commas to make this explicit.".into(),
        ));
        return (b';', text, 0);
    }
    (b',', text, 0)
}

fn broken_csv(error: &csv::Error, line_offset: u64) -> Refusal {
    let line = error.position().map_or(0, |p| p.line()) + line_offset;
    Refusal::BrokenCsv { line, detail: error.to_string() }
}

fn read_header(record: &csv::StringRecord, schema: Schema, problems: &mut Vec<Problem>) -> Result<Header, Refusal> {
    let mut cells: Vec<&str> = record.iter().collect();
    while cells.last().is_some_and(|c| c.trim().is_empty()) {
        cells.pop();
    }
    if cells.len() < record.len() {
        problems.push(problem(
            Location::Header,
            None,
            Severity::Warning,
            ProblemKind::TrailingEmptyFields,
            format!("The header ends with {} empty column(s) (trailing delimiters); they were ignored.", record.len() - cells.len()),
        ));
    }
    let names: Vec<(String, Location)> = cells.iter().map(|c| (c.to_string(), Location::Header)).collect();
    let columns = map_columns(&names, schema, problems)?;
    Ok(Header { columns, normalised: cells.iter().map(|c| c.trim().to_lowercase()).collect() })
}

fn read_csv_row(record: &csv::StringRecord, location: Location, header: &Header, table: &mut RawTable, sink: &mut RowSink<'_>) {
    let width = header.columns.len();
    // Compared without allocating: most rows differ from the header in their first cell.
    let is_repeated_header = record.len() >= width
        && record
            .iter()
            .take(width)
            .zip(&header.normalised)
            .all(|(c, h)| c.trim().eq_ignore_ascii_case(h) || c.trim().to_lowercase() == *h)
        && record.iter().skip(width).all(|c| c.trim().is_empty());
    if is_repeated_header {
        table.problems.push(problem(
            location,
            None,
            Severity::Warning,
            ProblemKind::RepeatedHeader,
            "The header row appears again here (two exports pasted together?); this line was skipped.".into(),
        ));
        return;
    }
    if record.len() < width {
        return reject(
            table,
            location,
            None,
            ProblemKind::WrongFieldCount,
            format!("This row has {} fields but the header has {width}; a field is missing or a delimiter was lost.", record.len()),
        );
    }
    let extra = record.iter().skip(width);
    if extra.clone().any(|c| !c.trim().is_empty()) {
        return reject(
            table,
            location,
            None,
            ProblemKind::WrongFieldCount,
            format!("This row has {} fields but the header has {width}; check for an unquoted comma in a value.", record.len()),
        );
    }
    if record.len() > width {
        table.problems.push(problem(
            location,
            None,
            Severity::Warning,
            ProblemKind::TrailingEmptyFields,
            format!("{} empty field(s) after the last column were dropped.", record.len() - width),
        ));
    }
    let cells = record.iter().take(width).zip(&header.columns).map(|(text, field)| (text, *field));
    if let Some(row) = collect_cells(cells, location, table) {
        sink(row);
    }
}
