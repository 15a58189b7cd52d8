//! Fuzzes the whole gate: any bytes, as CSV and as JSON, must load or be refused, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let as_of = chrono::NaiveDate::from_ymd_opt(2024, 3, 31).unwrap_or_default();
    for name in ["cases.csv", "cases.json"] {
        let report = scrutiny_core::load_cases(data, name, as_of);
        // Counting invariants hold for every input.
        assert!(report.records.len() + report.rejected <= data.len() + 1);
        if report.refusal.is_some() {
            assert!(report.records.is_empty());
        }
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = scrutiny_core::DatasetMeta::from_json(text);
    }
});
