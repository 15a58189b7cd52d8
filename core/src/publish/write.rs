//! The release's `cases.csv`: the public-release columns in the contract's order, the reported
//! date as its period, rows sorted by their content (so the row order says nothing about the
//! extract's order, which could follow case IDs or dates).

use crate::model::{AllowedValue, Case, Field, Schema};
use crate::period::Period;
use chrono::{Datelike, NaiveDate};
use std::fmt::Write;

/// Sorts published records by everything they show.
pub(super) fn sort_rows(records: &mut [(Period, Case)]) {
    // Records equal in everything shown are interchangeable, so an unstable sort gives the same bytes.
    records.sort_unstable_by_key(|(p, c)| {
        (
            (*p, c.role, c.allegation_category, c.source, c.other_force, (c.subject_cases, c.earlier_case_outcome)),
            (c.review_status, c.review_completed_date, c.review_result, c.charged_date, c.offence_group, c.court_date),
            (c.criminal_outcome, c.criminal_outcome_date, c.proceedings, c.misconduct_outcome, c.misconduct_outcome_date),
        )
    });
}

/// The columns of a public release, in the contract's order.
fn release_fields() -> impl Iterator<Item = Field> + Clone {
    Field::ALL.into_iter().filter(|f| f.is_in(Schema::Release))
}

/// Writes published records as RFC 4180 CSV with LF line endings. Each cell is written from
/// a label or a small buffer, never a new string (a million records write in about a second).
pub(super) fn cases_csv(records: &[(Period, Case)]) -> String {
    let fields: Vec<Field> = release_fields().collect();
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::with_capacity(records.len() * 120));
    // Writing to memory cannot fail.
    let _ = writer.write_record(fields.iter().map(|f| f.name()));
    let mut period_text = String::new();
    for (period, case) in records {
        for &field in &fields {
            let mut date = [0u8; 10];
            let cell: &[u8] = match field {
                Field::ReportedDate => {
                    period_text.clear();
                    let _ = write!(period_text, "{period}");
                    period_text.as_bytes()
                }
                _ => match cell_of(case, field) {
                    Cell::Label(label) => label.as_bytes(),
                    Cell::Date(d) => iso_date(d, &mut date),
                    Cell::Empty => b"",
                },
            };
            let _ = writer.write_field(cell);
        }
        let _ = writer.write_record(None::<&[u8]>);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    // Every cell is a label, an ISO date or a period: ASCII and UTF-8 text.
    String::from_utf8(bytes).unwrap_or_default()
}

/// A published cell: an allowed value's label, a date, or nothing.
enum Cell {
    Label(&'static str),
    Date(NaiveDate),
    Empty,
}

/// The cell of `field` (anything but the reported date) in a published record.
fn cell_of(case: &Case, field: Field) -> Cell {
    fn label<T: AllowedValue>(v: Option<T>) -> Cell {
        v.map_or(Cell::Empty, |v| Cell::Label(v.label()))
    }
    let date = |d: Option<NaiveDate>| d.map_or(Cell::Empty, Cell::Date);
    match field {
        Field::Role => label(Some(case.role)),
        Field::AllegationCategory => label(Some(case.allegation_category)),
        Field::Source => label(case.source),
        Field::ReviewStatus => label(case.review_status),
        Field::ReviewCompletedDate => date(case.review_completed_date),
        Field::ReviewResult => label(case.review_result),
        Field::ChargedDate => date(case.charged_date),
        Field::OffenceGroup => label(case.offence_group),
        Field::CourtDate => date(case.court_date),
        Field::CriminalOutcome => label(case.criminal_outcome),
        Field::CriminalOutcomeDate => date(case.criminal_outcome_date),
        Field::Proceedings => label(case.proceedings),
        Field::MisconductOutcome => label(case.misconduct_outcome),
        Field::MisconductOutcomeDate => date(case.misconduct_outcome_date),
        Field::OtherForce => label(case.other_force),
        Field::SubjectCases => label(Some(case.subject_cases)),
        Field::EarlierCaseOutcome => label(case.earlier_case_outcome),
        // Never in a release (see `Field::is_in`).
        Field::CaseId | Field::SubjectRef | Field::ReportedDate | Field::Notes => Cell::Empty,
    }
}

/// `date` as `YYYY-MM-DD` in `buffer` (the contract's dates are from 1990 to 9999).
fn iso_date(date: NaiveDate, buffer: &mut [u8; 10]) -> &[u8] {
    let (y, m, d) = (date.year().clamp(0, 9999) as u32, date.month(), date.day());
    let digits = [y / 1000, y / 100 % 10, y / 10 % 10, y % 10, 10, m / 10, m % 10, 10, d / 10, d % 10];
    for (slot, digit) in buffer.iter_mut().zip(digits) {
        *slot = if digit == 10 { b'-' } else { b'0' + digit as u8 };
    }
    buffer
}
