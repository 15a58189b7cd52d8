//! Fuzzes the whole gate: any bytes, as CSV and as JSON, must load or be refused, never panic,
//! and read in chunks of any sizes (as a download's or a file's stream delivers them) must give
//! exactly the report read at once gives.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scrutiny_core::model::Schema;

fuzz_target!(|data: &[u8]| {
    let as_of = chrono::NaiveDate::from_ymd_opt(2024, 3, 31).unwrap_or_default();
    // The first byte picks how the rest is cut into chunks.
    let (seed, file) = data.split_first().map_or((0, data), |(seed, file)| (*seed, file));
    for (name, schema) in [("cases.csv", Schema::Extract), ("cases.csv", Schema::Release), ("cases.json", Schema::Extract), ("export", Schema::Extract)] {
        let report = scrutiny_core::load_cases_of(file, name, as_of, schema);
        // Counting invariants hold for every input.
        assert!(report.records.len() + report.rejected <= file.len() + 1);
        if report.refusal.is_some() {
            assert!(report.records.is_empty());
        }
        let mut stream = scrutiny_core::LoadStream::new(name, as_of, schema, None);
        let (mut rest, mut size) = (file, 1 + usize::from(seed));
        while !rest.is_empty() {
            let (chunk, after) = rest.split_at(size.min(rest.len()));
            stream.push(chunk);
            rest = after;
            size = (size * 7 + usize::from(seed)) % 97 + 1;
        }
        assert_eq!(stream.finish(), report, "{name} ({schema:?}) in chunks gave another report than at once");
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = scrutiny_core::DatasetMeta::from_json(text);
    }
});
