//! Reading the container: bytes → text → rows of cells by field. No values are judged here;
//! that is [`crate::validate`]'s job. This stage refuses files whose structure cannot be read
//! and reports rows whose shape is wrong (field counts, over-long fields, JSON types).

use crate::model::Field;
use crate::privacy::PersonalDataKind;
use crate::report::{Location, PersonalDataFinding, Problem, ProblemKind, Refusal, Severity, MAX_LISTED_FINDINGS};
use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::collections::HashSet;

/// The longest field accepted, in characters.
pub const MAX_FIELD_CHARS: usize = 10_000;

/// The two containers the contract accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// RFC 4180 CSV.
    Csv,
    /// A strict JSON array of objects.
    Json,
}

impl Format {
    /// Chooses the format from a file name's extension, falling back to the content:
    /// text whose first non-blank character is `[` is JSON.
    pub fn detect(file_name: &str, bytes: &[u8]) -> Format {
        let lower = file_name.to_lowercase();
        if lower.ends_with(".json") {
            return Format::Json;
        }
        if lower.ends_with(".csv") {
            return Format::Csv;
        }
        let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        match text.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'[') => Format::Json,
            _ => Format::Csv,
        }
    }
}

/// One row as read, borrowing the text of each known field from the reader (no copies):
/// rows are handed to a sink one at a time, so a large file is never held twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawRow<'a> {
    /// Where the row is in the file.
    pub location: Location,
    /// Cell text by [`Field`] index, untrimmed; `None` for an absent column or JSON null.
    pub cells: [Option<&'a str>; Field::ALL.len()],
}

impl<'a> RawRow<'a> {
    /// The cell for `field`.
    pub fn cell(&self, field: Field) -> Option<&'a str> {
        self.cells[field as usize]
    }
}

/// Receives each well-shaped row as it is read (the validator, in production).
pub type RowSink<'s> = dyn FnMut(RawRow<'_>) + 's;

/// What reading found besides the rows themselves.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawTable {
    /// Header warnings and row-shape errors found while reading.
    pub problems: Vec<Problem>,
    /// Rows left out because of their shape.
    pub rejected: usize,
    /// Blank rows skipped.
    pub blank_rows_skipped: usize,
}

/// Reads `bytes` as `format`, handing each well-shaped row to `sink`, or says why the whole
/// file is refused (in which case the rows already handed over must be discarded).
pub fn read_table(bytes: &[u8], format: Format, sink: &mut RowSink<'_>) -> Result<RawTable, Refusal> {
    let text = decode_text(bytes)?;
    match format {
        Format::Csv => read_csv(text, sink),
        Format::Json => read_json(text, sink),
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

fn problem(location: Location, column: Option<String>, severity: Severity, kind: ProblemKind, message: String) -> Problem {
    Problem { location, column, severity, kind, message }
}

/// The header of a CSV file: which field each column position holds.
struct Header {
    columns: Vec<Option<Field>>,
    /// The header cells, normalised, to recognise a repeated header.
    normalised: Vec<String>,
}

fn read_csv(text: &str, sink: &mut RowSink<'_>) -> Result<RawTable, Refusal> {
    let mut reading = CsvReading::new(text);
    while !reading.step(usize::MAX, sink)? {}
    reading.finish()
}

/// A CSV file being read, a batch of rows at a time, so a caller can do other work (draw a
/// progress bar, notice a cancel) between batches. [`read_table`] reads it in one go.
pub struct CsvReading<'t> {
    body: &'t str,
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
    pub fn new(text: &'t str) -> CsvReading<'t> {
        let mut table = RawTable::default();
        let (delimiter, body, line_offset) = choose_delimiter(text, &mut table.problems);
        let reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(body.as_bytes());
        CsvReading {
            body,
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
        let line = record.position().map_or(0, |p| p.line()) + self.line_offset;
        if record.iter().all(|f| crate::validate::trim_cell(f).is_empty()) {
            self.table.blank_rows_skipped += 1;
            return Ok(());
        }
        match &self.header {
            None => {
                self.header_names = record.iter().enumerate().map(|(i, name)| display_column_name(name, i)).collect();
                self.privacy.scan_header(record.iter());
                self.header = Some(read_header(record, &mut self.table.problems)?);
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

/// Collects personal-data findings across the whole file (every column name and every cell,
/// unknown columns and rejected rows included). Values are never stored.
#[derive(Default)]
struct PrivacyScan {
    findings: Vec<PersonalDataFinding>,
    total: usize,
}

impl PrivacyScan {
    fn add(&mut self, location: Location, column: &str, kind: PersonalDataKind) {
        self.total += 1;
        if self.findings.len() < MAX_LISTED_FINDINGS {
            self.findings.push(PersonalDataFinding { location, column: column.to_string(), kind });
        }
    }

    /// Scans one column name (a CSV header cell or a JSON key) at `position`.
    fn scan_name(&mut self, name: &str, position: usize) {
        let shown = display_column_name(name, position);
        if crate::privacy::is_personal_column(name) {
            self.add(Location::Header, &shown, PersonalDataKind::PersonalColumn);
        }
        // A column whose *name* is itself personal data (a pasted value) is caught too.
        if let Some(kind) = crate::privacy::scan_value(name) {
            self.add(Location::Header, &format!("{}", position + 1), kind);
        }
    }

    fn scan_header<'a>(&mut self, names: impl Iterator<Item = &'a str>) {
        for (position, name) in names.enumerate() {
            self.scan_name(name, position);
        }
    }

    fn scan_row<'a>(&mut self, location: Location, cells: impl Iterator<Item = &'a str>, names: &[String]) {
        for (i, cell) in cells.enumerate() {
            if let Some(kind) = crate::privacy::scan_value(cell) {
                let column = names.get(i).cloned().unwrap_or_else(|| format!("{} (extra)", i + 1));
                self.add(location, &column, kind);
            }
        }
    }

    fn into_result(self) -> Result<(), Refusal> {
        if self.total == 0 {
            Ok(())
        } else {
            Err(Refusal::PersonalData { findings: self.findings, total: self.total })
        }
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

/// Comma by default; `sep=;` on the first line (Excel) or an unambiguous header switches to `;`.
fn choose_delimiter<'a>(text: &'a str, problems: &mut Vec<Problem>) -> (u8, &'a str, u64) {
    let first_line_end = text.find(['\n', '\r']).unwrap_or(text.len());
    let first = text[..first_line_end].trim().trim_matches('"');
    if let Some(sep) = first.to_lowercase().strip_prefix("sep=") {
        let delimiter = sep.bytes().next().unwrap_or(b',');
        let rest = text[first_line_end..].trim_start_matches(['\r', '\n']);
        // Keep line numbers true to the file: count the line breaks we skipped.
        let skipped = text[..text.len() - rest.len()].matches('\n').count().max(1) as u64;
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

fn read_header(record: &csv::StringRecord, problems: &mut Vec<Problem>) -> Result<Header, Refusal> {
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
    let columns = map_columns(&names, problems)?;
    Ok(Header { columns, normalised: cells.iter().map(|c| c.trim().to_lowercase()).collect() })
}

/// Maps column names to fields: unknown names are warned about, duplicates and missing
/// required fields refuse the file. `names` carries where each name was seen.
fn map_columns(names: &[(String, Location)], problems: &mut Vec<Problem>) -> Result<Vec<Option<Field>>, Refusal> {
    let mut seen: Vec<(Field, usize)> = Vec::new();
    let mut columns = Vec::with_capacity(names.len());
    for (position, (name, location)) in names.iter().enumerate() {
        let field = Field::from_column_name(name);
        match field {
            Some(f) => {
                if let Some((_, first)) = seen.iter().find(|(g, _)| *g == f) {
                    return Err(Refusal::DuplicateColumn {
                        column: f.name().into(),
                        first: format!("column {}", first + 1),
                        second: format!("column {}", position + 1),
                    });
                }
                seen.push((f, position));
            }
            None => problems.push(problem(
                *location,
                Some(display_column_name(name, position)),
                Severity::Warning,
                ProblemKind::UnknownColumn,
                format!(
                    "Column {} is not part of the data format; it was ignored and is never shown.",
                    display_column_name(name, position)
                ),
            )),
        }
        columns.push(field);
    }
    let missing: Vec<String> =
        Field::ALL.iter().filter(|f| f.is_required() && !seen.iter().any(|(g, _)| g == *f)).map(|f| f.name().to_string()).collect();
    if !missing.is_empty() {
        return Err(Refusal::MissingColumns { columns: missing });
    }
    Ok(columns)
}

fn display_column_name(name: &str, position: usize) -> String {
    let trimmed = name.trim();
    if trimmed.is_empty() {
        format!("{} (unnamed)", position + 1)
    } else {
        // Column names are shown only truncated, in case a whole value was pasted as a name.
        let short: String = trimmed.chars().take(40).collect();
        format!("\"{short}\"")
    }
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

/// Builds a [`RawRow`] from (text, field) pairs, rejecting it if any field is too long.
fn collect_cells<'a>(
    cells: impl Iterator<Item = (&'a str, Option<Field>)>,
    location: Location,
    table: &mut RawTable,
) -> Option<RawRow<'a>> {
    let mut row = RawRow { location, cells: Default::default() };
    for (text, field) in cells {
        let Some(field) = field else { continue };
        // Bytes bound characters from above, so most fields skip the count.
        if text.len() > MAX_FIELD_CHARS && text.chars().nth(MAX_FIELD_CHARS).is_some() {
            reject(
                table,
                location,
                Some(field),
                ProblemKind::FieldTooLong,
                format!("The value is longer than {MAX_FIELD_CHARS} characters."),
            );
            return None;
        }
        row.cells[field as usize] = Some(text);
    }
    Some(row)
}

fn reject(table: &mut RawTable, location: Location, field: Option<Field>, kind: ProblemKind, message: String) {
    table.rejected += 1;
    table.problems.push(problem(location, field.map(|f| f.name().to_string()), Severity::RowError, kind, message));
}

/// A JSON value as the loader needs it: text (borrowed from the file when it has no escapes),
/// null, or the name of any other type (which is a row error).
enum JsonCell<'de> {
    Text(Cow<'de, str>),
    Null,
    Other(&'static str),
}

impl<'de> Deserialize<'de> for JsonCell<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CellVisitor;
        impl<'de> Visitor<'de> for CellVisitor {
            type Value = JsonCell<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string or null")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(JsonCell::Text(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(JsonCell::Text(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
                Ok(JsonCell::Text(Cow::Owned(v)))
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(JsonCell::Null)
            }
            fn visit_none<E>(self) -> Result<Self::Value, E> {
                Ok(JsonCell::Null)
            }
            fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
                Ok(JsonCell::Other("true/false"))
            }
            fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
                Ok(JsonCell::Other("number"))
            }
            fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
                Ok(JsonCell::Other("number"))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
                Ok(JsonCell::Other("number"))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(JsonCell::Other("array"))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(JsonCell::Other("object"))
            }
        }
        deserializer.deserialize_any(CellVisitor)
    }
}

impl JsonCell<'_> {
    fn text(&self) -> Option<&str> {
        match self {
            JsonCell::Text(t) => Some(t),
            _ => None,
        }
    }
}

/// One JSON object with its keys in order, duplicates kept so that they can be refused.
struct JsonObject<'de>(Vec<(Cow<'de, str>, JsonCell<'de>)>);

impl<'de> Deserialize<'de> for JsonObject<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ObjectVisitor;
        impl<'de> Visitor<'de> for ObjectVisitor {
            type Value = JsonObject<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object of field names and string values")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<JsonObject<'de>, A::Error> {
                let mut entries = Vec::with_capacity(Field::ALL.len());
                while let Some((key, value)) = map.next_entry::<JsonCell<'de>, JsonCell<'de>>()? {
                    // JSON keys are always strings.
                    let key = match key {
                        JsonCell::Text(k) => k,
                        _ => Cow::Borrowed(""),
                    };
                    entries.push((key, value));
                }
                Ok(JsonObject(entries))
            }
        }
        deserializer.deserialize_map(ObjectVisitor)
    }
}

fn read_json(text: &str, sink: &mut RowSink<'_>) -> Result<RawTable, Refusal> {
    let objects: Vec<JsonObject> = serde_json::from_str(text)
        .map_err(|e| Refusal::BrokenJson { path: format!("line {}, column {}", e.line(), e.column()), detail: json_error_detail(&e) })?;
    let mut table = RawTable::default();
    let mut unknown_keys: Vec<String> = Vec::new();
    let mut privacy = PrivacyScan::default();
    // Each distinct key is scanned once; every value is scanned.
    let mut keys_seen: HashSet<&str> = HashSet::new();
    for (index, JsonObject(entries)) in objects.iter().enumerate() {
        for (position, (key, value)) in entries.iter().enumerate() {
            if keys_seen.insert(key) {
                privacy.scan_name(key, position);
            }
            if let Some(kind) = value.text().and_then(crate::privacy::scan_value) {
                privacy.add(Location::Record(index), &display_column_name(key, position), kind);
            }
        }
    }
    privacy.into_result()?;
    for (index, JsonObject(entries)) in objects.into_iter().enumerate() {
        let location = Location::Record(index);
        if let Some(row) = read_json_object(&entries, location, &mut table, &mut unknown_keys)? {
            sink(row);
        }
    }
    let names: Vec<(String, Location)> = unknown_keys.into_iter().map(|k| (k, Location::Header)).collect();
    let mut header_problems = Vec::new();
    // Only unknown keys are passed here, so this can only warn, never refuse.
    let _ = map_columns(&names, &mut header_problems);
    header_problems.retain(|p| p.kind == ProblemKind::UnknownColumn);
    table.problems.splice(0..0, header_problems);
    Ok(table)
}

fn json_error_detail(error: &serde_json::Error) -> String {
    let text = error.to_string();
    // serde_json appends " at line L column C"; we report the position separately.
    let detail = text.split(" at line ").next().unwrap_or(&text);
    if detail.contains("invalid type") && detail.contains("sequence") {
        "the top level must be an array of objects ([{...}, {...}])".into()
    } else {
        detail.to_string()
    }
}

fn read_json_object<'a>(
    entries: &'a [(Cow<'a, str>, JsonCell<'a>)],
    location: Location,
    table: &mut RawTable,
    unknown_keys: &mut Vec<String>,
) -> Result<Option<RawRow<'a>>, Refusal> {
    let mut row = RawRow { location, cells: Default::default() };
    let mut seen: Vec<Field> = Vec::new();
    let mut wrong_type: Option<(Field, &'static str)> = None;
    for (key, value) in entries {
        let Some(field) = Field::from_column_name(key) else {
            if !unknown_keys.iter().any(|k| k.trim().eq_ignore_ascii_case(key.trim())) {
                unknown_keys.push(key.to_string());
            }
            continue;
        };
        if seen.contains(&field) {
            return Err(Refusal::BrokenJson {
                path: format!("{location}"),
                detail: format!("the key \"{}\" appears twice in one object; each key may appear once", field.name()),
            });
        }
        seen.push(field);
        match value {
            JsonCell::Text(t) => row.cells[field as usize] = Some(t),
            JsonCell::Null => {}
            JsonCell::Other(type_name) => wrong_type = wrong_type.or(Some((field, *type_name))),
        }
    }
    if let Some((field, type_name)) = wrong_type {
        reject(
            table,
            location,
            Some(field),
            ProblemKind::WrongType,
            format!("The value is a JSON {type_name}; every value must be a string or null (write 000123 as \"000123\")."),
        );
        return Ok(None);
    }
    if row.cells.iter().flatten().all(|c| c.trim().is_empty()) {
        table.blank_rows_skipped += 1;
        return Ok(None);
    }
    let cells = row.cells.iter().enumerate().filter_map(|(i, c)| c.map(|c| (c, Some(Field::ALL[i]))));
    Ok(collect_cells(cells, location, table))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What reading found, with the rows copied out.
    struct Read {
        rows: Vec<(Location, Vec<Option<String>>)>,
        problems: Vec<Problem>,
        rejected: usize,
        blank_rows_skipped: usize,
    }

    impl Read {
        fn cell(&self, row: usize, field: Field) -> Option<&str> {
            self.rows[row].1[field as usize].as_deref()
        }
    }

    fn read(bytes: &[u8], format: Format) -> Result<Read, Refusal> {
        let mut rows = Vec::new();
        let table =
            read_table(bytes, format, &mut |r: RawRow<'_>| rows.push((r.location, r.cells.iter().map(|c| c.map(String::from)).collect())))?;
        Ok(Read { rows, problems: table.problems, rejected: table.rejected, blank_rows_skipped: table.blank_rows_skipped })
    }

    fn csv(text: &str) -> Read {
        read(text.as_bytes(), Format::Csv).unwrap()
    }

    const HEADER: &str = "case_id,subject_ref,role,allegation_category,reported_date";

    #[test]
    fn refuses_wrong_containers_with_advice() {
        assert_eq!(read(b"", Format::Csv).err(), Some(Refusal::Empty));
        assert_eq!(read(b"PK\x03\x04rest", Format::Csv).err(), Some(Refusal::Zip));
        assert!(matches!(read(b"\xFF\xFEc\0a\0", Format::Csv), Err(Refusal::Utf16 { .. })));
        let err = read(b"case_id\ncaf\xE9\n", Format::Csv).err().unwrap();
        assert_eq!(err, Refusal::NotUtf8 { byte: 0xE9, line: 2 });
        assert!(err.to_string().contains("CSV UTF-8"));
    }

    #[test]
    fn reads_all_line_endings_and_skips_blank_rows() {
        for sep in ["\n", "\r\n", "\r"] {
            let text = format!(
                "{HEADER}{sep}C1,P-00000001,Officer,Violence,2023-01-02{sep}{sep},,,,{sep}C2,P-00000002,Staff,Other,2023-01-03{sep}"
            );
            let t = csv(&text);
            assert_eq!(t.rows.len(), 2, "separator {sep:?}");
            assert_eq!(t.blank_rows_skipped, 2, "separator {sep:?}");
        }
    }

    #[test]
    fn header_is_matched_by_name_and_checked() {
        let t = csv(" Reported_Date ,CASE_ID,subject_ref,role,allegation_category,colour\n2023-01-02,C1,P-00000001,Officer,Violence,red\n");
        assert_eq!(t.cell(0, Field::CaseId), Some("C1"));
        assert_eq!(t.problems[0].kind, ProblemKind::UnknownColumn);
        assert!(matches!(read(b"case_id,case_id\n", Format::Csv), Err(Refusal::DuplicateColumn { .. })));
        let Err(Refusal::MissingColumns { columns }) = read(b"case_id,role\nC1,Officer\n", Format::Csv) else { panic!() };
        assert_eq!(columns, ["subject_ref", "allegation_category", "reported_date"]);
    }

    #[test]
    fn excel_separator_line_switches_to_semicolons_and_keeps_line_numbers() {
        let t = csv("sep=;\ncase_id;subject_ref;role;allegation_category;reported_date\nC1;P-00000001;Officer;Violence;2023-01-02\n");
        assert_eq!(t.rows[0].0, Location::Line(3));
        assert!(t.problems.is_empty());
        let detected = csv("case_id;subject_ref;role;allegation_category;reported_date\nC1;P-00000001;Officer;Violence;2023-01-02\n");
        assert_eq!(detected.problems[0].kind, ProblemKind::DelimiterDetected);
    }

    #[test]
    fn row_shapes_are_checked() {
        let t = csv(&format!(
            "{HEADER}\nC1,P-00000001,Officer\nC2,P-00000002,Staff,Other,2023-01-03,,\nC3,P-00000003,Staff,Other,2023-01-03,x\n{HEADER}\n"
        ));
        let kinds: Vec<_> = t.problems.iter().map(|p| (p.location, p.kind)).collect();
        assert_eq!(
            kinds,
            vec![
                (Location::Line(2), ProblemKind::WrongFieldCount),
                (Location::Line(3), ProblemKind::TrailingEmptyFields),
                (Location::Line(4), ProblemKind::WrongFieldCount),
                (Location::Line(5), ProblemKind::RepeatedHeader),
            ]
        );
        assert_eq!(t.rejected, 2);
        assert_eq!(t.rows.len(), 1);
    }

    #[test]
    fn long_fields_are_row_errors() {
        let long = "x".repeat(MAX_FIELD_CHARS + 1);
        let t = csv(&format!("{HEADER},notes\nC1,P-00000001,Officer,Violence,2023-01-02,\"{long}\"\n"));
        assert_eq!(t.rejected, 1);
        assert_eq!(t.problems[0].kind, ProblemKind::FieldTooLong);
    }

    #[test]
    fn json_is_strict() {
        let ok = read(br#"[{"Case_ID ":"C1","subject_ref":"P-00000001","role":"Officer","allegation_category":"Violence","reported_date":"2023-01-02","source":null,"extra":"x"}]"#, Format::Json).unwrap();
        assert_eq!(ok.cell(0, Field::CaseId), Some("C1"));
        assert_eq!(ok.cell(0, Field::Source), None);
        assert_eq!(ok.problems[0].kind, ProblemKind::UnknownColumn);
        let dup = read(br#"[{"case_id":"C1","CASE_ID":"C2"}]"#, Format::Json).err().unwrap();
        assert!(dup.to_string().contains("appears twice"), "{dup}");
        let number = read(br#"[{"case_id":123}]"#, Format::Json).unwrap();
        assert_eq!(number.problems[0].kind, ProblemKind::WrongType);
        for bad in [&b"[{\"case_id\": NaN}]"[..], b"[{\"case_id\":\"C1\",}]", b"// c\n[]", b"{\"case_id\":\"C1\"}"] {
            assert!(matches!(read(bad, Format::Json), Err(Refusal::BrokenJson { .. })), "{}", String::from_utf8_lossy(bad));
        }
    }
}
