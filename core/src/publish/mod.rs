//! Publishing: an internal extract (checked) in, a public release out. The release keeps only
//! what the figures need, at the precision they need, so no reader can single anyone out:
//! no case ID, pseudonym or note; the reported date to the month, generalised further where a
//! combination of quasi-identifiers would cover fewer than `min_cell_count` records
//! (`generalise`); other dates to the week or month (`precision`); instead of a pseudonym,
//! where each case stands among its subject's cases; and, within each group, the review,
//! event and subject columns paired in a fixed order (`decorrelate`). Publishing is deterministic:
//! the same extract gives the same bytes, whatever its row order. See docs/DISCLOSURE.md.
//!
//! Writing the files (and the manifest's checksums) is the command line's job; this module
//! returns their text.

mod decorrelate;
mod generalise;
mod precision;
mod write;

pub use generalise::QuasiIdentifiers;

use crate::metadata::{DatasetMeta, FieldNote, Generalised, Publication};
use crate::model::{Case, Field, Schema};
use crate::period::Period;
use crate::releases::is_release_id;
use generalise::generalise;
use serde::Serialize;
use std::collections::HashMap;

/// The quasi-identifiers: what a reader could know about a person from elsewhere (the news,
/// a colleague) and look for in a release. Every combination of their published values
/// covers at least `min_cell_count` records.
pub const QUASI_IDENTIFIERS: [Field; 5] = [Field::Role, Field::AllegationCategory, Field::Source, Field::OtherForce, Field::ReportedDate];

/// The name of a release's cases file.
pub const RELEASE_CASES_FILE: &str = "cases.csv";

/// The smallest `min_cell_count` a public release may have.
pub const MIN_PUBLISHED_CELL_COUNT: u32 = 3;

/// Why an extract cannot be published. The messages are what the publisher reads.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PublishError {
    /// Too few records for any group to reach the threshold.
    #[error("The extract has {records} record(s), fewer than min_cell_count ({min_cell_count}): no release of it can keep every group of cases at {min_cell_count} or more, so nothing was published.")]
    TooFewRecords {
        /// Records in the extract.
        records: usize,
        /// The release's threshold.
        min_cell_count: u32,
    },
    /// The input is already a public release.
    #[error("The input is already a public release (its dataset.json has a \"publication\" section); publish the internal extract it was made from.")]
    AlreadyPublished,
    /// The threshold is too low to protect anyone.
    #[error("min_cell_count is {0}: a public release needs at least {MIN_PUBLISHED_CELL_COUNT}, since a group of one or two cases alike singles them out. Raise it in dataset.json.")]
    ThresholdTooLow(u32),
    /// The release identifier would not make a safe folder name.
    #[error("The release id \"{0}\" must be 1 to 64 characters: letters, digits, '.', '_' or '-', not starting with '.'.")]
    BadReleaseId(String),
}

/// Group sizes of the quasi-identifiers at one stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct GroupCounts {
    /// Distinct combinations.
    pub groups: usize,
    /// Combinations covering fewer than `min_cell_count` records.
    pub groups_under_threshold: usize,
    /// Records in those combinations.
    pub records_in_groups_under_threshold: usize,
}

/// What publishing did, for `scrutiny publish --json` and the publisher's records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DisclosureReport {
    /// The release identifier.
    pub release: String,
    /// Records published (every record of the extract that passed its checks).
    pub records: usize,
    /// The threshold.
    pub min_cell_count: u32,
    /// The quasi-identifiers, by column name.
    pub quasi_identifiers: Vec<&'static str>,
    /// Groups in the extract, with its exact dates.
    pub groups_before: GroupCounts,
    /// Groups with the reported date to the month and nothing generalised.
    pub groups_at_month: GroupCounts,
    /// Groups in the release.
    pub groups_after: GroupCounts,
    /// Records generalised, field by field and level by level.
    pub generalised: Vec<Generalised>,
    /// Notes dropped (non-empty free text).
    pub notes_dropped: usize,
}

/// A public release's files, as text, and what was done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedRelease {
    /// The release's `cases.csv`.
    pub cases_csv: String,
    /// The release's `dataset.json`.
    pub dataset_json: String,
    /// The published records, as the page will load them.
    pub records: Vec<Case>,
    /// What was done.
    pub report: DisclosureReport,
}

/// Publishes `cases` (an internal extract's records, loaded and checked) under `meta` as
/// release `release_id`.
pub fn publish(cases: &[Case], meta: &DatasetMeta, release_id: &str) -> Result<PublishedRelease, PublishError> {
    if meta.schema() == Schema::Release {
        return Err(PublishError::AlreadyPublished);
    }
    if !is_release_id(release_id) {
        return Err(PublishError::BadReleaseId(release_id.to_string()));
    }
    if meta.min_cell_count < MIN_PUBLISHED_CELL_COUNT {
        return Err(PublishError::ThresholdTooLow(meta.min_cell_count));
    }
    let k = meta.min_cell_count.max(1) as usize;
    let exact: Vec<(QuasiIdentifiers, chrono::NaiveDate)> = cases.iter().map(|c| (quasi_identifiers(c), c.reported_date)).collect();
    let base: Vec<QuasiIdentifiers> = exact.iter().map(|e| e.0).collect();
    let generalisation =
        generalise(&base, k).ok_or(PublishError::TooFewRecords { records: cases.len(), min_cell_count: meta.min_cell_count })?;
    let cuts = Cuts { review: precision::review_cut_days(meta), other: vec![meta.as_of] };
    let mut records: Vec<(Period, Case)> = cases
        .iter()
        .zip(&generalisation.published)
        .map(|(case, published)| (published.period, public_record(case, published, &cuts)))
        .collect();
    decorrelate::decorrelate(&mut records);
    write::sort_rows(&mut records);
    let generalised: Vec<Generalised> = generalisation
        .lifted
        .iter()
        .filter(|(_, _, n)| *n > 0)
        .map(|&(field, to, records)| Generalised { field: field.into(), to: to.into(), records })
        .collect();
    let report = DisclosureReport {
        release: release_id.to_string(),
        records: cases.len(),
        min_cell_count: meta.min_cell_count,
        quasi_identifiers: QUASI_IDENTIFIERS.iter().map(|f| f.name()).collect(),
        groups_before: group_counts(exact.iter(), k),
        groups_at_month: group_counts(base.iter(), k),
        groups_after: group_counts(generalisation.published.iter(), k),
        generalised: generalised.clone(),
        notes_dropped: cases.iter().filter(|c| c.notes.as_deref().is_some_and(|n| !n.trim().is_empty())).count(),
    };
    // A release's cases are always CSV (the extract's file name could say something itself).
    let release_meta = DatasetMeta {
        release: release_id.to_string(),
        cases_file: RELEASE_CASES_FILE.into(),
        publication: Some(publication(k, generalised)),
        ..meta.clone()
    };
    Ok(PublishedRelease {
        cases_csv: write::cases_csv(&records),
        dataset_json: format!("{}\n", serde_json::to_string_pretty(&release_meta).unwrap_or_default()),
        records: records.into_iter().map(|(_, c)| c).collect(),
        report,
    })
}

/// A record's quasi-identifiers at their finest published precision (the reported month).
fn quasi_identifiers(case: &Case) -> QuasiIdentifiers {
    QuasiIdentifiers {
        period: Period::month_of(case.reported_date),
        role: case.role,
        category: case.allegation_category,
        source: case.source,
        other_force: case.other_force,
    }
}

/// Where each date column's published periods are cut (see `precision`).
struct Cuts {
    /// Review completions: the as-of date and the review deadlines.
    review: Vec<chrono::NaiveDate>,
    /// Charges, court dates and outcomes: the as-of date.
    other: Vec<chrono::NaiveDate>,
}

/// The public record of `case`: its published quasi-identifiers, its other dates at their
/// published precision, and nothing that identifies the case or links it to another.
fn public_record(case: &Case, published: &QuasiIdentifiers, cuts: &Cuts) -> Case {
    let week = |d: Option<chrono::NaiveDate>| d.map(|d| precision::week_end(d, &cuts.other));
    let month = |d: Option<chrono::NaiveDate>| d.map(|d| precision::month_end(d, &cuts.other));
    Case {
        case_id: Default::default(),
        subject_ref: Default::default(),
        role: published.role,
        allegation_category: published.category,
        reported_date: published.period.first_day(),
        reported_until: published.period.last_day(),
        source: published.source,
        other_force: published.other_force,
        review_completed_date: case.review_completed_date.map(|d| precision::week_end(d, &cuts.review)),
        charged_date: week(case.charged_date),
        court_date: week(case.court_date),
        criminal_outcome_date: month(case.criminal_outcome_date),
        misconduct_outcome_date: month(case.misconduct_outcome_date),
        notes: None,
        ..case.clone()
    }
}

/// Group sizes of some records' quasi-identifiers (any hashable key per record).
fn group_counts<'a, K: std::hash::Hash + Eq + 'a>(keys: impl Iterator<Item = &'a K>, k: usize) -> GroupCounts {
    let mut sizes: HashMap<&K, usize> = HashMap::new();
    for key in keys {
        *sizes.entry(key).or_insert(0) += 1;
    }
    let small: Vec<usize> = sizes.values().copied().filter(|&n| n < k).collect();
    GroupCounts { groups: sizes.len(), groups_under_threshold: small.len(), records_in_groups_under_threshold: small.iter().sum() }
}

/// The `publication` section of the release's dataset.json: the method and its parameters.
fn publication(k: usize, generalised: Vec<Generalised>) -> Publication {
    let note = |field: &str, note: &str| FieldNote { field: field.into(), note: note.into() };
    let week = "ISO week (Monday to Sunday), written as the week's last day, or as the as-of date where it falls within the week, so the weekly series and the scheduled hearings stay exact; the figures need nothing finer.";
    let review_week = "ISO week (Monday to Sunday), written as the week's last day, or as the as-of date or the review deadline where one falls within the week, so the weekly progress and the review commitment stay exact; the figures need nothing finer.";
    let month = "Month, written as the month's last day (or the as-of date, within its month); time to outcome is counted in whole months.";
    Publication {
        method: format!("k-anonymity by generalisation (k = {k}): every combination of the quasi-identifiers covers at least {k} records. A reported month shared by fewer records is widened to its quarter, then its year; then other_force, source, the reported date, role and allegation category are withheld, in that order, as far as needed. Records are never dropped, so totals are exact. No noise is added. Within each such group, the review columns, the event columns (charge, court, outcomes) and the subject columns (subject_cases, earlier_case_outcome) are paired in a fixed order, each set sorted on its own, not as they were: a row found from public events (a court list, a hearing outcome) tells a reader its group, not the case's review or reports. Every figure reads one of these sets at a time with the quasi-identifiers, so every figure is exact; a row is not a case."),
        tool: format!("scrutiny publish {}", env!("CARGO_PKG_VERSION")),
        quasi_identifiers: QUASI_IDENTIFIERS.iter().map(|f| f.name().to_string()).collect(),
        dropped: vec![
            note("case_id", "Case IDs could be matched with other records, and no figure needs one."),
            note("subject_ref", "Pseudonymised records are still personal data: a reader who knows two of a person's cases could find the rest. Replaced by subject_cases."),
            note("notes", "Free text can name or describe people, and no figure uses it."),
        ],
        dates: vec![
            note("reported_date", &format!("Month (2023-03); a quarter (2023-Q1), a year (2023) or Withheld where a month would leave fewer than {k} records with the same role, category, source and other-force answer. Views count a case only when its whole period lies in their dates.")),
            note("review_completed_date", review_week),
            note("charged_date", week),
            note("court_date", week),
            note("criminal_outcome_date", month),
            note("misconduct_outcome_date", month),
        ],
        subject_linkage: "No pseudonym is published. A person's latest case says how many cases they have (1, 2, 3 or 4 or more) and each earlier case says Earlier, with its misconduct outcome in earlier_case_outcome: all the repeat-report figures need, and no served value links two cases.".into(),
        generalised,
    }
}

#[cfg(test)]
mod tests;
