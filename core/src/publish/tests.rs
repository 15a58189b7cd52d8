//! Tests of publishing on the demo extract: what is served, group sizes, exact totals,
//! determinism, and that the release loads back as the page will load it.

use super::*;
use crate::aggregate::Filter;
use crate::loading::load_cases_of;
use crate::release::Release;
use crate::sample;
use std::collections::HashMap;

fn demo() -> (Vec<Case>, DatasetMeta) {
    let mut meta = sample::demo_metadata();
    meta.publication = None;
    (sample::demo_cases(sample::DEMO_SEED), meta)
}

#[test]
fn the_release_serves_no_identifier_pseudonym_or_note() {
    let (cases, meta) = demo();
    let published = publish(&cases, &meta, "demo").unwrap();
    let served = format!("{}{}", published.cases_csv, published.dataset_json);
    let header = published.cases_csv.lines().next().unwrap_or_default();
    assert!(!header.contains("case_id") && !header.contains("subject_ref") && !header.contains("notes"), "{header}");
    for case in &cases {
        assert!(!served.contains(case.case_id.as_str()), "case id {} served", case.case_id);
        let pseudonym = case.subject_ref.to_string();
        assert!(!served.contains(&pseudonym) && !served.contains(&pseudonym[2..]), "pseudonym {pseudonym} served");
        if let Some(note) = case.notes.as_deref().filter(|n| n.len() > 8) {
            assert!(!served.contains(note), "a note was served");
        }
    }
    assert!(published.report.notes_dropped > 0);
}

#[test]
fn every_served_group_is_large_enough_and_the_totals_are_exact() {
    let (cases, meta) = demo();
    let published = publish(&cases, &meta, "demo").unwrap();
    let k = meta.min_cell_count as usize;
    // Grouped from the served text itself, as a reader would.
    let mut reader = csv::Reader::from_reader(published.cases_csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let columns: Vec<usize> = QUASI_IDENTIFIERS.iter().map(|f| headers.iter().position(|h| h == f.name()).unwrap()).collect();
    let mut groups: HashMap<Vec<String>, usize> = HashMap::new();
    let mut rows = 0;
    for record in reader.records() {
        let record = record.unwrap();
        *groups.entry(columns.iter().map(|&i| record[i].to_string()).collect()).or_insert(0) += 1;
        rows += 1;
    }
    assert_eq!(rows, cases.len(), "no record is dropped");
    assert!(groups.values().all(|&n| n >= k), "smallest group {:?}", groups.values().min());
    assert_eq!(published.report.groups_after.groups_under_threshold, 0);
    assert!(published.report.groups_before.records_in_groups_under_threshold > cases.len() / 2);

    let loaded = load_cases_of(published.cases_csv.as_bytes(), "cases.csv", meta.as_of, Schema::Release);
    assert_eq!((loaded.records.len(), loaded.rejected), (cases.len(), 0), "{:?}", loaded.problems.first());
    assert_eq!(loaded.records, published.records, "the release loads back as it was written");
    let release_meta = DatasetMeta::from_json(&published.dataset_json).unwrap();
    assert_eq!(release_meta.schema(), Schema::Release);
    let internal = Release::new(&cases, meta.clone()).aggregates(&Filter::default());
    let public = Release::new(&loaded.records, release_meta.clone()).aggregates(&Filter::default());
    assert_eq!(public.records, internal.records);
    assert_eq!(public.review.status, internal.review.status);
    assert_eq!(public.review.result_of_completed, internal.review.result_of_completed);
    assert_eq!(public.court.charged, internal.court.charged);
    assert_eq!((public.court.total, public.court.scheduled_after_as_of), (internal.court.total, internal.court.scheduled_after_as_of));
    assert_eq!(public.court.weeks, internal.court.weeks, "every appearance stays in its week");
    assert_eq!(public.review.cumulative_by_week, internal.review.cumulative_by_week);
    assert_eq!(public.distinct_subjects, internal.distinct_subjects);
    assert_eq!(public.subjects_with_2_or_more_cases, internal.subjects_with_2_or_more_cases);
    assert_eq!(public.earlier_case_outcomes_of_repeat_subjects, internal.earlier_case_outcomes_of_repeat_subjects);
    let statuses = |r: &Release| r.commitments().iter().map(|c| (c.id.clone(), c.status)).collect::<Vec<_>>();
    assert_eq!(statuses(&Release::new(&loaded.records, release_meta)), statuses(&Release::new(&cases, meta)));
}

#[test]
fn publishing_is_deterministic_whatever_the_row_order() {
    let (mut cases, meta) = demo();
    let first = publish(&cases, &meta, "demo").unwrap();
    cases.reverse();
    let third = cases.len() / 3;
    cases.rotate_left(third);
    let again = publish(&cases, &meta, "demo").unwrap();
    assert_eq!(first.cases_csv, again.cases_csv);
    assert_eq!(first.dataset_json, again.dataset_json);
}

#[test]
fn bad_input_is_refused_with_a_reason() {
    let (cases, meta) = demo();
    assert_eq!(
        publish(&cases[..2], &meta, "demo").unwrap_err().to_string(),
        "The extract has 2 record(s), fewer than min_cell_count (3): no release of it can keep every group of cases at 3 or more, so nothing was published."
    );
    assert!(matches!(publish(&cases, &meta, "../x"), Err(PublishError::BadReleaseId(_))));
    let published_meta = DatasetMeta::from_json(&publish(&cases, &meta, "demo").unwrap().dataset_json).unwrap();
    assert_eq!(publish(&cases, &published_meta, "again"), Err(PublishError::AlreadyPublished));
}
