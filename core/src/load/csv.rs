//! CSV as a stream: [`CsvStream`] takes a file's bytes in chunks of any size (a download's
//! or a `File`'s stream, or the whole file at once) and cuts them into records with csv-core's
//! push parser, which keeps a partial record across chunks. The encoding is checked on the
//! way in (`encoding`); what the records mean is `csv_rows`. Any split of the same bytes gives
//! the same rows and the same report (a property test and the fuzz target check this).

use super::csv_rows::{choose_delimiter, CsvRows, Record};
use super::encoding::{BadByte, EncodingCheck, EncodingError};
use super::rows::{RawTable, RowSink};
use crate::model::Schema;
use crate::report::Refusal;
use csv_core::ReadRecordResult;

/// csv-core strips a byte-order mark only when its first read has the three bytes together.
const FIRST_READ_BYTES: usize = 3;

/// A CSV file being read as its bytes arrive. Push each chunk with [`CsvStream::push`], then
/// call [`CsvStream::finish`] for what reading found (or why the file is refused).
pub struct CsvStream {
    schema: Schema,
    encoding: EncodingCheck,
    stage: Stage,
    rows: CsvRows,
    /// The first refusal found while reading; rows are no longer read after it, but the
    /// encoding is still checked to the end (a file that is not UTF-8 is refused as that first).
    refusal: Option<Refusal>,
    /// Bytes pushed so far.
    received: u64,
}

/// Where the text is: the first line is gathered to choose the delimiter; after a `sep=` line
/// its line breaks are skipped; then the body is parsed.
enum Stage {
    /// The first line's text so far (and maybe more after it).
    FirstLine(String),
    /// Skipping the line breaks after a `sep=` line, counting them (and the line feeds among
    /// them, for an encoding fault's line); `after_cr`: the last byte skipped was a CR.
    AfterSepLine { delimiter: u8, breaks: u64, line_feeds: u64, after_cr: bool },
    /// Parsing records.
    Body(Box<Parser>),
}

impl CsvStream {
    /// Starts reading a CSV file of `schema`.
    pub fn new(schema: Schema) -> CsvStream {
        CsvStream {
            schema,
            encoding: EncodingCheck::new(),
            stage: Stage::FirstLine(String::new()),
            rows: CsvRows::default(),
            refusal: None,
            received: 0,
        }
    }

    /// Bytes pushed so far.
    pub fn received(&self) -> u64 {
        self.received
    }

    /// Rows found so far (read or left out), to size what holds them.
    pub fn rows_so_far(&self) -> usize {
        match &self.stage {
            Stage::Body(parser) => parser.records,
            _ => 0,
        }
    }

    /// Reads the next `chunk` of the file, handing each well-shaped row to `sink`.
    pub fn push(&mut self, chunk: &[u8], sink: &mut RowSink<'_>) {
        self.received += chunk.len() as u64;
        let CsvStream { schema, encoding, stage, rows, refusal, .. } = self;
        let mut reader = TextReader { schema: *schema, stage, rows, refusal, sink };
        encoding.push(chunk, &mut |text| reader.text(text, false));
    }

    /// After the last chunk: the checks that need the whole file, and what reading found.
    pub fn finish(mut self, sink: &mut RowSink<'_>) -> Result<RawTable, Refusal> {
        let CsvStream { schema, encoding, stage, rows, refusal, .. } = &mut self;
        let mut reader = TextReader { schema: *schema, stage, rows, refusal, sink };
        match encoding.finish(&mut |text| reader.text(text, false)) {
            Err(EncodingError::Container(refusal)) => return Err(refusal),
            // Its line is counted from what was handed on before it, so before the end is read.
            Err(EncodingError::NotUtf8(bad)) => return Err(self.not_utf8(bad)),
            Ok(()) => reader.text("", true),
        }
        if let Some(refusal) = self.refusal {
            return Err(refusal);
        }
        let Stage::Body(parser) = self.stage else { return self.rows.finish() };
        if let Some(line) = parser.unterminated_quote_line() {
            return Err(Refusal::BrokenCsv {
                line: line + parser.line_offset,
                detail: "a quoted field starts on this line and is never closed (a missing closing quote \"). Everything after it would be read as one value.".into(),
            });
        }
        self.rows.table.blank_rows_skipped += parser.trailing_blank_lines();
        self.rows.finish()
    }

    /// The refusal of text that is not UTF-8, with the line the bad byte is on.
    fn not_utf8(&self, bad: BadByte) -> Refusal {
        // Every byte before the bad one was handed on, so the stage counted its line feeds.
        let line_feeds = match &self.stage {
            Stage::FirstLine(text) => count_line_feeds(text.as_bytes()),
            Stage::AfterSepLine { line_feeds, .. } => *line_feeds,
            Stage::Body(parser) => parser.line_feeds_received(),
        };
        debug_assert!(line_feeds <= bad.offset);
        Refusal::NotUtf8 { byte: bad.byte, line: 1 + line_feeds }
    }
}

/// The text's way through the stages, for one push.
struct TextReader<'s, 'k, 'q> {
    schema: Schema,
    stage: &'s mut Stage,
    rows: &'s mut CsvRows,
    refusal: &'s mut Option<Refusal>,
    sink: &'k mut RowSink<'q>,
}

impl TextReader<'_, '_, '_> {
    /// Takes the next whole-character bytes of the text (`end`: there are no more).
    fn text(&mut self, mut text: &str, end: bool) {
        if let Stage::FirstLine(line) = self.stage {
            line.push_str(text);
            let Some(line_end) = line.find(['\n', '\r']) else {
                if !end {
                    return;
                }
                let gathered = std::mem::take(line);
                return self.start(&gathered, gathered.len(), end);
            };
            let gathered = std::mem::take(line);
            return self.start(&gathered, line_end, end);
        }
        if let Stage::AfterSepLine { delimiter, breaks, line_feeds, after_cr } = self.stage {
            let rest = text.trim_start_matches(['\n', '\r']);
            let skipped = &text.as_bytes()[..text.len() - rest.len()];
            *breaks += count_breaks(skipped, *after_cr);
            *line_feeds += count_line_feeds(skipped);
            *after_cr = skipped.last().map_or(*after_cr, |&b| b == b'\r');
            text = rest;
            if text.is_empty() && !end {
                return;
            }
            // Line numbers stay true to the file: the skipped lines are counted.
            let mut parser = Parser::new(*delimiter, *breaks);
            parser.line_feeds_before = *line_feeds;
            *self.stage = Stage::Body(Box::new(parser));
        }
        if let Stage::Body(parser) = self.stage {
            if self.refusal.is_none() {
                let result = parser.push(text, end, &mut |record, line_offset| self.rows.take(record, line_offset, self.schema, self.sink));
                if let Err(refusal) = result {
                    *self.refusal = Some(refusal);
                }
            } else {
                parser.line_feeds_after_refusal += count_line_feeds(text.as_bytes());
            }
        }
    }

    /// With the first line gathered (`line_end` is where it ends in `gathered`): chooses the
    /// delimiter and goes on with the rest.
    fn start(&mut self, gathered: &str, line_end: usize, end: bool) {
        let (delimiter, is_sep_line) = choose_delimiter(&gathered[..line_end], &mut self.rows.table.problems);
        if is_sep_line {
            *self.stage = Stage::AfterSepLine { delimiter, breaks: 0, line_feeds: 0, after_cr: false };
            self.text(&gathered[line_end..], end);
        } else {
            *self.stage = Stage::Body(Box::new(Parser::new(delimiter, 0)));
            self.text(gathered, end);
        }
    }
}

/// csv-core's push parser with the buffers a record is gathered in, and what the report needs
/// to know of the raw bytes between records.
struct Parser {
    core: csv_core::Reader,
    delimiter: u8,
    /// Lines before the body (a `sep=` line and its breaks).
    line_offset: u64,
    /// The record being read: its fields' bytes and ends so far.
    fields: Vec<u8>,
    field_bytes: usize,
    ends: Vec<usize>,
    field_count: usize,
    /// The raw bytes since the last record ended (the blank lines before the next record and
    /// its start, held across chunks): where a record's leading blank lines and an unclosed
    /// quote are found.
    since_record: Vec<u8>,
    /// Whether the last record ended with a carriage return (then a line feed after it is
    /// the rest of that line break, not a blank line).
    last_ended_with_cr: bool,
    /// Line breaks in the body before the current record's raw bytes (LF, CRLF and lone CR
    /// each one, quoted ones too): a record's line is counted from these, not from csv-core's
    /// count of line feeds, which leaves out blank lines before a record and lags a CRLF.
    lines_before: u64,
    /// Bytes held until csv-core's first read can have three (see [`FIRST_READ_BYTES`]).
    first_bytes: Option<String>,
    /// The raw bytes of a record the text's end closed (no line break after it).
    final_record: Vec<u8>,
    /// Line breaks before that record, and whether the one before it was a CR.
    final_record_lines_before: u64,
    final_record_after_cr: bool,

    /// Records read.
    records: usize,
    /// Line feeds in text received after a refusal stopped the reading.
    line_feeds_after_refusal: u64,
    /// Line feeds before the body (after a `sep=` line).
    line_feeds_before: u64,
    /// Whether csv-core has had its first read (which strips a second byte-order mark).
    core_started: bool,
    /// The bytes the fast path stops at: the delimiter, a quote and the line breaks.
    special: [bool; 256],
    /// Where the fast path's last line ended in the chunk.
    fast_end: usize,
}

impl Parser {
    fn new(delimiter: u8, line_offset: u64) -> Parser {
        Parser {
            core: csv_core::ReaderBuilder::new().delimiter(delimiter).build(),
            delimiter,
            line_offset,
            fields: vec![0; 4096],
            field_bytes: 0,
            ends: vec![0; 64],
            field_count: 0,
            since_record: Vec::new(),
            last_ended_with_cr: false,
            lines_before: 0,
            first_bytes: Some(String::new()),
            final_record: Vec::new(),
            final_record_lines_before: 0,
            final_record_after_cr: false,
            records: 0,
            line_feeds_after_refusal: 0,
            line_feeds_before: 0,
            core_started: false,
            special: std::array::from_fn(|b| [delimiter, b'"', b'\n', b'\r'].contains(&(b as u8))),
            fast_end: 0,
        }
    }

    /// Line feeds in the text received so far.
    fn line_feeds_received(&self) -> u64 {
        let held = self.first_bytes.as_deref().map_or(0, |t| count_line_feeds(t.as_bytes()));
        self.line_feeds_before + (self.core.line() - 1) + held + self.line_feeds_after_refusal
    }

    /// Parses `input` (`end`: the text ends after it), handing each record to `take`.
    fn push(&mut self, input: &str, end: bool, take: &mut dyn FnMut(Record<'_>, u64) -> Result<(), Refusal>) -> Result<(), Refusal> {
        if let Some(first) = &mut self.first_bytes {
            first.push_str(input);
            if first.len() < FIRST_READ_BYTES && !end {
                return Ok(());
            }
            let first = self.first_bytes.take().unwrap_or_default();
            return self.parse(&first, end, take);
        }
        self.parse(input, end, take)
    }

    fn parse(&mut self, text: &str, end: bool, take: &mut dyn FnMut(Record<'_>, u64) -> Result<(), Refusal>) -> Result<(), Refusal> {
        let input = text.as_bytes();
        let (mut at, mut record_start) = (0, 0);
        loop {
            if at == record_start && at < input.len() && self.at_record_boundary() {
                if let Some(next) = self.unquoted_line(text, at, take) {
                    if let Err(refusal) = next {
                        self.line_feeds_after_refusal += count_line_feeds(&input[self.fast_end..]);
                        return Err(refusal);
                    }
                    (at, record_start) = (self.fast_end, self.fast_end);
                    continue;
                }
            }
            if at == input.len() && !(end && input.is_empty()) {
                self.since_record.extend_from_slice(&input[record_start..]);
                if end {
                    // An empty read tells csv-core the text has ended.
                    return self.parse("", true, take);
                }
                return Ok(());
            }
            self.core_started = true;
            let (result, read, written, ended) =
                self.core.read_record(&input[at..], &mut self.fields[self.field_bytes..], &mut self.ends[self.field_count..]);
            at += read;
            self.field_bytes += written;
            self.field_count += ended;
            match result {
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => self.fields.resize(self.fields.len() * 2, 0),
                ReadRecordResult::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                ReadRecordResult::Record => {
                    if let Err(refusal) = self.record(&input[record_start..at], input.is_empty(), take) {
                        // Reading stops here; the line feeds after it still count for a later fault's line.
                        self.line_feeds_after_refusal += count_line_feeds(&input[at..]);
                        return Err(refusal);
                    }
                    record_start = at;
                }
                ReadRecordResult::End => return Ok(()),
            }
        }
    }

    /// Whether csv-core is between records (nothing of the next one read yet but line breaks).
    fn at_record_boundary(&self) -> bool {
        self.core_started && self.field_bytes == 0 && self.field_count == 0 && self.since_record.iter().all(|&b| b == b'\n' || b == b'\r')
    }

    /// The fast path: a record that is one line without quotes (most are) is cut at its
    /// delimiters in one pass over a byte table, where csv-core's state machine would step
    /// through every byte. Gives what csv-core gives, or `None` (nothing read) for a line it
    /// must read: one with a quote or a lone carriage return, a blank line, or one not yet
    /// ended in this chunk. On success the record was taken and `fast_end` is after its line.
    fn unquoted_line(
        &mut self,
        text: &str,
        at: usize,
        take: &mut dyn FnMut(Record<'_>, u64) -> Result<(), Refusal>,
    ) -> Option<Result<(), Refusal>> {
        let input = text.as_bytes();
        let mut i = at;
        let mut fields = 0;
        let line_end = loop {
            while i < input.len() && !self.special[usize::from(input[i])] {
                i += 1;
            }
            match input.get(i).copied() {
                Some(b'\n') if i > at => break i,
                Some(b'\r') if i > at && input.get(i + 1) == Some(&b'\n') => break i,
                Some(b) if b == self.delimiter => {
                    if fields == self.ends.len() {
                        self.ends.resize(self.ends.len() * 2, 0);
                    }
                    self.ends[fields] = i - at;
                    fields += 1;
                    i += 1;
                }
                _ => return None,
            }
        };
        if fields == self.ends.len() {
            self.ends.resize(self.ends.len() * 2, 0);
        }
        self.ends[fields] = line_end - at;
        let after = line_end + if input[line_end] == b'\r' { 2 } else { 1 };
        self.fast_end = after;
        // csv-core did not see the line: its line count moves past it here.
        self.core.set_line(self.core.line() + 1);
        // The line's one break is its end: its bytes need no second look.
        let (line, blank_lines) = self.end_record(&input[at..after], false, Some(1));
        let record = Record {
            text: text.get(at..line_end).unwrap_or(""),
            ends: &self.ends[..=fields],
            line,
            blank_lines_before: blank_lines,
            gap: 1,
        };
        Some(take(record, self.line_offset))
    }

    /// A record is complete: `raw_tail` is its raw bytes in this chunk (the rest are in
    /// `since_record`); `at_end`: it ended with the text, not a line break.
    fn record(
        &mut self,
        raw_tail: &[u8],
        at_end: bool,
        take: &mut dyn FnMut(Record<'_>, u64) -> Result<(), Refusal>,
    ) -> Result<(), Refusal> {
        let (line, blank_lines) = self.end_record(raw_tail, at_end, None);
        let (field_bytes, field_count) = (std::mem::take(&mut self.field_bytes), std::mem::take(&mut self.field_count));
        // The text was checked as UTF-8 on the way in, and csv-core removes only ASCII quotes.
        let text = std::str::from_utf8(&self.fields[..field_bytes])
            .map_err(|_| Refusal::BrokenCsv { line: line + self.line_offset, detail: "a field is not valid UTF-8 text".into() })?;
        take(Record { text, ends: &self.ends[..field_count], line, blank_lines_before: blank_lines, gap: 0 }, self.line_offset)
    }

    /// What every record's end updates: the blank lines before it, line breaks, the line it
    /// started on (returned, with the blank lines), and an unclosed quote's place.
    /// `tail_breaks`: the line breaks in `raw_tail`, when the caller knows them.
    fn end_record(&mut self, raw_tail: &[u8], at_end: bool, tail_breaks: Option<u64>) -> (u64, usize) {
        let run = BreakRun::leading(&self.since_record, raw_tail, self.last_ended_with_cr);
        let line = 1 + self.lines_before + run.lines as u64;
        if at_end {
            // Kept: an unclosed quote can only be in a record the text's end closed.
            self.final_record = std::mem::take(&mut self.since_record);
            self.final_record.extend_from_slice(raw_tail);
            self.final_record_lines_before = self.lines_before;
            self.final_record_after_cr = self.last_ended_with_cr;
        } else {
            let held_breaks = count_breaks(&self.since_record, self.last_ended_with_cr);
            let after_held = self.since_record.last().map_or(self.last_ended_with_cr, |&b| b == b'\r');
            self.lines_before += held_breaks + tail_breaks.unwrap_or_else(|| count_breaks(raw_tail, after_held));
        }
        self.last_ended_with_cr = raw_tail.last().or(self.since_record.last()) == Some(&b'\r');
        self.records += 1;
        self.since_record.clear();
        (line, run.lines)
    }

    /// The line (after the body's first) of a quote that opens a field in the record the
    /// text's end closed and is never closed itself. csv-core reads such a field to the end
    /// of the file; this finds where it began.
    fn unterminated_quote_line(&self) -> Option<u64> {
        let at = unclosed_quote(&self.final_record, self.delimiter)?;
        Some(1 + self.final_record_lines_before + count_breaks(&self.final_record[..at], self.final_record_after_cr))
    }

    /// The blank lines after the last record.
    fn trailing_blank_lines(&self) -> usize {
        BreakRun::leading(&self.since_record, &[], self.last_ended_with_cr).lines
    }
}

/// The line breaks at the start of a record's raw bytes (`held` then `tail`): csv-core skips
/// them, and each is a blank line. A line feed that completes the last record's CRLF is not.
#[derive(Debug, Default)]
struct BreakRun {
    /// Blank lines (LF, CRLF and lone CR each one).
    lines: usize,
}

impl BreakRun {
    fn leading(held: &[u8], tail: &[u8], after_cr: bool) -> BreakRun {
        let mut bytes = held.iter().chain(tail).copied().peekable();
        let mut run = BreakRun::default();
        if after_cr {
            bytes.next_if_eq(&b'\n');
        }
        while let Some(b) = bytes.next_if(|&b| b == b'\n' || b == b'\r') {
            run.lines += 1;
            if b == b'\r' {
                bytes.next_if_eq(&b'\n');
            }
        }
        run
    }
}

/// Where a quote that opens a field in `raw` (a record's raw bytes, from its start) is left
/// open at the end, if one is: the same reading of quotes as csv-core's (a quote opens a field
/// only at its start; `""` inside is a quote).
fn unclosed_quote(raw: &[u8], delimiter: u8) -> Option<usize> {
    let (mut i, mut field_start, mut open) = (0, true, None);
    while i < raw.len() {
        let c = raw[i];
        if open.is_some() {
            if c == b'"' {
                if raw.get(i + 1) == Some(&b'"') {
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
    open
}

/// Line breaks (LF, CRLF or lone CR, each one) in `bytes`, which follow a CR if `after_cr`:
/// every CR is one, and every LF that does not complete a CRLF.
fn count_breaks(bytes: &[u8], after_cr: bool) -> u64 {
    let mut previous = if after_cr { b'\r' } else { 0 };
    let mut breaks = 0;
    for &b in bytes {
        breaks += u64::from(b == b'\r' || (b == b'\n' && previous != b'\r'));
        previous = b;
    }
    breaks
}

fn count_line_feeds(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u64
}

#[cfg(test)]
#[path = "csv_tests.rs"]
mod tests;
