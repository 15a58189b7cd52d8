//! What loading a file decided: the records, every problem found, or why the file was refused.

use crate::model::{Case, Field, Schema};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// How serious a problem is (DATA-FORMAT.md, "Severity").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The row is left out.
    RowError,
    /// The row is kept; the finding is reported.
    Warning,
}

/// Where a problem is: a CSV line, a JSON record index, or the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Location {
    /// 1-based physical line of the CSV file where the record starts.
    Line(u64),
    /// 0-based index of the object in the JSON array.
    Record(usize),
    /// The header row (CSV) or the set of keys (JSON).
    Header,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Location::Line(n) => write!(f, "line {n}"),
            Location::Record(i) => write!(f, "record [{i}]"),
            Location::Header => f.write_str("header"),
        }
    }
}

/// A machine-readable name for each kind of finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// A required value is missing.
    MissingRequired,
    /// A value is not one of the allowed values.
    UnknownValue,
    /// A date cell is not an accepted date.
    BadDate,
    /// `case_id` or `subject_ref` has the wrong shape.
    BadIdentifier,
    /// A spreadsheet error such as `#N/A` stands in a cell.
    SpreadsheetError,
    /// A sentinel such as `NA` was read as missing.
    MissingSentinel,
    /// A rule across fields is broken.
    RuleBroken,
    /// A date is later than the as-of date.
    AfterAsOf,
    /// A court date after the as-of date with no final outcome: a scheduled hearing.
    ScheduledHearing,
    /// Two rows share a case_id but differ.
    ConflictingDuplicate,
    /// A row repeats an earlier one exactly; it is counted once.
    ExactDuplicate,
    /// Two case_ids differ only in letter case.
    CaseOnlyDuplicate,
    /// A column the contract does not define; it is ignored and never shown.
    UnknownColumn,
    /// Empty fields after the last column (Excel's trailing commas) were dropped.
    TrailingEmptyFields,
    /// The header row appears again (two exports pasted together); it was skipped.
    RepeatedHeader,
    /// The row has more or fewer fields than the header.
    WrongFieldCount,
    /// A field is longer than 10,000 characters.
    FieldTooLong,
    /// A JSON value is not a string or null.
    WrongType,
    /// Free text that starts like a spreadsheet formula.
    FormulaLikeText,
    /// Free text that contains HTML-like markup.
    HtmlLikeText,
    /// Free text with invisible or bidirectional control characters.
    ControlCharacters,
    /// The delimiter was detected as a semicolon without a `sep=;` line.
    DelimiterDetected,
}

/// One finding about one row (or the header), with a message a publisher can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// Where it is.
    pub location: Location,
    /// The column concerned, if any (several for a broken rule, joined by " and ").
    pub column: Option<String>,
    /// Row error or warning.
    pub severity: Severity,
    /// What kind of finding.
    pub kind: ProblemKind,
    /// The message the user reads. Never repeats personal data.
    pub message: String,
}

/// Why a whole file was refused. The messages are what the user reads.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Refusal {
    /// Nothing in the file.
    #[error("The file is empty.")]
    Empty,
    /// A ZIP container, which is what .xlsx files are.
    #[error("The file looks like a ZIP archive or an Excel workbook (.xlsx), not CSV or JSON. Open it in your spreadsheet program and re-save it as \"CSV UTF-8 (comma delimited)\".")]
    Zip,
    /// UTF-16 text.
    #[error("The file is encoded as UTF-16 ({endianness}). Re-save it as \"CSV UTF-8\" (in Excel: File > Save As > CSV UTF-8).")]
    Utf16 {
        /// "little-endian" or "big-endian".
        endianness: String,
    },
    /// Bytes that are not UTF-8, usually Windows-1252 from an older Excel.
    #[error("The file is not UTF-8 text: the byte 0x{byte:02X} at line {line} is not valid UTF-8. It looks like Windows-1252 (ANSI) text; re-save it as \"CSV UTF-8\".")]
    NotUtf8 {
        /// The first offending byte.
        byte: u8,
        /// The line it is on.
        line: u64,
    },
    /// The CSV structure could not be read.
    #[error("The CSV file is broken at line {line}: {detail}")]
    BrokenCsv {
        /// Line of the problem.
        line: u64,
        /// What is wrong.
        detail: String,
    },
    /// The JSON structure could not be read.
    #[error("The JSON file is broken at {path}: {detail}")]
    BrokenJson {
        /// Where: line and column, or a JSON path.
        path: String,
        /// What is wrong.
        detail: String,
    },
    /// No header row.
    #[error("The file has no header row: the first line must name the columns (case_id, subject_ref, role, allegation_category, reported_date, ...).")]
    NoHeader,
    /// Required columns are missing.
    #[error("Required column(s) missing: {}. The header must include {}.", columns.join(", "), required_columns(*schema))]
    MissingColumns {
        /// The missing column names.
        columns: Vec<String>,
        /// The kind of file being read.
        schema: Schema,
    },
    /// A file read as a public release holds a column only an internal extract may hold.
    #[error("This release's cases file has a \"{column}\" column, which only an internal extract holds (case IDs, pseudonyms and notes are never served). Make the public release with `scrutiny publish`.")]
    NotAPublicRelease {
        /// The column.
        column: String,
    },
    /// The file holds personal data. Findings give place and kind, never the value.
    #[error("The file appears to contain personal data, so it was refused and nothing from it is shown or kept: {}. Remove or pseudonymise these values and export again.", describe_findings(findings, *total))]
    PersonalData {
        /// The first findings (at most [`MAX_LISTED_FINDINGS`]).
        findings: Vec<PersonalDataFinding>,
        /// How many findings there were in all.
        total: usize,
    },
    /// A column is named twice.
    #[error("The column \"{column}\" appears more than once in the header ({first} and {second}); each column may appear only once.")]
    DuplicateColumn {
        /// The column name.
        column: String,
        /// Where it first appears.
        first: String,
        /// Where it appears again.
        second: String,
    },
}

/// The required columns of `schema`, for a message ("a, b and c").
fn required_columns(schema: Schema) -> String {
    let names: Vec<&str> = Field::ALL.iter().filter(|f| f.is_required(schema)).map(|f| f.name()).collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => names.join(""),
    }
}

/// How many personal-data findings a refusal lists; the rest are counted.
pub const MAX_LISTED_FINDINGS: usize = 20;

/// Where personal data was found and what kind; the value itself is never kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonalDataFinding {
    /// Where.
    pub location: Location,
    /// The column, by name or position.
    pub column: String,
    /// What it looks like.
    pub kind: crate::privacy::PersonalDataKind,
}

fn describe_findings(findings: &[PersonalDataFinding], total: usize) -> String {
    let listed: Vec<String> = findings.iter().map(|f| format!("{}, column {}: {}", f.location, f.column, f.kind.describe())).collect();
    let more = total.saturating_sub(findings.len());
    let tail = if more > 0 { format!("; and {more} more") } else { String::new() };
    format!("{total} finding(s): {}{tail}", listed.join("; "))
}

/// Whether the file loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The file was read; some rows may have been left out.
    Loaded,
    /// Nothing loads.
    Refused,
}

/// Everything loading decided. Nothing is dropped silently: each left-out row is in `problems`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadReport {
    /// The records that loaded.
    pub records: Vec<Case>,
    /// Every row error and warning, in file order.
    pub problems: Vec<Problem>,
    /// Rows left out (a row breaking two rules counts once).
    pub rejected: usize,
    /// Blank rows and rows of empty fields, skipped and counted apart.
    pub blank_rows_skipped: usize,
    /// Why the file was refused, if it was.
    pub refusal: Option<Refusal>,
}

impl LoadReport {
    /// A report for a refused file.
    pub fn refused(refusal: Refusal) -> Self {
        LoadReport { refusal: Some(refusal), ..LoadReport::default() }
    }

    /// Loaded or refused.
    pub fn status(&self) -> Status {
        if self.refusal.is_some() {
            Status::Refused
        } else {
            Status::Loaded
        }
    }

    /// Findings on kept rows and the header (a row with two sentinels gives two).
    pub fn warnings(&self) -> usize {
        self.problems.iter().filter(|p| p.severity == Severity::Warning).count()
    }

    /// Row errors reported (may exceed `rejected`, since one row can break several rules).
    pub fn row_errors(&self) -> usize {
        self.problems.iter().filter(|p| p.severity == Severity::RowError).count()
    }
}
