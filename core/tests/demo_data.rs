//! The synthetic demo dataset (core `sample`): deterministic, shaped like the published
//! figures (PUBLISHED-FIGURES.md), valid under the contract, and unchanged by a round trip
//! through CSV and JSON.

use chrono::Datelike;
use scrutiny_core::aggregate::aggregate;
use scrutiny_core::model::{AllowedValue, Case, Field, MisconductOutcome, OtherForce, Schema, Source, SubjectRef};
use scrutiny_core::report::ProblemKind;
use scrutiny_core::sample::*;
use scrutiny_core::{export, load_cases};
use std::collections::HashSet;

#[test]
fn generator_is_deterministic() {
    assert_eq!(demo_cases(7), demo_cases(7));
    assert_ne!(demo_cases(7), demo_cases(8));
}

#[test]
fn demo_shape_follows_published_figures() {
    let cases = demo_cases(DEMO_SEED);
    let review: Vec<&Case> = cases.iter().filter(|c| c.source == Some(Source::Review)).collect();
    assert_eq!(review.len(), REVIEW_CASES);
    let subjects: HashSet<SubjectRef> = review.iter().map(|c| c.subject_ref).collect();
    assert_eq!(subjects.len(), REVIEW_SUBJECTS);

    let a = aggregate(&cases, demo_as_of(), Some(review_target()));
    assert!(a.review.completed_by_target as f64 > 0.8 * REVIEW_CASES as f64);
    assert!(a.review.completed > a.review.completed_by_target);

    let weeks_2023: Vec<u32> = a.court.weeks.iter().filter(|(w, _)| w.year() == 2023).map(|(_, n)| *n).collect();
    let per_week = weeks_2023.iter().sum::<u32>() as f64 / weeks_2023.len() as f64;
    assert!((2.0..=3.0).contains(&per_week), "{per_week} a week");
    assert!(a.court.scheduled_after_as_of > 0);

    let misconduct: Vec<&Case> = cases.iter().filter(|c| c.misconduct_outcome.is_some_and(MisconductOutcome::is_final)).collect();
    let no_action = misconduct
        .iter()
        .filter(|c| matches!(c.misconduct_outcome, Some(MisconductOutcome::NoCaseToAnswer | MisconductOutcome::NoFurtherAction)))
        .count() as f64
        / misconduct.len() as f64;
    assert!((0.55..=0.60).contains(&no_action), "{no_action}");
    let mean_days = misconduct.iter().filter_map(|c| Some((c.misconduct_outcome_date? - c.reported_date).num_days())).sum::<i64>() as f64
        / misconduct.len() as f64;
    assert!((330.0..=470.0).contains(&mean_days), "{mean_days} days");

    let hotline: Vec<&Case> = cases.iter().filter(|c| c.source == Some(Source::Hotline)).collect();
    let other = hotline.iter().filter(|c| c.other_force == Some(OtherForce::Yes)).count() as f64 / hotline.len() as f64;
    assert!((0.28..=0.38).contains(&other), "{other}");
}

#[test]
fn court_dates_fall_on_weekdays() {
    assert!(demo_cases(DEMO_SEED).iter().filter_map(|c| c.court_date).all(is_weekday));
}

#[test]
fn demo_data_loads_with_no_row_errors_and_round_trips() {
    let cases = demo_cases(DEMO_SEED);
    let csv = export::to_csv(&cases).unwrap();
    let from_csv = load_cases(csv.as_bytes(), "cases.csv", demo_as_of());
    assert_eq!(from_csv.refusal, None);
    assert_eq!(from_csv.rejected, 0, "{:#?}", from_csv.problems.iter().take(3).collect::<Vec<_>>());
    assert!(from_csv.records == cases, "CSV round trip changed the records");
    let from_json = load_cases(export::to_json(&cases).as_bytes(), "cases.json", demo_as_of());
    assert!(from_json.records == cases, "JSON round trip changed the records");
    // The only warnings are hearings scheduled after the as-of date.
    assert!(from_csv.problems.iter().all(|p| p.kind == ProblemKind::ScheduledHearing));
}

#[test]
fn dense_records_are_valid_and_full() {
    let cases = dense_cases(500, 1);
    let report = load_cases(export::to_csv(&cases).unwrap().as_bytes(), "cases.csv", demo_as_of());
    assert_eq!((report.records.len(), report.rejected), (500, 0), "{:?}", report.problems.first());
    // Every column of an extract is filled.
    assert!(cases.iter().all(|c| Field::ALL.iter().filter(|f| f.is_in(Schema::Extract)).all(|f| export::field_text(c, *f).is_some())));
    assert!(cases.iter().all(|c| !c.role.is_withheld() && !c.allegation_category.is_withheld()), "an extract never holds Withheld");
}

#[test]
fn the_extract_as_known_on_an_earlier_date_is_valid_and_knows_nothing_later() {
    let cases = demo_cases(DEMO_SEED);
    for (y, m, d) in [(2022, 12, 31), (2023, 3, 31), (2023, 9, 30), (2024, 3, 31)] {
        let date = chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let known = known_on(&cases, date);
        let expected_records = cases.iter().filter(|c| c.reported_date <= date).count();
        let report = load_cases(export::to_csv(&known).unwrap().as_bytes(), "cases.csv", date);
        assert_eq!((report.records.len(), report.rejected), (expected_records, 0), "{date}: {:?}", report.problems.first());
        let later = |d: Option<chrono::NaiveDate>| d.is_some_and(|d| d > date);
        assert!(known.iter().all(|c| !later(c.review_completed_date) && !later(c.charged_date) && !later(c.criminal_outcome_date)));
        // Reviews completed after the date are in progress on it; each person's count of cases is as it was.
        let completed_then = cases.iter().filter(|c| c.reported_date <= date && c.review_completed_date.is_some_and(|d| d <= date)).count();
        assert_eq!(known.iter().filter(|c| c.review_completed_date.is_some()).count(), completed_then);
        let people_then: HashSet<SubjectRef> = known.iter().map(|c| c.subject_ref).collect();
        let latest_marks = known.iter().filter(|c| c.subject_cases != scrutiny_core::model::SubjectCases::Earlier).count();
        assert_eq!(latest_marks, people_then.len(), "{date}: one latest case per person");
    }
    assert!(known_on(&cases, demo_as_of()) == cases, "on the as-of date everything is known");
}
