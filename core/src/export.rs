//! Writing cases back out as CSV or JSON in the contract's column order (the generator's
//! output, and the inverse of loading for round-trip tests).

use crate::model::{Case, Field, Schema};
use chrono::NaiveDate;

/// The text of one field of `case`, as the contract writes it (`None` when missing).
pub fn field_text(case: &Case, field: Field) -> Option<String> {
    let date = |d: Option<NaiveDate>| d.map(crate::dates::iso_date);
    let label = |l: Option<&'static str>| l.map(str::to_string);
    match field {
        Field::CaseId => Some(case.case_id.to_string()),
        Field::SubjectRef => Some(case.subject_ref.to_string()),
        Field::Role => Some(case.role.label().into()),
        Field::AllegationCategory => Some(case.allegation_category.label().into()),
        Field::ReportedDate => date(Some(case.reported_date)),
        Field::Source => label(case.source.map(|v| v.label())),
        Field::ReviewStatus => label(case.review_status.map(|v| v.label())),
        Field::ReviewCompletedDate => date(case.review_completed_date),
        Field::ReviewResult => label(case.review_result.map(|v| v.label())),
        Field::ChargedDate => date(case.charged_date),
        Field::OffenceGroup => label(case.offence_group.map(|v| v.label())),
        Field::CourtDate => date(case.court_date),
        Field::CriminalOutcome => label(case.criminal_outcome.map(|v| v.label())),
        Field::CriminalOutcomeDate => date(case.criminal_outcome_date),
        Field::Proceedings => label(case.proceedings.map(|v| v.label())),
        Field::MisconductOutcome => label(case.misconduct_outcome.map(|v| v.label())),
        Field::MisconductOutcomeDate => date(case.misconduct_outcome_date),
        Field::OtherForce => label(case.other_force.map(|v| v.label())),
        Field::SubjectCases => label(Some(case.subject_cases.label())),
        Field::EarlierCaseOutcome => label(case.earlier_case_outcome.map(|v| v.label())),
        Field::Notes => case.notes.clone(),
    }
}

/// The columns of an internal extract, in the contract's order.
fn extract_fields() -> impl Iterator<Item = Field> + Clone {
    Field::ALL.into_iter().filter(|f| f.is_in(Schema::Extract))
}

/// Writes `cases` as an internal extract in RFC 4180 CSV (LF line endings, header first,
/// every column of the contract).
pub fn to_csv(cases: &[Case]) -> Result<String, csv::Error> {
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    writer.write_record(extract_fields().map(|f| f.name()))?;
    for case in cases {
        writer.write_record(extract_fields().map(|f| field_text(case, f).unwrap_or_default()))?;
    }
    let bytes = writer.into_inner().map_err(|e| csv::Error::from(e.into_error()))?;
    // Every field written is a Rust String, so the bytes are UTF-8.
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Writes `cases` as an internal extract: a JSON array of objects, missing values as null.
pub fn to_json(cases: &[Case]) -> String {
    let records: Vec<serde_json::Map<String, serde_json::Value>> = cases
        .iter()
        .map(|case| {
            extract_fields()
                .map(|f| (f.name().to_string(), field_text(case, f).map_or(serde_json::Value::Null, serde_json::Value::String)))
                .collect()
        })
        .collect();
    serde_json::to_string_pretty(&records).unwrap_or_else(|_| "[]".into())
}
