//! What aggregation answers: exact counts by label and the series the charts draw, before
//! disclosure control (never shown directly: the figures stage discloses them first).

use crate::model::{AllegationCategory, AllowedValue, OffenceGroup, ReviewStatus, WITHHELD};
use chrono::NaiveDate;
use serde::Serialize;

/// The label for a missing optional value: never counted as zero.
pub const NOT_RECORDED: &str = "not recorded";

/// The label for cases in no review.
pub const NOT_IN_REVIEW: &str = "not in review";

/// A labelled count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Category {
    /// The value's label, or "not recorded".
    pub label: String,
    /// How many cases.
    pub count: u32,
}

/// Median and quartiles of report-to-outcome times, in whole calendar months (outcome month
/// minus reported month).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Quartiles {
    /// Cases with an outcome date.
    pub cases: u32,
    /// First quartile (25th percentile), months.
    pub lower_quartile_months: f64,
    /// Median, months.
    pub median_months: f64,
    /// Third quartile (75th percentile), months.
    pub upper_quartile_months: f64,
}

/// Time from report to outcome, for cases with an outcome date.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TimeToOutcome {
    /// Report to misconduct outcome; `None` when no case has one.
    pub misconduct: Option<Quartiles>,
    /// Report to criminal outcome; `None` when no case has one.
    pub criminal: Option<Quartiles>,
    /// Outcomes left out because the case's reported date is published only to a quarter, a
    /// year or not at all (the time is unknown).
    pub left_out: u32,
}

/// When the review would be complete at the pace of the last four weeks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Projection {
    /// Nothing is in the review.
    NoReview,
    /// Every review is complete.
    Complete,
    /// At the recent pace the last review would be completed on this date.
    OnTrack {
        /// Projected completion date.
        date: NaiveDate,
        /// Reviews completed in the last 4 weeks.
        completed_last_4_weeks: u32,
    },
    /// No review was completed in the last four weeks.
    NotOnTrack,
}

/// Progress of the review of past cases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewProgress {
    /// Cases with any review status (cases in no review are left out).
    pub in_review: u32,
    /// Cases whose review is completed.
    pub completed: u32,
    /// Not started, In progress, Completed, and "not in review".
    pub status: Vec<Category>,
    /// Review result of completed reviews, with "not recorded".
    pub result_of_completed: Vec<Category>,
    /// The review deadline from the commitments, if any.
    pub target: Option<NaiveDate>,
    /// Reviews completed on or before the deadline.
    pub completed_by_target: u32,
    /// Completed reviews so far at the end of each ISO week (keyed by its Monday), from the
    /// first completion in the data to the as-of date.
    pub cumulative_by_week: Vec<(NaiveDate, u32)>,
    /// Completed reviews so far at the end of each month (keyed by its first day).
    pub cumulative_by_month: Vec<(NaiveDate, u32)>,
    /// Projected completion at the pace of the last four weeks.
    pub projection: Projection,
}

/// First court appearances per ISO week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CourtAppearances {
    /// Appearances per week (keyed by its Monday), zero-filled from the first court week in
    /// the data to the as-of week.
    pub weeks: Vec<(NaiveDate, u32)>,
    /// The same weeks split by offence group (in contract order).
    pub weeks_by_offence_group: Vec<(NaiveDate, [u32; OffenceGroup::ALL.len()])>,
    /// All appearances up to the as-of date.
    pub total: u32,
    /// Court dates after the as-of date: scheduled hearings, not appearances.
    pub scheduled_after_as_of: u32,
    /// Appearances up to the as-of date by offence group.
    pub by_offence_group: Vec<Category>,
    /// Cases with a charge.
    pub charged: u32,
    /// Offence group of charged cases.
    pub charged_by_offence_group: Vec<Category>,
}

/// How cases ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outcomes {
    /// Criminal outcome of charged cases, with "not recorded".
    pub criminal: Vec<Category>,
    /// Misconduct outcome of cases with misconduct proceedings or an outcome, with "not recorded".
    pub misconduct: Vec<Category>,
    /// Misconduct outcome of every case, with "not recorded".
    pub misconduct_all_cases: Vec<Category>,
    /// Kind of misconduct proceedings of every case, with "not recorded".
    pub proceedings: Vec<Category>,
    /// Criminal outcome of charged cases, by allegation category.
    pub criminal_by_category: Vec<(String, Vec<Category>)>,
    /// Misconduct outcome of misconduct cases, by allegation category.
    pub misconduct_by_category: Vec<(String, Vec<Category>)>,
}

/// Every raw aggregate the dashboard draws.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Aggregates {
    /// Records aggregated.
    pub records: u32,
    /// Distinct pseudonymous subjects.
    pub distinct_subjects: u32,
    /// Subjects with two or more cases.
    pub subjects_with_2_or_more_cases: u32,
    /// Subjects with three or more cases.
    pub subjects_with_3_or_more_cases: u32,
    /// Subjects with four or more cases.
    pub subjects_with_4_or_more_cases: u32,
    /// Cases of repeat subjects other than their latest.
    pub earlier_cases_of_repeat_subjects: u32,
    /// How those earlier cases ended (misconduct outcome, with "not recorded").
    pub earlier_case_outcomes_of_repeat_subjects: Vec<Category>,
    /// Cases by role.
    pub cases_by_role: Vec<Category>,
    /// Cases by allegation category.
    pub cases_by_allegation_category: Vec<Category>,
    /// Cases by source, with "not recorded".
    pub cases_by_source: Vec<Category>,
    /// Cases whose subject serves in another force (`other_force` = Yes), by source, with
    /// "not recorded" for a missing source: most are hotline reports passed on.
    pub other_force_cases_by_source: Vec<Category>,
    /// Cases whose other-force answer a public release withholds.
    pub other_force_withheld: u32,
    /// Review progress.
    pub review: ReviewProgress,
    /// Court appearances.
    pub court: CourtAppearances,
    /// Outcomes.
    pub outcomes: Outcomes,
    /// Time from report to outcome.
    pub time_to_outcome: TimeToOutcome,
}

/// Counts per allowed value plus "not recorded", in code order (see `codes::code`); a
/// shorter `counts` (a required value) leaves "not recorded" out.
pub(super) fn tally_labels<T: AllowedValue>(counts: &[u32]) -> Vec<Category> {
    labelled::<T>(counts, NOT_RECORDED)
}

/// Counts of `T` for each allegation category.
pub(super) fn by_category<T: AllowedValue>(rows: &[impl AsRef<[u32]>]) -> Vec<(String, Vec<Category>)> {
    AllegationCategory::ALL
        .iter()
        .zip(rows)
        .filter(|(c, counts)| !c.is_withheld() || counts.as_ref().iter().any(|n| *n > 0))
        .map(|(c, counts)| (c.label().to_string(), tally_labels::<T>(counts.as_ref())))
        .collect()
}

/// Counts per review status plus "not in review".
pub(super) fn review_status_labels(counts: &[u32]) -> Vec<Category> {
    labelled::<ReviewStatus>(counts, NOT_IN_REVIEW)
}

/// Each allowed value's label, then `missing` for the code past them, with its count.
/// "Withheld" (a public release's generalised value) is listed only when some case has it.
fn labelled<T: AllowedValue>(counts: &[u32], missing: &str) -> Vec<Category> {
    T::all()
        .iter()
        .map(|v| v.label())
        .chain(std::iter::once(missing))
        .zip(counts.iter().copied())
        .filter(|(label, count)| *label != WITHHELD || *count > 0)
        .map(|(label, count)| Category { label: label.to_string(), count })
        .collect()
}
