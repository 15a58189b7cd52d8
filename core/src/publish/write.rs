//! The release's `cases.csv`: the public-release columns in the contract's order, the reported
//! date as its period, rows sorted by their content (so the row order says nothing about the
//! extract's order, which could follow case IDs or dates).

use crate::export::field_text;
use crate::model::{Case, Field, Schema};
use crate::period::Period;

/// Sorts published records by everything they show.
pub(super) fn sort_rows(records: &mut [(Period, Case)]) {
    records.sort_by(|(pa, a), (pb, b)| {
        let key = |p: &Period, c: &Case| {
            (
                (*p, c.role, c.allegation_category, c.source, c.other_force, c.subject_cases),
                (c.review_status, c.review_completed_date, c.review_result, c.charged_date, c.offence_group, c.court_date),
                (c.criminal_outcome, c.criminal_outcome_date, c.proceedings, c.misconduct_outcome, c.misconduct_outcome_date),
            )
        };
        key(pa, a).cmp(&key(pb, b))
    });
}

/// The columns of a public release, in the contract's order.
fn release_fields() -> impl Iterator<Item = Field> + Clone {
    Field::ALL.into_iter().filter(|f| f.is_in(Schema::Release))
}

/// Writes published records as RFC 4180 CSV with LF line endings.
pub(super) fn cases_csv(records: &[(Period, Case)]) -> String {
    let mut out = release_fields().map(Field::name).collect::<Vec<_>>().join(",");
    out.push('\n');
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).has_headers(false).from_writer(Vec::new());
    for (period, case) in records {
        let cells = release_fields().map(|f| match f {
            Field::ReportedDate => period.to_string(),
            _ => field_text(case, f).unwrap_or_default(),
        });
        // Writing to memory cannot fail; every value is a label, a date or a period.
        let _ = writer.write_record(cells);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    out.push_str(&String::from_utf8_lossy(&bytes));
    out
}
