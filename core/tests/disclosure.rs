//! Property tests of disclosure control: within any table, no suppressed cell can be worked
//! out from the total and the other cells, and no small count is ever shown.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests may panic on failure.

use proptest::prelude::*;
use scrutiny_core::aggregate::{CaseTable, Filter};
use scrutiny_core::disclose::{disclose, disclose_parts, Cell};
use scrutiny_core::summary::{aggregates_json, Counts};
use scrutiny_core::{model::AllegationCategory, sample};

/// A suppressed cell is recoverable by subtraction when the total is shown and it is the only
/// hidden cell of its table.
fn recoverable(cells: &[Cell], total: Cell) -> bool {
    !total.is_suppressed() && cells.iter().filter(|c| c.is_suppressed()).count() == 1
}

proptest! {
    #[test]
    fn no_table_leaks_a_suppressed_cell(parts in proptest::collection::vec(0u32..12, 1..12), min in 2u32..6) {
        let cells = disclose_parts(&parts, min);
        let total = disclose(parts.iter().sum(), min);
        prop_assert!(!recoverable(&cells, total));
        // Nor can the hidden cells together be worked out so that each is known to be small:
        // h hidden cells, each at least 1, summing to less than h + min - 1 would all be. (When
        // every cell is hidden, zeros may be among them, so a hidden cell may be 0 and none is
        // pinned down.)
        let hidden_sum: u32 = parts.iter().zip(&cells).filter(|(_, c)| c.is_suppressed()).map(|(&n, _)| n).sum();
        let hidden = cells.iter().filter(|c| c.is_suppressed()).count() as u32;
        let zero_hidden = parts.iter().zip(&cells).any(|(&n, c)| n == 0 && c.is_suppressed());
        prop_assert!(!zero_hidden || cells.iter().all(|c| c.is_suppressed()));
        let all_hidden = cells.len() > 1 && cells.iter().all(|c| c.is_suppressed());
        prop_assert!(total.is_suppressed() || all_hidden || hidden_sum == 0 || hidden_sum + 1 >= hidden + min, "{} hidden cells add up to {}", hidden, hidden_sum);
        for (cell, &n) in cells.iter().zip(&parts) {
            if let Cell::Shown(v) = cell {
                prop_assert_eq!(*v, n, "shown values are exact");
                prop_assert!(n == 0 || n >= min, "a small count was shown");
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn published_summary_tables_never_leak(seed in any::<u64>(), category in 0usize..6) {
        // Real aggregate tables from generated data, under a filter that makes counts small.
        let cases = sample::demo_cases(seed);
        let table = CaseTable::new(&cases, sample::demo_as_of());
        let filter = Filter { categories: vec![AllegationCategory::ALL[category]], ..Filter::default() };
        let a = table.aggregate(&filter, Some(sample::review_target()));
        let json = aggregates_json(&a, sample::demo_as_of(), Counts::Disclosed { min_cell_count: 3 });
        let raw = aggregates_json(&a, sample::demo_as_of(), Counts::Raw);
        // Each table with the shown count its cells add up to (None: only their own sum).
        for (key, total_key) in [("cases_by_source", Some("records")), ("review_status", Some("records")),
                    ("review_result_of_completed_reviews", Some("reviews_completed")), ("criminal_outcome_of_charged_cases", Some("charged_cases")),
                    ("misconduct_outcome_of_misconduct_cases", None), ("court_appearances_per_iso_week", Some("court_appearances_total")),
                    ("court_appearances_by_offence_group", Some("court_appearances_total"))] {
            let shown = json[key].as_object().unwrap();
            let exact = raw[key].as_object().unwrap();
            let total: u64 = exact.values().map(|v| v.as_u64().unwrap()).sum();
            let hidden = shown.values().filter(|v| *v == "[c]").count() as u64;
            let total_shown = match total_key {
                Some(k) => json[k].as_u64().is_some(),
                None => total == 0 || total >= 3,
            };
            prop_assert!(!(total_shown && hidden == 1), "{} leaks a cell", key);
            let hidden_sum: u64 = shown.iter().filter(|(_, v)| *v == "[c]").map(|(k, _)| exact[k].as_u64().unwrap()).sum();
            let all_hidden = shown.values().all(|v| v == "[c]");
            prop_assert!(!total_shown || all_hidden || hidden_sum == 0 || hidden_sum + 1 >= hidden + 3, "{}: {} hidden cells add up to {}", key, hidden, hidden_sum);
            for (k, v) in shown {
                if let Some(n) = v.as_u64() {
                    prop_assert_eq!(Some(n), exact[k].as_u64());
                    prop_assert!(n == 0 || n >= 3, "{}: {} shown as {}", key, k, n);
                }
            }
        }
    }
}

/// Two shown counts whose difference is itself a count of cases (a total and one of its parts,
/// nested counts, two points of a running total): the pairs a reader could subtract.
fn subtractable_pairs(json: &serde_json::Value) -> Vec<(String, Option<u64>, Option<u64>)> {
    let n = |v: &serde_json::Value| v.as_u64();
    let mut pairs = vec![
        ("records − people".to_string(), n(&json["records"]), n(&json["distinct_subject_refs"])),
        ("people − 2 or more".into(), n(&json["distinct_subject_refs"]), n(&json["subjects_with_2_or_more_cases"])),
        ("2 or more − 3 or more".into(), n(&json["subjects_with_2_or_more_cases"]), n(&json["subjects_with_3_or_more_cases"])),
        ("3 or more − 4 or more".into(), n(&json["subjects_with_3_or_more_cases"]), n(&json["subjects_with_4_or_more_cases"])),
        ("records − in review".into(), n(&json["records"]), n(&json["reviews_in_review"])),
        ("in review − completed".into(), n(&json["reviews_in_review"]), n(&json["reviews_completed"])),
        ("completed − by target".into(), n(&json["reviews_completed"]), n(&json["reviews_completed_by_target"])),
    ];
    for (source, count) in json["cases_by_source"].as_object().into_iter().flatten() {
        pairs.push((format!("{source} − its other-force cases"), n(count), n(&json["other_force_cases_by_source"][source])));
    }
    // Every shown point of the running totals (weekly, monthly, the deadline) against every other.
    let mut points: Vec<u64> = ["reviews_completed_cumulative_by_week", "reviews_completed_cumulative_by_month"]
        .iter()
        .flat_map(|k| json[*k].as_object().into_iter().flatten().filter_map(|(_, v)| v.as_u64()))
        .collect();
    points.extend(n(&json["reviews_completed_by_target"]));
    points.extend(n(&json["reviews_completed"]));
    for (i, &a) in points.iter().enumerate() {
        for &b in &points[i + 1..] {
            pairs.push(("two points of the running total".into(), Some(a.max(b)), Some(a.min(b))));
        }
    }
    pairs
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// No two shown counts a reader could subtract differ by 1 to `min_cell_count - 1`, in any
    /// view (small views, with small differences, are the ones that matter).
    #[test]
    fn no_two_related_shown_counts_subtract_to_a_small_count(
        seed in any::<u64>(),
        category in 0usize..6,
        role in 0usize..3,
        from_year in 2004i32..2024,
        min in 2u32..6,
    ) {
        use scrutiny_core::model::Role;
        let cases = sample::demo_cases(seed);
        let table = CaseTable::new(&cases, sample::demo_as_of());
        let filter = Filter {
            categories: vec![AllegationCategory::ALL[category]],
            roles: if role == 0 { vec![] } else { vec![Role::ALL[role]] },
            from: chrono::NaiveDate::from_ymd_opt(from_year, 1, 1),
            ..Filter::default()
        };
        let a = table.aggregate(&filter, Some(sample::review_target()));
        let json = aggregates_json(&a, sample::demo_as_of(), Counts::Disclosed { min_cell_count: min });
        for (what, big, small) in subtractable_pairs(&json) {
            if let (Some(big), Some(small)) = (big, small) {
                let difference = big.abs_diff(small);
                prop_assert!(difference == 0 || difference >= u64::from(min), "{}: {} and {} differ by {}", what, big, small, difference);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// The block-and-partials re-filter gives exactly what aggregating the filtered cases
    /// directly gives.
    #[test]
    fn refilter_equals_aggregating_the_selected_cases(
        seed in 0u64..1_000,
        from_year in 1990i32..2026,
        span in 0i32..40,
        category_bits in 0u8..64,
        role_bits in 0u8..8,
        source_bits in 0u8..64,
        other_force_bits in 0u8..16,
    ) {
        use scrutiny_core::aggregate::aggregate;
        use scrutiny_core::model::{OtherForce, Role, Source};
        let cases = sample::demo_cases(seed);
        let as_of = sample::demo_as_of();
        let pick = |bits: u8, n: usize| (0..n).filter(|i| bits & (1 << i) != 0).collect::<Vec<_>>();
        let filter = Filter {
            from: chrono::NaiveDate::from_ymd_opt(from_year, 1, 1),
            to: chrono::NaiveDate::from_ymd_opt(from_year + span, 12, 31),
            categories: pick(category_bits, 6).into_iter().map(|i| AllegationCategory::ALL[i]).collect(),
            roles: pick(role_bits, 3).into_iter().map(|i| Role::ALL[i]).collect(),
            sources: pick(source_bits, 6).into_iter().map(|i| Source::ALL.get(i).copied()).collect(),
            other_forces: pick(other_force_bits, 4).into_iter().map(|i| OtherForce::ALL.get(i).copied()).collect(),
        };
        let selected: Vec<_> = cases
            .iter()
            .filter(|c| filter.from.is_none_or(|d| c.reported_date >= d) && filter.to.is_none_or(|d| c.reported_date <= d))
            .filter(|c| filter.categories.is_empty() || filter.categories.contains(&c.allegation_category))
            .filter(|c| filter.roles.is_empty() || filter.roles.contains(&c.role))
            .filter(|c| filter.sources.is_empty() || filter.sources.contains(&c.source))
            .filter(|c| filter.other_forces.is_empty() || filter.other_forces.contains(&c.other_force))
            .cloned()
            .collect();
        let target = Some(sample::review_target());
        let fast = CaseTable::new(&cases, as_of).aggregate(&filter, target);
        let direct = aggregate(&selected, as_of, target);
        // Week axes start at the first date in the data they were built from, so compare the
        // figures that do not depend on where an axis starts.
        prop_assert_eq!(fast.records, direct.records);
        prop_assert_eq!(fast.distinct_subjects, direct.distinct_subjects);
        prop_assert_eq!(fast.subjects_with_2_or_more_cases, direct.subjects_with_2_or_more_cases);
        prop_assert_eq!(fast.subjects_with_4_or_more_cases, direct.subjects_with_4_or_more_cases);
        prop_assert_eq!(&fast.earlier_case_outcomes_of_repeat_subjects, &direct.earlier_case_outcomes_of_repeat_subjects);
        prop_assert_eq!(&fast.cases_by_role, &direct.cases_by_role);
        prop_assert_eq!(&fast.cases_by_allegation_category, &direct.cases_by_allegation_category);
        prop_assert_eq!(&fast.cases_by_source, &direct.cases_by_source);
        prop_assert_eq!(&fast.other_force_cases_by_source, &direct.other_force_cases_by_source);
        prop_assert_eq!(&fast.review.status, &direct.review.status);
        prop_assert_eq!(&fast.review.result_of_completed, &direct.review.result_of_completed);
        prop_assert_eq!(fast.review.completed_by_target, direct.review.completed_by_target);
        prop_assert_eq!(fast.review.cumulative_by_week.last().map_or(0, |w| w.1), direct.review.cumulative_by_week.last().map_or(0, |w| w.1));
        prop_assert_eq!(fast.court.total, direct.court.total);
        prop_assert_eq!(fast.court.scheduled_after_as_of, direct.court.scheduled_after_as_of);
        prop_assert_eq!(&fast.court.by_offence_group, &direct.court.by_offence_group);
        prop_assert_eq!(&fast.court.charged_by_offence_group, &direct.court.charged_by_offence_group);
        prop_assert_eq!(&fast.outcomes, &direct.outcomes);
        prop_assert_eq!(fast.time_to_outcome, direct.time_to_outcome);
    }
}
