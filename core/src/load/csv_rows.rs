//! What a CSV file's records mean, once the stream reader (`csv`) has cut them out: the
//! delimiter, the header and its columns, repeated headers however they are disguised, blank
//! rows, field counts, and the personal-data scan of every cell. Knows nothing of chunks.

use super::rows::{collect_cells, display_column_name, map_columns, problem, reject, PrivacyScan, RawTable, RowSink};
use crate::model::{Field, Schema};
use crate::report::{Location, Problem, ProblemKind, Refusal, Severity};

/// One record as the stream reader cut it out: its fields' text end to end, where each field
/// ends, and the line it starts on.
#[derive(Debug, Clone, Copy)]
pub(super) struct Record<'r> {
    /// Every field's text, one after another.
    pub text: &'r str,
    /// The end of each field in `text`.
    pub ends: &'r [usize],
    /// The line the record starts on (as the csv crate counts: line feeds before it, plus one).
    pub line: u64,
    /// Blank lines skipped just before it.
    pub blank_lines_before: usize,
    /// Bytes between one field's end and the next one's start: 0 when the fields were copied
    /// out end to end, 1 when `text` is the line itself (a line without quotes).
    pub gap: usize,
}

impl<'r> Record<'r> {
    /// The number of fields.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// The fields' text, in order.
    pub fn iter(&self) -> impl Iterator<Item = &'r str> + Clone + 'r {
        self.fields_from(0)
    }

    /// The fields' text from field `first` on (none if there are fewer), without cutting
    /// out the fields before it.
    pub fn fields_from(&self, first: usize) -> impl Iterator<Item = &'r str> + Clone + 'r {
        let (text, ends, gap) = (self.text, self.ends, self.gap);
        // Ends are at character boundaries (a field ends before an ASCII delimiter).
        (first.min(ends.len())..ends.len()).map(move |i| text.get(if i == 0 { 0 } else { ends[i - 1] + gap }..ends[i]).unwrap_or(""))
    }
}

/// The header of a CSV file: which field each column position holds.
struct Header {
    columns: Vec<Option<Field>>,
    /// Each header cell as [`header_key`] gives it, to recognise the header where it repeats.
    keys: Vec<String>,
}

/// Reads a CSV file's records in order: the first non-blank one is the header, the rest rows.
#[derive(Default)]
pub(super) struct CsvRows {
    header: Option<Header>,
    header_names: Vec<String>,
    privacy: PrivacyScan,
    /// What reading found.
    pub table: RawTable,
}

impl CsvRows {
    /// Takes the next record, handing a well-shaped row to `sink`. A header that refuses the
    /// file is an error.
    pub fn take(&mut self, record: Record<'_>, line_offset: u64, schema: Schema, sink: &mut RowSink<'_>) -> Result<(), Refusal> {
        let line = record.line + line_offset;
        self.table.blank_rows_skipped += record.blank_lines_before;
        if record.iter().all(|f| crate::text::trim_cell(f).is_empty()) {
            self.table.blank_rows_skipped += 1;
            return Ok(());
        }
        match &mut self.header {
            None => {
                self.header_names = record.iter().enumerate().map(|(i, name)| display_column_name(name, i)).collect();
                self.privacy.scan_header(record.iter());
                self.header = Some(read_header(record, schema, &mut self.table.problems)?);
            }
            Some(header) => {
                self.privacy.scan_row(Location::Line(line), record.iter(), &self.header_names);
                read_row(record, Location::Line(line), header, &mut self.table, sink);
            }
        }
        Ok(())
    }

    /// After the last record: the personal-data findings and whether there was a header.
    pub fn finish(self) -> Result<RawTable, Refusal> {
        self.privacy.into_result()?;
        if self.header.is_none() {
            return Err(Refusal::NoHeader);
        }
        Ok(self.table)
    }
}

/// Comma by default; `sep=;` on the first line (Excel) or an unambiguous header switches to
/// `;`. Returns the delimiter and whether the first line is a `sep=` line (to be skipped).
pub(super) fn choose_delimiter(first_line: &str, problems: &mut Vec<Problem>) -> (u8, bool) {
    let first = first_line.trim().trim_matches('"');
    if let Some(sep) = first.to_lowercase().strip_prefix("sep=") {
        return (sep.bytes().next().unwrap_or(b','), true);
    }
    if first.contains(';') && !first.contains(',') {
        problems.push(problem(
            Location::Header,
            None,
            Severity::Warning,
            ProblemKind::DelimiterDetected,
            "The header has semicolons and no commas, so the file was read with ';' as the delimiter. Add a first line \"sep=;\" or export with commas to make this explicit.".into(),
        ));
        return (b';', false);
    }
    (b',', false)
}

/// A header cell as it is compared with a cell that may be the header repeated: without the
/// byte-order mark and invisible characters a second export pasted in brings, whitespace
/// folded, in lower case (column names are matched trimmed and ignoring case).
fn header_key(cell: &str) -> String {
    let visible: String = cell.chars().filter(|c| !crate::text::is_invisible_or_bidi(*c)).collect();
    crate::text::fold_label(&visible)
}

/// Whether a cell is, as a header cell, `key`. Most rows differ from the header in their first
/// cell, and are told apart without allocating.
fn is_header_cell(cell: &str, key: &str) -> bool {
    let trimmed = cell.trim();
    if trimmed.eq_ignore_ascii_case(key) {
        return true;
    }
    // Printable ASCII with single spaces folds to itself in lower case: the comparison above
    // was the whole answer. Only other cells (a mark, a tab, a run of spaces) are folded.
    let plain = trimmed.bytes().all(|b| b.is_ascii_graphic() || b == b' ') && !trimmed.contains("  ");
    !plain && header_key(cell) == key
}

fn read_header(record: Record<'_>, schema: Schema, problems: &mut Vec<Problem>) -> Result<Header, Refusal> {
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
    Ok(Header { columns, keys: cells.iter().map(|c| header_key(c)).collect() })
}

/// Whether `record` is the header again (two exports pasted together), however the second
/// export disguises it: a byte-order mark, spaces, letter case, trailing empty fields.
fn is_repeated_header(record: Record<'_>, header: &Header) -> bool {
    let width = header.keys.len();
    record.len() >= width
        && record.iter().take(width).zip(&header.keys).all(|(c, key)| is_header_cell(c, key))
        && record.fields_from(width).all(|c| c.trim().is_empty())
}

/// Whether `record` is Excel's `sep=` line, which a second export pasted in brings before its
/// header (the first line's is read as the delimiter; see [`choose_delimiter`]).
fn is_separator_line(record: Record<'_>) -> bool {
    let mut cells = record.iter();
    let first = cells.next().unwrap_or("");
    let first = first.trim_matches(|c: char| c.is_whitespace() || c == '"' || crate::text::is_invisible_or_bidi(c));
    first.len() <= 5 && first.get(..4).is_some_and(|s| s.eq_ignore_ascii_case("sep=")) && cells.all(|c| c.trim().is_empty())
}

fn read_row(record: Record<'_>, location: Location, header: &Header, table: &mut RawTable, sink: &mut RowSink<'_>) {
    let width = header.columns.len();
    if is_separator_line(record) {
        table.problems.push(problem(
            location,
            None,
            Severity::Warning,
            ProblemKind::RepeatedHeader,
            "A \"sep=\" line appears again here (two exports pasted together?); this line was skipped.".into(),
        ));
        return;
    }
    if is_repeated_header(record, header) {
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
    let extra = record.fields_from(width);
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
