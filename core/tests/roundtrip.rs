//! Property tests: any record the sample generator writes round-trips through CSV and JSON
//! unchanged, including free text with delimiters, quotes and line breaks.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests and tools may panic on failure.

use proptest::prelude::*;
use scrutiny_core::{export, load_cases, sample};

fn as_of() -> chrono::NaiveDate {
    sample::demo_as_of()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn generated_records_round_trip(seed in any::<u64>()) {
        let cases = sample::demo_cases(seed);
        let csv = export::to_csv(&cases).unwrap();
        let from_csv = load_cases(csv.as_bytes(), "cases.csv", as_of());
        prop_assert_eq!(from_csv.rejected, 0);
        prop_assert!(from_csv.records == cases);
        let from_json = load_cases(export::to_json(&cases).as_bytes(), "cases.json", as_of());
        prop_assert!(from_json.records == cases);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn free_text_survives_both_containers(
        picks in proptest::collection::vec(0usize..4_000, 1..8),
        notes in proptest::collection::vec("x[a-zé ,;\"\\\\\n\r\t]{0,40}", 8),
    ) {
        let all = sample::demo_cases(sample::DEMO_SEED);
        let mut cases: Vec<_> = picks.iter().map(|&i| all[i % all.len()].clone()).collect();
        cases.sort_by_key(|c| c.case_id);
        cases.dedup_by(|a, b| a.case_id == b.case_id);
        for (case, note) in cases.iter_mut().zip(&notes) {
            case.notes = Some(note.clone());
        }
        // A subset of the demo: where each case stands among its subject's cases is re-derived.
        scrutiny_core::subjects::mark_subject_cases(&mut cases);
        let csv = export::to_csv(&cases).unwrap();
        let from_csv = load_cases(csv.as_bytes(), "cases.csv", as_of());
        prop_assert_eq!(&from_csv.refusal, &None);
        prop_assert_eq!(from_csv.records.clone(), cases.clone());
        let from_json = load_cases(export::to_json(&cases).as_bytes(), "cases.json", as_of());
        prop_assert_eq!(from_json.records, cases);
    }
}
