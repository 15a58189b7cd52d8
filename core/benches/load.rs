//! Load + validate throughput on generated CSV and JSON (every column filled).
//! Run: `cargo bench -p scrutiny-core --bench load` (RECORDS=100000 for a quicker run).
//! Target (issue 3): at least 200 MB/s native for CSV.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests and tools may panic on failure.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use scrutiny_core::{export, load_cases, sample};
use std::hint::black_box;

fn records() -> usize {
    std::env::var("RECORDS").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000)
}

fn bench_load(c: &mut Criterion) {
    let cases = sample::dense_cases(records(), 7);
    let as_of = sample::demo_as_of();
    let csv = export::to_csv(&cases).unwrap_or_default();
    let json = export::to_json(&cases);
    drop(cases);
    let mut group = c.benchmark_group("load_validate");
    group.sample_size(10);
    for (name, file, bytes) in [("csv", "cases.csv", csv.as_bytes()), ("json", "cases.json", json.as_bytes())] {
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(format!("{name}_{}_records", records()), |b| {
            b.iter(|| {
                let report = load_cases(black_box(bytes), file, as_of);
                assert_eq!(report.rejected, 0);
                report.records.len()
            });
        });
    }
    group.finish();
}

criterion_group!(benches, bench_load);
criterion_main!(benches);
