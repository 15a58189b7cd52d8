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
        let json = aggregates_json(&a, Counts::Disclosed { min_cell_count: 3 });
        let raw = aggregates_json(&a, Counts::Raw);
        for key in ["cases_by_source", "review_status", "review_result_of_completed_reviews", "criminal_outcome_of_charged_cases",
                    "proceedings", "misconduct_outcome", "misconduct_outcome_of_misconduct_cases", "court_appearances_per_iso_week"] {
            let shown = json[key].as_object().unwrap();
            let exact = raw[key].as_object().unwrap();
            let total: u64 = exact.values().map(|v| v.as_u64().unwrap()).sum();
            let hidden = shown.values().filter(|v| *v == "[c]").count();
            let total_shown = total == 0 || total >= 3;
            prop_assert!(!(total_shown && hidden == 1), "{} leaks a cell", key);
            for (k, v) in shown {
                if let Some(n) = v.as_u64() {
                    prop_assert_eq!(Some(n), exact[k].as_u64());
                    prop_assert!(n == 0 || n >= 3, "{}: {} shown as {}", key, k, n);
                }
            }
        }
    }
}
