//! Re-filter latency: aggregating 1,000,000 records for a new filter from the prebuilt
//! columnar table (no re-parse). Target (issue 4): at most 5 ms native.
//! Run: `cargo bench -p scrutiny-core --bench refilter`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Benchmarks may panic on failure.

use criterion::{criterion_group, criterion_main, Criterion};
use scrutiny_core::aggregate::{CaseTable, Filter};
use scrutiny_core::model::{AllegationCategory, Role};
use scrutiny_core::sample;
use std::hint::black_box;

fn bench_refilter(c: &mut Criterion) {
    let records = std::env::var("RECORDS").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let cases = sample::dense_cases(records, 7);
    let table = CaseTable::new(&cases, sample::demo_as_of());
    drop(cases);
    let target = Some(sample::review_target());
    let mut group = c.benchmark_group("refilter");
    let filters = [
        ("all", Filter::default()),
        (
            "category_and_role",
            Filter { categories: vec![AllegationCategory::SexualOffence], roles: vec![Role::Officer], ..Filter::default() },
        ),
        (
            "date_range",
            Filter {
                from: chrono::NaiveDate::from_ymd_opt(2015, 1, 1),
                to: chrono::NaiveDate::from_ymd_opt(2018, 12, 31),
                ..Filter::default()
            },
        ),
        (
            // Mid-year ends: every block's first and last year segments are visited row by row.
            "date_range_mid_year",
            Filter {
                from: chrono::NaiveDate::from_ymd_opt(2015, 3, 17),
                to: chrono::NaiveDate::from_ymd_opt(2018, 8, 2),
                ..Filter::default()
            },
        ),
    ];
    for (name, filter) in filters {
        group.bench_function(format!("{name}_{records}_records"), |b| {
            b.iter(|| black_box(table.aggregate(black_box(&filter), target)).records);
        });
    }
    group.finish();
}

criterion_group!(benches, bench_refilter);
criterion_main!(benches);
