//! Tests of the aggregate stage: counts, series, filters, year segments and the byte format.

use super::codec::{self, TableHeaderError};
use super::filter::BLOCKS;
use super::stats::quartiles;
use super::*;
use crate::model::*;
use crate::sample;
use chrono::{Duration, NaiveDate};

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn case(id: &str) -> Case {
    Case {
        case_id: CaseId::parse(id).unwrap(),
        subject_ref: SubjectRef(id.bytes().map(u32::from).sum()),
        role: Role::Officer,
        allegation_category: AllegationCategory::Violence,
        reported_date: ymd(2020, 1, 1),
        reported_until: ymd(2020, 1, 1),
        ..Case::default()
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
    let r = aggregate(&cases, ymd(2025, 1, 20), Some(ymd(2024, 12, 31))).review;
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
    let c = aggregate(&cases, ymd(2021, 1, 20), None).court;
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
    let o = aggregate(&cases, ymd(2024, 1, 1), None).outcomes;
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

fn at(id: &str, subject: u32, reported: NaiveDate) -> Case {
    Case { subject_ref: SubjectRef(subject), reported_date: reported, reported_until: reported, ..case(id) }
}

#[test]
fn filters_select_by_date_category_role_and_source() {
    let mut cases = vec![at("a", 1, ymd(2020, 1, 1)), at("b", 2, ymd(2020, 6, 1)), at("c", 3, ymd(2021, 1, 1))];
    cases[1].allegation_category = AllegationCategory::Dishonesty;
    cases[2].role = Role::Staff;
    cases[2].source = Some(Source::Hotline);
    let table = CaseTable::new(&cases, ymd(2024, 1, 1));
    let count = |f: Filter| table.aggregate(&f, None).records;
    assert_eq!(count(Filter::default()), 3);
    assert_eq!(count(Filter { from: Some(ymd(2020, 6, 1)), to: Some(ymd(2020, 12, 31)), ..Filter::default() }), 1);
    assert_eq!(count(Filter { categories: vec![AllegationCategory::Dishonesty, AllegationCategory::Violence], ..Filter::default() }), 3);
    assert_eq!(count(Filter { categories: vec![AllegationCategory::Dishonesty], ..Filter::default() }), 1);
    assert_eq!(count(Filter { roles: vec![Role::Staff], ..Filter::default() }), 1);
    assert_eq!(count(Filter { sources: vec![None], ..Filter::default() }), 2, "not recorded is a choice");
    assert_eq!(count(Filter { sources: vec![Some(Source::Hotline)], roles: vec![Role::Officer], ..Filter::default() }), 0);
}

#[test]
fn repeat_subjects_and_how_earlier_cases_ended() {
    let mut cases = vec![
        at("a1", 7, ymd(2016, 1, 1)),
        at("a2", 7, ymd(2019, 1, 1)),
        at("a3", 7, ymd(2021, 2, 1)),
        at("a4", 7, ymd(2022, 1, 1)),
        at("b1", 8, ymd(2020, 1, 1)),
        at("b2", 8, ymd(2020, 2, 1)),
        at("c1", 9, ymd(2020, 1, 1)),
    ];
    for c in &mut cases[..3] {
        c.misconduct_outcome = Some(MisconductOutcome::NoFurtherAction);
        c.misconduct_outcome_date = Some(c.reported_date + Duration::days(10));
    }
    crate::subjects::mark_subject_cases(&mut cases);
    let a = aggregate(&cases, ymd(2024, 1, 1), None);
    assert_eq!(
        (a.distinct_subjects, a.subjects_with_2_or_more_cases, a.subjects_with_3_or_more_cases, a.subjects_with_4_or_more_cases),
        (3, 2, 1, 1)
    );
    // Earlier cases: a1, a2, a3 (all "No further action") and b1 (not recorded).
    assert_eq!(a.earlier_cases_of_repeat_subjects, 4);
    let get = |label: &str| a.earlier_case_outcomes_of_repeat_subjects.iter().find(|c| c.label == label).unwrap().count;
    assert_eq!((get("No further action"), get(NOT_RECORDED)), (3, 1));
}

#[test]
fn quartiles_interpolate_between_ranks() {
    // Days 10, 20, 30, 40: Q1 at rank 0.75 = 17.5, median 25, Q3 at rank 2.25 = 32.5.
    let mut histogram = vec![0u32; 41];
    for d in [10, 20, 30, 40] {
        histogram[d] += 1;
    }
    let q = quartiles(&histogram).unwrap();
    assert_eq!((q.cases, q.lower_quartile_months, q.median_months, q.upper_quartile_months), (4, 17.5, 25.0, 32.5));
    assert_eq!(quartiles(&[0, 0]), None);
    let one = quartiles(&[0, 0, 1]).unwrap();
    assert_eq!((one.lower_quartile_months, one.median_months, one.upper_quartile_months), (2.0, 2.0, 2.0));
}

#[test]
fn time_to_outcome_is_from_report_to_outcome() {
    let mut cases: Vec<Case> = (0..3).map(|i| at(&format!("m{i}"), i, ymd(2020, 1, 1))).collect();
    for (c, days) in cases.iter_mut().zip([100, 200, 400]) {
        c.misconduct_outcome = Some(MisconductOutcome::WrittenWarning);
        c.misconduct_outcome_date = Some(ymd(2020, 1, 1) + Duration::days(days));
    }
    // A case published only to its quarter has no known time to outcome.
    let mut vague = cases[0].clone();
    vague.reported_until = ymd(2020, 3, 31);
    cases.push(vague);
    let t = aggregate(&cases, ymd(2024, 1, 1), None).time_to_outcome;
    let m = t.misconduct.unwrap();
    // Outcomes in April 2020, July 2020 and February 2021: 3, 6 and 13 months after January
    // 2020; type-7 quartiles of [3, 6, 13] are 4.5, 6 and 9.5.
    assert_eq!(m.cases, 3);
    assert_eq!((m.lower_quartile_months, m.median_months, m.upper_quartile_months), (4.5, 6.0, 9.5));
    assert_eq!(t.criminal, None);
}

#[test]
fn projection_uses_the_last_four_weeks() {
    // 8 in review; 4 completed, one in each of the 4 weeks to the as-of date: 4 remain at
    // 4 per 28 days, so 28 more days.
    let mut cases: Vec<Case> = (0..4).map(|i| completed(&format!("d{i}"), ymd(2024, 1, 1) + Duration::days(7 * i))).collect();
    cases.extend((0..4).map(|i| Case { review_status: Some(ReviewStatus::InProgress), ..case(&format!("p{i}")) }));
    let as_of = ymd(2024, 1, 28);
    let r = aggregate(&cases, as_of, None).review;
    assert_eq!(r.projection, Projection::OnTrack { date: as_of + Duration::days(28), completed_last_4_weeks: 4 });
    let stalled = aggregate(&cases, ymd(2024, 6, 1), None).review;
    assert_eq!(stalled.projection, Projection::NotOnTrack);
    let done = aggregate(&cases[..4], as_of, None).review;
    assert_eq!(done.projection, Projection::Complete);
    assert_eq!(aggregate(&[], as_of, None).review.projection, Projection::NoReview);
}

#[test]
fn monthly_cumulative_and_status_with_not_in_review() {
    let cases = vec![completed("a", ymd(2023, 1, 31)), completed("b", ymd(2023, 3, 1)), case("c")];
    let r = aggregate(&cases, ymd(2023, 3, 15), None).review;
    assert_eq!(r.cumulative_by_month, vec![(ymd(2023, 1, 1), 1), (ymd(2023, 2, 1), 1), (ymd(2023, 3, 1), 2)]);
    let status: Vec<(&str, u32)> = r.status.iter().map(|c| (c.label.as_str(), c.count)).collect();
    assert_eq!(status, vec![("Not started", 0), ("In progress", 0), ("Completed", 2), (NOT_IN_REVIEW, 1)]);
}

#[test]
fn cases_on_the_same_day_are_ordered_by_case_id() {
    // Same person, same reported date: "earlier" is the smaller case id, whatever the file order.
    let mut later = at("C-2", 7, ymd(2023, 5, 1));
    later.misconduct_outcome = Some(MisconductOutcome::DismissedWithoutNotice);
    let mut earlier = at("C-1", 7, ymd(2023, 5, 1));
    earlier.misconduct_outcome = Some(MisconductOutcome::NoCaseToAnswer);
    for mut cases in [vec![later.clone(), earlier.clone()], vec![earlier.clone(), later.clone()]] {
        crate::subjects::mark_subject_cases(&mut cases);
        let a = aggregate(&cases, ymd(2024, 3, 31), None);
        let ended = |label: &str| a.earlier_case_outcomes_of_repeat_subjects.iter().find(|c| c.label == label).map(|c| c.count);
        assert_eq!((ended("No case to answer"), ended("Dismissed without notice")), (Some(1), Some(0)));
    }
}

#[test]
fn year_segments_give_what_visiting_every_row_gives() {
    let cases = sample::dense_cases(3000, 11);
    let as_of = sample::demo_as_of();
    let segmented = CaseTable::with_segments_from(&cases, as_of, 8);
    let unsegmented = CaseTable::with_segments_from(&cases, as_of, usize::MAX);
    assert!(segmented.segments.len() > BLOCKS, "blocks are cut into years");
    assert!(unsegmented.segments.is_empty());
    // Whole years, ranges ending on the first or last day of a year, and days mid-year.
    let ranges = [(2012, 1, 1, 2021, 12, 31), (2015, 1, 1, 2018, 12, 31), (2014, 12, 31, 2016, 1, 1), (2013, 3, 17, 2019, 8, 2)];
    for (y0, m0, d0, y1, m1, d1) in ranges {
        let (from, to) = (ymd(y0, m0, d0), ymd(y1, m1, d1));
        let filter = Filter { from: Some(from), to: Some(to), roles: vec![Role::Officer, Role::Staff], ..Filter::default() };
        let target = Some(ymd(2023, 3, 31));
        assert!(segmented.aggregate(&filter, target) == unsegmented.aggregate(&filter, target), "{from}..{to}");
    }
}

#[test]
fn court_axis_crosses_a_53_week_year() {
    // 2020 has 53 ISO weeks: 2020-W53 starts 28 Dec 2020, 2021-W01 starts 4 Jan 2021.
    let cases = vec![in_court("a", ymd(2020, 12, 21), OffenceGroup::Violence), in_court("b", ymd(2021, 1, 4), OffenceGroup::Violence)];
    let c = aggregate(&cases, ymd(2021, 1, 4), None).court;
    let keys: Vec<String> = c.weeks.iter().map(|(w, _)| crate::dates::iso_week_key(*w)).collect();
    assert_eq!(keys, ["2020-W52", "2020-W53", "2021-W01"]);
    assert_eq!(c.weeks.iter().map(|w| w.1).collect::<Vec<_>>(), [1, 0, 1]);
    assert_eq!(c.weeks_by_offence_group[0].1[OffenceGroup::Violence.index()], 1);
}

#[test]
fn a_table_read_back_answers_every_filter_as_the_original() {
    let cases = sample::demo_cases(sample::DEMO_SEED);
    let as_of = sample::demo_as_of();
    // Segments cut from small blocks too, so the year segments are written and read.
    let table = CaseTable::with_segments_from(&cases, as_of, 16);
    assert!(!table.segments.is_empty());
    let bytes = table.to_bytes();
    assert_eq!(bytes.len() % 8, 0);
    // The block totals are written sparsely: a 4,116-record table is well under a megabyte
    // (written whole, they made it 5 MB).
    let whole_table = CaseTable::new(&cases, as_of).to_bytes();
    assert!(whole_table.len() < 1 << 20, "{} bytes", whole_table.len());
    let back = CaseTable::from_bytes(&bytes).unwrap();
    let target = Some(sample::review_target());
    let filters = [
        Filter::default(),
        Filter { categories: vec![AllegationCategory::ALL[0]], roles: vec![Role::ALL[0]], ..Filter::default() },
        Filter { from: chrono::NaiveDate::from_ymd_opt(2016, 3, 17), to: chrono::NaiveDate::from_ymd_opt(2021, 8, 2), ..Filter::default() },
        Filter { sources: vec![None], ..Filter::default() },
    ];
    for filter in filters {
        assert_eq!(back.aggregate(&filter, target), table.aggregate(&filter, target), "{filter:?}");
    }
    assert_eq!(back.to_bytes(), bytes, "writing the read table gives the same bytes");
}

#[test]
fn damaged_bytes_are_an_error_not_a_panic() {
    let table = CaseTable::new(&sample::demo_cases(sample::DEMO_SEED), sample::demo_as_of());
    let bytes = table.to_bytes();
    for cut in [0, 7, 8, 100, bytes.len() / 2, bytes.len() - 8] {
        assert!(CaseTable::from_bytes(&bytes[..cut]).is_err(), "cut at {cut}");
    }
    let mut wrong_size = bytes.clone();
    // The first column's element size (after the 16-byte header and its 8-byte count).
    wrong_size[24] = 3;
    assert!(CaseTable::from_bytes(&wrong_size).is_err());
    // Year segments listed out of order would cut a block backwards.
    let mut falling = CaseTable::with_segments_from(&sample::demo_cases(sample::DEMO_SEED), sample::demo_as_of(), 16);
    let last = falling.block_segments.len() - 1;
    falling.block_segments[1] = falling.block_segments[last];
    assert!(CaseTable::from_bytes(&falling.to_bytes()).is_err());
}

#[test]
fn a_table_file_says_what_it_is_and_which_layout_it_has() {
    let bytes = CaseTable::new(&sample::demo_cases(sample::DEMO_SEED), sample::demo_as_of()).to_bytes();
    assert_eq!(&bytes[..8], b"SCRTABLE");
    assert_eq!(u32::from_le_bytes(bytes[8..12].try_into().unwrap()), codec::FORMAT_VERSION);
    assert_eq!(codec::check_file_header(&bytes), Ok(()));
    let mut newer = bytes.clone();
    newer[8..12].copy_from_slice(&(codec::FORMAT_VERSION + 1).to_le_bytes());
    assert_eq!(codec::check_file_header(&newer), Err(TableHeaderError::OtherVersion(codec::FORMAT_VERSION + 1)));
    assert!(CaseTable::from_bytes(&newer).is_err(), "a table of another version is never read");
    assert_eq!(codec::check_file_header(b"case_id,reported\n1,2023-01\n"), Err(TableHeaderError::NotATable));
    assert_eq!(codec::check_file_header(&bytes[..10]), Err(TableHeaderError::NotATable));
}

#[test]
fn a_table_read_from_altered_bytes_answers_filters_without_panicking() {
    // Any byte changed (a page and worker of different builds, or damage in transit): the
    // table is refused, or it answers filters, possibly with wrong counts, but never panics.
    let table = CaseTable::with_segments_from(&sample::demo_cases(sample::DEMO_SEED), sample::demo_as_of(), 16);
    let bytes = table.to_bytes();
    let filters = [
        Filter::default(),
        Filter { from: NaiveDate::from_ymd_opt(2016, 3, 17), to: NaiveDate::from_ymd_opt(2021, 8, 2), ..Filter::default() },
        Filter { roles: vec![Role::Staff], ..Filter::default() },
    ];
    // Every byte of the calendar and the first columns, then a sample of the rest.
    for at in (16..80).chain((80..bytes.len()).step_by(bytes.len() / 60 + 1)) {
        for value in [0x00, 0x7f, 0xff] {
            let mut altered = bytes.clone();
            altered[at] = value;
            if let Ok(read) = CaseTable::from_bytes(&altered) {
                for filter in &filters {
                    let _ = read.aggregate(filter, Some(sample::review_target()));
                }
            }
        }
    }
}

#[test]
fn a_table_built_from_records_it_takes_is_the_table_built_from_borrowed_ones() {
    let cases = sample::demo_cases(sample::DEMO_SEED);
    let as_of = sample::demo_as_of();
    assert_eq!(CaseTable::from_records(cases.clone(), as_of).to_bytes(), CaseTable::new(&cases, as_of).to_bytes());
}
