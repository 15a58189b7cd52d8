//! What every container reader shares: the row and table types handed to the validator,
//! the column mapping of a header or a JSON object's keys, the personal-data scan of names and
//! cells, and the row-level checks (field length) and rejections.

use crate::model::{Field, Schema};
use crate::privacy::{self, PersonalDataKind};
use crate::report::{Location, PersonalDataFinding, Problem, ProblemKind, Refusal, Severity, MAX_LISTED_FINDINGS};

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
    /// The format a file name's extension names, if it names one.
    pub fn from_name(file_name: &str) -> Option<Format> {
        let lower = file_name.to_lowercase();
        if lower.ends_with(".json") {
            Some(Format::Json)
        } else if lower.ends_with(".csv") {
            Some(Format::Csv)
        } else {
            None
        }
    }

    /// Chooses the format from a file name's extension, falling back to the content:
    /// text whose first non-blank character is `[` is JSON.
    pub fn detect(file_name: &str, bytes: &[u8]) -> Format {
        if let Some(format) = Format::from_name(file_name) {
            return format;
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

pub(super) fn problem(location: Location, column: Option<String>, severity: Severity, kind: ProblemKind, message: String) -> Problem {
    Problem { location, column, severity, kind, message }
}

/// Collects personal-data findings across the whole file (every column name and every cell,
/// unknown columns and rejected rows included). Findings never carry the value.
#[derive(Default)]
pub(super) struct PrivacyScan {
    findings: Vec<PersonalDataFinding>,
    total: usize,
    /// Cells already found clean, a few per column (see [`CLEAN_SLOTS`]): most columns
    /// repeat a handful of labels, and a value seen clean needs no second scan. Only clean
    /// values are held, in memory, while the file is read.
    clean: Vec<String>,
}

/// Clean values remembered per column (direct-mapped by a hash of the value).
const CLEAN_SLOTS: usize = 64;
/// Columns whose clean values are remembered: every column of the format, and some more (a
/// row of thousands of stray delimiters must not make the memory grow with it).
const CLEAN_COLUMNS: usize = 64;
/// The longest value remembered: labels are short; long free text rarely repeats.
const CLEAN_MAX_BYTES: usize = 48;
/// The shortest value that can hold a finding (see `privacy::scan_value`).
const SHORTEST_FINDING: usize = 5;

/// A cheap hash of a value for its slot: its length and first and last eight bytes (a
/// collision only costs a scan; the value itself is compared).
fn clean_slot(column: usize, value: &[u8]) -> usize {
    // Two loads for a value of eight bytes or more; a shorter one is read a byte at a time.
    let word = |b: &[u8]| <[u8; 8]>::try_from(b).map_or_else(|_| b.iter().fold(0u64, |w, &x| w << 8 | u64::from(x)), u64::from_le_bytes);
    let (head, tail) = (&value[..8.min(value.len())], &value[value.len().saturating_sub(8)..]);
    let mixed = (word(head) ^ word(tail).rotate_left(29) ^ value.len() as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    column * CLEAN_SLOTS + (mixed >> 58) as usize
}

impl PrivacyScan {
    pub(super) fn add(&mut self, location: Location, column: &str, kind: PersonalDataKind) {
        self.total += 1;
        if self.findings.len() < MAX_LISTED_FINDINGS {
            self.findings.push(PersonalDataFinding { location, column: column.to_string(), kind });
        }
    }

    /// Scans one column name (a CSV header cell or a JSON key) at `position`.
    pub(super) fn scan_name(&mut self, name: &str, position: usize) {
        let shown = display_column_name(name, position);
        if privacy::is_personal_column(name) {
            self.add(Location::Header, &shown, PersonalDataKind::PersonalColumn);
        }
        // A column whose *name* is itself personal data (a pasted value) is caught too.
        if let Some(kind) = privacy::scan_value(name) {
            self.add(Location::Header, &format!("{}", position + 1), kind);
        }
    }

    pub(super) fn scan_header<'a>(&mut self, names: impl Iterator<Item = &'a str>) {
        for (position, name) in names.enumerate() {
            self.scan_name(name, position);
        }
    }

    pub(super) fn scan_row<'a>(&mut self, location: Location, cells: impl Iterator<Item = &'a str>, names: &[String]) {
        for (i, cell) in cells.enumerate() {
            if cell.len() < SHORTEST_FINDING {
                continue;
            }
            let slot = (cell.len() <= CLEAN_MAX_BYTES && i < CLEAN_COLUMNS).then(|| clean_slot(i, cell.as_bytes()));
            if let Some(slot) = slot {
                if self.clean.len() <= slot {
                    self.clean.resize((i + 1) * CLEAN_SLOTS, String::new());
                }
                if self.clean[slot] == cell {
                    continue;
                }
            }
            match privacy::scan_value(cell) {
                Some(kind) => {
                    let column = names.get(i).cloned().unwrap_or_else(|| format!("{} (extra)", i + 1));
                    self.add(location, &column, kind);
                }
                None => {
                    if let Some(slot) = slot {
                        self.clean[slot].clear();
                        self.clean[slot].push_str(cell);
                    }
                }
            }
        }
    }

    pub(super) fn into_result(self) -> Result<(), Refusal> {
        if self.total == 0 {
            Ok(())
        } else {
            Err(Refusal::PersonalData { findings: self.findings, total: self.total })
        }
    }
}

/// The field a column name names in files of `schema`: a public release holding an internal
/// extract's column (case ID, pseudonym, notes) is refused; an extract's `subject_cases`
/// column is unknown (it is derived from the pseudonyms).
pub(super) fn field_of(name: &str, schema: Schema) -> Result<Option<Field>, Refusal> {
    match Field::from_column_name(name) {
        Some(f) if !f.is_in(schema) && schema == Schema::Release => Err(Refusal::NotAPublicRelease { column: f.name().into() }),
        Some(f) if !f.is_in(schema) => Ok(None),
        found => Ok(found),
    }
}

/// Maps column names to fields: unknown names are warned about, duplicates and missing
/// required fields refuse the file. `names` carries where each name was seen.
pub(super) fn map_columns(
    names: &[(String, Location)],
    schema: Schema,
    problems: &mut Vec<Problem>,
) -> Result<Vec<Option<Field>>, Refusal> {
    let mut seen: Vec<(Field, usize)> = Vec::new();
    let mut columns = Vec::with_capacity(names.len());
    for (position, (name, location)) in names.iter().enumerate() {
        let field = field_of(name, schema)?;
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
        Field::ALL.iter().filter(|f| f.is_required(schema) && !seen.iter().any(|(g, _)| g == *f)).map(|f| f.name().to_string()).collect();
    if !missing.is_empty() {
        return Err(Refusal::MissingColumns { columns: missing, schema });
    }
    Ok(columns)
}

pub(super) fn display_column_name(name: &str, position: usize) -> String {
    let trimmed = name.trim();
    if trimmed.is_empty() {
        format!("{} (unnamed)", position + 1)
    } else {
        // Column names are shown only truncated, in case a whole value was pasted as a name.
        let short: String = trimmed.chars().take(40).collect();
        format!("\"{short}\"")
    }
}

/// Builds a [`RawRow`] from (text, field) pairs, rejecting it if any field is too long.
pub(super) fn collect_cells<'a>(
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

pub(super) fn reject(table: &mut RawTable, location: Location, field: Option<Field>, kind: ProblemKind, message: String) {
    table.rejected += 1;
    table.problems.push(problem(location, field.map(|f| f.name().to_string()), Severity::RowError, kind, message));
}
