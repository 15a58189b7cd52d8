//! Views of a public release cannot isolate a small group. Publishing generalises the
//! quasi-identifiers until every combination covers at least `min_cell_count` records, and a
//! view counts a record only when its whole published period lies in the view's dates; so
//! every view selects whole groups, and any two views differ by whole groups: by 0 cases or by
//! at least `min_cell_count`. These tests search for counter-examples adversarially (date
//! bounds one day apart at every month edge, every single value of a dimension against all,
//! and random combinations), and run the differencing attack of issue 12 itself.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests may panic on failure.

use chrono::{Datelike, Duration, NaiveDate};
use proptest::prelude::*;
use scrutiny_core::aggregate::Filter;
use scrutiny_core::model::{AllegationCategory, Case, OtherForce, Role, Schema, Source};
use scrutiny_core::publish::publish;
use scrutiny_core::{load_cases_of, sample, DatasetMeta, Release};
use std::collections::HashMap;

/// The demo extract made from `seed`, published, and loaded back as the page loads it.
fn published(seed: u64, min_cell_count: u32) -> (Vec<Case>, Release) {
    let meta = DatasetMeta { min_cell_count, ..sample::demo_metadata() };
    let cases = sample::demo_cases(seed);
    let release = publish(&cases, &meta, "test").unwrap();
    let release_meta = DatasetMeta::from_json(&release.dataset_json).unwrap();
    let loaded = load_cases_of(release.cases_csv.as_bytes(), "cases.csv", meta.as_of, Schema::Release);
    assert_eq!(loaded.rejected, 0);
    (loaded.records.clone(), Release::new(&loaded.records, release_meta))
}

/// The records a view selects, computed directly from the published records.
fn selected<'a>(records: &'a [Case], release: &Release, filter: &Filter) -> Vec<&'a Case> {
    let f = release.view_filter(filter);
    records
        .iter()
        .filter(|c| f.from.is_none_or(|d| c.reported_date >= d) && f.to.is_none_or(|d| c.reported_until <= d))
        .filter(|c| f.categories.is_empty() || f.categories.contains(&c.allegation_category))
        .filter(|c| f.roles.is_empty() || f.roles.contains(&c.role))
        .filter(|c| f.sources.is_empty() || f.sources.contains(&c.source))
        .filter(|c| f.other_forces.is_empty() || f.other_forces.contains(&c.other_force))
        .collect()
}

/// A record's published quasi-identifiers.
type Group = (Role, AllegationCategory, Option<Source>, Option<OtherForce>, NaiveDate, NaiveDate);

fn group(c: &Case) -> Group {
    (c.role, c.allegation_category, c.source, c.other_force, c.reported_date, c.reported_until)
}

/// Checks that `filter` selects whole groups only, and that the dashboard counts what it selects.
fn assert_whole_groups(records: &[Case], release: &Release, filter: &Filter) -> usize {
    let mut sizes: HashMap<Group, usize> = HashMap::new();
    for c in records {
        *sizes.entry(group(c)).or_insert(0) += 1;
    }
    let chosen = selected(records, release, filter);
    let mut taken: HashMap<Group, usize> = HashMap::new();
    for c in &chosen {
        *taken.entry(group(c)).or_insert(0) += 1;
    }
    for (g, n) in &taken {
        assert_eq!(*n, sizes[g], "{filter:?} takes {n} of a group of {}", sizes[g]);
    }
    assert_eq!(release.aggregates(filter).records as usize, chosen.len(), "the dashboard counts what the view selects: {filter:?}");
    chosen.len()
}

fn assert_not_small(a: usize, b: usize, k: u32, what: &str) {
    let d = a.abs_diff(b);
    assert!(d == 0 || d >= k as usize, "{what}: {a} and {b} cases differ by {d}");
}

#[test]
fn every_published_group_is_large_enough() {
    let (records, _) = published(sample::DEMO_SEED, 3);
    let mut sizes: HashMap<Group, usize> = HashMap::new();
    for c in &records {
        *sizes.entry(group(c)).or_insert(0) += 1;
    }
    assert_eq!(sizes.values().copied().filter(|&n| n < 3).count(), 0);
}

#[test]
fn date_bounds_one_day_apart_never_isolate_a_small_group() {
    let k = 3;
    let (records, release) = published(sample::DEMO_SEED, k);
    let mut edge = NaiveDate::from_ymd_opt(2011, 12, 1).unwrap();
    let as_of = sample::demo_as_of();
    // Every month edge and the middle of every month, for "from" and for "to", alone and with
    // the smallest category and role.
    while edge <= as_of {
        for day in [edge, edge + Duration::days(14)] {
            for base in [
                Filter::default(),
                Filter { categories: vec![AllegationCategory::Other], roles: vec![Role::SpecialConstable], ..Filter::default() },
            ] {
                let from = |d: NaiveDate| Filter { from: Some(d), ..base.clone() };
                let to = |d: NaiveDate| Filter { to: Some(d), ..base.clone() };
                let next = day + Duration::days(1);
                let (a, b) = (assert_whole_groups(&records, &release, &from(day)), assert_whole_groups(&records, &release, &from(next)));
                assert_not_small(a, b, k, &format!("from {day} and from {next}"));
                let (a, b) = (assert_whole_groups(&records, &release, &to(day)), assert_whole_groups(&records, &release, &to(next)));
                assert_not_small(a, b, k, &format!("to {day} and to {next}"));
            }
        }
        edge = edge.checked_add_months(chrono::Months::new(1)).unwrap();
    }
}

#[test]
fn each_value_against_all_and_against_the_rest() {
    let k = 3;
    let (records, release) = published(sample::DEMO_SEED, k);
    let all = assert_whole_groups(&records, &release, &Filter::default());
    let mut views: Vec<Filter> = Vec::new();
    views.extend(AllegationCategory::ALL.iter().map(|&c| Filter { categories: vec![c], ..Filter::default() }));
    views.extend(Role::ALL.iter().map(|&r| Filter { roles: vec![r], ..Filter::default() }));
    views.extend(Source::ALL.iter().map(|&s| Filter { sources: vec![Some(s)], ..Filter::default() }));
    views.push(Filter { sources: vec![None], ..Filter::default() });
    views.extend(OtherForce::ALL.iter().map(|&o| Filter { other_forces: vec![Some(o)], ..Filter::default() }));
    views.push(Filter { other_forces: vec![None], ..Filter::default() });
    for view in &views {
        let n = assert_whole_groups(&records, &release, view);
        assert_not_small(all, n, k, &format!("all and {view:?}"));
    }
    // Each role against the others together.
    for &role in Role::ALL {
        let rest = Filter { roles: Role::ALL.iter().copied().filter(|r| *r != role).collect(), ..Filter::default() };
        let (one, others) = (
            assert_whole_groups(&records, &release, &Filter { roles: vec![role], ..Filter::default() }),
            assert_whole_groups(&records, &release, &rest),
        );
        assert_not_small(all, one + others, k, &format!("all and {role:?} plus the rest"));
        assert_not_small(all - one, others, k, &format!("all but {role:?} and the rest"));
    }
}

fn subset<T: Copy>(all: &[T], bits: u8) -> Vec<T> {
    all.iter().enumerate().filter(|(i, _)| bits & (1 << i) != 0).map(|(_, v)| *v).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Random views of releases published from random extracts, each against the same view one
    /// day wider and against the view without one of its dimensions.
    #[test]
    fn random_views_select_whole_groups(
        seed in 0u64..1_000,
        k in 3u32..7,
        from_days in 0i64..4_500,
        span in 0i64..3_000,
        category_bits in any::<u8>(),
        role_bits in 0u8..16,
        source_bits in any::<u8>(),
        other_force_bits in 0u8..16,
    ) {
        let (records, release) = published(seed, k);
        let start = NaiveDate::from_ymd_opt(2012, 1, 1).unwrap() + Duration::days(from_days);
        let view = Filter {
            from: Some(start),
            to: Some(start + Duration::days(span)),
            categories: subset(AllegationCategory::ALL, category_bits),
            roles: subset(Role::ALL, role_bits),
            sources: subset(Source::ALL, source_bits).into_iter().map(Some).collect(),
            other_forces: subset(OtherForce::ALL, other_force_bits).into_iter().map(Some).chain((other_force_bits & 8 != 0).then_some(None)).collect(),
        };
        let n = assert_whole_groups(&records, &release, &view);
        let wider = [
            Filter { from: view.from.map(|d| d - Duration::days(1)), ..view.clone() },
            Filter { to: view.to.map(|d| d + Duration::days(1)), ..view.clone() },
            Filter { categories: Vec::new(), ..view.clone() },
            Filter { roles: Vec::new(), ..view.clone() },
            Filter { sources: Vec::new(), ..view.clone() },
            Filter { other_forces: Vec::new(), ..view.clone() },
            Filter { from: None, to: None, ..view.clone() },
        ];
        for w in &wider {
            let m = assert_whole_groups(&records, &release, w);
            prop_assert!(m >= n);
            let d = m - n;
            prop_assert!(d == 0 || d >= k as usize, "{:?} and {:?} differ by {}", view, w, d);
        }
        prop_assert!(start.year() >= 2012);
    }
}

/// The attack of issue 12: two views whose date ranges differ by one day, probed on 40 days;
/// on the extract they isolated the one or two cases reported that day, and their outcomes.
#[test]
fn the_one_day_differencing_attack_finds_nothing() {
    let k = 3;
    let (records, release) = published(sample::DEMO_SEED, k);
    let mut isolated = 0;
    for i in 0..40 {
        let day = NaiveDate::from_ymd_opt(2019, 1, 3).unwrap() + Duration::days(37 * i);
        let (before, through) =
            (Filter { to: Some(day - Duration::days(1)), ..Filter::default() }, Filter { to: Some(day), ..Filter::default() });
        let (a, b) = (release.figures(&before), release.figures(&through));
        let (Some(x), Some(y)) = (a.records.value(), b.records.value()) else { continue };
        let d = y - x;
        if (1..k).contains(&d) {
            isolated += 1;
        }
        assert_whole_groups(&records, &release, &through);
    }
    assert_eq!(isolated, 0, "no pair of views one day apart isolates 1 to {} cases", k - 1);
}
