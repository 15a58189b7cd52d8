//! Raw aggregates over loaded records: exact counts, before disclosure control. Nothing here
//! is shown directly; [`crate::figures`] discloses them first.

use crate::dates::{mondays_between, week_start};
use crate::model::*;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};

/// The label for a missing optional value: never counted as zero.
pub const NOT_RECORDED: &str = "not recorded";

/// A labelled count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Category {
    /// The value's label, or "not recorded".
    pub label: String,
    /// How many cases.
    pub count: u32,
}

/// Progress of the review of past cases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewProgress {
    /// Cases with any review status (cases in no review are left out).
    pub in_review: u32,
    /// Cases whose review is completed.
    pub completed: u32,
    /// The review deadline from the commitments, if any.
    pub target: Option<NaiveDate>,
    /// Reviews completed on or before the deadline.
    pub completed_by_target: u32,
    /// Completed reviews so far at the end of each ISO week (keyed by its Monday), from the
    /// first completion to the as-of date.
    pub cumulative_by_week: Vec<(NaiveDate, u32)>,
}

/// First court appearances per ISO week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CourtAppearances {
    /// Appearances per week (keyed by its Monday), zero-filled, up to the as-of date.
    pub weeks: Vec<(NaiveDate, u32)>,
    /// All appearances up to the as-of date.
    pub total: u32,
    /// Court dates after the as-of date: scheduled hearings, not appearances.
    pub scheduled_after_as_of: u32,
    /// Appearances up to the as-of date by offence group.
    pub by_offence_group: Vec<Category>,
}

/// How cases ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outcomes {
    /// Criminal outcome of charged cases, with "not recorded".
    pub criminal: Vec<Category>,
    /// Misconduct outcome of cases with misconduct proceedings or an outcome, with "not recorded".
    pub misconduct: Vec<Category>,
}

/// Every raw aggregate the dashboard draws.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Aggregates {
    /// Records aggregated.
    pub records: u32,
    /// Distinct pseudonymous subjects.
    pub distinct_subjects: u32,
    /// Review progress.
    pub review: ReviewProgress,
    /// Court appearances.
    pub court: CourtAppearances,
    /// Outcomes.
    pub outcomes: Outcomes,
}

/// Computes every aggregate over `cases`, as of `as_of`.
pub fn aggregate(cases: &[Case], as_of: NaiveDate, review_target: Option<NaiveDate>) -> Aggregates {
    let subjects: HashSet<SubjectRef> = cases.iter().map(|c| c.subject_ref).collect();
    Aggregates {
        records: count(cases.len()),
        distinct_subjects: count(subjects.len()),
        review: review_progress(cases, as_of, review_target),
        court: court_appearances(cases, as_of),
        outcomes: outcomes(cases),
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Review progress: status counts and cumulative completions by week.
pub fn review_progress(cases: &[Case], as_of: NaiveDate, target: Option<NaiveDate>) -> ReviewProgress {
    let in_review = cases.iter().filter(|c| c.review_status.is_some()).count();
    let completions: Vec<NaiveDate> =
        cases.iter().filter(|c| c.review_status == Some(ReviewStatus::Completed)).filter_map(|c| c.review_completed_date).collect();
    let completed_by_target = target.map_or(0, |t| completions.iter().filter(|d| **d <= t).count());
    ReviewProgress {
        in_review: count(in_review),
        completed: count(completions.len()),
        target,
        completed_by_target: count(completed_by_target),
        cumulative_by_week: cumulative_weekly(&completions, as_of),
    }
}

fn cumulative_weekly(dates: &[NaiveDate], as_of: NaiveDate) -> Vec<(NaiveDate, u32)> {
    let per_week = weekly_counts(dates.iter().copied());
    let Some(first) = per_week.keys().next().copied() else { return Vec::new() };
    let mut running = 0;
    mondays_between(first, as_of)
        .map(|monday| {
            running += per_week.get(&monday).copied().unwrap_or(0);
            (monday, running)
        })
        .collect()
}

fn weekly_counts(dates: impl Iterator<Item = NaiveDate>) -> BTreeMap<NaiveDate, u32> {
    let mut per_week = BTreeMap::new();
    for d in dates {
        *per_week.entry(week_start(d)).or_insert(0) += 1;
    }
    per_week
}

/// Court appearances per ISO week, zero-filled from the first appearance to the as-of date.
pub fn court_appearances(cases: &[Case], as_of: NaiveDate) -> CourtAppearances {
    let heard: Vec<&Case> = cases.iter().filter(|c| c.court_date.is_some_and(|d| d <= as_of)).collect();
    let scheduled = cases.iter().filter(|c| c.court_date.is_some_and(|d| d > as_of)).count();
    let per_week = weekly_counts(heard.iter().filter_map(|c| c.court_date));
    let weeks = match per_week.keys().next() {
        Some(&first) => mondays_between(first, as_of).map(|m| (m, per_week.get(&m).copied().unwrap_or(0))).collect(),
        None => Vec::new(),
    };
    CourtAppearances {
        weeks,
        total: count(heard.len()),
        scheduled_after_as_of: count(scheduled),
        by_offence_group: tally(heard.iter().map(|c| c.offence_group)),
    }
}

/// Outcomes of charged cases and of misconduct cases.
pub fn outcomes(cases: &[Case]) -> Outcomes {
    let charged = cases.iter().filter(|c| c.charged_date.is_some());
    let in_misconduct = cases.iter().filter(|c| is_misconduct_case(c));
    Outcomes { criminal: tally(charged.map(|c| c.criminal_outcome)), misconduct: tally(in_misconduct.map(|c| c.misconduct_outcome)) }
}

/// A case counts in misconduct outcomes when it has misconduct proceedings (a meeting or a
/// hearing) or a recorded misconduct outcome. "No proceedings" alone does not make one.
pub fn is_misconduct_case(case: &Case) -> bool {
    case.misconduct_outcome.is_some() || case.proceedings.is_some_and(|p| p != Proceedings::NoProceedings)
}

/// Counts every allowed value (zeros included, in contract order) plus "not recorded".
fn tally<T: AllowedValue>(values: impl Iterator<Item = Option<T>>) -> Vec<Category> {
    let mut counts = vec![0u32; T::all().len() + 1];
    for v in values {
        let i = v.map_or(T::all().len(), |v| T::all().iter().position(|a| a.label() == v.label()).unwrap_or(0));
        counts[i] += 1;
    }
    T::all()
        .iter()
        .map(|v| v.label().to_string())
        .chain(std::iter::once(NOT_RECORDED.to_string()))
        .zip(counts)
        .map(|(label, count)| Category { label, count })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn case(id: &str) -> Case {
        Case {
            case_id: CaseId::parse(id).unwrap(),
            subject_ref: SubjectRef(1),
            role: Role::Officer,
            allegation_category: AllegationCategory::Violence,
            reported_date: ymd(2020, 1, 1),
            source: None,
            review_status: None,
            review_completed_date: None,
            review_result: None,
            charged_date: None,
            offence_group: None,
            court_date: None,
            criminal_outcome: None,
            criminal_outcome_date: None,
            proceedings: None,
            misconduct_outcome: None,
            misconduct_outcome_date: None,
            other_force: None,
            notes: None,
        }
    }

    fn completed(id: &str, on: NaiveDate) -> Case {
        Case { review_status: Some(ReviewStatus::Completed), review_completed_date: Some(on), ..case(id) }
    }

    fn in_court(id: &str, on: NaiveDate, group: OffenceGroup) -> Case {
        Case { charged_date: Some(on), offence_group: Some(group), court_date: Some(on), ..case(id) }
    }

    #[test]
    fn review_progress_counts_cumulatively_across_iso_weeks() {
        let cases = vec![
            completed("a", ymd(2024, 12, 29)), // Sunday: 2024-W52
            completed("b", ymd(2024, 12, 30)), // Monday: 2025-W01
            completed("c", ymd(2025, 1, 14)),  // 2025-W03
            Case { review_status: Some(ReviewStatus::InProgress), ..case("d") },
            case("e"),
        ];
        let r = review_progress(&cases, ymd(2025, 1, 20), Some(ymd(2024, 12, 31)));
        assert_eq!((r.in_review, r.completed, r.completed_by_target), (4, 3, 2));
        assert_eq!(
            r.cumulative_by_week,
            vec![(ymd(2024, 12, 23), 1), (ymd(2024, 12, 30), 2), (ymd(2025, 1, 6), 2), (ymd(2025, 1, 13), 3), (ymd(2025, 1, 20), 3)]
        );
    }

    #[test]
    fn court_weeks_are_zero_filled_and_stop_at_as_of() {
        let cases = vec![
            in_court("a", ymd(2020, 12, 28), OffenceGroup::Violence),  // 2020-W53
            in_court("b", ymd(2021, 1, 13), OffenceGroup::Dishonesty), // 2021-W02
            in_court("c", ymd(2021, 1, 14), OffenceGroup::Dishonesty),
            in_court("d", ymd(2021, 2, 1), OffenceGroup::Violence), // after as-of: scheduled
        ];
        let c = court_appearances(&cases, ymd(2021, 1, 20));
        assert_eq!(c.weeks, vec![(ymd(2020, 12, 28), 1), (ymd(2021, 1, 4), 0), (ymd(2021, 1, 11), 2), (ymd(2021, 1, 18), 0)]);
        assert_eq!((c.total, c.scheduled_after_as_of), (3, 1));
        let dishonesty = c.by_offence_group.iter().find(|g| g.label == "Dishonesty").unwrap();
        assert_eq!(dishonesty.count, 2);
    }

    #[test]
    fn outcomes_keep_not_recorded_apart_and_list_zeros() {
        let cases = vec![
            Case { criminal_outcome: Some(CriminalOutcome::Convicted), ..in_court("a", ymd(2021, 1, 1), OffenceGroup::Other) },
            in_court("b", ymd(2021, 1, 1), OffenceGroup::Other),
            Case { proceedings: Some(Proceedings::MisconductHearing), ..case("c") },
            Case { proceedings: Some(Proceedings::NoProceedings), ..case("d") },
        ];
        let o = outcomes(&cases);
        let get = |v: &[Category], l: &str| v.iter().find(|c| c.label == l).unwrap().count;
        assert_eq!(get(&o.criminal, "Convicted"), 1);
        assert_eq!(get(&o.criminal, NOT_RECORDED), 1);
        assert_eq!(get(&o.criminal, "Acquitted"), 0);
        assert_eq!(o.criminal.len(), CriminalOutcome::ALL.len() + 1);
        assert_eq!(get(&o.misconduct, NOT_RECORDED), 1);
        assert_eq!(o.misconduct.iter().map(|c| c.count).sum::<u32>(), 1);
    }

    #[test]
    fn empty_data_gives_empty_series_not_errors() {
        let a = aggregate(&[], ymd(2024, 1, 1), None);
        assert!(a.review.cumulative_by_week.is_empty() && a.court.weeks.is_empty());
        assert_eq!(a.records, 0);
    }
}
